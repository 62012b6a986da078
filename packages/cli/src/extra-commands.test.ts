import { InvalidArgumentError } from '@tokenwise/spec';
import { type CommandDef, defineCommand } from 'citty';
import { describe, expect, it } from 'vitest';
import { createTestDeps } from './__fixtures__/create-test-deps.js';
import { runCli } from './run-cli.js';

// Apps mount more commands (the `tokenwise` app mounts `bench`); they load lazily and share the exit-code mapping.
describe('extra commands', () => {
  function withExtra(run: (args: { n: string }) => void) {
    const t = createTestDeps();
    let loads = 0;
    const deps = {
      ...t.deps,
      extraCommands: {
        echo: async () => {
          loads++;
          return defineCommand({
            meta: { name: 'echo', description: 'Echo a value' },
            args: { n: { type: 'string', required: true } },
            run: ({ args }) => run(args as { n: string }),
          }) as unknown as CommandDef;
        },
      },
    };
    return { t, deps, loads: () => loads };
  }

  it('runs a mounted command only when invoked and lists it in help', async () => {
    const seen: string[] = [];
    const { t, deps, loads } = withExtra((args) => void seen.push(args.n));
    expect(await runCli(deps, ['route', '--help'])).toBe(0);
    expect(loads()).toBe(0);
    expect(await runCli(deps, ['echo', '--n', '7'])).toBe(0);
    expect(seen).toEqual(['7']);
    expect(await runCli(deps, ['--help'])).toBe(0);
    expect(t.stdout()).toContain('echo');
  });

  it('maps a mounted command failure to the usual exit code and one line', async () => {
    const { t, deps } = withExtra(() => {
      throw new InvalidArgumentError({ argument: 'n', message: 'n must be a number.' });
    });
    expect(await runCli(deps, ['echo', '--n', 'x'])).toBe(2);
    expect(t.stderr().trim().split('\n')).toHaveLength(1);
    expect(t.stderr()).toContain('n must be a number.');
  });
});

describe('help for nested commands and unknown commands', () => {
  it('shows the deepest named command: bench pareto --help lists pareto flags', async () => {
    const t = createTestDeps();
    const deps = {
      ...t.deps,
      extraCommands: {
        bench: async () =>
          defineCommand({
            meta: { name: 'bench', description: 'Benchmarks' },
            subCommands: {
              pareto: defineCommand({
                meta: { name: 'pareto', description: 'Cost versus success' },
                args: { models: { type: 'string', description: 'models to compare' } },
              }),
            },
          }),
      },
    };
    expect(await runCli(deps, ['bench', 'pareto', '--help'])).toBe(0);
    expect(t.stdout()).toContain('--models');
    // The usage line names the whole command, not only its parent.
    expect(t.stdout()).toContain('tokenwise bench pareto');
    expect(t.stdout()).not.toMatch(/(^|[^ ])bench pareto/m);
    expect(await runCli(deps, ['benhc'])).toBe(2);
    expect(t.stderr()).toContain('expected one of route, plan, models, ledger, serve, keys, teams, bench');
    expect(t.stderr()).toContain('Run "tokenwise --help" for usage.');
  });

  it('never puts colour codes in an error line or its JSON document (issue #17.13)', async () => {
    const t = createTestDeps();
    const deps = {
      ...t.deps,
      extraCommands: {
        echo: async () =>
          defineCommand({
            meta: { name: 'echo' },
            args: { n: { type: 'string' } },
            run: () => {
              throw new InvalidArgumentError({
                argument: 'x',
                message: 'Unknown command \u001B[36mnosuch\u001B[39m',
              });
            },
          }) as unknown as CommandDef,
      },
    };
    expect(await runCli(deps, ['echo', '--n', '1', '--json'])).toBe(2);
    expect(t.stderr()).not.toContain('\u001B[');
    expect(t.stdout()).not.toContain('\u001B[');
    expect(JSON.parse(t.stdout()).error.message).toContain('Unknown command nosuch');
  });
});
