import type { CallView, TurnRole } from '../api-types';
import { callerOf, ErrorNotice, Fact, Loading } from '../components';
import { formatDateTime, formatDuration, formatTime, formatUsd, humanize } from '../format';
import { BASE, Link } from '../router';
import { useApi } from '../use-api';
import { useRecording } from '../use-recording';

/** A call in progress is asked about this often, until its summary is written. */
const POLL_MS = 2000;

const ROLE_LABEL: Record<TurnRole, string> = { caller: 'Caller', agent: 'Agent', system: 'System' };

/** One call (GET /v1/calls/:callSid): transcript, tool calls, summary, lead score, cost, and its workflow in the Temporal UI. */
export function CallPage({ callSid }: { callSid: string }) {
  const call = useApi<CallView>(`/v1/calls/${encodeURIComponent(callSid)}`, { everyMs: POLL_MS, until: (view) => view.summary !== null });
  return (
    <section class="call-page">
      <p class="crumbs">
        <Link href={`${BASE}/calls`}>← Calls</Link>
      </p>
      {call.data ? <CallDetails call={call.data} /> : call.error ? <ErrorNotice error={call.error} subject="Call" /> : <Loading />}
    </section>
  );
}

function CallDetails({ call }: { call: CallView }) {
  const recording = useRecording(call.recordingUrl, call.endedAt ?? undefined);
  const duration = call.endedAt ? (Date.parse(call.endedAt) - Date.parse(call.startedAt)) / 1000 : null;
  // The transcript is stored in batches; while the call is on, the workflow's recent turns are newer.
  const turns = call.live && call.live.recentTurns.length > call.transcript.length ? call.live.recentTurns : call.transcript;
  return (
    <>
      <header class="call-head">
        <h1>
          {call.direction === 'inbound' ? 'Call from' : 'Call to'} {callerOf(call)}
        </h1>
        {call.live ? <span class="pill live">Live · {humanize(call.live.phase)}</span> : <span class="pill">{humanize(call.status)}</span>}
      </header>
      <dl class="facts">
        <Fact label="Tenant">{call.tenant}</Fact>
        <Fact label="Started">{formatDateTime(call.startedAt)}</Fact>
        <Fact label="Duration">{duration === null ? 'ongoing' : formatDuration(duration)}</Fact>
        <Fact label="Outcome">{call.outcome ? humanize(call.outcome) : '–'}</Fact>
        <Fact label="Lead score">{call.leadScore === null ? '–' : <LeadScore score={call.leadScore} />}</Fact>
        <Fact label="Cost">{formatUsd(call.costUsd)}</Fact>
        <Fact label="Workflow" wide>
          {call.temporalUiUrl ? (
            <a href={call.temporalUiUrl} target="_blank" rel="noreferrer">
              {call.workflowId}
            </a>
          ) : (
            <code>{call.workflowId}</code>
          )}
        </Fact>
        {recording && (
          <Fact label="Recording" wide>
            <audio controls src={recording} aria-label="Call recording" />
          </Fact>
        )}
      </dl>

      <section class="summary" aria-labelledby="summary-heading">
        <h2 id="summary-heading">Summary</h2>
        {call.summary ? (
          <>
            <p class="summary-text">{call.summary.summary}</p>
            <p class="muted">
              Intent: {humanize(call.summary.intent)} · Sentiment: {call.summary.sentiment} · by {call.summary.model}
            </p>
            {call.summary.next_actions.length > 0 && (
              <>
                <h3>Next actions</h3>
                <ul>
                  {call.summary.next_actions.map((action) => (
                    <li key={action}>{action}</li>
                  ))}
                </ul>
              </>
            )}
          </>
        ) : (
          <p class="muted">{call.endedAt ? 'Summarizing…' : 'Written when the call ends.'}</p>
        )}
      </section>

      <section aria-labelledby="transcript-heading">
        <h2 id="transcript-heading">Transcript</h2>
        {turns.length === 0 ? (
          <p class="empty">Nothing said yet.</p>
        ) : (
          <ol class="transcript">
            {turns.map((turn) => (
              <li key={turn.seq} class={`turn ${turn.role}`}>
                <span class="who">{ROLE_LABEL[turn.role]}</span>
                <p>{turn.text}</p>
                <time dateTime={turn.at}>{formatTime(turn.at)}</time>
              </li>
            ))}
          </ol>
        )}
      </section>

      <section aria-labelledby="tools-heading">
        <h2 id="tools-heading">Tool calls</h2>
        <ToolCalls call={call} />
      </section>
    </>
  );
}

function LeadScore({ score }: { score: number }) {
  return (
    <span class="score">
      <meter min={0} max={100} low={40} high={70} optimum={100} value={score} aria-label="Lead score" /> {score}
    </span>
  );
}

function ToolCalls({ call }: { call: CallView }) {
  if (call.toolCalls.length === 0 && call.live?.toolCalls.length) {
    return (
      <ul class="tool-list">
        {call.live.toolCalls.map((tool) => (
          <li key={tool.toolCallId}>
            <code>{tool.name}</code> {tool.ok ? '✓' : '✗'}
          </li>
        ))}
      </ul>
    );
  }
  if (call.toolCalls.length === 0) return <p class="empty">No tools used.</p>;
  return (
    <table class="cards tools">
      <thead>
        <tr>
          <th>Tool</th>
          <th>Result</th>
          <th class="num">Time</th>
          <th>Details</th>
        </tr>
      </thead>
      <tbody>
        {call.toolCalls.map((tool) => (
          <tr key={tool.id}>
            <td data-label="Tool">
              <code>{tool.name}</code>
            </td>
            <td data-label="Result">{tool.ok ? <span class="ok">ok</span> : <span class="failed">failed</span>}</td>
            <td data-label="Time" class="num">
              {tool.durationMs} ms
            </td>
            <td data-label="Details">
              <details>
                <summary>Arguments and result</summary>
                <pre>{JSON.stringify({ args: tool.args, result: tool.result }, null, 2)}</pre>
              </details>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
