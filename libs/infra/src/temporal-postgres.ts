import { TestWorkflowEnvironment } from '@temporalio/testing';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import { ALL_SEARCH_ATTRIBUTES } from '../../temporal/src/search-attributes';
import { freeLoopbackPort } from './app-process';
import { dropDatabase, LOCAL_POSTGRES_URL } from './database';
import { writeGuardedExecutable } from './guarded-executable';
import { resolveTemporalCli } from './temporal-cli';
import { renderDynamicConfigYaml, type DynamicConfigValues } from './temporal-dynamic-config';
import { resolveTemporalServer } from './temporal-server-build';
import type { LocalTemporal } from './temporal-server';
import { TemporalServerProcess } from './temporal-server-process';

const execFileAsync = promisify(execFile);
const DEPLOY_DIR = path.resolve(__dirname, '../../../deploy/temporal');
/** The history shards of a local production engine; compose runs 64 (docs/temporal-server.md). */
const LOCAL_HISTORY_SHARDS = 8;
/** The setup scripts wait for PostgreSQL and the server: bounded, so a broken setup fails instead of hanging. */
const SETUP_LIMIT_MS = 120_000;
const SERVICE_PORTS = { min: 20_000, max: 32_767 };

export interface PostgresTemporalOptions {
  /** The PostgreSQL server (its user, password, host and port are used); default 127.0.0.1:5432, user postgres. */
  serverUrl?: string;
  /** The persistence database; visibility is `<database>_visibility`. Default: new names, dropped by `stop()`. */
  database?: string;
  /** Keep the two databases at `stop()` (a stack's history survives it). Default: kept only when `database` is given. */
  keepDatabases?: boolean;
  /** Frontend gRPC port; a free one when omitted. */
  port?: number;
  /** Serve the server's Prometheus metrics on this port; a free one when omitted. */
  metricsPort?: number;
  /** Dynamic config; deploy/temporal/dynamicconfig/production.yaml (the latency settings) when omitted. */
  dynamicConfig?: DynamicConfigValues;
  log?: (line: string) => void;
}

