import { execFileSync } from 'node:child_process';

// Reads JSON lines on stdin and prints each one as `json.dumps(json.loads(line))` writes it (default settings).
const SCRIPT = [
  'import json, sys',
  'for line in sys.stdin.read().split("\\n"):',
  '    if line:',
  '        sys.stdout.write(json.dumps(json.loads(line)) + "\\n")',
].join('\n');

/** Whether `python3` runs here; the reason when it does not. */
export function python3Missing(): string | undefined {
  try {
    execFileSync('python3', ['--version'], { stdio: 'ignore' });
    return undefined;
  } catch (error) {
    return `python3 is not available (${(error as Error).message.split('\n')[0]})`;
  }
}

/** Each line after Python's `json.loads` then `json.dumps` with default separators and `ensure_ascii`. */
export function pythonRoundTrip(lines: readonly string[]): string[] {
  const out = execFileSync('python3', ['-c', SCRIPT], {
    input: lines.map((line) => `${line}\n`).join(''),
    encoding: 'utf8',
    maxBuffer: 1 << 28,
  });
  return out.split('\n').slice(0, -1);
}
