import { LocalLambda } from '../harness/local-lambda';

interface Warm {
  readonly key: string;
  readonly lambda: LocalLambda;
}

/**
 * Warm handler processes, like Lambda execution environments: one per concurrent invocation
 * stream, reused afterwards. Each runs the bundle with the deployed function's environment.
 */
export class LambdaPool {
  private readonly idle: Warm[] = [];
  private readonly all: Warm[] = [];
  private readonly busy = new Map<LocalLambda, Warm>();

  async acquire(modulePath: string, environment: Record<string, string>, timeoutMs: number): Promise<LocalLambda> {
    const key = JSON.stringify([modulePath, environment, timeoutMs]);
    const index = this.idle.findIndex((w) => w.key === key);
    let warm = index >= 0 ? this.idle.splice(index, 1)[0] : undefined;
    if (!warm) {
      const lambda = new LocalLambda({ modulePath, environment, timeoutMs });
      await lambda.start();
      warm = { key, lambda };
      this.all.push(warm);
    }
    this.busy.set(warm.lambda, warm);
    return warm.lambda;
  }

  release(lambda: LocalLambda): void {
    const warm = this.busy.get(lambda);
    if (!warm) return;
    this.busy.delete(lambda);
    this.idle.push(warm);
  }

  /** Everything the handler processes wrote. */
  output(): string {
    return this.all.map((w) => w.lambda.output()).join('');
  }

  async stop(): Promise<void> {
    await Promise.all(this.all.map((w) => w.lambda.stop()));
  }
}
