import { CallsChart } from './calls-chart';
import { LiveCalls } from './live-calls';

export function HomePage() {
  return (
    <>
      <section aria-labelledby="live-heading">
        <h1 id="live-heading">Live calls</h1>
        <LiveCalls />
      </section>
      <section aria-labelledby="chart-heading">
        <h2 id="chart-heading">Calls per day</h2>
        <CallsChart />
      </section>
    </>
  );
}
