import { Client, Connection } from '@temporalio/client';
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApiKeyStore } from '../../apps/api/src/api-keys/api-key-store';
import { callWorkflowId } from '../../libs/calls/src';
import { SECRET_SETTINGS } from '../../libs/config/src/secret-settings';
import { CALL_COMPLETED } from '../../libs/crm-sync/src/crm-sync';
import { newWebhookSecret, sealWebhookSecret } from '../../libs/crm-sync/src/webhook-secret';
import { createPrismaClient, type PrismaClient } from '../../libs/db/src/prisma';
import { dataKeyRingFrom } from '../../libs/encryption/src/sealed-secret';
import { AppProcess, freeLoopbackPort, waitForHealth } from '../../libs/infra/src/app-process';
import { maskPhoneNumber } from '../../libs/logging/src/logger';
import { AUTO_SHOP } from '../../prisma/seed/demo-data';
import { genericAgent, RealtimeSimulator } from '../../simulators/realtime';
import { findConnectStream, PhoneSimulator, TwilioRestSimulator } from '../../simulators/twilio';
import { eventually } from '../media-edge/support/eventually';
import { tenantIdOf } from '../support/call-fixtures';
import { requiredEnv } from '../support/test-env';
import { babble } from '../stack/support/unscripted-caller';

const REPO_ROOT = path.resolve(__dirname, '../..');
/** A caller's number, and its digits as they could leak in any format. */
const CALLER = '+14155557391';
const CALLER_DIGITS = ['4155557391', '555-7391', '5557391'];
const UNKNOWN_LINE = '+15550106482';

/**
 * The worker, the API and the media-edge as the processes production runs,
 * every secret from a file (`<NAME>_FILE`) with a value found nowhere else,
 * logging at `trace`, through a recorded phone call (synced to a CRM webhook
 * signed with a sealed secret), a browser session and some refused requests.
 * Then their whole output is searched: no secret, no token and no phone
 * number may be in it but the last four digits.
 */
