import { RiskGateBlockedError } from '@tokenwise/spec';
import { describe, expect, it } from 'vitest';
import { assertRiskAcceptable } from './assert-risk-acceptable.js';
import { ambiguityScore, evaluateRisk } from './evaluate-risk.js';

const on = { enabled: true };

describe('evaluateRisk: disabled gate', () => {
  it('passes an irreversible request when off', () => {
    expect(evaluateRisk('delete the production database')).toEqual({ blocked: false, reason: '', score: 0 });
  });

  it('passes a vague request when off', () => {
    expect(evaluateRisk('do it', { enabled: false })).toEqual({ blocked: false, reason: '', score: 0 });
  });
});

describe('evaluateRisk: irreversible patterns', () => {
  it.each([
    'delete the production database',
    'run rm -rf /',
    'please drop table users',
    'truncate table logs',
    'destroy the production cluster',
    'the prod db, delete it',
    'FORMAT the DISK now',
  ])('blocks %j', (query) => {
    const result = evaluateRisk(query, on);
    expect(result.blocked).toBe(true);
    expect(result.reason).toContain('irreversible');
    expect(result.score).toBe(0);
    // Users read the reason (CLI stderr, HTTP error message): words, never a raw regular expression.
    expect(result.reason).not.toMatch(/\\b|\\s|\.\*|\(\?|\|/);
  });

  it('says in words what matched', () => {
    expect(evaluateRisk('please drop table users', on).reason).toBe(
      'Query matches an irreversible operation: "drop" … "table"',
    );
  });

  it('passes a long harmless coding request', () => {
    const result = evaluateRisk(
      'Write a Python function that sorts a list of integers using merge sort and explain its complexity',
      on,
    );
    expect(result.blocked).toBe(false);
  });

  it('only looks for patterns when irreversibleBlock is on', () => {
    const result = evaluateRisk('delete the production database', {
      enabled: true,
      irreversibleBlock: false,
    });
    expect(result.reason).not.toContain('irreversible');
    expect(result.blocked).toBe(false);
    expect(result.score).toBe(0.5);
  });

  it('needs whole words and a single line, like the original', () => {
    expect(evaluateRisk('undelete the production backup files from the archive please', on).blocked).toBe(
      false,
    );
    expect(evaluateRisk('please delete\nthe production database right now for me', on).blocked).toBe(false);
  });
});

describe('evaluateRisk: ambiguity threshold', () => {
  it('blocks "do it" at 0.7 and says why', () => {
    const result = evaluateRisk('do it', { enabled: true, ambiguityThreshold: 0.7 });
    expect(result.blocked).toBe(true);
    expect(result.reason).toBe('Query is too ambiguous (score=1.00, threshold=0.70)');
  });

  it('passes a long clear request at the default threshold', () => {
    expect(
      evaluateRisk('Summarise the attached quarterly report in five bullet points for the board', on).blocked,
    ).toBe(false);
  });

  it('blocks "sort my list" at 0.3 and passes it at 0.99', () => {
    expect(evaluateRisk('sort my list', { enabled: true, ambiguityThreshold: 0.3 }).blocked).toBe(true);
    expect(evaluateRisk('sort my list', { enabled: true, ambiguityThreshold: 0.99 }).blocked).toBe(false);
  });

  it('blocks "go ahead" at 0.8 with a score above 0.8', () => {
    const result = evaluateRisk('go ahead', { enabled: true, ambiguityThreshold: 0.8 });
    expect(result.blocked).toBe(true);
    expect(result.score).toBe(1);
  });

  it('does not block "just do it" at 0.9 (0.5 + 0.3 is exactly 0.8)', () => {
    const result = evaluateRisk('just do it', on);
    expect(result).toEqual({ blocked: false, reason: '', score: 0.8 });
  });

  it('lets trailing punctuation defeat the vague-phrase match', () => {
    expect(evaluateRisk('do it!', on)).toEqual({ blocked: false, reason: '', score: 0.8 });
  });
});

describe('ambiguityScore', () => {
  it('scores "ok" at least 0.8', () => {
    expect(ambiguityScore('ok')).toBeGreaterThanOrEqual(0.8);
  });

  it('scores a four-word request 0.5', () => {
    expect(ambiguityScore('sort this list please')).toBe(0.5);
  });

  it('scores a long request 0.1', () => {
    expect(
      ambiguityScore(
        'Implement quicksort in Rust with a median-of-three pivot and unit tests for empty input',
      ),
    ).toBe(0.1);
  });

  it('scores by word count bands', () => {
    expect(ambiguityScore('   ')).toBe(0.8);
    expect(ambiguityScore('one two three four five six')).toBe(0.3);
    expect(ambiguityScore('Do The Thing')).toBe(0.8);
  });
});

describe('assertRiskAcceptable', () => {
  it('throws RiskGateBlockedError carrying the reason', () => {
    let caught: unknown;
    try {
      assertRiskAcceptable('drop table users', on);
    } catch (error) {
      caught = error;
    }
    expect(RiskGateBlockedError.isInstance(caught)).toBe(true);
    expect((caught as RiskGateBlockedError).reason).toContain('irreversible');
  });

  it('returns the assessment when the query passes', () => {
    expect(assertRiskAcceptable('drop table users').blocked).toBe(false);
  });
});
