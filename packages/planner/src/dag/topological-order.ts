/** The outcome of {@link topologicalOrder}. */
export interface TopologicalOrder {
  /** Node indices, every node after its dependencies; among ready nodes the lowest index comes first. */
  order: number[];
  /** Nodes that could not be ordered: on a cycle or depending on one (empty for a DAG). */
  stuck: number[];
}

/**
 * Orders the nodes of a dependency graph (Kahn's algorithm, stable: ties go to the lowest index, so a plan that
 * is already in order stays as it is). `dependencies[i]` lists the indices node `i` depends on; indices must be
 * valid.
 */
export function topologicalOrder(dependencies: readonly (readonly number[])[]): TopologicalOrder {
  const count = dependencies.length;
  const waiting = dependencies.map((list) => new Set(list).size);
  const dependents: number[][] = dependencies.map(() => []);
  dependencies.forEach((list, node) => {
    for (const dependency of new Set(list)) dependents[dependency]!.push(node);
  });
  // A small sorted ready list: plans have tens of steps, so a heap is not worth it.
  const ready: number[] = [];
  for (let node = 0; node < count; node++) if (waiting[node] === 0) ready.push(node);
  const order: number[] = [];
  while (ready.length > 0) {
    const node = ready.shift()!;
    order.push(node);
    for (const dependent of dependents[node]!) {
      waiting[dependent]!--;
      if (waiting[dependent] === 0) insertSorted(ready, dependent);
    }
  }
  const placed = new Set(order);
  const stuck: number[] = [];
  for (let node = 0; node < count; node++) if (!placed.has(node)) stuck.push(node);
  return { order, stuck };
}

function insertSorted(list: number[], value: number): void {
  let index = list.length;
  while (index > 0 && list[index - 1]! > value) index--;
  list.splice(index, 0, value);
}
