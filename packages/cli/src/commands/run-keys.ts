import {
  type KeyJson,
  keyJson,
  parseKeyInputJson,
  parseTeamInputJson,
  type TeamJson,
  teamJson,
} from '@tokenwise/core';
import { InvalidArgumentError, keyScope, teamScope } from '@tokenwise/spec';
import type { CliDeps, OpenedKeyStore } from '../cli-deps.js';
import { createColors } from '../output/create-colors.js';
import { formatTable } from '../output/format-table.js';
import { writeJson } from '../output/write-json.js';
import type { CommandArgs } from './define-lazy-command.js';

/** Body of `tokenwise keys create NAME`. */
export async function runKeysCreate(deps: CliDeps, args: CommandArgs): Promise<void> {
  const input = parseKeyInputJson({
    name: text(args.name),
    ...defined('team_id', text(args.team)),
    ...budgetFields(args),
    ...defined('allowed_models', list(args.models)),
    ...defined('allowed_strategies', list(args.strategies)),
    ...defined('expires_at', text(args.expires)),
  });
  await withKeyStore(deps, async ({ keyStore }) => {
    const { key, secret } = await keyStore.createKey(input);
    const json = keyJson(key, Date.now());
    if (args.json === true) {
      writeJson(deps.io, { key: json, secret });
      return;
    }
    const c = createColors(deps.io.color);
    deps.io.stdout(
      `${describeKey(json).join('\n')}\n\n${c.bold('Secret')} (shown once, store it now): ${secret}\n`,
    );
  });
}

/** Body of `tokenwise keys list`. */
export async function runKeysList(deps: CliDeps, args: CommandArgs): Promise<void> {
  await withKeyStore(deps, async ({ keyStore, location }) => {
    const teamId = text(args.team);
    const keys = await keyStore.listKeys({
      ...(teamId === undefined ? {} : { teamId }),
      includeRevoked: args.all === true,
    });
    const now = Date.now();
    const views = keys.map((key) => keyJson(key, now));
    if (args.json === true) {
      writeJson(deps.io, views);
      return;
    }
    if (views.length === 0) {
      deps.io.stdout(`No keys yet (${location}). Create one with: tokenwise keys create NAME --budget 5\n`);
      return;
    }
    deps.io.stdout(
      formatTable({
        columns: [
          { header: 'Id' },
          { header: 'Name', maxWidth: 30 },
          { header: 'Prefix' },
          { header: 'Team' },
          { header: 'Budget', align: 'right' },
          { header: 'Period' },
          { header: 'Status' },
        ],
        rows: views.map((key) => [
          key.id,
          key.name,
          key.prefix,
          key.team_id ?? '',
          usdCell(key.budget_usd),
          key.period,
          key.status,
        ]),
        tty: deps.io.stdoutIsTTY,
        colors: createColors(deps.io.color),
      }),
    );
  });
}

/** Body of `tokenwise keys show ID`. */
export async function runKeysShow(deps: CliDeps, args: CommandArgs): Promise<void> {
  const id = required(args.id, 'key id');
  await withKeyStore(deps, async ({ keyStore, budgetStore }) => {
    const key = await keyStore.getKey(id);
    if (key === undefined) throw unknown('key', id);
    const json = keyJson(key, Date.now(), await budgetStore.snapshot(keyScope(id)));
    if (args.json === true) writeJson(deps.io, json);
    else deps.io.stdout(`${describeKey(json).join('\n')}\n`);
  });
}

/** Body of `tokenwise keys revoke ID`. */
export async function runKeysRevoke(deps: CliDeps, args: CommandArgs): Promise<void> {
  const id = required(args.id, 'key id');
  await withKeyStore(deps, async ({ keyStore }) => {
    if ((await keyStore.getKey(id)) === undefined) throw unknown('key', id);
    const json = keyJson(await keyStore.revokeKey(id), Date.now());
    if (args.json === true) writeJson(deps.io, json);
    else deps.io.stdout(`Revoked ${json.id} (${json.name}) at ${json.revoked_at}.\n`);
  });
}

/** Body of `tokenwise teams create NAME`. */
export async function runTeamsCreate(deps: CliDeps, args: CommandArgs): Promise<void> {
  const input = parseTeamInputJson({ name: text(args.name), ...budgetFields(args) });
  await withKeyStore(deps, async ({ keyStore }) => {
    const json = teamJson(await keyStore.createTeam(input));
    if (args.json === true) writeJson(deps.io, json);
    else deps.io.stdout(`${describeTeam(json).join('\n')}\n`);
  });
}

