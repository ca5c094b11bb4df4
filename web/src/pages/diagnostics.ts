// Diagnostics (issue 12 item 5): the DM01 waiting list for tests, against the 6-week standard - England, a region or
// a provider, all tests or one: the share waiting under 6 weeks each month beside the recovery plan's 95% (by March
// 2025) and the older 99% standard, the share by test, and a league table of providers that searches and sorts.
// Figures are `elective stats` on the DM01 file (GET /api/diagnostics).
import { getJson, type StatsRow } from '../api';
import { barChart, colours, figure, lineChart, renderTable, type TableCell } from '../charts';
import { count, escapeHtml, monthLabel, percent, titleCase, weeks } from '../format';
import { num, rememberInHash } from './common';
import { card, chartNumbers, hashParams, providerIndex, ragShare, runSearch, searchField } from './lists';

interface Dm01Response {
  rows: StatsRow[];
  names?: Record<string, string>;
  regions?: Record<string, string>;
  months?: string[];
}

interface State {
  provider?: string;
  region?: string;
  test: string; // ALL or a test ID
  month: string;
}

type Query = Record<string, string | undefined>;
const dm01 = async (q: Query) => getJson<Dm01Response>('/api/diagnostics', q);

export async function renderDiagnostics(main: HTMLElement): Promise<void> {
  const [meta, tests] = await Promise.all([dm01({ names: '1' }), dm01({ by: 'test' })]);
  const names = meta.names ?? {};
  const regions = meta.regions ?? {};
  const months = meta.months ?? [];
  const latest = months.at(-1) ?? '';
  const testNames = new Map(tests.rows.map((r) => [String(r.test_id), String(r.test)]));
  const index = providerIndex(names);
  const params = hashParams();
  const state: State = {
    provider: params.get('provider') && params.get('provider')! in names ? params.get('provider')! : undefined,
    region: params.get('region') && params.get('region')! in regions ? params.get('region')! : undefined,
    test: testNames.has(params.get('test') ?? '') ? params.get('test')! : 'ALL',
    month: months.includes(params.get('month') ?? '') ? params.get('month')! : latest,
  };
  const providerLabel = (code: string) => (names[code] ? `${titleCase(names[code])} (${code})` : code);
  const sortedRegions = Object.entries(regions).sort((a, b) => a[1].localeCompare(b[1]));

  main.innerHTML = `<h1>Diagnostics: the 6-week standard</h1>
    <p class="lead">How long people wait for a diagnostic test (MRI, CT, ultrasound, endoscopy and 11 more), from NHS England's monthly diagnostics waiting list (DM01), ${escapeHtml(monthLabel(months[0] ?? ''))} to ${escapeHtml(monthLabel(latest))}.
      The standard: under 1% waiting 6 weeks or more (99% within 6 weeks); the elective recovery plan's ambition: 95% within 6 weeks by March 2025.</p>
    <form id="dm01-form" class="panel filters" aria-label="Choose what to show">
      ${searchField('dm01-search', index, state.provider ? providerLabel(state.provider) : '')}
      <div class="field"><label for="dm01-region">Region</label>
        <select id="dm01-region"><option value="">All of England</option>${sortedRegions.map(([c, n]) => `<option value="${escapeHtml(c)}">${escapeHtml(n)}</option>`).join('')}</select></div>
      <div class="field"><label for="dm01-test">Test</label>
        <select id="dm01-test"><option value="ALL">All tests</option>${[...testNames].map(([id, n]) => `<option value="${escapeHtml(id)}">${escapeHtml(n)}</option>`).join('')}</select></div>
      <div class="field"><label for="dm01-month">Month</label>
        <select id="dm01-month">${[...months].reverse().map((m) => `<option value="${m}">${escapeHtml(monthLabel(m))}</option>`).join('')}</select></div>
    </form>
    <div id="dm01-search-result" role="status" aria-live="polite"></div>
    <div id="dm01-view"></div>`;

  const search = main.querySelector<HTMLInputElement>('#dm01-search')!;
  const regionSelect = main.querySelector<HTMLSelectElement>('#dm01-region')!;
  const testSelect = main.querySelector<HTMLSelectElement>('#dm01-test')!;
  const monthSelect = main.querySelector<HTMLSelectElement>('#dm01-month')!;
  const result = main.querySelector<HTMLDivElement>('#dm01-search-result')!;
  const view = main.querySelector<HTMLDivElement>('#dm01-view')!;
  const showState = () => {
    regionSelect.value = state.region ?? '';
    testSelect.value = state.test;
    monthSelect.value = state.month;
    search.value = state.provider ? providerLabel(state.provider) : '';
  };

  let generation = 0;
  const update = async () => {
    const mine = ++generation;
    rememberInHash('diagnostics', {
      provider: state.provider,
      region: state.region,
      test: state.test === 'ALL' ? undefined : state.test,
      month: state.month === latest ? undefined : state.month,
    });
    const target = document.createElement('div');
    try {
      await renderView(target, state, { names, regions, testNames, providerLabel }, () => mine === generation && (view.replaceChildren(target), true));
    } catch (error) {
      if (mine === generation) view.innerHTML = `<div class="error-summary" role="alert"><p>${escapeHtml((error as Error).message)}</p></div>`;
    }
  };
  const choose = (code: string | undefined) => {
    state.provider = code;
    showState();
    void update().then(() => view.querySelector<HTMLElement>('#dm01-scope')?.focus());
  };
  main.querySelector('#dm01-search-find')!.addEventListener('click', () => runSearch(index, search.value, result, choose));
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      runSearch(index, search.value, result, choose);
    }
  });
  main.querySelector('#dm01-form')!.addEventListener('change', (e) => {
    if (e.target === search) return;
    state.region = regionSelect.value || undefined;
    state.test = testSelect.value || 'ALL';
    state.month = monthSelect.value || latest;
    result.innerHTML = '';
    void update();
  });
  main.addEventListener('click', (e) => {
    const button = (e.target as HTMLElement).closest<HTMLElement>('[data-select]');
    const value = button?.dataset.select;
    if (!value) return;
    const [kind, key] = [value.slice(0, value.indexOf(':')), value.slice(value.indexOf(':') + 1)];
    if (kind === 'provider') {
      result.innerHTML = '';
      choose(key || undefined);
    } else if (kind === 'test') {
      state.test = key;
      showState();
      void update();
    }
  });
  showState();
  await update();
}

