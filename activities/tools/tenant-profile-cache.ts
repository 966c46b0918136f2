import type { Logger } from 'pino';
import { Client, type Notification } from 'pg';
import type { PrismaClient } from '../../libs/db/src/prisma';
import { loadTenantProfile, type TenantProfiles, type ToolTenant } from './tenant-profile';

/** What the triggers of migration 20261203000000_tenant_profile_notify send: the tenant id, or '' for "all" (TRUNCATE). */
export const TENANT_PROFILE_CHANNEL = 'tenant_profile_changed';
/** How the listening connection shows in pg_stat_activity. */
export const TENANT_PROFILE_LISTENER = 'switchboard-tenant-profiles';
const RECONNECT_DELAY_MS = 1000;

/**
 * Tenant profiles kept in memory and dropped when PostgreSQL says they
 * changed, in whichever process the change was made. Triggers on the tables
 * the profile reads (Tenant, AgentConfig) NOTIFY on commit; this cache
 * LISTENs on a connection of its own.
 *
 * Before a cached profile is used, one round trip on that connection (the
 * fence) takes in every notification of a transaction that committed before
 * it: PostgreSQL sends a session its pending notifications before it answers.
 * So a tool call that starts after a change committed always sees the change.
 * While that connection is down nothing is cached: every lookup reads the
 * database, and the cache starts empty once it listens again.
 */
export class TenantProfileCache implements TenantProfiles {
  private readonly profiles = new Map<string, ToolTenant>();
  /** Moves on with every notification and every lost connection: a load that started before must not be stored. */
  private generation = 0;
  /** The listening connection, or the one being opened. */
  private current: Client | undefined;
  private listening = false;
  private reconnect: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly db: PrismaClient,
    private readonly databaseUrl: string,
    private readonly log: Pick<Logger, 'warn'>,
  ) {}

  /** Listens from now on; while the database cannot be reached, it tries again every second. */
  async start(): Promise<void> {
    await this.listen();
  }

  async get(tenantId: string): Promise<ToolTenant> {
    const listening = await this.fence();
    const cached = listening && this.profiles.get(tenantId);
    if (cached) return cached;
    const generation = this.generation;
    const profile = await loadTenantProfile(this.db, tenantId);
    if (listening && generation === this.generation) this.profiles.set(tenantId, profile);
    return profile;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.reconnect);
    const client = this.current;
    this.stopListening();
    await client?.end().catch(() => undefined);
  }

  /** True once every notification committed before now has been applied; false when not listening. */
  private async fence(): Promise<boolean> {
    const client = this.current;
    if (!this.listening || !client) return false;
    try {
      await client.query('SELECT 1');
      return this.listening && this.current === client;
    } catch (error) {
      this.lost(client, error);
      return false;
    }
  }

  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.databaseUrl, application_name: TENANT_PROFILE_LISTENER });
    this.current = client;
    client.on('notification', (message) => this.changed(message));
    client.on('error', (error) => this.lost(client, error));
    client.on('end', () => this.lost(client, new Error('the connection ended')));
    try {
      await client.connect();
      await client.query(`LISTEN ${TENANT_PROFILE_CHANNEL}`);
    } catch (error) {
      this.lost(client, error);
      return;
    }
    if (this.current !== client) {
      await client.end().catch(() => undefined); // closed meanwhile
      return;
    }
    this.forgetProfiles();
    this.listening = true;
  }

  private changed({ payload }: Notification): void {
    this.generation++;
    if (payload) this.profiles.delete(payload);
    else this.profiles.clear();
  }

  /** Changes may go unseen from here on: no caching until listening again. */
  private lost(client: Client, error: unknown): void {
    if (client !== this.current) return;
    const wasListening = this.listening;
    this.stopListening();
    client.end().catch(() => undefined);
    if (this.closed) return;
    if (wasListening) this.log.warn({ err: error }, 'tenant profile notifications lost: profiles come from the database until they are back');
    this.reconnect = setTimeout(() => {
      this.reconnect = undefined;
      void this.listen();
    }, RECONNECT_DELAY_MS);
    this.reconnect.unref();
  }

  private stopListening(): void {
    this.current = undefined;
    this.listening = false;
    this.forgetProfiles();
  }

  private forgetProfiles(): void {
    this.generation++;
    this.profiles.clear();
  }
}
