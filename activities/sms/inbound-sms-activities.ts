import type { PrismaClient } from '../../libs/db/src/prisma';
import type { InboundSms, InboundSmsReply } from '../../libs/sms/src/sms-messages';
import { addOptOut, optBackInByText } from '../consent/do-not-contact';
import { keywordOf } from './sms-keywords';
import { helpText, optInConfirmation, optOutConfirmation } from './sms-texts';

export function createInboundSmsActivities(deps: { db: PrismaClient }) {
  const { db } = deps;
  return {
    /**
     * Stores a customer's text and acts on a keyword: STOP and the like put
     * the number on the do-not-contact list for texts and reminder calls,
     * START takes back what texts put there, HELP is
     * answered. When Twilio sent `OptOutType` it has already answered the
     * customer, so nothing more is said. Idempotent per MessageSid: a text
     * already stored changes nothing again and is not answered.
     */
    async handleInboundSms(sms: InboundSms): Promise<InboundSmsReply> {
      const line = await db.phoneNumber.findUnique({ where: { e164: sms.to }, select: { tenantId: true, tenant: { select: { name: true } } } });
      if (!line) return { action: 'unknown_number' };
      const { tenantId } = line;
      const business = line.tenant.name;
      const keyword = keywordOf(sms);
      const answeredByTwilio = sms.optOutType !== undefined;
      const answer = (text: string) => (answeredByTwilio ? undefined : text);

      return db.$transaction(async (tx) => {
        const stored = await tx.smsMessage.createMany({
          data: [
            {
              tenantId,
              direction: 'INBOUND',
              toNumber: sms.to,
              fromNumber: sms.from,
              body: sms.body,
              status: 'RECEIVED',
              providerStatus: 'received',
              providerSid: sms.messageSid,
              sourceKey: sms.messageSid,
              createdAt: new Date(sms.receivedAt),
            },
          ],
          skipDuplicates: true,
        });
        // Seen before: a retry, or a replay of an old request (a STOP must not undo a later START, nor the reverse).
        if (stored.count === 0) return { action: 'already_handled' };
        switch (keyword?.kind) {
          case 'opt_out': {
            const added = await addOptOut(tx, { tenantId, phone: sms.from, channel: 'all', source: 'sms_keyword' });
            // One confirmation, and only for the text that opted the number out.
            return { action: 'opted_out', reply: added ? answer(optOutConfirmation(business)) : undefined };
          }
          case 'opt_in':
            await optBackInByText(tx, tenantId, sms.from);
            return { action: 'opted_in', reply: answer(optInConfirmation(business)) };
          case 'help':
            return { action: 'help', reply: answer(helpText(business, sms.to)) };
          default:
            return { action: 'stored' };
        }
      });
    },
  };
}
