/**
 * `npm run crm-webhook -- <options>`: tenants' CRM webhooks, in the database at $DATABASE_URL.
 *
 *   --tenant <slug or id> --url <http(s) URL>   where the tenant's finished calls go, with a fresh signing secret
 *   --encrypt-existing                          seal every signing secret still stored in plain text
 *
 * The signing secret is printed on stdout, once, for the receiver; the
 * database holds it sealed under DATA_ENCRYPTION_KEY, the worker's key.
 */
import { parseArgs } from 'node:util';
import { CrmWebhookUrlSchema } from '../libs/agent-config/src/agent-config';
import { ConfigError, DataKeysEnvSchema, loadEnv } from '../libs/config/src/env';
import { newWebhookSecret, sealWebhookSecret, WEBHOOK_SECRET_PREFIX } from '../libs/crm-sync/src/webhook-secret';
import { createPrismaClient, type PrismaClient } from '../libs/db/src/prisma';
import type { EncryptionKeyRing } from '../libs/encryption/src/key-ring';
import { dataKeyRingFrom } from '../libs/encryption/src/sealed-secret';

const USAGE = `usage:
  npm run crm-webhook -- --tenant <slug or id> --url <http(s) URL>
  npm run crm-webhook -- --encrypt-existing`;

class UsageError extends Error {}
/** Input the command refuses before it changes anything. */
class RefusedInput extends Error {}

type Request = { encryptExisting: true } | { tenant: string; url: string };

function requestFrom(argv: string[]): Request {
  const { values } = parseArgs({
    args: argv,
    options: { tenant: { type: 'string' }, url: { type: 'string' }, 'encrypt-existing': { type: 'boolean' } },
  });
  const { tenant, url } = values;
  if (values['encrypt-existing']) {
    if (tenant !== undefined || url !== undefined) throw new UsageError('--encrypt-existing takes no --tenant or --url');
    return { encryptExisting: true };
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
    if ('encryptExisting' in request) await sealPlaintextSecrets(db, keys);
    else await setWebhook(db, keys, request.tenant, request.url);
  } finally {
    await db.$disconnect();
  }
}

async function setWebhook(db: PrismaClient, keys: EncryptionKeyRing, tenantRef: string, url: string): Promise<void> {
  const tenant = await db.tenant.findFirst({ where: { OR: [{ slug: tenantRef }, { id: tenantRef }] }, select: { id: true, slug: true, agentConfig: { select: { tenantId: true } } } });
  if (!tenant) throw new RefusedInput(`No tenant ${tenantRef}`);
  if (!tenant.agentConfig) throw new RefusedInput(`Tenant ${tenant.slug} has no agent config to hold a CRM webhook`);
  const secret = newWebhookSecret();
  await db.agentConfig.update({ where: { tenantId: tenant.id }, data: { crmWebhookUrl: url, crmWebhookSecret: sealWebhookSecret(secret, tenant.id, keys) } });
  console.log(secret);
  console.error(
    `Set the CRM webhook of ${tenant.slug} (${tenant.id}) to ${url}, signed with the secret above: give it to the receiver now, it is not shown again. A secret set before no longer verifies.`,
  );
}

async function sealPlaintextSecrets(db: PrismaClient, keys: EncryptionKeyRing): Promise<void> {
  const rows = await db.agentConfig.findMany({
    where: { crmWebhookSecret: { startsWith: WEBHOOK_SECRET_PREFIX } },
    select: { tenantId: true, crmWebhookSecret: true, tenant: { select: { slug: true } } },
  });
  let sealed = 0;
  for (const row of rows) {
    const plaintext = row.crmWebhookSecret!;
    // Only if the row still holds what was read: a secret set meanwhile is left as it is.
    const { count } = await db.agentConfig.updateMany({
      where: { tenantId: row.tenantId, crmWebhookSecret: plaintext },
      data: { crmWebhookSecret: sealWebhookSecret(plaintext, row.tenantId, keys) },
    });
    if (count) console.log(`sealed the CRM webhook signing secret of ${row.tenant.slug} (${row.tenantId})`);
    sealed += count;
  }
  console.error(`Sealed ${sealed} CRM webhook signing secret(s) stored in plain text, under key ${keys.current.id}; the receivers keep the secrets they have.`);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  const refused = usage || error instanceof RefusedInput || error instanceof ConfigError;
  console.error(`crm-webhook: ${error instanceof Error ? error.message : String(error)}${usage ? `\n${USAGE}` : ''}`);
  process.exit(refused ? 2 : 1);
});
