import { describe, expect, it } from 'vitest';
import { cgroupDirs, coresOf, quotaCores } from '../../src/io/parallel/cores.js';

describe('coresOf', () => {
  it('counts two logical CPUs that are halves of one core (SMT siblings) as one core', () => {
    expect(coresOf(['0-1', '0-1'], 2)).toBe(1);
    expect(coresOf(['0,2', '1,3', '0,2', '1,3'], 4)).toBe(2);
  });
  it('counts logical CPUs with their own cores each', () => {
    expect(coresOf(['0', '1'], 2)).toBe(2);
  });
  it('counts no more cores than the process may use (affinity)', () => {
    expect(coresOf(['0', '1', '2', '3'], 2)).toBe(2);
  });
  it('counts every logical CPU when the topology cannot be read', () => {
    expect(coresOf(['0-1', null], 2)).toBe(2);
    expect(coresOf([], 3)).toBe(3);
  });
});

describe('quotaCores', () => {
  it('reads a cgroup v2 quota as whole cores, at least one', () => {
    expect(quotaCores('100000 100000\n', null, null)).toBe(1);
    expect(quotaCores('150000 100000', null, null)).toBe(1);
    expect(quotaCores('200000 100000', null, null)).toBe(2);
    expect(quotaCores('50000 100000', null, null)).toBe(1);
  });
  it('has no quota for "max", for cgroup v1 quota -1, or when nothing can be read', () => {
    expect(quotaCores('max 100000\n', null, null)).toBeNull();
    expect(quotaCores(null, '-1\n', '100000\n')).toBeNull();
    expect(quotaCores(null, null, null)).toBeNull();
  });
  it('reads a cgroup v1 quota and period', () => {
    expect(quotaCores(null, '100000\n', '100000\n')).toBe(1);
    expect(quotaCores(null, '400000', '100000')).toBe(4);
  });
});

describe('cgroupDirs', () => {
  it('lists the process cgroup and each one above it, for v2 and for the v1 cpu controller', () => {
    const self = '12:cpu,cpuacct:/system.slice/report.service\n4:memory:/x\n0::/system.slice/report.service\n';
    expect(cgroupDirs(self)).toEqual({
      v2: ['/sys/fs/cgroup/system.slice/report.service', '/sys/fs/cgroup/system.slice', '/sys/fs/cgroup'],
      v1: ['/sys/fs/cgroup/cpu/system.slice/report.service', '/sys/fs/cgroup/cpu/system.slice', '/sys/fs/cgroup/cpu'],
    });
  });
  it('reads a container\'s root cgroup, and a v1 cpu controller listed alone', () => {
    expect(cgroupDirs('1:cpu:/\n2:cpuacct:/\n0::/\n')).toEqual({ v2: ['/sys/fs/cgroup'], v1: ['/sys/fs/cgroup/cpu'] });
    expect(cgroupDirs('')).toEqual({ v2: [], v1: [] });
  });
});