describe('what the processes log', () => {
  const secrets = {
    TWILIO_AUTH_TOKEN: `twilio-token-${randomBytes(16).toString('hex')}`,
    OPENAI_API_KEY: `sk-logcheck-${randomBytes(16).toString('hex')}`,
    OPENAI_SPEECH_API_KEY: `sk-speech-${randomBytes(16).toString('hex')}`,
    STREAM_TOKEN_SECRET: `stream-secret-${randomBytes(16).toString('hex')}`,
    DATABASE_PASSWORD: `db-password-${randomBytes(16).toString('hex')}`,
    RECORDING_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    RECORDING_PREVIOUS_KEYS: randomBytes(32).toString('base64'),
    DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    DATA_PREVIOUS_KEYS: randomBytes(32).toString('base64'),
    METRICS_TOKEN: `metrics-token-${randomBytes(16).toString('hex')}`,
  };
  /** The auto shop's CRM webhook signing secret: the database holds it sealed, the worker signs with it. */
  const webhookSecret = newWebhookSecret();
  const twilio = { accountSid: `AC${randomBytes(16).toString('hex')}`, authToken: secrets.TWILIO_AUTH_TOKEN };
  const output: string[] = [];
  /** Bearer tokens handed out during the run: none may be logged either. */
  const tokens: string[] = [];
  const apps: AppProcess[] = [];
  let secretsDir: string;
  let rest: TwilioRestSimulator;
  let realtime: RealtimeSimulator;
  let db: PrismaClient;
  let temporal: Connection;
  let crm: Server;
  let apiUrl: string;

  beforeAll(async () => {
    secretsDir = mkdtempSync(path.join(tmpdir(), 'secrets-in-logs-'));
    const secretFiles = Object.fromEntries(
      Object.entries(secrets).map(([name, value]) => {
        const file = path.join(secretsDir, name.toLowerCase());
        writeFileSync(file, `${value}\n`, { mode: 0o600 });
        return [`${name}_FILE`, file];
      }),
    );
    db = createPrismaClient(requiredEnv('DATABASE_URL'), 2);
    // A CRM that takes every delivery: the worker opens the sealed secret and signs with it.
    crm = createServer((_request, response) => void response.writeHead(204).end());
    await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', resolve));
    const autoShopId = await tenantIdOf(db, AUTO_SHOP);
    // The auto shop records its calls for this file: the recorder and the decrypting endpoint log too.
    await db.agentConfig.update({
      where: { tenantId: autoShopId },
      data: {
        recordingEnabled: true,
        crmWebhookUrl: `http://127.0.0.1:${(crm.address() as AddressInfo).port}/switchboard`,
        crmWebhookSecret: sealWebhookSecret(webhookSecret, autoShopId, dataKeyRingFrom(secrets)!),
      },
    });
    rest = await TwilioRestSimulator.start(twilio);
    realtime = await RealtimeSimulator.start({ plan: genericAgent, apiKey: secrets.OPENAI_API_KEY });
    temporal = await Connection.connect({ address: requiredEnv('TEMPORAL_ADDRESS') });

    const [apiPort, mediaEdgePort, workerPort] = [await freeLoopbackPort(), await freeLoopbackPort(), await freeLoopbackPort()];
    apiUrl = `http://127.0.0.1:${apiPort}`;
    const mediaEdgeUrl = `ws://127.0.0.1:${mediaEdgePort}`;
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      SWITCHBOARD_TODAY: process.env.SWITCHBOARD_TODAY,
      LOG_LEVEL: 'trace',
      ...secretFiles,
      // Without its password: DATABASE_PASSWORD_FILE puts it in.
      DATABASE_URL: requiredEnv('DATABASE_URL'),
      TEMPORAL_ADDRESS: requiredEnv('TEMPORAL_ADDRESS'),
      TEMPORAL_TASK_QUEUE: `secrets-in-logs-${randomUUID()}`,
      WORKFLOW_BUNDLE_PATH: requiredEnv('WORKFLOW_BUNDLE_PATH'),
      PUBLIC_URL: apiUrl,
      PORT: String(apiPort),
      MEDIA_EDGE_PORT: String(mediaEdgePort),
      WORKER_METRICS_PORT: String(workerPort),
      MEDIA_STREAM_URL: `${mediaEdgeUrl}/media`,
      BROWSER_STREAM_URL: `${mediaEdgeUrl}/browser`,
      OPENAI_REALTIME_URL: realtime.url,
      // Nothing asks it for speech in this test; the worker only builds its client.
      OPENAI_SPEECH_BASE_URL: 'http://127.0.0.1:9/v1',
      TWILIO_ACCOUNT_SID: twilio.accountSid,
      TWILIO_API_BASE_URL: rest.baseUrl,
      RECORDINGS_DIR: path.join(secretsDir, 'recordings'),
      OUTBOUND_ALLOW_LIST: CALLER,
      SMS_FOLLOW_UP_DELAY_SECONDS: '0',
    };
    const log = (line: string) => output.push(line);
    // Summaries stay local and the browser agent uses the media-edge: the worker and the API get no OpenAI key.
    const withoutOpenAi = { ...env, OPENAI_API_KEY_FILE: undefined };
    apps.push(AppProcess.start('worker', 'apps/worker/src/main.ts', withoutOpenAi, { log }));
    apps.push(AppProcess.start('api', 'apps/api/src/main.ts', { ...withoutOpenAi, OPENAI_SPEECH_API_KEY_FILE: undefined }, { log }));
    apps.push(AppProcess.start('media-edge', 'apps/media-edge/src/main.ts', env, { log }));
    await Promise.race([
      Promise.all([waitForHealth(`${apiUrl}/readyz`, 170_000), waitForHealth(`http://127.0.0.1:${mediaEdgePort}/healthz`, 170_000), waitForHealth(`http://127.0.0.1:${workerPort}/healthz`, 170_000)]),
      ...apps.map((app) => app.crashed),
    ]);
  }, 180_000);

  afterAll(async () => {
    await Promise.all(apps.map((app) => app.stop()));
    crm?.closeAllConnections();
    await Promise.all([rest?.close(), realtime?.close(), temporal?.close(), db?.$disconnect(), crm && new Promise((resolve) => crm.close(resolve))]);
    const logDir = path.join(REPO_ROOT, '.cache', 'test');
    mkdirSync(logDir, { recursive: true });
    writeFileSync(path.join(logDir, `secrets-in-logs-${process.pid}.log`), `${output.join('\n')}\n`);
    rmSync(secretsDir, { recursive: true, force: true });
  });

  it('runs the processes with every secret setting but DATABASE_URL (whose password is DATABASE_PASSWORD) from a file', () => {
    expect(SECRET_SETTINGS.filter((name) => name !== 'DATABASE_URL' && !(name in secrets))).toEqual([]);
  });

  it('holds no secret, token or phone number through a recorded call, a browser session and refused requests', async () => {
    const phone = new PhoneSimulator();
    const dialed = await phone.dial({ apiBaseUrl: apiUrl, publicUrl: apiUrl, ...twilio, from: CALLER, to: AUTO_SHOP.phoneNumber, rest });
    if (dialed.kind !== 'stream') throw new Error(`expected a media stream, got ${JSON.stringify(dialed)}`);
    tokens.push(findConnectStream(dialed.verbs)!.parameters.token);
    const call = dialed.call;
    await call.waitForAgentAudio();
    await call.waitForAgentSilence();
    // The generic agent takes a message for the caller's number (request_callback), then hangs up.
    await call.speak(babble(1));
    await call.waitForClosed();
    const callSid = call.callSid;
    await new Client({ connection: temporal }).workflow.getHandle(callWorkflowId(callSid)).result();
    // The worker opened the sealed secret and signed with it.
    const sync = await eventually(
      "the call's CRM sync to end",
      async () => {
        const row = await db.syncOutbox.findUnique({ where: { sourceKey: `${CALL_COMPLETED}:${callSid}` }, select: { status: true, lastError: true } });
        return row?.status !== 'PENDING' && row;
      },
      60_000,
      200,
    );
    expect(sync).toEqual({ status: 'SENT', lastError: null });

    const { key: adminKey } = await new ApiKeyStore(db).create({ role: 'admin' }, 'log check');
    tokens.push(adminKey);
    const asAdmin = { authorization: `Bearer ${adminKey}` };
    const view = (await (await fetch(`${apiUrl}/v1/calls/${callSid}`, { headers: asAdmin })).json()) as { toolCalls: Array<{ name: string }>; recordingUrl: string };
    expect(view.toolCalls.map((tool) => tool.name)).toEqual(['request_callback', 'end_call']);
    expect((await fetch(`${apiUrl}${view.recordingUrl}`, { headers: asAdmin })).status).toBe(200);

    // A browser session through a session link, the way the page runs one.
    const created = await fetch(`${apiUrl}/v1/session-links`, {
      method: 'POST',
      headers: { ...asAdmin, 'content-type': 'application/json' },
      body: JSON.stringify({ label: 'log check', phone: CALLER, tenant: AUTO_SHOP.slug }),
    });
    const link = (await created.json()) as { token: string };
    tokens.push(link.token);
    const session = (await (await fetch(`${apiUrl}/v1/session`, { headers: { authorization: `Bearer ${link.token}` } })).json()) as { callSid: string; connection: { token: string } };
    tokens.push(session.connection.token);
    const ended = await fetch(`${apiUrl}/v1/calls/${session.callSid}/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${link.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ seq: 1, event: { type: 'ended' } }),
    });
    expect(ended.status).toBe(204);

    // Refused: a guessed key, a forged webhook, a call to a number nobody answers on.
    const guessed = `sb_live_${randomBytes(20).toString('hex')}`;
    tokens.push(guessed);
    expect((await fetch(`${apiUrl}/v1/calls`, { headers: { authorization: `Bearer ${guessed}` } })).status).toBe(401);
    // A scrape with the metrics token, and one that guesses it.
    expect((await fetch(`${apiUrl}/metrics`, { headers: { authorization: `Bearer ${secrets.METRICS_TOKEN}` } })).status).toBe(200);
    expect((await fetch(`${apiUrl}/metrics`, { headers: { authorization: `Bearer ${guessed}` } })).status).toBe(401);
    const forged = await phone.dial({ apiBaseUrl: apiUrl, publicUrl: apiUrl, accountSid: twilio.accountSid, authToken: 'not-the-auth-token', from: CALLER, to: AUTO_SHOP.phoneNumber });
    expect(forged).toMatchObject({ kind: 'webhook-failed', status: 403 });
    expect((await phone.dial({ apiBaseUrl: apiUrl, publicUrl: apiUrl, ...twilio, from: CALLER, to: UNKNOWN_LINE })).kind).toBe('twiml');

    await Promise.all(apps.map((app) => app.stop()));
    const logged = output.join('\n');

    // What was logged is the run: every process, at every level down to trace, about this call.
    for (const name of ['worker', 'api', 'media-edge']) expect(logged).toContain(`[${name}]`);
    expect(logged).toMatch(/TRACE|"level":10/);
    expect(logged).toMatch(/DEBUG|"level":20/);
    expect(logged).toContain(callSid);
    // A number that is logged shows its last four digits only.
    expect(logged).toContain(maskPhoneNumber(UNKNOWN_LINE));

    // Base64 hides nothing: whatever decodes from the output is searched too.
    const decoded = (logged.match(/[A-Za-z0-9+/_-]{16,}={0,2}/g) ?? []).map((run) => Buffer.from(run, 'base64').toString('latin1')).join('\n');
    const leaks = [...Object.values(secrets), webhookSecret, webhookSecret.slice('whsec_'.length), ...tokens, ...CALLER_DIGITS, UNKNOWN_LINE.slice(2)].filter(
      (secret) => logged.includes(secret) || decoded.includes(secret),
    );
    expect(leaks).toEqual([]);
  });
});
