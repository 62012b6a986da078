import { constants, type Stats } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { LedgerNotAFileError } from '../errors/ledger-not-a-file-error.js';

// O_NONBLOCK: opening a FIFO for reading would otherwise wait (uninterruptibly, in the thread pool) for a writer.
const READ_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Throws {@link LedgerNotAFileError} unless `stats` describe a regular file. */
export function assertRegularFile(stats: Stats, path: string): void {
  if (stats.isFile()) return;
  throw new LedgerNotAFileError({ path, fileType: describeFileType(stats) });
}

/**
 * Opens the ledger file for reading, or `undefined` when it does not exist. Anything but a regular file is
 * refused before a byte is read ({@link LedgerNotAFileError}).
 */
export async function openLedgerForReading(path: string): Promise<FileHandle | undefined> {
  let handle: FileHandle;
  try {
    handle = await open(path, READ_FLAGS);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === 'ENOENT') return undefined;
    if (code === 'EISDIR') throw new LedgerNotAFileError({ path, fileType: 'a directory' });
    throw error;
  }
  try {
    assertRegularFile(await handle.stat(), path);
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

function describeFileType(stats: Stats): string {
  if (stats.isDirectory()) return 'a directory';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}
