import type { Capability, Tier } from '@tokenwise/spec';

/**
 * One curated model family. `pattern` is a regular expression matched at the START of the bare model name
 * (the id without its `vendor/` prefix, without a leading `~` and without a `:variant` suffix, lowercased).
 * When several families match, the one whose match covers the most characters wins (the most specific), and
 * ties go to the earlier entry. A family without `tier` takes the price-derived tier.
 */
export interface ModelFamily {
  pattern: string;
  capabilities: readonly Capability[];
  tier?: Tier;
}

const G: Capability[] = ['general'];
const GC: Capability[] = ['general', 'code'];
const GCR: Capability[] = ['general', 'code', 'reasoning'];
const GCRM: Capability[] = ['general', 'code', 'reasoning', 'math'];
const RMC: Capability[] = ['reasoning', 'math', 'code', 'general'];
const C: Capability[] = ['code', 'general'];

/** Version number such as `4`, `4.1` or `3-5` (Anthropic's dated style). */
const V = '\\d+(?:[.-]\\d+)?';

/**
 * The curated family table (checked against the OpenRouter snapshot of 2026-08). Decisions worth knowing:
 * - Frontier general models (gpt-5*, claude opus/sonnet 4+, gemini pro, grok 4) are flagship with math.
 * - `-mini` of a frontier family is mid; `-nano`/`-lite`/`-micro` are budget (see also the size tokens in
 *   `classifyModel`, which lower the tier of an unlisted variant by one step).
 * - Claude haiku 4.x is mid (priced like a mid model, $5/M output); claude 3.x haiku is budget.
 * - Gemini 2.x flash is budget, gemini 3.x flash is mid (priced $3–9/M output), flash-lite is budget.
 * - Open-weight chat families (llama, qwen, deepseek chat, mistral small, gemma, phi) are budget.
 */
