import type { LedgerAggregate } from '@tokenwise/spec';
import { toDecimalString, toUsdNumber } from '@tokenwise/spec';
import { createSvgChart } from './create-svg-chart.js';
import { escapeXml } from './escape-xml.js';

const PALETTE = ['#2459d6', '#e07b00', '#1f9d55', '#b42318', '#7b3fe4', '#0891b2', '#c026d3', '#65a30d'];
/** Models drawn with their own colour; the rest are stacked as `other models`. */
const MAX_MODELS = PALETTE.length - 1;
const OTHER_COLOR = '#868e96';

/**
 * Spend over time as a self-contained SVG: one bar per hour or day of the aggregate's series, stacked by model
 * (the biggest spenders get their own colour, the rest share one), each bar titled with its exact amount.
 */
export function renderSpendSvg(
  aggregate: Pick<LedgerAggregate, 'series' | 'byModel' | 'bucket'>,
  title: string,
): string {
  const chart = createSvgChart({
    title,
    width: 860,
    height: 460,
    margin: { top: 48, right: 24, bottom: 80, left: 84 },
  });
  const { parts, fmt, plot } = chart;
  const ranked = Object.entries(aggregate.byModel)
    .filter(([, slice]) => slice.spend > 0n)
    .map(([model]) => model);
  const own = ranked.slice(0, MAX_MODELS);
  const colorOf = (model: string) => {
    const at = own.indexOf(model);
    return at === -1 ? OTHER_COLOR : PALETTE[at]!;
  };

  const top = Math.max(0, ...aggregate.series.map((point) => toUsdNumber(point.spend)));
  const step = niceStep(top / 5);
  const max = top === 0 ? 1 : Math.ceil(top / step) * step;
  const y = (amount: number) => plot.bottom - (amount / max) * plot.height;
  const ticks: { y: number; label: string }[] = [];
  for (let value = 0; value <= max + step / 2; value += step)
    ticks.push({ y: y(value), label: `$${trim(value)}` });
  chart.yGrid(ticks);

  const count = Math.max(1, aggregate.series.length);
  const slot = plot.width / count;
  const barWidth = Math.max(1, Math.min(48, slot * 0.8));
  const labelEvery = Math.ceil(count / 12);
  const labels: { x: number; label?: string }[] = [];
  parts.push('<g>');
  aggregate.series.forEach((point, i) => {
    const left = plot.left + i * slot + (slot - barWidth) / 2;
    let base = 0;
    const day = point.start.slice(0, 10);
    const when = aggregate.bucket === 'day' ? day : `${day} ${point.start.slice(11, 16)}`;
    // Bars stack in legend order so colours sit in the same place in every bar.
    const pieces = [...own, '(other models)'].map((model) => {
      if (model !== '(other models)') return [model, point.byModel[model] ?? 0n] as const;
      let rest = 0n;
      for (const [name, amount] of Object.entries(point.byModel)) if (!own.includes(name)) rest += amount;
      return [model, rest] as const;
    });
    for (const [model, amount] of pieces) {
      if (amount <= 0n) continue;
      const value = toUsdNumber(amount);
      const height = (value / max) * plot.height;
      parts.push(
        `<rect x="${fmt(left)}" y="${fmt(y(base + value))}" width="${fmt(barWidth)}" height="${fmt(height)}" fill="${colorOf(model)}"><title>${escapeXml(`${when} ${model}: $${toDecimalString(amount)}`)}</title></rect>`,
      );
      base += value;
    }
    labels.push({ x: left + barWidth / 2, ...(i % labelEvery === 0 ? { label: when } : {}) });
  });
  parts.push('</g>');
  chart.xGrid(labels, 'transparent');
  chart.axes(aggregate.bucket === 'day' ? 'Day (UTC)' : 'Hour (UTC)', 'Spend (USD)');
  const legend = own.map((model) => ({ label: model, color: colorOf(model) }));
  if (ranked.length > own.length) legend.push({ label: 'other models', color: OTHER_COLOR });
  chart.legend(legend);
  if (aggregate.series.length === 0) {
    parts.push(
      `<text x="${fmt(plot.left + plot.width / 2)}" y="${fmt(plot.top + plot.height / 2)}" text-anchor="middle" fill="#868e96">No spend in this range</text>`,
    );
  }
  return chart.toString();
}

/** 1, 2 or 5 times a power of ten, at least `rough`. */
function niceStep(rough: number): number {
  if (!(rough > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(rough));
  for (const factor of [1, 2, 5, 10]) if (factor * power >= rough) return factor * power;
  return 10 * power;
}

/** A tick value without float noise (`0.30000000000000004` → `0.3`). */
function trim(value: number): string {
  return Number(value.toPrecision(12)).toString();
}
