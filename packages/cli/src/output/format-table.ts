import { type Colors, stripAnsi } from './create-colors.js';

/** A table column. */
export interface TableColumn {
  header: string;
  /** Numbers read better right-aligned. */
  align?: 'left' | 'right';
  /** Cut longer cells to this many characters (with `…`), on a terminal only. */
  maxWidth?: number;
}

/** Options of {@link formatTable}. */
export interface FormatTableOptions {
  columns: TableColumn[];
  rows: string[][];
  /** A terminal gets an aligned table; anything else gets tab-separated lines with a header line. */
  tty: boolean;
  colors: Colors;
  title?: string;
}

/**
 * Renders rows as an aligned table for people, or as tab-separated values when output is piped (one header line,
 * then one line per row, cells never cut), which `cut`, `awk` and spreadsheets read directly.
 */
export function formatTable(options: FormatTableOptions): string {
  const { columns, rows, colors } = options;
  if (!options.tty) {
    const clean = (cell: string) => stripAnsi(cell).replace(/[\t\n]/g, ' ');
    return [columns.map((c) => c.header), ...rows]
      .map((row) => row.map(clean).join('\t'))
      .join('\n')
      .concat('\n');
  }
  const cut = (cell: string, column: TableColumn) => {
    const plain = stripAnsi(cell).replace(/\n/g, ' ');
    return column.maxWidth !== undefined && plain.length > column.maxWidth
      ? `${plain.slice(0, column.maxWidth - 1)}…`
      : cell.replace(/\n/g, ' ');
  };
  const cells = rows.map((row) => columns.map((column, index) => cut(row[index] ?? '', column)));
  const widths = columns.map((column, index) =>
    Math.max(column.header.length, ...cells.map((row) => stripAnsi(row[index]!).length)),
  );
  const pad = (cell: string, index: number) => {
    const fill = ' '.repeat(widths[index]! - stripAnsi(cell).length);
    return columns[index]!.align === 'right' ? fill + cell : cell + fill;
  };
  const lines: string[] = [];
  if (options.title) lines.push(colors.bold(options.title));
  lines.push(colors.bold(columns.map((column, index) => pad(column.header, index)).join('  ')));
  lines.push(colors.dim(widths.map((width) => '─'.repeat(width)).join('  ')));
  for (const row of cells) lines.push(row.map(pad).join('  ').trimEnd());
  return `${lines.join('\n')}\n`;
}
