// The dashboard page's script (runs in the browser). Bundled with Chart.js by `pnpm --filter @tokenwise/proxy
// build:dashboard` into `../generated/dashboard-page.generated.ts`; never imported by the proxy itself.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from 'chart.js';

Chart.register(
  BarController,
  BarElement,
  CategoryScale,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);

/** Money as the API sends it: an exact decimal USD string. */
type Usd = string;

interface Slice {
  spend: Usd;
  requests: number;
  failedRequests: number;
  failoverRequests: number;
  attempts: number;
  failedAttempts: number;
  inputTokens: number;
  outputTokens: number;
}

interface Summary {
  since?: string;
  until?: string;
  bucket: 'hour' | 'day';
  totals: Slice;
  series: {
    start: string;
    spend: Usd;
    byModel: Record<string, Usd>;
    requests: number;
    failedRequests: number;
    failoverRequests: number;
  }[];
  byModel: Record<string, Slice>;
  byKey: Record<string, Slice>;
  byTeam: Record<string, Slice>;
  topRequests: {
    requestId: string;
    timestamp: string;
    modelAsked?: string;
    modelUsed: string;
    keyId?: string;
    teamId?: string;
    status?: number;
    outcome: string;
    cost: Usd;
    attempts: { modelId: string; attemptKind?: string; outcome: string; status?: number; cost: Usd }[];
  }[];
  budgets:
    | {
        id: string;
        scopeKind: 'process' | 'key' | 'team';
        scopeId?: string;
        limit?: Usd;
        period: string;
        windowStart?: string;
        windowEnd?: string;
        spent: Usd;
        reserved: Usd;
        remaining?: Usd;
        burn: { at: string; spent: Usd; remaining?: Usd }[];
      }[]
    | null;
  records: number;
}

const PALETTE = [
  '#2459d6',
  '#e07b00',
  '#1f9d55',
  '#b42318',
  '#7b3fe4',
  '#0891b2',
  '#c026d3',
  '#65a30d',
  '#92400e',
  '#475569',
];

const charts: { spend?: Chart; rates?: Chart; budgets: Chart[] } = { budgets: [] };
const state: { data?: Summary } = {};
// Exposed for the browser test and for anyone poking at the page: the charts and the data they were drawn from.
(window as unknown as { tokenwiseDashboard: unknown }).tokenwiseDashboard = { charts, state };

const form = document.getElementById('filters') as HTMLFormElement;
const status = document.getElementById('status')!;

function field(name: string): HTMLInputElement | HTMLSelectElement {
  return form.elements.namedItem(name) as HTMLInputElement | HTMLSelectElement;
}

/** `datetime-local` values are local time; the API takes ISO 8601 instants. */
function toIso(local: string): string | undefined {
  if (local === '') return undefined;
  const ms = new Date(local).getTime();
  return Number.isNaN(ms) ? undefined : new Date(ms).toISOString();
}

function toLocalInput(ms: number): string {
  const d = new Date(ms - new Date(ms).getTimezoneOffset() * 60_000);
  return d.toISOString().slice(0, 16);
}

function queryString(): string {
  const params = new URLSearchParams();
  const since = toIso(field('since').value);
  const until = toIso(field('until').value);
  if (since) params.set('since', since);
  if (until) params.set('until', until);
  params.set('bucket', field('bucket').value);
  for (const name of ['key', 'team', 'model']) if (field(name).value) params.set(name, field(name).value);
  params.set('top', '20');
  return params.toString();
}

const usd = (amount: Usd) => `$${amount}`;
const num = (amount: Usd) => Number(amount);
const percent = (part: number, whole: number) =>
  whole === 0 ? '0%' : `${((100 * part) / whole).toFixed(1)}%`;

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  text?: string | number,
  className?: string,
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

function table(
  target: HTMLTableElement,
  head: string[],
  rows: (string | number | Node)[][],
  numeric: number[],
) {
  target.replaceChildren();
  const tr = el('tr');
  for (const [i, h] of head.entries()) tr.append(el('th', h, numeric.includes(i) ? 'num' : ''));
  target.append(el('thead'));
  target.tHead!.append(tr);
  const body = el('tbody');
  if (rows.length === 0) {
    const empty = el('td', 'No records in this range.', 'empty');
    empty.colSpan = head.length;
    body.append(el('tr'));
    body.lastElementChild!.append(empty);
  }
  for (const row of rows) {
    const line = el('tr');
    row.forEach((cell, i) => {
      const td = el('td', undefined, numeric.includes(i) ? 'num' : '');
      if (cell instanceof Node) td.append(cell);
      else td.textContent = String(cell);
      line.append(td);
    });
    body.append(line);
  }
  target.append(body);
}

function fillSelect(name: string, values: string[]) {
  const select = field(name) as HTMLSelectElement;
  const current = select.value;
  const known = new Set([...select.options].map((o) => o.value));
  for (const value of values) {
    if (value === '(none)' || known.has(value)) continue;
    select.append(new Option(value, value));
  }
  select.value = current;
}

