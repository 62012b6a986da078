import { adversarialCorpus } from '../src/tokens/adversarial-corpus.fixture.js';
import { boundTextTokens } from '../src/tokens/bound-text-tokens.js';

const corpus = adversarialCorpus(13, 30);
for (const name of [
  'english prose',
  'typescript code',
  'chinese prose',
  'minified json',
  'random printable ascii',
]) {
  const text = corpus.find((c) => c.name.startsWith(name) && !c.name.endsWith('(40)'))!.text;
  for (let i = 0; i < 20; i++) boundTextTokens(text);
  const t = performance.now();
  let n = 0;
  while (performance.now() - t < 300) {
    boundTextTokens(text);
    n++;
  }
  const ms = (performance.now() - t) / n;
  console.log(name.padEnd(24), (text.length / ms / 1000).toFixed(0), 'M chars/s', text.length);
}
