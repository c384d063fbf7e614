import { DEFAULT_POLL_INTERVAL_SECONDS, POLL_INTERVAL_ENV } from '../../contract';

/** The Provider's poll interval, as the construct tells the handler. */
export function pollIntervalMs(): number {
  const configured = Number(process.env[POLL_INTERVAL_ENV]);
  return (Number.isFinite(configured) && configured > 0 ? configured : DEFAULT_POLL_INTERVAL_SECONDS) * 1000;
}

/** The work's result, or undefined when it has not answered by `deadlineMs` (epoch ms). */
export async function withinDeadline<T>(work: Promise<T>, deadlineMs: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<undefined>((resolve) => {
    timer = setTimeout(() => resolve(undefined), Math.max(0, deadlineMs - Date.now()));
  });
  try {
    return await Promise.race([work, expired]);
  } finally {
    clearTimeout(timer);
    // A call still in flight is abandoned; its outcome no longer matters.
    work.catch(() => undefined);
  }
}
