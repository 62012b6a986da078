import { describe, expect, it } from 'vitest';
import type { CliIo } from '../cli-deps.js';
import { createColors } from './create-colors.js';
import { createProgress } from './create-progress.js';

function io(tty: boolean) {
  const err: string[] = [];
  const value: CliIo = {
    stdout: () => {},
    stderr: (text) => void err.push(text),
    stdoutIsTTY: tty,
    stderrIsTTY: tty,
    color: false,
    debug: false,
    signal: new AbortController().signal,
  };
  return { value, text: () => err.join('') };
}

describe('createProgress', () => {
  it('writes plain lines only when stderr is not a terminal', () => {
    const out = io(false);
    const progress = createProgress({ io: out.value, colors: createColors(false), totalSteps: 2 });
    progress.status('Executing plan…');
    progress.event({ type: 'step-start', stepId: 1, modelId: 'a/b' });
    progress.event({ type: 'step-finish', stepId: 1, modelId: 'a/b', success: true, cost: 1_000_000_000n });
    progress.event({ type: 'step-skip', stepId: 2, reason: 'dependency 1 failed' });
    progress.stop();
    expect(out.text()).toBe(
      'Executing plan…\n[step 1] started  a/b\n[step 1] done     a/b  $0.0010\n[step 2] skipped  dependency 1 failed\n',
    );
  });
  it('keeps an animated status line below the event lines on a terminal and clears it on stop', () => {
    const out = io(true);
    const progress = createProgress({ io: out.value, colors: createColors(false), totalSteps: 3 });
    progress.status('Executing plan…');
    progress.event({ type: 'step-start', stepId: 2, modelId: 'a/b' });
    expect(out.text()).toContain('\r\u001B[2K[step 2] started  a/b\n');
    expect(out.text()).toMatch(/Executing plan… · 0\/3 steps done · running: step 2$/);
    progress.stop();
    expect(out.text().endsWith('\r\u001B[2K')).toBe(true);
  });
});
