import {
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLineAppender } from './create-line-appender.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'tokenwise-appender-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const openDescriptors = () => readdirSync('/proc/self/fd').length;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('createLineAppender', () => {
  it('creates parent folders and appends whole lines', () => {
    const path = join(dir, 'a', 'b', 'ledger.jsonl');
    const appender = createLineAppender(path);
    appender.append('one\n');
    appender.append('two\nthree\n');
    expect(readFileSync(path, 'utf8')).toBe('one\ntwo\nthree\n');
  });

  it('starts on a new line when another writer left a torn one, even while the file stays open', () => {
    const path = join(dir, 'ledger.jsonl');
    const appender = createLineAppender(path);
    appender.append('first\n');
    writeFileSync(path, 'torn{"par', { flag: 'a' });
    appender.append('second\n');
    expect(readFileSync(path, 'utf8')).toBe('first\ntorn{"par\nsecond\n');
  });

  it('closes the file when idle', async () => {
    const path = join(dir, 'ledger.jsonl');
    const before = openDescriptors();
    const appender = createLineAppender(path, { idleCloseMs: 30 });
    appender.append('a\n');
    expect(openDescriptors()).toBe(before + 1);
    await sleep(80);
    expect(openDescriptors()).toBe(before);
    appender.append('b\n');
    expect(readFileSync(path, 'utf8')).toBe('a\nb\n');
  });

  it('follows a rotated file once the open one is old enough, even when never idle', async () => {
    const path = join(dir, 'ledger.jsonl');
    const appender = createLineAppender(path, { idleCloseMs: 60_000, reopenAfterMs: 40 });
    appender.append('a\n');
    renameSync(path, `${path}.1`);
    appender.append('b\n'); // still the open, renamed file
    await sleep(60);
    appender.append('c\n'); // reopened at the path
    expect(readFileSync(`${path}.1`, 'utf8')).toBe('a\nb\n');
    expect(readFileSync(path, 'utf8')).toBe('c\n');
  });

  it('throws what the file system threw and recovers once the path is usable', () => {
    const path = join(dir, 'ledger.jsonl');
    mkdirSync(path);
    const appender = createLineAppender(path);
    expect(() => appender.append('x\n')).toThrow(/EISDIR/);
    rmSync(path, { recursive: true });
    appender.append('y\n');
    expect(readFileSync(path, 'utf8')).toBe('y\n');
  });
});
