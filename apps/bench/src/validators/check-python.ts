import { escapeRegExp } from './check-javascript.js';
import type { ValidationResult } from './validator.js';

const BLOCK_OPENER =
  /^(?:async\s+def|def|class|if|elif|else|for|while|try|except|finally|with|match|case)\b.*:\s*(?:#.*)?$/;

/**
 * A HEURISTIC check that `code` looks like valid Python (no Python parser runs here): brackets balance outside
 * strings and comments, string literals are closed, a block opener (`def f():`) is followed by a more indented
 * line, indentation does not mix tabs and spaces, and there is at least one `def`, `class`, assignment or call.
 * It accepts some invalid programs; it rejects prose and truncated code.
 */
export function checkPython(code: string): ValidationResult {
  if (code.trim() === '') return { ok: false, reason: 'no code found' };
  const brackets = checkBrackets(code);
  if (!brackets.ok) return brackets;
  const lines = code.split('\n');
  for (const [index, line] of lines.entries()) {
    const indent = /^[ \t]*/.exec(line)![0];
    if (indent.includes(' ') && indent.includes('\t')) {
      return { ok: false, reason: `Python line ${index + 1} mixes tabs and spaces in its indentation` };
    }
    const trimmed = line.trim();
    if (!BLOCK_OPENER.test(trimmed)) continue;
    const next = lines
      .slice(index + 1)
      .find((candidate) => candidate.trim() !== '' && !candidate.trim().startsWith('#'));
    const nextIndent = next === undefined ? -1 : /^[ \t]*/.exec(next)![0].length;
    if (nextIndent <= indent.length) {
      return {
        ok: false,
        reason: `Python block "${trimmed.slice(0, 40)}" (line ${index + 1}) has no indented body`,
      };
    }
  }
  if (!/^\s*(?:def |class |async def |[\w.[\]]+\s*[+\-*/]?=|[\w.]+\()/m.test(code)) {
    return { ok: false, reason: 'no Python statement found (no def, class, assignment or call)' };
  }
  return { ok: true };
}

/** Whether Python `code` defines `name` as a function, class or module-level variable. */
export function definesPythonName(code: string, name: string): boolean {
  const id = escapeRegExp(name);
  return new RegExp(`^\\s*(?:(?:async\\s+)?def\\s+${id}\\s*\\(|class\\s+${id}\\b|${id}\\s*=)`, 'm').test(
    code,
  );
}

const PAIRS: Readonly<Record<string, string>> = { ')': '(', ']': '[', '}': '{' };

function checkBrackets(code: string): ValidationResult {
  const stack: string[] = [];
  let index = 0;
  while (index < code.length) {
    const char = code[index]!;
    if (char === '#') {
      const end = code.indexOf('\n', index);
      index = end < 0 ? code.length : end;
      continue;
    }
    if (char === '"' || char === "'") {
      const triple = code.startsWith(char.repeat(3), index);
      const quote = triple ? char.repeat(3) : char;
      let cursor = index + quote.length;
      let closed = false;
      while (cursor < code.length) {
        if (code[cursor] === '\\') {
          cursor += 2;
          continue;
        }
        if (!triple && code[cursor] === '\n') break;
        if (code.startsWith(quote, cursor)) {
          closed = true;
          break;
        }
        cursor++;
      }
      if (!closed) return { ok: false, reason: 'Python string literal is not closed' };
      index = cursor + quote.length;
      continue;
    }
    if (char === '(' || char === '[' || char === '{') stack.push(char);
    else if (char in PAIRS) {
      if (stack.pop() !== PAIRS[char])
        return { ok: false, reason: `Python brackets do not balance at "${char}"` };
    }
    index++;
  }
  if (stack.length > 0)
    return { ok: false, reason: `Python bracket "${stack[stack.length - 1]}" is not closed` };
  return { ok: true };
}
