import { usd } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { checkWellFormedXml } from '../__fixtures__/check-xml.js';
import type { TaskResult } from '../run/task-result.js';
import { formatResultsCsv } from './format-results-csv.js';
import { formatSummaryTable } from './format-summary-table.js';
import { renderParetoSvg } from './render-pareto-svg.js';
import { summarizeResults } from './summarize-results.js';

function result(
  series: string,
  taskId: string,
  success: boolean,
  cost: string,
  extra: Partial<TaskResult> = {},
): TaskResult {
  return {
    series,
    seriesKind: series.startsWith('tokenwise:') ? 'strategy' : 'model',
    taskId,
    category: taskId.split('-')[0]!,
    success,
    cost: usd(cost),
    budget: usd('0.03'),
    modelUsed: series.startsWith('tokenwise:') ? 'openai/mid' : series,
    escalated: false,
    calls: 1,
    latencyMs: 1234,
    budgetViolation: false,
    ...extra,
  };
}

const results: TaskResult[] = [
  result('openai/cheap', 'simple-a', true, '0.0001'),
  result('openai/cheap', 'reasoning-b', false, '0.0001', { error: 'validator: final number 3 is not 2' }),
  result('openai/top', 'simple-a', true, '0.01'),
  result('openai/top', 'reasoning-b', true, '0.01'),
  result('openai/mid', 'simple-a', true, '0.002'),
  result('openai/mid', 'reasoning-b', false, '0.002'),
  result('tokenwise:escalation', 'simple-a', true, '0.0001'),
  result('tokenwise:escalation', 'reasoning-b', true, '0.0021', { escalated: true, calls: 2 }),
];

describe('formatResultsCsv', () => {
  it('writes a header and one row per result with exact costs', () => {
    const lines = formatResultsCsv(results).trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'series,kind,task,category,success,cost_usd,model_used,escalated,calls,latency_s,budget_usd,budget_violation,error',
    );
    expect(lines).toHaveLength(results.length + 1);
    expect(lines[2]).toBe(
      'openai/cheap,model,reasoning-b,reasoning,false,0.0001,openai/cheap,false,1,1.23,0.03,false,validator: final number 3 is not 2',
    );
    expect(lines[8]).toBe(
      'tokenwise:escalation,strategy,reasoning-b,reasoning,true,0.0021,openai/mid,true,2,1.23,0.03,false,',
    );
  });

  it('quotes fields with commas, quotes and line breaks', () => {
    const csv = formatResultsCsv([
      result('a', 'simple-x', false, '0', { error: 'he said "no", twice\nthen left' }),
    ]);
    expect(csv.split('\r\n')[1]).toMatch(/,"he said ""no"", twice\nthen left"$/);
  });
});

