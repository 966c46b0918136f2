import { INTERRUPTS, releaseInfra, TEST_STATE_KEY, type TestInfraState } from './state';

export default async function globalTeardown(): Promise<void> {
  const state = (globalThis as Record<string, unknown>)[TEST_STATE_KEY] as TestInfraState | undefined;
  if (!state) return;
  for (const signal of INTERRUPTS) process.off(signal, state.onSignal);
  await releaseInfra(state);
}
