import { readFileSync } from 'node:fs';
import path from 'node:path';
import { LATENCY_DYNAMIC_CONFIG, LATENCY_SETTINGS, renderDynamicConfigYaml } from '../../libs/infra/src/temporal-dynamic-config';

const REPO_ROOT = path.resolve(__dirname, '../..');
const PRODUCTION_FILE = 'deploy/temporal/dynamicconfig/production.yaml';
const read = (file: string) => readFileSync(path.join(REPO_ROOT, file), 'utf8');

describe('the Temporal dynamic config', () => {
  it('production.yaml is the rendered definition the local dev server also gets', () => {
    expect(read(PRODUCTION_FILE)).toBe(renderDynamicConfigYaml(LATENCY_SETTINGS));
  });

  it('production.yaml sets exactly the dev server values, in the server file format', () => {
    const entries = [...read(PRODUCTION_FILE).matchAll(/^([\w.]+):\n {2}- value: (.+)$/gm)].map(([, key, value]) => [key, JSON.parse(value)]);
    expect(Object.fromEntries(entries)).toEqual(LATENCY_DYNAMIC_CONFIG);
  });

  it('docker-compose mounts production.yaml where the temporal service reads its dynamic config', () => {
    const compose = read('docker-compose.yml');
    const configPath = compose.match(/TEMPORAL_DYNAMIC_CONFIG_FILE: (\S+)/)?.[1];
    const mountedAt = compose.match(/\.\/deploy\/temporal:([^\s:]+):ro/)?.[1];
    expect([mountedAt, configPath]).toEqual([expect.any(String), expect.any(String)]);
    expect(path.join('deploy/temporal', path.relative(mountedAt!, configPath!))).toBe(PRODUCTION_FILE);
  });
});
