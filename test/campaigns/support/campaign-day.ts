import type { DateTime } from 'luxon';
import type { PrismaClient } from '../../../libs/db/src/prisma';
import { createTestTenant, OIL_CHANGE, testPhoneNumber, type TestTenant } from '../../sms/support/test-tenant';
import { localDate, nowIn } from '../../support/test-clock';
import { moveTenant, zoneWhereItIsNow } from '../../outbound/support/outbound-fixtures';

export interface CampaignTenant extends TestTenant {
  slug: string;
}

/** What a day's campaign should do with each kind of appointment. */
export interface CampaignDay {
  date: string;
  /** The numbers that must be dialled, once each. */
  eligible: string[];
  /** One number per contact rule that refuses it. */
  refused: { opted_out: string; no_consent: string; not_allow_listed: string };
  /** What the worker's OUTBOUND_ALLOW_LIST must hold. */
  allowList: string[];
}

/** A garage of the test's own, in a zone where contact hours are open now. */
export async function createCampaignTenant(db: PrismaClient): Promise<CampaignTenant> {
  // Reminder calls wait for contact hours on the real clock: put the garage where they are open for hours yet.
  const tenant = await moveTenant(db, await createTestTenant(db), zoneWhereItIsNow(13));
  const { slug } = await db.tenant.findUniqueOrThrow({ where: { id: tenant.id }, select: { slug: true } });
  return { ...tenant, slug };
}

/**
 * Tomorrow's calendar on the test clock: `eligible` booked appointments with
 * consent, one per contact rule that refuses it, and appointments the
 * campaign must leave alone (cancelled, and the day after).
 */
export async function seedCampaignDay(db: PrismaClient, tenant: CampaignTenant, eligible: number): Promise<CampaignDay> {
  const day = nowIn(tenant.timeZone).startOf('day').plus({ days: 1 });
  // Distinct numbers: a number on two appointments would rightly be called twice.
  const phones = new Set<string>();
  while (phones.size < eligible + 5) phones.add(testPhoneNumber());
  const [optedOut, noConsent, notAllowListed, cancelled, dayAfter, ...eligiblePhones] = phones;
  const refused = { opted_out: optedOut, no_consent: noConsent, not_allow_listed: notAllowListed };
  const consenting = [...eligiblePhones, refused.opted_out, refused.not_allow_listed, cancelled, dayAfter];

  // However many, they all start between 08:00 and 18:00 that day.
  const spacingMs = (10 * 60 * 60 * 1000) / (eligible + 4);
  const at = (index: number, base = day) => base.set({ hour: 8 }).plus({ milliseconds: Math.floor(spacingMs * index) });
  const appointment = (phone: string, startsAt: DateTime, status: 'BOOKED' | 'CANCELLED' = 'BOOKED') => ({
    tenantId: tenant.id,
    contactName: `Customer ${phone.slice(-4)}`,
    contactPhone: phone,
    serviceName: OIL_CHANGE,
    startsAt: startsAt.toJSDate(),
    endsAt: startsAt.plus({ hours: 1 }).toJSDate(),
    status,
  });
  const booked = [...eligiblePhones, ...Object.values(refused)];
  await db.appointment.createMany({
    data: [
      ...booked.map((phone, index) => appointment(phone, at(index))),
      appointment(cancelled, at(booked.length), 'CANCELLED'),
      appointment(dayAfter, at(0, day.plus({ days: 1 }))),
    ],
  });
  await db.consent.createMany({
    data: consenting.map((phone) => ({ tenantId: tenant.id, phone, source: 'seed', wording: 'Reminders by call and text.', grantedAt: new Date(), sourceKey: `campaign-test:${tenant.id}:${phone}` })),
  });
  await db.optOut.create({ data: { tenantId: tenant.id, phone: refused.opted_out, channel: 'all', source: 'rest' } });
  return {
    date: localDate(day),
    eligible: eligiblePhones,
    refused,
    allowList: [...eligiblePhones, refused.opted_out, refused.no_consent, cancelled, dayAfter],
  };
}
