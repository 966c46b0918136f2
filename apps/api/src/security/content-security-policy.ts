import type { ApiEnv } from '../../../../libs/config/src/env';

/** Where the OpenAI SDK sends requests when OPENAI_BASE_URL is unset. */
const OPENAI_DEFAULT_BASE_URL = 'https://api.openai.com/v1';

type CspSettings = Pick<ApiEnv, 'BROWSER_STREAM_URL' | 'OPENAI_API_KEY' | 'OPENAI_BASE_URL'>;

/**
 * The pages' Content-Security-Policy directives (helmet's names). Scripts
 * come only from the API itself (the built pages, Swagger UI, the browser
 * agent's AudioWorklet); connections go to the API, to the media-edge's
 * `/browser` socket, and, when the API mints OpenAI client secrets, to where
 * the browser agent posts its WebRTC offer. The rest of `default-src` is left
 * open: styles, images and media carry no script.
 */
export function contentSecurityDirectives(settings: CspSettings): Record<string, string[]> {
  const connectSrc = ["'self'", new URL(settings.BROWSER_STREAM_URL).origin];
  if (settings.OPENAI_API_KEY) connectSrc.push(new URL(settings.OPENAI_BASE_URL ?? OPENAI_DEFAULT_BASE_URL).origin);
  return {
    scriptSrc: ["'self'"],
    connectSrc,
    baseUri: ["'self'"],
    objectSrc: ["'none'"],
    frameAncestors: ["'none'"],
    formAction: ["'self'"],
  };
}
