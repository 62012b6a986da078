// Hand-written answers to the built-in tasks: one a correct model could give, one a weak model could give.
// The run tests script the mock upstream with them; the task tests check every built-in validator against them.

/** A correct answer per built-in task id. */
export const RIGHT_ANSWERS: Readonly<Record<string, string>> = {
  'simple-capital': 'The capital of Australia is Canberra.',
  'simple-haiku': 'Nodes whisper in sync\nPackets cross the silent void\nConsensus at dawn',
  'simple-arithmetic': '17 × 23 = 391',
  'simple-json': '{"mission": "Apollo 11", "year": 1969}',
  'reasoning-bat-ball': 'Let the ball cost x. Then x + (x + 1.00) = 1.10, so 2x = 0.10 and the ball costs $0.05',
  'reasoning-widgets': 'Each machine makes one widget in 5 minutes, so 100 machines make 100 widgets in 5',
  'reasoning-weighings': 'Split into three groups of 3; one weighing finds the group, a second finds the ball: 2',
  'reasoning-married':
    'Yes.\nIf Anne is married, she (married) looks at George (unmarried); if not, Jack (married) looks at Anne (unmarried).',
  'coding-palindrome':
    '```python\ndef is_palindrome(s):\n    cleaned = [c.lower() for c in s if c.isalnum()]\n    return cleaned == cleaned[::-1]\n```',
  'coding-fizzbuzz':
    "```js\nfunction fizzBuzz(n) {\n  const out = [];\n  for (let i = 1; i <= n; i++) {\n    out.push(i % 15 === 0 ? 'FizzBuzz' : i % 3 === 0 ? 'Fizz' : i % 5 === 0 ? 'Buzz' : String(i));\n  }\n  return out;\n}\n```",
  'coding-binary-search':
    '```python\ndef binary_search(items, target):\n    lo, hi = 0, len(items) - 1\n    while lo <= hi:\n        mid = (lo + hi) // 2\n        if items[mid] == target:\n            return mid\n        if items[mid] < target:\n            lo = mid + 1\n        else:\n            hi = mid - 1\n    return -1\n```',
  'coding-debounce':
    '```javascript\nfunction debounce(fn, waitMs) {\n  let timer;\n  return (...args) => {\n    clearTimeout(timer);\n    timer = setTimeout(() => fn(...args), waitMs);\n  };\n}\n```',
  'hard-rate-limiter': `A token bucket holds up to \`capacity\` tokens. Tokens refill continuously at a fixed rate; each request takes one token and is rejected when the bucket is empty. This allows bursts up to the capacity while bounding the long-run rate, and needs only the token count and the time of the last refill, so each check is O(1).

\`\`\`js
class TokenBucket {
  constructor(capacity, refillPerSecond) {
    this.capacity = capacity;
    this.refillPerSecond = refillPerSecond;
    this.tokens = capacity;
    this.last = Date.now();
  }
  tryTake() {
    const now = Date.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.refillPerSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
\`\`\``,
  'hard-lru-cache': `Use a hash map from keys to nodes of a doubly linked list ordered by recency. get moves the node to the front; put inserts at the front and evicts from the back when full. Both the map lookup and the list splice are O(1). Python's OrderedDict already combines the two, so the class stays short while keeping the same complexity guarantees.

\`\`\`python
from collections import OrderedDict

class LRUCache:
    def __init__(self, capacity):
        self.capacity = capacity
        self.items = OrderedDict()

    def get(self, key):
        if key not in self.items:
            return -1
        self.items.move_to_end(key)
        return self.items[key]

    def put(self, key, value):
        self.items[key] = value
        self.items.move_to_end(key)
        if len(self.items) > self.capacity:
            self.items.popitem(last=False)
\`\`\``,
  'hard-derivative':
    "By the product rule, f'(x) = 3x^2 sin(x) + x^3 cos(x). At x = 0 both terms vanish, so f'(0) = 0",
  'hard-cap-json': `The CAP theorem says a distributed data store cannot guarantee consistency, availability and partition tolerance all at once. When a network partition happens, the system must choose between staying consistent and staying available. In practice partitions are unavoidable, so designs pick CP or AP behaviour.

\`\`\`json
{"consistency": "Every read sees the latest write.", "availability": "Every request gets a non-error response.", "partitionTolerance": "The system keeps working despite dropped messages between nodes."}
\`\`\``,
};

/** A plausible wrong answer per built-in task id. */
export const WRONG_ANSWERS: Readonly<Record<string, string>> = {
  'simple-capital': 'The capital of Australia is Sydney.',
  'simple-haiku': 'Distributed systems.',
  'simple-arithmetic': '17 × 23 = 381',
  'simple-json': 'The mission was Apollo 11 in 1969.',
  'reasoning-bat-ball': 'The ball costs $0.10',
  'reasoning-widgets': 'It takes 100 minutes',
  'reasoning-weighings': 'You need 3',
  'reasoning-married': 'Cannot be determined, since we do not know whether Anne is married.',
  'coding-palindrome': 'You can compare the string with its reverse after removing punctuation.',
  'coding-fizzbuzz': '```js\nfunction fizzBuzz(n) {\n  for (let i = 1; i <= n; i++ {\n  }\n}\n```',
  'coding-binary-search': '```python\ndef binary_search(items, target):\nreturn items.index(target)\n```',
  'coding-debounce': '```js\nfunction throttle(fn, ms) { return fn; }\n```',
  'hard-rate-limiter': 'Use a token bucket. ```js\nclass TokenBucket {}\n```',
  'hard-lru-cache': '```python\nclass LRUCache:\n    pass\n```',
  'hard-derivative': "f'(x) = 3x^2 cos(x), so f'(0) = 1",
  'hard-cap-json': 'CAP: consistency, availability, partition tolerance; pick two.',
};
