import { useEffect, useRef, useState } from 'preact/hooks';
import { AgentApi } from './agent-api';
import { MicrophoneProblem, openMicrophone } from './audio/microphone';
import type { Conversation, ConversationEnd, ConversationEvents, ToolCallRequest, ToolCallUpdate } from './conversation';
import { currentCredentials, rememberApiKey, type Credentials } from './credentials';
import { talkThroughMediaEdge } from './media-edge-conversation';
import { ApiKeyForm, ConfirmPrompt, TalkingIndicator, Transcript, type Entry } from './views';
import { talkToOpenAi } from './webrtc-conversation';

type Phase = 'idle' | 'starting' | 'live';

interface PendingConfirmation {
  call: ToolCallRequest;
  answer(approved: boolean): void;
}

const ENDINGS: Record<ConversationEnd, (agent: string) => string> = {
  stopped: () => 'Conversation ended.',
  agent_ended: (agent) => `${agent} ended the conversation.`,
  connection_lost: () => 'The connection was lost. Press Start to talk again.',
};

/** The browser agent: one conversation at a time with the tenant's voice agent, hands-free. */
export function VoiceAgent() {
  const [credentials, setCredentials] = useState<Credentials | null>(currentCredentials);
  const [phase, setPhase] = useState<Phase>('idle');
  const [problem, setProblem] = useState<string | null>(null);
  const [agent, setAgent] = useState<{ name: string; brand: string } | null>(null);
  const [entries, setEntries] = useState<Entry[]>([]);
  const [confirmations, setConfirmations] = useState<PendingConfirmation[]>([]);
  const [muted, setMuted] = useState(false);
  const [speaking, setSpeaking] = useState({ agent: false, user: false });
  const [ending, setEnding] = useState<ConversationEnd | null>(null);
  const conversation = useRef<Conversation | null>(null);
  const nextEntryId = useRef(0);
  // The conversation's callbacks outlive a render: they read the confirmations here.
  const pendingConfirmations = useRef<PendingConfirmation[]>([]);
  const showConfirmations = (pending: PendingConfirmation[]) => {
    pendingConfirmations.current = pending;
    setConfirmations(pending);
  };

  // Closing the tab hangs up, so the call's workflow ends now rather than at its time limit.
  useEffect(() => {
    const hangUp = () => conversation.current?.stop();
    window.addEventListener('pagehide', hangUp);
    return () => {
      window.removeEventListener('pagehide', hangUp);
      hangUp();
    };
  }, []);

  const events: ConversationEvents = {
    transcript: (role, text) => setEntries((all) => [...all, { kind: 'turn', id: nextEntryId.current++, role, text }]),
    toolCall: (update: ToolCallUpdate) =>
      setEntries((all) =>
        all.some((entry) => entry.kind === 'tool' && entry.update.callId === update.callId)
          ? all.map((entry) => (entry.kind === 'tool' && entry.update.callId === update.callId ? { ...entry, update } : entry))
          : [...all, { kind: 'tool', id: nextEntryId.current++, update }],
      ),
    confirm: (call) =>
      new Promise<boolean>((resolve) => {
        const pending: PendingConfirmation = {
          call,
          answer: (approved) => {
            showConfirmations(pendingConfirmations.current.filter((other) => other !== pending));
            resolve(approved);
          },
        };
        showConfirmations([...pendingConfirmations.current, pending]);
      }),
    speaking: (who, active) => setSpeaking((now) => ({ ...now, [who]: active })),
    ended: (reason) => {
      conversation.current = null;
      for (const pending of pendingConfirmations.current) pending.answer(false);
      setSpeaking({ agent: false, user: false });
      setEnding(reason);
      setPhase('idle');
    },
  };

  async function start(): Promise<void> {
    if (!credentials) return;
    setProblem(null);
    setEnding(null);
    setPhase('starting');
    let microphone: MediaStream;
    try {
      microphone = await openMicrophone();
    } catch (error) {
      setProblem(error instanceof MicrophoneProblem ? error.message : String(error));
      return setPhase('idle');
    }
    try {
      const api = new AgentApi(credentials.bearer, credentials.tenant);
      const session = await api.session();
      setAgent(session.agent);
      setEntries([]);
      setMuted(false);
      const { connection } = session;
      conversation.current =
        connection.type === 'media-edge'
          ? await talkThroughMediaEdge(session.callSid, connection, microphone, events)
          : await talkToOpenAi(session.callSid, connection, session.confirmTools, microphone, api, events);
      setPhase('live');
    } catch (error) {
      for (const track of microphone.getTracks()) track.stop();
      setProblem(error instanceof Error ? error.message : String(error));
      setPhase('idle');
    }
  }

  function toggleMute(): void {
    conversation.current?.setMuted(!muted);
    setMuted(!muted);
  }

  const agentName = agent?.name ?? 'The agent';
  const status =
    phase === 'starting'
      ? 'Connecting…'
      : phase === 'live'
        ? muted
          ? `Muted: ${agentName} cannot hear you.`
          : speaking.agent
            ? `${agentName} is speaking.`
            : speaking.user
              ? 'Listening to you…'
              : `Go ahead, ${agentName} is listening.`
        : ending
          ? ENDINGS[ending](agentName)
          : 'Press Start and speak: the agent answers out loud.';

  return (
    <main class="voice-agent">
      <header class="voice-agent-header">
        <h1>{agent?.brand ?? 'Voice agent'}</h1>
        <p>{agent ? `with ${agent.name}` : 'Switchboard'}</p>
      </header>
      {!credentials && (
        <ApiKeyForm
          onKey={(key) => {
            rememberApiKey(key);
            setCredentials(currentCredentials());
          }}
        />
      )}
      {problem && (
        <p class="problem" role="alert">
          {problem}
        </p>
      )}
      <section class="talking" aria-label="Who is talking">
        <TalkingIndicator label={agentName === 'The agent' ? 'Agent' : agentName} active={speaking.agent} kind="agent" />
        <TalkingIndicator label={muted ? 'You (muted)' : 'You'} active={speaking.user && !muted} kind="user" />
      </section>
      <p class="status" role="status">
        {status}
      </p>
      <Transcript entries={entries} agentName={agentName} />
      {confirmations[0] && <ConfirmPrompt call={confirmations[0].call} agentName={agentName} onAnswer={confirmations[0].answer} />}
      <footer class="controls">
        {phase === 'idle' ? (
          <button class="primary start" disabled={!credentials} onClick={() => void start()}>
            Start
          </button>
        ) : (
          <button class="primary stop" disabled={phase === 'starting'} onClick={() => conversation.current?.stop()}>
            Stop
          </button>
        )}
        <button class="secondary" aria-pressed={muted} disabled={phase !== 'live'} onClick={toggleMute}>
          {muted ? 'Unmute' : 'Mute'}
        </button>
      </footer>
    </main>
  );
}
