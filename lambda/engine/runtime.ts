import { ClientFactory } from './clients';
import type { Operation } from './operation';
import { SecretStore } from './secrets';
import { SharedReads } from './shared-reads';

/**
 * Faults of recent events, kept by the execution environment (polls of one event usually reuse
 * it), so a poll cut off at the deadline can still name what went wrong before.
 */
export class RecentFaults {
  private readonly faults = new Map<string, string>();

  constructor(private readonly capacity = 100) {}

  remember(requestId: string | undefined, fault: string): void {
    if (!requestId) return;
    this.faults.delete(requestId);
    this.faults.set(requestId, fault);
    if (this.faults.size > this.capacity) this.faults.delete(this.faults.keys().next().value!);
  }

  get(requestId: string | undefined): string | undefined {
    return requestId ? this.faults.get(requestId) : undefined;
  }
}

/**
 * Everything the handler keeps between invocations in one execution environment: the AWS clients,
 * secrets already read, recent faults, and shared listings. The entry point creates one at load time and hands it
 * to every invocation; a test creates its own.
 */
export class HandlerRuntime {
  readonly clients: ClientFactory;
  readonly secrets: SecretStore;
  readonly faults = new RecentFaults();
  /** Listings shared by every resource this environment polls (bounds the API rate). */
  readonly sharedReads = new SharedReads();
  /** Loads an operation by resource type: a rollback's undo runs the inverse operation's step. */
  readonly loadOperation: (resourceType: string) => Promise<Operation<unknown>>;

  constructor(options: { readonly clients?: ClientFactory; readonly loadOperation?: (resourceType: string) => Promise<Operation<unknown>> } = {}) {
    this.clients = options.clients ?? new ClientFactory();
    this.secrets = new SecretStore(this.clients);
    this.loadOperation =
      options.loadOperation ??
      (async (resourceType) => {
        throw new Error(`This handler runtime loads no operations (asked for ${resourceType}); pass "loadOperation"`);
      });
  }
}
