import type { Browser } from 'playwright-core';
import { randomUUID } from 'node:crypto';
import { reminderScheduleId } from '../../libs/campaigns/src/reminder-campaign';
import { createPrismaClient } from '../../libs/db/src/prisma';
import { createCampaignTenant, seedCampaignDay, type CampaignDay, type CampaignTenant } from '../../simulators/fixtures/campaign-day';
import { campaignApi, startCampaignStack, startCampaignWorker, tenantKey, type CampaignStack } from '../campaigns/support/campaign-stack';
import { launchChromium, saveScreenshot } from '../support/chromium';
import type { TestSwitchboard } from '../support/switchboard-worker';
import { requiredEnv } from '../support/test-env';
import { serveWebBuild, signedInConsole, type ConsoleSession } from './support/admin-console';

const ELIGIBLE = 6;
/** Each reached customer stays on the line this long: the run is visibly under way for a while. */
const TALK_MS = 3_000;

describe('admin console: a reminder campaign run (Chromium, real API, Temporal, Twilio REST simulator)', () => {
  let stack: CampaignStack;
  let sb: TestSwitchboard;
  let browser: Browser;
  let session: ConsoleSession;
  let tenant: CampaignTenant;
  let day: CampaignDay;
  let key: string;

  beforeAll(async () => {
    await serveWebBuild();
    stack = await startCampaignStack();
    // The worker's allow-list holds the day's numbers: seed before it starts.
    const db = createPrismaClient(requiredEnv('DATABASE_URL'), 2);
    tenant = await createCampaignTenant(db);
    day = await seedCampaignDay(db, tenant, ELIGIBLE);
    key = await tenantKey(db, tenant.id);
    await db.$disconnect();
    sb = await startCampaignWorker(stack, day.allowList);
    for (const phone of day.eligible) stack.rest.setCallee(phone, { outcome: 'answer', talkMs: TALK_MS });
    const created = await campaignApi(stack.apiUrl, key).request('POST', '/v1/campaigns', { concurrency: 2, dialsPerSecond: 0 }, { 'idempotency-key': randomUUID() });
    expect(created.status).toBe(201);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await session?.context.close();
    await browser?.close();
    await sb?.client.schedule.getHandle(reminderScheduleId(tenant.slug)).delete().catch(() => undefined);
    await sb?.shutdown();
    await stack?.close();
  });

  it('runs the campaign from the page and shows its progress as it goes, then the outcomes and skip reasons', async () => {
    session = await signedInConsole(browser, stack.apiUrl, key);
    const { page } = session;
    await page.getByRole('link', { name: 'Campaigns' }).click();
    await page.getByText('Every day at 17:00').waitFor();
    await page.getByText('No runs yet.').waitFor();

    await page.getByRole('button', { name: 'Run now' }).click();
    const run = page.locator(`.run[data-run-date="${day.date}"]`);
    const progress = run.getByRole('progressbar');
    await progress.waitFor();
    // Under way: calls on the line, appointments still to start.
    await run.locator('.bar.in-flight').waitFor();
    await run.getByText(/\d+ calling now/).waitFor();
    await saveScreenshot(page, 'admin-campaign-under-way');

    await run.locator('.pill', { hasText: 'Done' }).waitFor({ timeout: 120_000 });
    expect(await progress.getAttribute('aria-valuetext')).toBe(`${ELIGIBLE + 3} of ${ELIGIBLE + 3} done`);
    expect(await run.locator('.legend li').allTextContents()).toEqual([`Reached ${ELIGIBLE}`, 'Skipped 3']);
    expect(await run.locator('.skips li').allTextContents()).toEqual(expect.arrayContaining(['Opted out 1', 'No consent 1', 'Not allow listed 1']));
    expect(await run.locator('.bar.in-flight').count()).toBe(0);
    await saveScreenshot(page, 'admin-campaign');
    expect(session.pageErrors).toEqual([]);
    expect(session.cspViolations).toEqual([]);
  }, 180_000);
});
