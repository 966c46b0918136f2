import { parseArgs } from 'node:util';
import type { TemporalEngine } from './temporal-server';

export function isTemporalEngine(value: string): value is TemporalEngine {
  return value === 'dev' || value === 'postgres';
}

/** A parsed `--engine` value: which local Temporal server to run; dev when absent. */
export function engineFromArg(value: string | undefined, usage: string): TemporalEngine {
  if (value === undefined) return 'dev';
  if (isTemporalEngine(value)) return value;
  throw new Error(`--engine must be dev or postgres, not ${value}\n${usage}`);
}

/** `--engine dev|postgres` (the scripts' only option). */
export function parseEngineArg(argv: string[], usage: string): TemporalEngine {
  let engine: string | undefined;
  try {
    ({ engine } = parseArgs({ args: argv, options: { engine: { type: 'string' } }, strict: true, allowPositionals: false }).values);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${usage}`);
  }
  return engineFromArg(engine, usage);
}
