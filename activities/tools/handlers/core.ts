import { CallbackStatus } from '../../../libs/db/src/prisma';
import { TelephonyRejection } from '../../../libs/telephony/src/telephony';
import { addOptOut } from '../../consent/do-not-contact';
import { fail, ok } from '../../../libs/tools/src';
import { phoneOrCaller } from '../caller-phone';
import { centsToDollars, formatLocalDateTime, formatUtc, localNow, parseFutureLocalDateTime, WEEKDAYS } from '../local-time';
import { describeDayHours, isOpenAt } from '../scheduling';
import type { TenantProfile, ToolContext, ToolHandler, ToolHandlers, Weekday } from '../tool-context';

const DAY_NAMES: Record<Weekday, string> = {
  mon: 'monday',
  tue: 'tuesday',
  wed: 'wednesday',
  thu: 'thursday',
  fri: 'friday',
  sat: 'saturday',
  sun: 'sunday',
};

/** The transfer_to_human queue → its key in AgentConfig.transferNumbers. */
const TRANSFER_NUMBER_KEYS = { primary: 'primary', after_hours: 'afterHours', spanish: 'spanish' } as const satisfies Record<
  string,
  keyof TenantProfile['transferNumbers']
>;

const getBusinessHours: ToolHandler<'get_business_hours'> = async (_args, ctx) => {
  const now = localNow(ctx);
  const hours = Object.fromEntries(WEEKDAYS.map((day) => [DAY_NAMES[day], describeDayHours(ctx.tenant.businessHours[day])]));
  return ok({ time_zone: ctx.tenant.timeZone, now: formatLocalDateTime(now), open_now: isOpenAt(ctx.tenant, now), hours });
};

const getLocation: ToolHandler<'get_location'> = async (_args, ctx) => ok({ name: ctx.tenant.name, address: ctx.tenant.address });

const listServices: ToolHandler<'list_services'> = async (_args, ctx) => {
  const services = await ctx.db.service.findMany({ where: { tenantId: ctx.tenant.id }, orderBy: { name: 'asc' } });
  return ok({
    services: services.map((service) => ({
      name: service.name,
      duration_minutes: service.durationMinutes,
      price_from_dollars: service.priceFromCents === null ? null : centsToDollars(service.priceFromCents),
    })),
  });
};

const requestCallback: ToolHandler<'request_callback'> = async (args, ctx) => {
  const phone = phoneOrCaller(args.phone, ctx);
  if (!phone.ok) return phone;
  const preferred = args.preferred_time === undefined ? undefined : parseFutureLocalDateTime(args.preferred_time, ctx);
  if (preferred && !preferred.ok) return preferred;
  const requestedFor = preferred?.data;

  await ctx.db.callback.create({
    data: {
      tenantId: ctx.tenant.id,
      callSid: ctx.callSid ?? null,
      phone: phone.data,
      name: args.name ?? null,
      reason: args.reason,
      requestedFor: requestedFor?.toJSDate() ?? null,
      status: CallbackStatus.PENDING,
      sourceKey: ctx.toolCallId,
    },
  });
  return ok({
    status: 'pending',
    phone: phone.data,
    ...(requestedFor && { preferred_time: formatLocalDateTime(requestedFor), preferred_time_utc: formatUtc(requestedFor) }),
  });
};

const transferToHuman: ToolHandler<'transfer_to_human'> = async (args, ctx) => {
  const numbers = ctx.tenant.transferNumbers;
  const targetNumber = numbers[TRANSFER_NUMBER_KEYS[args.queue]] ?? numbers.primary;
  if (!targetNumber) return fail('transfer_unavailable', 'There is no one to transfer to right now. Offer a callback instead.');

  const dialed = await dialIntoLiveCall(ctx, targetNumber);
  await ctx.db.callTransfer.create({
    data: {
      id: ctx.toolCallId,
      tenantId: ctx.tenant.id,
      callSid: ctx.callSid ?? null,
      queue: args.queue,
      targetNumber,
      reason: args.reason,
      status: dialed.status,
    },
  });
  if (dialed.status === 'FAILED') return fail('transfer_failed', `The transfer did not go through (${dialed.reason}). Offer a callback instead.`);
  return ok({ queue: args.queue, target_number: targetNumber, status: dialed.status.toLowerCase() });
};

/**
 * Redirects the live call to `<Dial>` the person through the phone network;
 * the media stream then ends and the caller hears ringing. Without a live
 * call or configured telephony the transfer is only recorded.
 */
async function dialIntoLiveCall(ctx: ToolContext, targetNumber: string): Promise<{ status: 'REQUESTED' | 'DIALING' | 'FAILED'; reason?: string }> {
  if (!ctx.callSid || !ctx.telephony) return { status: 'REQUESTED' };
  const call = await ctx.db.call.findUnique({ where: { callSid: ctx.callSid }, select: { direction: true, fromNumber: true, toNumber: true } });
  if (!call) return { status: 'REQUESTED' };
  const callerId = call.direction === 'INBOUND' ? call.toNumber : call.fromNumber;
  try {
    await ctx.telephony.transferCall(ctx.callSid, { to: targetNumber, callerId });
    return { status: 'DIALING' };
  } catch (error) {
    if (error instanceof TelephonyRejection) return { status: 'FAILED', reason: error.message };
    throw error;
  }
}

const endCall: ToolHandler<'end_call'> = async () => ok({ ending: true });

/** On the tenant's do-not-contact list from now on: every later dial or text to the number is skipped. */
const optOut: ToolHandler<'opt_out'> = async (args, ctx) => {
  const phone = phoneOrCaller(args.phone, ctx);
  if (!phone.ok) return phone;
  const added = await addOptOut(ctx.db, { tenantId: ctx.tenant.id, phone: phone.data, channel: args.channel, source: 'call' });
  return ok({ phone: phone.data, channel: args.channel, already_on_list: !added });
};

export const CORE_HANDLERS = {
  get_business_hours: getBusinessHours,
  get_location: getLocation,
  list_services: listServices,
  request_callback: requestCallback,
  transfer_to_human: transferToHuman,
  end_call: endCall,
  opt_out: optOut,
} satisfies Partial<ToolHandlers>;
