import { createModelRegistry, createProviderResolver } from '@tokenwise/core';
import { createOpenRouter } from '@tokenwise/providers-openrouter';
import { formatUsd, usd } from '@tokenwise/spec';
import { createOpenRouterMockUpstream, openaiText } from '@tokenwise/testkit';
import { describe, expect, it } from 'vitest';
import { createExecutor } from './executor/create-executor.js';
import { toTaskRecord } from './executor/to-task-record.js';
import { createPlanner } from './planner/create-planner.js';
import type { AttemptEntry } from './types/plan-result.js';

// The README's example, with the OpenRouter provider pointed at the test kit's mock upstream (in-process fetch).
describe('README example', () => {
  it('plans and executes a task with the bundled catalog', async () => {
    const upstream = createOpenRouterMockUpstream();
    upstream.enqueue(
      openaiText(
        JSON.stringify([
          {
            description: 'List the key ideas',
            capability: 'general',
            estimated_input_tokens: 300,
            estimated_output_tokens: 400,
            depends_on: [],
          },
          {
            description: 'Write the guide',
            capability: 'general',
            estimated_input_tokens: 800,
            estimated_output_tokens: 900,
            depends_on: [0],
          },
        ]),
        { usage: { inputTokens: 420, outputTokens: 160, cost: 0.0004 } },
      ),
    );
    const log: string[] = [];

    const registry = createModelRegistry();
    const resolver = createProviderResolver({
      providers: {
        openrouter: createOpenRouter({
          apiKey: 'sk-or-test',
          baseURL: 'http://mock.test/api/v1',
          fetch: upstream.fetch,
        }),
      },
      registry,
    });

    const planner = createPlanner({ registry, resolve: resolver.resolve });
    const plannerEntries: AttemptEntry[] = [];
    const plan = await planner.plan('Write a short guide to budget-aware LLM routing', {
      budget: 0.5,
      onAttempt: (entry) => plannerEntries.push(entry),
    });
    log.push(`${plan.source} ${plan.steps.length} steps, estimated ${formatUsd(plan.totalEstimatedCost)}`);

    const executor = createExecutor({ registry, resolve: resolver.resolve });
    const controller = new AbortController();
    const result = await executor.execute(plan, {
      concurrency: 4,
      signal: controller.signal,
      onEvent: (event) => log.push(event.type),
    });
    for (const step of result.stepResults) log.push(`${step.stepId} ${step.modelId} ${formatUsd(step.cost)}`);

    expect(plan.source).toBe('llm');
    expect(plan.plannerCost).toBe(usd('0.0004')); // the vendor-reported cost wins
    expect(plan.steps.map((step) => step.dependsOn)).toEqual([[], [1]]);
    expect(result.success).toBe(true);
    expect(result.trace.terminationState).toBe('completed');
    expect(result.finalOutput).toContain('echo:');
    expect(result.finalOutput).toContain('Write the guide');
    expect(result.ledger.entries).toHaveLength(2);
    expect(result.totalCost).toBe(plan.plannerCost + result.ledger.totalCost);
    expect(result.budgetRemaining).toBe(usd('0.5') - result.totalCost);
    expect(log.filter((line) => line === 'step-finish')).toHaveLength(2);

    const record = toTaskRecord(result, {
      source: 'library',
      plannerEntries,
      timestamp: '2026-01-01T00:00:00.000Z',
    });
    expect(record).toMatchObject({
      kind: 'task',
      source: 'library',
      plannerCost: usd('0.0004'),
      totalCost: result.totalCost,
    });
    expect(record.entries.map((entry) => entry.reason)).toEqual([
      'planner',
      'step 1 attempt 1',
      'step 2 attempt 1',
    ]);
  });
});
