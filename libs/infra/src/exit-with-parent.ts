/**
 * Preload (`node -r …/exit-with-parent.ts`) for a process started with a
 * lifeline (parent-lifeline.ts): when the parent is gone, this process gets
 * SIGTERM (its own shutdown runs) and SIGKILL after PARENT_GONE_GRACE_MS.
 * Without a lifeline it does nothing.
 *
 * The watch runs on a thread of its own, because the main thread may be
 * stuck by then: pino, for one, flushes synchronously on exit and retries
 * for ever against the dead parent's closed pipe.
 */
import { Worker } from 'node:worker_threads';
import { LIFELINE_ENV, PARENT_GONE_GRACE_MS } from './parent-lifeline';

const WATCHDOG = `
const { Socket } = require('node:net');
const { workerData } = require('node:worker_threads');
const lifeline = new Socket({ fd: workerData.fd, readable: true, writable: false });
let gone = false;
const parentGone = () => {
  if (gone) return;
  gone = true;
  process.kill(process.pid, 'SIGTERM');
  setTimeout(() => process.kill(process.pid, 'SIGKILL'), workerData.graceMs);
};
lifeline.on('end', parentGone);
lifeline.on('error', parentGone);
lifeline.resume();
`;

const fd = Number(process.env[LIFELINE_ENV]);
// The lifeline is this process's own: its children get none from it.
delete process.env[LIFELINE_ENV];

// Unref'd: the watch never keeps the process alive.
if (Number.isInteger(fd) && fd > 2) new Worker(WATCHDOG, { eval: true, workerData: { fd, graceMs: PARENT_GONE_GRACE_MS } }).unref();
