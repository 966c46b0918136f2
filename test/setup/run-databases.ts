import { randomBytes } from 'node:crypto';
import { cloneDatabase, databasesStartingWith, dropDatabase } from '../../libs/infra/src/database';

/**
 * The databases of one test run, all on one PostgreSQL server: a template
 * (migrated and seeded once) and one clone of it per test file. Every name
 * starts with the run's prefix, so the run can drop them all, and a later run
 * can recognise what an old run killed before its teardown left behind.
 */
export interface RunDatabases {
  serverUrl: string;
  prefix: string;
  template: string;
}

const PREFIX = 'switchboard_test_r';
const RUN_STARTED = /^switchboard_test_r([0-9a-z]+)_/;
/** No run lasts this long: an older run's databases are leftovers. */
const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;

/** The global setup hands the run to each test file's environment (a worker process) through these. */
const SERVER_VAR = 'SWITCHBOARD_TEST_DATABASE_SERVER';
const PREFIX_VAR = 'SWITCHBOARD_TEST_DATABASE_PREFIX';

export function newRun(serverUrl: string): RunDatabases {
  const prefix = `${PREFIX}${Date.now().toString(36)}_${process.pid}_`;
  return { serverUrl, prefix, template: `${prefix}template` };
}

export function publishRun(run: RunDatabases): void {
  process.env[SERVER_VAR] = run.serverUrl;
  process.env[PREFIX_VAR] = run.prefix;
}

export function publishedRun(): RunDatabases {
  const serverUrl = process.env[SERVER_VAR];
  const prefix = process.env[PREFIX_VAR];
  if (!serverUrl || !prefix) throw new Error(`${SERVER_VAR} is not set: run the integration tests through jest.config.js (its global setup sets it)`);
  return { serverUrl, prefix, template: `${prefix}template` };
}

/** A fresh copy of the template for one test file; returns its name and URL. */
export async function cloneForFile(run: RunDatabases): Promise<{ name: string; url: string }> {
  const name = `${run.prefix}${randomBytes(4).toString('hex')}`;
  return { name, url: await cloneDatabase(run.serverUrl, run.template, name) };
}

/** Drops every database of the run, also those of test files whose worker died before its teardown. */
export async function dropRun(run: RunDatabases): Promise<void> {
  for (const name of await databasesStartingWith(run.serverUrl, run.prefix)) await dropDatabase(run.serverUrl, name);
}

/** Drops the databases of runs that were killed without a teardown (SIGKILL, a lost machine) a day or more ago. */
export async function dropAbandonedRuns(serverUrl: string): Promise<void> {
  for (const name of await databasesStartingWith(serverUrl, PREFIX)) {
    const started = RUN_STARTED.exec(name)?.[1];
    if (started && Date.now() - parseInt(started, 36) > ABANDONED_AFTER_MS) await dropDatabase(serverUrl, name);
  }
}
