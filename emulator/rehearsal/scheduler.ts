/** A unit of work that may start once the jobs it comes after have succeeded. */
export interface Job {
  readonly id: string;
  /** Ids of jobs that must succeed first (ids not in the list are ignored). */
  readonly after: readonly string[];
  /** Runs the job; resolves false when it failed. */
  run(): Promise<boolean>;
  /** Records that the job never started. */
  skip(): void;
}

/**
 * Runs jobs as CloudFormation works through a stack: each starts as soon as the jobs it comes
 * after have succeeded, up to `parallel` at once. After a failure nothing new starts; what is
 * running finishes, and the rest is skipped. Resolves true when every job succeeded.
 */
export async function runInOrder(jobs: readonly Job[], parallel: number): Promise<boolean> {
  const ids = new Set(jobs.map((j) => j.id));
  const done = new Set<string>();
  const pending = [...jobs];
  const running = new Map<string, Promise<void>>();
  let failed = false;

  while (pending.length > 0 || running.size > 0) {
    if (!failed) {
      for (const job of [...pending]) {
        if (running.size >= parallel) break;
        if (!job.after.every((id) => done.has(id) || !ids.has(id))) continue;
        pending.splice(pending.indexOf(job), 1);
        running.set(
          job.id,
          job.run().then(
            (ok) => {
              running.delete(job.id);
              if (ok) done.add(job.id);
              else failed = true;
            },
            (error: unknown) => {
              running.delete(job.id);
              failed = true;
              throw error;
            },
          ),
        );
      }
    }
    if (running.size === 0) {
      // Nothing can start: a failure stopped the phase (or the remaining jobs wait on each other).
      if (!failed && pending.length > 0) throw new Error(`Resources ${pending.map((j) => j.id).join(', ')} wait on each other in a cycle`);
      break;
    }
    await Promise.race(running.values());
  }
  for (const job of pending) job.skip();
  return !failed;
}
