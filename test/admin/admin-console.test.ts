import { DateTime } from 'luxon';
import OpenAI from 'openai';
import type { Browser, Page } from 'playwright-core';
import { callStatusSignal, transcriptTurnSignal } from '../../libs/calls/src/call-messages';
import { requestGreetingRender } from '../../libs/greetings/src/greeting-renders';
import { OpenAISpeechSynthesis } from '../../libs/speech/src/openai-speech-synthesis';
import { SpeechSimulator } from '../../simulators/openai-rest/speech-simulator';
import { createTestTenant, testPhoneNumber } from '../../simulators/fixtures/fixture-tenant';
import { issueKey } from '../api/support/api-keys';
import { insertCalls } from '../api/support/call-rows';
import { restClient, type RestClient } from '../api/support/rest-client';
import { createCallbackTenant, type CallbackTenant } from '../callbacks/support/callback-tenant';
import { inboundCall, turn } from '../support/call-fixtures';
import { launchChromium, saveScreenshot } from '../support/chromium';
import { startWebhookStack, type WebhookStack } from '../support/webhook-stack';
import { BROWSER_TIME_ZONE, fitsWidth, PHONE_VIEWPORT, serveWebBuild, signedInConsole, type ConsoleSession } from './support/admin-console';

const TWILIO = { accountSid: `AC${'ad'.repeat(16)}`, authToken: 'admin-console-auth-token' };
const TEMPORAL_UI_URL = 'http://127.0.0.1:8233';
const CALLER = '+15125550166';
const DAY_MS = 86_400_000;

