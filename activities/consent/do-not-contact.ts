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

/** What a customer did by text: a STOP keyword, or Twilio refusing a text because they had replied STOP (21610). */
const BY_TEXT: OptOutSource[] = ['sms_keyword', 'twilio_21610'];

/**
 * A START text: texts are allowed again, and so are the calls that only a
 * text had stopped. An opt-out the customer asked for on a call, or that came
 * over REST, keeps blocking calls: a START answers a STOP, not those.
 */
export async function optBackInByText(db: Prisma.TransactionClient, tenantId: string, phone: string): Promise<void> {
  await db.optOut.deleteMany({ where: { tenantId, phone, source: { in: BY_TEXT } } });
  await removeOptOut(db, tenantId, phone, 'sms');
}

/**
 * Takes the number off the list for a channel, or for everything. An
 * opt-out of everything keeps blocking the other channel: the customer only
 * asked for this one back. False when the channel was not blocked.
 */
export async function removeOptOut(db: Prisma.TransactionClient, tenantId: string, phone: string, channel: OptOutChannel): Promise<boolean> {
  if (channel === 'all') return (await db.optOut.deleteMany({ where: { tenantId, phone } })).count > 0;
  const everything = await db.optOut.findUnique({ where: { tenantId_phone_channel: { tenantId, phone, channel: 'all' } } });
  const removed = await db.optOut.deleteMany({ where: { tenantId, phone, channel: { in: BLOCKED_BY[channel] } } });
  const other: ContactChannel = channel === 'sms' ? 'voice' : 'sms';
  if (everything) await db.optOut.createMany({ data: [{ tenantId, phone, channel: other, source: everything.source }], skipDuplicates: true });
  return removed.count > 0;
}
