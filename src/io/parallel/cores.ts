import { readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';

/**
 * Cores among `logical` CPUs whose sibling lists (Linux's topology/thread_siblings_list, one per CPU;
 * null: unreadable) are given, logical CPUs that share a core (SMT) counted once: two reading threads on
 * the two halves of one core each read at about half the pace of one alone (measured on a 2-vCPU machine,
 * session 7), so such a pair is one core here. Without the topology (not Linux) every logical CPU counts.
 */
export function coresOf(siblingLists: (string | null)[], logical: number): number {
  if (!siblingLists.length || siblingLists.includes(null)) return logical;
  return Math.min(logical, new Set(siblingLists).size);
}

const siblingList = (cpu: number): string | null => {
  try {
    return readFileSync(`/sys/devices/system/cpu/cpu${cpu}/topology/thread_siblings_list`, 'utf8').trim();
  } catch {
    return null;
  }
};

/** Cores this process may run on (coresOf). */
export const physicalCores = (): number => coresOf(cpus().map((_, i) => siblingList(i)), availableParallelism());

const idleMs = () => cpus().reduce((sum, c) => sum + c.times.idle, 0);

/**
 * Cores other processes leave idle, sampled over at least a tenth of a second (the kernel counts idle time
 * in 10 ms ticks) while this process goes on: its own CPU time in the sample counts as idle. Sampled while
 * the first MiB is read and the worker loads, instead of 0.1 s spent waiting first.
 */
export function idleCoresProbe(): () => Promise<number> {
  const from = { at: performance.now(), idle: idleMs(), cpu: process.cpuUsage() };
  return async () => {
    const wait = from.at + 100 - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const own = process.cpuUsage(from.cpu);
    return (idleMs() - from.idle + (own.user + own.system) / 1000) / (performance.now() - from.at);
  };
}
