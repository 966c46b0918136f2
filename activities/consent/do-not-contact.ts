import type { Prisma } from '../../libs/db/src/prisma';

/** The channels outbound work uses; an opt-out can also be for `all` of them. */
export type ContactChannel = 'sms' | 'voice';
export type OptOutChannel = ContactChannel | 'all';
/** Where an opt-out came from: a keyword text, the opt_out tool on a call, Twilio refusing with 21610, or REST. */
export type OptOutSource = 'sms_keyword' | 'call' | 'twilio_21610' | 'rest';

export interface OptOutEntry {
  tenantId: string;
  phone: string;
  channel: OptOutChannel;
  source: OptOutSource;
}

/** The OptOut rows that block a channel. */
const BLOCKED_BY: Record<ContactChannel, OptOutChannel[]> = { sms: ['sms', 'all'], voice: ['voice', 'all'] };

export async function isOptedOut(db: Prisma.TransactionClient, tenantId: string, phone: string, channel: ContactChannel): Promise<boolean> {
  return (await db.optOut.count({ where: { tenantId, phone, channel: { in: BLOCKED_BY[channel] } } })) > 0;
}

/** Puts the number on the tenant's do-not-contact list; false when the channel was blocked already. */
export async function addOptOut(db: Prisma.TransactionClient, entry: OptOutEntry): Promise<boolean> {
  const channels: ContactChannel[] = entry.channel === 'all' ? ['sms', 'voice'] : [entry.channel];
  const blocked = await Promise.all(channels.map((channel) => isOptedOut(db, entry.tenantId, entry.phone, channel)));
  await db.optOut.createMany({ data: [entry], skipDuplicates: true });
  return blocked.includes(false);
}

/**
 * Takes the number off the list for texts (a START reply). An opt-out of
 * everything keeps blocking calls: the customer only asked for texts back.
 * False when texts were not blocked.
 */
export async function removeSmsOptOut(db: Prisma.TransactionClient, tenantId: string, phone: string): Promise<boolean> {
  const everything = await db.optOut.findUnique({ where: { tenantId_phone_channel: { tenantId, phone, channel: 'all' } } });
  const removed = await db.optOut.deleteMany({ where: { tenantId, phone, channel: { in: BLOCKED_BY.sms } } });
  if (everything) await db.optOut.createMany({ data: [{ tenantId, phone, channel: 'voice', source: everything.source }], skipDuplicates: true });
  return removed.count > 0;
}
