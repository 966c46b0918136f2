/**
 * The Temporal server's dynamic config for low latency, defined once: the local
 * dev server gets it as `--dynamic-config-value` flags, the production server
 * (docker-compose.yml) as deploy/temporal/dynamicconfig/production.yaml, which
 * is this definition rendered (test/infra/temporal-dynamic-config.test.ts
 * checks they agree). Measurements: docs/temporal-server.md.
 */
export type DynamicConfigValues = Readonly<Record<string, number | boolean>>;

export interface DynamicConfigSetting {
  /** Short label, as the latency bench prints it. */
  name: string;
  why: string;
  values: DynamicConfigValues;
}

export const LATENCY_SETTINGS: readonly DynamicConfigSetting[] = [
  {
    name: 'transfer-poll-rps',
    why: 'Each history shard reads its transfer queue (new workflow and activity tasks) at most 20 times a second by default, and an Update that runs an activity waits for two of them (the activity task, then the workflow task that completes the Update). The host-wide cap (a share of history.persistenceMaxQPS) still protects the database.',
    values: { 'history.transferProcessorMaxPollRPS': 1000 },
  },
  {
    name: 'eager-activities',
    why: 'An activity scheduled on the workflow task queue is handed to the worker that completed the workflow task, in the same response, instead of travelling through the matching service.',
    values: { 'system.enableActivityEagerExecution': true },
  },
  {
    name: 'one-partition',
    why: 'With one task-queue partition (default 4) every task meets the waiting pollers directly instead of landing in a partition with none and being forwarded. Raise it when one task queue needs more throughput than a single matching partition gives. To lower it on a live cluster, lower the write partitions first and the read partitions only once the others have drained.',
    values: { 'matching.numTaskqueueReadPartitions': 1, 'matching.numTaskqueueWritePartitions': 1 },
  },
];

export const LATENCY_DYNAMIC_CONFIG: DynamicConfigValues = Object.assign({}, ...LATENCY_SETTINGS.map((setting) => setting.values));

/** `temporal server start-dev` flags; the CLI parses each value as JSON. */
export function devServerDynamicConfigArgs(values: DynamicConfigValues): string[] {
  return Object.entries(values).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${JSON.stringify(value)}`]);
}

/** The server's dynamic-config file: each key, one unconstrained value. */
export function renderDynamicConfigYaml(settings: readonly DynamicConfigSetting[]): string {
  const header = [
    '# Temporal dynamic config of the production server (docker-compose.yml).',
    '# Rendered from libs/infra/src/temporal-dynamic-config.ts, which also configures',
    '# the local dev server: edit it there (test/infra/temporal-dynamic-config.test.ts',
    '# checks the two agree). Measurements: docs/temporal-server.md.',
  ];
  const blocks = settings.map((setting) => [
    ...wrapComment(setting.why),
    ...Object.entries(setting.values).flatMap(([key, value]) => [`${key}:`, `  - value: ${JSON.stringify(value)}`]),
  ]);
  return [header, ...blocks].map((lines) => lines.join('\n')).join('\n\n') + '\n';
}

function wrapComment(text: string, width = 80): string[] {
  const lines: string[] = [];
  let line = '#';
  for (const word of text.split(' ')) {
    if (line.length + 1 + word.length > width && line !== '#') {
      lines.push(line);
      line = '#';
    }
    line += ` ${word}`;
  }
  return [...lines, line];
}
