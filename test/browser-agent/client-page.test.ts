import type { Browser, Page } from 'playwright-core';
import { currentWebBuild } from '../../libs/infra/src/web-build';
import { greetingText } from '../../libs/greetings/src/greeting-text';
import { ROOFING } from '../../prisma/seed/demo-data';
import { GENERIC_AGENT_LINES, genericAgent } from '../../simulators/realtime';
import { bearer, issueKey } from '../api/support/api-keys';
import { startE2EStack, type E2EStack } from '../e2e/support/e2e-stack';
import { launchChromium, recordCspViolations, saveScreenshot } from '../support/chromium';
import { fakeMicrophoneWav } from '../support/fake-microphone';
import { acceptedUpdates } from '../support/workflow-history';

const CREW_PHONE = '+14045550142';
const SENTENCE = 'Hi, this is Mike from the crew. Please have someone call me back about the Carter roof.';
/** Long enough for a conversation: Chromium plays the file in a loop. */
const TRAILING_SILENCE_MS = 60_000;
const CONVERSATION_MS = 90_000;
const PHONE = { width: 390, height: 844 };
/** What the agent says when a tool takes longer than 700 ms (apps/media-edge/src/session-setup.ts): on a busy machine, it may. */
const FILLER = 'One moment while I check that.';

describe('Browser agent page (/client) in real Chromium, local mode', () => {
  let stack: E2EStack;
  let link: string;
  /** What the pages' CSP refused: the worklet, the media-edge socket and the API must all be allowed. */
  let cspViolations: string[] = [];

  beforeAll(async () => {
    process.env.WEB_DIST_DIR = await currentWebBuild();
    stack = await startE2EStack({ turns: [] }, undefined, { plan: genericAgent });
    const created = await fetch(`${stack.apiUrl}/v1/session-links`, {
      method: 'POST',
      headers: { ...bearer(await issueKey(stack.sb.db, ROOFING)), 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'Mike (crew 2)', phone: CREW_PHONE }),
    });
    link = ((await created.json()) as { token: string }).token;
  });
  afterAll(() => stack.stop());

  const openClient = async (browser: Browser): Promise<Page> => {
    const page = await (await browser.newContext({ viewport: PHONE, deviceScaleFactor: 2 })).newPage();
    cspViolations = recordCspViolations(page);
    await page.goto(`${stack.apiUrl}/client?link=${link}`);
    // The page keeps the link for the tab and takes it out of the address bar.
    expect(page.url()).toBe(`${stack.apiUrl}/client`);
    return page;
  };

  it('completes a short conversation from the fake microphone: transcript on the page, the confirmed tool call in the workflow', async () => {
    const microphone = await fakeMicrophoneWav(SENTENCE, { beforeMs: 8000, afterMs: TRAILING_SILENCE_MS });
    const browser = await launchChromium({
      args: ['--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream', `--use-file-for-fake-audio-capture=${microphone}`],
    });
    try {
      const page = await openClient(browser);
      const session = page.waitForResponse((response) => new URL(response.url()).pathname === '/v1/session');
      await page.getByRole('button', { name: 'Start' }).click();
      const { callSid } = (await (await session).json()) as { callSid: string };

      // Seed 000: the roofer's agent writes nothing before the user says yes on screen.
      const prompt = page.getByRole('dialog', { name: 'Confirm action' });
      await prompt.waitFor({ timeout: CONVERSATION_MS });
      expect(await prompt.innerText()).toContain(`${ROOFING.agentName} wants to request callback`);
      expect(await prompt.innerText()).toContain(CREW_PHONE);
      await saveScreenshot(page, 'client-phone');
      await prompt.getByRole('button', { name: 'Yes, do it' }).click();

      await page.getByRole('status').getByText(`${ROOFING.agentName} ended the conversation.`).waitFor({ timeout: CONVERSATION_MS });
      const turns = await page.$$eval('.transcript .turn', (items) =>
        items.map((item) => ({ role: item.getAttribute('data-role'), text: item.querySelector('.words')?.textContent })),
      );
      const [greetingTurn, ...conversation] = turns.filter((turn) => turn.text !== FILLER);
      // The whole greeting, or, when the microphone's speech came while it still played (a slow machine), what was heard of it: barge-in.
      expect(greetingTurn.role).toBe('agent');
      expect(greetingText({ ...ROOFING, brand: ROOFING.name }).startsWith(greetingTurn.text ?? '')).toBe(true);
      expect(greetingTurn.text?.split(' ').length).toBeGreaterThan(3);
      expect(conversation).toEqual([
        { role: 'caller', text: expect.stringMatching(/^\[\d+\.\d s of caller speech\]$/) },
        { role: 'agent', text: GENERIC_AGENT_LINES.offer },
        { role: 'agent', text: `${GENERIC_AGENT_LINES.noted(CREW_PHONE)} ${GENERIC_AGENT_LINES.goodbye}` },
      ]);
      const tools = await page.$$eval('.transcript .tool', (items) => items.map((item) => [item.getAttribute('data-tool'), item.getAttribute('data-state')]));
      expect(tools).toEqual([
        ['request_callback', 'done'],
        ['end_call', 'done'],
      ]);
      await page.setViewportSize({ width: 1280, height: 900 });
      await saveScreenshot(page, 'client');

      // The conversation was call-<callSid>, like any call: its tools ran as runTool Updates, its transcript and summary were kept.
      const result = await stack.sb.calls.handle(callSid).result();
      expect(result.toolCalls).toEqual([
        { toolCallId: expect.any(String), name: 'request_callback', ok: true },
        { toolCallId: expect.any(String), name: 'end_call', ok: true },
      ]);
      const history = await stack.sb.calls.handle(callSid).fetchHistory();
      expect(acceptedUpdates(history).map((update) => update.name)).toEqual(['runTool', 'runTool']);
      const callback = await stack.sb.db.callback.findFirstOrThrow({ where: { callSid } });
      expect(callback.phone).toBe(CREW_PHONE);
      const call = await fetch(`${stack.apiUrl}/v1/calls/${callSid}`, { headers: bearer(await issueKey(stack.sb.db, 'admin')) });
      const view = (await call.json()) as { from: string; transcript: Array<{ role: string; text: string }>; summary: unknown };
      expect(view.from).toBe(CREW_PHONE);
      expect(view.transcript.map((turn) => turn.text)).toEqual(turns.map((turn) => turn.text));
      expect(view.summary).not.toBeNull();
      expect(cspViolations).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('says plainly that the microphone is blocked, and starts no conversation', async () => {
    // No fake UI: nobody grants the permission prompt, so Chromium denies it.
    const browser = await launchChromium({ args: ['--use-fake-device-for-media-stream'] });
    try {
      const page = await openClient(browser);
      const apiRequests: string[] = [];
      page.on('request', (request) => {
        if (new URL(request.url()).pathname.startsWith('/v1/')) apiRequests.push(request.url());
      });
      await page.getByRole('button', { name: 'Start' }).click();

      const alert = page.getByRole('alert');
      await alert.waitFor();
      expect(await alert.innerText()).toBe(
        'Microphone access is blocked. Allow the microphone for this site (in the address bar or your browser settings), then press Start again.',
      );
      expect(await page.getByRole('button', { name: 'Start' }).isEnabled()).toBe(true);
      expect(apiRequests).toEqual([]);
      await saveScreenshot(page, 'client-mic-denied');
    } finally {
      await browser.close();
    }
  });
});
