/** Nearest-rank percentile of latencies in ms. */
export function percentile(samples: readonly number[], p: number): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = Math.max(Math.ceil((p / 100) * sorted.length) - 1, 0);
  return round(sorted[rank] ?? NaN);
}

export const round = (n: number, digits = 2) => Number(n.toFixed(digits));

export async function elapsedMs(run: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await run();
  return Number(process.hrtime.bigint() - started) / 1e6;
}

export async function timeEach(count: number, run: (i: number) => Promise<unknown>): Promise<number[]> {
  const samples: number[] = [];
  for (let i = 0; i < count; i++) samples.push(await elapsedMs(() => run(i)));
  return samples;
}
