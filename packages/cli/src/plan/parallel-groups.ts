import type { CliPlanStep } from './plan-service.js';

/**
 * The wave each step can run in: 1 for steps without dependencies, else one more than the latest dependency.
 * Steps of the same wave can run in parallel. Unknown dependencies count as none; a cycle (which a validated plan
 * never has) cannot loop forever.
 */
export function parallelGroups(steps: readonly Pick<CliPlanStep, 'id' | 'dependsOn'>[]): Map<number, number> {
  const byId = new Map(steps.map((step) => [step.id, step]));
  const groups = new Map<number, number>();
  const visiting = new Set<number>();
  const groupOf = (id: number): number => {
    const known = groups.get(id);
    if (known !== undefined) return known;
    const step = byId.get(id);
    if (step === undefined || visiting.has(id)) return 0;
    visiting.add(id);
    const group = 1 + Math.max(0, ...step.dependsOn.map(groupOf));
    visiting.delete(id);
    groups.set(id, group);
    return group;
  };
  for (const step of steps) groupOf(step.id);
  return groups;
}
