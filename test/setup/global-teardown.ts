import { dropDatabase } from '../../libs/infra/src/database';
import { TEST_STATE_KEY, type TestInfraState } from './state';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>)[TEST_STATE_KEY] as TestInfraState | undefined;
  if (!state) return;
  await state.temporal.teardown();
  await dropDatabase(state.serverUrl, state.databaseName);
}
