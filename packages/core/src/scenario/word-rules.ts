import type { DetectedCapability } from './scenario-rules.js';

/**
 * A weighted vocabulary rule, matched on lower-cased word tokens instead of a regular expression: one table
 * lookup per word is much cheaper than a long case-insensitive alternation. Entries are single words or
 * phrases of up to four words (`"linked list"`); hyphens and punctuation split words (`step-by-step`).
 */
export interface WordRule {
  /** Short signal name reported in `Scenario.signals`, e.g. `math:vocabulary`. */
  readonly name: string;
  readonly capability: DetectedCapability;
  readonly words: readonly string[];
  readonly weight: number;
  readonly maxHits: number;
}

function words(
  capability: DetectedCapability,
  name: string,
  list: string,
  weight: number,
  maxHits: number,
): WordRule {
  return { name: `${capability}:${name}`, capability, words: list.trim().split(/\s*,\s*/), weight, maxHits };
}

/** Every vocabulary rule of the detector (see `scenario-rules.ts` for the pattern rules and the weighting). */
export const WORD_RULES: readonly WordRule[] = [
  words(
    'code',
    'language',
    `python, javascript, typescript, java, c++, c#, golang, rust, ruby, php, kotlin, scala, haskell, perl, swift,
    bash, powershell, sql, mysql, postgres, postgresql, sqlite, html, css, react, nodejs, node js, django, flask,
    pandas, numpy, matlab, lua, elixir, fortran, cobol, verilog, dart, jquery, excel formula, vba, linux, unix, git, docker, kubernetes, npm, graphql, webpack, scikit learn, sklearn, matplotlib, seaborn,
    scipy, pytorch, torch, tensorflow, keras, dataframe, dataframes`,
    2,
    2,
  ),
  words(
    'code',
    'dev-verb',
    `refactor, refactoring, speed up, optimize, optimise, migrate, debug, debugging, compile, compiler, compilation, compiles, recursion, recursive,
    recursively, deploy, deployment, repository, codebase, source code, unit test, unit tests, runtime,
    stack trace, null pointer, off by one, memoization, memoisation, dynamic programming, linked list,
    binary search, binary tree, hashmap, hash map, hashtable, hash table, hashset, hash set, data structure,
    regex, regular expression, api, endpoint, json, boolean, substring, subarray, subsequence, array, arrays,
    string, strings, index, indices, traversal, nodes, pointer, iterate, lexicographical, lexicographically,
    ascii, bug, error, errors, exception, crash, crashes, variable, method, callback, async, parameter, return,
    returns, returned, output, input, print, console, library, framework, component, components, render,
    renders, rerender, rerenders, code, coding, program, programming, script, function, functions, class,
    abstract class, interface, data class, http, handler, server, backend, frontend, database, commit, thread, threads, multithreading, concurrency, mutex,
    deadlock, race condition, tensor, tensors, column, columns, rows, query, queries, plot, closure, closures,
    generator, generators, decorator, decorators, promise, promises, lambda, hoisting, garbage collection,
    flexbox, div, divs, stylesheet, selector, selectors, dom`,
    0.75,
    6,
  ),
  // Names of programming tools that are a code task on their own ("what regex would match...").
  words(
    'code',
    'tool-term',
    `regex, regexes, regexp, regular expression, regular expressions, sql query, sql queries, bash script,
    shell script, makefile, dockerfile, cron expression, unit test, unit tests`,
    3,
    1,
  ),
  words(
    'code',
    'data-structure',
    `trie, heap, minheap, min heap, maxheap, max heap, stack, queue, deque, linked list, hashmap, hash map,
    hashtable, hash table, hashset, hash set, binary search tree, bst, graph, adjacency list, adjacency matrix,
    bfs, dfs, breadth first, depth first, lru cache, priority queue, 2d grid, 2d array, dp table, memoize,
    memoise`,
    1.5,
    2,
  ),
  words(
    'math',
    'strong-vocabulary',
    `integer, integers, prime, primes, prime number, prime numbers, divisible, divisor, divisors, remainder,
    modulo, factorial, polynomial, polynomials, quadratic, equation, equations, inequality, inequalities,
    derivative, derivatives, integral, integrals, logarithm, logarithms, exponent, exponents, hypotenuse,
    perimeter, circumference, radius, diameter, probability, permutation, permutations, quotient, median,
    variance, standard deviation, parallelogram, trapezoid, polygon, sphere, cylinder, slope, intercept, matrix,
    matrices, determinant, eigenvalue, eigenvalues, eigenvector, eigenvectors, gcd, lcm,
    greatest common divisor, greatest common factor, least common multiple, reciprocal, irrational, parabola,
    asymptote, theorem, square root, cube root, expected value, compound interest, simple interest, per annum,
    arithmetic mean, arithmetic sequence, arithmetic progression, geometric mean, geometric sequence,
    geometric series, geometric progression, diagonal, diagonals, pentagon, hexagon, octagon, decagon,
    convex, vertices, two numbers, three numbers, consecutive integers, consecutive numbers, whole numbers`,
    1.5,
    4,
  ),
  words(
    'math',
    'vocabulary',
    `digit, digits, fraction, fractions, decimal, decimals, ratio, ratios, triangle, triangles, rectangle,
    rectangles, circle, circles, square, squares, cube, cubes, cone, cones, sequence, interest, profit, loss,
    discount, average, sum, product, area, volume, angle, angles, degree, degrees, multiple, multiples, odd,
    even, percent, percentage, positive, negative, twice, half, double, triple, dozen`,
    0.5,
    4,
  ),
  words(
    'reasoning',
    'logic-terms',
    `premise, premises, deductive, deductively, syllogism, syllogisms, conclusion, conclude, concluded,
    it follows, follows from, from this follows, therefore, must be true, must be false, must also be true,
    must also be false, cannot be true, could be true, logically, implies, assumption, assumptions, strengthen,
    strengthens, weaken, weakens, infer, inference, inferred, argument, valid, invalid, necessarily, contradict,
    contradicts, contradiction, flaw, flawed, flaws, fallacy, fallacies, fallacious, converse, contrapositive,
    could be first, could be last, could be second, could be third, does it follow, what follows, which follows,
    it follows that`,
    1.5,
    4,
  ),
  words(
    'reasoning',
    'puzzle',
    `puzzle, riddle, brainteaser, brain teaser, deduce, deduction, paradox, who owns, who is lying,
    who is telling, who was lying, who was telling, determine who, determine which, determine whether,
    consistent with, reasoning, step by step, explain why, analyze, analyse, compare, evaluate the argument,
    logic puzzle, logical, without looking, label is wrong, labels are wrong, mislabeled, mislabelled`,
    1.5,
    3,
  ),
  // Weighing options to reach a judgement (issue #17): "weigh the trade-offs", "which is the better choice",
  // "contrast them and recommend one". Hyphens split words, so "trade-offs" is "trade offs".
  words(
    'reasoning',
    'weighing',
    `trade offs, tradeoffs, trade off, weigh the, weigh both, weigh up, weigh these, weigh all, merits,
    better choice, worth the cost, which to choose, which to take, which to pick, recommend one,
    make a recommendation, then a recommendation, reach a conclusion`,
    3,
    1,
  ),
  // Listing both sides is a weak signal on its own ("what are the pros and cons of city life?" is chat); with a
  // judging verb ("analyze the pros and cons", "assess the benefits and drawbacks") it is an analysis.
  words(
    'reasoning',
    'both-sides',
    `pros and cons, advantages and disadvantages, strengths and weaknesses, benefits and drawbacks,
    costs and benefits, risks and benefits, for and against`,
    1.5,
    1,
  ),
  words('reasoning', 'judging-verb', `assess, critically, critique, scrutinize, scrutinise`, 1.5, 1),
  // Explaining causes: "explain the reasons…", "identify the main causes". A bare "what causes the northern
  // lights?" stays a knowledge question; "explain why …" is the pattern rule `reasoning:explain-why`.
  words(
    'reasoning',
    'causes',
    `explain the reasons, explain the causes, identify the causes, identify the main causes,
    competing explanations`,
    3,
    1,
  ),
  // Evaluating a claim against evidence: "evaluate whether", "assess the claim", "is it true that".
  words(
    'reasoning',
    'evaluate-claim',
    `evaluate whether, evaluate the claim, evaluate the statement, evaluate the idea, evaluate the argument,
    assess whether, assess the claim, assess the evidence, assess the idea, assess the argument,
    assess the statement, is it true that, is it really true, the evidence support, weigh the evidence,
    holds up, hold up`,
    3,
    1,
  ),
];

/** Longest phrase in {@link WORD_RULES}, in words. */
export const MAX_PHRASE_WORDS = 4;
