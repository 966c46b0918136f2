import { useEffect, useRef, useState } from 'preact/hooks';
import type { ToolCallRequest, ToolCallUpdate } from './conversation';

export type Entry = { kind: 'turn'; id: number; role: 'caller' | 'agent'; text: string } | { kind: 'tool'; id: number; update: ToolCallUpdate };

const TOOL_STATES: Record<ToolCallUpdate['state'], string> = {
  running: 'running…',
  done: 'done',
  failed: 'failed',
  declined: 'declined',
};

/** `request_callback` → "Request callback". */
function toolTitle(name: string): string {
  const words = name.replaceAll('_', ' ');
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function ToolArguments({ args }: { args: unknown }) {
  const fields = args && typeof args === 'object' ? Object.entries(args as Record<string, unknown>) : [];
  if (fields.length === 0) return null;
  return (
    <dl class="tool-args">
      {fields.map(([name, value]) => (
        <div key={name}>
          <dt>{name.replaceAll('_', ' ')}</dt>
          <dd>{typeof value === 'string' ? value : JSON.stringify(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/** The conversation so far: turns as bubbles, tool calls as cards that change as they run; kept scrolled to the newest. */
export function Transcript({ entries, agentName }: { entries: Entry[]; agentName: string }) {
  const list = useRef<HTMLOListElement>(null);
  useEffect(() => {
    list.current?.lastElementChild?.scrollIntoView({ block: 'end' });
  }, [entries]);
  if (entries.length === 0) return <ol class="transcript empty" aria-label="Transcript" ref={list} />;
  return (
    <ol class="transcript" aria-label="Transcript" ref={list}>
      {entries.map((entry) =>
        entry.kind === 'turn' ? (
          <li key={entry.id} class={`turn ${entry.role}`} data-role={entry.role}>
            <span class="speaker">{entry.role === 'agent' ? agentName : 'You'}</span>
            <span class="words">{entry.text}</span>
          </li>
        ) : (
          <li key={entry.id} class={`tool ${entry.update.state}`} data-tool={entry.update.name} data-state={entry.update.state}>
            <span class="tool-name">{toolTitle(entry.update.name)}</span>
            <span class="tool-state">{TOOL_STATES[entry.update.state]}</span>
            <ToolArguments args={entry.update.args} />
            {entry.update.result && !entry.update.result.ok && <p class="tool-error">{entry.update.result.error.message}</p>}
          </li>
        ),
      )}
    </ol>
  );
}

export function TalkingIndicator({ label, active, kind }: { label: string; active: boolean; kind: 'agent' | 'user' }) {
  return (
    <div class={`talker ${kind}${active ? ' active' : ''}`} aria-label={`${label}${active ? ' talking' : ''}`}>
      <span class="bars" aria-hidden="true">
        <i />
        <i />
        <i />
      </span>
      {label}
    </div>
  );
}

/** Asks before a write the tenant wants confirmed: nothing happens until the user says yes. */
export function ConfirmPrompt({ call, agentName, onAnswer }: { call: ToolCallRequest; agentName: string; onAnswer(approved: boolean): void }) {
  return (
    <section class="confirm" role="dialog" aria-label="Confirm action">
      <p>
        {agentName} wants to <strong>{toolTitle(call.name).toLowerCase()}</strong>:
      </p>
      <ToolArguments args={call.args} />
      <div class="confirm-buttons">
        <button class="primary" onClick={() => onAnswer(true)}>
          Yes, do it
        </button>
        <button class="secondary" onClick={() => onAnswer(false)}>
          No
        </button>
      </div>
    </section>
  );
}

/** Without a session link, the page talks as a tenant's API key (kept where the admin console keeps it). */
export function ApiKeyForm({ onKey }: { onKey(key: string): void }) {
  const [key, setKey] = useState('');
  return (
    <form
      class="key-form"
      onSubmit={(event) => {
        event.preventDefault();
        if (key.trim()) onKey(key);
      }}
    >
      <label for="api-key">Open this page with your session link, or enter an API key</label>
      <input id="api-key" type="password" autocomplete="off" placeholder="sb_live_…" value={key} onInput={(event) => setKey(event.currentTarget.value)} />
      <button class="secondary" type="submit">
        Use key
      </button>
    </form>
  );
}
