/**
 * A failure the CLI can explain in one line of its own words (a file it cannot read, a port already in use):
 * printed as `tokenwise <command>: <message>` with `exitCode` (1 a failed operation, 2 a wrong setting).
 */
export class CliFailure extends Error {
  readonly exitCode: number;
  /** The `type` of the `--json` error document, e.g. `file`, `port_in_use`. */
  readonly type: string;
  constructor(message: string, options: { exitCode?: number; type?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'CliFailure';
    this.exitCode = options.exitCode ?? 1;
    this.type = options.type ?? 'failure';
  }
}

/**
 * What a Node file-system error means for a path, in words (`is a directory, not a file`), or `undefined` for any
 * other error. Lets callers name the path and say what to do instead of printing "unexpected error".
 */
export function describeFileError(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'ENOENT':
      return 'does not exist';
    case 'EISDIR':
      return 'is a directory, not a file';
    case 'ENOTDIR':
      return 'is under something that is a file, not a directory';
    case 'EACCES':
    case 'EPERM':
      return 'cannot be accessed (permission denied)';
    case 'EROFS':
      return 'is on a read-only file system';
    default:
      return undefined;
  }
}
