/**
 * Preload (`node -r …/exit-with-parent.ts`) for a process started with a
 * lifeline (parent-lifeline.ts): when the parent is gone, this process stops
 * as on SIGTERM (its own shutdown runs) and exits regardless after
 * PARENT_GONE_GRACE_MS. Without a lifeline it does nothing.
 */
import { Socket } from 'node:net';
import { LIFELINE_ENV, PARENT_GONE_GRACE_MS } from './parent-lifeline';

/** Exit code when the grace period ran out. */
const PARENT_GONE_EXIT_CODE = 129;

const fd = Number(process.env[LIFELINE_ENV]);
// The lifeline is this process's own: its children get none from it.
delete process.env[LIFELINE_ENV];

if (Number.isInteger(fd) && fd > 2) {
  const lifeline = new Socket({ fd, readable: true, writable: false });
  let gone = false;
  const parentGone = () => {
    if (gone) return;
    gone = true;
    setTimeout(() => process.exit(PARENT_GONE_EXIT_CODE), PARENT_GONE_GRACE_MS).unref();
    process.kill(process.pid, 'SIGTERM');
  };
  lifeline.on('end', parentGone);
  lifeline.on('error', parentGone);
  lifeline.resume();
  // The lifeline alone never keeps the process alive.
  lifeline.unref();
}
