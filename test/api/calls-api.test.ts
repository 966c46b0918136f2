import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../apps/api/src/app.module';
import { AUTO_SHOP, KNOWN } from '../../prisma/seed/demo-data';
import { callStatusSignal, transcriptTurnSignal } from '../../libs/calls/src/call-messages';
import { inboundCall, tenantIdOf, turn } from '../support/call-fixtures';
import { startTestSwitchboard, type TestSwitchboard } from '../support/switchboard-worker';

describe('API over real HTTP', () => {
  let sb: TestSwitchboard;
  let app: INestApplication;
  let baseUrl: string;

  beforeAll(async () => {
    sb = await startTestSwitchboard();
    app = await NestFactory.create(AppModule, { logger: false });
    await app.listen(0, '127.0.0.1');
    baseUrl = await app.getUrl();
  });
  afterAll(async () => {
    await app.close();
    await sb.shutdown();
  });

  it('reports PostgreSQL and Temporal as up', async () => {
    const response = await fetch(`${baseUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ database: 'up', temporal: 'up' });
  });

  it('rejects a malformed CallSid with the reason, and an unknown one with 404', async () => {
    const malformed = await fetch(`${baseUrl}/calls/not-a-sid`);
    expect(malformed.status).toBe(400);
    expect(((await malformed.json()) as { message: string[] }).message).toEqual(['expected a CallSid: CA followed by 32 hex digits']);

    const unknown = await fetch(`${baseUrl}/calls/CA${'0'.repeat(32)}`);
    expect(unknown.status).toBe(404);
  });

  it('shows a finished call with its transcript, tool calls and summary', async () => {
    const input = inboundCall(await tenantIdOf(sb.db, AUTO_SHOP), AUTO_SHOP, KNOWN.autoShop.customer.phone);
    const handle = await sb.calls.startOrAttach(input);
    await handle.signal(transcriptTurnSignal, turn('caller', 'Where is your shop?'));
    await sb.calls.runTool(input.callSid, `call_api_${input.callSid}`, 'get_location', {});
    await handle.signal(transcriptTurnSignal, turn('agent', `We are at ${AUTO_SHOP.address}.`));
    await handle.signal(callStatusSignal, { status: 'completed', at: new Date().toISOString() });
    await handle.result();

    const response = await fetch(`${baseUrl}/calls/${input.callSid}`);
    expect(response.status).toBe(200);
    const call = await response.json();
    expect(call).toMatchObject({
      callSid: input.callSid,
      workflowId: `call-${input.callSid}`,
      direction: 'inbound',
      from: KNOWN.autoShop.customer.phone,
      transcript: [
        { seq: 0, role: 'caller', text: 'Where is your shop?' },
        { seq: 1, role: 'agent', text: `We are at ${AUTO_SHOP.address}.` },
      ],
      toolCalls: [{ name: 'get_location', ok: true }],
      summary: { outcome: 'information_provided' },
      live: null,
    });
  });
});
