import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { cpus, setPriority } from 'node:os';
import type { TemporalEngine } from '../../libs/infra/src/temporal-server';

/**
 * Where the bench's processes run. In production the media-edge has its
 * cores to itself and Temporal runs elsewhere; here everything shares the
 * machine, so for the measured window:
 *
 * - the media-edge gets the last core to itself, everything the bench
 *   started (callers, Realtime simulator, worker, Temporal) the others, so
 *   the load generator and the process it measures do not take turns;
 * - the worker and Temporal run at nice 10: they get the CPU the callers and
 *   the simulator leave over, and drain their backlog of signals after the run.
 */
const INFRASTRUCTURE_NICENESS = 10;

export interface CpuPlacement {
  mediaEdgeCpu: number;
  /** e.g. "0" or "0-6". */
  othersCpus: string;
}

/** Pins every thread of `mediaEdgePid` to the last core and every thread of `otherPids` to the rest. */
export function isolateMediaEdge(mediaEdgePid: number, otherPids: readonly number[]): CpuPlacement {
  const cores = cpus().length;
  if (cores < 2) throw new Error('the media-edge bench needs at least 2 cores: one for the media-edge, one for everything else');
  const placement = { mediaEdgeCpu: cores - 1, othersCpus: cores === 2 ? '0' : `0-${cores - 2}` };
  pin(mediaEdgePid, String(placement.mediaEdgeCpu));
  for (const pid of otherPids) pin(pid, placement.othersCpus);
  return placement;
}

/** After the run: lets `pids` use every core again (the workflows drain their backlog of signals faster). */
export function spreadOverAllCores(pids: readonly number[]): void {
  for (const pid of pids) pin(pid, `0-${cpus().length - 1}`);
}

/** Every thread of `pid` (Linux nice values are per thread; threads started later inherit their creator's). */
export function deprioritize(pid: number): void {
  for (const threadId of readdirSync(`/proc/${pid}/task`)) {
    try {
      setPriority(Number(threadId), INFRASTRUCTURE_NICENESS);
    } catch {
      // the thread ended meanwhile
    }
  }
}

/** Pids of this process's children whose command name is `command` (e.g. the Temporal CLI the SDK spawned). */
function childPidsNamed(command: string): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .flatMap((pid) => {
      try {
        const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const parentPid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return name === command && parentPid === process.pid ? [Number(pid)] : [];
      } catch {
        return []; // exited meanwhile
      }
    });
}

/** The pid of the local Temporal server this process started: the CLI's dev server (`temporal`) or the production `server`. */
export function temporalServerPid(engine: TemporalEngine): number {
  const command = engine === 'postgres' ? 'server' : 'temporal';
  const pids = childPidsNamed(command);
  if (pids.length !== 1) throw new Error(`expected one Temporal server (${command}) among this process's children, found ${pids.length}`);
  return pids[0];
}

/**
 * `taskset` (util-linux) on every thread of `pid`, one at a time: `taskset
 * --all-tasks` fails the whole call when one thread ends between its listing
 * and its pinning (seen at 400 calls, with a profiler's threads coming and going).
 */
function pin(pid: number, cpuList: string): void {
  for (const threadId of readdirSync(`/proc/${pid}/task`)) {
    try {
      execFileSync('taskset', ['--cpu-list', '--pid', cpuList, threadId], { stdio: 'ignore' });
    } catch (error) {
      if (existsSync(`/proc/${pid}/task/${threadId}`)) throw error;
      // the thread ended meanwhile
    }
  }
}
