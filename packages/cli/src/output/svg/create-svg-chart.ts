import { escapeXml } from './escape-xml.js';

/** Options of {@link createSvgChart}. */
export interface SvgChartOptions {
  title: string;
  /** Pixel width (default 760). */
  width?: number;
  /** Pixel height (default 460). */
  height?: number;
  /** Space around the plot area for ticks, titles and the legend. */
  margin?: { top: number; right: number; bottom: number; left: number };
}

/** The plot area, in pixels. */
export interface SvgPlotArea {
  left: number;
  top: number;
  right: number;
  bottom: number;
  width: number;
  height: number;
}

/**
 * A self-contained SVG chart being written: the frame (white background, escaped title), helpers for what every
 * chart has (grid lines with tick labels, the two axes and their titles, a legend), and `parts` for the marks
 * a chart draws itself. Shared by `tokenwise bench pareto` and `tokenwise ledger --summary --chart`.
 */
export interface SvgChart {
  readonly width: number;
  readonly height: number;
  readonly plot: SvgPlotArea;
  /** SVG elements written so far; push marks here. */
  readonly parts: string[];
  /** A coordinate rounded to 0.1 px, as text. */
  fmt(value: number): string;
  /** Horizontal grid lines at pixel `y`, each labelled at the left of the plot. */
  yGrid(ticks: readonly { y: number; label: string }[], color?: string): void;
  /** Vertical grid lines at pixel `x`, each labelled below the plot when a label is given. */
  xGrid(ticks: readonly { x: number; label?: string }[], color?: string): void;
  /** The left and bottom axes, with the x title at the bottom right and the y title along the left side. */
  axes(xTitle: string, yTitle: string): void;
  /** Legend items in one row at the bottom left: a swatch or dashed line, then the text. */
  legend(items: readonly { label: string; color: string; dashed?: boolean }[]): void;
  /** The finished document. */
  toString(): string;
}

const DEFAULT_MARGIN = { top: 48, right: 40, bottom: 64, left: 72 };
/** Rough width of one 11 px legend character. */
const LEGEND_CHAR_WIDTH = 6.2;

/** Starts a chart of `options.title`; every text it writes is XML-escaped. */
export function createSvgChart(options: SvgChartOptions): SvgChart {
  const width = options.width ?? 760;
  const height = options.height ?? 460;
  const margin = options.margin ?? DEFAULT_MARGIN;
  const plot: SvgPlotArea = {
    left: margin.left,
    top: margin.top,
    right: width - margin.right,
    bottom: height - margin.bottom,
    width: width - margin.left - margin.right,
    height: height - margin.top - margin.bottom,
  };
  const fmt = (value: number) => (Math.round(value * 10) / 10).toString();
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="system-ui, sans-serif" font-size="12">`,
    `<title>${escapeXml(options.title)}</title>`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${escapeXml(options.title)}</text>`,
  ];
  return {
    width,
    height,
    plot,
    parts,
    fmt,
    yGrid(ticks, color = '#ced4da') {
      parts.push(`<g stroke="${color}" stroke-width="1">`);
      for (const tick of ticks) {
        parts.push(`<line x1="${plot.left}" y1="${fmt(tick.y)}" x2="${plot.right}" y2="${fmt(tick.y)}"/>`);
      }
      parts.push('</g>', '<g fill="#495057" text-anchor="end">');
      for (const tick of ticks) {
        parts.push(`<text x="${plot.left - 8}" y="${fmt(tick.y + 4)}">${escapeXml(tick.label)}</text>`);
      }
      parts.push('</g>');
    },
    xGrid(ticks, color = '#ced4da') {
      parts.push(`<g stroke="${color}" stroke-width="1">`);
      for (const tick of ticks) {
        parts.push(`<line x1="${fmt(tick.x)}" y1="${plot.top}" x2="${fmt(tick.x)}" y2="${plot.bottom}"/>`);
      }
      parts.push('</g>', '<g fill="#495057" text-anchor="middle">');
      for (const tick of ticks) {
        if (tick.label === undefined) continue;
        parts.push(`<text x="${fmt(tick.x)}" y="${plot.bottom + 18}">${escapeXml(tick.label)}</text>`);
      }
      parts.push('</g>');
    },
    axes(xTitle, yTitle) {
      const middle = plot.top + plot.height / 2;
      parts.push(
        `<path d="M${plot.left},${plot.top} V${plot.bottom} H${plot.right}" fill="none" stroke="#343a40" stroke-width="1.5"/>`,
        `<text x="${plot.right}" y="${height - 16}" text-anchor="end" fill="#212529">${escapeXml(xTitle)}</text>`,
        `<text x="18" y="${middle}" text-anchor="middle" fill="#212529" transform="rotate(-90 18 ${middle})">${escapeXml(yTitle)}</text>`,
      );
    },
    legend(items) {
      const y = height - 16;
      let x = plot.left;
      parts.push('<g font-size="11" fill="#495057">');
      for (const item of items) {
        if (item.dashed) {
          parts.push(
            `<line x1="${fmt(x)}" y1="${y - 4}" x2="${fmt(x + 20)}" y2="${y - 4}" stroke="${item.color}" stroke-width="2" stroke-dasharray="6 4"/>`,
          );
          x += 24;
        } else {
          parts.push(`<rect x="${fmt(x)}" y="${y - 9}" width="10" height="10" fill="${item.color}"/>`);
          x += 14;
        }
        parts.push(`<text x="${fmt(x)}" y="${y}">${escapeXml(item.label)}</text>`);
        x += item.label.length * LEGEND_CHAR_WIDTH + 14;
      }
      parts.push('</g>');
    },
    toString() {
      return `${[...parts, '</svg>'].join('\n')}\n`;
    },
  };
}
