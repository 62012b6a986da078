import type { BenchTask } from './bench-task.js';

/**
 * The built-in task set: four tasks in each of the original's categories (simple, reasoning puzzles with known
 * answers, coding, hard multi-part). Every task has a validator that checks the answer itself. Prompts state the
 * expected answer format, so a correct model is not failed for its formatting.
 */
export const BUILTIN_TASKS: readonly BenchTask[] = [
  {
    id: 'simple-capital',
    category: 'simple',
    prompt: 'What is the capital city of Australia? Answer with the city name.',
    validator: { type: 'contains', value: 'Canberra' },
  },
  {
    id: 'simple-haiku',
    category: 'simple',
    prompt: 'Write a haiku about distributed systems. Reply with the three lines of the haiku only.',
    validator: {
      type: 'all',
      of: [
        { type: 'minLength', value: 20 },
        { type: 'regex', pattern: '\\S.*\\n+.*\\S.*\\n+.*\\S' },
      ],
    },
  },
  {
    id: 'simple-arithmetic',
    category: 'simple',
    prompt: 'What is 17 multiplied by 23? End your answer with the number.',
    validator: { type: 'number', value: 391 },
  },
  {
    id: 'simple-json',
    category: 'simple',
    prompt:
      'Return a JSON object describing the first crewed Moon landing with the keys "mission" (its name) and "year" (a number). Reply with the JSON only.',
    validator: {
      type: 'all',
      of: [
        { type: 'json', requiredKeys: ['mission', 'year'] },
        { type: 'contains', value: 'Apollo 11' },
        { type: 'regex', pattern: '"year"\\s*:\\s*1969\\b' },
      ],
    },
  },
  {
    id: 'reasoning-bat-ball',
    category: 'reasoning',
    prompt:
      'A bat and a ball cost $1.10 in total. The bat costs $1.00 more than the ball. How much does the ball cost, in dollars? End your answer with the amount.',
    validator: { type: 'number', value: 0.05, tolerance: 1e-9 },
  },
  {
    id: 'reasoning-widgets',
    category: 'reasoning',
    prompt:
      'If 5 machines take 5 minutes to make 5 widgets, how many minutes would 100 machines take to make 100 widgets? End your answer with the number of minutes.',
    validator: { type: 'number', value: 5 },
  },
  {
    id: 'reasoning-weighings',
    category: 'reasoning',
    prompt:
      'You have 9 identical-looking balls; one is heavier than the others. With a balance scale, what is the minimum number of weighings that guarantees finding the heavy ball? End your answer with the number.',
    validator: { type: 'number', value: 2 },
  },
  {
    id: 'reasoning-married',
    category: 'reasoning',
    prompt:
      'Jack is looking at Anne. Anne is looking at George. Jack is married, George is not, and we do not know whether Anne is married. Is a married person looking at an unmarried person? Answer "yes", "no" or "cannot be determined" on the first line, then explain.',
    validator: { type: 'regex', pattern: '^\\W*yes\\b' },
  },
  {
    id: 'coding-palindrome',
    category: 'coding',
    prompt:
      'Write a Python function is_palindrome(s) that returns True when the string s reads the same forwards and backwards, ignoring case and non-alphanumeric characters. Reply with one Python code block.',
    validator: { type: 'code', language: 'python', mustDefine: ['is_palindrome'] },
  },
  {
    id: 'coding-fizzbuzz',
    category: 'coding',
    prompt:
      'Write a JavaScript function fizzBuzz(n) that returns an array of the strings for 1..n following the FizzBuzz rules. Reply with one JavaScript code block.',
    validator: { type: 'code', language: 'javascript', mustDefine: ['fizzBuzz'] },
  },
  {
    id: 'coding-binary-search',
    category: 'coding',
    prompt:
      'Write a Python function binary_search(items, target) that returns the index of target in the sorted list items, or -1 when it is absent. Reply with one Python code block.',
    validator: { type: 'code', language: 'python', mustDefine: ['binary_search'] },
  },
  {
    id: 'coding-debounce',
    category: 'coding',
    prompt:
      'Write a JavaScript function debounce(fn, waitMs) that returns a debounced version of fn. Reply with one JavaScript code block.',
    validator: { type: 'code', language: 'javascript', mustDefine: ['debounce'] },
  },
  {
    id: 'hard-rate-limiter',
    category: 'hard',
    prompt:
      'Design a token-bucket rate limiter. First explain the algorithm in a short paragraph, then give a JavaScript class TokenBucket with a constructor(capacity, refillPerSecond) and a tryTake() method in one JavaScript code block.',
    validator: {
      type: 'all',
      of: [
        { type: 'minLength', value: 300 },
        { type: 'contains', value: 'refill' },
        { type: 'code', language: 'javascript', mustDefine: ['TokenBucket'] },
      ],
    },
  },
  {
    id: 'hard-lru-cache',
    category: 'hard',
    prompt:
      'Implement an LRU cache in Python: a class LRUCache with get(key) and put(key, value), both O(1). Explain the data structures you use, then give the code in one Python code block.',
    validator: {
      type: 'all',
      of: [
        { type: 'minLength', value: 300 },
        { type: 'code', language: 'python', mustDefine: ['LRUCache'] },
      ],
    },
  },
  {
    id: 'hard-derivative',
    category: 'hard',
    prompt:
      "Differentiate f(x) = x^3 * sin(x), showing the product rule, then evaluate f'(0) and end your answer with that value.",
    validator: {
      type: 'all',
      of: [
        { type: 'regex', pattern: 'cos' },
        { type: 'number', value: 0 },
      ],
    },
  },
  {
    id: 'hard-cap-json',
    category: 'hard',
    prompt:
      'Explain the CAP theorem in three sentences, then give a JSON object with the keys "consistency", "availability" and "partitionTolerance", each a one-sentence definition, in a json code block.',
    validator: {
      type: 'all',
      of: [
        { type: 'minLength', value: 200 },
        { type: 'json', requiredKeys: ['consistency', 'availability', 'partitionTolerance'] },
      ],
    },
  },
];
