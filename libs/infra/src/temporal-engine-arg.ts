import { parseArgs } from 'node:util';
import type { TemporalEngine } from './temporal-server';

/** `--engine dev|postgres` (the scripts' only option): which local Temporal server to run; dev when absent. */
export function parseEngineArg(argv: string[], usage: string): TemporalEngine {
  let engine: string | undefined;
  try {
    ({ engine } = parseArgs({ args: argv, options: { engine: { type: 'string' } }, strict: true, allowPositionals: false }).values);
  } catch (error) {
    throw new Error(`${(error as Error).message}\n${usage}`);
  }
  if (engine === undefined || engine === 'dev' || engine === 'postgres') return engine ?? 'dev';
  throw new Error(`--engine must be dev or postgres, not ${engine}\n${usage}`);
}
