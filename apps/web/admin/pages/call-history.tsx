import { useEffect, useState } from 'preact/hooks';
import { api } from '../../shared/api-client';
import type { CallListItem, Page } from '../api-types';
import { callerOf, ErrorNotice, Loading } from '../components';
import { formatDateTime, formatDuration, formatUsd, humanize } from '../format';
import { BASE, Link } from '../router';
import { signedOutBy, useSession, withTenant } from '../session';

const PAGE_SIZE = 25;

interface Filters {
  from: string;
  to: string;
  direction: string;
  outcome: string;
  caller: string;
}

const NO_FILTERS: Filters = { from: '', to: '', direction: '', outcome: '', caller: '' };

/** GET /v1/calls's query for the filters: dates are whole local days, `to` included. */
function callsQuery(filters: Filters, cursor: string | null): string {
  const query = new URLSearchParams({ limit: String(PAGE_SIZE) });
  if (filters.from) query.set('from', new Date(`${filters.from}T00:00:00`).toISOString());
  if (filters.to) {
    const end = new Date(`${filters.to}T00:00:00`);
    end.setDate(end.getDate() + 1);
    query.set('to', end.toISOString());
  }
  for (const name of ['direction', 'outcome', 'caller'] as const) if (filters[name]) query.set(name, filters[name].trim());
  if (cursor) query.set('cursor', cursor);
  return `/v1/calls?${query}`;
}

/** Every finished and ongoing call, newest first, with filters, a page at a time. */
export function CallHistory() {
  const session = useSession();
  const [draft, setDraft] = useState<Filters>(NO_FILTERS);
  const [filters, setFilters] = useState<Filters>(NO_FILTERS);
  const [calls, setCalls] = useState<CallListItem[] | null>(null);
  const [nextCursor, setNextCursor] = useState<string | null>(null);
  const [error, setError] = useState<Error | null>(null);

  const load = async (cursor: string | null) => {
    setError(null);
    try {
      const page = await api<Page<CallListItem>>(withTenant(callsQuery(filters, cursor), session));
      setCalls((shown) => (cursor && shown ? [...shown, ...page.data] : page.data));
      setNextCursor(page.nextCursor);
    } catch (failure) {
      if (!signedOutBy(failure, session)) setError(failure as Error);
    }
  };
  useEffect(() => {
    setCalls(null);
    void load(null);
  }, [filters, session.tenant]);

  const field = (name: keyof Filters) => ({
    value: draft[name],
    onInput: (event: Event) => setDraft({ ...draft, [name]: (event.currentTarget as HTMLInputElement).value }),
  });
  const showTenant = session.role === 'admin' && !session.tenant;

  return (
    <section>
      <h1>Calls</h1>
      <form
        class="filters"
        onSubmit={(event) => {
          event.preventDefault();
          setFilters(draft);
        }}
      >
        <label>
          From <input type="date" {...field('from')} />
        </label>
        <label>
          To <input type="date" {...field('to')} />
        </label>
        <label>
          Direction
          <select {...field('direction')}>
            <option value="">Any</option>
            <option value="inbound">Inbound</option>
            <option value="outbound">Outbound</option>
          </select>
        </label>
        <label>
          Outcome <input placeholder="appointment_booked" {...field('outcome')} />
        </label>
        <label>
          Caller <input type="tel" placeholder="+15125550100" {...field('caller')} />
        </label>
        <button type="submit">Filter</button>
      </form>
      {error && <ErrorNotice error={error} />}
      {calls === null ? (
        !error && <Loading />
      ) : calls.length === 0 ? (
        <p class="empty">No calls match.</p>
      ) : (
        <table class="cards calls">
          <thead>
            <tr>
              <th>Started</th>
              {showTenant && <th>Tenant</th>}
              <th>Caller</th>
              <th>Direction</th>
              <th>Outcome</th>
              <th class="num">Lead score</th>
              <th class="num">Duration</th>
              <th class="num">Cost</th>
            </tr>
          </thead>
          <tbody>
            {calls.map((call) => (
              <tr key={call.callSid} data-call-sid={call.callSid}>
                <td data-label="Started">
                  <Link href={`${BASE}/calls/${call.callSid}`}>{formatDateTime(call.startedAt)}</Link>
                </td>
                {showTenant && <td data-label="Tenant">{call.tenant}</td>}
                <td data-label="Caller">{callerOf(call)}</td>
                <td data-label="Direction">{call.direction}</td>
                <td data-label="Outcome">{call.outcome ? humanize(call.outcome) : <span class="muted">{call.endedAt ? 'none' : 'in progress'}</span>}</td>
                <td data-label="Lead score" class="num">
                  {call.leadScore ?? '–'}
                </td>
                <td data-label="Duration" class="num">
                  {call.durationSeconds === null ? '–' : formatDuration(call.durationSeconds)}
                </td>
                <td data-label="Cost" class="num">
                  {formatUsd(call.costUsd)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {nextCursor && (
        <button type="button" class="more" onClick={() => void load(nextCursor)}>
          Load more
        </button>
      )}
    </section>
  );
}
