export { type BenchTask, capabilityOfCategory, type KnownCategory } from './bench-task.js';
export { BUILTIN_TASKS } from './builtin-tasks.js';
export { parseTaskFile } from './parse-task-file.js';
export { taskLineSchema, validatorSchema } from './task-schema.js';
