import { startApiServer, type ApiServer } from '../api/support/api-server';

/** What a browser is told on every response of the API: the pages, the REST API, refusals. */
describe('security headers', () => {
  let api: ApiServer;
  beforeAll(async () => {
    api = await startApiServer();
  });
  afterAll(() => api.close());

  it.each(['/admin', '/client?link=sb_link_0', '/docs', '/v1/calls', '/healthz', '/no-such-page'])('%s cannot be framed, sniffed or leak its address', async (route) => {
    const response = await fetch(`${api.baseUrl}${route}`);
    expect({
      csp: response.headers.get('content-security-policy'),
      frame: response.headers.get('x-frame-options'),
      sniff: response.headers.get('x-content-type-options'),
      referrer: response.headers.get('referrer-policy'),
      hsts: response.headers.get('strict-transport-security'),
      poweredBy: response.headers.get('x-powered-by'),
    }).toEqual({
      csp: "base-uri 'self';object-src 'none';frame-ancestors 'none';form-action 'self'",
      frame: 'DENY',
      sniff: 'nosniff',
      referrer: 'no-referrer',
      hsts: 'max-age=15552000',
      poweredBy: null,
    });
  });
});
