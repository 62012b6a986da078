import { InvalidArgumentError } from '@tokenwise/spec';
import * as v from 'valibot';
import type { BenchTask } from './bench-task.js';
import { taskLineSchema } from './task-schema.js';

/**
 * Reads a JSONL task file: one JSON object per line (`{"prompt", "category", "validator", "id"?,
 * "capability"?, "maxOutputTokens"?}`); blank lines and lines starting with `#` or `//` are skipped.
 * @throws InvalidArgumentError naming the file, the line number and what is wrong with it.
 */
export function parseTaskFile(text: string, fileName = 'tasks.jsonl'): BenchTask[] {
  const tasks: BenchTask[] = [];
  const ids = new Set<string>();
  const lines = text.split(/\r?\n/);
  for (const [index, raw] of lines.entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('//')) continue;
    const where = `${fileName}:${index + 1}`;
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      fail(where, `is not valid JSON (${error instanceof Error ? error.message : String(error)})`);
    }
    const result = v.safeParse(taskLineSchema, json);
    if (!result.success) fail(where, describeIssue(result.issues[0]));
    const { id, ...rest } = result.output;
    const taskId = id ?? `${rest.category}-${index + 1}`;
    if (ids.has(taskId)) fail(where, `repeats the task id "${taskId}"; ids must be unique`);
    ids.add(taskId);
    tasks.push({ id: taskId, ...rest });
  }
  if (tasks.length === 0) {
    throw new InvalidArgumentError({
      argument: '--tasks',
      message: `${fileName} holds no task: write one JSON object per line with prompt, category and validator.`,
    });
  }
  return tasks;
}

function fail(where: string, problem: string): never {
  throw new InvalidArgumentError({
    argument: '--tasks',
    message: `${where} ${problem}. Each line is {"prompt": "...", "category": "...", "validator": {"type": "contains", "value": "..."}}.`,
  });
}

function describeIssue(issue: v.GenericIssue | undefined): string {
  if (!issue) return 'is not a valid task';
  const path = v.getDotPath(issue);
  return path ? `has an invalid "${path}": ${issue.message}` : `is not a valid task: ${issue.message}`;
}
