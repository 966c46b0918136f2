import { WEEKDAYS, type Weekday } from '../../../libs/agent-config/src/agent-config';
import { CallbackStatus } from '../../../libs/db/src/prisma';
import { callbackRequestOf } from '../../callbacks/callback-records';
import { addOptOut } from '../../consent/do-not-contact';
import { fail, ok } from '../../../libs/tools/src';
import { recordTransferIntent, transferResult, transferTarget } from '../../transfers/call-transfers';
import { phoneOrCaller } from '../caller-phone';
import { centsToDollars, formatLocalDateTime, formatUtc, localNow, parseFutureLocalDateTime } from '../local-time';
import { describeDayHours, isOpenAt } from '../scheduling';
import type { ToolHandler, ToolHandlers } from '../tool-context';

const DAY_NAMES: Record<Weekday, string> = {
  mon: 'monday',
  tue: 'tuesday',
  wed: 'wednesday',
  thu: 'thursday',
  fri: 'friday',
  sat: 'saturday',
  sun: 'sunday',
};

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

  // The call's workflow starts `callback-<id>` once this transaction has committed.
  const row = await ctx.db.callback.create({
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
  const result = ok({
    callback_id: row.id,
    status: 'pending',
    phone: phone.data,
    ...(requestedFor && { preferred_time: formatLocalDateTime(requestedFor), preferred_time_utc: formatUtc(requestedFor) }),
  });
  return { ...result, callback: callbackRequestOf(row) };
};

/**
 * Records the transfer and asks the workflow to redirect the call once this
 * transaction has committed; the model is told the outcome of that.
 */
const transferToHuman: ToolHandler<'transfer_to_human'> = async (args, ctx) => {
  const to = transferTarget(ctx.tenant.transferNumbers, args.queue);
  if (!to) return fail('transfer_unavailable', 'There is no one to transfer to right now. Offer a callback instead.');
  const transfer = await recordTransferIntent(ctx.db, {
    transferId: ctx.toolCallId,
    tenantId: ctx.tenant.id,
    callSid: ctx.callSid,
    queue: args.queue,
    reason: args.reason,
    to,
  });
  return { ...transferResult({ queue: args.queue, targetNumber: to }, { status: 'REQUESTED' }), transfer };
};

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
