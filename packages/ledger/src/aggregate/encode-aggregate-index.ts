import {
  AGGREGATE_INDEX_COLUMNS,
  type AggregateIndexColumns,
  type AggregateIndexData,
} from './create-aggregate-index.js';

const MAGIC = 'TWAGGIX1';
const FORMAT_VERSION = 1;
const COLUMN_TYPES = {
  kind: Uint8Array,
  flags: Uint8Array,
  time: Float64Array,
  cost: Float64Array,
  inputTokens: Float64Array,
  outputTokens: Float64Array,
  model: Int32Array,
  key: Int32Array,
  team: Int32Array,
  outcome: Int32Array,
  extra: Int32Array,
  strategy: Int32Array,
  status: Uint16Array,
  attempt: Uint16Array,
  hashA: Int32Array,
  hashB: Int32Array,
} as const;
// Typed arrays are saved in the machine's byte order; a file from a machine of the other order is rebuilt.
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

interface Header {
  version: number;
  littleEndian: boolean;
  size: number;
  strings: string[];
  bigCosts: [number, string][];
  requestIds: (string | null)[];
  modelsTried: [number, string[]][];
  meta: unknown;
}

const pad8 = (n: number) => (8 - (n % 8)) % 8;

/**
 * An index as bytes, in pieces to write one after the other (the columns are views, not copies): the magic,
 * the header length, a JSON header (strings, request ids, the caller's `meta`), then each column, 8-byte aligned.
 */
export function encodeAggregateIndex(data: AggregateIndexData, meta: unknown): Uint8Array[] {
  const header: Header = {
    version: FORMAT_VERSION,
    littleEndian: LITTLE_ENDIAN,
    size: data.size,
    strings: data.strings,
    bigCosts: data.bigCosts,
    requestIds: data.requestIds,
    modelsTried: data.modelsTried,
    meta,
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const start = new Uint8Array(12);
  start.set(new TextEncoder().encode(MAGIC));
  new DataView(start.buffer).setUint32(8, json.length, true);
  const pieces: Uint8Array[] = [start, json, new Uint8Array(pad8(12 + json.length))];
  for (const name of AGGREGATE_INDEX_COLUMNS) {
    const column = data.columns[name];
    const bytes = new Uint8Array(column.buffer, column.byteOffset, data.size * column.BYTES_PER_ELEMENT);
    pieces.push(bytes, new Uint8Array(pad8(bytes.length)));
  }
  return pieces;
}

/**
 * The index and `meta` saved by {@link encodeAggregateIndex}, or `undefined` when the bytes are not a whole index
 * of this format (truncated, corrupt, another version or byte order): the caller then builds it again. Columns
 * are views on `bytes` when it is 8-byte aligned.
 */
export function decodeAggregateIndex(
  bytes: Uint8Array,
): { data: AggregateIndexData; meta: unknown } | undefined {
  if (bytes.length < 12 || new TextDecoder().decode(bytes.subarray(0, 8)) !== MAGIC) return undefined;
  const length = new DataView(bytes.buffer, bytes.byteOffset, bytes.length).getUint32(8, true);
  if (12 + length > bytes.length) return undefined;
  let header: Header;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(12, 12 + length))) as Header;
  } catch {
    return undefined;
  }
  if (!isHeader(header)) return undefined;
  const { size } = header;
  let offset = 12 + length + pad8(12 + length);
  const columns: Partial<Record<keyof AggregateIndexColumns, unknown>> = {};
  for (const name of AGGREGATE_INDEX_COLUMNS) {
    const Type = COLUMN_TYPES[name];
    const byteLength = size * Type.BYTES_PER_ELEMENT;
    if (offset + byteLength > bytes.length) return undefined;
    const at = bytes.byteOffset + offset;
    columns[name] =
      at % 8 === 0
        ? new Type(bytes.buffer as ArrayBuffer, at, size)
        : new Type(bytes.slice(offset, offset + byteLength).buffer, 0, size);
    offset += byteLength + pad8(byteLength);
  }
  if (offset !== bytes.length) return undefined;
  return {
    data: {
      size,
      columns: columns as AggregateIndexColumns,
      strings: header.strings,
      bigCosts: header.bigCosts,
      requestIds: header.requestIds,
      modelsTried: header.modelsTried,
    },
    meta: header.meta,
  };
}

function isHeader(header: Header): boolean {
  return (
    typeof header === 'object' &&
    header !== null &&
    header.version === FORMAT_VERSION &&
    header.littleEndian === LITTLE_ENDIAN &&
    Number.isSafeInteger(header.size) &&
    header.size >= 0 &&
    Array.isArray(header.strings) &&
    Array.isArray(header.bigCosts) &&
    Array.isArray(header.requestIds) &&
    Array.isArray(header.modelsTried)
  );
}
