/** A URL as Twilio sees it: the configured public base URL (trailing slashes ignored) + path and query. */
export function publicUrl(publicBaseUrl: string, pathAndQuery: string): string {
  return publicBaseUrl.replace(/\/+$/, '') + pathAndQuery;
}
