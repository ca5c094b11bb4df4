// Cancer (issue 12 item 5): the cancer waiting times standards - 28-day Faster Diagnosis (FDS), 31-day and 62-day -
// for England or a provider, all cancers or one type: performance each month against the operational standard and
// the dated ambitions, by cancer type, a league table of providers that searches and sorts, and in plain words what
// these data can and cannot tell (docs/statistics.md). Figures are `elective stats` on the CWT provider extract and
// the national series (GET /api/cancer).
import { getJson, type StatsRow } from '../api';
import { barChart, colours, figure, lineChart, renderTable, type TableCell } from '../charts';
import { count, escapeHtml, monthLabel, percent } from '../format';
import { addMonths } from './cards';
import { num, rememberInHash } from './common';
import { card, chartNumbers, hashParams, providerIndex, ragShare, runSearch, searchField } from './lists';

interface CwtResponse {
  rows: StatsRow[];
  names?: Record<string, string | null>;
  months?: string[];
}
type Query = Record<string, string | undefined>;
const cwt = async (q: Query) => getJson<CwtResponse>('/api/cancer', q);
// A provider without pathways in the latest month has no rows there: its cards and types say so.
const none: CwtResponse = { rows: [] };

// The standards as the API names them, with the short key kept in the address and their plain names.
const standards = [
  { key: '28', name: '28-day FDS', label: '28-day Faster Diagnosis Standard', what: 'told they have cancer, or that it was ruled out, within 28 days of an urgent referral' },
  { key: '31', name: '31-day Combined', label: '31-day standard', what: 'treated within 31 days of the decision to treat' },
  { key: '62', name: '62-day Combined', label: '62-day standard', what: 'treated within 62 days of an urgent referral' },
] as const;
type Standard = (typeof standards)[number];

interface State {
  standard: Standard;
  provider?: string;
  cancerType?: string;
}

const plainWords = `<aside class="panel plain-words" id="cwt-plain-words" aria-labelledby="cwt-plain-title">
    <h2 id="cwt-plain-title">What these figures can and cannot tell</h2>
    <p>Cancer waiting times count <strong>pathways that ended</strong> in the month: people told they have cancer or that it was ruled out (28 days), and treatments given (31 and 62 days). Each is counted once, when it ends, as within the standard or not.</p>
    <p>So they say what share of the people <em>seen</em> met the standard, by provider, cancer type and route. They do <strong>not</strong> say how many people are still waiting or how long they have waited so far, how late a breach was (day 63 and day 200 count the same), or anything about people whose pathway has not ended. A provider that clears a backlog of long waiters shows a <em>worse</em> figure while it does so.</p>
    <p>The number waiting over 62 days (an ambition of the recovery plan) comes from a separate collection that this tool does not have.</p>
  </aside>`;

