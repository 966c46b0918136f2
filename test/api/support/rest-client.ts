import { bearer } from './api-keys';

/** Tests read response bodies field by field in their expectations; untyped unless a test names the type. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyBody = any;

export interface RestResponse<T = AnyBody> {
  status: number;
  headers: Headers;
  body: T;
}

/** JSON requests to the API with one key, as a REST client sends them. */
export function restClient(baseUrl: string, key: string) {
  async function send<T>(method: string, route: string, body?: unknown, headers: Record<string, string> = {}): Promise<RestResponse<T>> {
    const response = await fetch(`${baseUrl}${route}`, {
      method,
      headers: { ...bearer(key), ...(body !== undefined && { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const isJson = response.headers.get('content-type')?.startsWith('application/json');
    return { status: response.status, headers: response.headers, body: (isJson ? JSON.parse(text) : text) as T };
  }
  return {
    get: <T = AnyBody>(route: string) => send<T>('GET', route),
    post: <T = AnyBody>(route: string, body: unknown, headers?: Record<string, string>) => send<T>('POST', route, body, headers),
    patch: <T = AnyBody>(route: string, body: unknown) => send<T>('PATCH', route, body),
    delete: <T = AnyBody>(route: string) => send<T>('DELETE', route),
  };
}

export type RestClient = ReturnType<typeof restClient>;
