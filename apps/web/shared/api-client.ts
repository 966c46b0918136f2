/** The REST API as the pages use it: the same `/v1` routes any client calls, with the key the user entered. */
const KEY_STORAGE = 'switchboard.apiKey';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export const storedApiKey = (): string | null => localStorage.getItem(KEY_STORAGE);
export const storeApiKey = (key: string | null): void => (key ? localStorage.setItem(KEY_STORAGE, key) : localStorage.removeItem(KEY_STORAGE));

/** An authenticated request; an answer other than 2xx is thrown as an ApiError carrying the API's message. */
export async function apiResponse(path: string, init: RequestInit = {}): Promise<Response> {
  const key = storedApiKey();
  const headers = new Headers(init.headers);
  if (key) headers.set('authorization', `Bearer ${key}`);
  if (init.body && !headers.has('content-type')) headers.set('content-type', 'application/json');
  const response = await fetch(path, { ...init, headers });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { message?: string | string[] };
    const message = Array.isArray(body.message) ? body.message.join('; ') : (body.message ?? response.statusText);
    throw new ApiError(response.status, message);
  }
  return response;
}

export async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await apiResponse(path, init);
  return (response.status === 204 ? undefined : await response.json()) as T;
}
