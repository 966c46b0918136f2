import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { ApiError } from '../shared/api-client';
import type { Tenant } from './api-types';

export interface Session {
  role: 'admin' | 'tenant';
  tenants: Tenant[];
  /** The tenant the pages show; undefined: every tenant (admin keys only). */
  tenant: Tenant | undefined;
  selectTenant(slug: string | undefined): void;
  /** Forgets the key; `reason` is shown on the sign-in page. */
  signOut(reason?: string): void;
}

export const SessionContext = createContext<Session | null>(null);

export function useSession(): Session {
  const session = useContext(SessionContext);
  if (!session) throw new Error('useSession() outside the signed-in console');
  return session;
}

/** `path` with `?tenant=` (or `&tenant=`) for the selected tenant, when one is. */
export function withTenant(path: string, session: Session): string {
  if (!session.tenant) return path;
  return `${path}${path.includes('?') ? '&' : '?'}tenant=${encodeURIComponent(session.tenant.slug)}`;
}

/** A 401 means the key is unknown or revoked: the console signs out (true). Anything else is the page's to show. */
export function signedOutBy(error: unknown, session: Session | null): boolean {
  if (!(error instanceof ApiError) || error.status !== 401) return false;
  session?.signOut(error.message);
  return true;
}
