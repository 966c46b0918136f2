import type { ComponentChildren } from 'preact';
import { ApiError } from '../shared/api-client';
import { useSession } from './session';

/** What went wrong, in the words a person acts on: not allowed and not found are told apart from failures. */
export function ErrorNotice({ error, subject }: { error: Error; subject?: string }) {
  if (error instanceof ApiError && (error.status === 403 || error.status === 404)) {
    return (
      <div class="notice error" role="alert">
        <h2>{error.status === 403 ? 'Not allowed' : `${subject ?? 'Page'} not found`}</h2>
        <p>{error.message}</p>
        <p class="muted">It does not exist, or this API key is not allowed to see it.</p>
      </div>
    );
  }
  return (
    <div class="notice error" role="alert">
      <h2>Something went wrong</h2>
      <p>{error.message}</p>
    </div>
  );
}

/** One labelled value of a `<dl class="facts">`. */
export function Fact({ label, wide, children }: { label: string; wide?: boolean; children: ComponentChildren }) {
  return (
    <div class={wide ? 'wide' : undefined}>
      <dt>{label}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export const Loading = () => <p class="muted loading">Loading…</p>;

/** A page about one tenant (its campaign, callbacks, settings): an admin key that sees all tenants is asked to pick one. */
export function TenantPage({ title, what, children }: { title: string; what: string; children: ComponentChildren }) {
  const session = useSession();
  return (
    <section>
      <h1>{title}</h1>
      {session.tenant ? children : <p class="notice">Pick a tenant at the top to see its {what}.</p>}
    </section>
  );
}

/** The other party of a call: who called in, or who we called. */
export const callerOf = (call: { direction: 'inbound' | 'outbound'; from: string; to: string }): string => (call.direction === 'inbound' ? call.from : call.to);

/** A fresh Idempotency-Key for one click (crypto.randomUUID needs a secure context; this does not). */
export function newIdempotencyKey(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');
}
