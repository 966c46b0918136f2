import { startApiServer, type ApiServer } from '../api/support/api-server';

const MEDIA_EDGE_BROWSER_URL = 'wss://edge.switchboard.example/browser';
const OPENAI_BASE_URL = 'https://openai-gateway.switchboard.example/v1';

/** What a browser is told on every response of the API: the pages, the REST API, refusals. */
describe('security headers', () => {
  let api: ApiServer;
  const settings = { BROWSER_STREAM_URL: MEDIA_EDGE_BROWSER_URL, OPENAI_API_KEY: 'sk-test-csp', OPENAI_BASE_URL };
  const saved = Object.fromEntries(Object.keys(settings).map((name) => [name, process.env[name]]));

  beforeAll(async () => {
    Object.assign(process.env, settings);
    api = await startApiServer();
  });
  afterAll(async () => {
    await api.close();
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  it.each(['/admin', '/client?link=sb_link_0', '/docs', '/v1/calls', '/healthz', '/no-such-page'])(
    '%s cannot be framed, sniffed or leak its address, and runs only its own scripts',
    async (route) => {
      const response = await fetch(`${api.baseUrl}${route}`);
      expect({
        csp: response.headers.get('content-security-policy')?.split(';'),
        frame: response.headers.get('x-frame-options'),
        sniff: response.headers.get('x-content-type-options'),
        referrer: response.headers.get('referrer-policy'),
        hsts: response.headers.get('strict-transport-security'),
        poweredBy: response.headers.get('x-powered-by'),
      }).toEqual({
        csp: [
          "script-src 'self'",
          // The browser agent's socket to the media-edge, and its WebRTC offer to OpenAI (the API mints client secrets).
          "connect-src 'self' wss://edge.switchboard.example https://openai-gateway.switchboard.example",
          "base-uri 'self'",
          "object-src 'none'",
          "frame-ancestors 'none'",
          "form-action 'self'",
        ],
        frame: 'DENY',
        sniff: 'nosniff',
        referrer: 'no-referrer',
        hsts: 'max-age=15552000',
        poweredBy: null,
      });
    },
  );
});
