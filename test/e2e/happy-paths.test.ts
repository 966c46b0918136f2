import {
  autoShopConversation,
  hotelConversation,
  realEstateConversation,
  roofingConversation,
  type DemoConversation,
} from '../../simulators/scripts/demo-conversations';
import { callWorkflowId } from '../../libs/calls/src';
import { playConversation } from '../../simulators/scripts/play-conversation';
import { startE2EStack } from './support/e2e-stack';

/**
 * One real-time phone call per demo business: signed webhook, TwiML, Media
 * Streams with spoken caller audio, the Realtime simulator's scripted model,
 * tools as workflow Updates, hang-up, post-call summary.
 */
describe.each<[string, () => DemoConversation]>([
  ['auto shop', () => autoShopConversation(3)],
  ['real estate', realEstateConversation],
  ['roofing', roofingConversation],
  ['hotel', hotelConversation],
])('a phone call to the %s', (_name, makeConversation) => {
  it('greets, runs the tools once each, keeps the transcript and summarizes', async () => {
    const conversation = makeConversation();
    const stack = await startE2EStack(conversation.script);
    try {
      const call = await stack.dial(conversation);
      await playConversation(stack.realtime, call, conversation.steps);
      const result = await stack.sb.calls.handle(call.callSid).result();

      const greeting = stack.realtime.sessions[0].responses[0];
      expect(greeting.speechText).toBe(
        conversation.tenant.greetingTemplate.replace('{brand}', conversation.tenant.name).replace('{agent}', conversation.tenant.agentName),
      );
      const session = stack.realtime.sessions[0].config;
      expect(session.audio?.input?.format).toEqual({ type: 'audio/pcmu' });
      expect(session.audio?.output?.format).toEqual({ type: 'audio/pcmu' });
      expect(session.audio?.output?.voice).toBe(conversation.tenant.voice);

      const tools = await stack.sb.db.toolCall.findMany({ where: { callSid: call.callSid }, orderBy: { createdAt: 'asc' } });
      expect(tools.map((t) => [t.name, t.ok])).toEqual(conversation.expectedTools.map((name) => [name, true]));
      const transcript = await stack.sb.db.callTurn.findMany({ where: { callSid: call.callSid }, orderBy: { seq: 'asc' } });
      expect(transcript.filter((t) => t.role === 'CALLER').map((t) => t.text)).toEqual(conversation.callerLines);
      expect(transcript.some((t) => t.role === 'AGENT')).toBe(true);
      expect(result.summary.summary.length).toBeGreaterThan(0);
      expect((await stack.sb.db.call.findUniqueOrThrow({ where: { callSid: call.callSid } })).workflowId).toBe(callWorkflowId(call.callSid));
    } finally {
      await stack.stop();
    }
  });
});
