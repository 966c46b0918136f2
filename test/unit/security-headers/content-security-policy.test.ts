import { contentSecurityDirectives } from '../../../apps/api/src/security/content-security-policy';

describe("the pages' Content-Security-Policy", () => {
  it('lets the pages connect to the media-edge, and to OpenAI only when the API mints its client secrets', () => {
    expect(contentSecurityDirectives({ BROWSER_STREAM_URL: 'ws://127.0.0.1:3001/browser' }).connectSrc).toEqual(["'self'", 'ws://127.0.0.1:3001']);
    expect(contentSecurityDirectives({ BROWSER_STREAM_URL: 'wss://edge.example/browser', OPENAI_API_KEY: 'sk-1' }).connectSrc).toEqual([
      "'self'",
      'wss://edge.example',
      'https://api.openai.com',
    ]);
  });
});
