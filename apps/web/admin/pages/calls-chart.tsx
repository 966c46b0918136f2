import { useMemo, useState } from 'preact/hooks';
import type { CallAnalytics } from '../api-types';
import { ErrorNotice, Loading } from '../components';
import { formatUsd, humanize, localDay } from '../format';
import { useSession, withTenant } from '../session';
import { useApi } from '../use-api';

const RANGES = [7, 14, 30];
const PALETTE = ['#2563eb', '#16a34a', '#f59e0b', '#dc2626', '#7c3aed', '#0891b2', '#db2777', '#65a30d', '#9ca3af'];
/** Calls whose summary is not written yet (or never was) have no outcome. */
const NO_OUTCOME = 'no outcome';

/** Drawn narrower on a phone, so that its text stays readable when the SVG is scaled to the screen. */
const size = () => (window.innerWidth < 640 ? { width: 360, height: 200 } : { width: 720, height: 240 });
const MARGIN = { top: 10, right: 8, bottom: 28, left: 34 };
/** Room a day's label needs on the x axis, in SVG units. */
const LABEL_WIDTH = 48;

/** The last `count` local days up to today, as the analytics export's range and as day keys. */
function lastDays(count: number): { from: string; to: string; days: string[] } {
  const end = new Date();
  end.setHours(24, 0, 0, 0);
  const start = new Date(end);
  start.setDate(start.getDate() - count);
  const days: string[] = [];
  for (const day = new Date(start); day < end; day.setDate(day.getDate() + 1)) days.push(localDay(day));
  return { from: start.toISOString(), to: end.toISOString(), days };
}

/** 1, 2, 5, 10, 20, 50…: the smallest at or above `value`. */
function niceCeiling(value: number): number {
  if (value <= 1) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map((step) => step * magnitude).find((nice) => nice >= value)!;
}

const shortDay = (day: string) => new Date(`${day}T12:00:00`).toLocaleDateString(undefined, { month: 'short', day: 'numeric' });

/** Calls per day, stacked by outcome: GET /v1/analytics/calls drawn as inline SVG. */
export function CallsChart() {
  const session = useSession();
  const [dayCount, setDayCount] = useState(14);
  const range = useMemo(() => lastDays(dayCount), [dayCount]);
  const query = `from=${encodeURIComponent(range.from)}&to=${encodeURIComponent(range.to)}&format=json`;
  const report = useApi<CallAnalytics>(withTenant(`/v1/analytics/calls?${query}`, session));

  const picker = (
    <div class="segmented" role="group" aria-label="Days shown">
      {RANGES.map((count) => (
        <button key={count} type="button" aria-pressed={count === dayCount} onClick={() => setDayCount(count)}>
          {count} days
        </button>
      ))}
    </div>
  );
  if (!report.data) {
    return (
      <div class="chart">
        <div class="chart-head">{picker}</div>
        {report.error ? <ErrorNotice error={report.error} /> : <Loading />}
      </div>
    );
  }

  const perDay = new Map(range.days.map((day) => [day, new Map<string, number>()]));
  for (const call of report.data.calls) {
    const counts = perDay.get(localDay(new Date(call.startedAt)));
    const outcome = call.outcome ?? NO_OUTCOME;
    if (counts) counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
  }
  const totalsByOutcome = new Map<string, number>();
  for (const counts of perDay.values()) for (const [outcome, n] of counts) totalsByOutcome.set(outcome, (totalsByOutcome.get(outcome) ?? 0) + n);
  const outcomes = [...totalsByOutcome.keys()].sort((a, b) => (a === NO_OUTCOME ? 1 : b === NO_OUTCOME ? -1 : totalsByOutcome.get(b)! - totalsByOutcome.get(a)!));
  const colour = (outcome: string) => (outcome === NO_OUTCOME ? PALETTE[PALETTE.length - 1] : PALETTE[outcomes.indexOf(outcome) % (PALETTE.length - 1)]);

  const dayTotals = [...perDay.values()].map((counts) => [...counts.values()].reduce((a, b) => a + b, 0));
  const top = niceCeiling(Math.max(0, ...dayTotals));
  const { width, height } = size();
  const plotWidth = width - MARGIN.left - MARGIN.right;
  const plotHeight = height - MARGIN.top - MARGIN.bottom;
  const band = plotWidth / range.days.length;
  const y = (count: number) => MARGIN.top + plotHeight - (count / top) * plotHeight;
  const labelEvery = Math.ceil(LABEL_WIDTH / band);
  const ticks = [...new Set([0, Math.round(top / 2), top])];
  const { totals } = report.data;

  return (
    <div class="chart">
      <div class="chart-head">
        <p>
          <b>{totals.calls}</b> calls · {formatUsd(totals.costUsd)}
          {totals.averageLeadScore !== null && <> · average lead score {totals.averageLeadScore}</>}
        </p>
        {picker}
      </div>
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={`Calls per day by outcome over the last ${dayCount} days: ${totals.calls} calls`}>
        {ticks.map((tick) => (
          <g key={tick} class="tick">
            <line x1={MARGIN.left} x2={width - MARGIN.right} y1={y(tick)} y2={y(tick)} />
            <text x={MARGIN.left - 6} y={y(tick) + 4} text-anchor="end">
              {tick}
            </text>
          </g>
        ))}
        {range.days.map((day, index) => {
          let stacked = 0;
          const x = MARGIN.left + index * band;
          return (
            <g key={day} class="day" data-day={day} data-total={dayTotals[index]}>
              {outcomes.map((outcome) => {
                const count = perDay.get(day)!.get(outcome) ?? 0;
                if (count === 0) return null;
                const bottom = stacked;
                stacked += count;
                return (
                  <rect key={outcome} x={x + band * 0.15} width={band * 0.7} y={y(stacked)} height={y(bottom) - y(stacked)} fill={colour(outcome)}>
                    <title>{`${shortDay(day)}: ${count} × ${humanize(outcome)}`}</title>
                  </rect>
                );
              })}
              {(range.days.length - 1 - index) % labelEvery === 0 && (
                <text class="axis" x={x + band / 2} y={height - 8} text-anchor="middle">
                  {shortDay(day)}
                </text>
              )}
            </g>
          );
        })}
      </svg>
      {outcomes.length === 0 ? (
        <p class="empty">No calls in these days.</p>
      ) : (
        <ul class="legend">
          {outcomes.map((outcome) => (
            <li key={outcome}>
              <span class="swatch" style={{ background: colour(outcome) }} />
              {humanize(outcome)} <b>{totalsByOutcome.get(outcome)}</b>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