export interface PostgresTemporal extends LocalTemporal {
  databases: { main: string; visibility: string };
  /** Stops the server (SIGTERM, or SIGKILL for a crash), keeping its databases and ports. */
  stopServer(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  /** Starts the stopped server again on the same databases and ports; resolves once it serves. */
  startServer(): Promise<void>;
  /** `stopServer(signal)`, then `startServer()`. */
  restart(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
}

/**
 * The production Temporal server on the local PostgreSQL, as
 * docker-compose.yml runs it: `temporal-server` built from Go, its two
 * databases set up by deploy/temporal/setup-databases.sh (temporal-sql-tool),
 * the server config deploy/temporal/config/production.yaml with this run's
 * databases and ports, 8 history shards, then the `default` namespace and
 * Switchboard's search attributes by deploy/temporal/register-namespace.sh
 * (the Temporal CLI). The server runs guarded: it stops within seconds of this
 * process ending, however that ends.
 */
export async function startPostgresTemporal(options: PostgresTemporalOptions = {}): Promise<PostgresTemporal> {
  const log = options.log ?? (() => undefined);
  const build = resolveTemporalServer(log);
  const cli = resolveTemporalCli(log);
  if (!cli) throw new Error('The production Temporal engine registers its namespace with the Temporal CLI, and none was found or built (see resolveTemporalCli).');
  const postgres = new URL(options.serverUrl ?? LOCAL_POSTGRES_URL);
  const main = options.database ?? `switchboard_temporal_${randomBytes(4).toString('hex')}`;
  const databases = { main, visibility: `${main}_visibility` };
  const keepDatabases = options.keepDatabases ?? options.database !== undefined;
  const workDir = mkdtempSync(path.join(tmpdir(), 'temporal-postgres-'));
  const dropAll = async () => {
    if (keepDatabases) return;
    for (const name of Object.values(databases)) await dropDatabase(postgres.toString(), name);
  };
  const databaseEnv = {
    TEMPORAL_DB_HOST: postgres.hostname,
    TEMPORAL_DB_PORT: postgres.port || '5432',
    TEMPORAL_DB_USER: decodeURIComponent(postgres.username) || 'postgres',
    TEMPORAL_DB_PASSWORD: decodeURIComponent(postgres.password),
    TEMPORAL_DB_NAME: databases.main,
    TEMPORAL_VISIBILITY_DB_NAME: databases.visibility,
  };

  let server: TemporalServerProcess | undefined;
  try {
    await runScript('setup-databases.sh', { ...databaseEnv, SQL_TOOL: build.sqlTool, SCHEMA_DIR: build.schemaDir });
    const ports = await serverPorts(options);
    const address = `127.0.0.1:${ports.TEMPORAL_FRONTEND_PORT}`;
    server = new TemporalServerProcess({
      executable: writeGuardedExecutable(build.server, workDir),
      args: ['--root', DEPLOY_DIR, '--config', 'config', '--env', 'production', '--allow-no-auth', 'start'],
      env: {
        PATH: process.env.PATH,
        ...databaseEnv,
        ...ports,
        NUM_HISTORY_SHARDS: String(LOCAL_HISTORY_SHARDS),
        TEMPORAL_BIND_IP: '127.0.0.1',
        TEMPORAL_LOG_LEVEL: 'warn',
        // Several engines and test databases share the one local PostgreSQL (100 connections).
        TEMPORAL_DB_MAX_CONNS: '10',
        TEMPORAL_VISIBILITY_DB_MAX_CONNS: '2',
        TEMPORAL_DYNAMIC_CONFIG_FILE: dynamicConfigFile(options.dynamicConfig, workDir),
      },
      address,
      log: (line) => log(`[temporal] ${line}`),
    });
    await server.start();
    await runScript('register-namespace.sh', { TEMPORAL_CLI: cli, TEMPORAL_ADDRESS: address });
    const env = await TestWorkflowEnvironment.createFromExistingServer({ address });
    await searchAttributesUsable(env);
    const running = server;
    log(`Temporal: the production server ${address} on PostgreSQL (${databases.main}, ${databases.visibility}), ${LOCAL_HISTORY_SHARDS} shards`);
    return {
      env,
      address,
      databases,
      stopServer: (signal) => running.stop(signal),
      startServer: () => running.start(),
      async restart(signal) {
        await running.stop(signal);
        await running.start();
      },
      async stop() {
        await env.teardown();
        await running.stop();
        rmSync(workDir, { recursive: true, force: true });
        await dropAll();
      },
    };
  } catch (error) {
    await server?.stop('SIGKILL');
    rmSync(workDir, { recursive: true, force: true });
    await dropAll().catch(() => undefined);
    throw error;
  }
}

/**
 * Every port the config template reads: the frontend's is the one clients
 * dial; the rest only the services use. The server records its services'
 * ports in a SMALLINT column (cluster_membership), so they stay below 32768,
 * under the kernel's range for ports it hands out itself.
 */
async function serverPorts(options: PostgresTemporalOptions): Promise<Record<string, string>> {
  const free = async () => String(await freeLoopbackPort(SERVICE_PORTS));
  return {
    TEMPORAL_FRONTEND_PORT: String(options.port ?? (await free())),
    TEMPORAL_FRONTEND_MEMBERSHIP_PORT: await free(),
    TEMPORAL_HISTORY_PORT: await free(),
    TEMPORAL_HISTORY_MEMBERSHIP_PORT: await free(),
    TEMPORAL_MATCHING_PORT: await free(),
    TEMPORAL_MATCHING_MEMBERSHIP_PORT: await free(),
    TEMPORAL_WORKER_PORT: await free(),
    TEMPORAL_WORKER_MEMBERSHIP_PORT: await free(),
    TEMPORAL_METRICS_ADDRESS: `127.0.0.1:${options.metricsPort ?? (await freeLoopbackPort())}`,
  };
}

/**
 * Resolves once the frontend knows every search attribute: registered, they
 * reach its namespace cache some seconds later, and until then a workflow
 * started with them is refused. A visibility query naming them all is refused
 * the same way.
 */
async function searchAttributesUsable(env: TestWorkflowEnvironment): Promise<void> {
  const query = ALL_SEARCH_ATTRIBUTES.map((key) => `${key.name} IS NULL`).join(' AND ');
  const deadline = Date.now() + SETUP_LIMIT_MS;
  for (;;) {
    try {
      await env.connection.workflowService.countWorkflowExecutions({ namespace: 'default', query });
      return;
    } catch (error) {
      if (Date.now() > deadline) throw new Error(`the search attributes were registered but not usable within ${SETUP_LIMIT_MS / 1000} s: ${(error as Error).message}`);
      await sleep(250);
    }
  }
}

/** The committed production file, or (for the latency bench's comparisons) `values` rendered into the work dir. */
function dynamicConfigFile(values: DynamicConfigValues | undefined, workDir: string): string {
  if (!values) return path.join(DEPLOY_DIR, 'dynamicconfig', 'production.yaml');
  const file = path.join(workDir, 'dynamicconfig.yaml');
  writeFileSync(file, renderDynamicConfigYaml([{ name: 'custom', why: 'Values chosen by the caller of startPostgresTemporal.', values }]));
  return file;
}

async function runScript(script: string, env: Record<string, string>): Promise<void> {
  try {
    await execFileAsync('sh', [path.join(DEPLOY_DIR, script)], { env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, timeout: SETUP_LIMIT_MS });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`deploy/temporal/${script} failed: ${(error as Error).message}\n${stdout ?? ''}${stderr ?? ''}`);
  }
}
