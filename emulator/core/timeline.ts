/** A change a resource will undergo at an emulated time, unless something replaces its schedule. */
export interface ScheduledChange<S> {
  readonly at: number;
  /** The new state, or null when the resource disappears. */
  readonly apply: (current: S) => S | null;
}

/**
 * A resource with a state and a schedule of future changes. Reading it applies every change whose
 * time has come, so state machines advance lazily with the clock and need no timers.
 */
export class Timeline<S> {
  private schedule: ScheduledChange<S>[] = [];
  private gone = false;

  constructor(private current: S) {}

  /** The state at emulated time `now`, or undefined once the resource is gone. */
  read(now: number): S | undefined {
    this.schedule.sort((a, b) => a.at - b.at);
    while (!this.gone && this.schedule.length > 0 && this.schedule[0].at <= now) {
      const change = this.schedule.shift()!;
      const next = change.apply(this.current);
      if (next === null) this.gone = true;
      else this.current = next;
    }
    return this.gone ? undefined : this.current;
  }

  /** Replaces the state now and drops the old schedule (a new transition supersedes it). */
  set(state: S): void {
    this.current = state;
    this.schedule = [];
  }

  /** Adds a change at emulated time `at`. */
  at(at: number, apply: (current: S) => S | null): this {
    this.schedule.push({ at, apply });
    return this;
  }

  /** Removes the resource at once. */
  remove(): void {
    this.gone = true;
    this.schedule = [];
  }
}
