import { Counter } from 'prom-client';

/** Twilio webhooks refused before they reached a handler. */
export const webhookRejections = new Counter({
  name: 'switchboard_webhook_rejected_total',
  help: 'Twilio webhooks refused by the signature check, by reason (missing_signature, invalid_signature, not_configured: no TWILIO_AUTH_TOKEN)',
  labelNames: ['reason'] as const,
});
