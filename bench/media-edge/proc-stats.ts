import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus } from 'node:os';

export interface ProcessUsage {
  /** CPU time over wall time × 100 (above 100 when more than one core is busy). */
  cpuPct: number;
  /** Highest VmRSS seen, sampled once a second. */
  peakRssMb: number;
  /** VmRSS at the end of each whole minute of the window: a soak's growth, or its absence. */
  rssByMinuteMb: number[];
}

const CLOCK_TICKS_PER_SECOND = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());
const RSS_SAMPLE_MS = 1_000;
const SAMPLES_PER_MINUTE = 60_000 / RSS_SAMPLE_MS;

/** CPU and peak RSS of another process over a window, from /proc/<pid>/stat and /proc/<pid>/status. */
export class ProcessUsageSampler {
  private readonly startTicks: number;
  private readonly startMs = performance.now();
  private peakRssKb: number;
  private samples = 0;
  private readonly rssByMinuteKb: number[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number) {
    this.startTicks = this.cpuTicks();
    this.peakRssKb = this.rssKb();
    this.timer = setInterval(() => this.sampleRss(), RSS_SAMPLE_MS);
  }

  stop(): ProcessUsage {
    clearInterval(this.timer);
    this.peakRssKb = Math.max(this.peakRssKb, this.rssKb());
    const cpuSeconds = (this.cpuTicks() - this.startTicks) / CLOCK_TICKS_PER_SECOND;
    const wallSeconds = (performance.now() - this.startMs) / 1000;
    return { cpuPct: (cpuSeconds / wallSeconds) * 100, peakRssMb: this.peakRssKb / 1024, rssByMinuteMb: this.rssByMinuteKb.map((kb) => kb / 1024) };
  }

  private sampleRss(): void {
    const rssKb = this.rssKb();
    this.peakRssKb = Math.max(this.peakRssKb, rssKb);
    if (++this.samples % SAMPLES_PER_MINUTE === 0) this.rssByMinuteKb.push(rssKb);
  }

  /** utime + stime: fields 14 and 15, counted after the parenthesised command name (which may hold spaces). */
  private cpuTicks(): number {
    const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  }

  private rssKb(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    return Number(/^VmRSS:\s+(\d+) kB$/m.exec(status)?.[1] ?? 0);
  }
}

/** How busy the whole machine was over a window, from the `cpu` line of /proc/stat (busy = all but idle and iowait). */
export class MachineCpuSampler {
  private readonly start = readMachineCpu();

  /** Busy time over wall time × 100, summed over cores (at most 100 × cores). */
  stop(): number {
    const end = readMachineCpu();
    const total = end.total - this.start.total;
    return total === 0 ? 0 : ((end.busy - this.start.busy) / total) * 100 * cpus().length;
  }
}

function readMachineCpu(): { busy: number; total: number } {
  const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
  const total = fields.reduce((sum, value) => sum + value, 0);
  const idle = fields[3] + fields[4];
  return { busy: total - idle, total };
}
