export {
  costOfTokens,
  formatUsd,
  maxUsd,
  minUsd,
  PICO_PER_USD,
  type PicoUsd,
  toDecimalString,
  toUsdNumber,
  usd,
} from './money.js';
