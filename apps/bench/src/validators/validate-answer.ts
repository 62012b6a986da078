import { checkJavaScript, definesJavaScriptName } from './check-javascript.js';
import { checkPython, definesPythonName } from './check-python.js';
import { extractCode, extractJson } from './extract-code.js';
import { extractFinalNumber } from './extract-final-number.js';
import type { ValidationResult, Validator } from './validator.js';

const OK: ValidationResult = { ok: true };
const DEFAULT_TOLERANCE = 1e-9;

/**
 * Checks an answer against a validator. Never throws for a bad answer (that is a failed validation); a bad
 * validator is rejected earlier, when the task file is read.
 */
export function validateAnswer(validator: Validator, answer: string): ValidationResult {
  switch (validator.type) {
    case 'contains': {
      const found = validator.caseSensitive
        ? answer.includes(validator.value)
        : answer.toLowerCase().includes(validator.value.toLowerCase());
      return found ? OK : { ok: false, reason: `answer does not contain "${validator.value}"` };
    }
    case 'regex':
      return new RegExp(validator.pattern, validator.flags ?? 'i').test(answer)
        ? OK
        : { ok: false, reason: `answer does not match /${validator.pattern}/` };
    case 'number': {
      const found = extractFinalNumber(answer);
      if (found === undefined) return { ok: false, reason: 'answer contains no number' };
      const tolerance = validator.tolerance ?? DEFAULT_TOLERANCE;
      return Math.abs(found - validator.value) <= tolerance
        ? OK
        : { ok: false, reason: `final number ${found} is not ${validator.value}` };
    }
    case 'json':
      return validateJson(answer, validator.requiredKeys);
    case 'code':
      return validateCode(answer, validator.language ?? 'javascript', validator.mustDefine ?? []);
    case 'minLength': {
      const length = answer.trim().length;
      return length >= validator.value
        ? OK
        : { ok: false, reason: `answer has ${length} characters, fewer than ${validator.value}` };
    }
    case 'all':
      for (const inner of validator.of) {
        const result = validateAnswer(inner, answer);
        if (!result.ok) return result;
      }
      return OK;
  }
}

function validateJson(answer: string, requiredKeys: readonly string[] | undefined): ValidationResult {
  const parsed = extractJson(answer);
  if (!parsed.found) return { ok: false, reason: 'answer holds no valid JSON' };
  if (requiredKeys === undefined || requiredKeys.length === 0) return OK;
  const value = parsed.value;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return { ok: false, reason: 'JSON answer is not an object' };
  }
  const missing = requiredKeys.filter((key) => !Object.hasOwn(value, key));
  return missing.length === 0 ? OK : { ok: false, reason: `JSON answer lacks key(s) ${missing.join(', ')}` };
}

function validateCode(
  answer: string,
  language: 'javascript' | 'python',
  mustDefine: readonly string[],
): ValidationResult {
  const tags =
    language === 'python' ? ['python', 'py', 'python3'] : ['javascript', 'js', 'mjs', 'node', 'jsx'];
  const code = extractCode(answer, tags);
  const parsed = language === 'python' ? checkPython(code) : checkJavaScript(code);
  if (!parsed.ok) return parsed;
  const defines = language === 'python' ? definesPythonName : definesJavaScriptName;
  const missing = mustDefine.filter((name) => !defines(code, name));
  return missing.length === 0 ? OK : { ok: false, reason: `code does not define ${missing.join(', ')}` };
}
