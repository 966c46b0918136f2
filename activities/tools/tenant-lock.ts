import type { ToolContext } from './tool-context';

/**
 * Serialises a tenant's check-then-write tools (bookings, reservations, new
 * contacts) until the surrounding transaction ends, so "check, then insert"
 * cannot interleave with a concurrent call. Reads after the lock see the other
 * call's rows once it committed: READ COMMITTED takes a snapshot per statement.
 */
export async function lockTenant(ctx: ToolContext): Promise<void> {
  await ctx.db.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${ctx.tenant.id}))`;
}
