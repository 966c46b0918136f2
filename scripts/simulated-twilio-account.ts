/** A made-up Twilio account the local stack's REST simulator and apps agree on, and local callers sign their webhooks with. */
export const SIMULATED_TWILIO = { accountSid: `AC${'5'.repeat(32)}`, authToken: 'local-simulator-auth-token' };
