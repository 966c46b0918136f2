import { setTimeout as sleep } from 'node:timers/promises';
import { descendantsOf, isRunning, type ProcessInfo } from './support/process-tree';
import { startStackProcess, type StackProcess } from './support/stack-process';

/** What the stack must meet: everything it started is gone this soon after it is. */
const REQUIRED_MS = 5_000;
/** How long to keep looking before giving up. */
const GIVE_UP_MS = 60_000;
const POLL_MS = 50;

describe('the local stack leaves no orphans', () => {
  let stack: StackProcess | undefined;
  let started: ProcessInfo[] = [];

  afterAll(async () => {
    await stack?.stop();
    // Should the test fail, it leaves nothing running either.
    for (const survivor of started.filter(isRunning)) process.kill(survivor.pid, 'SIGKILL');
  }, 90_000);

  it('takes down every process it started when its parent is killed with SIGKILL', async () => {
    stack = await startStackProcess('no-orphans');
    started = descendantsOf(stack.pid);
    const commands = started.map((process) => process.command);
    // The three apps, compiled as in production (no TypeScript compiler loaded), and the Temporal dev server, at least.
    const apps = ['worker', 'api', 'media-edge'].map((app) => commands.filter((command) => command.includes(`/apps/${app}/src/main.js`)));
    expect(apps.map((found) => found.length)).toEqual([1, 1, 1]);
    expect(apps.flat().filter((command) => command.includes('@swc-node/register'))).toEqual([]);
    expect(commands.join('\n')).toContain('temporal server start-dev');

    process.kill(stack.pid, 'SIGKILL');
    const killedAt = Date.now();
    await stack.exited;
    let survivors: ProcessInfo[] = started;
    while (survivors.length > 0 && Date.now() - killedAt < GIVE_UP_MS) {
      await sleep(POLL_MS);
      survivors = survivors.filter(isRunning);
    }
    const goneAfterMs = Date.now() - killedAt;

    expect(survivors.map((process) => `${process.pid} ${process.command}`)).toEqual([]);
    expect(goneAfterMs).toBeLessThanOrEqual(REQUIRED_MS);
  }, 420_000);
});
