import { genericAgent, playScript, type PlanFactory, type SessionFacts } from '../realtime';
import { autoShopConversation, hotelConversation, realEstateConversation, roofingConversation, type DemoConversation } from './demo-conversations';

/** Every demo conversation, each made afresh when a call needs it (its dates count from today). */
export const DEMO_CONVERSATIONS: ReadonlyArray<() => DemoConversation> = [
  () => autoShopConversation(),
  realEstateConversation,
  roofingConversation,
  hotelConversation,
];

/**
 * Each call's plan, chosen from what its session knows: a demo caller
 * calling their demo business (the session's instructions name both) gets
 * that conversation's script, and the generic agent once they leave it;
 * anyone else gets the generic agent.
 */
export function demoPlan(conversations: ReadonlyArray<() => DemoConversation> = DEMO_CONVERSATIONS): PlanFactory {
  return (session) => {
    const conversation = conversations.map((make) => make()).find((candidate) => isCallOf(candidate, session));
    return conversation ? playScript(conversation.script, genericAgent)(session) : genericAgent(session);
  };
}

function isCallOf(conversation: DemoConversation, session: SessionFacts): boolean {
  return session.instructions.includes(conversation.callerNumber) && session.instructions.includes(conversation.tenant.name);
}
