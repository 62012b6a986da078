import type * as v from 'valibot';

/** The first validation problem of a body, as a field path (`messages[0].content`) and a one-line message. */
export interface FirstIssue {
  param: string | undefined;
  message: string;
}

type Issue = v.BaseIssue<unknown>;

/**
 * Describes the first issue of a failed `safeParse` precisely: unions report their own issue plus their
 * members', and the deepest one names the exact field.
 */
export function firstIssue(issues: readonly Issue[] | undefined): FirstIssue {
  const issue = deepest(issues?.[0]);
  if (issue === undefined) return { param: undefined, message: 'Invalid request body.' };
  const param = toParam(issue.path);
  if (issue.kind === 'schema' && issue.received === 'undefined') {
    return { param, message: `Missing required parameter${param ? ` '${param}'` : ''}.` };
  }
  const detail =
    issue.expected && issue.received && !issue.message.includes('Expected')
      ? ` (expected ${issue.expected}, got ${issue.received})`
      : '';
  return { param, message: `Invalid value${param ? ` for '${param}'` : ''}: ${issue.message}${detail}` };
}

function deepest(issue: Issue | undefined): Issue | undefined {
  if (issue === undefined) return undefined;
  let best = issue;
  for (const inner of issue.issues ?? []) {
    const candidate = deepest(withFullPath(inner, issue.path));
    if (candidate !== undefined && (candidate.path?.length ?? 0) > (best.path?.length ?? 0)) best = candidate;
  }
  return best;
}

// a union member's issues carry paths relative to the union's own value; prefix them with the union's path
function withFullPath(inner: Issue, outer: Issue['path']): Issue {
  if (outer === undefined || inner.path === undefined || inner.path[0] === outer[0]) return inner;
  return { ...inner, path: [...outer, ...inner.path] as Issue['path'] };
}

function toParam(path: Issue['path']): string | undefined {
  if (!path || path.length === 0) return undefined;
  let param = '';
  for (const item of path) {
    const key = (item as { key?: unknown }).key;
    if (typeof key === 'number') param += `[${key}]`;
    else param += param === '' ? String(key) : `.${String(key)}`;
  }
  return param;
}
