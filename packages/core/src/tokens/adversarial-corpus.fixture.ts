/**
 * The adversarial text corpus that calibrates and checks {@link boundTextTokens} against the real o200k and
 * cl100k tokenizers (tests and the token bench). Deterministic: a seeded generator, so a failure replays.
 * Every case issue #13 measured (`'a '×8500`, Thai, Devanagari, accented Latin, emoji, base64) plus random
 * Unicode, random bytes read as latin1, CJK, Arabic, Hebrew, Korean, code, minified JSON, digit runs,
 * whitespace runs, repeated single characters, URLs, random ASCII, and natural prose for the looseness figure.
 */

/** One named text of the corpus. `natural` marks ordinary text, used to report how loose the bound is. */
export interface CorpusText {
  name: string;
  text: string;
  natural?: boolean;
}

/** A small deterministic PRNG (mulberry32), so corpus texts replay from a seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const LOWER = 'abcdefghijklmnopqrstuvwxyz';
const LETTERS = `${LOWER}${LOWER.toUpperCase()}`;
const PUNCTUATION = '!"#$%&\'()*+,-./:;<=>?@[\\]^_`{|}~';
const WHITESPACE = ' \t\n\r\v\f';

const PROSE =
  'TokenWise routes each request to the cheapest model that can do the job, and it never spends more than ' +
  'the budget you set. When a call fails, it escalates to a stronger model; when the budget runs out, it ' +
  'stops and says which limit refused. ';
const CODE = `export function createBudget(limit: bigint): Budget {
  let spent = 0n;
  const reservations = new Map<string, bigint>();
  return {
    reserve(amount) {
      if (spent + amount > limit) throw new BudgetExceededError({ limit, spent, amount });
      spent += amount;
      return { settle: (actual: bigint) => { spent += actual - amount; } };
    },
  };
}
`;
const THAI = 'ระบบนี้เลือกโมเดลที่ถูกที่สุดที่ทำงานได้ และไม่ใช้เงินเกินงบประมาณที่คุณตั้งไว้ ';
const DEVANAGARI = 'यह प्रणाली सबसे सस्ता मॉडल चुनती है जो काम कर सके, और आपके बजट से अधिक खर्च नहीं करती। ';
const CHINESE = '我们需要一个能够根据预算自动选择模型的系统，它应该在保证质量的同时尽量降低成本。';
const JAPANESE = 'このシステムは予算内で最も安いモデルを選び、失敗したときはより強いモデルに切り替えます。';
const ARABIC = 'يختار هذا النظام أرخص نموذج يمكنه أداء المهمة، ولا ينفق أبدًا أكثر من الميزانية التي حددتها. ';
const HEBREW = 'המערכת בוחרת את המודל הזול ביותר שיכול לבצע את המשימה, ואינה מוציאה יותר מהתקציב שקבעת. ';
const KOREAN =
  '이 시스템은 작업을 수행할 수 있는 가장 저렴한 모델을 선택하며 설정한 예산을 초과하지 않습니다. ';
const RUSSIAN =
  'Эта система выбирает самую дешёвую модель, способную выполнить задачу, и не тратит больше бюджета. ';
const FRENCH =
  'Les élèves étudient la programmation fonctionnelle à l’école, même s’ils préfèrent les jeux vidéo. ';
const EMOJI = ['😀', '👍🏽', '👨‍👩‍👧‍👦', '🇫🇷', '❤️', '🧑🏿‍🚀', '🏳️‍🌈', '🤖', '✨', '🔥'];

function repeatTo(text: string, length: number): string {
  return text.repeat(Math.ceil(length / text.length)).slice(0, length);
}

/**
 * The corpus: every case at a short and a long size. `scale` multiplies the long sizes (1 ≈ 3–6 KB each), so
 * a bench can use a larger corpus than the unit test.
 */
