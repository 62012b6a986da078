import { open, readFile, rename, rm, stat } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { type AggregateIndex, createAggregateIndex } from '../aggregate/create-aggregate-index.js';
import { decodeAggregateIndex, encodeAggregateIndex } from '../aggregate/encode-aggregate-index.js';

/**
 * Where the JSONL store keeps its aggregation index: `ledger.jsonl` → `ledger.aggregate.idx` beside it (a name
 * without `.jsonl` gets `.aggregate.idx` appended). A cache only: deleting it costs one full read.
 */
export function aggregateIndexPath(path: string): string {
  return path.endsWith('.jsonl')
    ? `${path.slice(0, -'.jsonl'.length)}.aggregate.idx`
    : `${path}.aggregate.idx`;
}

/** What the index says about each ledger file it covers, to tell whether it still describes that file. */
interface IndexedFile {
  /** Bytes of the file indexed (whole lines). */
  size: number;
  dev: number;
  ino: number;
  /** CRC-32 of the first and of the last {@link FINGERPRINT_BYTES} of those bytes. */
  head: number;
  tail: number;
}

const FINGERPRINT_BYTES = 64 * 1024;

/** An index read back from disk, with how far into each file it reaches. */
export interface LoadedAggregateIndex {
  index: AggregateIndex;
  offsets: number[];
}

/**
 * Reads a saved index and returns it only if it still describes `files`: each file is the same file (device and
 * inode), at least as long as what was indexed (not truncated), and its first and last indexed bytes are
 * unchanged (not rewritten); the index file itself must be whole (CRC-32). Anything else, a missing index
 * included, gives `undefined`, and the caller indexes the files from the start.
 */
export async function loadAggregateIndex(
  indexPath: string,
  files: readonly string[],
): Promise<LoadedAggregateIndex | undefined> {
  let bytes: Buffer;
  try {
    bytes = await readFile(indexPath);
  } catch {
    return undefined;
  }
  if (bytes.length < 4) return undefined;
  const body = bytes.subarray(0, bytes.length - 4);
  if (crc32(body) !== bytes.readUInt32LE(bytes.length - 4)) return undefined;
  const decoded = decodeAggregateIndex(body);
  if (decoded === undefined) return undefined;
  const indexed = decoded.meta as { files?: IndexedFile[] } | null;
  if (!Array.isArray(indexed?.files) || indexed.files.length !== files.length) return undefined;
  const offsets: number[] = [];
  for (const [at, file] of files.entries()) {
    const saved = indexed.files[at]!;
    if (!(await stillIndexed(file, saved))) return undefined;
    offsets.push(saved.size);
  }
  return { index: createAggregateIndex(decoded.data), offsets };
}

/**
 * Saves the index with what it covers (`offsets[i]` bytes of `files[i]`): written to a temporary file, then
 * renamed over the old one, so a reader (this or another process) sees a whole index or the previous one.
 */
export async function saveAggregateIndex(
  indexPath: string,
  index: AggregateIndex,
  files: readonly string[],
  offsets: readonly number[],
): Promise<void> {
  const described: IndexedFile[] = [];
  for (const [at, file] of files.entries()) described.push(await describe(file, offsets[at]!));
  const pieces = encodeAggregateIndex(index.snapshot(), { files: described });
  let checksum = 0;
  for (const piece of pieces) checksum = crc32(piece, checksum);
  const trailer = Buffer.alloc(4);
  trailer.writeUInt32LE(checksum);
  const temporary = `${indexPath}.${process.pid}.${Date.now()}.tmp`;
  try {
    const handle = await open(temporary, 'w');
    try {
      await handle.writev([...pieces, trailer]);
    } finally {
      await handle.close();
    }
    await rename(temporary, indexPath);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}

async function describe(file: string, size: number): Promise<IndexedFile> {
  if (size === 0) return { size: 0, dev: 0, ino: 0, head: 0, tail: 0 };
  const stats = await stat(file);
  const [head, tail] = await fingerprint(file, size);
  return { size, dev: stats.dev, ino: stats.ino, head, tail };
}

async function stillIndexed(file: string, saved: IndexedFile): Promise<boolean> {
  if (!Number.isSafeInteger(saved.size) || saved.size < 0) return false;
  if (saved.size === 0) return true;
  try {
    const stats = await stat(file);
    if (stats.dev !== saved.dev || stats.ino !== saved.ino || stats.size < saved.size) return false;
    const [head, tail] = await fingerprint(file, saved.size);
    return head === saved.head && tail === saved.tail;
  } catch {
    return false;
  }
}

/** CRC-32 of the first and the last 64 KiB of the file's first `size` bytes. */
async function fingerprint(file: string, size: number): Promise<[number, number]> {
  const handle = await open(file, 'r');
  try {
    const length = Math.min(FINGERPRINT_BYTES, size);
    const buffer = Buffer.alloc(length);
    await readExactly(handle, buffer, 0);
    const head = crc32(buffer);
    await readExactly(handle, buffer, size - length);
    return [head, crc32(buffer)];
  } finally {
    await handle.close();
  }
}

async function readExactly(handle: Awaited<ReturnType<typeof open>>, buffer: Buffer, position: number) {
  let offset = 0;
  while (offset < buffer.length) {
    const { bytesRead } = await handle.read(buffer, offset, buffer.length - offset, position + offset);
    if (bytesRead === 0) throw new Error('The ledger file shrank while it was being fingerprinted.');
    offset += bytesRead;
  }
}
