/**
 * The values of a list flag from raw arguments, in every form the bench accepts: `--models a,b`,
 * `--models=a,b`, repeated `--models a --models b`, and the original's space-separated `--models a b c` (values
 * up to the next `-`-prefixed token). Returns `undefined` when the flag is absent and `[]` when it is given bare.
 * citty alone keeps only the last of repeated flags, hence this reader.
 */
export function collectListFlag(rawArgs: readonly string[], name: string): string[] | undefined {
  const flag = `--${name}`;
  let seen = false;
  const values: string[] = [];
  for (let index = 0; index < rawArgs.length; index++) {
    const arg = rawArgs[index]!;
    if (arg === '--') break;
    if (arg.startsWith(`${flag}=`)) {
      seen = true;
      values.push(...splitList(arg.slice(flag.length + 1)));
      continue;
    }
    if (arg !== flag) continue;
    seen = true;
    while (index + 1 < rawArgs.length && !rawArgs[index + 1]!.startsWith('-')) {
      values.push(...splitList(rawArgs[++index]!));
    }
  }
  return seen ? [...new Set(values)] : undefined;
}

function splitList(text: string): string[] {
  return text
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
