import { Client } from 'pg';

/**
 * Runs tasks one at a time per key across every process on the database: a
 * PostgreSQL session advisory lock, taken on a connection of its own for as
 * long as the task runs. No transaction is open meanwhile, so the task may
 * call other services; if the process dies, its connection and the lock go
 * with it. Locks of different `scope`s never meet.
 */
export class AdvisoryLocks {
  constructor(
    private readonly databaseUrl: string,
    private readonly scope: string,
  ) {}

  async withLock<T>(key: string, task: () => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: this.databaseUrl, application_name: `switchboard-lock:${this.scope}` });
    // A connection lost mid-task frees the lock early (the order is lost, not the change); it must not crash the process.
    client.on('error', () => undefined);
    await client.connect();
    try {
      const keys = [this.scope, key];
      await client.query('SELECT pg_advisory_lock(hashtext($1), hashtext($2))', keys);
      try {
        return await task();
      } finally {
        await client.query('SELECT pg_advisory_unlock(hashtext($1), hashtext($2))', keys).catch(() => undefined);
      }
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
