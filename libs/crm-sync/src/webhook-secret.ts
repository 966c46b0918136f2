import { randomBytes } from 'node:crypto';
import type { EncryptionKeyRing } from '../../encryption/src/key-ring';
import { openSealedSecret, sealSecret, type SecretBinding } from '../../encryption/src/sealed-secret';

// A tenant's Standard Webhooks signing secret, as AgentConfig.crmWebhookSecret holds it: sealed (libs/encryption).

/** 24 random bytes: Standard Webhooks asks for 24 to 64. */
const SECRET_KEY_BYTES = 24;

const bindingOf = (tenantId: string): SecretBinding => ({ purpose: 'AgentConfig.crmWebhookSecret', tenantId });

/** How a signing secret starts; stored so, it is in plain text (as deployments before sealing stored it). */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** A fresh signing secret: `whsec_` and a base64 key, what the receiver verifies with. */
export function newWebhookSecret(): string {
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(SECRET_KEY_BYTES).toString('base64')}`;
}

/** `secret` as the tenant's AgentConfig row stores it; it opens for that tenant's row alone. */
export function sealWebhookSecret(secret: string, tenantId: string, keys: EncryptionKeyRing): string {
  return sealSecret(secret, bindingOf(tenantId), keys);
}

/** The secret the tenant's row holds sealed; throws SealedSecretRefusedError. */
export function openWebhookSecret(sealed: string, tenantId: string, keys: EncryptionKeyRing): string {
  return openSealedSecret(sealed, bindingOf(tenantId), keys);
}
