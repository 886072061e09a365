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

/** CPU milliseconds of one process (0 when it is gone). */
export function cpuMsOf(pid: number): number {
  return readStat(pid)?.cpuMs ?? 0;
}

/** CPU milliseconds of a process and all its direct children (a postmaster and its backends). */
export function cpuMsOfTree(rootPid: number): number {
  let total = cpuMsOf(rootPid);
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = readStat(Number(entry));
    if (stat !== undefined && stat.ppid === rootPid) total += stat.cpuMs;
  }
  return total;
}

export function parentOf(pid: number): number | undefined {
  return readStat(pid)?.ppid;
}
