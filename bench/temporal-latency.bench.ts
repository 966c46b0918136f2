/**
 * `npm run bench:temporal [-- --engine postgres]`: the evidence for each
 * latency setting of the local Temporal server
 * (libs/infra/src/temporal-dynamic-config.ts). For the server's defaults, each
 * setting alone, and all of them, a fresh server (the dev server, or with
 * `--engine postgres` the production server on PostgreSQL) and the probe
 * workflow measure three sequential Updates (one that returns at once,
 * one that runs a no-op normal activity, one that runs a no-op local activity),
 * then normal-activity Updates on several workflows at once; the server's own
 * metrics show whether each setting took effect. Rounds go through every
 * configuration in turn, so that the machine's load drifting over the run hits
 * them alike.
 */
import type { WorkflowBundle } from '@temporalio/worker';
import { loadavg } from 'node:os';
import { freeLoopbackPort } from '../libs/infra/src/app-process';
import { LATENCY_DYNAMIC_CONFIG, LATENCY_SETTINGS, type DynamicConfigValues } from '../libs/infra/src/temporal-dynamic-config';
import { parseEngineArg } from '../libs/infra/src/temporal-engine-arg';
import { startLocalTemporal, type TemporalEngine } from '../libs/infra/src/temporal-server';
import { createLogger } from '../libs/logging/src/logger';
import { installTemporalRuntime } from '../libs/temporal/src/runtime';
import { percentile, round } from './stats';
import { bundleProbeWorkflow, PROBE_UPDATES, startLatencyProbe, type ProbeKind } from './temporal-latency/latency-probe';
import { ServerCounters, type ServerEvidence } from './temporal-latency/server-evidence';

const USAGE = 'usage: npm run bench:temporal -- [--engine dev|postgres]  (BENCH_ROUNDS, BENCH_ITERATIONS, BENCH_CONCURRENCY in the environment)';
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const ITERATIONS = Number(process.env.BENCH_ITERATIONS ?? 50);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 8);
const KINDS = Object.keys(PROBE_UPDATES) as ProbeKind[];
const CONFIGURATIONS: { name: string; values: DynamicConfigValues }[] = [
  { name: 'defaults', values: {} },
  ...LATENCY_SETTINGS.map((setting) => ({ name: `+${setting.name}`, values: setting.values })),
  { name: 'all', values: LATENCY_DYNAMIC_CONFIG },
];

interface Measurement {
  sequential: Record<ProbeKind, number[]>;
  concurrent: number[];
  concurrentPerSecond: number[];
  evidence: { sequential: ServerEvidence; concurrent: ServerEvidence }[];
}

async function main(): Promise<void> {
  const engine = parseEngineArg(process.argv.slice(2), USAGE);
  installTemporalRuntime(createLogger('temporal-sdk', 'warn'));
  const loadBefore = round(loadavg()[0], 1);
  const bundle = await bundleProbeWorkflow();
  const measurements = new Map<string, Measurement>(
    CONFIGURATIONS.map(({ name }) => [name, { sequential: { immediate: [], activity: [], local_activity: [] }, concurrent: [], concurrentPerSecond: [], evidence: [] }]),
  );
  for (let pass = 1; pass <= ROUNDS; pass++) {
    for (const configuration of CONFIGURATIONS) {
      await measureConfiguration(engine, configuration.values, bundle, measurements.get(configuration.name)!);
      console.error(`round ${pass}/${ROUNDS}: ${configuration.name} measured`);
    }
  }
  const results = Object.fromEntries([...measurements].map(([name, measurement]) => [name, summarize(measurement)]));
  const loadAfter = round(loadavg()[0], 1);
  // The tables come last: the dev servers print their banners on stdout.
  printTables(results);
  console.log(
    `${ROUNDS} rounds × ${ITERATIONS} sequential Updates of each kind, then ${CONCURRENCY} workflows × ${ITERATIONS} at once, per configuration, ` +
      `a fresh ${engine === 'postgres' ? 'production server on PostgreSQL' : 'dev server'} each; load average ${loadBefore} before, ${loadAfter} after`,
  );
  console.log(
    `RESULT ${JSON.stringify({ bench: 'temporal-latency', engine, rounds: ROUNDS, iterations: ITERATIONS, concurrency: CONCURRENCY, load_avg_1m: [loadBefore, loadAfter], configurations: results })}`,
  );
}

