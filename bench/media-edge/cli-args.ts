export interface BenchArgs {
  calls: number;
  seconds: number;
}

const USAGE = 'usage: npm run bench:media -- --calls N --seconds S   (N: 1…1000 concurrent calls, S: 5…900 s measured)';
const LIMITS: Record<keyof BenchArgs, { min: number; max: number }> = {
  calls: { min: 1, max: 1000 },
  seconds: { min: 5, max: 900 },
};

export class UsageError extends Error {
  constructor(problem: string) {
    super(`${problem}\n${USAGE}`);
  }
}

/** Exactly `--calls N --seconds S`, in either order, each once, integers within {@link LIMITS}. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const given: Partial<BenchArgs> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    const name = flag.startsWith('--') ? flag.slice(2) : '';
    if (!isArgName(name)) throw new UsageError(`unknown argument: ${flag}`);
    if (given[name] !== undefined) throw new UsageError(`${flag} given twice`);
    const text = argv[i + 1];
    if (text === undefined) throw new UsageError(`${flag} needs a value`);
    const value = Number(text);
    const { min, max } = LIMITS[name];
    if (!/^\d+$/.test(text) || value < min || value > max) throw new UsageError(`${flag} must be an integer from ${min} to ${max}, not ${text}`);
    given[name] = value;
  }
  if (given.calls === undefined || given.seconds === undefined) throw new UsageError('both --calls and --seconds are required');
  return { calls: given.calls, seconds: given.seconds };
}

function isArgName(name: string): name is keyof BenchArgs {
  return Object.hasOwn(LIMITS, name);
}
