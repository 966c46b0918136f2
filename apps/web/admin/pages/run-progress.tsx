import type { CampaignProgress } from '../api-types';

/** How a run's appointments stand, in the order the bar shows them. */
function segments(progress: CampaignProgress) {
  const skipped = Object.values(progress.skipped).reduce((a, b) => a + b, 0);
  return [
    { key: 'reached', label: 'Reached', count: progress.answeredByHuman },
    { key: 'voicemail', label: 'Voicemail', count: progress.voicemailLeft },
    { key: 'no-answer', label: 'No answer or busy', count: progress.noAnswer + progress.busy },
    { key: 'failed', label: 'Failed', count: progress.failed },
    { key: 'skipped', label: 'Skipped', count: skipped },
    { key: 'in-flight', label: 'Calling now', count: progress.inFlight },
  ];
}

/** A reminder run's progress bar: finished calls by how they ended, the calls still going, and the appointments not started yet. */
export function RunProgress({ progress }: { progress: CampaignProgress }) {
  const finished = progress.started - progress.inFlight;
  const parts = segments(progress);
  const total = Math.max(progress.total, 1);
  return (
    <div class="progress-block">
      <div
        class="progress"
        role="progressbar"
        aria-label={`Reminders for ${progress.date}`}
        aria-valuemin={0}
        aria-valuemax={progress.total}
        aria-valuenow={finished}
        aria-valuetext={`${finished} of ${progress.total} done`}
      >
        {parts.map((part) => part.count > 0 && <span key={part.key} class={`bar ${part.key}`} style={{ width: `${(100 * part.count) / total}%` }} title={`${part.label}: ${part.count}`} />)}
      </div>
      <p class="progress-text">
        <b>
          {finished} of {progress.total}
        </b>{' '}
        done
        {progress.inFlight > 0 && <> · {progress.inFlight} calling now</>}
        {progress.total > progress.started && <> · {progress.total - progress.started} to start</>}
      </p>
      <ul class="legend">
        {parts.map(
          (part) =>
            part.count > 0 && (
              <li key={part.key}>
                <span class={`swatch ${part.key}`} />
                {part.label} <b>{part.count}</b>
              </li>
            ),
        )}
      </ul>
    </div>
  );
}
