/**
 * `npm run demo [-- --verbose]`: one full simulated phone call, end to end,
 * with nothing but Node installed (scripts/demo-call.ts places it).
 *
 * The terminal gets the story of the call: transcript, tool calls, summary,
 * timings and the link to the Temporal UI. What the processes log (the apps,
 * the Temporal dev server, Prisma) goes to .data/demo.log, or with --verbose
 * to the terminal as it happens: the call runs in a child process whose
 * stdout and stderr are the log, and whose story comes back on fd 3.
 */
import { spawn, spawnSync, type StdioOptions } from 'node:child_process';
import { mkdirSync, openSync } from 'node:fs';
import path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..');
const LOG_FILE = path.join(REPO_ROOT, '.data', 'demo.log');

function main(): void {
  const verbose = process.argv.includes('--verbose');
  mkdirSync(path.dirname(LOG_FILE), { recursive: true });
  const logs = verbose ? 'inherit' : openSync(LOG_FILE, 'w');
  const where = verbose ? 'the process logs are above' : `the process logs are in ${path.relative(process.cwd(), LOG_FILE)}`;
  if (!verbose) console.log(`Process logs: ${path.relative(process.cwd(), LOG_FILE)} (npm run demo -- --verbose shows them live)`);

  const generated = spawnSync('npm', ['run', '-s', 'prisma:generate'], { cwd: REPO_ROOT, stdio: ['ignore', logs, logs] });
  if (generated.status !== 0) fail(`prisma generate failed; ${where}`);

  // fd 3 is the story: this process's stdout. The IPC channel closing tells the call that this process is gone.
  const stdio: StdioOptions = ['ignore', logs, logs, 1, 'ipc'];
  const call = spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'demo-call.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, DEMO_STORY_FD: '3' },
    stdio,
  });
  // Ctrl-C reaches the whole process group: the call stops the stack and exits, and this process waits for that.
  process.on('SIGINT', () => undefined);
  process.on('SIGTERM', () => call.kill('SIGTERM'));
  call.once('exit', (code, signal) => {
    if (code === 0) process.exit(0);
    fail(`the demo did not finish (${code ?? signal}); ${where}`);
  });
}

function fail(message: string): never {
  console.error(`\n✖ ${message}`);
  process.exit(1);
}

main();
