import { TestWorkflowEnvironment } from '@temporalio/testing';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ALL_SEARCH_ATTRIBUTES } from '../../temporal/src/search-attributes';
import { writeGuardedExecutable } from './guarded-executable';
import { resolveTemporalCli } from './temporal-cli';
import { devServerDynamicConfigArgs, LATENCY_DYNAMIC_CONFIG, type DynamicConfigValues } from './temporal-dynamic-config';
import { startPostgresTemporal, type PostgresTemporal, type PostgresTemporalOptions } from './temporal-postgres';

/** The Temporal CLI's dev server (one SQLite shard): tests, the demo, the stack by default. */
export interface DevServerOptions {
  engine?: 'dev';
  /** gRPC port; a free one when omitted. */
  port?: number;
  /** Serve the Web UI on this port (the admin's window into every call). */
  uiPort?: number;
  /** SQLite file to keep history across restarts; in-memory when omitted. */
  dbFilename?: string;
  log?: (line: string) => void;
  /** Dynamic config; the latency settings when omitted (bench:temporal compares others). */
  dynamicConfig?: DynamicConfigValues;
  /** Serve the server's Prometheus metrics on this port; a random one when omitted. */
  metricsPort?: number;
}

export type TemporalEngine = 'dev' | 'postgres';
export type LocalTemporalOptions = DevServerOptions | (PostgresTemporalOptions & { engine: 'postgres' });

export interface LocalTemporal {
  env: TestWorkflowEnvironment;
  address: string;
  uiUrl?: string;
  /** Closes the connections and stops the server. */
  stop(): Promise<void>;
}

/**
 * A local Temporal server with the `default` namespace and Switchboard's
 * search attributes: the dev server by default, or with `engine: 'postgres'`
 * the production server on the local PostgreSQL (temporal-postgres.ts), which
 * can also be stopped and started again on the same databases.
 */
export function startLocalTemporal(options: PostgresTemporalOptions & { engine: 'postgres' }): Promise<PostgresTemporal>;
export function startLocalTemporal(options?: LocalTemporalOptions): Promise<LocalTemporal>;
export function startLocalTemporal(options: LocalTemporalOptions = {}): Promise<LocalTemporal> {
  return options.engine === 'postgres' ? startPostgresTemporal(options) : startDevTemporal(options);
}

/**
 * Starts `temporal server start-dev` with Switchboard's search attributes
 * registered. The SDK owns the child process (readiness, shutdown); we choose
 * the binary and flags, and run it guarded: it stops within a few seconds of
 * this process ending, however that ends. (A CLI the SDK downloads itself is
 * not guarded: the SDK picks its path.)
 */
async function startDevTemporal(options: DevServerOptions): Promise<LocalTemporal> {
  const cliPath = resolveTemporalCli(options.log);
  if (options.dbFilename) mkdirSync(path.dirname(options.dbFilename), { recursive: true });
  // The guard script is only read when the SDK spawns it.
  const guardDir = mkdtempSync(path.join(tmpdir(), 'temporal-guard-'));
  try {
    const executable = cliPath && writeGuardedExecutable(cliPath, guardDir);
    const env = await retryStartupTimeouts(() => startDevServer(executable, options), options.log);
    return {
      env,
      address: env.address,
      uiUrl: options.uiPort !== undefined ? `http://127.0.0.1:${options.uiPort}` : undefined,
      stop: () => env.teardown(),
    };
  } finally {
    rmSync(guardDir, { recursive: true, force: true });
  }
}

/** The SDK gives the dev server 5 s to answer, which a busy machine can miss: it then kills it, and we try again. */
const START_ATTEMPTS = 3;

async function retryStartupTimeouts<T>(start: () => Promise<T>, log: (line: string) => void = () => undefined): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      if (attempt === START_ATTEMPTS || !/did not start within/.test(String(error))) throw error;
      log(`the Temporal dev server was slow to start (attempt ${attempt} of ${START_ATTEMPTS}): trying again`);
    }
  }
}

function startDevServer(executable: string | undefined, options: DevServerOptions): Promise<TestWorkflowEnvironment> {
  return TestWorkflowEnvironment.createLocal({
    server: {
      executable: executable ? { type: 'existing-path', path: executable } : undefined,
      ip: '127.0.0.1',
      port: options.port,
      ui: options.uiPort !== undefined,
      uiPort: options.uiPort,
      dbFilename: options.dbFilename,
      searchAttributes: ALL_SEARCH_ATTRIBUTES,
      extraArgs: [
        '--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=OFF',
        ...devServerDynamicConfigArgs(options.dynamicConfig ?? LATENCY_DYNAMIC_CONFIG),
        ...(options.metricsPort !== undefined ? ['--metrics-port', String(options.metricsPort)] : []),
      ],
    },
  });
}
