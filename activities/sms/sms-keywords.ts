import type { OptOutType } from '../../libs/sms/src/sms-messages';
import type { OptOutChannel } from '../consent/do-not-contact';

export type SmsKeyword = { kind: 'opt_out'; channel: OptOutChannel } | { kind: 'opt_in' } | { kind: 'help' };

const OPT_OUT: SmsKeyword = { kind: 'opt_out', channel: 'sms' };
const OPT_IN: SmsKeyword = { kind: 'opt_in' };
const HELP: SmsKeyword = { kind: 'help' };

/** The CTIA / Twilio keywords, matched against the whole message. STOPALL asks for no contact at all. */
const KEYWORDS: Record<string, SmsKeyword> = {
  STOP: OPT_OUT,
  STOPALL: { kind: 'opt_out', channel: 'all' },
  UNSUBSCRIBE: OPT_OUT,
  CANCEL: OPT_OUT,
  END: OPT_OUT,
  QUIT: OPT_OUT,
  REVOKE: OPT_OUT,
  OPTOUT: OPT_OUT,
  START: OPT_IN,
  YES: OPT_IN,
  UNSTOP: OPT_IN,
  HELP,
  INFO: HELP,
};

const BY_OPT_OUT_TYPE: Record<OptOutType, SmsKeyword> = { STOP: OPT_OUT, START: OPT_IN, HELP };

/**
 * The keyword a text is, if any: Twilio's own verdict (`OptOutType`) when it
 * sent one, else the whole body, trimmed, in any case. "Stop please" is a
 * message, not a keyword, as carriers treat it.
 */
export function keywordOf(sms: { body: string; optOutType?: OptOutType }): SmsKeyword | undefined {
  const own = KEYWORDS[sms.body.trim().toUpperCase()];
  if (!sms.optOutType) return own;
  const twilios = BY_OPT_OUT_TYPE[sms.optOutType];
  // Twilio's verdict decides the kind (its keyword list may be customized); ours may still narrow the channel (STOPALL).
  return own?.kind === twilios.kind ? own : twilios;
}
