import { TestWorkflowEnvironment } from '@temporalio/testing';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ALL_SEARCH_ATTRIBUTES } from '../../temporal/src/search-attributes';
import { writeGuardedExecutable } from './guarded-executable';
import { resolveTemporalCli } from './temporal-cli';
import { devServerDynamicConfigArgs, LATENCY_DYNAMIC_CONFIG, type DynamicConfigValues } from './temporal-dynamic-config';

export interface LocalTemporalOptions {
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

export interface LocalTemporal {
  env: TestWorkflowEnvironment;
  address: string;
  uiUrl?: string;
}

/**
 * Starts `temporal server start-dev` with Switchboard's search attributes
 * registered. The SDK owns the child process (readiness, shutdown); we choose
 * the binary and flags, and run it guarded: it stops within a few seconds of
 * this process ending, however that ends. (A CLI the SDK downloads itself is
 * not guarded: the SDK picks its path.)
 */
export async function startLocalTemporal(options: LocalTemporalOptions = {}): Promise<LocalTemporal> {
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

function startDevServer(executable: string | undefined, options: LocalTemporalOptions): Promise<TestWorkflowEnvironment> {
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