async function measureConfiguration(engine: TemporalEngine, values: DynamicConfigValues, bundle: WorkflowBundle, into: Measurement): Promise<void> {
  const metricsPort = await freeLoopbackPort();
  const metricsUrl = `http://127.0.0.1:${metricsPort}`;
  const temporal = await startLocalTemporal({ engine, dynamicConfig: values, metricsPort });
  try {
    const probe = await startLatencyProbe(temporal.env.nativeConnection, temporal.env.client, bundle, CONCURRENCY);
    const start = await ServerCounters.scrape(metricsUrl);
    const sequential = await probe.measure(ITERATIONS, KINDS);
    const afterSequential = await ServerCounters.scrape(metricsUrl);
    const concurrent = await probe.measureConcurrently(ITERATIONS, 'activity');
    const end = await ServerCounters.scrape(metricsUrl);
    await probe.stop();
    for (const kind of KINDS) into.sequential[kind].push(...(sequential[kind] ?? []));
    into.concurrent.push(...concurrent.samples);
    into.concurrentPerSecond.push(concurrent.perSecond);
    into.evidence.push({ sequential: afterSequential.since(start), concurrent: end.since(afterSequential) });
  } finally {
    await temporal.stop();
  }
}

function summarize(measurement: Measurement): Record<string, number> {
  const mean = (values: number[]) => round(values.reduce((sum, value) => sum + value, 0) / values.length);
  const total = (pick: (evidence: Measurement['evidence'][number]) => number) => measurement.evidence.reduce((sum, evidence) => sum + pick(evidence), 0);
  return {
    ...Object.fromEntries(
      KINDS.flatMap((kind) => [
        [`${kind}_p50_ms`, percentile(measurement.sequential[kind], 50)],
        [`${kind}_p99_ms`, percentile(measurement.sequential[kind], 99)],
      ]),
    ),
    concurrent_activity_p50_ms: percentile(measurement.concurrent, 50),
    concurrent_activity_p99_ms: percentile(measurement.concurrent, 99),
    concurrent_updates_per_s: mean(measurement.concurrentPerSecond),
    transfer_load_ms_sequential: mean(measurement.evidence.map((evidence) => evidence.sequential.transferLoadMs)),
    transfer_load_ms_concurrent: mean(measurement.evidence.map((evidence) => evidence.concurrent.transferLoadMs)),
    activities_via_matching: total((evidence) => evidence.sequential.activitiesViaMatching + evidence.concurrent.activitiesViaMatching),
    activities_eager: total((evidence) => evidence.sequential.activitiesEager + evidence.concurrent.activitiesEager),
    forwarded: total((evidence) => evidence.sequential.forwarded + evidence.concurrent.forwarded),
  };
}

function printTables(results: Record<string, Record<string, number>>): void {
  const table = (title: string, columns: [header: string, cell: (row: Record<string, number>) => string][]) => {
    console.log(`\n${title}`);
    console.log(`${'configuration'.padEnd(20)}${columns.map(([header]) => header.padStart(26)).join('')}`);
    for (const { name } of CONFIGURATIONS) console.log(`${name.padEnd(20)}${columns.map(([, cell]) => cell(results[name]).padStart(26)).join('')}`);
  };
  const p50p99 = (prefix: string) => (row: Record<string, number>) => `${row[`${prefix}_p50_ms`]} / ${row[`${prefix}_p99_ms`]}`;
  table('Update latency, p50 / p99 ms', [
    ['returns at once', p50p99('immediate')],
    ['normal activity', p50p99('activity')],
    ['local activity', p50p99('local_activity')],
    [`activity, ${CONCURRENCY} at once`, p50p99('concurrent_activity')],
    ['Updates/s at once', (row) => String(row.concurrent_updates_per_s)],
  ]);
  table('Server side (its metrics)', [
    ['transfer read ms seq/conc', (row) => `${row.transfer_load_ms_sequential} / ${row.transfer_load_ms_concurrent}`],
    ['activities via matching', (row) => String(row.activities_via_matching)],
    ['activities eager', (row) => String(row.activities_eager)],
    ['partition forwards', (row) => String(row.forwarded)],
  ]);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
