/**
 * A setting the integration run provides: the global setup sets the shared
 * ones (TEMPORAL_ADDRESS, WORKFLOW_BUNDLE_PATH), each file's environment its
 * own DATABASE_URL.
 */
export function requiredEnv(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set: run the integration tests through jest.config.js (its setup sets it)`);
  return value;
}