/** The console in real Chromium on a tenant's seeded calls, callbacks and settings, through the real API and worker. */
describe('admin console (Chromium, real API, Temporal and PostgreSQL)', () => {
  let speechSim: SpeechSimulator;
  let stack: WebhookStack;
  let browser: Browser;
  let tenant: CallbackTenant;
  let rest: RestClient;
  let finishedCall: string;
  let liveCall: string;
  let sessions: ConsoleSession[] = [];

  /** Calls of days before today, by outcome: what the chart and the history show besides today's two. */
  const seeded = [
    { daysAgo: 1, outcome: 'appointment_booked', leadScore: 85 },
    { daysAgo: 1, outcome: 'callback_requested', leadScore: 40 },
    { daysAgo: 2, outcome: 'appointment_booked', leadScore: 70 },
    { daysAgo: 3, outcome: 'callback_requested', leadScore: 35 },
    { daysAgo: 4, outcome: 'appointment_booked', leadScore: 90 },
  ];

  beforeAll(async () => {
    await serveWebBuild();
    process.env.TEMPORAL_UI_URL = TEMPORAL_UI_URL;
    speechSim = await SpeechSimulator.start();
    const speech = new OpenAISpeechSynthesis(new OpenAI({ apiKey: speechSim.apiKey, baseURL: speechSim.baseUrl }), 'gpt-4o-mini-tts');
    stack = await startWebhookStack(TWILIO, { allowList: [], speech });
    browser = await launchChromium();
    tenant = await createCallbackTenant(stack.sb.db);
    rest = restClient(stack.apiUrl, tenant.apiKey);

    const now = Date.now();
    await insertCalls(
      stack.sb.db,
      seeded.map((call) => ({ tenantId: tenant.id, startedAt: new Date(now - call.daysAgo * DAY_MS), outcome: call.outcome, leadScore: call.leadScore, costUsd: '0.04210' })),
    );
    finishedCall = await runFinishedCall();
    liveCall = await startLiveCall();
  });
  afterEach(async () => {
    for (const session of sessions) {
      expect(session.pageErrors).toEqual([]);
      expect(session.cspViolations).toEqual([]);
      await session.context.close();
    }
    sessions = [];
  });
  afterAll(async () => {
    await endCall(liveCall);
    await browser?.close();
    await stack?.stop();
    await speechSim?.close();
  });

  const open = async (key: string, viewport?: { width: number; height: number }) => {
    const session = await signedInConsole(browser, stack.apiUrl, key, viewport);
    sessions.push(session);
    return session.page;
  };

  async function runFinishedCall(): Promise<string> {
    const input = inboundCall(tenant.id, tenant, CALLER);
    const handle = await stack.sb.calls.startOrAttach(input);
    await handle.signal(transcriptTurnSignal, turn('caller', 'Hi, where is your shop?'));
    await stack.sb.calls.runTool(input.callSid, `call_console_${input.callSid}`, 'get_location', {});
    await handle.signal(transcriptTurnSignal, turn('agent', 'We are at 1 Test Way in Austin.'));
    await handle.signal(callStatusSignal, { status: 'completed', at: new Date().toISOString() });
    await handle.result();
    return input.callSid;
  }

  async function startLiveCall(): Promise<string> {
    const input = inboundCall(tenant.id, tenant, testPhoneNumber());
    await stack.sb.calls.startOrAttach(input);
    await stack.sb.calls.runTool(input.callSid, `call_console_${input.callSid}`, 'get_location', {});
    return input.callSid;
  }

  async function endCall(callSid: string): Promise<void> {
    const handle = stack.sb.calls.handle(callSid);
    await handle.signal(callStatusSignal, { status: 'completed', at: new Date().toISOString() });
    await handle.result();
  }

  /** The call page's facts, label to text. */
  const facts = async (page: Page): Promise<Record<string, string>> => {
    const entries = await page.locator('.facts > div').evaluateAll((items: Array<{ children: ArrayLike<{ textContent: string | null }> }>) =>
      items.map((item) => [item.children[0].textContent ?? '', (item.children[1].textContent ?? '').trim()]),
    );
    return Object.fromEntries(entries);
  };
  const humanized = (word: string) => word.charAt(0).toUpperCase() + word.slice(1).replace(/_/g, ' ');
  const usd = (amount: number) => `$${amount.toFixed(amount !== 0 && amount < 1 ? 4 : 2)}`;

  const localDay = (at: number) => DateTime.fromMillis(at, { zone: BROWSER_TIME_ZONE }).toISODate()!;

  it('shows the live call and a chart of calls per day by outcome on the home page', async () => {
    const page = await open(tenant.apiKey);

    const live = page.locator(`.live-calls tr[data-call-sid="${liveCall}"]`);
    await live.waitFor();
    await live.getByText('get_location').waitFor();
    expect(await live.getByRole('link', { name: 'Workflow' }).getAttribute('href')).toBe(`${TEMPORAL_UI_URL}/namespaces/default/workflows/call-${liveCall}`);

    await page.locator('.chart svg').waitFor();
    const now = Date.now();
    for (const daysAgo of [1, 2, 3, 4]) {
      const expected = seeded.filter((call) => call.daysAgo === daysAgo).length;
      expect(await page.locator(`.chart g.day[data-day="${localDay(now - daysAgo * DAY_MS)}"]`).getAttribute('data-total')).toBe(String(expected));
    }
    const legend = page.locator('.chart .legend');
    await legend.getByText('Appointment booked 3').waitFor();
    await legend.getByText('Callback requested 2').waitFor();
    await saveScreenshot(page, 'admin-home');
  });

  it('lists the call history with filters, and opens a call with its transcript, tool calls, summary, lead score and cost', async () => {
    const summary = await stack.sb.db.callSummary.findUniqueOrThrow({ where: { callSid: finishedCall } });
    const page = await open(tenant.apiKey);
    await page.getByRole('link', { name: 'Calls', exact: true }).click();

    const rows = page.locator('table.calls tbody tr');
    await page.locator(`table.calls tr[data-call-sid="${liveCall}"]`).waitFor();
    expect(await rows.count()).toBe(seeded.length + 2);
    await page.getByLabel('Outcome').fill('appointment_booked');
    const filtered = page.waitForResponse((response) => response.url().includes('outcome=appointment_booked'));
    await page.getByRole('button', { name: 'Filter' }).click();
    await filtered;
    await rows.nth(2).waitFor();
    expect(await rows.locator('td[data-label="Outcome"]').allTextContents()).toEqual(['Appointment booked', 'Appointment booked', 'Appointment booked']);
    await page.getByLabel('Outcome').fill('');
    await page.getByRole('button', { name: 'Filter' }).click();

    await page.locator(`table.calls tr[data-call-sid="${finishedCall}"] a`).click();
    await page.getByRole('heading', { name: `Call from ${CALLER}` }).waitFor();
    await page.locator('.transcript .turn.caller', { hasText: 'Hi, where is your shop?' }).waitFor();
    await page.locator('.transcript .turn.agent', { hasText: 'We are at 1 Test Way in Austin.' }).waitFor();
    await page.locator('table.tools', { hasText: 'get_location' }).waitFor();
    await page.locator('.summary-text', { hasText: summary.summary }).waitFor();
    const call = (await rest.get(`/v1/calls/${finishedCall}`)).body;
    expect(await facts(page)).toMatchObject({ Tenant: tenant.slug, Outcome: humanized(summary.outcome), 'Lead score': String(summary.leadScore), Cost: usd(call.costUsd) });
    await saveScreenshot(page, 'admin-call');
  });

  it('cancels one callback and reschedules another', async () => {
    const inHours = (hours: number) => new Date(Math.round((Date.now() + hours * 3_600_000) / 60_000) * 60_000);
    const create = async (reason: string) =>
      (await rest.post('/v1/callbacks', { phone: testPhoneNumber(), reason, requestedAt: inHours(2).toISOString() })).body.callbackId as string;
    const toCancel = await create('Wants a quote for brakes');
    const toMove = await create('Asks about tire prices');
    const page = await open(tenant.apiKey);
    await page.getByRole('link', { name: 'Callbacks' }).click();

    const cancelRow = page.locator(`tr[data-callback-id="${toCancel}"]`);
    await cancelRow.getByRole('button', { name: 'Cancel' }).click();
    await cancelRow.getByRole('button', { name: 'Yes, cancel it' }).click();
    await cancelRow.locator('.pill', { hasText: 'Cancelled' }).waitFor();
    expect((await rest.get(`/v1/callbacks/${toCancel}`)).body).toMatchObject({ status: 'cancelled', outcome: 'cancelled in the admin console' });

    const newTime = inHours(3);
    const moveRow = page.locator(`tr[data-callback-id="${toMove}"]`);
    await moveRow.getByRole('button', { name: 'Reschedule' }).click();
    await moveRow.getByLabel('New time').fill(DateTime.fromJSDate(newTime, { zone: BROWSER_TIME_ZONE }).toFormat("yyyy-MM-dd'T'HH:mm"));
    await moveRow.getByRole('button', { name: 'Save' }).click();
    const shownDue = newTime.toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: BROWSER_TIME_ZONE });
    await moveRow.getByText(shownDue).waitFor();
    expect((await rest.get(`/v1/callbacks/${toMove}`)).body).toMatchObject({ status: 'scheduled', requestedAt: newTime.toISOString(), dueAt: newTime.toISOString() });
    await saveScreenshot(page, 'admin-callbacks');
    await rest.delete(`/v1/callbacks/${toMove}`);
  });

  it('previews the greeting with its recording and turns the AI off and on', async () => {
    await stack.sb.client.workflow.getHandle(await requestGreetingRender(stack.sb.client, tenant.id, stack.sb.taskQueue)).result();
    const recording = await stack.sb.db.greetingAudio.findFirstOrThrow({ where: { tenantId: tenant.id } });
    const page = await open(tenant.apiKey);
    await page.getByRole('link', { name: 'Settings' }).click();

    await page.locator('.greeting-text', { hasText: `Thanks for calling ${tenant.name}.` }).waitFor();
    const audio = page.getByLabel('Greeting recording');
    await audio.waitFor();
    // The browser decoded the WAV the API served: its length is the recording's.
    const seconds = await audio.evaluate(
      (element: { readyState: number; duration: number; addEventListener(type: string, listener: () => void): void }) =>
        new Promise<number>((resolve) => (element.readyState >= 1 ? resolve(element.duration) : element.addEventListener('loadedmetadata', () => resolve(element.duration)))),
    );
    expect(seconds).toBeCloseTo(recording.durationMs / 1000, 1);

    const aiSwitch = page.getByRole('switch', { name: 'AI answers calls' });
    expect(await aiSwitch.isChecked()).toBe(true);
    await page.locator('.ai-switch .switch').click();
    await page.getByText(`Off: calls ring ${tenant.staff} instead of the agent.`).waitFor();
    expect((await rest.get('/v1/agent-config')).body.aiEnabled).toBe(false);
    await saveScreenshot(page, 'admin-settings');
    await page.locator('.ai-switch .switch').click();
    await page.getByText(/^On: /).waitFor();
    expect((await rest.get('/v1/agent-config')).body.aiEnabled).toBe(true);
  });

  it("shows a tenant key that another tenant's call is not its to open, as the API answers 404; an admin key picks the tenant and opens it", async () => {
    const stranger = await createTestTenant(stack.sb.db);
    const page = await open(await issueKey(stack.sb.db, { tenantId: stranger.id }));

    const answer = page.waitForResponse((response) => response.url().endsWith(`/v1/calls/${finishedCall}`));
    await page.goto(`/admin/calls/${finishedCall}`);
    expect((await answer).status()).toBe(404);
    await page.getByRole('alert').getByRole('heading', { name: 'Call not found' }).waitFor();
    await page.getByText('this API key is not allowed to see it').waitFor();
    expect(await page.getByText('Hi, where is your shop?').count()).toBe(0);
    await saveScreenshot(page, 'admin-not-allowed');

    const adminPage = await open(await issueKey(stack.sb.db, 'admin'));
    await adminPage.getByLabel('Tenant').selectOption(tenant.slug);
    await adminPage.getByRole('link', { name: 'Calls', exact: true }).click();
    await adminPage.locator(`table.calls tr[data-call-sid="${finishedCall}"] a`).click();
    await adminPage.locator('.transcript', { hasText: 'Hi, where is your shop?' }).waitFor();
  });

  it('fits a phone screen: the home page and a call page read without sideways scrolling', async () => {
    const page = await open(tenant.apiKey, PHONE_VIEWPORT);

    await page.locator(`.live-calls tr[data-call-sid="${liveCall}"]`).waitFor();
    await page.locator('.chart svg').waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await saveScreenshot(page, 'admin-phone-home');

    await page.goto(`/admin/calls/${finishedCall}`);
    await page.locator('.transcript .turn.agent').waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await saveScreenshot(page, 'admin-phone-call');
  });
});
