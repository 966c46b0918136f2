/**
 * What the agent tells a caller when it books: recorded, word for word, as
 * the caller's consent to confirmation texts and reminders.
 */
export const REMINDER_CONSENT_WORDING =
  "We'll text you a confirmation and a reminder beforehand. Reply STOP at any time to opt out.";

/** Appended to every booking tool's description, so the model says it before booking. */
export const SAY_CONSENT_WORDING = `Before booking, tell the caller: "${REMINDER_CONSENT_WORDING}"`;
