import { InvalidArgumentError, STRATEGIES } from '@tokenwise/spec';

const form =
  'name=target pairs separated by commas, where target is a catalog id like anthropic/claude-sonnet-4.5, auto or tokenwise/<strategy>';

/**
 * Parses `model_aliases`: from the environment as `name=target,name=target`, from the config file as a mapping.
 * A target is a catalog id (it has a `/`), `auto`, or `tokenwise/<strategy>` with a known strategy.
 * @throws InvalidArgumentError naming `from` and the expected form.
 */
export function parseModelAliases(value: unknown, from: string): Readonly<Record<string, string>> {
  const pairs: Array<[string, unknown]> = [];
  if (typeof value === 'string') {
    for (const item of value.split(',')) {
      if (item.trim() === '') continue;
      const equals = item.indexOf('=');
      if (equals <= 0) fail(from, `"${item.trim()}" is not name=target`);
      pairs.push([item.slice(0, equals).trim(), item.slice(equals + 1).trim()]);
    }
  } else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    pairs.push(...Object.entries(value));
  } else {
    fail(from, 'it is neither a string nor a mapping');
  }
  const aliases: Record<string, string> = {};
  for (const [name, target] of pairs) {
    if (name === '') fail(from, 'an alias has an empty name');
    if (typeof target !== 'string' || !isTarget(target)) {
      fail(from, `the target of "${name}" (${JSON.stringify(target)}) is not a model or strategy`);
    }
    aliases[name] = target;
  }
  return Object.freeze(aliases);
}

function isTarget(target: string): boolean {
  if (target === 'auto') return true;
  if (target.startsWith('tokenwise/')) {
    return (STRATEGIES as readonly string[]).includes(target.slice('tokenwise/'.length));
  }
  return /^[^\s/]+\/\S+$/.test(target);
}

function fail(from: string, problem: string): never {
  throw new InvalidArgumentError({ argument: from, message: `${from} must be ${form}; ${problem}.` });
}
