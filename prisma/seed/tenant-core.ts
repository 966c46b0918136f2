import type { PrismaClient } from '../../libs/db/src/prisma';
import type { DemoTenant } from './demo-data';

/** Tenant, its phone number, agent config and services, brought in line with demo-data. Returns the tenant id. */
export async function upsertTenantCore(db: PrismaClient, demo: DemoTenant): Promise<string> {
  const tenantFields = { name: demo.name, vertical: demo.vertical, address: demo.address };
  const { id: tenantId } = await db.tenant.upsert({
    where: { slug: demo.slug },
    create: { slug: demo.slug, ...tenantFields },
    update: tenantFields,
    select: { id: true },
  });

  await db.phoneNumber.upsert({
    where: { e164: demo.phoneNumber },
    create: { e164: demo.phoneNumber, tenantId },
    update: { tenantId },
  });

  const config = agentConfigOf(demo);
  await db.agentConfig.upsert({ where: { tenantId }, create: { tenantId, ...config }, update: config });

  for (const service of demo.services) {
    const fields = { durationMinutes: service.durationMinutes, priceFromCents: service.priceFromCents ?? null };
    await db.service.upsert({
      where: { tenantId_name: { tenantId, name: service.name } },
      create: { tenantId, name: service.name, ...fields },
      update: fields,
    });
  }
  return tenantId;
}

function agentConfigOf(demo: DemoTenant) {
  return {
    agentName: demo.agentName,
    brand: demo.name,
    greetingTemplate: demo.greetingTemplate,
    voice: demo.voice,
    instructions: demo.instructions,
    timeZone: demo.timeZone,
    businessHours: demo.businessHours,
    transferNumbers: demo.transferNumbers,
    toolPacks: demo.toolPacks,
    confirmWrites: demo.confirmWrites ?? false,
    slotMinutes: demo.slotMinutes,
    slotCapacity: demo.slotCapacity,
  };
}
