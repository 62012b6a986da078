import { describe, expect, it } from 'vitest';
import { PRIMARY_THRESHOLD } from './detect-scenario.js';
import { SCENARIO_RULES } from './scenario-rules.js';
import { MAX_SCORED_CHARS, scoreText } from './score-text.js';
import { MAX_PHRASE_WORDS, WORD_RULES } from './word-rules.js';

/** The capability with the highest score, or `general` when none reaches the detection threshold. */
function top(text: string): string {
  const s = scoreText(text);
  const best = (['code', 'reasoning', 'math'] as const).reduce((a, b) => (s[b] > s[a] ? b : a));
  return s[best] >= PRIMARY_THRESHOLD ? best : 'general';
}

function fired(text: string): string[] {
  return [...scoreText(text).contributions.keys()];
}

describe('code signals', () => {
  it.each([
    ['fence', '```\nprint(1)\n```', 'code:fence'],
    ['def', 'def area(r):\n    return 3.14 * r * r', 'code:def'],
    ['function declaration', 'function greet(name) { return name; }', 'code:function-decl'],
    ['arrow function', 'const twice = (x) => x * 2;', 'code:arrow'],
    ['class declaration', 'class Stack:\n    pass', 'code:class-decl'],
    ['import', 'import numpy as np\nx = np.zeros(3)', 'code:import'],
    ['docstring', 'def f():\n    """Return one."""', 'code:docstring'],
    ['doctest', '>>> f(2)\n4', 'code:doctest'],
    ['stack trace', 'Traceback (most recent call last):\n  File "a.py", line 3', 'code:stack-trace'],
    ['file name', 'my config.yaml does not load', 'code:file-name'],
    ['SQL', 'SELECT name FROM users WHERE age > 30', 'code:sql'],
    ['shell', 'run grep -r TODO . and count the lines', 'code:shell'],
    ['regex syntax', 'what does ^(?=.*\\d)\\w+$ match', 'code:regex-syntax'],
    ['I/O spec', '-----Input-----\nThe first line contains n.', 'code:io-spec'],
    ['input bounds', 'Constraints: 1 <= n <= 10^5', 'code:input-bounds'],
    ['big-O', 'do it in O(n log n) time', 'code:big-o'],
    ['language + verb', 'How do I reverse a string in Go?', 'code:language-task'],
  ])('%s', (_name, text, signal) => {
    expect(fired(text)).toContain(signal);
  });

  it.each([
    'Write a function to find the second largest number in a list.',
    'My React component re-renders forever when I call setCount inside useEffect.',
    'Write a SQL query to list customers with more than 3 orders.',
    'Implement a trie with insert and search.',
    'Given an array of integers nums, return the length of the longest increasing subsequence.',
  ])('detects code in "%s"', (text) => {
    expect(top(text)).toBe('code');
  });

  it('ignores a language name used for an animal, an island or a singer', () => {
    expect(fired('Tell me about the python, the largest snake in Asia')).not.toContain('code:language');
    expect(top('What is the history of the Java island?')).toBe('general');
    expect(top('Who is Taylor Swift?')).toBe('general');
  });
});

describe('math signals', () => {
  it.each([
    ['trailing equals', '((3 + 4) * 2 - 5) =', 'math:trailing-equals'],
    ['arithmetic', '12 * 7 + 3', 'math:arith-op'],
    ['LaTeX', 'Compute $\\frac{3}{4} + \\frac{1}{8}$.', 'math:latex'],
    ['variable equation', 'Solve 3x + 5 = 20', 'math:variable-eq'],
    ['word problem', 'Tom has 5 apples and buys 7 more. How many apples does he have?', 'math:word-problem'],
    [
      'spelled numbers',
      'Ann has three times as many pens as Bo, who has four. How many pens does Ann have?',
      'math:word-problem',
    ],
    ['numeric options', 'Find x. Options: A) 12 B) 15 C) 18 D) 21', 'math:numeric-choice'],
    ['percent of', 'What is 15% of 80?', 'math:percent-of'],
    ['counting', 'In how many ways can 4 people sit in a row?', 'math:counting'],
    ['answer format', 'Express 0.375 as a fraction in lowest terms.', 'math:answer-format'],
  ])('%s', (_name, text, signal) => {
    expect(fired(text)).toContain(signal);
  });

  it.each([
    'A rectangle has a perimeter of 36 cm and its length is twice its width. Find its area.',
    'What is the greatest common divisor of 84 and 126?',
    '(4 + 8) * 3 - 10 / 2 =',
    'A bag contains 4 red and 6 blue balls. What is the probability of drawing two red balls?',
  ])('detects math in "%s"', (text) => {
    expect(top(text)).toBe('math');
  });

  it('does not call numbers in a recipe or an itinerary math', () => {
    expect(top('Give me a cake recipe with 250 g flour, 3 eggs and 200 ml milk, baked 35 minutes.')).toBe(
      'general',
    );
    expect(top('Plan a trip to Oslo from 3 to 9 June for 2 people.')).toBe('general');
  });

  it('damps math-looking parts of a prompt that contains code', () => {
    const text =
      'def add_evens(lst):\n    """Return the sum of the even integers.\n    >>> add_evens([1, 2, 4])\n    6\n    """\n';
    const scores = scoreText(text);
    expect(scores.code).toBeGreaterThan(scores.math * 3);
  });
});

