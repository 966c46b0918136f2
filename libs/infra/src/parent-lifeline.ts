import path from 'node:path';
import type { StdioOptions } from 'node:child_process';

/**
 * A lifeline is a pipe from a parent to its child that the parent never
 * writes to: when the parent ends, however it ends (SIGKILL included), the
 * kernel closes its end and the child reads end-of-file. Node children load
 * {@link LIFELINE_PRELOAD}, which stops them then.
 */
const LIFELINE_FD = 3;
export const LIFELINE_ENV = 'PARENT_LIFELINE_FD';

/** For `node -r`: a child that was given a lifeline exits when its parent is gone. */
export const LIFELINE_PRELOAD = path.join(__dirname, 'exit-with-parent.ts');

/** How long a child whose parent is gone may take to stop as on SIGTERM before it is killed. */
export const PARENT_GONE_GRACE_MS = 1_000;

type Stdio = Extract<StdioOptions, readonly unknown[]>[number];

/** spawn() options that give the child a lifeline on fd 3, after its three standard streams. */
export function withLifeline(env: NodeJS.ProcessEnv, stdio: readonly [Stdio, Stdio, Stdio]): { env: NodeJS.ProcessEnv; stdio: Stdio[] } {
  return { env: { ...env, [LIFELINE_ENV]: String(LIFELINE_FD) }, stdio: [...stdio, 'pipe'] };
}
