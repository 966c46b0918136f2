import fc from 'fast-check';
import twilio from 'twilio';
import { TWILIO_CALL_STATUSES } from '../../../libs/calls/src';
import { nastyText } from './nasty-text';

export type Form = Record<string, string>;

const hex32 = fc.stringMatching(/^[0-9a-f]{32}$/);
const digits = fc.nat({ max: 100_000 }).map(String);
const phone = (ourNumber: string) => fc.oneof(fc.constant(ourNumber), fc.stringMatching(/^\+1[2-9]\d{9}$/));

/** A value Twilio could send for each field the webhooks read, for any of them. */
const plausible = (ourNumber: string): Record<string, fc.Arbitrary<string>> => ({
  CallSid: hex32.map((hex) => `CA${hex}`),
  MessageSid: fc.tuple(fc.constantFrom('SM', 'MM'), hex32).map(([prefix, hex]) => prefix + hex),
  From: phone(ourNumber),
  To: phone(ourNumber),
  CallStatus: fc.constantFrom(...TWILIO_CALL_STATUSES),
  Direction: fc.constantFrom('inbound', 'outbound-api', 'outbound-dial'),
  CallDuration: digits,
  SequenceNumber: digits,
  Timestamp: fc.date({ noInvalidDate: true }).map((date) => date.toUTCString()),
  RecordingUrl: fc.webUrl(),
  RecordingDuration: digits,
  RecordingSid: hex32.map((hex) => `RE${hex}`),
  Body: nastyText(),
  OptOutType: fc.constantFrom('STOP', 'START', 'HELP'),
  MessageStatus: fc.constantFrom('queued', 'sent', 'delivered', 'undelivered', 'failed', 'read'),
  ErrorCode: digits,
  AnsweredBy: fc.constantFrom('human', 'machine_start', 'machine_end_beep', 'machine_end_silence', 'machine_end_other', 'fax', 'unknown'),
  MachineDetectionDuration: digits,
});

/** Twilio's parameter names are plain words; so are the fuzzed extra ones (the signature covers them as sent). */
const paramName = fc.stringMatching(/^[A-Z][A-Za-z0-9]{0,15}$/);

/**
 * A webhook form of any shape: each field a webhook reads is absent, plausible
 * or any text at all, with extra fields Twilio might add. `ourNumber` makes
 * some of them reach a tenant (a call workflow started, a text stored).
 */
export function twilioForm(ourNumber: string): fc.Arbitrary<Form> {
  const fields = Object.fromEntries(Object.entries(plausible(ourNumber)).map(([name, value]) => [name, fc.oneof(value, value, nastyText())]));
  return fc
    .tuple(fc.record(fields, { requiredKeys: [] }), fc.dictionary(paramName, nastyText(), { maxKeys: 4 }))
    .map(([known, extra]) => ({ ...extra, ...(known as Form) }));
}

export const signatureFor = (authToken: string, url: string, form: Form): string => twilio.getExpectedTwilioSignature(authToken, url, form);

/** Posts a form with exactly these headers (no signature header when it is undefined). */
export function postForm(url: string, form: Form, signature: string | undefined, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...(signature === undefined ? {} : { 'x-twilio-signature': signature }), ...headers },
    body: new URLSearchParams(form),
  });
}
