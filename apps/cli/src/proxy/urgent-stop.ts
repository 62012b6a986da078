let urgentStop: (() => Promise<void>) | undefined;

/**
 * Registers what a second Ctrl-C/SIGTERM does while a server drains (`tokenwise serve`): abort what is left,
 * settle and flush, instead of leaving at once and losing records. The binary's signal handler calls it.
 */
export function setUrgentStop(stop: () => Promise<void>): void {
  urgentStop = stop;
}

/** The registered urgent stop, if a server runs; `undefined` means a second signal may exit at once. */
export function takeUrgentStop(): (() => Promise<void>) | undefined {
  const stop = urgentStop;
  urgentStop = undefined;
  return stop;
}
