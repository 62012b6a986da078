import type { PlanStep } from '../types/plan.js';
import { topologicalOrder } from './topological-order.js';

/**
 * Checks a (possibly hand-built) plan before running it: duplicate ids, dependencies on unknown steps or on the
 * step itself, and cycles. Returns one message saying what is wrong, or `undefined` for a valid DAG.
 */
export function findDependencyProblem(steps: readonly PlanStep[]): string | undefined {
  const indexOf = new Map<number, number>();
  for (const [index, step] of steps.entries()) {
    if (indexOf.has(step.id)) return `Two steps have the id ${step.id}: give every step its own id.`;
    indexOf.set(step.id, index);
  }
  const dependencies: number[][] = [];
  for (const step of steps) {
    const list: number[] = [];
    for (const id of step.dependsOn) {
      const index = indexOf.get(id);
      if (index === undefined) return `Step ${step.id} depends on step ${id}, which is not in the plan.`;
      if (id === step.id) return `Step ${step.id} depends on itself.`;
      list.push(index);
    }
    dependencies.push(list);
  }
  const { stuck } = topologicalOrder(dependencies);
  if (stuck.length === 0) return undefined;
  const ids = stuck.map((index) => steps[index]!.id).join(', ');
  return `Dependency cycle among steps ${ids}: no step of it can start. Remove one of their dependencies.`;
}
