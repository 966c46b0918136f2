import type { LocalTemporal } from '../../libs/infra/src/temporal-server';
import { dropRun, type RunDatabases } from './run-databases';

export const TEST_STATE_KEY = '__switchboardTestInfra';

/** What the global setup started, for the global teardown (the same process). */
export interface TestInfraState {
  databases: RunDatabases;
  temporal?: LocalTemporal;
  /** Releases everything when the run is interrupted (Ctrl-C, SIGTERM). */
  onSignal: (signal: NodeJS.Signals) => void;
  released?: Promise<void>;
}

export const INTERRUPTS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];

/** Drops the run's databases and stops Temporal, once: an interrupt and Jest's teardown may both ask. */
export function releaseInfra(state: TestInfraState): Promise<void> {
  state.released ??= Promise.allSettled([dropRun(state.databases), state.temporal?.stop()]).then((results) => {
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
  });
  return state.released;
}
