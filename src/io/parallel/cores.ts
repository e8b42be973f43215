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

const readOrNull = (path: string): string | null => {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return null;
  }
};

const siblingList = (cpu: number): string | null => readOrNull(`/sys/devices/system/cpu/cpu${cpu}/topology/thread_siblings_list`)?.trim() ?? null;

/**
 * Whole cores a CPU quota allows (a container's --cpus, a Kubernetes CPU limit), from cgroup v2's cpu.max
 * ("max 100000": none; "150000 100000": 1.5 cores, so 1) or cgroup v1's cfs quota and period (-1: none);
 * null when no quota is set or none can be read. The idle probe reads the whole machine's cores, so on an
 * idle 2-core host a container held to one core would find two idle and run two threads on one core's time.
 */
export function quotaCores(v2: string | null, v1Quota: string | null, v1Period: string | null): number | null {
  const whole = (quota: number, period: number) => (quota > 0 && period > 0 ? Math.max(1, Math.floor(quota / period)) : null);
  if (v2 !== null) {
    const [quota, period] = v2.trim().split(/\s+/);
    return quota === 'max' ? null : whole(Number(quota), Number(period));
  }
  return v1Quota === null || v1Period === null ? null : whole(Number(v1Quota), Number(v1Period));
}

/**
 * The folders of this process's cgroup and of each one above it, where a CPU quota may be set: cgroup v2's
 * (the "0::" line of /proc/self/cgroup) and v1's cpu controller. In a container the path is usually "/":
 * the container's own cgroup; under systemd (CPUQuota= of a timer's service) it is the unit's.
 */
export function cgroupDirs(selfCgroup: string): { v2: string[]; v1: string[] } {
  const up = (root: string, path: string | undefined): string[] => {
    if (path === undefined) return [];
    const parts = path.split('/').filter(Boolean);
    return parts.map((_, i) => `${root}/${parts.slice(0, parts.length - i).join('/')}`).concat(root);
  };
  return {
    v2: up('/sys/fs/cgroup', /^0::(\/.*)$/m.exec(selfCgroup)?.[1]),
    v1: up('/sys/fs/cgroup/cpu', /^\d+:(?:[^:]*,)?cpu(?:,[^:]*)?:(\/.*)$/m.exec(selfCgroup)?.[1]),
  };
}

/** Cores this process may run on: coresOf, and no more than the tightest CPU quota on its cgroups (quotaCores) allows. */
export const usableCores = (): number => {
  const dirs = cgroupDirs(readOrNull('/proc/self/cgroup') ?? '');
  const quotas = [
    ...dirs.v2.map((d) => quotaCores(readOrNull(`${d}/cpu.max`), null, null)),
    ...dirs.v1.map((d) => quotaCores(null, readOrNull(`${d}/cpu.cfs_quota_us`), readOrNull(`${d}/cpu.cfs_period_us`))),
  ].filter((q): q is number => q !== null);
  return Math.min(coresOf(cpus().map((_, i) => siblingList(i)), availableParallelism()), ...quotas);
};

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
