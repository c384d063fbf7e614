import { ChildProcess, fork } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export interface LocalLambdaOptions {
  /** The handler module file, e.g. assets/handler/index.mjs (or the asset folder of a cloud assembly). */
  readonly modulePath: string;
  /** Environment of the function (endpoint variables, region, credentials…). */
  readonly environment?: Record<string, string>;
  /** Like the function's timeout: an invocation running longer fails as "Task timed out". @default 120000 */
  readonly timeoutMs?: number;
}

export interface Invocation<T> {
  readonly ok: boolean;
  readonly result?: T;
  readonly error?: { readonly name: string; readonly message: string };
  readonly durationMs: number;
  /** Promise rejections nobody handled during the invocation (the Lambda runtime would crash on them). */
  readonly unhandledRejections: readonly string[];
}

interface ChildMessage {
  id?: number;
  ready?: boolean;
  ok?: boolean;
  result?: unknown;
  error?: { name: string; message: string };
  durationMs?: number;
  unhandled?: string[];
  loadMs?: number;
}

/**
 * Runs a handler bundle in its own Node process, like one warm Lambda execution environment:
 * the module is loaded once, invocations reuse it, stdout/stderr (the function's logs) are captured.
 */
export class LocalLambda {
  private child?: ChildProcess;
  private nextId = 1;
  private readonly pending = new Map<number, (message: ChildMessage) => void>();
  private logs = '';
  private exitError?: Error;

  constructor(private readonly options: LocalLambdaOptions) {
    if (!existsSync(options.modulePath)) {
      throw new Error(`Handler module ${options.modulePath} does not exist; run "npm run build" first`);
    }
  }

  /** Starts the process and loads the module; resolves with the module load time in ms. */
  async start(): Promise<number> {
    const child = fork(join(__dirname, 'lambda-child.mjs'), [], {
      env: { PATH: process.env.PATH ?? '', ...this.options.environment, CUTOVER_HANDLER_MODULE: this.options.modulePath },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.child = child;
    child.stdout!.on('data', (chunk: Buffer) => (this.logs += chunk.toString('utf8')));
    child.stderr!.on('data', (chunk: Buffer) => (this.logs += chunk.toString('utf8')));
    const ready = new Promise<number>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`Handler process exited (${code}) before it was ready:\n${this.logs}`)));
      child.on('message', (message: ChildMessage) => {
        if (message.ready) resolve(message.loadMs ?? 0);
        else if (message.id !== undefined) this.pending.get(message.id)?.(message);
      });
    });
    child.on('exit', (code, signal) => {
      this.exitError = new Error(`Handler process exited (${code ?? signal})`);
      for (const settle of this.pending.values()) settle({ ok: false, error: { name: 'Runtime.ExitError', message: this.exitError.message } });
      this.pending.clear();
    });
    return ready;
  }

  /** Invokes an exported handler with an event, as the Lambda service would. */
  async invoke<T>(handler: string, event: unknown): Promise<Invocation<T>> {
    if (!this.child) await this.start();
    if (this.exitError) throw this.exitError;
    const id = this.nextId++;
    const timeoutMs = this.options.timeoutMs ?? 120_000;
    return new Promise<Invocation<T>>((resolve) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        // The Lambda service would freeze and then recycle the environment.
        this.restart();
        resolve({ ok: false, error: { name: 'Sandbox.Timedout', message: `Task timed out after ${timeoutMs / 1000} seconds` }, durationMs: timeoutMs, unhandledRejections: [] });
      }, timeoutMs);
      this.pending.set(id, (message) => {
        clearTimeout(timer);
        this.pending.delete(id);
        resolve({
          ok: !!message.ok,
          result: message.result as T,
          error: message.error,
          durationMs: message.durationMs ?? 0,
          unhandledRejections: message.unhandled ?? [],
        });
      });
      this.child!.send({ id, handler, event });
    });
  }

  /** Everything the function wrote to stdout and stderr so far. */
  output(): string {
    return this.logs;
  }

  clearOutput(): void {
    this.logs = '';
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    if (!child || child.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill();
    });
  }

  private restart(): void {
    const child = this.child;
    this.child = undefined;
    this.exitError = undefined;
    child?.removeAllListeners('exit');
    child?.kill();
  }
}
