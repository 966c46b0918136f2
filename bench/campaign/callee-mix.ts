import { VoicemailBox, type TwilioRestSimulator } from '../../simulators/twilio';

/** Who answers a bench campaign's calls: 60 % human, 25 % voicemail, 10 % no answer, 5 % busy, by position. */
export function scriptMixedCallees(rest: TwilioRestSimulator, phones: string[]) {
  const counts = { human: 0, voicemail: 0, noAnswer: 0, busy: 0 };
  // A machine records after a one-second greeting until the message ends: however slow the engine, the voicemail is left.
  const voicemail = new VoicemailBox({ greetingMs: 1_000 });
  phones.forEach((phone, index) => {
    const slot = index % 20;
    if (slot < 12) {
      counts.human += 1;
    } else if (slot < 17) {
      counts.voicemail += 1;
      rest.scriptCallee(phone, voicemail.callee());
    } else {
      // The one redial meets an (unscripted) human.
      if (slot < 19) counts.noAnswer += 1;
      else counts.busy += 1;
      rest.scriptCallee(phone, { outcome: slot < 19 ? 'no-answer' : 'busy' });
    }
  });
  return { counts, voicemail };
}