describe('reasoning signals', () => {
  it.each([
    ['options', 'Who finished last?\nOptions:\n(A) Eve\n(B) Rob\n(C) Ana', 'reasoning:options-header'],
    [
      'truth tellers',
      'Ana tells the truth. Bo says Ana lies. Does Bo tell the truth?',
      'reasoning:truth-tellers',
    ],
    ['logic terms', 'Is the argument, given the premises, deductively valid?', 'reasoning:logic-terms'],
    [
      'navigation',
      'Take 3 steps. Turn around. Take 3 steps. Are you at the starting point?',
      'reasoning:navigation',
    ],
    ['ordering', 'The owl is to the left of the crow.', 'reasoning:ordering'],
    ['temporal', 'Between what times could Ann have gone to the gym?', 'reasoning:temporal'],
    ['syllogism', 'All cats are mammals. No mammals are fish. Can a cat be a fish?', 'reasoning:syllogism'],
    ['boolean expression', 'not ( True and False ) or False is', 'reasoning:boolean-expr'],
    ['yes/no question', 'Could a goldfish survive in the Dead Sea?', 'reasoning:yes-no-question'],
    [
      'which of the following',
      'Which of the following is a mammal? (A) shark (B) whale',
      'reasoning:which-following',
    ],
  ])('%s', (_name, text, signal) => {
    expect(fired(text)).toContain(signal);
  });

  it.each([
    'All roses are flowers. Some flowers fade quickly. Therefore some roses fade quickly. Is this argument valid?',
    'Where would you find a revolving door?\nAnswer Choices: (A) bank (B) jungle (C) ocean',
    'Question: Kim lies. Lou says Kim tells the truth. Does Lou tell the truth?',
    'Sam always lies on Mondays and tells the truth on other days. Today Sam says he lied yesterday. What day is it?',
  ])('detects reasoning in "%s"', (text) => {
    expect(top(text)).toBe('reasoning');
  });

  it('treats lettered options that are numbers as a math question, not a logic one', () => {
    const scores = scoreText(
      'The average of 4 numbers is 10. What is their sum? (A) 20 (B) 30 (C) 40 (D) 50',
    );
    expect(scores.contributions.has('reasoning:lettered-options')).toBe(false);
    expect(scores.math).toBeGreaterThan(scores.reasoning);
  });

  it('does not take a request addressed to the assistant for a yes/no puzzle', () => {
    expect(fired('Can you help me write a speech for my sister?')).not.toContain('reasoning:yes-no-question');
  });
});

