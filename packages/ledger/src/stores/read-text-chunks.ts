import { openLedgerForReading } from './regular-file.js';

/** A run of whole lines of the file, decoded as one string. */
export interface TextChunk {
  /** The lines, separated by `\n`, without the newline after the last one. */
  text: string;
  /** True when the last line had no newline at the end of the file (possibly torn). */
  unterminated: boolean;
}

const CHUNK_BYTES = 1 << 20;

/**
 * Streams a file as decoded runs of whole lines, one per read, in bounded memory: one buffer of 1 MiB, or of the
 * longest line if that is longer. The summary scans these strings in place instead of splitting them into line
 * strings. A missing file yields nothing; anything but a regular file throws `LedgerNotAFileError`.
 */
export async function* readTextChunks(path: string): AsyncGenerator<TextChunk> {
  const handle = await openLedgerForReading(path);
  if (handle === undefined) return;
  try {
    let buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    // Bytes of a line started in the previous read, kept at the start of the buffer.
    let carry = 0;
    for (;;) {
      if (carry === buffer.length) {
        // One line longer than the buffer: grow it (memory stays bounded by the longest line).
        const bigger = Buffer.allocUnsafe(buffer.length * 2);
        buffer.copy(bigger, 0, 0, carry);
        buffer = bigger;
      }
      const { bytesRead } = await handle.read(buffer, carry, buffer.length - carry, null);
      if (bytesRead === 0) break;
      const filled = carry + bytesRead;
      const lastNewline = buffer.lastIndexOf(10, filled - 1);
      if (lastNewline === -1) {
        carry = filled;
        continue;
      }
      // Decode only up to a newline so a multi-byte character is never split between reads.
      const text = buffer.toString('utf8', 0, lastNewline);
      buffer.copy(buffer, 0, lastNewline + 1, filled);
      carry = filled - lastNewline - 1;
      yield { text, unterminated: false };
    }
    if (carry > 0) yield { text: buffer.toString('utf8', 0, carry), unterminated: true };
  } finally {
    await handle.close();
  }
}
