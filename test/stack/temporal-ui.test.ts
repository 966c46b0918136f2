import type { Browser, Page } from 'playwright-core';
import type { CallView } from '../../libs/calls/src';
import { createPrismaClient, type PrismaClient } from '../../libs/db/src/prisma';
import { AUTO_SHOP } from '../../prisma/seed/demo-data';
import { tenantIdOf } from '../support/call-fixtures';
import { launchChromium, saveScreenshot } from '../support/chromium';
import { requiredEnv } from '../support/test-env';
import { startStackProcess, type StackProcess } from './support/stack-process';
import { placeUnscriptedCall, type UnscriptedCaller } from './support/unscripted-caller';

/** How long one page of the UI may take on a busy 2-core machine. */
const UI_TIMEOUT_MS = 30_000;

/**
 * The Temporal UI is the admins' main window (docs/admin-guide.md): the
 * workflows list of the UI that Temporal CLI v1.5.1 embeds (2.42.1),
 * driven in Chromium as an admin would. Selectors are the UI's own
 * `data-testid`s and visible texts.
 */
describe('the Temporal UI of the local stack', () => {
  let stack: StackProcess;
  let db: PrismaClient;
  let browser: Browser;

  beforeAll(async () => {
    db = createPrismaClient(requiredEnv('DATABASE_URL'), 1);
    [stack, browser] = await Promise.all([startStackProcess('temporal-ui'), launchChromium()]);
  }, 360_000);

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    await db?.$disconnect();
  }, 90_000);

  it('finds a call by TenantId and CallerNumber, and its history shows each tool as a runTool Update', async () => {
    // The generic local agent takes a message (request_callback) and hangs up (end_call).
    const caller: UnscriptedCaller = { from: '+14155557301', to: AUTO_SHOP.phoneNumber, variant: 3, interrupts: false };
    const { callSid } = await placeUnscriptedCall(stack.apiUrl, caller);
    const call = (await (await fetch(`${stack.apiUrl}/v1/calls/${callSid}`, { headers: { Authorization: `Bearer ${stack.adminApiKey}` } })).json()) as CallView;
    expect(call.toolCalls.map((tool) => tool.name)).toEqual(['request_callback', 'end_call']);
    const query = `TenantId="${await tenantIdOf(db, AUTO_SHOP)}" AND CallerNumber="${caller.from}"`;

    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    await page.goto(`${stack.temporalUiUrl}/namespaces/default/workflows`);
    await searchWorkflows(page, query);
    const rows = page.getByTestId('workflows-summary-configurable-table-row');
    await rows.filter({ hasText: call.workflowId }).waitFor();
    // The caller's one call and nothing else: the callback it asked for has the tenant but no CallerNumber.
    await page.getByTestId('workflow-count').filter({ hasText: /^1$/ }).waitFor();
    expect(await rows.allInnerTexts()).toEqual([expect.stringContaining(call.workflowId)]);
    expect(new URL(page.url()).searchParams.get('query')).toBe(query);
    await saveScreenshot(page, 'temporal-ui-filter');

    await rows.getByRole('link', { name: call.workflowId }).click();
    // The row opens the page the API's call view links to.
    await page.waitForURL((url) => url.href.startsWith(`${call.temporalUiUrl}/`));
    const events = await toolCallEvents(page);
    expect(events.filter((event) => /Update Accepted/.test(event) && /runTool/.test(event))).toHaveLength(2);
    expect(events.filter((event) => /Local Activity/.test(event)).map((event) => event.match(/executeToolCall Summary (tool \w+)/)?.[1])).toEqual([
      'tool end_call',
      'tool request_callback',
    ]);
    expect(events.filter((event) => /Update Completed Outcome Success/.test(event))).toHaveLength(2);
    expect(events.some((event) => /Start Child Workflow Execution Initiated/.test(event) && /callbackWorkflow/.test(event))).toBe(true);
    await saveScreenshot(page, 'temporal-ui-call');
  }, 300_000);
});

/** Types a visibility query into the workflows list's raw query box, as an admin would. */
async function searchWorkflows(page: Page, query: string): Promise<void> {
  await page.getByTestId('toggle-manual-query').click();
  await page.getByTestId('manual-search-input').fill(query);
  await page.getByTestId('manual-search-button').click();
}

/**
 * The call's history narrowed, with the event-type filter, to what a tool
 * call leaves: Updates, local activities and child workflows; each event as
 * its row's text (newest first), scrolled into view for the screenshot.
 */
async function toolCallEvents(page: Page): Promise<string[]> {
  const rows = page.getByTestId('event-summary-row');
  await rows.first().waitFor();
  await page.getByRole('button', { name: 'Filter' }).click();
  await page.getByTestId('None').click();
  for (const type of ['Update', 'Local Activity', 'Child Workflow']) await page.getByTestId(type).click();
  await page.keyboard.press('Escape');
  await rows.filter({ hasText: 'Workflow Task' }).first().waitFor({ state: 'detached' });
  await rows.filter({ hasText: 'Local Activity' }).first().waitFor();
  await page.getByTestId('event-summary-table').scrollIntoViewIfNeeded();
  return (await rows.allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
}
