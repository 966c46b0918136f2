import { storedApiKey, storeApiKey } from '../shared/api-client';

const LINK_STORAGE = 'switchboard.sessionLink';

/** Who the page talks as: a session link (field staff), else the API key the admin console stored. */
export interface Credentials {
  bearer: string;
  /** Named in the URL (`?tenant=<slug>`) for admin keys. */
  tenant: string | null;
}

/**
 * A `?link=` in the URL is kept for this tab and taken out of the address
 * bar, so it stays out of the history, bookmarks and screenshots; a reload
 * still finds it.
 */
export function currentCredentials(): Credentials | null {
  const params = new URLSearchParams(location.search);
  const fromUrl = params.get('link');
  if (fromUrl) {
    sessionStorage.setItem(LINK_STORAGE, fromUrl);
    params.delete('link');
    history.replaceState(null, '', `${location.pathname}${params.size ? `?${params}` : ''}`);
  }
  const link = sessionStorage.getItem(LINK_STORAGE);
  if (link) return { bearer: link, tenant: null };
  const key = storedApiKey();
  return key ? { bearer: key, tenant: params.get('tenant') } : null;
}

export function rememberApiKey(key: string): void {
  storeApiKey(key.trim());
}
