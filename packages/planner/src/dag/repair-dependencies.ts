import { topologicalOrder } from './topological-order.js';

/** Steps in a valid order with their dependencies as positions in that order. */
export interface RepairedDag {
  /** `order[k]` is the original index of the step placed at position `k`. */
  order: number[];
  /** Dependencies of the step at each position, as positions (0-based), sorted. */
  dependencies: number[][];
  /** What was repaired, one line each, in the user's 1-based step numbers. */
  notes: string[];
}

/**
 * Turns the dependencies a planner model wrote (0-based indices, possibly wrong) into a DAG: references to
 * unknown steps or to the step itself are dropped, forward references are kept by reordering the steps, and a
 * cycle is broken by dropping its forward references (the model's own order decides). Every repair is noted.
 * `undefined` dependencies mean "after the previous step" (the original's default).
 */
export function repairDependencies(raw: readonly (readonly number[] | undefined)[]): RepairedDag {
  const count = raw.length;
  const notes: string[] = [];
  const dependencies = raw.map((list, index) => {
    if (list === undefined) return index > 0 ? [index - 1] : [];
    const kept = new Set<number>();
    for (const dependency of list) {
      if (dependency === index) notes.push(`Step ${index + 1}: dropped its dependency on itself.`);
      else if (!Number.isInteger(dependency) || dependency < 0 || dependency >= count) {
        notes.push(`Step ${index + 1}: dropped the dependency on unknown step index ${dependency}.`);
      } else kept.add(dependency);
    }
    return [...kept].sort((a, b) => a - b);
  });

  let result = topologicalOrder(dependencies);
  if (result.stuck.length > 0) {
    const stuck = new Set(result.stuck);
    for (const node of result.stuck) {
      const list = dependencies[node]!;
      const dropped = list.filter((dependency) => dependency > node && stuck.has(dependency));
      if (dropped.length === 0) continue;
      dependencies[node] = list.filter((dependency) => !dropped.includes(dependency));
      notes.push(
        `Step ${node + 1}: dropped the dependency on step ${dropped.map((d) => d + 1).join(', ')} to break a dependency cycle.`,
      );
    }
    result = topologicalOrder(dependencies);
  }
  const { order } = result;
  if (order.some((node, position) => node !== position)) {
    notes.push('Steps were reordered so that every step comes after the steps it depends on.');
  }
  const positionOf = new Map(order.map((node, position) => [node, position]));
  return {
    order,
    dependencies: order.map((node) =>
      dependencies[node]!.map((dependency) => positionOf.get(dependency)!).sort((a, b) => a - b),
    ),
    notes,
  };
}
