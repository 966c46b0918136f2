import { setTimeout as sleep } from 'node:timers/promises';

/** True if `promise` resolves within `timeoutMs`, false if not (its rejection is rethrown). */
export async function settlesWithin(promise: Promise<unknown>, timeoutMs: number): Promise<boolean> {
  const timeout = new AbortController();
  try {
    return await Promise.race([promise.then(() => true), sleep(timeoutMs, false, { signal: timeout.signal })]);
  } finally {
    timeout.abort();
  }
}
