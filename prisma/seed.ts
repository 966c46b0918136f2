/**
 * Seeds the four demo tenants into DATABASE_URL.
 *
 *   npm run seed                      demo scale (what the demo and the tests use)
 *   npm run seed -- --scale large     10,000 auto-shop customers, for load tests
 *
 * With TEMPORAL_ADDRESS set, the tenants' greetings are then rendered
 * (`render-greeting-<tenant>`, on TEMPORAL_TASK_QUEUE's worker) and cached.
 *
 * Safe to run again: known records are reset to their demo values, bulk rows
 * are only added while a tenant has fewer than the target.
 */
import { Client, Connection } from '@temporalio/client';
import { Presets, SingleBar } from 'cli-progress';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { createPrismaClient, type PrismaClient } from '../libs/db/src/prisma';
import { DEMO_TENANTS } from './seed/demo-data';
import { seedDemoTenants } from './seed/demo-tenants';
import { renderSeededGreetings } from './seed/greetings';
import { isSeedScale, SEED_SCALES, type SeedScale } from './seed/targets';

const USAGE = `usage: npm run seed [-- --scale ${SEED_SCALES.join('|')}]`;
const EXIT_USAGE = 2;

type Invocation = { kind: 'help' } | { kind: 'seed'; scale: SeedScale } | { kind: 'invalid'; problem: string };

function parseInvocation(argv: string[]): Invocation {
  let values: { scale?: string; help?: boolean };
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { scale: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    return { kind: 'invalid', problem: error instanceof Error ? error.message : String(error) };
  }
  if (values.help) return { kind: 'help' };
  const scale = values.scale ?? 'demo';
  if (!isSeedScale(scale)) return { kind: 'invalid', problem: `unknown scale "${scale}" (expected ${SEED_SCALES.join(' or ')})` };
  return { kind: 'seed', scale };
}

async function main(): Promise<number> {
  const invocation = parseInvocation(process.argv.slice(2));
  if (invocation.kind === 'help') {
    console.log(USAGE);
    return 0;
  }
  if (invocation.kind === 'invalid') {
    console.error(`seed: ${invocation.problem}\n${USAGE}`);
    return EXIT_USAGE;
  }
  const databaseUrl = process.env.DATABASE_URL;
  if (!databaseUrl) {
    console.error(
      'seed: DATABASE_URL is not set; point it at a migrated database, e.g.\n' +
        '  DATABASE_URL=postgresql://postgres@127.0.0.1:5432/switchboard npm run seed',
    );
    return 1;
  }

  const db = createPrismaClient(databaseUrl, 2);
  try {
    const started = performance.now();
    const tenantIds = await seedWithProgress(db, invocation.scale);
    console.log(`Seeded the demo tenants (${invocation.scale} scale) in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    console.log(await summaryTable(db));
    if (process.env.TEMPORAL_ADDRESS) await renderGreetings(process.env.TEMPORAL_ADDRESS, tenantIds);
    return 0;
  } finally {
    await db.$disconnect();
  }
}

/** The large scale takes seconds: show a bar for it. */
async function seedWithProgress(db: PrismaClient, scale: SeedScale): Promise<string[]> {
  const bar = scale === 'large' ? progressBar() : undefined;
  try {
    return Object.values((await seedDemoTenants(db, { scale, onProgress: bar?.update })).tenants);
  } finally {
    bar?.stop();
  }
}

async function renderGreetings(address: string, tenantIds: string[]): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const client = new Client({ connection, namespace: process.env.TEMPORAL_NAMESPACE || 'default' });
    const rendered = await renderSeededGreetings(client, tenantIds, process.env.TEMPORAL_TASK_QUEUE || undefined);
    console.log(`Greetings: ${rendered.map((greeting) => greeting.outcome).join(', ')}`);
  } finally {
    await connection.close();
  }
}

/** A bar that starts on the first report, when the total is known, and only if there is work to show. */
function progressBar(): { update: (done: number, total: number) => void; stop: () => void } {
  const bar = new SingleBar(
    { format: 'seeding [{bar}] {percentage}% | {value}/{total} rows | {duration}s', hideCursor: true },
    Presets.shades_classic,
  );
  let running = false;
  return {
    update: (done, total) => {
      if (running) bar.update(done);
      else if (total > 0) {
        bar.start(total, done);
        running = true;
      }
    },
    stop: () => {
      if (running) bar.stop();
      running = false;
    },
  };
}

const COUNTED_RELATIONS = {
  customers: true,
  vehicles: true,
  workOrders: true,
  appointments: true,
  properties: true,
  contacts: true,
  projects: true,
  rooms: true,
  services: true,
} as const;
const RELATION_LABELS: Partial<Record<keyof typeof COUNTED_RELATIONS, string>> = { workOrders: 'work orders' };

async function summaryTable(db: PrismaClient): Promise<string> {
  const slugs = DEMO_TENANTS.map((tenant) => tenant.slug);
  const tenants = await db.tenant.findMany({
    where: { slug: { in: slugs } },
    select: { slug: true, phoneNumbers: { select: { e164: true } }, _count: { select: COUNTED_RELATIONS } },
  });
  const rows = tenants
    .sort((a, b) => slugs.indexOf(a.slug) - slugs.indexOf(b.slug))
    .map((tenant) => [
      tenant.slug,
      tenant.phoneNumbers.map((phone) => phone.e164).join(' '),
      (Object.entries(tenant._count) as Array<[keyof typeof COUNTED_RELATIONS, number]>)
        .filter(([, count]) => count > 0)
        .map(([relation, count]) => `${count.toLocaleString('en-US')} ${RELATION_LABELS[relation] ?? relation}`)
        .join(', '),
    ]);
  return formatTable(['tenant', 'number', 'records'], rows);
}

function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column].length)));
  const line = (cells: string[]) => cells.map((cell, column) => cell.padEnd(widths[column])).join('  ').trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error('seed failed:', error);
    process.exitCode = 1;
  },
);
