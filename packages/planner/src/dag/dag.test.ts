import { describe, expect, it } from 'vitest';
import { makePlan } from '../__fixtures__/planner-fixtures.js';
import { findDependencyProblem } from './find-dependency-problem.js';
import { repairDependencies } from './repair-dependencies.js';
import { topologicalOrder } from './topological-order.js';

describe('topologicalOrder', () => {
  it('keeps an ordered DAG as it is and puts ready nodes lowest index first', () => {
    expect(topologicalOrder([[], [0], [0], [1, 2]])).toEqual({ order: [0, 1, 2, 3], stuck: [] });
    expect(topologicalOrder([[2], [], []])).toEqual({ order: [1, 2, 0], stuck: [] });
  });
  it('reports nodes on or behind a cycle as stuck', () => {
    expect(topologicalOrder([[1], [0], [], [1]])).toEqual({ order: [2], stuck: [0, 1, 3] });
  });
});

describe('repairDependencies', () => {
  it('chains steps whose dependencies are missing', () => {
    expect(repairDependencies([undefined, undefined, []]).dependencies).toEqual([[], [0], []]);
  });
  it('breaks a three-step cycle by dropping the forward reference only', () => {
    const repaired = repairDependencies([[2], [0], [1]]);
    expect(repaired.order).toEqual([0, 1, 2]);
    expect(repaired.dependencies).toEqual([[], [0], [1]]);
    expect(repaired.notes).toEqual(['Step 1: dropped the dependency on step 3 to break a dependency cycle.']);
  });
  it('drops negative and fractional indices', () => {
    const repaired = repairDependencies([[-1], [0.5, 0]]);
    expect(repaired.dependencies).toEqual([[], [0]]);
    expect(repaired.notes).toHaveLength(2);
  });
});

describe('findDependencyProblem', () => {
  it('accepts a valid DAG in any order', () => {
    expect(findDependencyProblem(makePlan([{ dependsOn: [2] }, {}], 1n).steps)).toBeUndefined();
  });
  it('names duplicate ids, self references and cycles', () => {
    const duplicate = makePlan([{}, {}], 1n).steps.map((step) => ({ ...step, id: 1 }));
    expect(findDependencyProblem(duplicate)).toBe('Two steps have the id 1: give every step its own id.');
    expect(findDependencyProblem(makePlan([{ dependsOn: [1] }], 1n).steps)).toBe('Step 1 depends on itself.');
    expect(findDependencyProblem(makePlan([{}, { dependsOn: [3] }, { dependsOn: [2] }], 1n).steps)).toBe(
      'Dependency cycle among steps 2, 3: no step of it can start. Remove one of their dependencies.',
    );
  });
});
