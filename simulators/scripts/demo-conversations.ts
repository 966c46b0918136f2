import { DateTime } from 'luxon';
import { clockFromEnv } from '../../libs/config/src/env';
import { AUTO_SHOP, HOTEL, KNOWN, REAL_ESTATE, ROOFING, type DemoTenant } from '../../prisma/seed/demo-data';
import type { ConversationScript, ScriptContext } from '../realtime';

/**
 * One scripted phone conversation per demo tenant: what the caller says (spoken
 * with eSpeak NG by the phone simulator) and what the simulated model answers
 * and which tools it calls (the Realtime simulator's script). The demo, the
 * end-to-end tests and the media benchmark all play these.
 */
export interface DemoConversation {
  tenant: DemoTenant;
  callerNumber: string;
  /** Caller lines, in order; the Realtime simulator reports the same text as their transcripts. */
  callerLines: string[];
  script: ConversationScript;
  /** What the caller does, in order, and how many scripted replies each action gets. */
  steps: CallerStep[];
  /** Tools the call must have run, in order. */
  expectedTools: string[];
}

export type CallerStep = { say: string; replies: number } | { press: string; replies: number };

/** One `say` step per scripted turn: the caller says the line, the model answers with all the turn's replies. */
const sayEachTurn = (script: ConversationScript): CallerStep[] => script.turns.map((t) => ({ say: t.caller, replies: t.replies.length }));

/**
 * Data of the latest successful output of a tool, as the model saw it;
 * undefined when there is none (the caller went off script, or the tool
 * failed): the reply then returns undefined and the generic agent takes over.
 */
function lastOutput<T>(conversation: ScriptContext, tool: string): T | undefined {
  const output = [...conversation.toolOutputs].reverse().find((o) => o.name === tool);
  if (!output) return undefined;
  try {
    const envelope = JSON.parse(output.output) as { ok?: boolean; data?: T };
    return envelope.ok ? envelope.data : undefined;
  } catch {
    return undefined;
  }
}

/** Now as SWITCHBOARD_TODAY sets it, which is what the worker's tools go by. */
const nowIn = (timeZone: string): DateTime => DateTime.fromJSDate(clockFromEnv()(), { zone: timeZone });

/** A weekday at least `daysAhead` days out, in the tenant's zone. */
function weekdayAhead(tenant: DemoTenant, daysAhead: number): DateTime {
  let day = nowIn(tenant.timeZone).plus({ days: daysAhead }).startOf('day');
  while (day.weekday > 5) day = day.plus({ days: 1 });
  return day;
}

const spoken = (local: string) => DateTime.fromISO(local).toFormat("cccc 'at' h:mm a");

export function autoShopConversation(daysAhead = 1): DemoConversation {
  const maria = KNOWN.autoShop.customer;
  const day = weekdayAhead(AUTO_SHOP, daysAhead).toISODate()!;
  type Slots = { slots: Array<{ start: string }> };
  const callerLines = [
    "Hi, this is Maria. I'd like to book an oil change for my Civic.",
    'The second one works for me.',
    "No, that's all. Thank you!",
  ];
  return {
    tenant: AUTO_SHOP,
    callerNumber: maria.phone,
    callerLines,
    expectedTools: ['lookup_customer', 'check_availability', 'book_appointment'],
    steps: [
      { say: callerLines[0], replies: 3 },
      { say: callerLines[1], replies: 2 },
      { press: '1', replies: 1 },
      { say: callerLines[2], replies: 1 },
    ],
    script: {
      turns: [
        {
          caller: callerLines[0],
          replies: [
            { say: 'Let me pull up your account.', call: { name: 'lookup_customer', arguments: {} } },
            { call: { name: 'check_availability', arguments: { date: day, service: 'Oil change' } } },
            (c) => {
              const [first, second] = lastOutput<Slots>(c, 'check_availability')?.slots ?? [];
              if (!second) return undefined;
              // Long on purpose: the caller interrupts it (barge-in).
              return {
                say:
                  `Thanks Maria, I found your 2019 Honda Civic. For an oil change I have ${spoken(first.start)} ` +
                  `or ${spoken(second.start)}, and a few more times later that afternoon if neither of those works for you. ` +
                  'Which one would you like me to put you down for?',
              };
            },
          ],
        },
        {
          caller: callerLines[1],
          replies: [
            (c) => {
              const second = lastOutput<Slots>(c, 'check_availability')?.slots[1];
              return second && { call: { name: 'book_appointment', arguments: { start: second.start, service: 'Oil change', customer_name: maria.name } } };
            },
            (c) => {
              const booked = lastOutput<{ start: string }>(c, 'book_appointment');
              return booked && { say: `You're all set for ${spoken(booked.start)}. Press 1 if you'd like a text confirmation.` };
            },
            // Answers the keypad press, which the bridge passes on as text.
            { say: "Got it, I'll text you a confirmation. Anything else?" },
          ],
        },
        { caller: callerLines[2], replies: [{ say: 'Thanks for calling Rivera Auto Repair. Goodbye!' }] },
      ],
    },
  };
}

