/**
 * Thrown by a command that has already printed its outcome (a failed plan's report, a JSON document with
 * `success: false`): the process exits with `exitCode` and nothing more is printed.
 */
export class ReportedFailure extends Error {
  /** 1 for a failed operation, 130 for a run cancelled with Ctrl-C. */
  readonly exitCode: number;
  constructor(exitCode = 1) {
    super('The command failed; its report says why.');
    this.name = 'ReportedFailure';
    this.exitCode = exitCode;
  }
}