interface Context {
  names: Record<string, string>;
  regions: Record<string, string>;
  testNames: Map<string, string>;
  providerLabel: (code: string) => string;
}

async function renderView(target: HTMLElement, state: State, c: Context, attach: () => boolean): Promise<void> {
  // A provider's figures are its own (the region filter narrows the league table only).
  const scope: Query = state.provider ? { provider: state.provider } : { region: state.region };
  const test = state.test;
  const [trend, byTest, league] = await Promise.all([
    dm01({ ...scope, test, by: 'month' }),
    dm01({ ...scope, month: state.month, by: 'test' }),
    dm01({ region: state.region, test, month: state.month, by: 'provider' }),
  ]);
  const head = trend.rows.find((r) => r.month === state.month) ?? trend.rows.at(-1)!;
  const where = state.provider ? c.providerLabel(state.provider) : state.region ? c.regions[state.region] ?? state.region : 'England';
  const testLabel = test === 'ALL' ? 'all tests' : c.testNames.get(test) ?? test;
  const who = `${where}, ${testLabel}`;
  const pctWithin = num(head.pct_within_6_weeks);
  const total = num(head.total);
  const over6 = num(head.over_6_weeks);
  const over13 = num(head.over_13_weeks);
  const medianCensored = head.median_censored === true;
  target.innerHTML = `<h2 id="dm01-scope" tabindex="-1">${escapeHtml(who)}</h2>
    ${state.provider ? '<p><button type="button" class="link-button" data-select="provider:">Show England again</button></p>' : ''}
    <h3 class="visually-hidden">Headline figures</h3>
    <div class="cards" aria-live="polite">
      ${card('dm01-card-total', 'Waiting for a test', count(total), `at the end of ${escapeHtml(monthLabel(String(head.month)))}`)}
      ${card('dm01-card-pct', 'Within 6 weeks', percent(pctWithin), ragShare(pctWithin, 0.95, 'the 95% ambition'))}
      ${card('dm01-card-over6', 'Waiting 6 weeks or more', count(over6), total ? `${percent((over6 ?? 0) / total)} of the list (standard: under 1%)` : '')}
      ${card('dm01-card-over13', 'Waiting 13 weeks or more', count(over13), 'the longest band of DM01')}
      ${card('dm01-card-median', 'Median wait', weeks(num(head.median_weeks), medianCensored), 'half wait less than this')}
    </div>
    <div class="grid-2">
      ${figure('chart-dm01-trend', `Share within 6 weeks: ${who}`, `Line chart of the share of the diagnostics waiting list within 6 weeks each month for ${who}, with the 95% ambition and the 99% standard`)}
      ${figure('chart-dm01-tests', `Share within 6 weeks by test: ${where}, ${monthLabel(state.month)}`, `Bar chart of the share within 6 weeks for each of the 15 tests, ${where}`, 420)}
    </div>
    ${figure('chart-dm01-waits', `Waiting 6 and 13 weeks or more: ${who}`, `Line chart of the number waiting 6 weeks or more and 13 weeks or more each month for ${who}`)}
    <div id="dm01-tests-table"></div>
    <h3>Providers</h3>
    <p class="hint">Every provider ${state.region ? `in ${escapeHtml(c.regions[state.region] ?? state.region)}` : 'in England'} for ${escapeHtml(testLabel)}, ${escapeHtml(monthLabel(state.month))}. Choose a provider's name to show its figures.</p>
    <div id="dm01-league"></div>`;
  if (!attach()) return;

  const labels = trend.rows.map((r) => monthLabel(String(r.month)));
  lineChart(target.querySelector<HTMLCanvasElement>('#chart-dm01-trend')!, {
    labels,
    series: [
      { label: 'Within 6 weeks', data: trend.rows.map((r) => num(r.pct_within_6_weeks)), colour: colours.blue },
      { label: 'Ambition: 95% by March 2025', data: trend.rows.map(() => 0.95), colour: colours.orange, dashed: true },
      { label: 'Standard: 99%', data: trend.rows.map(() => 0.99), colour: colours.green, dashed: true },
    ],
    yTitle: 'Share within 6 weeks',
    yFormat: (v) => percent(v, 0),
  });
  lineChart(target.querySelector<HTMLCanvasElement>('#chart-dm01-waits')!, {
    labels,
    series: [
      { label: 'Waiting 6 weeks or more', data: trend.rows.map((r) => num(r.over_6_weeks)), colour: colours.orange },
      { label: 'Waiting 13 weeks or more', data: trend.rows.map((r) => num(r.over_13_weeks)), colour: colours.red },
    ],
    yTitle: 'People waiting',
    yMin: 0,
  });
  barChart(target.querySelector<HTMLCanvasElement>('#chart-dm01-tests')!, {
    labels: byTest.rows.map((r) => String(r.test)),
    series: [{ label: 'Within 6 weeks', data: byTest.rows.map((r) => num(r.pct_within_6_weeks)), colour: colours.blue }],
    yTitle: 'Share within 6 weeks',
    yFormat: (v) => percent(v, 0),
    horizontal: true,
  });

  chartNumbers(target, 'chart-dm01-trend', `Share within 6 weeks: ${who}`, 'Month', percent);
  chartNumbers(target, 'chart-dm01-waits', `Waiting 6 and 13 weeks or more: ${who}`, 'Month', count);
  chartNumbers(target, 'chart-dm01-tests', `Share within 6 weeks by test: ${where}`, 'Test', percent);
  renderTable(target.querySelector('#dm01-tests-table'), `Tests: ${where}, ${monthLabel(state.month)}`,
    ['Test', 'Waiting', 'Within 6 weeks', 'Waiting 6+ weeks', 'Waiting 13+ weeks', 'Tests in the month'],
    byTest.rows.map((r) => [
      { text: String(r.test), sort: String(r.test), select: `test:${String(r.test_id)}` },
      { text: count(num(r.total)), sort: num(r.total) },
      { text: percent(num(r.pct_within_6_weeks)), sort: num(r.pct_within_6_weeks) },
      { text: count(num(r.over_6_weeks)), sort: num(r.over_6_weeks) },
      { text: count(num(r.over_13_weeks)), sort: num(r.over_13_weeks) },
      { text: count(num(r.activity)), sort: num(r.activity) },
    ]), { sortable: true, sortBy: 1, descending: true });

  const rows = league.rows.map((r): TableCell[] => {
    const code = String(r.provider);
    const name = { text: c.providerLabel(code), sort: c.providerLabel(code), select: `provider:${code}` };
    if (code === state.provider) name.text += ' (chosen)';
    const rowsDisagreeing = num(r.rows_disagreeing) ?? 0;
    return [
      name,
      { text: count(num(r.total)), sort: num(r.total) },
      { text: percent(num(r.pct_within_6_weeks)), sort: num(r.pct_within_6_weeks) },
      { text: count(num(r.over_6_weeks)), sort: num(r.over_6_weeks) },
      { text: count(num(r.over_13_weeks)), sort: num(r.over_13_weeks) },
      { text: weeks(num(r.median_weeks), r.median_censored === true), sort: num(r.median_weeks) },
      { text: rowsDisagreeing ? `${rowsDisagreeing} source row(s) disagree with their week bands` : '' },
    ];
  });
  renderTable(target.querySelector('#dm01-league'), `League table of providers: ${state.region ? c.regions[state.region] ?? state.region : 'England'}, ${testLabel}, ${monthLabel(state.month)}`,
    ['Provider', 'Waiting', 'Within 6 weeks', 'Waiting 6+ weeks', 'Waiting 13+ weeks', 'Median wait', 'Notes'], rows,
    { sortable: true, sortBy: 1, descending: true });
  target.querySelector('#dm01-league table')?.classList.add('league-table');
}
