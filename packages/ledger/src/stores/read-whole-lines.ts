import { open } from 'node:fs/promises';

/** A run of whole lines of the file, decoded as one string, and where it ends. */
export interface WholeLines {
  /** The lines, separated by `\n`, without the newline after the last one. */
  text: string;
  /** Byte offset just after the last line's newline: where the next read starts. */
  end: number;
}

const CHUNK_BYTES = 1 << 20;

/**
 * Streams the newline-terminated lines of a file from byte offset `start`, in reads of 1 MiB (or of the longest
 * line). A last line without its newline is not yielded: it is being written, or torn (the next append ends it
 * with a newline and readers then skip it), so an incremental reader picks it up on a later call. A missing file
 * yields nothing.
 */
export async function* readWholeLines(path: string, start: number): AsyncGenerator<WholeLines> {
  let handle: Awaited<ReturnType<typeof open>>;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return;
    throw error;
  }
  try {
    let buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    let position = start;
    // Bytes of a line started in the previous read, kept at the start of the buffer.
    let carry = 0;
    for (;;) {
      if (carry === buffer.length) {
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, carry);
        buffer = bigger;
      }
      const { bytesRead } = await handle.read(buffer, carry, buffer.length - carry, position + carry);
      if (bytesRead === 0) return;
      const filled = carry + bytesRead;
      const lastNewline = buffer.lastIndexOf(10, filled - 1);
      if (lastNewline === -1) {
        carry = filled;
        continue;
      }
      // Decode only up to a newline so a multi-byte character is never split between reads.
      const text = buffer.toString('utf8', 0, lastNewline);
      position += lastNewline + 1;
      buffer.copy(buffer, 0, lastNewline + 1, filled);
      carry = filled - lastNewline - 1;
      yield { text, end: position };
    }
  } finally {
    await handle.close();
  }
}
