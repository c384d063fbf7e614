import type { Clock } from './clock';
import type { Caller } from './identity';
import type { CallRecord } from './types';

/** A token bucket: `burst` requests at once, refilled at `perSecond` (emulated seconds). */
export interface RateLimit {
  readonly burst: number;
  readonly perSecond: number;
}

/** Rate quotas per emulated service name ("dms", "rds", "sts", "cloudwatch"…). */
export type RateLimits = Readonly<Partial<Record<string, RateLimit>>>;

/**
 * The published quotas, per account per Region: DMS "a token bucket of 100 tokens refilled at 4 per
 * second" (DMS User Guide, CHAP_Limits; a newer table says 200 and 8/s: the lower figure is kept),
 * RDS "up to 300 requests in a burst and a sustained 12 requests per second" (RDS User Guide,
 * rds-api-throttling). DRS, STS, CloudFormation and CloudWatch publish no figure used here.
 */
export const DOCUMENTED_RATE_LIMITS: RateLimits = {
  dms: { burst: 100, perSecond: 4 },
  rds: { burst: 300, perSecond: 12 },
};

interface Bucket {
  tokens: number;
  refilledAt: number;
}

/**
 * AWS API request quotas: one token bucket per (account, region, service), as DMS and RDS document
 * theirs ("per account per Region"). Buckets refill on the emulator clock, so `clock.advance`
 * refills them deterministically and a sped-up rehearsal keeps the quota's emulated rate.
 */
export class RateLimiter {
  private readonly buckets = new Map<string, Bucket>();

  constructor(
    private readonly clock: Clock,
    private readonly limits: RateLimits = {},
  ) {
    for (const [service, limit] of Object.entries(limits)) {
      if (!limit || !(limit.burst >= 1) || !(limit.perSecond > 0)) {
        throw new Error(`rateLimits.${service} needs burst >= 1 and perSecond > 0, got ${JSON.stringify(limit)}`);
      }
    }
  }

  /** Takes a token for this call; false when the caller's bucket is empty (the call is throttled). */
  admit(service: string, caller: Caller): boolean {
    const limit = this.limits[service];
    if (!limit) return true;
    const key = `${caller.account}|${caller.region}|${service}`;
    const now = this.clock.now();
    const bucket = this.buckets.get(key) ?? { tokens: limit.burst, refilledAt: now };
    bucket.tokens = Math.min(limit.burst, bucket.tokens + ((now - bucket.refilledAt) / 1000) * limit.perSecond);
    bucket.refilledAt = now;
    this.buckets.set(key, bucket);
    if (bucket.tokens < 1) return false;
    bucket.tokens -= 1;
    return true;
  }
}

/** What a benchmark reads about one service's traffic. */
export interface TrafficStats {
  readonly calls: number;
  /** Calls the rate quota refused. */
  readonly throttled: number;
  /** The most calls in any one emulated second. */
  readonly peakPerSecond: number;
  /** Calls per emulated second over the window (or from the first to the last call). */
  readonly averagePerSecond: number;
}

/** Traffic statistics over call records (those of one service, optionally within [fromMs, toMs)). */
export function trafficStats(calls: readonly CallRecord[], window: { fromMs?: number; toMs?: number } = {}): TrafficStats {
  const inWindow = calls.filter((c) => (window.fromMs === undefined || c.at >= window.fromMs) && (window.toMs === undefined || c.at < window.toMs));
  const perSecond = new Map<number, number>();
  for (const call of inWindow) perSecond.set(Math.floor(call.at / 1000), (perSecond.get(Math.floor(call.at / 1000)) ?? 0) + 1);
  const from = window.fromMs ?? inWindow[0]?.at ?? 0;
  const to = window.toMs ?? inWindow[inWindow.length - 1]?.at ?? from;
  const seconds = Math.max(1, (to - from) / 1000);
  return {
    calls: inWindow.length,
    throttled: inWindow.filter((c) => c.rateLimited).length,
    peakPerSecond: Math.max(0, ...perSecond.values()),
    averagePerSecond: inWindow.length / seconds,
  };
}
