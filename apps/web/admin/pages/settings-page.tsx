import { useEffect, useState } from 'preact/hooks';
import { api } from '../../shared/api-client';
import type { AgentConfig } from '../api-types';
import { ErrorNotice, Fact, Loading, TenantPage } from '../components';
import { useSession, withTenant } from '../session';
import { useAction, useApi } from '../use-api';
import { GreetingPreview } from './greeting-preview';

export function SettingsPage() {
  return (
    <TenantPage title="Settings" what="settings">
      <TenantSettings />
    </TenantPage>
  );
}

/** What the greeting is made of: changing one makes it another recording. */
const GREETING_FIELDS = ['greetingTemplate', 'brand', 'agentName', 'voice'] as const;

type Editable = Pick<AgentConfig, 'agentName' | 'brand' | 'greetingTemplate' | 'instructions' | 'recordingEnabled'>;
const editable = (config: AgentConfig): Editable => ({
  agentName: config.agentName,
  brand: config.brand,
  greetingTemplate: config.greetingTemplate,
  instructions: config.instructions,
  recordingEnabled: config.recordingEnabled,
});

function TenantSettings() {
  const session = useSession();
  const path = withTenant('/v1/agent-config', session);
  const config = useApi<AgentConfig>(path);
  const [greetingVersion, setGreetingVersion] = useState(0);
  if (!config.data) return config.error ? <ErrorNotice error={config.error} /> : <Loading />;
  const patch = async (change: Partial<AgentConfig>) => {
    await api<AgentConfig>(path, { method: 'PATCH', body: JSON.stringify(change) });
    config.reload();
    if (GREETING_FIELDS.some((field) => field in change)) setGreetingVersion((v) => v + 1);
  };
  return (
    <>
      <AiSwitch config={config.data} patch={patch} />
      {/* Asked again after a change to what it is made of. */}
      <GreetingPreview key={greetingVersion} />
      <SettingsForm config={config.data} patch={patch} />
    </>
  );
}

function AiSwitch({ config, patch }: { config: AgentConfig; patch(change: Partial<AgentConfig>): Promise<void> }) {
  const action = useAction();
  const primary = config.transferNumbers.primary;
  return (
    <article class="card ai-switch">
      <label class="switch">
        <input
          type="checkbox"
          role="switch"
          checked={config.aiEnabled}
          disabled={action.busy}
          onChange={(e) => {
            const aiEnabled = e.currentTarget.checked;
            void action.run(() => patch({ aiEnabled }));
          }}
        />
        <span class="track" aria-hidden="true" />
        <b>AI answers calls</b>
      </label>
      <p class="muted">
        {config.aiEnabled
          ? `On: ${config.agentName} answers every call to ${config.tenant.name}.`
          : `Off: calls ring ${primary ?? 'voicemail (no primary transfer number is set)'} instead of the agent.`}
      </p>
      {action.error && <ErrorNotice error={action.error} />}
    </article>
  );
}

function SettingsForm({ config, patch }: { config: AgentConfig; patch(change: Partial<AgentConfig>): Promise<void> }) {
  const [draft, setDraft] = useState<Editable>(editable(config));
  const action = useAction();
  useEffect(() => setDraft(editable(config)), [config]);
  const text = (name: 'agentName' | 'brand' | 'greetingTemplate' | 'instructions') => ({
    value: draft[name],
    onInput: (event: Event) => setDraft({ ...draft, [name]: (event.currentTarget as HTMLInputElement).value }),
  });
  const saved = editable(config);
  const changed = Object.fromEntries(Object.entries(draft).filter(([name, value]) => saved[name as keyof Editable] !== value)) as Partial<Editable>;
  const save = (event: Event) => {
    event.preventDefault();
    void action.run(() => patch(changed), 'Saved.');
  };
  return (
    <form class="card settings" onSubmit={save}>
      <h2>Agent</h2>
      <label>
        Agent name <input {...text('agentName')} />
      </label>
      <label>
        Business name as spoken <input {...text('brand')} />
      </label>
      <label>
        Greeting <span class="muted">({'{brand}'} and {'{agent}'} are filled in)</span>
        <textarea rows={2} {...text('greetingTemplate')} />
      </label>
      <label>
        Instructions
        <textarea rows={8} {...text('instructions')} />
      </label>
      <label class="inline">
        <input type="checkbox" checked={draft.recordingEnabled} onChange={(e) => setDraft({ ...draft, recordingEnabled: e.currentTarget.checked })} /> Record calls
      </label>
      <dl class="facts">
        <Fact label="Voice">{config.voice}</Fact>
        <Fact label="Time zone">{config.timeZone}</Fact>
        <Fact label="Tool packs">{config.toolPacks.join(', ')}</Fact>
        <Fact label="Transfers to">{config.transferNumbers.primary ?? 'no one'}</Fact>
      </dl>
      <div class="actions">
        <button type="submit" disabled={action.busy || Object.keys(changed).length === 0}>
          Save
        </button>
        {action.done && Object.keys(changed).length === 0 && <span class="muted">{action.done}</span>}
      </div>
      {action.error && <ErrorNotice error={action.error} />}
    </form>
  );
}
