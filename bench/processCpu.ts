// CPU time of the processes a cluster bench runs, read from /proc (Linux; elsewhere nothing is measured):
// where each submission's CPU goes, and so how fast the machine could judge if every core were busy.
import { readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';

const TICKS_PER_SECOND = 100;

interface Proc {
  ppid: number;
  cpuMs: number;
  command: string;
}

function processes(): Map<number, Proc> {
  const out = new Map<number, Proc>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const command = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0')[0];
      out.set(Number(entry), { ppid: Number(fields[1]), cpuMs: ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND, command });
    } catch {
      // The process ended between the listing and the read.
    }
  }
  return out;
}

export const cpuAccounting = (() => {
  try {
    readFileSync('/proc/self/stat');
    return true;
  } catch {
    return false;
  }
})();

/**
 * CPU (ms) by group between this call and the returned function's: each named root process, its descendants as
 * `<name> children`, and the PostgreSQL server's processes (when it runs on this machine) as `PostgreSQL`. Ended
 * processes count for nothing, so groups are measured over spans in which they live.
 */
export function cpuSince(roots: Record<string, number>): () => Map<string, number> {
  const before = processes();
  return () => {
    const after = processes();
    const groups = new Map<string, number>();
    const groupOf = (pid: number): string | undefined => {
      for (let p = pid, depth = 0; p > 1 && depth < 20; depth++) {
        for (const [name, root] of Object.entries(roots)) if (root === p) return p === pid ? name : `${name} children`;
        p = after.get(p)?.ppid ?? 0;
      }
      return /(^|\/)postgres\b/.test(after.get(pid)?.command ?? '') ? 'PostgreSQL' : undefined;
    };
    for (const [pid, proc] of after) {
      const group = groupOf(pid);
      if (!group) continue;
      const used = proc.cpuMs - (before.get(pid)?.cpuMs ?? 0);
      if (used > 0) groups.set(group, (groups.get(group) ?? 0) + used);
    }
    return groups;
  };
}

/** Submissions per second this machine would judge with every core busy, at `msPerSubmission` of CPU each. */
export function allCoresRate(msPerSubmission: number): number {
  return (os.availableParallelism() * 1000) / msPerSubmission;
}
