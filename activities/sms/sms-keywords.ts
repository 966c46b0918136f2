import type { OptOutType } from '../../libs/sms/src/sms-messages';

/**
 * An opt-out keyword stops reminder calls as well as texts: whoever replies
 * STOP to a reminder wants no more reminders, and a revocation of consent by
 * any reasonable means covers the automated calls too. START takes back what
 * a text did (`optBackInByText`).
 */
export type SmsKeyword = { kind: 'opt_out' } | { kind: 'opt_in' } | { kind: 'help' };

const OPT_OUT: SmsKeyword = { kind: 'opt_out' };
const OPT_IN: SmsKeyword = { kind: 'opt_in' };
const HELP: SmsKeyword = { kind: 'help' };

/** The CTIA / Twilio keywords, matched against the whole message. */
const KEYWORDS: Record<string, SmsKeyword> = {
  STOP: OPT_OUT,
  STOPALL: OPT_OUT,
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
  // Twilio's verdict decides when it gave one: its keyword list may be customized.
  return sms.optOutType ? BY_OPT_OUT_TYPE[sms.optOutType] : KEYWORDS[sms.body.trim().toUpperCase()];
}
