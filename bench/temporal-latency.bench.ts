/**
 * `npm run bench:temporal`: the evidence for each latency setting of the local
 * Temporal server (libs/infra/src/temporal-dynamic-config.ts). For the server's
 * defaults, each setting alone, and all of them, a fresh dev server and the
 * probe workflow measure three Updates: one that returns at once, one that runs
 * a no-op normal activity, one that runs a no-op local activity. Rounds go
 * through every configuration in turn, so that the machine's load drifting
 * over the run hits them alike.
 */
import type { WorkflowBundle } from '@temporalio/worker';
import { loadavg } from 'node:os';
import { LATENCY_DYNAMIC_CONFIG, LATENCY_SETTINGS, type DynamicConfigValues } from '../libs/infra/src/temporal-dynamic-config';
import { startLocalTemporal } from '../libs/infra/src/temporal-server';
import { createLogger } from '../libs/logging/src/logger';
import { installTemporalRuntime } from '../libs/temporal/src/runtime';
import { percentile, round } from './stats';
import { bundleProbeWorkflow, PROBE_UPDATES, startLatencyProbe, type ProbeKind, type ProbeSamples } from './temporal-latency/latency-probe';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 50);
const KINDS = Object.keys(PROBE_UPDATES) as ProbeKind[];
const CONFIGURATIONS: { name: string; values: DynamicConfigValues }[] = [
  { name: 'defaults', values: {} },
  ...LATENCY_SETTINGS.map((setting) => ({ name: `+${setting.name}`, values: setting.values })),
  { name: 'all', values: LATENCY_DYNAMIC_CONFIG },
];

async function main(): Promise<void> {
  installTemporalRuntime(createLogger('temporal-sdk', 'warn'));
  const loadBefore = round(loadavg()[0], 1);
  const bundle = await bundleProbeWorkflow();
  const samples = new Map<string, ProbeSamples>(CONFIGURATIONS.map((configuration) => [configuration.name, {}]));
  for (let pass = 1; pass <= ROUNDS; pass++) {
    for (const configuration of CONFIGURATIONS) {
      const measured = await measureConfiguration(configuration.values, bundle);
      const pooled = samples.get(configuration.name) ?? {};
      for (const kind of KINDS) pooled[kind] = [...(pooled[kind] ?? []), ...(measured[kind] ?? [])];
      console.error(`round ${pass}/${ROUNDS}: ${configuration.name} measured`);
    }
  }
  const results = Object.fromEntries([...samples].map(([name, pooled]) => [name, summarize(pooled)]));
  const loadAfter = round(loadavg()[0], 1);
  // The table comes last: the dev servers print their banners on stdout.
  console.log(HEADER);
  for (const configuration of CONFIGURATIONS) console.log(formatRow(configuration.name, results[configuration.name]));
  console.log(`${ROUNDS} rounds × ${ITERATIONS} sequential Updates of each kind per configuration, a fresh dev server each; load average ${loadBefore} before, ${loadAfter} after`);
  console.log(`RESULT ${JSON.stringify({ bench: 'temporal-latency', rounds: ROUNDS, iterations: ITERATIONS, load_avg_1m: [loadBefore, loadAfter], configurations: results })}`);
}

async function measureConfiguration(values: DynamicConfigValues, bundle: WorkflowBundle): Promise<ProbeSamples> {
  const temporal = await startLocalTemporal({ dynamicConfig: values });
  try {
    const probe = await startLatencyProbe(temporal.env.nativeConnection, temporal.env.client, bundle);
    const measured = await probe.measure(ITERATIONS, KINDS);
    await probe.stop();
    return measured;
  } finally {
    await temporal.env.teardown();
  }
}

function summarize(samples: ProbeSamples): Record<string, number> {
  return Object.fromEntries(
    KINDS.flatMap((kind) => [
      [`${kind}_p50_ms`, percentile(samples[kind] ?? [], 50)],
      [`${kind}_p99_ms`, percentile(samples[kind] ?? [], 99)],
    ]),
  );
}

const HEADER = `${'configuration'.padEnd(20)}${KINDS.map((kind) => `${kind} p50 / p99 ms`.padStart(30)).join('')}`;

function formatRow(name: string, row: Record<string, number>): string {
  return `${name.padEnd(20)}${KINDS.map((kind) => `${row[`${kind}_p50_ms`]} / ${row[`${kind}_p99_ms`]}`.padStart(30)).join('')}`;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
