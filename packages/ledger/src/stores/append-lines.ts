import { mkdir, open } from 'node:fs/promises';
import { dirname } from 'node:path';

const NEWLINE = Buffer.from('\n');

/**
 * Appends complete lines to a file in ONE write() on a descriptor opened with O_APPEND. On local Linux file
 * systems the kernel serialises O_APPEND writes to a regular file, so lines from concurrent processes never
 * interleave (PIPE_BUF limits pipes, not regular files). If the file does not end with a newline (a writer
 * crashed mid-line), a newline goes first so the torn line cannot swallow this one. Parent folders are created.
 */
export async function appendLines(path: string, text: string): Promise<void> {
  const handle = await openForAppend(path);
  try {
    let buffer = Buffer.from(text, 'utf8');
    const { size } = await handle.stat();
    if (size > 0) {
      const last = Buffer.alloc(1);
      await handle.read(last, 0, 1, size - 1);
      if (last[0] !== 10) buffer = Buffer.concat([NEWLINE, buffer]);
    }
    let offset = 0;
    // A short write only happens on a full disk or a signal; finish the line rather than leave it torn.
    while (offset < buffer.length) {
      const { bytesWritten } = await handle.write(buffer, offset, buffer.length - offset);
      offset += bytesWritten;
    }
  } finally {
    await handle.close();
  }
}

async function openForAppend(path: string) {
  try {
    return await open(path, 'a+');
  } catch (error) {
    if ((error as { code?: unknown }).code !== 'ENOENT') throw error;
    await mkdir(dirname(path), { recursive: true });
    return open(path, 'a+');
  }
}
