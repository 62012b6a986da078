import { describe, expect, it } from 'vitest';
import { createColors, shouldUseColor, stripAnsi } from './create-colors.js';
import { formatTable } from './format-table.js';

const columns = [
  { header: 'Name', maxWidth: 8 },
  { header: 'Cost', align: 'right' as const },
];

describe('formatTable', () => {
  it('aligns columns, right-aligns numbers and cuts long cells on a terminal', () => {
    const text = formatTable({
      columns,
      rows: [
        ['short', '$1.00'],
        ['a much longer name', '$10.00'],
      ],
      tty: true,
      colors: createColors(false),
    });
    expect(text.split('\n')).toEqual([
      'Name        Cost',
      '────────  ──────',
      'short      $1.00',
      'a much …  $10.00',
      '',
    ]);
  });
  it('writes tab-separated values without colour or cutting when piped', () => {
    const text = formatTable({
      columns,
      rows: [[createColors(true).red('a much longer name'), 'x\ty']],
      tty: false,
      colors: createColors(true),
    });
    expect(text).toBe('Name\tCost\na much longer name\tx y\n');
  });
  it('measures coloured cells by their visible width', () => {
    const c = createColors(true);
    const text = formatTable({ columns, rows: [[c.green('Y'), '1']], tty: true, colors: c });
    expect(stripAnsi(text).split('\n')[2]).toBe('Y        1');
  });
});

describe('shouldUseColor', () => {
  it('colours a terminal unless NO_COLOR or TERM=dumb; FORCE_COLOR forces it', () => {
    expect(shouldUseColor({}, true)).toBe(true);
    expect(shouldUseColor({}, false)).toBe(false);
    expect(shouldUseColor({ NO_COLOR: '1' }, true)).toBe(false);
    expect(shouldUseColor({ TERM: 'dumb' }, true)).toBe(false);
    expect(shouldUseColor({ FORCE_COLOR: '1' }, false)).toBe(true);
    expect(shouldUseColor({ FORCE_COLOR: '0' }, true)).toBe(false);
    expect(shouldUseColor({ NO_COLOR: '1', FORCE_COLOR: '1' }, true)).toBe(false);
  });
});
