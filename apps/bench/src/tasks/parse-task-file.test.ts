import { InvalidArgumentError } from '@tokenwise/spec';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { RIGHT_ANSWERS, WRONG_ANSWERS } from '../__fixtures__/reference-answers.js';
import { validateAnswer } from '../validators/validate-answer.js';
import { BUILTIN_TASKS } from './builtin-tasks.js';
import { parseTaskFile } from './parse-task-file.js';
import { taskLineSchema } from './task-schema.js';

function errorOf(fn: () => unknown): InvalidArgumentError {
  try {
    fn();
  } catch (error) {
    if (InvalidArgumentError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected an InvalidArgumentError');
}

describe('parseTaskFile', () => {
  it('reads tasks, skips blank and comment lines, and names unnamed tasks by line', () => {
    const text = [
      '# my tasks',
      '{"id": "cap", "prompt": "Capital of France?", "category": "simple", "validator": {"type": "contains", "value": "Paris"}}',
      '',
      '{"prompt": "2+2?", "category": "reasoning", "validator": {"type": "number", "value": 4}, "maxOutputTokens": 50}',
      '{"prompt": "JSON", "category": "hard", "capability": "code", "validator": {"type": "all", "of": [{"type": "json", "requiredKeys": ["a"]}, {"type": "minLength", "value": 5}]}}',
    ].join('\n');
    const tasks = parseTaskFile(text, 'mine.jsonl');
    expect(tasks.map((task) => task.id)).toEqual(['cap', 'reasoning-4', 'hard-5']);
    expect(tasks[1]).toMatchObject({ maxOutputTokens: 50, validator: { type: 'number', value: 4 } });
    expect(tasks[2]).toMatchObject({ capability: 'code' });
  });

  it('reports a line that is not JSON with its line number', () => {
    const error = errorOf(() => parseTaskFile('\n{"prompt": "x",\n', 'bad.jsonl'));
    expect(error.argument).toBe('--tasks');
    expect(error.message).toMatch(/^bad\.jsonl:2 is not valid JSON/);
  });

  it('reports an invalid validator with its line number and path', () => {
    const good = '{"prompt": "a", "category": "simple", "validator": {"type": "contains", "value": "a"}}';
    const bad = '{"prompt": "b", "category": "simple", "validator": {"type": "number", "value": "four"}}';
    expect(errorOf(() => parseTaskFile(`${good}\n${bad}`, 't.jsonl')).message).toMatch(
      /^t\.jsonl:2 has an invalid "validator\.value"/,
    );
    const unknownType = '{"prompt": "b", "category": "simple", "validator": {"type": "vibes"}}';
    expect(errorOf(() => parseTaskFile(unknownType)).message).toMatch(
      /^tasks\.jsonl:1 has an invalid "validator\.type"/,
    );
    const badRegex = '{"prompt": "b", "category": "simple", "validator": {"type": "regex", "pattern": "("}}';
    expect(errorOf(() => parseTaskFile(badRegex)).message).toMatch(/not a valid regular expression/);
    const nested =
      '{"prompt": "b", "category": "x", "validator": {"type": "all", "of": [{"type": "code", "language": "rust"}]}}';
    expect(errorOf(() => parseTaskFile(nested)).message).toMatch(/"validator\.of\.0\.language"/);
  });

  it('rejects missing fields, unknown fields, duplicate ids and empty files', () => {
    expect(errorOf(() => parseTaskFile('{"prompt": "a", "category": "simple"}')).message).toMatch(
      /"validator"/,
    );
    expect(
      errorOf(() =>
        parseTaskFile('{"prompt": "a", "category": "s", "validator": {"type": "json"}, "answer": "x"}'),
      ).message,
    ).toMatch(/^tasks\.jsonl:1/);
    const line = '{"id": "same", "prompt": "a", "category": "s", "validator": {"type": "json"}}';
    expect(errorOf(() => parseTaskFile(`${line}\n${line}`)).message).toMatch(/:2 repeats the task id "same"/);
    expect(errorOf(() => parseTaskFile('\n# nothing\n')).message).toMatch(/holds no task/);
  });
});

describe('BUILTIN_TASKS', () => {
  it('covers the four categories with unique ids, and each task is a valid task line', () => {
    const categories = new Set(BUILTIN_TASKS.map((task) => task.category));
    expect([...categories].sort()).toEqual(['coding', 'hard', 'reasoning', 'simple']);
    expect(new Set(BUILTIN_TASKS.map((task) => task.id)).size).toBe(BUILTIN_TASKS.length);
    for (const task of BUILTIN_TASKS) expect(v.safeParse(taskLineSchema, task).success).toBe(true);
  });

  it('every validator accepts a right answer and rejects a wrong one', () => {
    for (const task of BUILTIN_TASKS) {
      const right = validateAnswer(task.validator, RIGHT_ANSWERS[task.id]!);
      expect(right, `${task.id} right answer`).toEqual({ ok: true });
      const wrong = validateAnswer(task.validator, WRONG_ANSWERS[task.id]!);
      expect(wrong.ok, `${task.id} wrong answer`).toBe(false);
    }
  });
});
