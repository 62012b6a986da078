/** The three capabilities a prompt can be detected as needing beyond plain chat. */
export type DetectedCapability = 'code' | 'math' | 'reasoning';

/**
 * One weighted pattern of the scenario detector. A rule adds `weight` per match to its capability's score, at
 * most `maxHits` times (1 for non-global patterns), so one noisy feature cannot decide alone.
 */
export interface ScenarioRule {
  /** Short signal name reported in `Scenario.signals`, e.g. `code:fence`. */
  readonly name: string;
  readonly capability: DetectedCapability;
  /** Global (`g`) patterns are counted; others only tested. */
  readonly pattern: RegExp;
  readonly weight: number;
  readonly maxHits: number;
  /**
   * Cheap pre-check: the rule runs only when the lower-cased text contains one of these substrings. Every match
   * of the pattern contains one of them, so the gate never changes a result; it skips most patterns on most
   * prompts.
   */
  readonly gate?: readonly string[];
}

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

// Substrings every match of a rule contains (see `ScenarioRule.gate`); a test checks this on every labelled prompt.
// Start-up time matters as much as throughput here: V8 compiles a pattern on its first use, and the long
// case-insensitive alternations cost a fraction of a millisecond each, so a short prompt should reach few of them.
const GATES: Readonly<Record<string, readonly string[]>> = {
  'code:fence': ['```'],
  'code:semicolon-lines': [';'],
  'code:brace-lines': ['{', '}'],
  'code:declaration': ['='],
  'code:keyword-stmt': [':', '{'],
  'code:typed-param': [':'],
  'code:snake-call': ['_'],
  'code:camel-call': ['('],
  'code:method-call': ['('],
  'code:stack-trace': [
    '(',
    'exception',
    'error',
    'segmentation fault',
    'segfault',
    'stack overflow',
    'undefined is not a function',
    'cannot read propert',
  ],
  'code:regex-syntax': ['(?', '\\', '[', '.*', '{'],
  'code:shell': [
    '$',
    'grep',
    'awk',
    'sed',
    'chmod',
    'chown',
    'mkdir',
    'rmdir',
    'curl',
    'wget',
    'sudo',
    'apt-get',
    'npm install',
    'pip install',
    'kubectl',
    'docker ',
    'git ',
    'ls -',
    'one-liner',
    'cron',
    'command',
  ],
  'code:assert': ['assert'],
  'code:io-spec': ['input', 'output', 'example ', 'constraints:', 'first line', 'test case'],
  // The object of the request, not its verb: "debug this crash" should not compile this long pattern.
  'code:build-request': [
    'function',
    'program',
    'script',
    'method',
    'algorithm',
    'sql',
    'query',
    'regex',
    'regular expression',
    'unit test',
    'api',
    'endpoint',
    'cli',
    'parser',
    'code',
    'snippet',
    'one-liner',
    'command',
    'class ',
    'component',
    'data structure',
    'loop',
    'list comprehension',
  ],
  'code:language-context': [' go', ' c', ' r'],
  'code:file-name': ['.'],
  'reasoning:lettered-options': [')', '.'],
  'reasoning:dash-options': ['-'],
  'code:return-imperative': ['return '],
  'code:return-value': ['return'],
  'math:arith-op': DIGITS,
  'math:paren-arith': ['('],
  'math:variable-eq': [...DIGITS, '('],
  'math:math-function': [...DIGITS, '('],
  'math:answer-format': [
    'lowest terms',
    'simplest',
    'nearest ',
    'decimal place',
    'significant figures',
    'common fraction',
    'in terms of pi',
    'mixed number',
  ],
  'math:numeric-options': DIGITS,
  'math:quantity-question': [
    'how ',
    'what ',
    'when ',
    'difference between',
    'in all',
    'altogether',
    'in total',
  ],
  'math:solve-verb': [
    'solve',
    'simplify',
    'compute',
    'calculate',
    'evaluate',
    'factori',
    'differentiate',
    'integrate',
    'expand',
    'prove that',
    'show that',
    'find ',
    'determine the value',
    'express ',
  ],
  'math:unit-quantity': ['$', ...DIGITS],
  'math:spelled-op': [
    'plus',
    'minus',
    'times',
    'divided by',
    'multiplied by',
    'squared',
    'cubed',
    'to the power of',
  ],
  'reasoning:judgement': ['likely', 'best explain', 'most ', 'what would happen if', 'plausible'],
  'reasoning:kinship': [' of ', 'related to'],
  'reasoning:yes-no': ['true or false', 'yes or no', '-'],
  'reasoning:ordering': [
    'left',
    'right',
    'finished',
    'than',
    'newest',
    'oldest',
    'fixed order',
    'sit',
    'immediately',
    'swap',
    'switch partners',
    'trade',
    'in a row',
    'before',
    'after',
    'ahead of',
    'behind',
    'came ',
    'lost to',
    'beat ',
  ],
  'reasoning:temporal': [
    'between what times',
    'woke up at',
    'was closed after',
    'from ',
    'what is the date',
    'mm/dd/yyyy',
  ],
  'reasoning:quantifiers': ['all', 'no', 'some', 'every', 'each'],
  'code:def': ['def'],
  'code:function-decl': ['function'],
  'code:arrow': ['=>'],
  'code:class-decl': ['class'],
  'code:import': ['import', '#include', 'using', 'package', 'require('],
  'code:docstring': ['"""', "'''"],
  'code:doctest': ['>>>'],
  'code:return-stmt': ['return'],
  'code:example-io': ['=', '->', 'return', '➞'],
  'code:inline-code': ['`'],
  'code:inline-block': ['{'],
  'code:html-tag': ['<'],
  'code:sql': [
    'select',
    'insert into',
    'create table',
    'alter table',
    'update ',
    ' join',
    'group by',
    'order by',
  ],
  'code:input-bounds': ['<=', '≤'],
  'code:io-pair': ['input:'],
  'code:big-o': ['o(', 'complexity'],
  'code:given-return': ['given'],
  'code:implement': ['implement'],
  'math:trailing-equals': ['='],
  'math:what-is-arith': ['what'],
  'math:latex': ['\\', '$'],
  'math:counting': ['how many', 'choose'],
  'math:percent-of': ['%', 'percent'],
  'math:fraction': ['/'],
  'reasoning:options-header': ['options:', 'choices:'],
  'reasoning:which-following': ['which'],
  'reasoning:plausible-sentence': ['plausible'],
  'reasoning:inference-question': ['conclu', 'infer', 'deduc', 'statement', 'what is wrong'],
  'reasoning:grid-puzzle': ['different'],
  'reasoning:boolean-expr': ['true', 'false'],
  'reasoning:word-sorting': ['alphabetical', 'list:', 'words'],
  'reasoning:lower-options': ['('],
  'reasoning:boolean-only': ['true', 'false'],
  'reasoning:object-scene': ['on the'],
  'reasoning:inventory-count': ['how many'],
  'reasoning:kin-chain': ["'s", '’s'],
  'code:code-tag': ['<code>', 'begin solution'],
  'code:short-assign': [':='],
  'code:schema': ['('],
  'code:snake-ident': ['_'],
  'code:you-are-given': ['you are given'],
  'code:named-input': ['given'],
  'reasoning:table-lookup': ['here is a table', 'first line is a header'],
  'reasoning:crossing-puzzle': ['river'],
  'code:operator': ['==', '!=', '&&', '||', '::', '->'],
  'reasoning:dyck': ['sequence', 'parenthes'],
  'reasoning:disjunction': ['either'],
  'reasoning:if-comma': ['if '],
  'math:solve-for-var': ['what is', 'solve for', 'find', 'log'],
  'math:number-property': ['is -', ...DIGITS.map((digit) => `is ${digit}`)],
  'reasoning:asks-for-reasoning': [
    'explain your',
    'step',
    'show your',
    'justify',
    "let's think",
    'why or why not',
  ],
  'reasoning:trick-comparison': ['which'],
  'reasoning:puzzle-question': ['?'],
  'reasoning:truth-tellers': ['truth', 'lie', 'liar', 'knave', 'lying'],
  'reasoning:if-then': ['then'],
  'reasoning:navigation': ['turn', 'step', 'forward', 'starting point'],
  'reasoning:causal': ['caus', 'intentional', 'typical person'],
  'reasoning:compare-for': ['compar', 'contrast'],
  'reasoning:explain-why': ['explain'],
  'code:code-action': [
    'refactor',
    'rename',
    'optimi',
    'port',
    'review',
    'migrate',
    'rewrite',
    'convert',
    'extract',
    'simplif',
    'clean up',
    'lint',
    'memoi',
    'speed up',
    'make',
    'add',
    'split',
    'translate',
    'modernize',
    'modernise',
    'document',
    'parallelize',
    'parallelise',
    'vectorize',
    'vectorise',
    'harden',
    'profile',
  ],
};

