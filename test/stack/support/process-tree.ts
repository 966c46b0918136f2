import { readdirSync, readFileSync } from 'node:fs';

/** A process as /proc shows it; `startTime` tells it apart from a later process that reuses its pid. */
export interface ProcessInfo {
  pid: number;
  ppid: number;
  state: string;
  startTime: string;
  command: string;
}

/** Every process below `rootPid` (children, their children…), from /proc. */
export function descendantsOf(rootPid: number): ProcessInfo[] {
  const all = readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProcess(Number(name)))
    .filter((info): info is ProcessInfo => info !== undefined);
  const found: ProcessInfo[] = [];
  const parents = new Set([rootPid]);
  for (let grew = true; grew; ) {
    grew = false;
    for (const info of all) {
      if (!parents.has(info.ppid) || parents.has(info.pid)) continue;
      parents.add(info.pid);
      found.push(info);
      grew = true;
    }
  }
  return found;
}

/** Still running: the same process (same start time) exists and is not a zombie (an ended process nobody reaped yet). */
export function isRunning(process: ProcessInfo): boolean {
  const now = readProcess(process.pid);
  return now !== undefined && now.startTime === process.startTime && now.state !== 'Z';
}

function readProcess(pid: number): ProcessInfo | undefined {
  let stat: string;
  let command: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    command = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').join(' ').trim();
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid … starttime …": comm may hold spaces and parentheses, so split after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return { pid, state: fields[0], ppid: Number(fields[1]), startTime: fields[19], command };
}
