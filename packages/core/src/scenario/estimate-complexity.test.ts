import { describe, expect, it } from 'vitest';
import { detectScenario } from './detect-scenario.js';
import { COMPLEXITY_THRESHOLDS, estimateComplexity } from './estimate-complexity.js';

const words = (n: number) =>
  Array.from({ length: n }, (_, i) => ['river', 'stone', 'light', 'garden'][i % 4]).join(' ');

describe('estimateComplexity', () => {
  it('keeps the original cases: a haiku is simple, 30 words moderate, 80 words complex', () => {
    expect(estimateComplexity('Write a haiku').complexity).toBe('simple');
    expect(estimateComplexity(words(30)).complexity).toBe('moderate');
    expect(estimateComplexity(words(80)).complexity).toBe('complex');
    expect(detectScenario('analyze '.repeat(80)).complexity).toBe('complex');
  });

  it('approximates tokens as characters / 4', () => {
    expect(estimateComplexity('x'.repeat(400)).tokens).toBe(100);
  });

  it('raises a short prompt with several sub-tasks', () => {
    const text = '1. Rename the file\n2. Update the imports\n3. Run the tests\n4. Open a PR';
    const result = estimateComplexity(text);
    expect(estimateComplexity('Rename the file and open a PR').complexity).toBe('simple');
    expect(result.subtasks).toBeGreaterThanOrEqual(COMPLEXITY_THRESHOLDS.subtasks[0]);
    expect(result.complexity).toBe('moderate');
    const many = Array.from({ length: 7 }, (_, i) => `${i + 1}. Step ${i + 1}`).join('\n');
    expect(estimateComplexity(many).complexity).toBe('complex');
    expect(result.signals.some((s) => s.startsWith('complexity:subtasks='))).toBe(true);
  });

  it('counts sequencing words and extra questions as sub-tasks', () => {
    expect(
      estimateComplexity('Read it, then summarise it, and then translate it. Also add a title.').subtasks,
    ).toBe(3);
    expect(estimateComplexity('Who? What? When? Where?').subtasks).toBe(3);
  });

  it('raises a prompt with many constraints', () => {
    const plain = estimateComplexity('Write a bio for my website about my bakery');
    const constrained = estimateComplexity(
      'Write a bio for my website. It must be at most 50 words, without emojis, and only in English.',
    );
    expect(constrained.constraints).toBeGreaterThanOrEqual(COMPLEXITY_THRESHOLDS.constraints);
    expect(['simple', 'moderate']).toContain(plain.complexity);
    expect(constrained.complexity).toBe('complex');
  });

  it('raises a prompt with a large code block', () => {
    const code = Array.from({ length: 30 }, (_, i) => `  let v${i} = ${i};`).join('\n');
    const result = estimateComplexity(`Fix:\n${code}`);
    expect(result.codeLines).toBeGreaterThanOrEqual(COMPLEXITY_THRESHOLDS.codeLines[0]);
    expect(result.signals.some((s) => s.startsWith('complexity:code-lines='))).toBe(true);
    expect(result.complexity).toBe('complex');
  });

  it('measures the whole conversation for size but the last turn for sub-tasks', () => {
    expect(estimateComplexity('ok', 40).complexity).toBe('simple');
    expect(estimateComplexity('ok', 4000).complexity).toBe('complex');
  });

  it('reports no signals for a simple prompt', () => {
    expect(estimateComplexity('Hello').signals).toEqual([]);
  });
});
