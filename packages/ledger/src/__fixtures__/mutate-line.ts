import type { Random } from './create-random.js';

/** Small edits that keep a line valid, make it invalid, or make it differ from the writer's shape. */
export function mutate(line: string, random: Random): string {
  const at = random.int(line.length + 1);
  switch (random.int(8)) {
    case 0:
      return line.slice(0, at); // torn
    case 1:
      return `${line.slice(0, at)}${random.pick(['"', '{', '}', ',', ':', '\\', ' ', '0', '-', '.', 'e', '\t', 'é'])}${line.slice(at)}`;
    case 2:
      return `${line.slice(0, at)}${line.slice(at + 1)}`;
    case 3:
      return `${line}\r`;
    case 4:
      return line.replace('"cost_usd":"', '"cost_usd":"-');
    case 5:
      return line.replace(
        /"input_tokens":\d+/,
        random.pick(['"input_tokens":-1', '"input_tokens":1.5', '"input_tokens":1.0', '"input_tokens":null']),
      );
    case 6:
      return line.replace(
        '"success":true',
        random.pick(['"success":1', '"success":"yes"', '"success":null', '"success":true,"success":false']),
      );
    default:
      return line.replace(
        /"([a-z_]+)":/,
        (_m, key: string) => `"${key}":${random.pick(['"x",', '1,', 'null,'])}"${key}":`,
      );
  }
}
