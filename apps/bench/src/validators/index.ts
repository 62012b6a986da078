export { checkJavaScript, definesJavaScriptName } from './check-javascript.js';
export { checkPython, definesPythonName } from './check-python.js';
export { extractCode, extractJson } from './extract-code.js';
export { extractFinalNumber } from './extract-final-number.js';
export { validateAnswer } from './validate-answer.js';
export type { ValidationResult, Validator } from './validator.js';
