import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';

/**
 * CPU time of processes from /proc (Linux): who spent the machine's cores during a run — the app's
 * Node process, the Postgres server (postmaster and every backend), the load generator.
 */

let ticksPerSecond: number | undefined;
function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

interface Stat {
  readonly pid: number;
  readonly ppid: number;
  /** utime + stime, milliseconds. */
  readonly cpuMs: number;
}

function readStat(pid: number): Stat | undefined {
  try {
    const raw = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name is in parentheses and may contain spaces: fields start after the last ')'.
    const fields = raw.slice(raw.lastIndexOf(')') + 2).split(' ');
    const ppid = Number(fields[1]);
    const ticks = Number(fields[11]) + Number(fields[12]);
    return { pid, ppid, cpuMs: (ticks * 1000) / clockTicks() };
  } catch {
    return undefined;
  }
}

export function available(): boolean {
  return readStat(process.pid) !== undefined;
}

function cmdline(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    return '';
  }
}

/** A server process (checkpointer, WAL writer…), or a client backend connected to `database`. */
function ofDatabase(title: string, database: string): boolean {
  const clientBackend = /\(\d+\)|\[local\]/.test(title);
  return !clientBackend || title.includes(` ${database} `);
}

/**
 * CPU spent by a process (and, with `withChildren`, its direct children: a postmaster and its
 * backends) between `start()` and `stop()`. Sampled every `everyMs`, so that a child which exits
 * meanwhile (a backend whose connection closed) keeps what it had spent at its last sample instead
 * of vanishing from the sum; only what it spent after that sample is missed. With `onlyDatabase`,
 * client backends of other databases are left out (a shared server: other people's connections),
 * while the server's own processes (checkpointer, WAL writer…) are counted.
 */
export class CpuTracker {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly rootPid: number,
    private readonly options: { readonly withChildren: boolean; readonly onlyDatabase?: string; readonly everyMs?: number },
  ) {}

  start(): void {
    this.first.clear();
    this.last.clear();
    for (const [pid, ms] of this.sample()) this.first.set(pid, ms);
    this.timer = setInterval(() => this.record(), this.options.everyMs ?? 200);
    this.timer.unref();
  }

  /** Milliseconds of CPU since start(). */
  stop(): number {
    clearInterval(this.timer);
    this.record();
    let total = 0;
    for (const [pid, ms] of this.last) total += ms - (this.first.get(pid) ?? 0);
    return total;
  }

  private record(): void {
    for (const [pid, ms] of this.sample()) this.last.set(pid, ms);
  }

  private sample(): Map<number, number> {
    const out = new Map<number, number>();
    const root = readStat(this.rootPid);
    if (root !== undefined) out.set(root.pid, root.cpuMs);
    if (!this.options.withChildren) return out;
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const stat = readStat(Number(entry));
      if (stat === undefined || stat.ppid !== this.rootPid) continue;
      if (this.options.onlyDatabase !== undefined && !ofDatabase(cmdline(stat.pid), this.options.onlyDatabase)) continue;
      out.set(stat.pid, stat.cpuMs);
    }
    return out;
  }
}

export function parentOf(pid: number): number | undefined {
  return readStat(pid)?.ppid;
}
