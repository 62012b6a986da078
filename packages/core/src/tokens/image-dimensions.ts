import type { ImagePart } from '@tokenwise/spec';

/** Width and height of an image in pixels. */
export interface ImageDimensions {
  width: number;
  height: number;
}

// Enough base64 to reach a JPEG's frame header behind typical EXIF/ICC segments (48 KiB decoded).
const MAX_HEADER_BASE64 = 65_536;

/**
 * The pixel size of an inline image (a `data:` URL, or raw base64 with `mediaType`), read from its header:
 * PNG, GIF, WebP and JPEG. `undefined` for a remote URL, another format, or a header that cannot be read —
 * callers then use the vendor's documented maximum. Only the first 48 KiB are decoded.
 */
export function imageDimensions(part: ImagePart): ImageDimensions | undefined {
  const base64 = inlineBase64(part);
  if (base64 === undefined) return undefined;
  let bytes: Uint8Array;
  try {
    const head = base64.slice(0, MAX_HEADER_BASE64).replace(/[^A-Za-z0-9+/]/g, '');
    bytes = Uint8Array.from(atob(head.slice(0, head.length - (head.length % 4))), (char) =>
      char.charCodeAt(0),
    );
  } catch {
    return undefined;
  }
  return pngSize(bytes) ?? gifSize(bytes) ?? webpSize(bytes) ?? jpegSize(bytes);
}

function inlineBase64(part: ImagePart): string | undefined {
  const image = part.image;
  if (image.startsWith('data:')) {
    const comma = image.indexOf(',');
    if (comma < 0 || !image.slice(0, comma).endsWith(';base64')) return undefined;
    return image.slice(comma + 1);
  }
  return part.mediaType !== undefined && !/^https?:/i.test(image) ? image : undefined;
}

function valid(width: number, height: number): ImageDimensions | undefined {
  return width > 0 && height > 0 ? { width, height } : undefined;
}

function pngSize(bytes: Uint8Array): ImageDimensions | undefined {
  if (bytes.length < 24 || bytes[0] !== 0x89 || bytes[1] !== 0x50 || bytes[2] !== 0x4e || bytes[3] !== 0x47) {
    return undefined;
  }
  return valid(readUint32(bytes, 16), readUint32(bytes, 20));
}

function gifSize(bytes: Uint8Array): ImageDimensions | undefined {
  if (bytes.length < 10 || bytes[0] !== 0x47 || bytes[1] !== 0x49 || bytes[2] !== 0x46) return undefined;
  return valid(bytes[6]! | (bytes[7]! << 8), bytes[8]! | (bytes[9]! << 8));
}

function webpSize(bytes: Uint8Array): ImageDimensions | undefined {
  if (bytes.length < 30 || ascii(bytes, 0, 4) !== 'RIFF' || ascii(bytes, 8, 4) !== 'WEBP') return undefined;
  const chunk = ascii(bytes, 12, 4);
  if (chunk === 'VP8 ')
    return valid((bytes[26]! | (bytes[27]! << 8)) & 0x3fff, (bytes[28]! | (bytes[29]! << 8)) & 0x3fff);
  if (chunk === 'VP8L') {
    const bits = bytes[21]! | (bytes[22]! << 8) | (bytes[23]! << 16) | (bytes[24]! << 24);
    return valid((bits & 0x3fff) + 1, ((bits >>> 14) & 0x3fff) + 1);
  }
  if (chunk === 'VP8X') {
    return valid(
      (bytes[24]! | (bytes[25]! << 8) | (bytes[26]! << 16)) + 1,
      (bytes[27]! | (bytes[28]! << 8) | (bytes[29]! << 16)) + 1,
    );
  }
  return undefined;
}

function jpegSize(bytes: Uint8Array): ImageDimensions | undefined {
  if (bytes.length < 4 || bytes[0] !== 0xff || bytes[1] !== 0xd8) return undefined;
  let offset = 2;
  while (offset + 9 < bytes.length) {
    if (bytes[offset] !== 0xff) return undefined;
    const marker = bytes[offset + 1]!;
    if (marker === 0xff) {
      offset++; // fill byte
      continue;
    }
    const length = (bytes[offset + 2]! << 8) | bytes[offset + 3]!;
    // SOF0–SOF15 carry the frame size; C4 (DHT), C8 (JPG) and CC (DAC) share the range but do not:
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return valid(
        (bytes[offset + 7]! << 8) | bytes[offset + 8]!,
        (bytes[offset + 5]! << 8) | bytes[offset + 6]!,
      );
    }
    if (length < 2) return undefined;
    offset += 2 + length;
  }
  return undefined;
}

function readUint32(bytes: Uint8Array, offset: number): number {
  return (
    ((bytes[offset]! << 24) | (bytes[offset + 1]! << 16) | (bytes[offset + 2]! << 8) | bytes[offset + 3]!) >>>
    0
  );
}

function ascii(bytes: Uint8Array, offset: number, length: number): string {
  return String.fromCharCode(...bytes.subarray(offset, offset + length));
}
