/**
 * The emulator's time. Service durations are given in emulated milliseconds; `speed` compresses
 * them (speed 60 plays a 30-minute teardown in 30 seconds), which is what the rehearsal uses.
 */
export class Clock {
  private readonly origin = Date.now();
  private offsetMs = 0;

  constructor(readonly speed = 1) {
    if (!(speed > 0)) throw new Error(`Clock speed must be positive, got ${speed}`);
  }

  /** Emulated epoch milliseconds. */
  now(): number {
    return this.origin + (Date.now() - this.origin) * this.speed + this.offsetMs;
  }

  /** Jumps emulated time forward (tests of long operations). */
  advance(ms: number): void {
    this.offsetMs += ms;
  }

  /** Real milliseconds that correspond to `emulatedMs`. */
  toRealMs(emulatedMs: number): number {
    return emulatedMs / this.speed;
  }
}
