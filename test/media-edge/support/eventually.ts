const POLL_MS = 10;

type Truthy<T> = Exclude<T, false | 0 | '' | null | undefined>;

/**
 * Resolves with the first truthy value `probe` returns, probing every 10 ms (or `intervalMs`):
 * for state with no event to wait on (simulator records, workflow queries,
 * metrics). Fails with what was awaited after `timeoutMs`.
 */
export async function eventually<T>(what: string, probe: () => T | Promise<T>, timeoutMs = 15_000, intervalMs = POLL_MS): Promise<Truthy<T>> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value as Truthy<T>;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}${lastError ? ` (last error: ${String(lastError)})` : ''}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