export function realEstateConversation(): DemoConversation {
  const daniel = KNOWN.realEstate.caller;
  const showing = weekdayAhead(REAL_ESTATE, 8).set({ hour: 11 }).toFormat("yyyy-MM-dd'T'HH:mm");
  type Search = { properties: Array<{ property_id: string; address: string; price_dollars: number }> };
  const callerLines = ["Hi, I'm looking for a three bedroom home in Boulder under a million.", 'Yes please, can I see it next week?'];
  const conversation: Omit<DemoConversation, 'steps'> = {
    tenant: REAL_ESTATE,
    callerNumber: daniel.phone,
    callerLines,
    expectedTools: ['search_properties', 'book_showing'],
    script: {
      turns: [
        {
          caller: callerLines[0],
          replies: [
            { call: { name: 'search_properties', arguments: { city: 'Boulder', max_price: 1_000_000, min_bedrooms: 3 } } },
            (c) => {
              const home = lastOutput<Search>(c, 'search_properties')?.properties[0];
              return home && { say: `I found ${home.address} for ${home.price_dollars} dollars. Would you like to see it?` };
            },
          ],
        },
        {
          caller: callerLines[1],
          replies: [
            (c) => {
              const home = lastOutput<Search>(c, 'search_properties')?.properties[0];
              return home && { call: { name: 'book_showing', arguments: { property_id: home.property_id, start: showing, name: daniel.name } } };
            },
            { say: `Your showing is booked for ${spoken(showing)}. See you there!` },
          ],
        },
      ],
    },
  };
  return { ...conversation, steps: sayEachTurn(conversation.script) };
}

export function roofingConversation(): DemoConversation {
  const callerLines = ['Hi, this is Alex Morgan at 12 Oak Street in Decatur. The storm damaged my roof.', 'Great, thanks. Bye.'];
  const conversation: Omit<DemoConversation, 'steps'> = {
    tenant: ROOFING,
    callerNumber: '+14045550123',
    callerLines,
    expectedTools: ['create_contact', 'log_activity'],
    script: {
      turns: [
        {
          caller: callerLines[0],
          replies: [
            { say: "I'm sorry to hear that.", call: { name: 'create_contact', arguments: { name: 'Alex Morgan', address: '12 Oak Street, Decatur, GA' } } },
            (c) => {
              const contact = lastOutput<{ contact_id: string }>(c, 'create_contact');
              const description = 'Storm damage to the roof; caller asks for an inspection.';
              return contact && { call: { name: 'log_activity', arguments: { contact_id: contact.contact_id, kind: 'inspection_request', description } } };
            },
            { say: "I've logged an inspection request. Someone will call you back today." },
          ],
        },
        { caller: callerLines[1], replies: [{ say: 'Take care, goodbye!' }] },
      ],
    },
  };
  return { ...conversation, steps: sayEachTurn(conversation.script) };
}

export function hotelConversation(): DemoConversation {
  const olivia = KNOWN.hotel.guest;
  const checkIn = nowIn(HOTEL.timeZone).plus({ days: 12 });
  const stay = { check_in: checkIn.toISODate()!, check_out: checkIn.plus({ days: 2 }).toISODate()!, guests: 2 };
  const callerLines = ['Hi, do you have a king room for two nights, for two people?', 'Yes, please book it. My name is Olivia Chen.'];
  const conversation: Omit<DemoConversation, 'steps'> = {
    tenant: HOTEL,
    callerNumber: olivia.phone,
    callerLines,
    expectedTools: ['check_room_availability', 'create_reservation_request', 'send_payment_link'],
    script: {
      turns: [
        {
          caller: callerLines[0],
          replies: [
            { call: { name: 'check_room_availability', arguments: { ...stay, room_type: 'king' } } },
            { say: 'Yes, a king room is available at 189 dollars a night. Shall I reserve it?' },
          ],
        },
        {
          caller: callerLines[1],
          replies: [
            { call: { name: 'create_reservation_request', arguments: { ...stay, room_type: 'king', guest_name: olivia.name } } },
            (c) => {
              const request = lastOutput<{ reservation_request_id: string }>(c, 'create_reservation_request');
              return request && { call: { name: 'send_payment_link', arguments: { reservation_request_id: request.reservation_request_id } } };
            },
            { say: "I've texted you a payment link to confirm. See you soon!" },
          ],
        },
      ],
    },
  };
  return { ...conversation, steps: sayEachTurn(conversation.script) };
}