function renderTotals(data: Summary) {
  const t = data.totals;
  const cards: [string, string][] = [
    ['Spend', usd(t.spend)],
    ['Requests', t.requests.toLocaleString('en')],
    ['Failure rate', percent(t.failedRequests, t.requests)],
    ['Failover rate', percent(t.failoverRequests, t.requests)],
    ['Attempts', t.attempts.toLocaleString('en')],
    ['Tokens in / out', `${t.inputTokens.toLocaleString('en')} / ${t.outputTokens.toLocaleString('en')}`],
  ];
  const target = document.getElementById('totals')!;
  target.replaceChildren(
    ...cards.map(([label, value]) => {
      const card = el('div', undefined, 'card');
      card.dataset.metric = label;
      card.append(el('div', label, 'label'), el('div', value, 'value'));
      return card;
    }),
  );
}

function bucketLabel(start: string, bucket: 'hour' | 'day'): string {
  return bucket === 'day' ? start.slice(0, 10) : `${start.slice(0, 10)} ${start.slice(11, 16)}`;
}

function renderSpendChart(data: Summary) {
  // Models that spent something in a bucket (a model only named by refused requests has no bar).
  const charted = new Set(data.series.flatMap((p) => Object.keys(p.byModel)));
  const models = Object.keys(data.byModel).filter((model) => charted.has(model));
  const labels = data.series.map((p) => bucketLabel(p.start, data.bucket));
  charts.spend?.destroy();
  charts.spend = new Chart(document.getElementById('spend-chart') as HTMLCanvasElement, {
    type: 'bar',
    data: {
      labels,
      datasets: models.map((model, i) => ({
        label: model,
        data: data.series.map((p) => num(p.byModel[model] ?? '0')),
        backgroundColor: PALETTE[i % PALETTE.length]!,
        stack: 'spend',
      })),
    },
    options: {
      maintainAspectRatio: false,
      animation: false,
      scales: { x: { stacked: true }, y: { stacked: true, title: { display: true, text: 'USD' } } },
      plugins: {
        tooltip: {
          callbacks: {
            // The exact amount from the API, not the float the bar is drawn with.
            label: (item) =>
              `${item.dataset.label}: ${usd(data.series[item.dataIndex]?.byModel[item.dataset.label ?? ''] ?? '0')}`,
          },
        },
      },
    },
  });
}

