import { execFile } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

const execFileAsync = promisify(execFile);
const REPO_ROOT = path.resolve(__dirname, '../../..');

/** The PostgreSQL these machines run; used when DATABASE_URL is unset. */
export const LOCAL_POSTGRES_URL = 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface DatabaseHandle {
  url: string;
  kind: 'server' | 'embedded';
  stop(): Promise<void>;
}

export function withDatabaseName(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export async function canConnect(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function withAdmin<T>(serverUrl: string, run: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: withDatabaseName(serverUrl, 'postgres') });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function ensureDatabase(serverUrl: string, database: string): Promise<string> {
  await withAdmin(serverUrl, async (client) => {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await client.query(`create database ${quoteIdent(database)}`);
  });
  return withDatabaseName(serverUrl, database);
}

/** A new database copied from `template`, which nobody may be connected to (CREATE DATABASE … TEMPLATE). */
export async function cloneDatabase(serverUrl: string, template: string, database: string): Promise<string> {
  await withAdmin(serverUrl, (client) => client.query(`create database ${quoteIdent(database)} template ${quoteIdent(template)}`));
  return withDatabaseName(serverUrl, database);
}

export async function databasesStartingWith(serverUrl: string, prefix: string): Promise<string[]> {
  return withAdmin(serverUrl, async (client) => {
    const { rows } = await client.query<{ datname: string }>('select datname from pg_database where starts_with(datname, $1)', [prefix]);
    return rows.map((row) => row.datname);
  });
}

export async function dropDatabase(serverUrl: string, database: string): Promise<void> {
  await withAdmin(serverUrl, (client) => client.query(`drop database if exists ${quoteIdent(database)} with (force)`));
}

/** Applies prisma/migrations with the Prisma CLI (JS schema engine, no downloads). */
export async function migrateDatabase(url: string): Promise<void> {
  const prisma = path.join(REPO_ROOT, 'node_modules', '.bin', 'prisma');
  await execFileAsync(prisma, ['migrate', 'deploy'], { cwd: REPO_ROOT, env: { ...process.env, DATABASE_URL: url } });
}

/**
 * An embedded PostgreSQL (PGlite) on a TCP port, for a laptop with no
 * PostgreSQL server. One database, one process: fine for the demo, not for
 * tests or load.
 */
export async function startEmbeddedPostgres(port: number, dataDir = path.join(REPO_ROOT, '.data', 'pglite')): Promise<DatabaseHandle> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir);
  const server = new PGLiteSocketServer({ db, port, host: '127.0.0.1', maxConnections: 16 });
  await server.start();
  return {
    url: `postgresql://postgres@127.0.0.1:${port}/postgres?sslmode=disable`,
    kind: 'embedded',
    stop: async () => {
      await server.stop();
      await db.close();
    },
  };
}

/**
 * The demo's database: $DATABASE_URL as given; else database `database` on the
 * local server (created when missing); else an embedded PGlite. Migrated.
 */
export async function provideDatabase(database: string, embeddedPort: number): Promise<DatabaseHandle> {
  let handle: DatabaseHandle;
  if (process.env.DATABASE_URL) {
    handle = { url: process.env.DATABASE_URL, kind: 'server', stop: async () => undefined };
  } else if (await canConnect(LOCAL_POSTGRES_URL)) {
    handle = { url: await ensureDatabase(LOCAL_POSTGRES_URL, database), kind: 'server', stop: async () => undefined };
  } else {
    handle = await startEmbeddedPostgres(embeddedPort);
  }
  await migrateDatabase(handle.url);
  return handle;
}
