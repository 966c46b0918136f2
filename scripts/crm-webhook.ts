/**
 * `npm run crm-webhook -- <options>`: tenants' CRM webhooks, in the database at $DATABASE_URL.
 *
 *   --tenant <slug or id> --url <http(s) URL>   where the tenant's finished calls go, with a fresh signing secret
 *   --encrypt-existing [--tenant <slug or id>]  seal every signing secret (or the tenant's) under DATA_ENCRYPTION_KEY:
 *                                               those in plain text, and those sealed under a key of DATA_PREVIOUS_KEYS
 *
 * The signing secret is printed on stdout, once, for the receiver; the
 * database holds it sealed under DATA_ENCRYPTION_KEY, the worker's key.
 * After a key rotation, --encrypt-existing moves every secret to the new key
 * (the receivers keep theirs); once it exits 0, the previous key can leave
 * DATA_PREVIOUS_KEYS. It exits 1 when a secret does not open, naming it.
 */
import { parseArgs } from 'node:util';
import { CrmWebhookUrlSchema } from '../libs/agent-config/src/agent-config';
import { ConfigError, DataKeysEnvSchema, loadEnv } from '../libs/config/src/env';
import { newWebhookSecret, openWebhookSecret, sealWebhookSecret, WEBHOOK_SECRET_PREFIX } from '../libs/crm-sync/src/webhook-secret';
import { createPrismaClient, type PrismaClient } from '../libs/db/src/prisma';
import type { EncryptionKeyRing } from '../libs/encryption/src/key-ring';
import { dataKeyRingFrom, isSealedSecret, SealedSecretRefusedError, sealedKeyId } from '../libs/encryption/src/sealed-secret';

const USAGE = `usage:
  npm run crm-webhook -- --tenant <slug or id> --url <http(s) URL>
  npm run crm-webhook -- --encrypt-existing [--tenant <slug or id>]`;

class UsageError extends Error {}
/** Input the command refuses before it changes anything. */
class RefusedInput extends Error {}

type Request = { encryptExisting: true; tenant?: string } | { tenant: string; url: string };

function requestFrom(argv: string[]): Request {
  const { values } = parseArgs({
    args: argv,
    options: { tenant: { type: 'string' }, url: { type: 'string' }, 'encrypt-existing': { type: 'boolean' } },
  });
  const { tenant, url } = values;
  if (values['encrypt-existing']) {
    if (url !== undefined) throw new UsageError('--encrypt-existing takes no --url');
    return { encryptExisting: true, tenant };
  }
  if (tenant === undefined || url === undefined) throw new UsageError('pass --tenant and --url, or --encrypt-existing');
  if (!CrmWebhookUrlSchema.safeParse(url).success) throw new RefusedInput(`--url must be an http:// or https:// URL, not ${JSON.stringify(url)}`);
  return { tenant, url };
}

async function main(argv: string[]): Promise<void> {
  const request = requestFrom(argv);
  const env = loadEnv(process.env, DataKeysEnvSchema);
  const keys = dataKeyRingFrom(env);
  if (!keys) throw new RefusedInput("DATA_ENCRYPTION_KEY is not set: give the command the worker's key (32 random bytes, base64; openssl rand -base64 32 makes one)");
  const db = createPrismaClient(env.DATABASE_URL, 1);
  try {
    if ('encryptExisting' in request) process.exitCode = await sealUnderCurrentKey(db, keys, request.tenant);
    else await setWebhook(db, keys, request.tenant, request.url);
  } finally {
    await db.$disconnect();
  }
}

async function findTenant(db: PrismaClient, tenantRef: string) {
  const tenant = await db.tenant.findFirst({ where: { OR: [{ slug: tenantRef }, { id: tenantRef }] }, select: { id: true, slug: true, agentConfig: { select: { tenantId: true } } } });
  if (!tenant) throw new RefusedInput(`No tenant ${tenantRef}`);
  return tenant;
}

async function setWebhook(db: PrismaClient, keys: EncryptionKeyRing, tenantRef: string, url: string): Promise<void> {
  const tenant = await findTenant(db, tenantRef);
  if (!tenant.agentConfig) throw new RefusedInput(`Tenant ${tenant.slug} has no agent config to hold a CRM webhook`);
  const secret = newWebhookSecret();
  await db.agentConfig.update({ where: { tenantId: tenant.id }, data: { crmWebhookUrl: url, crmWebhookSecret: sealWebhookSecret(secret, tenant.id, keys) } });
  console.log(secret);
  console.error(
    `Set the CRM webhook of ${tenant.slug} (${tenant.id}) to ${url}, signed with the secret above: give it to the receiver now, it is not shown again. A secret set before no longer verifies.`,
  );
}

/** Seals every signing secret not sealed under the current key yet; the exit code: 1 when one did not open. */
async function sealUnderCurrentKey(db: PrismaClient, keys: EncryptionKeyRing, tenantRef: string | undefined): Promise<number> {
  const tenantId = tenantRef === undefined ? undefined : (await findTenant(db, tenantRef)).id;
  const rows = await db.agentConfig.findMany({
    where: { tenantId, crmWebhookSecret: { not: null } },
    select: { tenantId: true, crmWebhookSecret: true, tenant: { select: { slug: true } } },
  });
  const done = { sealed: 0, resealed: 0, refused: 0 };
  for (const row of rows) {
    const stored = row.crmWebhookSecret!;
    const name = `${row.tenant.slug} (${row.tenantId})`;
    const sealed = isSealedSecret(stored);
    const sealedUnder = sealedKeyId(stored);
    // Nothing to do for a secret under the current key already, or for a value the worker does not sign with.
    if (sealed ? sealedUnder === keys.current.id : !stored.startsWith(WEBHOOK_SECRET_PREFIX)) continue;
    let secret = stored;
    if (sealed) {
      try {
        secret = openWebhookSecret(stored, row.tenantId, keys);
      } catch (error) {
        if (!(error instanceof SealedSecretRefusedError)) throw error;
        console.error(`left the CRM webhook signing secret of ${name} as it is, it does not open: ${error.message}; give the tenant a new one with --tenant and --url`);
        done.refused += 1;
        continue;
      }
    }
    // Only if the row still holds what was read: a secret set meanwhile is left as it is.
    const { count } = await db.agentConfig.updateMany({ where: { tenantId: row.tenantId, crmWebhookSecret: stored }, data: { crmWebhookSecret: sealWebhookSecret(secret, row.tenantId, keys) } });
    if (!count) continue;
    console.log(sealed ? `re-sealed the CRM webhook signing secret of ${name}, sealed under key ${sealedUnder} before` : `sealed the CRM webhook signing secret of ${name}`);
    done[sealed ? 'resealed' : 'sealed'] += 1;
  }
  console.error(
    `Sealed ${done.sealed} CRM webhook signing secret(s) stored in plain text and re-sealed ${done.resealed} sealed under a previous key, under key ${keys.current.id}; the receivers keep the secrets they have.` +
      (done.refused ? ` ${done.refused} did not open (above): keep the keys of DATA_PREVIOUS_KEYS until they are replaced.` : ''),
  );
  return done.refused ? 1 : 0;
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  const refused = usage || error instanceof RefusedInput || error instanceof ConfigError;
  console.error(`crm-webhook: ${error instanceof Error ? error.message : String(error)}${usage ? `\n${USAGE}` : ''}`);
  process.exit(refused ? 2 : 1);
});
