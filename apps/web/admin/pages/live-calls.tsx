import type { LiveCall } from '../api-types';
import { ErrorNotice, Loading } from '../components';
import { formatDuration } from '../format';
import { BASE, Link } from '../router';
import { useSession, withTenant } from '../session';
import { useApi, useNow } from '../use-api';

/** Temporal visibility is asked this often; the durations tick every second in between. */
const POLL_MS = 2000;

/** Calls in progress (GET /v1/live-calls): caller, tenant, duration so far, last tool, and each call's page in the Temporal UI. */
export function LiveCalls() {
  const session = useSession();
  const live = useApi<{ data: LiveCall[] }>(withTenant('/v1/live-calls', session), { everyMs: POLL_MS });
  const now = useNow();
  if (!live.data) return live.error ? <ErrorNotice error={live.error} /> : <Loading />;
  if (live.data.data.length === 0) return <p class="empty">No calls in progress.</p>;
  const elapsed = (now - (live.receivedAt ?? now)) / 1000;
  return (
    <table class="cards live-calls">
      <thead>
        <tr>
          <th>Caller</th>
          {session.role === 'admin' && <th>Tenant</th>}
          <th>Direction</th>
          <th class="num">Duration</th>
          <th>Last tool</th>
          <th>Temporal</th>
        </tr>
      </thead>
      <tbody>
        {live.data.data.map((call) => (
          <tr key={call.callSid} data-call-sid={call.callSid}>
            <td data-label="Caller">
              <span>
                <Link href={`${BASE}/calls/${call.callSid}`}>{call.caller}</Link>
                <span class="live-dot" aria-label="live" />
              </span>
            </td>
            {session.role === 'admin' && <td data-label="Tenant">{call.tenantName}</td>}
            <td data-label="Direction">{call.direction}</td>
            <td data-label="Duration" class="num">
              {formatDuration(call.durationSeconds + elapsed)}
            </td>
            <td data-label="Last tool">{call.lastTool ? <code>{call.lastTool}</code> : <span class="muted">none yet</span>}</td>
            <td data-label="Temporal">
              {call.temporalUiUrl ? (
                <a href={call.temporalUiUrl} target="_blank" rel="noreferrer">
                  Workflow
                </a>
              ) : (
                <span class="muted" title="TEMPORAL_UI_URL is not set">{call.workflowId}</span>
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
