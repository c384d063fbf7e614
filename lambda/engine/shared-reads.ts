import { pollIntervalMs } from './deadline';

/**
 * Set only by `npm run bench` to measure the previous design (every resource reads its own target
 * at every poll) next to this one in the same run. Never set by the constructs.
 */
export const PER_RESOURCE_READS_ENV = 'CUTOVER_BENCH_PER_RESOURCE_READS';

/**
 * A listing serving this many targets or fewer is renewed every poll interval, so a resource
 * alone in its environment sees what a read of its own would (the detection delay of a single
 * operation is unchanged). Beyond it the listing may grow older, up to MAX_AGE_INTERVALS.
 */
const TARGETS_PER_INTERVAL_OF_AGE = 10;
/** The oldest a listing may be, in poll intervals: the typical detection delay grows by half of it at most. */
const MAX_AGE_INTERVALS = 3;

interface Listing {
  /** When the listing was requested (epoch ms): its age counts from here, not from its answer. */
  readonly requestedAt: number;
  readonly items: Promise<ReadonlyMap<string, unknown>>;
  /** Targets it has answered for: the more it serves, the longer it may be kept. */
  readonly served: Set<string>;
  /** Targets asked for since it was requested: a renewal is worth it only when they outnumber its pages. */
  readonly asked: Set<string>;
  /** Calls it took (one per page), known once it answered. */
  pages?: number;
}

/**
 * Listings of a service's targets shared by every resource this execution environment polls.
 *
 * Each waiting resource used to read its own target at every poll, so N resources made N reads per
 * poll interval against an account-wide quota (DMS: 100 at once, 4 per second). The Describe
 * actions are unscoped, so one paginated listing answers for every target of that service in that
 * place. A poll takes its target from the environment's listing when it is recent enough, or
 * requests a new one (joining one already in flight). How recent: one poll interval while the
 * listing serves up to 10 targets, up to three intervals as it serves more. An environment thus
 * makes at most one listing per interval and place, and fewer the more resources share it; and
 * where a listing takes more pages than targets ask for it (many tasks, few waiting), the targets
 * are read one by one as before.
 *
 * Listings are keyed by the client object, which the ClientFactory makes once per (service,
 * region, assumed role): a listing only answers for targets where its client looks. A listing
 * requested before the event began (`notBefore`) is never used: a poll never reads a state older
 * than the request its event made.
 */
export class SharedReads {
  private readonly listings = new WeakMap<object, Map<string, Listing>>();

  constructor(
    private readonly intervalMs: () => number = pollIntervalMs,
    private readonly enabled: boolean = process.env[PER_RESOURCE_READS_ENV] !== '1',
  ) {}

  /**
   * The item `id` of the listing `kind` made with `client`: `{ item }` when listed, undefined when
   * the listing does not hold it (the caller then reads that one target directly: it may have been
   * created after the listing, or be gone, and only a direct read may say so). Listing errors are
   * thrown to the caller (the engine treats throttling as a transient fault) and are not kept.
   */
  async find<T>(
    client: object,
    kind: string,
    id: string,
    notBefore: number,
    list: () => Promise<ReadonlyMap<string, T>>,
    /** Items per page of the listing, to tell what it costs. */
    pageSize = 100,
  ): Promise<{ item: T } | undefined> {
    if (!this.enabled) return undefined;
    let byKind = this.listings.get(client);
    if (!byKind) {
      byKind = new Map();
      this.listings.set(client, byKind);
    }
    const now = Date.now();
    let listing = byKind.get(kind);
    listing?.asked.add(id);
    if (!listing || listing.requestedAt < notBefore || now - listing.requestedAt >= this.maxAgeMs(listing)) {
      // A listing of many pages serving few targets costs more than reading them one by one (an
      // account with hundreds of tasks and one waiting operation): read directly until enough ask.
      if (listing?.pages !== undefined && listing.asked.size < listing.pages) return undefined;
      const fresh: Listing = { requestedAt: now, items: list(), served: new Set(listing?.served), asked: new Set([id]) };
      listing = fresh;
      byKind.set(kind, fresh);
      // A failed listing is forgotten, so the next poll asks again.
      fresh.items.then(
        (items) => (fresh.pages = Math.max(1, Math.ceil(items.size / pageSize))),
        () => (byKind!.get(kind) === fresh ? byKind!.delete(kind) : undefined),
      );
    }
    const items = (await listing.items) as ReadonlyMap<string, T>;
    if (!items.has(id)) return undefined;
    listing.served.add(id);
    return { item: items.get(id)! };
  }

  /**
   * On a poll, the target as the environment's listing shows it; undefined on a first call (it
   * reads directly, before it acts) and when the listing does not hold the target. A listing
   * requested before the event's first call (`startedAt`, carried across polls) is never used.
   */
  async onPoll<T>(
    context: { readonly firstCall: boolean; readonly startedAt: number },
    client: object,
    kind: string,
    id: string,
    list: () => Promise<ReadonlyMap<string, T>>,
    pageSize?: number,
  ): Promise<T | undefined> {
    if (context.firstCall) return undefined;
    return (await this.find(client, kind, id, context.startedAt, list, pageSize))?.item;
  }

  private maxAgeMs(listing: Listing): number {
    const intervals = Math.min(MAX_AGE_INTERVALS, Math.max(1, listing.served.size / TARGETS_PER_INTERVAL_OF_AGE));
    return intervals * this.intervalMs();
  }
}
