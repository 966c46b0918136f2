import { freeLoopbackPort } from '../../libs/infra/src/app-process';
import { startApiServer, type ApiServer } from './support/api-server';

/** The API booted with one setting changed, e.g. a dependency's address pointed at a port nobody listens on. */
async function apiWith(overrides: Record<string, string>): Promise<ApiServer> {
  const saved = Object.fromEntries(Object.keys(overrides).map((name) => [name, process.env[name]]));
  Object.assign(process.env, overrides);
  try {
    return await startApiServer();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

describe('API health and metrics', () => {
  it('is live and ready when PostgreSQL and Temporal answer', async () => {
    const api = await startApiServer();
    try {
      expect(await (await fetch(`${api.baseUrl}/healthz`)).json()).toEqual({ status: 'ok' });
      const ready = await fetch(`${api.baseUrl}/readyz`);
      expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'up', temporal: 'up' } });
      expect(ready.status).toBe(200);
    } finally {
      await api.close();
    }
  });

  it('boots without Temporal, stays live, and names Temporal as what is down', async () => {
    const api = await apiWith({ TEMPORAL_ADDRESS: `127.0.0.1:${await freeLoopbackPort()}` });
    try {
      expect((await fetch(`${api.baseUrl}/healthz`)).status).toBe(200);
      const ready = await fetch(`${api.baseUrl}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'not ready', message: 'temporal down', checks: { database: 'up', temporal: 'down' } });
    } finally {
      await api.close();
    }
  });

  it('names PostgreSQL as what is down when the database does not answer', async () => {
    const api = await apiWith({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${await freeLoopbackPort()}/nowhere` });
    try {
      const ready = await fetch(`${api.baseUrl}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'not ready', message: 'database down', checks: { database: 'down', temporal: 'up' } });
    } finally {
      await api.close();
    }
  });

  it('serves Prometheus metrics without a key, the agentless-call counter among them', async () => {
    const api = await startApiServer();
    try {
      const metrics = await fetch(`${api.baseUrl}/metrics`);
      expect(metrics.status).toBe(200);
      expect(metrics.headers.get('content-type')).toMatch(/^text\/plain; charset=utf-8; version=0\.0\.4/);
      expect(await metrics.text()).toContain('# TYPE switchboard_agentless_inbound_calls_total counter');
    } finally {
      await api.close();
    }
  });
});
