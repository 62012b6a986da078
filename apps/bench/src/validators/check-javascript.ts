import { Script } from 'node:vm';
import type { ValidationResult } from './validator.js';

// Module syntax is not valid in a classic script; these lines are dropped before compiling (a checker, not a
// loader: the bindings they declare are still found by the `mustDefine` check on the original text).
const IMPORT_LINE = /^\s*import\s[^;\n]*(?:from\s*)?['"][^'"]+['"];?\s*$/gm;
const EXPORT_KEYWORD = /^(\s*)export\s+(?:default\s+)?(?=(?:async\s+)?function|class|const|let|var)/gm;
const EXPORT_LIST = /^\s*export\s*\{[^}]*\}\s*(?:from\s*['"][^'"]+['"])?;?\s*$/gm;
const EXPORT_DEFAULT_EXPR = /^(\s*)export\s+default\s+/gm;

/**
 * Whether `code` is syntactically valid JavaScript: it is compiled with `new vm.Script` and NEVER run, so an
 * answer cannot execute anything on the benchmark machine. ES module `import`/`export` syntax is accepted.
 */
export function checkJavaScript(code: string): ValidationResult {
  if (code.trim() === '') return { ok: false, reason: 'no code found' };
  const script = code
    .replace(IMPORT_LINE, '')
    .replace(EXPORT_LIST, '')
    .replace(EXPORT_KEYWORD, '$1')
    .replace(EXPORT_DEFAULT_EXPR, '$1void ');
  try {
    new Script(script, { filename: 'answer.js' });
    return { ok: true };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, reason: `JavaScript does not parse: ${message}` };
  }
}

/** Whether JavaScript `code` defines `name` as a function, class or variable. */
export function definesJavaScriptName(code: string, name: string): boolean {
  const id = escapeRegExp(name);
  return new RegExp(
    `(?:\\bfunction\\s*\\*?\\s*${id}\\s*\\(|\\bclass\\s+${id}\\b|\\b(?:const|let|var)\\s+${id}\\s*=|^\\s*${id}\\s*=)`,
    'm',
  ).test(code);
}

/** `text` with every regular-expression metacharacter escaped. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
