import { TestWorkflowEnvironment } from '@temporalio/testing';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { ALL_SEARCH_ATTRIBUTES } from '../../temporal/src/search-attributes';
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
 * registered. The SDK owns the child process (readiness, shutdown); we only
 * choose the binary and flags.
 */
export async function startLocalTemporal(options: LocalTemporalOptions = {}): Promise<LocalTemporal> {
  const cliPath = resolveTemporalCli(options.log);
  if (options.dbFilename) mkdirSync(path.dirname(options.dbFilename), { recursive: true });
  const env = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: cliPath ? { type: 'existing-path', path: cliPath } : undefined,
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
  return {
    env,
    address: env.address,
    uiUrl: options.uiPort !== undefined ? `http://127.0.0.1:${options.uiPort}` : undefined,
  };
}