describe('benchmark-format signals', () => {
  it.each([
    [
      'DS-1000 scaffold',
      'A:\n<code>\nimport numpy as np\n</code>\nresult = ... # put solution in this variable',
      'code:code-tag',
    ],
    ['Go short assignment', 'ch := make(chan int)', 'code:short-assign'],
    [
      'table schema',
      'I have tables users(id, name, created_at) and posts(id, user_id, body).',
      'code:schema',
    ],
    ['named input', 'Given a string s, count its vowels.', 'code:named-input'],
    ['you are given', 'You are given an m x n grid of zeros and ones.', 'code:you-are-given'],
    ['tool term', 'What regex would match a hex colour?', 'code:tool-term'],
    ['open big-O', 'in O(log (m+n)) time', 'code:big-o'],
    ['number property', 'Is 391 a prime number?', 'math:number-property'],
    [
      'river crossing',
      'A man must cross a river with a wolf and a goat; the boat holds only one of them.',
      'reasoning:crossing-puzzle',
    ],
    ['quoted operator', 'What is the difference between == and === here?', 'code:operator'],
    ['unknown asked for', 'If log base 3 of y equals 4, what is y?', 'math:solve-for-var'],
    [
      'lower-case endings',
      'She opens the door. She\n(a) walks in.\n(b) flies away.',
      'reasoning:lower-options',
    ],
    ['inline lettered options', 'Which is a metal? A. wood B. iron C. glass', 'reasoning:lettered-options'],
    ['bare boolean expression', 'not ( False ) or ( True and False ) is', 'reasoning:boolean-only'],
    ['objects on a surface', 'On the table, there is a red cup and a blue plate.', 'reasoning:object-scene'],
    [
      'inventory count',
      'I have a lamp, two chairs, and a sofa. How many objects do I have?',
      'reasoning:inventory-count',
    ],
    ['kinship chain', "that man's father is my father's son", 'reasoning:kin-chain'],
    ['penguin table', 'Here is a table where the first line is a header.', 'reasoning:table-lookup'],
    ['Dyck sequence', 'Complete the rest of the sequence: [ ( <', 'reasoning:dyck'],
    [
      'premise disjunction',
      'Either the shop is open or Ana is at home. If Ana is at home, Ben cooks.',
      'reasoning:disjunction',
    ],
  ])('%s', (_name, text, signal) => {
    expect(fired(text)).toContain(signal);
  });

  it.each([
    [
      'object counting',
      'I have a violin, two drums, and a flute. How many musical instruments do I have?',
      'reasoning',
    ],
    [
      'coloured objects',
      'On the desk, I see two red pens and one red mug. If I remove the pens, how many red things remain?',
      'reasoning',
    ],
    ['BBH boolean', 'True and not ( False or not True ) is', 'reasoning'],
    ['comparative StrategyQA', 'Is a tennis court longer than a bowling lane?', 'reasoning'],
    [
      'syllogism question',
      'All cats are mammals. Some mammals swim. Does it follow that some cats swim?',
      'reasoning',
    ],
    ['LeetCode without "return"', 'Given an array of strings words, group the anagrams together.', 'code'],
    ['shell command request', 'Write a shell command to delete all .log files older than a week.', 'code'],
    ['language concept with example', 'Explain what a closure is in JavaScript with an example.', 'code'],
    ['number property', 'Is 221 a prime number?', 'math'],
    ['CSS bug', 'Why is my CSS flexbox not centering the div vertically?', 'code'],
    ['general list task', 'Given a list of ingredients, suggest a recipe for dinner.', 'general'],
  ])('%s → %s', (_name, text, expected) => {
    expect(top(text)).toBe(expected);
  });

  it('keeps format instructions and everyday words out of code and math', () => {
    expect(fired('List the companies. Return a JSON object.')).not.toContain('code:return-imperative');
    expect(fired('The council voted to expand the bike lane network by 40 km over 5 years.')).not.toContain(
      'math:solve-verb',
    );
    expect(fired('Each cell is either a wall, a gate or an empty room.')).not.toContain(
      'reasoning:disjunction',
    );
    expect(
      top('Summarise: the council will expand the network by 40 kilometres over the next five years.'),
    ).toBe('general');
  });
});

describe('rule table', () => {
  it('has unique names prefixed with their capability and positive weights', () => {
    const names = SCENARIO_RULES.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const r of SCENARIO_RULES) {
      expect(r.name.startsWith(`${r.capability}:`)).toBe(true);
      expect(r.weight).toBeGreaterThan(0);
      expect(r.maxHits).toBeGreaterThanOrEqual(1);
    }
  });

  it('has word rules with unique names, lower-case entries and phrases of at most four words', () => {
    const names = [...SCENARIO_RULES, ...WORD_RULES].map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    for (const r of WORD_RULES) {
      for (const entry of r.words) {
        expect(entry).toBe(entry.toLowerCase().trim());
        expect(entry.split(' ').length).toBeLessThanOrEqual(MAX_PHRASE_WORDS);
      }
    }
  });

  it('matches phrases before words and counts each rule once per phrase', () => {
    const scores = scoreText('What is the greatest common divisor of the two?');
    expect(scores.contributions.get('math:strong-vocabulary')).toBe(1.5);
    expect(fired('I wrote it step-by-step')).toContain('reasoning:puzzle');
    expect(fired('a C++ and C# question')).toContain('code:language');
  });

  it('caps repeated vocabulary', () => {
    const scores = scoreText('sum sum sum sum sum sum sum sum sum sum');
    expect(scores.contributions.get('math:vocabulary')).toBe(2);
  });

  it('gives the same scores when called twice (global patterns leave no state behind)', () => {
    const text = 'x = 1;\ny = 2;\nz = 3;\nHow many apples? 3 + 4 * 2';
    expect(scoreText(text)).toEqual(scoreText(text));
  });

  it('scores a text longer than the scan window on its head and tail', () => {
    const filler = 'lorem ipsum dolor sit amet '.repeat(Math.ceil((MAX_SCORED_CHARS * 3) / 27));
    expect(top(`${filler}\ndef f(x):\n    return x\n`)).toBe('code');
    expect(top(`\`\`\`\ndef f(x):\n    return x\n\`\`\`\n${filler}`)).toBe('code');
  });
});
