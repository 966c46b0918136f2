import { isTemporalEngine } from '../../libs/infra/src/temporal-engine-arg';
import type { TemporalEngine } from '../../libs/infra/src/temporal-server';

export interface BenchArgs {
  calls: number;
  seconds: number;
  /** Which local Temporal server the calls' workflows run on; dev when not given. */
  engine: TemporalEngine;
}

type CountArg = 'calls' | 'seconds';

const USAGE = 'usage: npm run bench:media -- --calls N --seconds S [--engine dev|postgres]   (N: 1…1000 concurrent calls, S: 5…900 s measured)';
const LIMITS: Record<CountArg, { min: number; max: number }> = {
  calls: { min: 1, max: 1000 },
  seconds: { min: 5, max: 900 },
};

export class UsageError extends Error {
  constructor(problem: string) {
    super(`${problem}\n${USAGE}`);
  }
}

/** Exactly `--calls N --seconds S` and optionally `--engine E`, in any order, each once; counts are integers within {@link LIMITS}. */
export function parseBenchArgs(argv: readonly string[]): BenchArgs {
  const given: Partial<BenchArgs> = {};
  for (let i = 0; i < argv.length; i += 2) {
    const flag = argv[i];
    const name = flag.startsWith('--') ? flag.slice(2) : '';
    if (name !== 'engine' && !isCountArg(name)) throw new UsageError(`unknown argument: ${flag}`);
    if (given[name] !== undefined) throw new UsageError(`${flag} given twice`);
    const text = argv[i + 1];
    if (text === undefined) throw new UsageError(`${flag} needs a value`);
    if (name === 'engine') {
      if (!isTemporalEngine(text)) throw new UsageError(`--engine must be dev or postgres, not ${text}`);
      given.engine = text;
      continue;
    }
    const value = Number(text);
    const { min, max } = LIMITS[name];
    if (!/^\d+$/.test(text) || value < min || value > max) throw new UsageError(`${flag} must be an integer from ${min} to ${max}, not ${text}`);
    given[name] = value;
  }
  if (given.calls === undefined || given.seconds === undefined) throw new UsageError('both --calls and --seconds are required');
  return { calls: given.calls, seconds: given.seconds, engine: given.engine ?? 'dev' };
}

function isCountArg(name: string): name is CountArg {
  return Object.hasOwn(LIMITS, name);
}