describe('summarizeResults', () => {
  it('computes rates and exact averages and marks the Pareto frontier', () => {
    const summaries = summarizeResults(results);
    const by = Object.fromEntries(summaries.map((summary) => [summary.series, summary]));
    expect(summaries.map((summary) => summary.series)).toEqual([
      'openai/cheap',
      'openai/top',
      'openai/mid',
      'tokenwise:escalation',
    ]);
    expect(by['openai/cheap']).toMatchObject({
      tasks: 2,
      successes: 1,
      successRate: 0.5,
      avgCost: usd('0.0001'),
    });
    expect(by['tokenwise:escalation']).toMatchObject({
      successRate: 1,
      totalCost: usd('0.0022'),
      avgCost: usd('0.0011'),
      escalated: 1,
    });
    expect(by['openai/cheap']!.byCategory).toEqual({
      simple: { tasks: 1, successes: 1 },
      reasoning: { tasks: 1, successes: 0 },
    });
    // cheap: cheapest; escalation: 100% for less than top; mid is dominated by escalation and cheap; top by escalation
    expect(summaries.filter((summary) => summary.onFrontier).map((summary) => summary.series)).toEqual([
      'openai/cheap',
      'tokenwise:escalation',
    ]);
  });

  it('keeps a series that never succeeded off the frontier, however cheap', () => {
    const summaries = summarizeResults([
      result('free/broken', 'simple-a', false, '0'),
      result('openai/cheap', 'simple-a', true, '0.0001'),
    ]);
    expect(summaries.map((summary) => [summary.series, summary.onFrontier])).toEqual([
      ['free/broken', false],
      ['openai/cheap', true],
    ]);
    const allFailed = summarizeResults([
      result('a/x', 'simple-a', false, '0'),
      result('b/y', 'simple-a', false, '0.1'),
    ]);
    // nothing succeeded: no series is an option, so there is no frontier at all
    expect(allFailed.map((summary) => summary.onFrontier)).toEqual([false, false]);
  });

  it('prints a table sorted by average cost with the frontier marked', () => {
    const table = formatSummaryTable(summarizeResults(results)).split('\n');
    expect(table[0]).toMatch(/^series\s+success\s+avg cost\/task/);
    expect(table.slice(2).map((line) => line.split(/\s+/)[0])).toEqual([
      'openai/cheap',
      'tokenwise:escalation',
      'openai/mid',
      'openai/top',
    ]);
    expect(table[3]).toMatch(/2\/2 \(100%\)\s+\$0\.001100\s+\$0\.002200.*yes$/);
  });
});

describe('renderParetoSvg', () => {
  it('is well-formed XML with one circle per series and a frontier path', () => {
    const summaries = summarizeResults(results);
    const svg = renderParetoSvg(summaries);
    const elements = checkWellFormedXml(svg);
    expect(elements[0]).toBe('svg');
    expect(elements.filter((name) => name === 'circle')).toHaveLength(summaries.length);
    expect(svg.match(/<circle/g)).toHaveLength(4);
    expect(svg).toMatch(/<path class="frontier" d="M[\d.]+,[\d.]+ H[\d.]+ V[\d.]+"/);
    // log axis: one tick label per decade from $0.0001 to $0.01
    expect(svg).toContain('>$0.0001</text>');
    expect(svg).toContain('>$0.01</text>');
  });

  it('escapes labels and places zero-cost series on the axis', () => {
    const nasty = [
      result('evil/<script>&"x"', 'simple-a', false, '0'),
      result('openai/cheap', 'simple-a', true, '0.0001'),
    ];
    const svg = renderParetoSvg(summarizeResults(nasty), { title: 'A & B <test>' });
    checkWellFormedXml(svg);
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('evil/&lt;script&gt;&amp;&quot;x&quot; ($0)');
    expect(svg).toContain('A &amp; B &lt;test&gt;');
    expect(svg.match(/<circle/g)).toHaveLength(2);
  });

  it('moves the label of a series with the same figures as another so they do not overlap', () => {
    const twins = [
      result('openai/cheap', 'simple-a', true, '0.0001'),
      result('tokenwise:cheapest', 'simple-a', true, '0.0001'),
    ];
    const svg = renderParetoSvg(summarizeResults(twins));
    const ys = [
      ...svg.matchAll(
        /<text x="[\d.]+" y="([\d.]+)" text-anchor="(?:start|end)" fill="#212529">(openai\/cheap|tokenwise:cheapest)</g,
      ),
    ].map((match) => Number(match[1]));
    expect(ys).toHaveLength(2);
    expect(Math.abs(ys[0]! - ys[1]!)).toBeGreaterThanOrEqual(14);
  });

  it('the XML check itself rejects broken markup', () => {
    expect(() => checkWellFormedXml('<svg><g></svg>')).toThrow();
    expect(() => checkWellFormedXml('<svg><text>a < b</text></svg>')).toThrow();
    expect(() => checkWellFormedXml('<svg><text>a & b</text></svg>')).toThrow();
    expect(() => checkWellFormedXml('<svg x=1></svg>')).toThrow();
  });
});
