import { storedApiKey, storeApiKey } from '../shared/api-client';

/** Who the page talks as: a session link from its URL (field staff), else the API key the admin console stored. */
export interface Credentials {
  bearer: string;
  /** Named in the URL (`?tenant=<slug>`) for admin keys. */
  tenant: string | null;
  kind: 'link' | 'key';
}

export function currentCredentials(): Credentials | null {
  const params = new URLSearchParams(location.search);
  const link = params.get('link');
  const tenant = params.get('tenant');
  if (link) return { bearer: link, tenant: null, kind: 'link' };
  const key = storedApiKey();
  return key ? { bearer: key, tenant, kind: 'key' } : null;
}

export function rememberApiKey(key: string): void {
  storeApiKey(key.trim());
}
