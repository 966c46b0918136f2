import { useEffect, useMemo, useState } from 'preact/hooks';
import { api, storedApiKey, storeApiKey } from '../shared/api-client';
import type { TenantList } from './api-types';
import { BASE, Link, usePath } from './router';
import { SessionContext, useSession, type Session } from './session';
import { SignIn } from './sign-in';
import { CallPage } from './pages/call-page';
import { CallHistory } from './pages/call-history';
import { CallbacksPage } from './pages/callbacks-page';
import { CampaignsPage } from './pages/campaigns-page';
import { HomePage } from './pages/home-page';
import { SettingsPage } from './pages/settings-page';

const TENANT_STORAGE = 'switchboard.tenant';

type Auth = { state: 'checking' } | { state: 'signed-out'; problem?: string } | { state: 'signed-in'; tenants: TenantList };

/** The console: the key check, then the pages, all through the public /v1 API. */
export function AdminConsole() {
  const [auth, setAuth] = useState<Auth>(storedApiKey() ? { state: 'checking' } : { state: 'signed-out' });

  const check = () =>
    api<TenantList>('/v1/tenants').then(
      (tenants) => setAuth({ state: 'signed-in', tenants }),
      (error: Error) => {
        storeApiKey(null);
        setAuth({ state: 'signed-out', problem: error.message });
      },
    );
  useEffect(() => {
    if (auth.state === 'checking') void check();
  }, [auth.state]);

  if (auth.state === 'checking') return <p class="muted loading">Checking the API key…</p>;
  if (auth.state === 'signed-out') {
    return (
      <SignIn
        problem={auth.problem}
        onKey={(key) => {
          storeApiKey(key);
          setAuth({ state: 'checking' });
        }}
      />
    );
  }
  return (
    <SignedIn
      tenants={auth.tenants}
      signOut={(problem) => {
        storeApiKey(null);
        setAuth({ state: 'signed-out', problem });
      }}
    />
  );
}

function SignedIn({ tenants, signOut }: { tenants: TenantList; signOut(problem?: string): void }) {
  const [selected, setSelected] = useState<string | undefined>(() => localStorage.getItem(TENANT_STORAGE) ?? undefined);
  const session = useMemo<Session>(() => {
    // A tenant key acts on its own tenant; an admin key on the one it picked, or on all.
    const tenant = tenants.role === 'tenant' ? tenants.data[0] : tenants.data.find((t) => t.slug === selected);
    return {
      role: tenants.role,
      tenants: tenants.data,
      tenant,
      selectTenant(slug) {
        if (slug) localStorage.setItem(TENANT_STORAGE, slug);
        else localStorage.removeItem(TENANT_STORAGE);
        setSelected(slug);
      },
      signOut,
    };
  }, [tenants, selected]);

  return (
    <SessionContext.Provider value={session}>
      <Header />
      <main>
        <Routes />
      </main>
    </SessionContext.Provider>
  );
}

const SECTIONS = [
  { path: '', label: 'Live' },
  { path: 'calls', label: 'Calls' },
  { path: 'campaigns', label: 'Campaigns' },
  { path: 'callbacks', label: 'Callbacks' },
  { path: 'settings', label: 'Settings' },
];

function Header() {
  const session = useSession();
  const section = usePath().split('/')[0];
  return (
    <header class="top">
      <Link class="brand" href={BASE}>
        Switchboard
      </Link>
      <nav aria-label="Sections">
        {SECTIONS.map((s) => (
          <Link key={s.path} href={s.path ? `${BASE}/${s.path}` : BASE} aria-current={s.path === section ? 'page' : undefined}>
            {s.label}
          </Link>
        ))}
      </nav>
      <div class="who">
        {session.role === 'admin' ? (
          <select aria-label="Tenant" value={session.tenant?.slug ?? ''} onChange={(e) => session.selectTenant(e.currentTarget.value || undefined)}>
            <option value="">All tenants</option>
            {session.tenants.map((t) => (
              <option key={t.slug} value={t.slug}>
                {t.name}
              </option>
            ))}
          </select>
        ) : (
          <span class="tenant-name">{session.tenant?.name}</span>
        )}
        <button type="button" class="link" onClick={() => session.signOut()}>
          Sign out
        </button>
      </div>
    </header>
  );
}

function Routes() {
  const [section, id] = usePath().split('/');
  switch (section) {
    case '':
      return <HomePage />;
    case 'calls':
      return id ? <CallPage callSid={decodeURIComponent(id)} /> : <CallHistory />;
    case 'campaigns':
      return <CampaignsPage />;
    case 'callbacks':
      return <CallbacksPage />;
    case 'settings':
      return <SettingsPage />;
    default:
      return (
        <div class="notice">
          <h2>No such page</h2>
          <p>
            <Link href={BASE}>Back to live calls</Link>
          </p>
        </div>
      );
  }
}