export async function renderCancer(main: HTMLElement): Promise<void> {
  const meta = await cwt({ standard: '28-day FDS', by: 'provider', names: '1' });
  const names = meta.names ?? {};
  const months = meta.months ?? [];
  const latest = months.at(-1) ?? '';
  const index = providerIndex(names);
  const params = hashParams();
  const state: State = {
    standard: standards.find((s) => s.key === params.get('standard')) ?? standards[0],
    provider: params.get('provider') && params.get('provider')! in names ? params.get('provider')! : undefined,
    cancerType: params.get('cancer_type') ?? undefined,
  };
  const providerLabel = (code: string) => index.find((m) => m.code === code)?.label ?? code;
  const gaps: string[] = [];
  for (let i = 1; i < months.length; ++i) {
    if (addMonths(months[i - 1], 1) !== months[i]) gaps.push(`${monthLabel(addMonths(months[i - 1], 1))} to ${monthLabel(addMonths(months[i], -1))}`);
  }

  main.innerHTML = `<h1>Cancer waiting times</h1>
    <p class="lead">The share of people with suspected or diagnosed cancer seen within the standards, from NHS England's Cancer Waiting Times by provider, ${escapeHtml(monthLabel(months[0] ?? ''))} to ${escapeHtml(monthLabel(latest))}${gaps.length ? ` (the extract has no months from ${escapeHtml(gaps.join(', '))})` : ''}.
      Standards: 28 days to a diagnosis 75% (ambitions 77% by March 2025 and 80% by March 2026), 31 days from decision to treatment 96%, 62 days from urgent referral to treatment 85% (interim 75% by March 2026).</p>
    ${plainWords}
    <form id="cwt-form" class="panel filters" aria-label="Choose what to show">
      <div class="field"><label for="cwt-standard">Standard</label>
        <select id="cwt-standard">${standards.map((s) => `<option value="${s.key}">${escapeHtml(s.label)}</option>`).join('')}</select></div>
      ${searchField('cwt-search', index, state.provider ? providerLabel(state.provider) : '')}
      <div class="field"><label for="cwt-type">Cancer type</label><select id="cwt-type"></select></div>
    </form>
    <div id="cwt-search-result" role="status" aria-live="polite"></div>
    <div id="cwt-view"></div>`;

  const standardSelect = main.querySelector<HTMLSelectElement>('#cwt-standard')!;
  const search = main.querySelector<HTMLInputElement>('#cwt-search')!;
  const typeSelect = main.querySelector<HTMLSelectElement>('#cwt-type')!;
  const result = main.querySelector<HTMLDivElement>('#cwt-search-result')!;
  const view = main.querySelector<HTMLDivElement>('#cwt-view')!;

  // The cancer types of a standard (the 28-day rows name suspected cancers; the 31- and 62-day rows diagnosed
  // ones), from its rows by type over the whole extract.
  const types = new Map<string, string[]>();
  const typesOf = async (s: Standard) => {
    if (!types.has(s.key)) {
      const rows = (await cwt({ standard: s.name, by: 'cancer_type' })).rows;
      types.set(s.key, rows.map((r) => String(r.cancer_type)).sort((a, b) => a.localeCompare(b, 'en-GB')));
    }
    return types.get(s.key)!;
  };
  const showState = async () => {
    standardSelect.value = state.standard.key;
    const list = await typesOf(state.standard);
    if (state.cancerType && !list.includes(state.cancerType)) state.cancerType = undefined;
    typeSelect.innerHTML = `<option value="">All cancers</option>${list.map((t) => `<option value="${escapeHtml(t)}">${escapeHtml(t)}</option>`).join('')}`;
    typeSelect.value = state.cancerType ?? '';
    search.value = state.provider ? providerLabel(state.provider) : '';
  };

  let generation = 0;
  const update = async () => {
    const mine = ++generation;
    rememberInHash('cancer', {
      standard: state.standard.key === '28' ? undefined : state.standard.key,
      provider: state.provider,
      cancer_type: state.cancerType,
    });
    const target = document.createElement('div');
    try {
      await renderView(target, state, { latest, providerLabel }, () => mine === generation && (view.replaceChildren(target), true));
    } catch (error) {
      if (mine === generation) view.innerHTML = `<div class="error-summary" role="alert"><p>${escapeHtml((error as Error).message)}</p></div>`;
    }
  };
  const choose = (code: string | undefined) => {
    state.provider = code;
    void showState().then(update).then(() => view.querySelector<HTMLElement>('#cwt-scope')?.focus());
  };
  main.querySelector('#cwt-search-find')!.addEventListener('click', () => runSearch(index, search.value, result, choose));
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      runSearch(index, search.value, result, choose);
    }
  });
  main.querySelector('#cwt-form')!.addEventListener('change', (e) => {
    if (e.target === search) return;
    state.standard = standards.find((s) => s.key === standardSelect.value) ?? standards[0];
    state.cancerType = e.target === standardSelect ? undefined : typeSelect.value || undefined;
    result.innerHTML = '';
    void showState().then(update);
  });
  main.addEventListener('click', (e) => {
    const value = (e.target as HTMLElement).closest<HTMLElement>('[data-select]')?.dataset.select;
    if (!value) return;
    const colon = value.indexOf(':');
    const [kind, key] = [value.slice(0, colon), value.slice(colon + 1)];
    if (kind === 'provider') {
      result.innerHTML = '';
      choose(key || undefined);
    } else if (kind === 'cancer_type') {
      state.cancerType = key;
      void showState().then(update);
    }
  });
  await showState();
  await update();
}