export const MODEL_FAMILIES: readonly ModelFamily[] = [
  // OpenAI
  { pattern: `gpt-5(?:\\.\\d+)?`, capabilities: GCRM, tier: 'flagship' },
  { pattern: `gpt-5(?:\\.\\d+)?-pro`, capabilities: GCRM, tier: 'flagship' },
  { pattern: `gpt-5(?:\\.\\d+)?-chat`, capabilities: GCR, tier: 'flagship' },
  { pattern: `gpt-5(?:\\.\\d+)?-mini`, capabilities: GCRM, tier: 'mid' },
  { pattern: `gpt-5(?:\\.\\d+)?-nano`, capabilities: GCR, tier: 'budget' },
  { pattern: `gpt-5(?:\\.\\d+)?-codex`, capabilities: ['code', 'reasoning', 'general'], tier: 'flagship' },
  { pattern: `gpt-5(?:\\.\\d+)?-codex-mini`, capabilities: ['code', 'reasoning', 'general'], tier: 'mid' },
  { pattern: `gpt-5(?:\\.\\d+)?-luna`, capabilities: GCR, tier: 'budget' },
  { pattern: `gpt-5(?:\\.\\d+)?-terra`, capabilities: GCRM, tier: 'mid' },
  { pattern: `gpt-5(?:\\.\\d+)?-sol`, capabilities: GCRM, tier: 'flagship' },
  { pattern: 'gpt-latest', capabilities: GCRM, tier: 'flagship' },
  { pattern: 'gpt-chat-latest', capabilities: GCR, tier: 'flagship' },
  { pattern: 'gpt-mini-latest', capabilities: GCRM, tier: 'mid' },
  { pattern: 'gpt-4\\.1', capabilities: GCR, tier: 'mid' },
  { pattern: 'gpt-4\\.1-mini', capabilities: GCR, tier: 'budget' },
  { pattern: 'gpt-4\\.1-nano', capabilities: GC, tier: 'budget' },
  { pattern: 'gpt-4o', capabilities: GCR, tier: 'mid' },
  { pattern: 'gpt-4o-mini', capabilities: GC, tier: 'budget' },
  { pattern: 'gpt-4', capabilities: GCR, tier: 'mid' },
  { pattern: 'gpt-3\\.5', capabilities: G, tier: 'budget' },
  { pattern: 'gpt-oss', capabilities: RMC, tier: 'budget' },
  { pattern: 'o1', capabilities: RMC, tier: 'flagship' },
  { pattern: 'o1-mini', capabilities: RMC, tier: 'mid' },
  { pattern: 'o3', capabilities: RMC, tier: 'flagship' },
  { pattern: 'o3-mini', capabilities: RMC, tier: 'mid' },
  { pattern: 'o4-mini', capabilities: RMC, tier: 'mid' },
  // Anthropic (OpenRouter spells versions with dots: claude-sonnet-4.5, claude-3.5-haiku)
  { pattern: `claude-opus-${V}`, capabilities: GCRM, tier: 'flagship' },
  { pattern: `claude-sonnet-${V}`, capabilities: GCRM, tier: 'flagship' },
  { pattern: `claude-haiku-${V}`, capabilities: GCR, tier: 'mid' },
  { pattern: 'claude-fable', capabilities: GCRM, tier: 'flagship' },
  { pattern: 'claude-opus-latest', capabilities: GCRM, tier: 'flagship' },
  { pattern: 'claude-sonnet-latest', capabilities: GCRM, tier: 'flagship' },
  { pattern: 'claude-haiku-latest', capabilities: GCR, tier: 'mid' },
  { pattern: `claude-3(?:[.-]\\d)?-opus`, capabilities: GCR, tier: 'flagship' },
  { pattern: `claude-3(?:[.-]\\d)?-sonnet`, capabilities: GCR, tier: 'mid' },
  { pattern: `claude-3(?:[.-]\\d)?-haiku`, capabilities: GC, tier: 'budget' },
  { pattern: 'claude-', capabilities: GCR },
  // Google
  { pattern: `gemini-${V}-pro`, capabilities: GCRM, tier: 'flagship' },
  { pattern: `gemini-2(?:\\.\\d+)?-flash`, capabilities: GC, tier: 'budget' },
  { pattern: `gemini-[3-9](?:\\.\\d+)?-flash`, capabilities: GCR, tier: 'mid' },
  { pattern: `gemini-${V}-flash-lite`, capabilities: GC, tier: 'budget' },
  { pattern: 'gemini-pro-latest', capabilities: GCRM, tier: 'flagship' },
  { pattern: 'gemini-flash-latest', capabilities: GCR, tier: 'mid' },
  { pattern: 'gemini-flash-lite-latest', capabilities: GC, tier: 'budget' },
  { pattern: 'gemma', capabilities: G, tier: 'budget' },
  // DeepSeek
  { pattern: 'deepseek-chat', capabilities: GC, tier: 'budget' },
  { pattern: 'deepseek-v3', capabilities: GC, tier: 'budget' },
  { pattern: 'deepseek-v4', capabilities: GCR, tier: 'budget' },
  { pattern: 'deepseek-v4-pro', capabilities: GCRM, tier: 'mid' },
  { pattern: 'deepseek-r1', capabilities: RMC, tier: 'mid' },
  { pattern: 'deepseek-r1-distill', capabilities: ['reasoning', 'math', 'general'], tier: 'budget' },
  { pattern: 'deepseek-coder', capabilities: C, tier: 'budget' },
  // Meta
  { pattern: `llama-${V}`, capabilities: G, tier: 'budget' },
  { pattern: 'llama-4', capabilities: GC, tier: 'budget' },
  // Mistral
  { pattern: 'mistral-large', capabilities: GCR, tier: 'mid' },
  { pattern: 'mistral-medium', capabilities: GC, tier: 'mid' },
  { pattern: 'mistral-small', capabilities: GC, tier: 'budget' },
  { pattern: 'mistral-nemo', capabilities: G, tier: 'budget' },
  { pattern: 'mistral-saba', capabilities: G, tier: 'budget' },
  { pattern: 'ministral', capabilities: G, tier: 'budget' },
  { pattern: 'mixtral', capabilities: G, tier: 'budget' },
  { pattern: 'codestral', capabilities: C, tier: 'mid' },
  { pattern: 'devstral', capabilities: C, tier: 'mid' },
  { pattern: 'magistral', capabilities: RMC, tier: 'mid' },
  { pattern: 'pixtral', capabilities: G, tier: 'budget' },
  // Qwen
  // Qwen's numbered line spans 8B to 2.4T parameters: the tier follows the price.
  { pattern: `qwen-?${V}`, capabilities: GC },
  { pattern: `qwen${V}-coder`, capabilities: C, tier: 'budget' },
  { pattern: `qwen${V}-coder-plus`, capabilities: C, tier: 'mid' },
  { pattern: `qwen-${V}-coder`, capabilities: C, tier: 'budget' },
  { pattern: `qwen${V}-max`, capabilities: GCRM, tier: 'mid' },
  { pattern: 'qwen-max', capabilities: GCR, tier: 'mid' },
  { pattern: 'qwen-plus', capabilities: GC, tier: 'budget' },
  { pattern: 'qwq', capabilities: RMC, tier: 'budget' },
  // xAI
  { pattern: 'grok-4', capabilities: GCRM, tier: 'flagship' },
  { pattern: 'grok-4(?:\\.\\d+)?-fast', capabilities: GCR, tier: 'budget' },
  { pattern: 'grok-3', capabilities: GCR, tier: 'mid' },
  { pattern: 'grok-3-mini', capabilities: RMC, tier: 'budget' },
  { pattern: 'grok-code', capabilities: C, tier: 'budget' },
  { pattern: 'grok-latest', capabilities: GCRM, tier: 'flagship' },
  // Cohere
  { pattern: 'command-a', capabilities: GC, tier: 'mid' },
  { pattern: 'command-r-plus', capabilities: G, tier: 'mid' },
  { pattern: 'command-r', capabilities: G, tier: 'budget' },
  { pattern: 'command-r7b', capabilities: G, tier: 'budget' },
  // Microsoft, Amazon, Moonshot, Z.ai, MiniMax
  { pattern: 'phi-', capabilities: G, tier: 'budget' },
  { pattern: 'nova-premier', capabilities: GCR, tier: 'mid' },
  { pattern: 'nova-pro', capabilities: GC, tier: 'mid' },
  { pattern: 'nova-', capabilities: G, tier: 'budget' },
  { pattern: 'kimi-k2', capabilities: GCR, tier: 'mid' },
  { pattern: 'kimi-k3', capabilities: GCRM, tier: 'flagship' },
  { pattern: 'kimi-latest', capabilities: GCRM, tier: 'flagship' },
  { pattern: 'glm-', capabilities: GCR, tier: 'mid' },
  { pattern: `glm-${V}-(?:air|flash)`, capabilities: GC, tier: 'budget' },
  { pattern: 'minimax-m', capabilities: GCR, tier: 'mid' },
  // Perplexity (search-backed)
  { pattern: 'sonar', capabilities: G, tier: 'mid' },
  { pattern: 'sonar-(?:deep-research|reasoning)', capabilities: ['reasoning', 'general'], tier: 'flagship' },
];
