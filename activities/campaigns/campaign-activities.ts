import { Context } from '@temporalio/activity';
import { WorkflowFailedError, WorkflowNotFoundError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { DateTime } from 'luxon';
import { localDaysAhead } from '../../libs/clock/src/clock';
import type { AppointmentPage, CampaignDay } from '../../libs/campaigns/src/reminder-campaign';
import type { PrismaClient } from '../../libs/db/src/prisma';
import type { OutboundCallResult } from '../../libs/outbound/src/outbound-call';

const DATE_FORMAT = 'yyyy-MM-dd';

export function createCampaignActivities(deps: { db: PrismaClient; clock?: () => Date }) {
  const { db } = deps;

  async function timeZoneOf(tenantId: string): Promise<string> {
    const config = await db.agentConfig.findUnique({ where: { tenantId }, select: { timeZone: true } });
    if (!config) throw ApplicationFailure.nonRetryable(`Tenant ${tenantId} has no agent config (no time zone)`, 'TenantNotConfigured');
    return config.timeZone;
  }

  /** The day's bounds in the tenant's zone, as instants. */
  async function dayBounds(tenantId: string, date: string): Promise<{ gte: Date; lt: Date }> {
    const start = DateTime.fromFormat(date, DATE_FORMAT, { zone: await timeZoneOf(tenantId) });
    if (!start.isValid) throw ApplicationFailure.nonRetryable(`"${date}" is not a date written YYYY-MM-DD`, 'InvalidCampaignDate');
    return { gte: start.toJSDate(), lt: start.plus({ days: 1 }).toJSDate() };
  }

  return {
    /**
     * Which day a run reminds (the given one, else the day after the schedule
     * fired, on the worker's clock in the tenant's zone) and how many booked
     * appointments it has.
     */
    async planCampaignDay(request: { tenantId: string; date?: string; scheduledAt: string }): Promise<CampaignDay> {
      const timeZone = await timeZoneOf(request.tenantId);
      // The schedule fires on the real clock; the day it fired is taken on the worker's, in whole local days.
      const firedOn = DateTime.fromISO(request.scheduledAt, { zone: timeZone }).plus({ days: deps.clock ? localDaysAhead(deps.clock, timeZone) : 0 });
      const date = request.date ?? firedOn.plus({ days: 1 }).toFormat(DATE_FORMAT);
      const total = await db.appointment.count({ where: { tenantId: request.tenantId, status: 'BOOKED', startsAt: await dayBounds(request.tenantId, date) } });
      return { date, total };
    },

    /** One page of the day's booked appointments, in id order (stable while calls change their status). */
    async appointmentsToRemind(request: { tenantId: string; date: string; after?: string; limit: number }): Promise<AppointmentPage> {
      const rows = await db.appointment.findMany({
        where: { tenantId: request.tenantId, status: 'BOOKED', startsAt: await dayBounds(request.tenantId, request.date), ...(request.after ? { id: { gt: request.after } } : {}) },
        orderBy: { id: 'asc' },
        take: request.limit + 1,
        select: { id: true, contactPhone: true },
      });
      const page = rows.slice(0, request.limit);
      return {
        appointments: page.map((row) => ({ id: row.id, phone: row.contactPhone })),
        nextCursor: rows.length > request.limit ? page[page.length - 1].id : undefined,
      };
    },

    /** Those of the reminder calls that have closed, with their results: for calls whose report never arrived. */
    async reminderOutcomes(request: { workflowIds: string[] }): Promise<{ workflowId: string; result: OutboundCallResult }[]> {
      const client = Context.current().client;
      const closed = await Promise.all(
        request.workflowIds.map(async (workflowId) => {
          const handle = client.workflow.getHandle(workflowId);
          try {
            if ((await handle.describe()).status.name === 'RUNNING') return undefined;
            return { workflowId, result: (await handle.result()) as OutboundCallResult };
          } catch (error) {
            if (error instanceof WorkflowFailedError) return { workflowId, result: failedCall(error.cause?.message ?? error.message) };
            if (error instanceof WorkflowNotFoundError) return { workflowId, result: failedCall('the call workflow is gone') };
            throw error;
          }
        }),
      );
      return closed.filter((entry) => entry !== undefined);
    },
  };
}

const failedCall = (reason: string): OutboundCallResult => ({ outcome: 'failed', reason, attempts: 0, callSids: [] });
