import type { Browser } from 'playwright-core';
import { ROOFING } from '../../prisma/seed/demo-data';
import { roofingConversation } from '../../simulators/scripts/demo-conversations';
import { waitForReplies } from '../../simulators/scripts/play-conversation';
import { issueKey } from '../api/support/api-keys';
import { startE2EStack, type E2EStack } from '../e2e/support/e2e-stack';
import { launchChromium, saveScreenshot } from '../support/chromium';
import { serveWebBuild, signedInConsole, type ConsoleSession } from './support/admin-console';

const TEMPORAL_UI_URL = 'http://127.0.0.1:8233';

/**
 * A real-time phone call placed during the test (signed webhook, Media
 * Streams, the Realtime simulator's scripted model, tools as Updates) as the
 * console shows it: under live calls while it lasts, then with its summary.
 */
describe('admin console: a call in progress (Chromium, full local stack)', () => {
  let stack: E2EStack;
  let browser: Browser;
  let session: ConsoleSession;

  beforeAll(async () => {
    await serveWebBuild();
    process.env.TEMPORAL_UI_URL = TEMPORAL_UI_URL;
    const conversation = roofingConversation();
    stack = await startE2EStack(conversation.script);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await session?.context.close();
    await browser?.close();
    await stack?.stop();
  });

  it('appears under live calls with its caller, duration and last tool, then shows its transcript and summary after the hang-up', async () => {
    const conversation = roofingConversation();
    session = await signedInConsole(browser, stack.apiUrl, await issueKey(stack.sb.db, ROOFING));
    const { page } = session;
    await page.getByRole('heading', { name: 'Live calls' }).waitFor();

    const call = await stack.dial(conversation);
    // The greeting starts at once; a wait for agent audio after it would wait for the next reply.
    await call.waitForAgentAudio();
    const row = page.locator(`.live-calls tr[data-call-sid="${call.callSid}"]`);
    await row.getByRole('link', { name: conversation.callerNumber }).waitFor();
    expect(await row.getByRole('link', { name: 'Workflow' }).getAttribute('href')).toBe(`${TEMPORAL_UI_URL}/namespaces/default/workflows/call-${call.callSid}`);
    const duration = row.locator('td[data-label="Duration"]');
    const shownFirst = (await duration.textContent()) ?? '';
    expect(shownFirst).toMatch(/^\d+:\d\d$/);
    await duration.filter({ hasNotText: shownFirst }).waitFor();

    // The first turn runs both of the call's tools.
    const [firstStep, ...laterSteps] = conversation.steps;
    await call.waitForAgentSilence();
    if (!('say' in firstStep)) throw new Error('the roofing call starts with the caller speaking');
    await call.say(firstStep.say);
    await waitForReplies(stack.realtime, call, firstStep.replies);
    await row.locator('td[data-label="Last tool"]', { hasText: conversation.expectedTools.at(-1)! }).waitFor();
    await saveScreenshot(page, 'admin-live-call');

    await row.getByRole('link', { name: conversation.callerNumber }).click();
    await page.getByRole('heading', { name: `Call from ${conversation.callerNumber}` }).waitFor();
    await page.locator('.pill.live').waitFor();
    await page.locator('.transcript .turn.caller', { hasText: conversation.callerLines[0] }).waitFor();

    let replies = firstStep.replies;
    for (const step of laterSteps) {
      if (!('say' in step)) throw new Error('the roofing call has no key presses');
      await call.say(step.say);
      replies += step.replies;
      await waitForReplies(stack.realtime, call, replies);
    }
    await call.hangUp();

    const summary = page.locator('.summary-text');
    await summary.waitFor({ timeout: 60_000 });
    const stored = await stack.sb.db.callSummary.findUniqueOrThrow({ where: { callSid: call.callSid } });
    expect(await summary.textContent()).toBe(stored.summary);
    expect(await page.locator('.pill.live').count()).toBe(0);
    for (const line of conversation.callerLines) await page.locator('.transcript .turn.caller', { hasText: line }).waitFor();
    for (const tool of conversation.expectedTools) await page.locator('table.tools', { hasText: tool }).waitFor();
    await saveScreenshot(page, 'admin-call-after-hang-up');

    await page.getByRole('link', { name: 'Live', exact: true }).click();
    await page.locator(`.live-calls tr[data-call-sid="${call.callSid}"]`).waitFor({ state: 'detached' });
    expect(session.pageErrors).toEqual([]);
    expect(session.cspViolations).toEqual([]);
  });
});
