import { describe, expect, it } from 'vitest';
import { createTestDeps } from './__fixtures__/create-test-deps.js';

describe('runCli: help, version and usage errors (spec §12.1 1-5)', () => {
  it('prints the main help with exit 0, naming TokenWise and every command', async () => {
    const t = createTestDeps();
    expect(await t.run('--help')).toBe(0);
    expect(t.stdout()).toContain('TokenWise');
    for (const name of ['route', 'plan', 'models', 'ledger', 'serve']) expect(t.stdout()).toContain(name);
    expect(t.calls.registry).toBe(0);
  });
  it.each(['models', 'route', 'plan', 'serve', 'ledger'])(
    '%s --help exits 0 and shows the command',
    async (name) => {
      const t = createTestDeps();
      expect(await t.run(name, '--help')).toBe(0);
      expect(t.stdout()).toContain(`tokenwise ${name}`);
      expect(t.stdout()).toContain('--json');
      expect(t.calls.registry).toBe(0);
    },
  );
  it('shows help for no arguments and -h', async () => {
    const t = createTestDeps();
    expect(await t.run()).toBe(0);
    expect(t.stdout()).toContain('USAGE');
    const u = createTestDeps();
    expect(await u.run('route', '-h')).toBe(0);
    expect(u.stdout()).toContain('QUERY');
  });
  it('prints the version', async () => {
    const t = createTestDeps();
    expect(await t.run('--version')).toBe(0);
    expect(t.stdout()).toBe('9.9.9\n');
  });
  it('exits 2 on an unknown command, an unknown flag or a missing argument, with one line on stderr', async () => {
    const unknown = createTestDeps();
    expect(await unknown.run('rout', 'x')).toBe(2);
    expect(unknown.stderr()).toContain('Unknown command "rout"');
    const flag = createTestDeps();
    expect(await flag.run('route', 'hello', '--budgte', '0.01')).toBe(2);
    expect(flag.stderr()).toContain('Unknown option --budgte');
    const missing = createTestDeps();
    expect(await missing.run('route')).toBe(2);
    expect(missing.stderr()).toMatch(/QUERY/);
    expect(missing.stderr().trim().split('\n')).toHaveLength(1);
    const noCommand = createTestDeps();
    expect(await noCommand.run('--json')).toBe(2);
  });
  it('strips colour from help when colour is off and keeps it when on', async () => {
    const plain = createTestDeps({ color: false });
    await plain.run('--help');
    expect(plain.stdout()).not.toContain('\u001B[');
  });
});

describe('runCli: failures', () => {
  it('maps an invalid configuration value to exit 2 with the variable named', async () => {
    const t = createTestDeps({ env: { TOKENWISE_DEFAULT_BUDGET: 'lots' } });
    expect(await t.run('route', 'hello')).toBe(2);
    expect(t.stderr()).toContain('TOKENWISE_DEFAULT_BUDGET');
  });
  it('prints an unexpected error as one line and the stack only with --verbose or debug', async () => {
    const quiet = createTestDeps();
    quiet.deps.loadRegistry = async () => {
      throw new Error('disk on fire');
    };
    expect(await quiet.run('models')).toBe(1);
    expect(quiet.stderr().trim().split('\n')).toHaveLength(1);
    expect(quiet.stderr()).toContain('unexpected error: disk on fire');
    expect(quiet.stderr()).toContain('--verbose');

    const verbose = createTestDeps();
    verbose.deps.loadRegistry = quiet.deps.loadRegistry;
    expect(await verbose.run('models', '--verbose')).toBe(1);
    expect(verbose.stderr()).toMatch(/at .*run-cli\.test\.ts/);

    const debug = createTestDeps({ debug: true });
    debug.deps.loadRegistry = quiet.deps.loadRegistry;
    expect(await debug.run('models')).toBe(1);
    expect(debug.stderr().split('\n').length).toBeGreaterThan(2);
  });
  it('with --json, still prints one JSON document on stdout describing the failure', async () => {
    const t = createTestDeps();
    expect(await t.run('route', 'Write a haiku', '--budget', '0.0000001', '--json')).toBe(1);
    const json = JSON.parse(t.stdout());
    expect(json.error).toMatchObject({ type: 'no_route', exitCode: 1 });
    expect(json.error.message).toContain('tokenwise route:');
    const usage = createTestDeps();
    expect(await usage.run('route', 'x', '--budget', 'abc', '--json')).toBe(2);
    expect(JSON.parse(usage.stdout()).error).toMatchObject({ type: 'invalid_argument', exitCode: 2 });
    const unknown = createTestDeps();
    expect(await unknown.run('models', '--bogus', '--json')).toBe(2);
    expect(JSON.parse(unknown.stdout()).error.type).toBe('invalid_argument');
    const broken = createTestDeps();
    broken.deps.loadRegistry = async () => {
      throw new TypeError('boom');
    };
    expect(await broken.run('models', '--json')).toBe(1);
    expect(JSON.parse(broken.stdout()).error.type).toBe('unexpected');
  });
  it('never prints an API key found in an error message', async () => {
    const t = createTestDeps();
    t.deps.loadRegistry = async () => {
      throw new Error('upstream said: invalid key sk-or-v1-abcdefghijklmnop');
    };
    expect(await t.run('models', '--verbose')).toBe(1);
    expect(t.stderr()).not.toContain('abcdefghijklmnop');
  });

  it('`tokenwise --json` with no command still prints one JSON document (issue #17.13)', async () => {
    const t = createTestDeps();
    expect(await t.run('--json')).toBe(2);
    expect(JSON.parse(t.stdout())).toEqual({
      error: {
        type: 'usage',
        message: expect.stringContaining('Expected a command'),
        exitCode: 2,
      },
    });
  });
});
