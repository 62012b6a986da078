import type { FileHandle } from 'node:fs/promises';
import { openLedgerForReading } from './regular-file.js';

/** Lines of one chunk of the file, decoded together. */
export interface LineBatch {
  lines: string[];
  /** 1-based line number of `lines[0]`. */
  firstLine: number;
  /** True when the last line of the batch had no newline at the end of the file (possibly torn). */
  unterminated: boolean;
}

const CHUNK_BYTES = 1 << 20;

/**
 * Streams a file as batches of lines, one batch per chunk read, in bounded memory (one chunk plus one partial
 * line). Batches rather than single lines keep the per-line cost of 1,000,000 lines low. A missing file yields
 * nothing.
 */
export async function* readLineBatches(path: string): AsyncGenerator<LineBatch> {
  const handle = await openLedgerForReading(path);
  if (handle === undefined) return;
  try {
    const chunk = Buffer.allocUnsafe(CHUNK_BYTES);
    let carry: Buffer = Buffer.alloc(0);
    let nextLine = 1;
    for (;;) {
      const { bytesRead } = await handle.read(chunk, 0, CHUNK_BYTES, null);
      if (bytesRead === 0) break;
      const buf =
        carry.length > 0
          ? Buffer.concat([carry, chunk.subarray(0, bytesRead)])
          : chunk.subarray(0, bytesRead);
      const lastNewline = buf.lastIndexOf(10);
      if (lastNewline === -1) {
        carry = Buffer.from(buf);
        continue;
      }
      // Decode only up to a newline so a multi-byte character is never split between chunks.
      const lines = buf.toString('utf8', 0, lastNewline).split('\n');
      carry = Buffer.from(buf.subarray(lastNewline + 1));
      yield { lines, firstLine: nextLine, unterminated: false };
      nextLine += lines.length;
    }
    if (carry.length > 0) yield { lines: [carry.toString('utf8')], firstLine: nextLine, unterminated: true };
  } finally {
    await handle.close();
  }
}

/**
 * Lines of the file from the end backwards, in batches (each batch in reverse order), so the last N records
 * of a large file are found without reading all of it. The first batch's first line is the file's last line;
 * `unterminated` says it had no newline.
 */
export async function* readLineBatchesBackwards(path: string): AsyncGenerator<LineBatch> {
  const handle = await openLedgerForReading(path);
  if (handle === undefined) return;
  try {
    let position = (await handle.stat()).size;
    let carry: Buffer = Buffer.alloc(0);
    let first = true;
    while (position > 0) {
      const length = Math.min(CHUNK_BYTES, position);
      position -= length;
      const chunk = Buffer.allocUnsafe(length);
      await readFully(handle, chunk, position);
      const buf = carry.length > 0 ? Buffer.concat([chunk, carry]) : chunk;
      // Before the first newline of the window is a line that started in an earlier chunk (unless at byte 0).
      const start = position > 0 ? buf.indexOf(10) + 1 : 0;
      if (position > 0 && start === 0) {
        carry = buf;
        continue;
      }
      carry = Buffer.from(buf.subarray(0, Math.max(0, start - 1)));
      const lines = buf.toString('utf8', start).split('\n');
      let unterminated = false;
      if (first) {
        // A file ending with a newline splits into a last empty string: drop it.
        if (lines[lines.length - 1] === '') lines.pop();
        else unterminated = true;
        first = false;
      }
      yield { lines: lines.reverse(), firstLine: 0, unterminated };
    }
  } finally {
    await handle.close();
  }
}

async function readFully(handle: FileHandle, buffer: Buffer, position: number): Promise<void> {
  let offset = 0;
  while (offset < buffer.length) {
    const { bytesRead } = await handle.read(buffer, offset, buffer.length - offset, position + offset);
    if (bytesRead === 0) throw new Error('The ledger file shrank while it was being read.');
    offset += bytesRead;
  }
}
