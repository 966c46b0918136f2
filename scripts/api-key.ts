/**
 * `npm run api-key -- <command>`: REST API keys, in the database at $DATABASE_URL.
 *
 *   create --tenant <slug> [--name <name>]   a key for one tenant
 *   create --admin [--name <name>]           an admin key, for operations across tenants
 *   list --tenant <slug> | --admin
 *   revoke <id-or-prefix>
 *
 * `create` prints the key on stdout, once: only its SHA-256 is stored.
 */
import { parseArgs } from 'node:util';
import { ApiKeyStore, type ApiKeyInfo, type ApiKeyOwner } from '../apps/api/src/api-keys/api-key-store';
import { loadEnv } from '../libs/config/src/env';
import { createPrismaClient, type PrismaClient } from '../libs/db/src/prisma';

const USAGE = `usage:
  npm run api-key -- create --tenant <slug> [--name <name>]
  npm run api-key -- create --admin [--name <name>]
  npm run api-key -- list --tenant <slug> | --admin
  npm run api-key -- revoke <id-or-prefix>`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { tenant: { type: 'string' }, admin: { type: 'boolean' }, name: { type: 'string' } },
  });
  const [command, target, ...extra] = positionals;
  if (extra.length) throw new UsageError(`unexpected arguments: ${extra.join(' ')}`);
  const db = createPrismaClient(loadEnv().DATABASE_URL, 1);
  try {
    const keys = new ApiKeyStore(db);
    if (command === 'create' && !target) {
      const { key, info } = await keys.create(await ownerFrom(db, values), values.name ?? 'default');
      console.log(key);
      console.error(`Created ${describe(info)}. This is the only time the key is shown: store it now.`);
    } else if (command === 'list' && !target) {
      const listed = await keys.list(await ownerFrom(db, values));
      for (const info of listed) console.log(listing(info));
      if (!listed.length) console.error('No keys.');
    } else if (command === 'revoke' && target) {
      const revoked = await keys.revoke(target);
      if (!revoked) throw new Error(`No API key ${target}`);
      console.log(`Revoked ${describe(revoked)}.`);
    } else {
      throw new UsageError(command ? `cannot ${command} like that` : 'no command');
    }
  } finally {
    await db.$disconnect();
  }
}

async function ownerFrom(db: PrismaClient, values: { tenant?: string; admin?: boolean }): Promise<ApiKeyOwner> {
  if (values.admin && values.tenant === undefined) return { role: 'admin' };
  if (values.admin || values.tenant === undefined) throw new UsageError('pass either --tenant <slug> or --admin');
  const tenant = await db.tenant.findUnique({ where: { slug: values.tenant }, select: { id: true } });
  if (!tenant) throw new Error(`No tenant ${values.tenant}`);
  return { role: 'tenant', tenantId: tenant.id };
}

const describe = (info: ApiKeyInfo) =>
  `${info.role === 'admin' ? 'admin key' : `key for ${info.tenant}`} ${info.prefix} "${info.name}" (id ${info.id})`;

function listing(info: ApiKeyInfo): string {
  const state = info.revokedAt ? `revoked ${info.revokedAt.toISOString()}` : 'active';
  const used = info.lastUsedAt ? `last used ${info.lastUsedAt.toISOString()}` : 'never used';
  return [info.id, info.prefix, JSON.stringify(info.name), `created ${info.createdAt.toISOString()}`, used, state].join('  ');
}

main(process.argv.slice(2)).catch((error: unknown) => {
  const usage = error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
  console.error(`api-key: ${error instanceof Error ? error.message : String(error)}${usage ? `\n${USAGE}` : ''}`);
  process.exit(usage ? 2 : 1);
});