interface Context {
  latest: string;
  providerLabel: (code: string) => string;
}

async function renderView(target: HTMLElement, state: State, c: Context, attach: () => boolean): Promise<void> {
  const s = state.standard;
  const scope: Query = { provider: state.provider };
  const selected: Query = { ...scope, standard: s.name, cancer_type: state.cancerType };
  const england = !state.provider && !state.cancerType;
  const [headline, trend, byType, league, national] = await Promise.all([
    cwt({ ...scope, by: 'standard' }).catch(() => none),
    cwt({ ...selected, by: 'month' }),
    cwt({ ...scope, standard: s.name, by: 'cancer_type' }).catch(() => none),
    cwt({ standard: s.name, cancer_type: state.cancerType, by: 'provider' }),
    england ? cwt({ source: 'national', standard: s.name, by: 'month' }).catch(() => null) : Promise.resolve(null),
  ]);
  const where = state.provider ? c.providerLabel(state.provider) : 'England';
  const who = `${where}, ${state.cancerType ?? 'all cancers'}`;
  const month = String(headline.rows[0]?.month ?? c.latest);
  const standardCard = (r: StatsRow | undefined, x: Standard) => {
    if (!r) return card(`cwt-card-${x.key}`, x.label, '–', 'no pathways in the month');
    const value = num(r.performance);
    const threshold = num(r.threshold) ?? 0;
    const ambition = num(r.ambition);
    const ambitionText = ambition !== null && ambition !== threshold
      ? `<br>${ragShare(value, ambition, `the ${percent(ambition, 0)} ambition by ${monthLabel(String(r.ambition_by))}`)}` : '';
    return card(`cwt-card-${x.key}`, x.label, percent(value),
      `${ragShare(value, threshold, `the ${percent(threshold, 0)} standard`)}${ambitionText}<br>${count(num(r.within_standard))} of ${count(num(r.total))} ${escapeHtml(x.what)}`);
  };
  target.innerHTML = `<h2 id="cwt-scope" tabindex="-1">${escapeHtml(where)}</h2>
    ${state.provider ? '<p><button type="button" class="link-button" data-select="provider:">Show England again</button></p>' : ''}
    <h3 class="visually-hidden">Headline figures, ${escapeHtml(monthLabel(month))}</h3>
    <div class="cards" aria-live="polite">${standards.map((x) => standardCard(headline.rows.find((r) => r.standard === x.name), x)).join('')}</div>
    <p class="hint">All cancers, ${escapeHtml(monthLabel(month))}. Totals can hold halves: a pathway shared by two providers counts half to each.</p>
    <div class="grid-2">
      ${figure('chart-cwt-trend', `${s.label}: ${who}`, `Line chart of the share of pathways within the ${s.label} each month for ${who}, with the standard and the ambition in force`)}
      ${figure('chart-cwt-types', `${s.label} by cancer type: ${where}, ${monthLabel(month)}`, `Bar chart of the share within the ${s.label} for each cancer type, ${where}`, 420)}
    </div>
    ${national && national.rows.length ? figure('chart-cwt-national', `${s.label}: England since ${monthLabel(String(national.rows[0].month))} (national series)`, `Line chart of England's monthly share within the ${s.label} from NHS England's national series, with the standard`) : ''}
    <div id="cwt-types-table"></div>
    <h3>Providers</h3>
    <p class="hint">Every provider for the ${escapeHtml(s.label)}, ${escapeHtml(state.cancerType ?? 'all cancers')}, ${escapeHtml(monthLabel(String(league.rows[0]?.month ?? month)))}. Choose a provider's name to show its figures. Small totals swing widely from month to month.</p>
    <div id="cwt-league"></div>`;
  if (!attach()) return;

  lineChart(target.querySelector<HTMLCanvasElement>('#chart-cwt-trend')!, {
    labels: trend.rows.map((r) => monthLabel(String(r.month))),
    series: [
      { label: 'Within the standard', data: trend.rows.map((r) => num(r.performance)), colour: colours.blue },
      { label: 'Standard', data: trend.rows.map((r) => num(r.threshold)), colour: colours.green, dashed: true },
      ...(trend.rows.some((r) => num(r.ambition) !== null && num(r.ambition) !== num(r.threshold))
        ? [{ label: 'Ambition in force', data: trend.rows.map((r) => num(r.ambition)), colour: colours.orange, dashed: true }] : []),
    ],
    yTitle: 'Share within the standard',
    yFormat: (v) => percent(v, 0),
  });
  barChart(target.querySelector<HTMLCanvasElement>('#chart-cwt-types')!, {
    labels: byType.rows.map((r) => String(r.cancer_type)),
    series: [{ label: 'Within the standard', data: byType.rows.map((r) => num(r.performance)), colour: colours.blue }],
    yTitle: 'Share within the standard',
    yFormat: (v) => percent(v, 0),
    horizontal: true,
  });
  if (national && national.rows.length) {
    lineChart(target.querySelector<HTMLCanvasElement>('#chart-cwt-national')!, {
      labels: national.rows.map((r) => monthLabel(String(r.month))),
      series: [
        { label: 'Within the standard', data: national.rows.map((r) => num(r.performance)), colour: colours.darkBlue },
        { label: 'Standard', data: national.rows.map((r) => num(r.threshold)), colour: colours.green, dashed: true },
      ],
      yTitle: 'Share within the standard',
      yFormat: (v) => percent(v, 0),
    });
  }
  chartNumbers(target, 'chart-cwt-trend', `${s.label}: ${who}`, 'Month', percent);
  chartNumbers(target, 'chart-cwt-types', `${s.label} by cancer type: ${where}`, 'Cancer type', percent);
  if (national && national.rows.length) chartNumbers(target, 'chart-cwt-national', `${s.label}: England (national series)`, 'Month', percent);
  const performanceCells = (r: StatsRow): TableCell[] => [
    { text: count(num(r.total)), sort: num(r.total) },
    { text: count(num(r.within_standard)), sort: num(r.within_standard) },
    { text: count(num(r.breaches)), sort: num(r.breaches) },
    { text: percent(num(r.performance)), sort: num(r.performance) },
    { text: r.meets_threshold === true ? 'Yes' : r.meets_threshold === false ? 'No' : '–' },
  ];
  const headers = ['Pathways ended', 'Within the standard', 'Beyond it', 'Share within', 'Meets the standard'];
  renderTable(target.querySelector('#cwt-types-table'), `${s.label} by cancer type: ${where}, ${monthLabel(month)}`,
    ['Cancer type', ...headers],
    byType.rows.map((r) => [{ text: String(r.cancer_type), sort: String(r.cancer_type), select: `cancer_type:${String(r.cancer_type)}` }, ...performanceCells(r)]),
    { sortable: true, sortBy: 1, descending: true });
  renderTable(target.querySelector('#cwt-league'), `League table of providers: ${s.label}, ${state.cancerType ?? 'all cancers'}, ${monthLabel(String(league.rows[0]?.month ?? month))}`,
    ['Provider', ...headers],
    league.rows.map((r) => {
      const code = String(r.provider);
      const name: TableCell = { text: c.providerLabel(code), sort: c.providerLabel(code), select: `provider:${code}` };
      if (code === state.provider) name.text += ' (chosen)';
      return [name, ...performanceCells(r)];
    }),
    { sortable: true, sortBy: 1, descending: true });
  target.querySelector('#cwt-league table')?.classList.add('league-table');
}