/** Body of `tokenwise teams list`. */
export async function runTeamsList(deps: CliDeps, args: CommandArgs): Promise<void> {
  await withKeyStore(deps, async ({ keyStore, location }) => {
    const views = (await keyStore.listTeams()).map((team) => teamJson(team));
    if (args.json === true) {
      writeJson(deps.io, views);
      return;
    }
    if (views.length === 0) {
      deps.io.stdout(
        `No teams yet (${location}). Create one with: tokenwise teams create NAME --budget 100\n`,
      );
      return;
    }
    deps.io.stdout(
      formatTable({
        columns: [
          { header: 'Id' },
          { header: 'Name', maxWidth: 30 },
          { header: 'Budget', align: 'right' },
          { header: 'Period' },
          { header: 'Enabled' },
        ],
        rows: views.map((team) => [
          team.id,
          team.name,
          usdCell(team.budget_usd),
          team.period,
          team.enabled ? 'yes' : 'no',
        ]),
        tty: deps.io.stdoutIsTTY,
        colors: createColors(deps.io.color),
      }),
    );
  });
}

/** Body of `tokenwise teams show ID`. */
export async function runTeamsShow(deps: CliDeps, args: CommandArgs): Promise<void> {
  const id = required(args.id, 'team id');
  await withKeyStore(deps, async ({ keyStore, budgetStore }) => {
    const team = await keyStore.getTeam(id);
    if (team === undefined) throw unknown('team', id);
    const json = teamJson(team, await budgetStore.snapshot(teamScope(id)));
    if (args.json === true) writeJson(deps.io, json);
    else deps.io.stdout(`${describeTeam(json).join('\n')}\n`);
  });
}

/** Opens the key store, runs `body`, and always closes it. */
async function withKeyStore(deps: CliDeps, body: (opened: OpenedKeyStore) => Promise<void>): Promise<void> {
  const opened = await deps.openKeyStore?.();
  if (opened === undefined) {
    throw new InvalidArgumentError({
      argument: 'TOKENWISE_DATABASE_URL',
      message:
        'Keys and teams live in a database: set TOKENWISE_DATABASE_URL=postgres://user@host:5432/db. Without one, ' +
        'TokenWise keeps budgets in memory and has no key store that outlives a command.',
    });
  }
  try {
    await body(opened);
  } finally {
    await opened.close();
  }
}

function describeKey(key: KeyJson): string[] {
  const lines = [
    `Key ${key.id} (${key.name})`,
    `  prefix:       ${key.prefix}…`,
    `  status:       ${key.status}`,
    `  team:         ${key.team_id ?? 'none'}`,
    `  budget:       ${budgetText(key.budget_usd, key.period)}`,
    `  per request:  ${key.max_per_request_usd === null ? 'no maximum' : `$${key.max_per_request_usd}`}`,
    `  models:       ${key.allowed_models.length === 0 ? 'all' : key.allowed_models.join(', ')}`,
    `  strategies:   ${key.allowed_strategies.length === 0 ? 'all' : key.allowed_strategies.join(', ')}`,
    `  expires:      ${key.expires_at ?? 'never'}`,
  ];
  if (key.revoked_at !== null) lines.push(`  revoked:      ${key.revoked_at}`);
  return [...lines, ...spendLines(key.spend)];
}

function describeTeam(team: TeamJson): string[] {
  return [
    `Team ${team.id} (${team.name})`,
    `  enabled:      ${team.enabled ? 'yes' : 'no'}`,
    `  budget:       ${budgetText(team.budget_usd, team.period)}`,
    `  per request:  ${team.max_per_request_usd === null ? 'no maximum' : `$${team.max_per_request_usd}`}`,
    ...spendLines(team.spend),
  ];
}

function spendLines(spend: KeyJson['spend']): string[] {
  if (spend === undefined) return [];
  const window =
    spend.window_start === null ? 'since creation' : `${spend.window_start} → ${spend.window_end}`;
  return [
    `  window:       ${window}`,
    `  spent:        $${spend.spent_usd}`,
    `  in flight:    $${spend.reserved_usd} (${spend.open_reservations} reservations)`,
    `  remaining:    ${spend.remaining_usd === null ? 'unlimited' : `$${spend.remaining_usd}`}`,
  ];
}

function budgetText(budget: string | null, period: string): string {
  if (budget === null) return 'none (spend is tracked)';
  return period === 'none' ? `$${budget}` : `$${budget} per ${period}`;
}

function usdCell(amount: string | null): string {
  return amount === null ? '—' : `$${amount}`;
}

function budgetFields(args: CommandArgs): Record<string, string> {
  return {
    ...defined('budget_usd', text(args.budget)?.replace(/^\$/, '')),
    ...defined('period', text(args.period)),
    ...defined('max_per_request_usd', text(args.maxPerRequest)?.replace(/^\$/, '')),
  };
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

function list(value: unknown): string[] | undefined {
  const raw = text(value);
  return raw === undefined
    ? undefined
    : raw
        .split(',')
        .map((item) => item.trim())
        .filter((item) => item !== '');
}

function defined<T>(field: string, value: T | undefined): Record<string, T> {
  return value === undefined ? {} : { [field]: value };
}

function required(value: unknown, what: string): string {
  const id = text(value);
  if (id === undefined) throw new InvalidArgumentError({ argument: what, message: `Missing ${what}.` });
  return id;
}

function unknown(kind: 'key' | 'team', id: string): InvalidArgumentError {
  return new InvalidArgumentError({ argument: `${kind} id`, message: `No ${kind} with id "${id}".` });
}