function renderRatesChart(data: Summary) {
  const labels = data.series.map((p) => bucketLabel(p.start, data.bucket));
  charts.rates?.destroy();
  charts.rates = new Chart(document.getElementById('rates-chart') as HTMLCanvasElement, {
    type: 'line',
    data: {
      labels,
      datasets: [
        {
          label: 'requests',
          data: data.series.map((p) => p.requests),
          borderColor: PALETTE[0],
          backgroundColor: PALETTE[0],
        },
        {
          label: 'failed',
          data: data.series.map((p) => p.failedRequests),
          borderColor: PALETTE[3],
          backgroundColor: PALETTE[3],
        },
        {
          label: 'failed over',
          data: data.series.map((p) => p.failoverRequests),
          borderColor: PALETTE[1],
          backgroundColor: PALETTE[1],
        },
      ],
    },
    options: {
      maintainAspectRatio: false,
      animation: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
}

function renderScopes(data: Summary) {
  const budgetOf = (kind: 'key' | 'team', id: string) =>
    data.budgets?.find((b) => b.scopeKind === kind && b.scopeId === id);
  const rows = (kind: 'key' | 'team', slices: Record<string, Slice>) =>
    Object.entries(slices).map(([id, s]) => {
      const budget = budgetOf(kind, id);
      return [
        id,
        usd(s.spend),
        s.requests,
        percent(s.failedRequests, s.requests),
        budget?.limit === undefined ? '–' : usd(budget.limit),
        budget?.remaining === undefined ? '–' : usd(budget.remaining),
      ];
    });
  const head = ['id', 'spend', 'requests', 'failed', 'budget', 'remaining'];
  table(
    document.getElementById('by-key') as HTMLTableElement,
    head,
    rows('key', data.byKey),
    [1, 2, 3, 4, 5],
  );
  table(
    document.getElementById('by-team') as HTMLTableElement,
    head,
    rows('team', data.byTeam),
    [1, 2, 3, 4, 5],
  );
  table(
    document.getElementById('by-model') as HTMLTableElement,
    ['model', 'spend', 'attempts', 'failed attempts', 'requests answered', 'tokens in', 'tokens out'],
    Object.entries(data.byModel).map(([id, s]) => [
      id,
      usd(s.spend),
      s.attempts,
      s.failedAttempts,
      s.requests,
      s.inputTokens.toLocaleString('en'),
      s.outputTokens.toLocaleString('en'),
    ]),
    [1, 2, 3, 4, 5, 6],
  );
}

function renderBudgets(data: Summary) {
  const panel = document.getElementById('budgets-panel')!;
  const target = document.getElementById('budgets')!;
  for (const chart of charts.budgets) chart.destroy();
  charts.budgets = [];
  target.replaceChildren();
  if (data.budgets === null) {
    target.append(el('p', 'No budget store is configured: budgets are not shown.', 'empty'));
    return;
  }
  panel.hidden = false;
  if (data.budgets.length === 0)
    target.append(el('p', 'No budget is defined for the process or these keys and teams.', 'empty'));
  for (const budget of data.budgets) {
    const row = el('div', undefined, 'budget');
    const facts = el('div');
    facts.append(
      el('strong', budget.id),
      el('div', `limit ${budget.limit === undefined ? 'none' : usd(budget.limit)} per ${budget.period}`),
      el('div', `spent ${usd(budget.spent)}, reserved ${usd(budget.reserved)}`),
      el('div', `remaining ${budget.remaining === undefined ? '–' : usd(budget.remaining)}`),
      el('div', budget.windowStart ? `window ${budget.windowStart} → ${budget.windowEnd}` : 'no window'),
    );
    const box = el('div', undefined, 'chart');
    const canvas = el('canvas');
    canvas.dataset.budget = budget.id;
    box.append(canvas);
    row.append(facts, box);
    target.append(row);
    const limited = budget.limit !== undefined;
    charts.budgets.push(
      new Chart(canvas, {
        type: 'line',
        data: {
          labels: budget.burn.map((p) => p.at.slice(0, 16).replace('T', ' ')),
          datasets: [
            {
              label: limited ? 'remaining (USD)' : 'spent (USD)',
              data: budget.burn.map((p) => num(limited ? (p.remaining ?? '0') : p.spent)),
              borderColor: PALETTE[2],
              backgroundColor: 'rgba(31,157,85,0.15)',
              fill: true,
            },
          ],
        },
        options: { maintainAspectRatio: false, animation: false, scales: { y: { beginAtZero: true } } },
      }),
    );
  }
}

function routeOf(request: Summary['topRequests'][number]): Node {
  const route = el('div', undefined, 'route');
  route.append(el('span', request.modelAsked ?? '(not recorded)', 'hop asked'));
  for (const attempt of request.attempts) {
    route.append(el('span', '→', 'arrow'));
    const failed = attempt.outcome !== 'ok';
    const detail = `${attempt.modelId} · ${attempt.outcome}${attempt.status ? ` ${attempt.status}` : ''} · ${usd(attempt.cost)}`;
    const hop = el('span', detail, failed ? 'hop attempt failed' : 'hop attempt');
    if (attempt.attemptKind) hop.title = attempt.attemptKind;
    route.append(hop);
  }
  route.append(el('span', '⇒', 'arrow'), el('strong', request.modelUsed, 'used'));
  return route;
}

function renderTopRequests(data: Summary) {
  table(
    document.getElementById('top-requests') as HTMLTableElement,
    ['time', 'request', 'key / team', 'routing: asked → attempts ⇒ used', 'status', 'cost'],
    data.topRequests.map((r) => {
      const id = el('code', r.requestId);
      return [
        r.timestamp.replace('T', ' ').slice(0, 19),
        id,
        `${r.keyId ?? '–'} / ${r.teamId ?? '–'}`,
        routeOf(r),
        `${r.outcome}${r.status ? ` ${r.status}` : ''}`,
        usd(r.cost),
      ];
    }),
    [5],
  );
}

async function load() {
  status.textContent = 'Loading…';
  status.className = '';
  try {
    const response = await fetch(`/admin/api/summary?${queryString()}`, {
      headers: { accept: 'application/json' },
    });
    const body = await response.json();
    if (!response.ok) throw new Error(body?.error?.message ?? `HTTP ${response.status}`);
    const data = body as Summary;
    state.data = data;
    fillSelect('key', Object.keys(data.byKey));
    fillSelect('team', Object.keys(data.byTeam));
    fillSelect('model', Object.keys(data.byModel));
    renderTotals(data);
    renderSpendChart(data);
    renderRatesChart(data);
    renderScopes(data);
    renderBudgets(data);
    renderTopRequests(data);
    const range = `${data.since ?? 'the first record'} → ${data.until ?? 'now'}`;
    status.textContent = `${data.records.toLocaleString('en')} records, ${range}, per ${data.bucket}. Updated ${new Date().toLocaleTimeString()}.`;
    document.body.dataset.loaded = 'true';
  } catch (error) {
    status.textContent = `Could not load the ledger: ${(error as Error).message}`;
    status.className = 'error';
  }
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  void load();
});
for (const button of form.querySelectorAll<HTMLButtonElement>('button[data-range]')) {
  button.addEventListener('click', () => {
    const hours = button.dataset.range;
    field('since').value = hours === 'all' ? '' : toLocalInput(Date.now() - Number(hours) * 3_600_000);
    field('until').value = '';
    field('bucket').value = hours === 'all' || Number(hours) > 48 ? 'day' : 'hour';
    void load();
  });
}

// Defaults: everything, per day (the page is read-only; nothing is stored between visits).
field('bucket').value = 'day';
void load();
