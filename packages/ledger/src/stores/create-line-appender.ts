import { closeSync, fstatSync, mkdirSync, openSync, readSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { assertRegularFile } from './regular-file.js';

/** Appends complete lines to one file (see {@link createLineAppender}). */
export interface LineAppender {
  /** Writes `text` (whole lines) in one write; throws what the file system threw. */
  append(text: string): void;
}

/** Options of {@link createLineAppender}. */
export interface LineAppenderOptions {
  /** The file is closed after this long without writes (default 1 000 ms), so idle stores hold no descriptor. */
  idleCloseMs?: number;
  /** The file is reopened at the next write once it has been open this long (default 5 000 ms). */
  reopenAfterMs?: number;
}

const NEWLINE = Buffer.from('\n');

/**
 * Appends lines with ONE write() each on a descriptor opened with O_APPEND, which the kernel serialises against
 * other processes' appends on local file systems (PIPE_BUF limits pipes, not regular files), so lines never
 * interleave. If the file does not end with a newline (a writer crashed mid-line), a newline goes first, so the
 * torn line cannot swallow this one. Parent folders are created.
 *
 * Synchronous on purpose: a batch is a few kilobytes into the page cache, a few microseconds. The earlier
 * open/stat/read/write/close cycle on the thread pool cost ~100 µs of CPU per proxy request at load. The
 * descriptor stays open between writes, but is closed when idle and reopened every few seconds, so a rotated or
 * deleted file is followed soon.
 */
export function createLineAppender(path: string, options: LineAppenderOptions = {}): LineAppender {
  const idleCloseMs = options.idleCloseMs ?? 1_000;
  const reopenAfterMs = options.reopenAfterMs ?? 5_000;
  let fd: number | undefined;
  let openedAt = 0;
  let idleTimer: ReturnType<typeof setTimeout> | undefined;
  const last = Buffer.alloc(1);

  const close = () => {
    if (fd === undefined) return;
    const open = fd;
    fd = undefined;
    try {
      closeSync(open);
    } catch {
      // Already unusable; the next write opens the file again.
    }
  };

  const open = (): number => {
    let opened: number;
    try {
      opened = openSync(path, 'a+');
    } catch (error) {
      if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
      mkdirSync(dirname(path), { recursive: true });
      opened = openSync(path, 'a+');
    }
    try {
      // a device (/dev/full), a FIFO or a socket is refused with one line instead of failing or blocking later:
      assertRegularFile(fstatSync(opened), path);
    } catch (error) {
      closeSync(opened);
      throw error;
    }
    fd = opened;
    openedAt = Date.now();
    return opened;
  };

  return {
    append(text) {
      if (fd !== undefined && Date.now() - openedAt >= reopenAfterMs) close();
      const descriptor = fd ?? open();
      try {
        let buffer = Buffer.from(text, 'utf8');
        // Checked before every write, not only at open: another process may have left a torn line since.
        const { size } = fstatSync(descriptor);
        if (size > 0 && readSync(descriptor, last, 0, 1, size - 1) === 1 && last[0] !== 10) {
          buffer = Buffer.concat([NEWLINE, buffer]);
        }
        let offset = 0;
        // A short write only happens on a full disk or a signal; finish the line rather than leave it torn.
        while (offset < buffer.length)
          offset += writeSync(descriptor, buffer, offset, buffer.length - offset);
      } catch (error) {
        close();
        throw error;
      }
      if (idleTimer !== undefined) clearTimeout(idleTimer);
      idleTimer = setTimeout(close, idleCloseMs);
      idleTimer.unref?.();
    },
  };
}
