/**
 * Regenerates the committed catalog data of @tokenwise/core from two public snapshots:
 * - src/catalog/bundled-catalog.json: OpenRouter's `GET /models` entries, trimmed to the fields the parser reads;
 * - src/catalog/bundled-models.json: the same entries parsed (what `loadBundledCatalog` returns), so that a
 *   process starts without parsing and classifying ~400 entries (a test keeps the two files in step);
 * - src/catalog/native-model-ids.json: OpenRouter id → vendor-native id for OpenAI, Anthropic and Google, kept
 *   only where LiteLLM's price map (MIT, see src/catalog/NOTICE-litellm.md) lists the native id.
 *
 * Usage: pnpm --filter @tokenwise/core generate:catalog [openrouter-models.json] [litellm-model-prices.json]
 * The inputs default to /work/shared/data; the outputs are committed so that builds never need the inputs.
 */
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseOpenRouterModels } from '../src/catalog/parse-open-router-models.js';
import { trimOpenRouterEntry } from '../src/catalog/trim-open-router-entry.js';

const openRouterPath = process.argv[2] ?? '/work/shared/data/openrouter-models.json';
const litellmPath = process.argv[3] ?? '/work/shared/data/litellm-model-prices.json';
// The date the snapshot was taken (its commit date), not the date this script ran: it ages the data.
const snapshotDate = process.env.CATALOG_SNAPSHOT_DATE ?? '2026-08-19T00:00:00.000Z';
const outDir = fileURLToPath(new URL('../src/catalog/', import.meta.url));

const openRouter = JSON.parse(readFileSync(openRouterPath, 'utf8')) as { data: unknown[] };
const entries = openRouter.data.map(trimOpenRouterEntry);
const lines = entries.map((entry) => JSON.stringify(entry));
const header = {
  generatedAt: new Date().toISOString(),
  fetchedAt: snapshotDate,
  source:
    'OpenRouter GET /api/v1/models snapshot via github.com/anuran-roy/unified-llm-pricing@ef05c3be9faab383232c8ce752d4d662bd52deaf (openrouter_models.json)',
};
writeFileSync(
  `${outDir}bundled-catalog.json`,
  `{${Object.entries(header)
    .map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`)
    .join(',')},"data":[\n${lines.join(',\n')}\n]}\n`,
);

const parsed = parseOpenRouterModels({ data: entries });
const modelLines = parsed.models.map((model) => JSON.stringify(model));
// Names the parser's output: a cache of parsed live models is reused only while this stays the same.
const parser = createHash('sha256').update(modelLines.join('\n')).digest('hex').slice(0, 16);
writeFileSync(
  `${outDir}bundled-models.json`,
  `{${Object.entries({ fetchedAt: header.fetchedAt, source: header.source, parser })
    .map(([key, value]) => `${JSON.stringify(key)}:${JSON.stringify(value)}`)
    .join(',')},"skipped":${JSON.stringify(parsed.skipped)},"models":[\n${modelLines.join(',\n')}\n]}\n`,
);

const litellm = JSON.parse(readFileSync(litellmPath, 'utf8')) as Record<
  string,
  { litellm_provider?: string }
>;
const nativeIds: Record<string, Set<string>> = { openai: new Set(), anthropic: new Set(), google: new Set() };
for (const [key, value] of Object.entries(litellm)) {
  if (key === 'sample_spec' || key === 'fallback_generalizations' || typeof value !== 'object') continue;
  if (value.litellm_provider === 'openai') nativeIds.openai!.add(key);
  else if (value.litellm_provider === 'anthropic') nativeIds.anthropic!.add(key);
  else if (value.litellm_provider === 'gemini') nativeIds.google!.add(key.replace(/^gemini\//, ''));
}

const mapping: Record<string, string> = {};
for (const model of parsed.models) {
  const slash = model.id.indexOf('/');
  const vendor = model.id.slice(0, slash);
  const bare = model.id.slice(slash + 1);
  const known = nativeIds[vendor];
  if (!known || bare.includes(':')) continue;
  const candidate = vendor === 'anthropic' ? bare.replace(/(\d)\.(\d)/g, '$1-$2') : bare;
  if (known.has(candidate)) {
    mapping[model.id] = candidate;
    continue;
  }
  // `gpt-5.2-chat` is served natively as the moving alias `gpt-5.2-chat-latest`.
  if (known.has(`${candidate}-latest`)) {
    mapping[model.id] = `${candidate}-latest`;
    continue;
  }
  // Anthropic lists some models only under dated ids (claude-3-haiku-20240307): take the newest date.
  const dated = [...known].filter((id) => new RegExp(`^${escapeRegExp(candidate)}-\\d{8}$`).test(id)).sort();
  if (dated.length > 0) mapping[model.id] = dated[dated.length - 1]!;
}
const sorted = Object.fromEntries(Object.entries(mapping).sort(([a], [b]) => a.localeCompare(b)));
writeFileSync(`${outDir}native-model-ids.json`, `${JSON.stringify(sorted, null, 2)}\n`);

console.log(
  `bundled-catalog.json: ${entries.length} entries; bundled-models.json: ${parsed.models.length} models, ${parsed.skipped.length} skipped; native-model-ids.json: ${Object.keys(sorted).length} ids`,
);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
