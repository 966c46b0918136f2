import NodeEnvironment from 'jest-environment-node';
import { dropDatabase } from '../../libs/infra/src/database';
import { cloneForFile, publishedRun } from './run-databases';

let exitsWithParent = false;

/** A Jest worker whose parent died without its teardown (SIGTERM, SIGKILL) exits instead of finishing its file against dropped infrastructure. */
function exitWithParent(): void {
  if (exitsWithParent || !process.send) return;
  exitsWithParent = true;
  process.once('disconnect', () => process.exit(1));
}

/**
 * The integration tests' Jest environment: each test file gets a database of
 * its own, cloned from the run's migrated and seeded template before the file
 * starts and dropped when it ends, so no file sees another file's writes.
 * DATABASE_URL names it for the file and for every process the file starts.
 */
export default class FileDatabaseEnvironment extends NodeEnvironment {
  private database: string | undefined;

  override async setup(): Promise<void> {
    await super.setup();
    exitWithParent();
    const { name, url } = await cloneForFile(publishedRun());
    this.database = name;
    // The test file reads its own copy of the environment; child processes inherit the worker's.
    this.global.process.env.DATABASE_URL = url;
    process.env.DATABASE_URL = url;
  }

  override async teardown(): Promise<void> {
    if (this.database) await dropDatabase(publishedRun().serverUrl, this.database);
    await super.teardown();
  }
}
