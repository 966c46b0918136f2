import { readFile } from 'node:fs/promises';
import { OPENAPI_FILE, openApiFileContents } from '../../apps/api/src/openapi/openapi-file';
import { launchChromium, recordCspViolations } from '../support/chromium';
import { servedRoutes } from '../support/served-routes';
import { startApiServer, type ApiServer } from './support/api-server';

describe('OpenAPI', () => {
  let api: ApiServer;

  beforeAll(async () => {
    api = await startApiServer();
  });
  afterAll(() => api.close());

  it('is committed as openapi.json exactly as the code generates it (run `npm run openapi` after changing a route)', async () => {
    expect(await readFile(OPENAPI_FILE, 'utf8')).toBe(openApiFileContents());
  });

  it('documents every /v1 route the API serves, and no other', async () => {
    const document = JSON.parse(openApiFileContents()) as { paths: Record<string, Record<string, unknown>> };
    const documented = Object.entries(document.paths)
      .flatMap(([path, operations]) => Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`))
      .filter((route) => route.split(' ')[1].startsWith('/v1'))
      .sort();
    expect(documented).toEqual((await servedRoutes('/v1')).map(({ method, path }) => `${method} ${path}`).sort());
  });

  it('describes requests with the schemas the API validates with: what the spec requires, the API refuses without', async () => {
    const spec = (await (await fetch(`${api.baseUrl}/docs/openapi.json`)).json()) as {
      paths: Record<string, Record<string, { parameters: Array<{ name: string; required: boolean }>; requestBody?: unknown }>>;
    };
    const analytics = spec.paths['/v1/analytics/calls'].get.parameters;
    expect(analytics.filter((p) => p.required).map((p) => p.name)).toEqual(['from', 'to']);
    expect(spec.paths['/v1/customers'].post.parameters.map((p) => p.name)).toContain('Idempotency-Key');
    expect(spec.paths['/v1/agent-config'].patch.requestBody).toMatchObject({
      content: { 'application/json': { schema: { properties: { aiEnabled: { type: 'boolean' } }, additionalProperties: false } } },
    });
  });

  it('serves a page at /docs that loads its scripts and styles from the API itself', async () => {
    const page = await fetch(`${api.baseUrl}/docs`);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    const assets = [...html.matchAll(/(?:src|href)="(\/docs\/assets\/[^"]+)"/g)].map((match) => match[1]);
    expect(assets).toEqual(['/docs/assets/swagger-ui.css', '/docs/assets/swagger-ui-bundle.js', '/docs/assets/swagger-init.js']);
    for (const asset of assets) expect((await fetch(`${api.baseUrl}${asset}`)).status).toBe(200);
    expect((await fetch(`${api.baseUrl}/docs/assets/..%2Fpackage.json`)).status).toBe(404);
  });

  it('renders the API reference in Chromium under the CSP, which allows its scripts and nothing inline', async () => {
    const browser = await launchChromium();
    try {
      const page = await browser.newPage();
      const cspViolations = recordCspViolations(page);
      await page.goto(`${api.baseUrl}/docs`);
      await page.getByText('Readiness: PostgreSQL and Temporal answer', { exact: false }).first().waitFor();
      expect(cspViolations).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
