import type { Team, VirtualKey } from '@tokenwise/spec';
import type { Sql } from 'postgres';

/** The channel every key store notifies on a key or team change; the payload is the schema's name. */
export const KEY_CHANGES_CHANNEL = 'tokenwise_key_changes';

/** A key and its team as last read, keyed by the presented secret's hash. */
interface Entry {
  key: VirtualKey;
  team: Team | undefined;
  readAtMs: number;
}

/** What {@link createKeyAuthenticationCache} returns. */
export interface KeyAuthenticationCache {
  /** The key and team last read for this secret hash, or undefined when not cached, too old or not listening. */
  get(secretHash: string): { key: VirtualKey; team: Team | undefined } | undefined;
  set(secretHash: string, key: VirtualKey, team: Team | undefined): void;
}

/**
 * Remembers, per presented secret, the key and team rows an authentication read, so a request costs no key lookup
 * round trip. Every key or team change in the schema notifies {@link KEY_CHANGES_CHANNEL} in its transaction, and
 * a notification empties the cache; so does each (re)connection of the listener (notifications may have been
 * missed meanwhile), and an entry older than `ttlMs` is read again. Nothing is cached until the listener is up.
 *
 * The cache never decides alone that a request may spend: a revoked, disabled or expired key's budget scope is
 * closed in the same transaction as the change, and every reservation checks it under the scope's lock.
 */
export function createKeyAuthenticationCache(
  sql: Sql,
  schema: string,
  ttlMs: number,
  clock: () => number,
): KeyAuthenticationCache {
  const entries = new Map<string, Entry>();
  let listening = false;
  let started = false;
  const listen = () => {
    if (started) return;
    started = true;
    void sql
      .listen(
        KEY_CHANGES_CHANNEL,
        (payload) => {
          if (payload === schema) entries.clear();
        },
        () => {
          entries.clear();
          listening = true;
        },
      )
      .catch(() => {
        // No listener, no cache: the next authentication tries again.
        started = false;
      });
  };
  return {
    get(secretHash) {
      if (!listening) {
        listen();
        return undefined;
      }
      const entry = entries.get(secretHash);
      if (entry === undefined) return undefined;
      if (clock() - entry.readAtMs >= ttlMs) {
        entries.delete(secretHash);
        return undefined;
      }
      return entry;
    },
    set(secretHash, key, team) {
      if (listening) entries.set(secretHash, { key, team, readAtMs: clock() });
    },
  };
}
