import { api } from '../../shared/api-client';
import type { Campaign, CampaignProgress, CampaignRun } from '../api-types';
import { ErrorNotice, Loading, newIdempotencyKey, TenantPage } from '../components';
import { formatDateTime, formatDay, humanize } from '../format';
import { useSession, withTenant } from '../session';
import { useAction, useApi } from '../use-api';
import { RunProgress } from './run-progress';

/** Runs move while the page is open: asked again this often. */
const POLL_MS = 2000;

export function CampaignsPage() {
  return (
    <TenantPage title="Campaigns" what="reminder campaign">
      <TenantCampaigns />
    </TenantPage>
  );
}

function TenantCampaigns() {
  const session = useSession();
  const campaigns = useApi<{ data: Campaign[] }>(withTenant('/v1/campaigns', session));
  if (!campaigns.data) return campaigns.error ? <ErrorNotice error={campaigns.error} /> : <Loading />;
  if (campaigns.data.data.length === 0) return <p class="empty">This tenant has no reminder campaign.</p>;
  return (
    <>
      {campaigns.data.data.map((campaign) => (
        <CampaignCard key={campaign.id} campaign={campaign} onChange={campaigns.reload} />
      ))}
    </>
  );
}

function CampaignCard({ campaign, onChange }: { campaign: Campaign; onChange(): void }) {
  const runs = useApi<{ data: CampaignRun[] }>(`/v1/campaigns/${campaign.id}/runs?limit=10`, { everyMs: POLL_MS });
  const action = useAction();
  const post = (what: string) => api(`/v1/campaigns/${campaign.id}/${what}`, { method: 'POST', body: '{}', headers: { 'idempotency-key': newIdempotencyKey() } });
  const runNow = () => action.run(() => post('trigger').then(runs.reload), 'Started: the run shows below in a moment.');
  const togglePause = () => action.run(() => post(campaign.paused ? 'unpause' : 'pause').then(onChange));

  return (
    <article class="card campaign" data-campaign-id={campaign.id}>
      <header>
        <h2>Appointment reminders</h2>
        <span class={`pill ${campaign.paused ? 'paused' : 'ok'}`}>{campaign.paused ? 'Paused' : 'Active'}</span>
      </header>
      <p>
        Every day at <b>{campaign.time}</b> ({campaign.timeZone}) for the next day's appointments · {campaign.concurrency} calls at once ·{' '}
        {campaign.dialsPerSecond > 0 ? `${campaign.dialsPerSecond} new calls a second` : 'unpaced'}
      </p>
      {campaign.nextRunsAt[0] && <p class="muted">Next run {formatDateTime(campaign.nextRunsAt[0])}</p>}
      {campaign.note && <p class="muted">Note: {campaign.note}</p>}
      <div class="actions">
        <button type="button" disabled={action.busy} onClick={runNow}>
          Run now
        </button>
        <button type="button" class="secondary" disabled={action.busy} onClick={togglePause}>
          {campaign.paused ? 'Resume' : 'Pause'}
        </button>
        {action.done && <span class="muted">{action.done}</span>}
      </div>
      {action.error && <ErrorNotice error={action.error} />}

      <h3>Runs</h3>
      {!runs.data ? (
        runs.error ? <ErrorNotice error={runs.error} /> : <Loading />
      ) : runs.data.data.length === 0 ? (
        <p class="empty">No runs yet.</p>
      ) : (
        <ol class="runs">
          {runs.data.data.map((run) => (
            <li key={run.runId} class="run" data-run-date={run.progress.date}>
              <div class="run-head">
                <b>Appointments on {formatDay(run.progress.date)}</b>
                <span class={`pill ${run.progress.done ? 'ok' : 'live'}`}>{run.progress.done ? 'Done' : humanize(run.status.toLowerCase())}</span>
                <span class="muted">started {formatDateTime(run.startedAt)}</span>
              </div>
              <RunProgress progress={run.progress} />
              <SkipReasons progress={run.progress} />
            </li>
          ))}
        </ol>
      )}
    </article>
  );
}

function SkipReasons({ progress }: { progress: CampaignProgress }) {
  const reasons = Object.entries(progress.skipped).filter(([, count]) => count > 0);
  if (reasons.length === 0) return <p class="muted skips">Nothing skipped.</p>;
  return (
    <div class="skips">
      <span>Skipped:</span>
      <ul>
        {reasons.map(([reason, count]) => (
          <li key={reason} data-reason={reason}>
            {humanize(reason)} <b>{count}</b>
          </li>
        ))}
      </ul>
    </div>
  );
}
