import { describe, expect, it } from 'vitest';
import { coresOf } from '../../src/io/parallel/cores.js';

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
