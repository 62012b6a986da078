import { formatUsd, type PicoUsd } from '@tokenwise/spec';
import type { CliIo } from '../cli-deps.js';
import type { CliPlanEvent } from '../plan/plan-service.js';
import type { Colors } from './create-colors.js';

const FRAMES = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];
const CLEAR_LINE = '\r\u001B[2K';

/** Live progress of a running plan on stderr. */
export interface Progress {
  /** Reports one executor event. */
  event(event: CliPlanEvent): void;
  /** Shows a status text (e.g. `Planning task…`) until the next one. */
  status(text: string): void;
  /** Removes the animated line; call before printing the report. */
  stop(): void;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  io: CliIo;
  colors: Colors;
  /** Steps in the plan, for the `2/5 done` counter. */
  totalSteps?: number;
  /** Redraw interval of the spinner in milliseconds (default 80). */
  intervalMs?: number;
}

/**
 * One line per step start, finish, retry, escalation or skip, with model and cost. On a terminal an animated status
 * line (spinner, steps done, steps running, money spent) stays below the event lines; on a pipe or a log file
 * only the plain event lines are written, so nothing needs cursor control.
 */
export function createProgress(options: ProgressOptions): Progress {
  const { io, colors: c } = options;
  const tty = io.stderrIsTTY;
  const running = new Set<number>();
  let done = 0;
  let spent: PicoUsd = 0n;
  let text = '';
  let frame = 0;
  let timer: ReturnType<typeof setInterval> | undefined;

  const statusLine = () => {
    const parts = [text];
    if (options.totalSteps !== undefined) parts.push(`${done}/${options.totalSteps} steps done`);
    if (running.size > 0) parts.push(`running: ${[...running].map((id) => `step ${id}`).join(', ')}`);
    if (spent > 0n) parts.push(`${formatUsd(spent)} spent`);
    return `${c.cyan(FRAMES[frame % FRAMES.length]!)} ${parts.filter(Boolean).join(' · ')}`;
  };
  const draw = () => {
    if (tty && timer !== undefined) io.stderr(`${CLEAR_LINE}${statusLine()}`);
  };
  const start = () => {
    if (!tty || timer !== undefined) return;
    timer = setInterval(() => {
      frame++;
      draw();
    }, options.intervalMs ?? 80);
    // The spinner must never keep the process alive on its own.
    timer.unref?.();
  };
  const line = (message: string) => {
    io.stderr(tty && timer !== undefined ? `${CLEAR_LINE}${message}\n` : `${message}\n`);
    draw();
  };

  return {
    status(next) {
      text = next;
      if (tty) {
        start();
        draw();
      } else {
        io.stderr(`${next}\n`);
      }
    },
    event(event) {
      const step = c.bold(`[step ${event.stepId}]`);
      switch (event.type) {
        case 'step-start':
          running.add(event.stepId);
          line(`${step} started  ${event.modelId}`);
          break;
        case 'step-finish':
          running.delete(event.stepId);
          done++;
          spent += event.cost;
          line(
            event.success
              ? `${step} ${c.green('done')}     ${event.modelId}  ${formatUsd(event.cost)}`
              : `${step} ${c.red('failed')}   ${event.modelId}  ${formatUsd(event.cost)}${event.error ? `  ${event.error}` : ''}`,
          );
          break;
        case 'step-retry':
          line(
            `${step} ${c.yellow('retry')}    ${event.modelId}  attempt ${event.attempt}${event.delayMs === undefined ? '' : ` in ${event.delayMs} ms`}: ${event.error}`,
          );
          break;
        case 'step-escalate':
          line(`${step} ${c.yellow('escalate')} ${event.fromModelId} → ${event.toModelId}: ${event.reason}`);
          break;
        case 'step-skip':
          done++;
          line(`${step} ${c.dim('skipped')}  ${event.reason}`);
          break;
      }
    },
    stop() {
      if (timer !== undefined) {
        clearInterval(timer);
        timer = undefined;
        io.stderr(CLEAR_LINE);
      }
    },
  };
}