function rule(
  capability: DetectedCapability,
  name: string,
  pattern: RegExp,
  weight: number,
  maxHits = 1,
): ScenarioRule {
  const fullName = `${capability}:${name}`;
  const gate = GATES[fullName];
  return gate === undefined
    ? { name: fullName, capability, pattern, weight, maxHits }
    : { name: fullName, capability, pattern, weight, maxHits, gate };
}

// Weights were set by hand and checked against the dev set, the general prompts and the extra set (see the
// bench). Strong structural evidence (code syntax, LaTeX, option lists) weighs 3–5; vocabulary weighs 0.5–2 and
// is capped, so a general prompt that happens to say "function", "sum" or "argument" stays general.
/** Every pattern-based rule of the detector, compiled once at module load. */
export const SCENARIO_RULES: readonly ScenarioRule[] = [
  // ---- code: syntax
  rule('code', 'fence', /```/, 5),
  rule('code', 'def', /^[ \t]*(?:async\s+)?def\s+\w+\s*\(/m, 5),
  rule('code', 'function-decl', /\bfunction\*?\s+[A-Za-z_$][\w$]*\s*\(/, 4),
  rule('code', 'arrow', /\)\s*=>|\b\w+\s*=>\s*[{(\w]/, 3),
  rule(
    'code',
    'class-decl',
    /^[ \t]*(?:export\s+)?(?:public\s+|abstract\s+|data\s+)?class\s+[A-Z]\w*\s*(?:[:({<]|extends\b|implements\b|$)/m,
    4,
  ),
  rule(
    'code',
    'import',
    /^[ \t]*(?:import\s+[\w{*]|from\s+[\w.]+\s+import\s|#include\s*[<"]|using\s+(?:namespace\s+)?[\w.]+;|package\s+[\w.]+;|(?:const|let|var)\s+\w+\s*=\s*require\()/m,
    4,
  ),
  rule('code', 'docstring', /"""|'''/, 3),
  rule('code', 'doctest', /^[ \t]*>>>[ \t]/m, 4),
  rule('code', 'return-stmt', /^[ \t]+return\b/m, 3),
  rule('code', 'semicolon-lines', /;[ \t]*$/gm, 1, 3),
  rule('code', 'brace-lines', /\{[ \t]*$|^[ \t]*\}/gm, 1, 3),
  rule(
    'code',
    'declaration',
    /^[ \t]*(?:let|const|var|int|float|double|char|auto|val|String|bool)\s+\w+(?:\[\])?\s*=/m,
    3,
  ),
  rule('code', 'keyword-stmt', /^[ \t]*(?:if|for|while|elif|else if)\b[^\n]*[:{][ \t]*$/m, 2.5),
  rule(
    'code',
    'typed-param',
    /\(\s*\w+\s*:\s*(?:int|str|float|bool|list|dict|List\[|Dict\[|string|number|boolean)\b/,
    2.5,
  ),
  rule('code', 'snake-call', /\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\s*\(/g, 1.5, 2),
  rule('code', 'camel-call', /\b[a-z]+[A-Z][A-Za-z0-9]*\s*\(/g, 1.5, 2),
  rule('code', 'camel-ident', /\b[a-z]{2,}[A-Z][a-z]+(?:[A-Z][a-z]*)*\b/g, 1.25, 2),
  rule('code', 'method-call', /\b[A-Za-z_]\w*\.[a-z_]\w*\(/g, 1, 2),
  rule('code', 'example-io', /\w\(([^()\n]*)\)\s*(?:==>?|=>|➞|returns|->|should return)\s*\S/g, 1.5, 2),
  rule(
    'code',
    'stack-trace',
    /Traceback \(most recent call last\)|^\s+at\s+[\w.$<>]+\s*\([^)]*:\d+(?::\d+)?\)|Exception in thread|\b(?:TypeError|ValueError|KeyError|IndexError|AttributeError|ZeroDivisionError|NullPointerException|SyntaxError|ReferenceError|NameError|ImportError|ModuleNotFoundError|segmentation fault|segfaults?|stack overflow|undefined is not a function|cannot read propert(?:y|ies))\b/im,
    5,
  ),
  rule(
    'code',
    'file-name',
    /(?<=[\w-])\.(?:py|js|mjs|cjs|ts|tsx|jsx|java|cpp|cc|hpp|rs|go|rb|php|cs|kt|sh|sql|ipynb|ya?ml|toml|json|html|css|c|h)\b/,
    2,
  ),
  rule('code', 'inline-code', /`[^`\n]{1,60}`/g, 1.5, 2),
  rule('code', 'inline-block', /\{[^{}\n]*[:=][^{}\n]*;[^{}\n]*\}/, 3),
  rule(
    'code',
    'regex-syntax',
    /\(\?[=!:<]|\\[dwsb][+*?]?|\[[A-Za-z0-9]-[A-Za-z0-9]\]|\.\*|\{\d+,\d*\}/g,
    1.5,
    2,
  ),
  rule('code', 'language-context', /\b(?:in|using|with|to) (?:Go|C|R|C\+\+|C#)\b/, 2),
  rule(
    'code',
    'html-tag',
    /<\/?(?:div|span|html|body|script|button|input|table|ul|li|form|head|img|svg)\b[^>]*>/i,
    3,
  ),
  rule(
    'code',
    'sql',
    /\bSELECT\b[\s\S]{1,200}?\bFROM\b|\b(?:INSERT INTO|CREATE TABLE|ALTER TABLE|UPDATE \w+ SET|LEFT JOIN|INNER JOIN|GROUP BY|ORDER BY)\b/,
    4,
  ),
  rule(
    'code',
    'shell',
    /^[ \t]*\$[ \t]+[a-z]|\b(?:grep|awk|sed|chmod|chown|mkdir|rmdir|curl|wget|sudo|apt-get|npm install|pip install|kubectl|docker (?:run|build|compose)|git (?:commit|push|pull|rebase|merge|clone)|ls -\w+|one-liner|cron(?:tab)?|command[- ]line|terminal command)\b/im,
    3,
  ),
  rule(
    'code',
    'input-bounds',
    /-?\d+\s*(?:<=|≤)\s*[a-z_][\w.[\]()]*(?:\s*,\s*[a-z_]\w*)*\s*(?:<=|≤)\s*(?:\d+\s*[*·⋅×]\s*)?(?:10\^\d|10\*\*\d|\d{3,})/i,
    3,
  ),
  rule('code', 'io-pair', /\bInput:[\s\S]{1,600}?\bOutput:/, 2.5),
  // DS-1000-style scaffolds: code in <code> tags, "BEGIN SOLUTION".
  rule('code', 'code-tag', /<\/?code>|\bBEGIN SOLUTION\b/i, 5),
  // Operators quoted on their own ("== and ===", "what does && do").
  rule('code', 'operator', /(?:^|\s)(?:===|!==|==|!=|&&|\|\||::|->)(?=[\s?,.]|$)/g, 1.5, 2),
  // Go / Pascal short assignment: `ch := make(chan int)`.
  rule('code', 'short-assign', /\b[A-Za-z_]\w*(?:\s*,\s*[A-Za-z_]\w*)?\s*:=\s*\S/, 3),
  // A table or record schema: `orders(id, customer_id, total)`.
  rule('code', 'schema', /\b[A-Za-z_]\w*\((?:\s*[A-Za-z_]\w*\s*,){2,}\s*[A-Za-z_]\w*\s*\)/, 2.5),
  rule('code', 'snake-ident', /\b[a-z][a-z0-9]*_[a-z0-9_]*[a-z0-9]\b/g, 1.25, 2),
  // "Given an array of strings strs, …" / "Given an integer n, …": a named input of a programming task.
  rule(
    'code',
    'named-input',
    /\b[Gg]iven (?:an?|the|two|n|k|m) (?:[\w-]+ ){0,3}?(?:arrays?|strings?|lists?|integers?|linked lists?|binary trees?|trees?|matrix|grid|graph|board)(?: of [a-z]+)?(?: [a-z][a-z0-9_]{0,7}(?:,| and\b| where\b| of\b| containing\b| representing\b)| representing\b)/,
    2.5,
  ),
  rule(
    'code',
    'you-are-given',
    /\byou are given (?:an?|two|the|some) (?:[\w-]+ ){0,4}?(?:arrays?|strings?|lists?|integers?|linked lists?|binary trees?|trees?|graphs?|matrix|grid|permutation|binary string)\b/i,
    3,
  ),
  rule('code', 'assert', /^[ \t]*assert\s+\w+\(/m, 3),
  rule(
    'code',
    'big-o',
    /\bO\((?:n|1|log ?n|n log ?n|n\^2|n\*\*2|n\s*\*\s*m|m\s*\*\s*n|n \+ m|2\^n|n!)\)|\bO\(\s*(?:n|m|k|log)\b[^)\n]{0,16}\)|\b(?:time|space) complexity\b/i,
    3,
  ),
  rule(
    'code',
    'io-spec',
    /-----(?:Input|Output)-----|^(?:Input|Output)\s*:?\s*$|^[ \t]*(?:Input|Output):\s*\w+\s*=|\bExample \d+:|^Constraints:|\bstandard (?:input|output)\b|\bfirst line (?:of (?:the )?input )?contains\b|\btest cases?\b/gim,
    2.5,
    3,
  ),
  // ---- code: language and vocabulary
  rule(
    'code',
    'build-request',
    /\b(?:write|create|design|implement|code|build|develop|give me|generate|fix|debug|optimi[sz]e|refactor|convert|translate)\s+(?:me\s+)?(?:an?\s+|the\s+|this\s+|some\s+|my\s+)?(?:[\w+#-]+\s+){0,3}?(?:function|program|script|method|algorithm|sql|query|regex|regular expression|unit tests?|api|endpoint|cli|parser|code|snippet|one-liner|(?:shell |terminal |bash |linux )?commands?(?= to\b)|class (?:called|named|that|which|with)|component|data structure|loop|list comprehension)s?\b/gi,
    4,
    1,
  ),
  rule(
    'code',
    'given-return',
    /\bgiven (?:an?|the|two|a list of|an array of) (?:[\w-]+ ){0,4}?(?:arrays?|lists?|strings?|integers?|linked lists?|binary trees?|trees?|graphs?|matrix|matrices|grids?|root|head|number|numbers|dictionary|words?|intervals?)\b[^\n]{0,200}?\b(?:return|returns|output|print|determine if|find)\b/i,
    3,
  ),
  rule('code', 'implement', /\bimplement(?:s|ed|ing|ation)?\b/gi, 2, 1),
  rule(
    'code',
    'return-imperative',
    /(?:^|[.:]\s+)Return (?!(?:the |a |an )?(?:json|JSON|yaml|YAML|csv|CSV|answer|response|summary|results? (?:in|as))\b)(?:the|a|an|true|false|all|any|whether|-1|0)\b/m,
    2.5,
  ),
  rule(
    'code',
    'return-value',
    /\breturns?\s+(?:true|false|none|null|-1|0|an? (?:list|array|tuple|string|integer|boolean|dictionary)|the (?:list|array|string|number|sum|count|index|length|maximum|minimum|result|value|largest|smallest))\b/gi,
    1.5,
    2,
  ),
  // Actions on existing code (issue #17): "refactor this class", "port our Express middleware to Hono", "review
  // this pull request". The verb opens a sentence and its object is a piece of code, so "review this restaurant"
  // or "port wine" stay general. Case-sensitive only so that a PascalCase name (`UserService`) counts as code.
  rule(
    'code',
    'code-action',
    /(?:^|[.!?:]\s+)(?:[Pp]lease\s+)?(?:[Rr]efactor|[Rr]ename|[Oo]ptimi[sz]e|[Pp]ort|[Rr]eview|[Mm]igrate|[Rr]ewrite|[Cc]onvert|[Ee]xtract|[Ss]implify|[Cc]lean up|[Ll]int|[Mm]emoi[sz]e|[Ss]peed up|[Mm]ake|[Aa]dd|[Ss]plit|[Tt]ranslate|[Mm]oderni[sz]e|[Dd]ocument|[Pp]aralleli[sz]e|[Vv]ectori[sz]e|[Hh]arden|[Pp]rofile)\b[^.?!\n:'"]{0,60}?\b(?:[Tt]his|[Tt]hese|[Tt]hat|[Mm]y|[Oo]ur|[Tt]he|[Ee]very|[Ee]ach|[Aa]ll)\s+(?:[\w'’-]+\s+){0,3}?(?:class(?:es)?|modules?|functions?|methods?|files?|variables?|fields?|quer(?:y|ies)|loops?|components?|handlers?|controllers?|services?|middleware|codebase|code|pull requests?|PRs?|scripts?|test suites?|tests?|selectors?|repositor(?:y|ies)|layer|helpers?|hooks?|endpoints?|structs?|interfaces?|schemas?|migrations?|callers?|imports?|constructors?|programs?|regex(?:es)?|[A-Z][a-z]+(?:[A-Z][a-z0-9]*)+)\b/,
    4,
  ),
  // ---- math: notation
  rule('math', 'trailing-equals', /=\s*\??\s*$/, 5),
  rule('math', 'arith-op', /\d\s*[+*×÷^]\s*\(?-?\d|\d\s+[-/]\s+\(?-?\d|\d\)\s*[-+*/]\s*\(/g, 1.5, 3),
  rule('math', 'paren-arith', /\(\s*-?\d+(?:\.\d+)?\s*[-+*/]\s*-?\d/, 2),
  rule(
    'math',
    'what-is-arith',
    /\bwhat(?:'s| is)\s+(?:the value of\s+)?-?\d[\d.,]*\s*(?:[-+*/x×÷^%]|plus|minus|times|divided by|multiplied by|to the power|percent of|% of|squared|cubed)\s*-?\d?/i,
    5,
  ),
  rule(
    'math',
    'variable-eq',
    /\b\d*[a-z]\s*(?:\^|\*\*)\s*\{?\d|\b\d+[a-z]\s*[-+=]\s*\d|\b[xyzn]\s*[-+]\s*\d+\s*=|=\s*\d+[a-z]\b|\b[fgh]\s*\(\s*x\s*\)|\b[xyz]\s*=\s*-?\d/,
    3,
  ),
  rule(
    'math',
    'latex',
    /\\(?:frac|dfrac|tfrac|sqrt|cdot|times|pi|int|sum|prod|lim|le|ge|leq|geq|neq|infty|theta|alpha|beta|angle|triangle|circ|left|right|log|ln|sin|cos|tan|binom|dbinom|mathbb|mathrm|pmod|equiv|overline|div|pm)\b|\$[^$\n]*[=^\\_{}+][^$\n]*\$/g,
    3,
    2,
  ),
  rule(
    'math',
    'math-function',
    /\b(?:sin|cos|tan|log|ln|exp|sqrt)\s*\(|\b\d+\s?(?:pi|π)\b|\bpi\s*\/\s*\d/,
    3,
  ),
  rule(
    'math',
    'answer-format',
    /\b(?:lowest terms|simplest form|nearest (?:tenth|hundredth|thousandth|whole number|integer|cent|dollar)|decimal places?|significant figures|common fraction|simplest radical form|in terms of pi|mixed number)\b/i,
    3,
  ),
  rule(
    'math',
    'counting',
    /\bhow many (?:ways|different|distinct|arrangements|combinations|outcomes|possible)\b|\bin how many ways\b|\b\d+ choose \d+\b/i,
    2.5,
  ),
  // "If log base 2 of x equals 5, what is x?": asks for an unknown.
  rule(
    'math',
    'solve-for-var',
    /\bwhat is [xyzn]\s*\?|\bsolve for [a-z]\b|\bfind [xyzn]\b|\blog(?:arithm)? (?:base|to the base)\b/i,
    3,
  ),
  // "Is 221 a prime number?": a property of a given number.
  rule(
    'math',
    'number-property',
    /\bis -?\d[\d,]*(?:\.\d+)? (?:an? )?(?:prime|composite|perfect (?:square|cube|number)|divisible|even|odd|rational|irrational|factor|multiple|square number|triangular)\b/i,
    4,
  ),
  rule('math', 'percent-of', /\d+(?:\.\d+)?\s?%\s+of\s+\$?\d|\bpercent of\s+\$?\d/i, 3),
  rule('math', 'fraction', /(?<![\d/])\d+\/\d+(?![\d/])/g, 0.75, 2),
  rule(
    'math',
    'numeric-options',
    /(?:^|\s)\(?[A-Ea-e]\s?[).]\s*\$?-?\d+(?:[.,:]\d+)*(?:\/\d+)?\s*(?:%|[a-z]{0,6}\/?[a-z]{0,3})?\s*(?:,|$|\s+\(?[A-Ea-e]\s?[).])/gm,
    1.5,
    3,
  ),
  // ---- math: word problems and vocabulary
  rule(
    'math',
    'quantity-question',
    /\bhow (?:many|much|long|far|old|fast|often|tall|heavy|wide|high|deep|big|large)\b|\bwhat (?:fraction|percent|percentage|portion|part) of\b|\bwhen (?:do|will|does) (?:they|it|the \w+) (?:meet|arrive|catch up)\b|\bwhat (?:is|was|will be|would be|are) (?:the |its |their |his |her )?(?:[a-z]+ )?(?:total|sum|product|average|mean|cost|price|value|area|perimeter|volume|probability|ratio|percentage|remainder|speed|distance|length|number|rate|profit|loss|interest|age)\b|\bwhat percent(?:age)?\b|\bdifference between \$?\d|\bin all\b|\baltogether\b|\bin total\b|\bhow (?:many|much) more\b/gi,
    2,
    2,
  ),
  rule(
    'math',
    'solve-verb',
    /\b(?:solve|simplify|compute|calculate|evaluate(?!\s+(?:the|this|an?|my|your)\s+(?:argument|claim|statement|reasoning|evidence|essay|performance|pros|options|risks?|impact|quality))|factori[sz]e|differentiate|integrate|expand(?=\s*(?:\(|\$|and simplify|the (?:expression|product|binomial)))|prove that|show that)\b|\bfind (?:the )?(?:value|sum|product|area|volume|perimeter|probability|number|remainder|smallest|largest|greatest|least|length|radius|slope|derivative|integral|roots?|mean|median|average|cost|speed|distance|ratio|lcm|gcd|x|y|n)\b|\bdetermine the value\b|\bexpress (?:your answer|it) as\b/gi,
    2,
    2,
  ),
  rule(
    'math',
    'unit-quantity',
    /\$\s?\d|\d\s?%|\b\d+(?:\.\d+)?\s?(?:cents?|dollars?|euros?|miles?|km|kilometers?|kilometres?|meters?|metres?|feet|foot|inches|inch|cm|mm|kg|grams?|pounds?|lbs?|ounces?|oz|liters?|litres?|gallons?|hours?|minutes?|seconds?|days?|weeks?|months?|years?|mph|km\/hr?|m\/s|apples|pages|students|people|cookies|cupcakes|marbles|books|boxes|bags|cars|friends)\b/gi,
    0.5,
    4,
  ),
  rule(
    'math',
    'spelled-op',
    /\b(?:plus|minus|times|divided by|multiplied by|squared|cubed|to the power of)\b/gi,
    1,
    2,
  ),
  // ---- reasoning: multiple choice and answer forms
  rule('reasoning', 'options-header', /\bOptions:|\bAnswer Choices:|\bChoices:/i, 3),
  // HellaSwag-style endings and other option lists written "(a) ... (b) ..." in lower case.
  rule('reasoning', 'lower-options', /(?:^|\s)\([a-e]\)\s+\S/gm, 1, 3),
  // A bare boolean expression to evaluate (BBH boolean expressions): only True/False/not/and/or/parentheses.
  rule('reasoning', 'boolean-only', /^\s*(?:(?:not|and|or|True|False|\(|\))\s*){3,}(?:is|=)\s*\??\s*$/, 5),
  // Objects laid out on a surface, asked about (BBH colored objects / object arrangement).
  rule(
    'reasoning',
    'object-scene',
    /\b[Oo]n the (?:desk|table|floor|nightstand|counter|shelf|bed|dresser)\b[^.?]{0,20}\b(?:I see|there (?:is|are)|you see)\b/,
    4,
  ),
  // "I have a violin, two flutes and a drum. How many instruments do I have?" (BBH object counting): items
  // named in words, no digits, then a count of a category.
  rule(
    'reasoning',
    'inventory-count',
    /^I have (?:an?|one|two|three|four|five|six|seven|eight|nine|ten) [^\d?]{5,300}\bhow many [a-z ]{3,30}\bdo I have\?\s*$/i,
    5,
  ),
  // River-crossing puzzles: a boat that carries only so much.
  rule(
    'reasoning',
    'crossing-puzzle',
    /\b(?:cross(?:ing)?|across) (?:a|the) river\b[^?]{0,200}\b(?:only|at a time|at most)\b/i,
    3.5,
  ),
  // BBH penguins in a table: look-ups in a small table, not arithmetic.
  rule('reasoning', 'table-lookup', /\bhere is a table\b|\bfirst line is a header\b/i, 4),
  // BBH Dyck languages: close a bracket sequence.
  rule('reasoning', 'dyck', /\bcomplete the rest of the sequence\b|\bparentheses are closed properly\b/i, 5),
  // Premises written as "Either A or B." / "If A, B." (LogiQA-style conditional chains).
  rule('reasoning', 'disjunction', /(?:^|[.!?]\s+)Either\b[^.?!\n]{3,80}\bor\b/, 1.5),
  rule('reasoning', 'if-comma', /(?:^|[.!?]\s+)If [^,.?!\n]{3,80}, [a-z]?[^.?!\n]{3,80}\./g, 1, 2),
  // "my father's son", "her mother's sister": kinship chains of relationship riddles.
  rule(
    'reasoning',
    'kin-chain',
    /\b(?:father|mother|brother|sister|son|daughter|uncle|aunt|husband|wife|grandfather|grandmother)['’]s (?:father|mother|brother|sister|son|daughter|uncle|aunt|husband|wife|only \w+)\b/gi,
    2,
    2,
  ),
  rule(
    'reasoning',
    'lettered-options',
    /(?:^|\s)\(?[A-E]\)\s+\S|^[ \t]*[A-E][.)]\s+\S|[\s?:][A-E]\.\s+[a-z0-9]/gm,
    1,
    3,
  ),
  rule('reasoning', 'dash-options', /^[ \t]*-[ \t]*\S[^\n]{0,60}$/gm, 0.5, 3),
  rule(
    'reasoning',
    'which-following',
    /\bwhich (?:one )?of the (?:following|these|statements|options|choices)\b|\bwhich (?:sentence|statement|option|choice|answer|argument)\b/i,
    3,
  ),
  rule(
    'reasoning',
    'judgement',
    /\bmost likely\b|\bleast likely\b|\bbest explains?\b|\bmost (?:probably|plausible|reasonable|seriously|strongly)\b|\bwhat would happen if\b|\bis the following (?:sentence|statement) plausible\b|\bplausible\b/gi,
    2,
    2,
  ),
  rule('reasoning', 'plausible-sentence', /\bis the following (?:sentence|statement|claim) plausible\b/i, 4),
  rule(
    'reasoning',
    'inference-question',
    /\bwhat can (?:we|you|be) (?:conclude|concluded|infer|inferred|deduce|deduced)\b|\bcan (?:we|you) (?:conclude|infer|deduce)\b|\bwhich (?:conclusion|statement) (?:follows|must)\b|\bdoes (?:the|this) conclusion follow\b|\bwhat is wrong with (?:this|the|his|her|their) (?:argument|reasoning|conclusion)\b/i,
    3,
  ),
  rule(
    'reasoning',
    'grid-puzzle',
    /\beach (?:own|owns|has|have|is|likes|like|wears|wear|lives|live|drives|drive|plays|play)s? (?:a |an )?different\b/i,
    3,
  ),
  rule('reasoning', 'boolean-expr', /\b(?:not|and|or)\s+\(?\s*(?:True|False)\b/g, 1.5, 3),
  rule(
    'reasoning',
    'word-sorting',
    /\balphabetical(?:ly)?\b|\bList:\s|\bsort (?:the following|these) words\b/gi,
    2,
    2,
  ),
  rule(
    'reasoning',
    'asks-for-reasoning',
    /\bexplain your (?:reasoning|answer)\b|\bthink step[- ]by[- ]step\b|\bshow your reasoning\b|\bjustify your answer\b|\blet's think\b|\bwhy or why not\b/i,
    2,
  ),
  rule(
    'reasoning',
    'trick-comparison',
    /\bwhich (?:is|weighs|was) (?:heavier|lighter|bigger|smaller|faster|older|more|less|greater|longer)\b/i,
    2,
  ),
  rule(
    'reasoning',
    'puzzle-question',
    /[.!]['"’”]?\s+(?:who|which (?:one|house|person|box|day|of them)|what day|what colou?r|in what order|where is)\b[^.?\n]*\?\s*$/i,
    2,
  ),
  rule(
    'reasoning',
    'kinship',
    /\b(?:father|mother|sister|brother|son|daughter|uncle|aunt|grandfather|grandmother|cousin|nephew|niece|husband|wife) of [A-Z]\b|\bhow is \w+ related to\b/g,
    1.5,
    3,
  ),
  rule(
    'reasoning',
    'yes-no',
    /\btrue or false\b|\byes or no\b|^[ \t]*-[ \t]*(?:yes|no|valid|invalid|true|false)[ \t]*$/gim,
    1.5,
    2,
  ),
  // ---- reasoning: logic
  rule(
    'reasoning',
    'truth-tellers',
    /\b(?:tells?|telling|told) the truth\b|\b(?:is|are|was|were|both) lying\b|\btruth-?tellers?\b|\bknights?\b[^.\n]*\bknaves?\b|\balways (?:lies|lie|lied)\b|\bliars?\b|\b\w+ lies\.|\bsays \w+ lies\b/gi,
    3,
    2,
  ),
  rule(
    'reasoning',
    'quantifiers',
    /\b(?:all|no|some|every|each|none of the)\s+(?:[A-Za-z]+\s+){1,4}?(?:are|is|were|can|have|has)\b/gi,
    1.5,
    3,
  ),
  rule('reasoning', 'if-then', /\bif\b[^.?!\n]{3,120}\bthen\b/gi, 1, 2),
  rule(
    'reasoning',
    'navigation',
    /\bturn (?:left|right|around)\b|\btake \d+ steps?\b|\bface forward\b|\bstarting point\b/gi,
    2,
    2,
  ),
  rule(
    'reasoning',
    'ordering',
    /\bto the (?:left|right) of\b|\bleftmost\b|\brightmost\b|\b(?:second|third|fourth) from the (?:left|right)\b|\bfinished (?:first|second|third|last|above|below)\b|\b(?:older|younger|taller|shorter|heavier|lighter|faster|slower|cheaper|more expensive) than\b|\bnewest\b|\boldest\b|\bin a fixed order\b|\bsits? (?:next to|between|immediately)\b|\bimmediately (?:before|after|to the)\b|\bswap\b|\bswitch partners\b|\btrade\b|\bin a row\b|\b(?:finished|arrived|came|ranked|left|woke up) (?:before|after|ahead of|behind)\b|\bcame (?:first|second|third|fourth|last)\b|\blost to\b|\bbeat [A-Z]\w+/gi,
    1.5,
    4,
  ),
  rule(
    'reasoning',
    'temporal',
    /\bbetween what times\b|\bwoke up at\b|\bwas closed after\b|\bfrom \d{1,2}\s?(?:am|pm) to \d{1,2}\s?(?:am|pm)\b|\bwhat is the date\b|\bMM\/DD\/YYYY\b/gi,
    2,
    2,
  ),
  // Comparing options for a purpose (issue #17): "Compare Kafka and RabbitMQ for event sourcing", "contrast X and
  // Y and recommend one". A comparison with no purpose ("compare the leadership styles of…") stays an essay.
  // "Explain why X happens" asks for causes (the original's `explain\s+why`); "…and explain why." at the end of a
  // request only asks for a justification, so something must follow.
  rule('reasoning', 'explain-why', /\bexplain\s+why\s+\w/i, 3),
  rule(
    'reasoning',
    'compare-for',
    /(?:^|[.!?]\s+)(?:[\w,' ]{0,40}\s)?(?:compare|contrast)\b[^.?!\n]{3,150}?\b(?:for|as|which|better|recommend|choose|trade-?offs?|merits|should|justify|pick|on (?:cost|price|pay|speed|performance|risk))\b/i,
    3,
  ),
  rule(
    'reasoning',
    'causal',
    /\bdid [A-Z]\w* cause\b|\bcaus(?:e|ed|ation)\b|\bintentional(?:ly)?\b|\bhow would a typical person answer\b/g,
    1.5,
    2,
  ),
];

/** Words that make a programming-language name mean something else (the snake, the island, the singer). */
export const NON_CODE_CONTEXT =
  /\b(?:snakes?|reptiles?|serpents?|zoo|islands?|coffee|gemstones?|jewel(?:s|ry)?|taylor|singer|album|corrosion|oxidi[sz]ed|birds?|monty python)\b/i;

/**
 * A whole prompt that is one short yes/no question not addressed to the assistant (StrategyQA style): a weak
 * reasoning signal. "Can you…" / "Do you…" are requests or chat, not questions to reason about.
 */
export const YES_NO_QUESTION =
  /^(?:would|could|can|does|did|is|are|was|were|will|do|has|have|should)\b(?!\s+(?:you|i|we|u|me)\b)[^?\n]{10,200}\?\s*(?:answer yes or no[^\n]*)?$/i;

/** Yes/no questions that are hypothetical or about named things need implicit multi-step knowledge. */
export const HYPOTHETICAL_QUESTION =
  /^(?:[Ww]ould|[Cc]ould|[Dd]id|[Ww]as|[Ww]ere|[Ii]s it possible|[Cc]an an?\b)|^\w+\s[^?]*\b[A-Z][a-z]+|\b(?:longer|shorter|bigger|smaller|larger|heavier|lighter|older|younger|taller|faster|slower|more|less|fewer)\b[^?]*\bthan\b/;

/** Numbers written as words, which grade-school word problems use as often as digits. */
export const NUMBER_WORD =
  /\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|sixty|hundred|thousand|twice|half|double|triple|thrice|dozen|quarter)\b/gi;
