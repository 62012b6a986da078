import type { ImageDimensions } from './image-dimensions.js';
import type { TokenVendor } from './token-vendor.js';

/** OpenAI high-detail tiling: base tokens plus tokens per 512 px tile, by model family (OpenAI's vision guide). */
export interface OpenAiTileRate {
  base: number;
  tile: number;
}

/** The gpt-4o / gpt-4.1 / gpt-4.5 rate, also used for OpenAI models the table below does not name. */
export const OPENAI_DEFAULT_TILE_RATE: OpenAiTileRate = { base: 85, tile: 170 };

// Most specific first; ids may carry an `openai/` prefix.
const OPENAI_TILE_RATES: readonly [RegExp, OpenAiTileRate][] = [
  [/^(?:openai\/)?gpt-4o-mini/i, { base: 2_833, tile: 5_667 }],
  [/^(?:openai\/)?(?:o1|o3)(?:$|-)/i, { base: 75, tile: 150 }],
  [/^(?:openai\/)?gpt-5(?:$|-chat|-\d)/i, { base: 70, tile: 140 }],
  [/^(?:openai\/)?computer-use/i, { base: 65, tile: 129 }],
];

// Models billed by 32 px patches (at most 1,536) times a multiplier instead of tiles.
const OPENAI_PATCH_MULTIPLIERS: readonly [RegExp, number][] = [
  [/^(?:openai\/)?gpt-(?:4\.1|5)-nano/i, 2.46],
  [/^(?:openai\/)?gpt-(?:4\.1|5)-mini/i, 1.62],
  [/^(?:openai\/)?o4-mini/i, 1.72],
];

/** OpenAI's cap on 32 px patches per image for patch-billed models. */
export const OPENAI_MAX_PATCHES = 1_536;
/** Anthropic: tokens ≈ width × height / 750, images larger than ~1,600 tokens are scaled down first. */
export const ANTHROPIC_PIXELS_PER_TOKEN = 750;
/** Anthropic's documented maximum tokens of one image. */
export const ANTHROPIC_MAX_IMAGE_TOKENS = 1_600;
/** Gemini: tokens per 768×768 tile, and for an image of at most 384 px on both sides. */
export const GEMINI_TOKENS_PER_TILE = 258;
/** Gemini scales larger images to fit 3,072×3,072, i.e. at most 4×4 tiles. */
export const GEMINI_MAX_SIDE = 3_072;

/**
 * An upper bound of the input tokens one image costs on `modelId`, by its vendor's documented rule:
 * OpenAI high detail (fit 2048², shortest side ≤ 768, 512 px tiles × the family's rate; or 32 px patches ×
 * multiplier for gpt-4.1-mini/nano, gpt-5-mini/nano, o4-mini), Anthropic `w×h/750` capped at 1,600, Gemini
 * 258 per 768 px tile (258 for ≤ 384 px). Without dimensions, the documented maximum per image of that
 * vendor (OpenAI 8 tiles, e.g. 1,445 for gpt-4o). For other vendors, the largest of the three rules.
 */
export function imageInputTokens(vendor: TokenVendor, modelId: string, size?: ImageDimensions): number {
  switch (vendor) {
    case 'openai':
      return openAiImageTokens(modelId, size);
    case 'anthropic':
      return anthropicImageTokens(size);
    case 'google':
      return geminiImageTokens(size);
    default:
      return Math.max(openAiImageTokens('gpt-4o', size), anthropicImageTokens(size), geminiImageTokens(size));
  }
}

function openAiImageTokens(modelId: string, size: ImageDimensions | undefined): number {
  const multiplier = OPENAI_PATCH_MULTIPLIERS.find(([pattern]) => pattern.test(modelId))?.[1];
  if (multiplier !== undefined) {
    const patches = size
      ? Math.min(OPENAI_MAX_PATCHES, Math.ceil(size.width / 32) * Math.ceil(size.height / 32))
      : OPENAI_MAX_PATCHES;
    return Math.ceil(patches * multiplier);
  }
  const rate = OPENAI_TILE_RATES.find(([pattern]) => pattern.test(modelId))?.[1] ?? OPENAI_DEFAULT_TILE_RATE;
  let tiles = 8; // the most a 2048×768 fit can hold
  if (size) {
    let { width, height } = size;
    const fit = Math.min(1, 2_048 / Math.max(width, height));
    width *= fit;
    height *= fit;
    const shorten = Math.min(1, 768 / Math.min(width, height));
    tiles = Math.ceil((width * shorten) / 512) * Math.ceil((height * shorten) / 512);
  }
  return rate.base + rate.tile * tiles;
}

function anthropicImageTokens(size: ImageDimensions | undefined): number {
  if (!size) return ANTHROPIC_MAX_IMAGE_TOKENS;
  return Math.min(
    ANTHROPIC_MAX_IMAGE_TOKENS,
    Math.ceil((size.width * size.height) / ANTHROPIC_PIXELS_PER_TOKEN),
  );
}

function geminiImageTokens(size: ImageDimensions | undefined): number {
  const maxTiles = (GEMINI_MAX_SIDE / 768) ** 2;
  if (!size) return GEMINI_TOKENS_PER_TILE * maxTiles;
  if (size.width <= 384 && size.height <= 384) return GEMINI_TOKENS_PER_TILE;
  const fit = Math.min(1, GEMINI_MAX_SIDE / Math.max(size.width, size.height));
  const tiles = Math.ceil((size.width * fit) / 768) * Math.ceil((size.height * fit) / 768);
  return GEMINI_TOKENS_PER_TILE * Math.min(maxTiles, tiles);
}
