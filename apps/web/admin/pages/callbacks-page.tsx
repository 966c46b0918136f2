import { useState } from 'preact/hooks';
import { api } from '../../shared/api-client';
import type { Callback, CallbackStatus } from '../api-types';
import { ErrorNotice, Loading, TenantPage } from '../components';
import { formatDateTime, humanize } from '../format';
import { useSession, withTenant } from '../session';
import { useAction, useApi } from '../use-api';

const STATUSES: CallbackStatus[] = ['scheduled', 'waiting', 'completed', 'failed', 'cancelled'];
/** What the API still lets change (PATCH and DELETE answer 409 for the rest). */
const CHANGEABLE: CallbackStatus[] = ['waiting', 'scheduled'];

export function CallbacksPage() {
  return (
    <TenantPage title="Callbacks" what="callbacks">
      <TenantCallbacks />
    </TenantPage>
  );
}

function TenantCallbacks() {
  const session = useSession();
  const [status, setStatus] = useState('');
  const callbacks = useApi<{ data: Callback[] }>(withTenant(`/v1/callbacks${status ? `?status=${status}` : ''}`, session));
  return (
    <>
      <label class="inline">
        Status{' '}
        <select value={status} onChange={(e) => setStatus(e.currentTarget.value)}>
          <option value="">Any</option>
          {STATUSES.map((s) => (
            <option key={s} value={s}>
              {humanize(s)}
            </option>
          ))}
        </select>
      </label>
      {!callbacks.data ? (
        callbacks.error ? <ErrorNotice error={callbacks.error} /> : <Loading />
      ) : callbacks.data.data.length === 0 ? (
        <p class="empty">No callbacks.</p>
      ) : (
        <table class="cards callbacks">
          <thead>
            <tr>
              <th>Due</th>
              <th>Who</th>
              <th>Reason</th>
              <th>Status</th>
              <th>Actions</th>
            </tr>
          </thead>
          <tbody>
            {callbacks.data.data.map((callback) => (
              <CallbackRow key={callback.callbackId} callback={callback} onChange={callbacks.reload} />
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}

/** A datetime-local value (browser zone) for an ISO instant. */
function localInput(iso: string | undefined): string {
  const date = iso ? new Date(iso) : new Date(Date.now() + 3_600_000);
  return new Date(date.getTime() - date.getTimezoneOffset() * 60_000).toISOString().slice(0, 16);
}

function CallbackRow({ callback, onChange }: { callback: Callback; onChange(): void }) {
  const [editing, setEditing] = useState<'reschedule' | 'cancel' | null>(null);
  const [when, setWhen] = useState(localInput(callback.dueAt));
  const action = useAction();
  const path = `/v1/callbacks/${callback.callbackId}`;
  const finish = () => {
    setEditing(null);
    onChange();
  };
  const reschedule = (event: Event) => {
    event.preventDefault();
    void action.run(() => api(path, { method: 'PATCH', body: JSON.stringify({ requestedAt: new Date(when).toISOString() }) }).then(finish));
  };
  const cancel = () => action.run(() => api(`${path}?reason=${encodeURIComponent('cancelled in the admin console')}`, { method: 'DELETE' }).then(finish));

  return (
    <tr data-callback-id={callback.callbackId}>
      <td data-label="Due">{callback.dueAt ? formatDateTime(callback.dueAt) : '–'}</td>
      <td data-label="Who">
        {callback.name && <b>{callback.name} </b>}
        {callback.phone}
      </td>
      <td data-label="Reason">
        {callback.reason}
        {callback.notes && <div class="muted">{callback.notes}</div>}
      </td>
      <td data-label="Status">
        <span class={`pill ${callback.status}`}>{humanize(callback.status)}</span>
        {callback.outcome && <div class="muted">{humanize(callback.outcome)}</div>}
      </td>
      <td data-label="Actions">
        {CHANGEABLE.includes(callback.status) && editing === null && (
          <div class="actions">
            <button type="button" class="secondary" onClick={() => setEditing('reschedule')}>
              Reschedule
            </button>
            <button type="button" class="danger" onClick={() => setEditing('cancel')}>
              Cancel
            </button>
          </div>
        )}
        {editing === 'reschedule' && (
          <form class="actions" onSubmit={reschedule}>
            <input type="datetime-local" aria-label="New time" required value={when} onInput={(e) => setWhen(e.currentTarget.value)} />
            <button type="submit" disabled={action.busy}>
              Save
            </button>
            <button type="button" class="link" onClick={() => setEditing(null)}>
              Back
            </button>
          </form>
        )}
        {editing === 'cancel' && (
          <div class="actions">
            <span>Cancel this callback?</span>
            <button type="button" class="danger" disabled={action.busy} onClick={cancel}>
              Yes, cancel it
            </button>
            <button type="button" class="link" onClick={() => setEditing(null)}>
              Keep it
            </button>
          </div>
        )}
        {action.error && <ErrorNotice error={action.error} />}
      </td>
    </tr>
  );
}