export function adversarialCorpus(seed = 13, scale = 1): CorpusText[] {
  const random = seededRandom(seed);
  const pick = (alphabet: string | readonly string[]) => alphabet[Math.floor(random() * alphabet.length)]!;
  const string = (length: number, char: () => string) => Array.from({ length }, char).join('');
  const codePoint = (from: number, to: number) => () =>
    String.fromCodePoint(from + Math.floor(random() * (to - from + 1)));
  const long = Math.round(3_000 * scale);
  const cases: CorpusText[] = [];
  const both = (name: string, make: (length: number) => string, natural = false) => {
    for (const length of [40, long]) cases.push({ name: `${name} (${length})`, text: make(length), natural });
  };

  cases.push({ name: "'a '×8500", text: 'a '.repeat(8_500) });
  both('english prose', (n) => repeatTo(PROSE, n), true);
  both('typescript code', (n) => repeatTo(CODE, n), true);
  both('thai prose', (n) => repeatTo(THAI, n), true);
  both('thai random', (n) => string(n, codePoint(0x0e01, 0x0e5b)));
  both('devanagari prose', (n) => repeatTo(DEVANAGARI, n), true);
  both('devanagari random', (n) => string(n, codePoint(0x0900, 0x097f)));
  both('accented latin prose', (n) => repeatTo(FRENCH, n), true);
  both('accented latin random', (n) => string(n, () => pick('éèàùâêîôûçëïüÿñœæÉÈÀÙÂÊÎÔÛÇ')));
  both('russian prose', (n) => repeatTo(RUSSIAN, n), true);
  both('emoji', (n) => string(Math.ceil(n / 3), () => pick(EMOJI)));
  both('emoji random', (n) => string(Math.ceil(n / 2), codePoint(0x1f300, 0x1faff)));
  both('base64', (n) => btoa(string(Math.ceil((n * 3) / 4), () => String.fromCharCode(random() * 256))));
  both('random unicode', (n) =>
    string(n, () => {
      let point: number;
      do point = Math.floor(random() * 0x110000);
      while (point >= 0xd800 && point <= 0xdfff);
      return String.fromCodePoint(point);
    }),
  );
  both('random BMP', (n) =>
    string(n, () => {
      let point: number;
      do point = Math.floor(random() * 0x10000);
      while (point >= 0xd800 && point <= 0xdfff);
      return String.fromCodePoint(point);
    }),
  );
  both('random bytes as latin1', (n) => string(n, () => String.fromCharCode(Math.floor(random() * 256))));
  both('chinese prose', (n) => repeatTo(CHINESE, n), true);
  both('japanese prose', (n) => repeatTo(JAPANESE, n), true);
  both('cjk random', (n) => string(n, codePoint(0x4e00, 0x9fff)));
  both('arabic prose', (n) => repeatTo(ARABIC, n), true);
  both('arabic random', (n) => string(n, codePoint(0x0600, 0x06ff)));
  both('hebrew prose', (n) => repeatTo(HEBREW, n), true);
  both('hebrew random', (n) => string(n, codePoint(0x0590, 0x05ff)));
  both('korean prose', (n) => repeatTo(KOREAN, n), true);
  both('korean random', (n) => string(n, codePoint(0xac00, 0xd7a3)));
  both('minified json', (n) => {
    const items: string[] = [];
    let length = 0;
    while (length < n) {
      const item = `{"id":"${string(8, () => pick('0123456789abcdef'))}","n":${Math.floor(random() * 1e6)},"ok":${random() < 0.5},"tags":["${string(4, () => pick(LOWER))}"],"p":${random().toFixed(4)}}`;
      items.push(item);
      length += item.length + 1;
    }
    return `[${items.join(',')}]`;
  });
  both('digit run', (n) => string(n, () => pick('0123456789')));
  both('digits with spaces', (n) => string(n, () => pick('0123456789 ')));
  both('whitespace random', (n) => string(n, () => pick(WHITESPACE)));
  both('spaces', (n) => ' '.repeat(n));
  both('newlines', (n) => '\n'.repeat(n));
  both('tabs', (n) => '\t'.repeat(n));
  both('indentation', (n) => repeatTo('\n        x\n    \t  y', n));
  for (let code = 33; code < 127; code++) {
    cases.push({
      name: `repeated ${String.fromCharCode(code)}`,
      text: String.fromCharCode(code).repeat(1_000),
    });
  }
  both('urls', (n) =>
    string(Math.ceil(n / 60), () => {
      const path = string(3, () => `/${string(1 + Math.floor(random() * 9), () => pick(LOWER))}`);
      return `https://${string(6, () => pick(LOWER))}.example.com${path}?q=${string(8, () => pick(LETTERS))}&id=${Math.floor(random() * 1e9)} `;
    }),
  );
  both('random lowercase', (n) => string(n, () => pick(LOWER)));
  both('random mixed case', (n) => string(n, () => pick(LETTERS)));
  both('random words', (n) =>
    string(Math.ceil(n / 5), () => ` ${string(1 + Math.floor(random() * 7), () => pick(LOWER))}`),
  );
  both('random mixed-case words', (n) =>
    string(Math.ceil(n / 5), () => ` ${string(1 + Math.floor(random() * 7), () => pick(LETTERS))}`),
  );
  both('random printable ascii', (n) => string(n, () => String.fromCharCode(32 + Math.floor(random() * 95))));
  both('random punctuation', (n) => string(n, () => pick(PUNCTUATION)));
  both('random ascii incl. control', (n) => string(n, () => String.fromCharCode(Math.floor(random() * 128))));
  both('hex', (n) => string(n, () => pick('0123456789abcdef')));
  both('uuids', (n) =>
    string(Math.ceil(n / 37), () => {
      const hex = (length: number) => string(length, () => pick('0123456789abcdef'));
      return `${hex(8)}-${hex(4)}-4${hex(3)}-a${hex(3)}-${hex(12)} `;
    }),
  );
  both('special tokens', (n) => repeatTo('<|endoftext|><|im_start|>user<|im_sep|>', n));
  return cases;
}
