import { type Invocation, LocalLambda, type LocalLambdaOptions } from './local-lambda';

/** What the ProviderDriver needs of a function: invoke it. */
export interface Invokable {
  invoke<T>(handler: string, event: unknown): Promise<Invocation<T>>;
}

export interface EnvironmentPoolOptions extends LocalLambdaOptions {
  /**
   * The most environments at once: the function's concurrency. An invocation arriving while all
   * are busy at this size waits for one to free up (where Lambda would throttle and the caller retry).
   * @default 64
   */
  readonly maxEnvironments?: number;
}

/**
 * One Lambda function as its execution environments: an invocation goes to an idle environment
 * (the most recently used first), or to a new one when every environment is busy, as Lambda scales
 * with concurrency. Each environment is a LocalLambda (one process, one invocation at a time), so
 * what a handler keeps in memory is shared only by the invocations that land in that environment.
 */
export class EnvironmentPool implements Invokable {
  private readonly idle: LocalLambda[] = [];
  private readonly all: LocalLambda[] = [];
  private readonly waiting: Array<(lambda: LocalLambda) => void> = [];
  private starting = 0;
  private busy = 0;
  private peakBusy = 0;
  private queued = 0;

  constructor(private readonly options: EnvironmentPoolOptions) {}

  async invoke<T>(handler: string, event: unknown): Promise<Invocation<T>> {
    const lambda = await this.acquire();
    try {
      return await lambda.invoke<T>(handler, event);
    } finally {
      this.release(lambda);
    }
  }

  /** Environments started so far, and the most invocations that ran at once. */
  stats(): { environments: number; peakConcurrency: number; queuedInvocations: number } {
    return { environments: this.all.length, peakConcurrency: this.peakBusy, queuedInvocations: this.queued };
  }

  output(): string {
    return this.all.map((l) => l.output()).join('');
  }

  async stop(): Promise<void> {
    await Promise.all(this.all.map((l) => l.stop()));
  }

  private async acquire(): Promise<LocalLambda> {
    let lambda = this.idle.pop();
    if (!lambda && this.all.length + this.starting < (this.options.maxEnvironments ?? 64)) {
      // A cold start: the invocation waits for the new environment to load the handler.
      this.starting += 1;
      try {
        lambda = new LocalLambda(this.options);
        await lambda.start();
        this.all.push(lambda);
      } finally {
        this.starting -= 1;
      }
    }
    if (!lambda) {
      this.queued += 1;
      lambda = await new Promise<LocalLambda>((resolve) => this.waiting.push(resolve));
    }
    this.busy += 1;
    this.peakBusy = Math.max(this.peakBusy, this.busy);
    return lambda;
  }

  private release(lambda: LocalLambda): void {
    this.busy -= 1;
    const next = this.waiting.shift();
    if (next) next(lambda);
    else this.idle.push(lambda);
  }
}
