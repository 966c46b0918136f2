import { useState } from 'preact/hooks';

/** Asks for the API key the console works with; it stays in this browser only. */
export function SignIn({ problem, onKey }: { problem?: string; onKey(key: string): void }) {
  const [key, setKey] = useState('');
  const submit = (event: Event) => {
    event.preventDefault();
    if (key.trim()) onKey(key.trim());
  };
  return (
    <main class="sign-in">
      <h1>Switchboard admin</h1>
      <form onSubmit={submit}>
        <label for="api-key">API key</label>
        <input id="api-key" name="api-key" type="password" autocomplete="off" value={key} onInput={(e) => setKey(e.currentTarget.value)} placeholder="sb_live_… or sb_admin_…" />
        <button type="submit">Sign in</button>
        {problem && (
          <p class="notice error" role="alert">
            {problem}
          </p>
        )}
      </form>
      <p class="muted">
        A tenant key shows that business alone; an admin key shows every tenant. The console uses the public REST API with this key, which stays in this
        browser's storage until you sign out.
      </p>
    </main>
  );
}
