/**
 * A float for {@link pythonJson}: written as Python's `repr(float)` writes it (`1.0`, `1e-05`, `0.011000000000000001`),
 * where a plain integral JS number is written as a Python `int`.
 */
export class PythonFloat {
  constructor(readonly value: number) {}
}

/** What {@link pythonJson} writes: JSON values, with floats marked. `undefined` members are left out. */
export type PythonJsonValue =
  | string
  | number
  | boolean
  | null
  | PythonFloat
  | readonly PythonJsonValue[]
  | { readonly [key: string]: PythonJsonValue | undefined };

/**
 * The text Python's `json.dumps(value)` gives with its defaults: separators `", "` and `": "`, non-ASCII (and DEL)
 * escaped as `\uXXXX`, floats in `repr` form. Integral numbers are ints; mark floats with {@link PythonFloat}.
 * So a line written here survives `json.dumps(json.loads(line))` byte for byte.
 */
export function pythonJson(value: PythonJsonValue): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return pythonString(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      return Number.isSafeInteger(value) ? String(value) : pythonFloat(value);
  }
  if (value instanceof PythonFloat) return pythonFloat(value.value);
  if (Array.isArray(value)) return `[${value.map(pythonJson).join(', ')}]`;
  const parts: string[] = [];
  for (const [key, member] of Object.entries(value)) {
    if (member !== undefined) parts.push(`${pythonString(key)}: ${pythonJson(member)}`);
  }
  return `{${parts.join(', ')}}`;
}

/**
 * Python's `repr(float)`: the shortest digits that round-trip (as JavaScript finds them), in fixed notation
 * with at least one decimal when the decimal exponent is in [-4, 16), else `d.ddde±XX`.
 * @throws RangeError for NaN and infinities, which are not JSON.
 */
export function pythonFloat(x: number): string {
  if (!Number.isFinite(x)) throw new RangeError(`${x} is not a finite number and cannot be written as JSON.`);
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  const [mantissa, exponentText] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  if (exponent < -4 || exponent >= 16) {
    const fraction = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const power = String(Math.abs(exponent)).padStart(2, '0');
    return `${sign}${digits[0]}${fraction}e${exponent < 0 ? '-' : '+'}${power}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const whole = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fraction = digits.slice(exponent + 1);
  return `${sign}${whole}.${fraction === '' ? '0' : fraction}`;
}

const SHORT_ESCAPES: Record<number, string> = {
  34: '\\"',
  92: '\\\\',
  10: '\\n',
  13: '\\r',
  9: '\\t',
  8: '\\b',
  12: '\\f',
};

/** A string as `json.dumps` (`ensure_ascii=True`) writes it: only printable ASCII stays as it is. */
export function pythonString(text: string): string {
  let out = '"';
  let plainFrom = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 0x20 && code <= 0x7e && code !== 0x22 && code !== 0x5c) continue;
    out += text.slice(plainFrom, i);
    out += SHORT_ESCAPES[code] ?? `\\u${code.toString(16).padStart(4, '0')}`;
    plainFrom = i + 1;
  }
  return `${out}${text.slice(plainFrom)}"`;
}
