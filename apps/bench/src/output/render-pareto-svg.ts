import { createSvgChart, escapeXml } from '@tokenwise/cli';
import { formatUsd, toUsdNumber, usd } from '@tokenwise/spec';
import type { SeriesSummary } from './summarize-results.js';

/** Options of {@link renderParetoSvg}. */
export interface RenderParetoSvgOptions {
  title?: string;
  /** Pixel width (default 760). */
  width?: number;
  /** Pixel height (default 460). */
  height?: number;
}

const MARGIN = { top: 48, right: 40, bottom: 64, left: 72 };
const MODEL_COLOR = '#4f6d8f';
const STRATEGY_COLOR = '#d9480f';
const FRONTIER_COLOR = '#2b8a3e';
// rough width of one 12 px label character and the label line height, for overlap avoidance
const LABEL_CHAR_WIDTH = 6.6;
const LABEL_LINE = 14;

/**
 * A self-contained SVG scatter of average cost per task (log x-axis) against success rate, one labelled circle
 * per series, with the Pareto frontier drawn as a staircase through the non-dominated points. Series that cost
 * nothing (every call refused) sit on the left axis, labelled `$0`. Labels are XML-escaped.
 */
export function renderParetoSvg(
  summaries: readonly SeriesSummary[],
  options: RenderParetoSvgOptions = {},
): string {
  const width = options.width ?? 760;
  const height = options.height ?? 460;
  const title = options.title ?? 'Success rate vs average cost per task';
  const chart = createSvgChart({ title, width, height, margin: MARGIN });
  const { parts, fmt, plot } = chart;
  const plotWidth = plot.width;
  const plotHeight = plot.height;

  const positive = summaries.map((summary) => toUsdNumber(summary.avgCost)).filter((cost) => cost > 0);
  let lowDecade = positive.length > 0 ? Math.floor(Math.log10(Math.min(...positive))) : -6;
  let highDecade = positive.length > 0 ? Math.ceil(Math.log10(Math.max(...positive))) : -2;
  if (highDecade <= lowDecade) highDecade = lowDecade + 1;
  lowDecade = Math.max(lowDecade, -12);
  highDecade = Math.max(highDecade, lowDecade + 1);

  const x = (cost: number) =>
    cost <= 0
      ? MARGIN.left
      : MARGIN.left + ((Math.log10(cost) - lowDecade) / (highDecade - lowDecade)) * plotWidth;
  const y = (rate: number) => MARGIN.top + (1 - rate) * plotHeight;

  // grid (minor lines between the decades, then the decades labelled in dollars) and axes
  const minor: { x: number }[] = [];
  for (let decade = lowDecade; decade < highDecade; decade++) {
    for (let step = 2; step <= 9; step++) minor.push({ x: x(step * 10 ** decade) });
  }
  chart.xGrid(minor, '#e9ecef');
  const percents = [0, 20, 40, 60, 80, 100];
  chart.yGrid(percents.map((percent) => ({ y: y(percent / 100), label: `${percent}%` })));
  const decades: { x: number; label: string }[] = [];
  for (let decade = lowDecade; decade <= highDecade; decade++) {
    decades.push({ x: x(10 ** decade), label: formatUsd(usd(`1e${decade}`), Math.max(0, -decade)) });
  }
  chart.xGrid(decades);
  chart.axes('Average cost per task (USD, log scale)', 'Success rate');

  // the frontier: cheapest first; each step goes right at the current success rate, then up to the next one
  const frontier = summaries
    .filter((summary) => summary.onFrontier)
    .sort((a, b) => (a.avgCost < b.avgCost ? -1 : a.avgCost > b.avgCost ? 1 : a.successRate - b.successRate));
  if (frontier.length > 0) {
    const first = frontier[0]!;
    let d = `M${fmt(x(toUsdNumber(first.avgCost)))},${fmt(y(first.successRate))}`;
    for (const point of frontier.slice(1)) {
      d += ` H${fmt(x(toUsdNumber(point.avgCost)))} V${fmt(y(point.successRate))}`;
    }
    parts.push(
      `<path class="frontier" d="${d}" fill="none" stroke="${FRONTIER_COLOR}" stroke-width="2" stroke-dasharray="6 4"/>`,
    );
  }

  // points, then labels: a label that would overlap one already placed (series with the same figures) moves down
  parts.push('<g>');
  const placed: { left: number; right: number; y: number }[] = [];
  for (const summary of summaries) {
    const cost = toUsdNumber(summary.avgCost);
    const cx = x(cost);
    const cy = y(summary.successRate);
    const color = summary.kind === 'strategy' ? STRATEGY_COLOR : MODEL_COLOR;
    const fill = summary.onFrontier ? color : '#ffffff';
    const tooltip = `${summary.series}: ${Math.round(summary.successRate * 100)}% at ${formatUsd(summary.avgCost, 6)} per task`;
    parts.push(
      `<circle cx="${fmt(cx)}" cy="${fmt(cy)}" r="6" fill="${fill}" stroke="${color}" stroke-width="2"><title>${escapeXml(tooltip)}</title></circle>`,
    );
  }
  for (const summary of summaries) {
    const cost = toUsdNumber(summary.avgCost);
    const cx = x(cost);
    const label = cost > 0 ? summary.series : `${summary.series} ($0)`;
    const width = label.length * LABEL_CHAR_WIDTH;
    const nearRight = cx > MARGIN.left + plotWidth * 0.7;
    const left = nearRight ? cx - 10 - width : cx + 10;
    let ly = y(summary.successRate) - 8;
    while (
      placed.some((box) => Math.abs(box.y - ly) < LABEL_LINE && box.left < left + width && left < box.right)
    ) {
      ly += LABEL_LINE;
    }
    placed.push({ left, right: left + width, y: ly });
    parts.push(
      `<text x="${fmt(nearRight ? cx - 10 : cx + 10)}" y="${fmt(ly)}" text-anchor="${nearRight ? 'end' : 'start'}" fill="#212529">${escapeXml(label)}</text>`,
    );
  }
  parts.push('</g>');

  // legend, bottom left (the axis title sits bottom right)
  chart.legend([
    { label: 'model', color: MODEL_COLOR },
    { label: 'TokenWise', color: STRATEGY_COLOR },
    { label: 'frontier (filled: on it)', color: FRONTIER_COLOR, dashed: true },
  ]);
  return chart.toString();
}
