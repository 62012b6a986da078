import { describe, expect, it } from 'vitest';
import { parallelGroups } from './parallel-groups.js';

describe('parallelGroups', () => {
  it('puts steps in waves after their latest dependency', () => {
    const groups = parallelGroups([
      { id: 1, dependsOn: [] },
      { id: 2, dependsOn: [] },
      { id: 3, dependsOn: [1] },
      { id: 4, dependsOn: [3, 2] },
    ]);
    expect([...groups]).toEqual([
      [1, 1],
      [2, 1],
      [3, 2],
      [4, 3],
    ]);
  });
  it('treats unknown dependencies as none and survives a cycle', () => {
    const groups = parallelGroups([
      { id: 1, dependsOn: [9] },
      { id: 2, dependsOn: [3] },
      { id: 3, dependsOn: [2] },
    ]);
    expect(groups.get(1)).toBe(1);
    expect(groups.get(2)).toBeGreaterThan(0);
  });
});
