/** Everything under /v1 needs an API key. Express matches routes case-insensitively, so this does too. */
export function isRestApiPath(path: string): boolean {
  return /^\/v1(\/|$)/i.test(path);
}
