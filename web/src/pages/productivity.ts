// Productivity (issue 16 item 5): treatments (completed RTT pathways, "clock stops") per consultant, per doctor
// and per general and acute bed, trust by trust (or by ICB or region), against what each trust's consultants and
// specialty mix would complete at national rates; the peers' median and upper quartile; the capacity a trust
// would add at them; and the elasticity of treatments to staff with its held-out error beside naive scaling.
// Figures are `elective productivity` (GET /api/productivity, /api/productivity/elasticity; docs/statistics.md
// "Productivity").
import { getJson, type StatsRow } from '../api';
import { colours, figure, lineChart, renderTable, type TableCell } from '../charts';
import { count, escapeHtml, monthLabel, percent, titleCase } from '../format';
import { num, rememberInHash } from './common';
import { card, chartNumbers, hashParams } from './lists';

interface Summary {
  month: string;
  months: string[];
  peer_median_ratio: number;
  peer_upper_quartile_ratio: number;
  trusts_compared: number;
  rtt_providers_without_staff: number;
}

interface ProductivityResponse {
  rows: StatsRow[];
  summary?: Summary;
}

type Level = 'provider' | 'icb' | 'region';
const levelWords: Record<Level, { one: string; many: string }> = {
  provider: { one: 'Trust', many: 'trusts' },
  icb: { one: 'Integrated care board', many: 'integrated care boards' },
  region: { one: 'Region', many: 'regions' },
};

// The caveats the engine flags (stats/productivity.hpp), in plain words.
const flagWords: Record<string, string> = {
  merged_provider_group: 'merged row: several trusts reported together',
  undercounted_specialty: 'treatments by specialty undercounted: mix uncertain',
  unreported_month: 'nothing reported this month',
  not_acute_trust: 'not an acute trust: not compared',
  partial_workforce: 'part of the merged row has no staff figures',
  no_consultants: 'no consultants in the staff figures',
  no_beds_row: 'no beds figures for this trust',
  no_beds_quarter: 'no beds figures for this quarter',
  trend_months_missing: 'some months of the trend missing',
};

export function flagsInWords(flags: unknown): string {
  const list = String(flags ?? '').split(';').filter(Boolean);
  return list.map((f) => flagWords[f] ?? f.replace(/_/g, ' ')).join('; ');
}

const ratio = (v: number | null) => (v === null ? '–' : v.toFixed(2));
const decimal = (v: number | null) => (v === null ? '–' : v.toFixed(1));

function trendWords(perMonth: number | null): string {
  if (perMonth === null) return '–';
  if (Math.abs(perMonth) < 0.005) return 'steady';
  return `${perMonth > 0 ? 'rising' : 'falling'} ${Math.abs(perMonth).toFixed(2)} a month`;
}

export async function renderProductivity(main: HTMLElement): Promise<void> {
  const params = hashParams();
  const level: Level = (['provider', 'icb', 'region'] as const).find((l) => l === params.get('by')) ?? 'provider';
  const first = await getJson<ProductivityResponse>('/api/productivity', { summary: '1', by: level, month: params.get('month') ?? undefined })
    .catch(() => getJson<ProductivityResponse>('/api/productivity', { summary: '1', by: level }));
  const months = first.summary?.months ?? [];
  const latest = months.at(-1) ?? '';
  const state = { by: level, month: first.summary?.month ?? latest };

  main.innerHTML = `<h1>Productivity: treatments per consultant, trust by trust</h1>
    <p class="lead">How many patients each NHS trust treats from its waiting list (completed pathways, “clock stops”) for each consultant, each doctor and each general and acute bed — and how that compares with what its consultants would complete at national rates for its mix of specialties.
      From NHS England's waiting-list, workforce and beds statistics.</p>
    <form id="prod-form" class="panel filters" aria-label="Choose what to show">
      <div class="field"><label for="prod-by">Compare</label>
        <select id="prod-by">${(Object.keys(levelWords) as Level[]).map((l) => `<option value="${l}">${escapeHtml(titleCase(levelWords[l].many))}</option>`).join('')}</select></div>
      <div class="field"><label for="prod-month">Month</label>
        <select id="prod-month">${[...months].reverse().map((m) => `<option value="${m}">${escapeHtml(monthLabel(m))}</option>`).join('')}</select></div>
    </form>
    <div id="prod-view" aria-live="polite"></div>
    <section aria-labelledby="prod-meaning">
      <h2 id="prod-meaning">What the standardised ratio means</h2>
      <p>A trust's <strong>standardised ratio</strong> is the treatments it completed divided by the treatments <em>expected</em> from its consultants: its consultants are shared out over its specialties in proportion to its waiting list, and each specialty is given England's rate of treatments per consultant. A ratio of 1.2 means 20% more treatments than a trust with the same consultants and specialty mix would complete at national rates; the expected figures of the trusts compared add up to their actual treatments.</p>
      <p>The <strong>peers</strong> are the acute trusts compared that month. “Added at the median” is how many more treatments a month a trust below the peers' median ratio would complete if it reached the median (and likewise for the upper quartile); trusts at or above it add nothing.</p>
      <h3>Caveats</h3>
      <ul>
        <li>Only consultants are in the expected figure: other doctors, nurses, theatres, beds and the complexity of cases within a specialty are not, so a low ratio is a question to ask, not a verdict.</li>
        <li>Some trusts report their treatments by specialty incompletely (they add up to less than their total); their specialty mix is less certain, and they are flagged.</li>
        <li>Merged rows hold several trusts reported together; they take the staff and beds of all of them.</li>
        <li>Mental health and community trusts are listed but left out of the comparison; independent-sector providers have no NHS staff figures and are not shown.</li>
        <li>Beds are the quarter's general and acute beds (KH03) for the month's quarter; a trust without a beds row has no figure per bed.</li>
      </ul>
    </section>
    <section aria-labelledby="prod-elasticity-title">
      <h2 id="prod-elasticity-title">How treatments follow staff numbers</h2>
      <div id="prod-elasticity"><p class="loading" role="status">Loading…</p></div>
    </section>`;

  const bySelect = main.querySelector<HTMLSelectElement>('#prod-by')!;
  const monthSelect = main.querySelector<HTMLSelectElement>('#prod-month')!;
  const view = main.querySelector<HTMLDivElement>('#prod-view')!;
  bySelect.value = state.by;
  monthSelect.value = state.month;

  let generation = 0;
  const update = async (data?: ProductivityResponse) => {
    const mine = ++generation;
    rememberInHash('productivity', { by: state.by === 'provider' ? undefined : state.by, month: state.month === latest ? undefined : state.month });
    try {
      const response = data ?? (await getJson<ProductivityResponse>('/api/productivity', { summary: '1', by: state.by, month: state.month }));
      if (mine !== generation) return;
      renderView(view, response, state.by);
    } catch (error) {
      if (mine === generation) view.innerHTML = `<div class="error-summary" role="alert"><p>${escapeHtml((error as Error).message)}</p></div>`;
    }
  };
  main.querySelector('#prod-form')!.addEventListener('change', () => {
    state.by = bySelect.value as Level;
    state.month = monthSelect.value || latest;
    void update();
  });
  await update(first);
  void renderElasticity(main.querySelector<HTMLDivElement>('#prod-elasticity')!);
}

function renderView(view: HTMLElement, data: ProductivityResponse, by: Level): void {
  const s = data.summary;
  const month = s?.month ?? String(data.rows[0]?.month ?? '');
  const words = levelWords[by];
  const key = (r: StatsRow) => String(r[by] ?? '');
  const label = (r: StatsRow) => (r.name ? `${titleCase(String(r.name))} (${key(r)})` : key(r));
  const compared = data.rows.filter((r) => num(r.standardised_ratio) !== null);
  const addedMedian = data.rows.reduce((sum, r) => sum + (num(r.added_clock_stops_at_median) ?? 0), 0);
  const addedUpper = data.rows.reduce((sum, r) => sum + (num(r.added_clock_stops_at_upper_quartile) ?? 0), 0);
  const totalStops = compared.reduce((sum, r) => sum + (num(r.clock_stops) ?? 0), 0);
  view.innerHTML = `<h2 id="prod-scope" tabindex="-1">${escapeHtml(titleCase(words.many))}, ${escapeHtml(monthLabel(month))}</h2>
    <div class="cards">
      ${card('prod-card-trusts', 'Acute trusts compared', count(s?.trusts_compared ?? null), s ? `${count(s.rtt_providers_without_staff)} other providers (mostly independent sector) have no NHS staff figures` : '')}
      ${card('prod-card-median', 'Peers’ median ratio', ratio(s?.peer_median_ratio ?? null), 'half the acute trusts complete more than this against expected')}
      ${card('prod-card-upper', 'Peers’ upper quartile', ratio(s?.peer_upper_quartile_ratio ?? null), 'a quarter of the acute trusts complete more than this')}
      ${card('prod-card-added-median', 'If every trust below the median reached it', `+${count(addedMedian)}`, `treatments in the month (${percent(totalStops ? addedMedian / totalStops : null)} more)`)}
      ${card('prod-card-added-upper', 'If every trust reached the upper quartile', `+${count(addedUpper)}`, `treatments in the month (${percent(totalStops ? addedUpper / totalStops : null)} more)`)}
    </div>
    ${figure('chart-prod-ratio', `Standardised ratio by ${words.one.toLowerCase()}, lowest to highest, ${monthLabel(month)}`, `Chart of the standardised ratio of each of ${compared.length} ${words.many}, sorted from lowest to highest, with the acute trusts' median and upper quartile as dashed lines`, 360)}
    <h3>League table</h3>
    <p class="hint">Every ${escapeHtml(words.one.toLowerCase())} with NHS staff figures, ${escapeHtml(monthLabel(month))}. Treatments are completed waiting-list pathways in the month. The trend is the change of the ratio per month over the months available.</p>
    <div id="prod-league"></div>`;

  const sorted = [...compared].sort((a, b) => (num(a.standardised_ratio) ?? 0) - (num(b.standardised_ratio) ?? 0));
  // Axis labels stay short: a merged row by its source name, long names cut (the table below has them whole).
  const chartLabel = (r: StatsRow) => {
    const text = key(r).startsWith('merged:') ? `${titleCase(String(r.name ?? ''))} (merged row)` : label(r);
    return text.length > 48 ? `${text.slice(0, 47)}…` : text;
  };
  lineChart(view.querySelector<HTMLCanvasElement>('#chart-prod-ratio')!, {
    labels: sorted.map(chartLabel),
    series: [
      { label: 'Standardised ratio', data: sorted.map((r) => num(r.standardised_ratio)), colour: colours.blue, point: true },
      { label: 'Peers’ median', data: sorted.map(() => s?.peer_median_ratio ?? null), colour: colours.orange, dashed: true },
      { label: 'Peers’ upper quartile', data: sorted.map(() => s?.peer_upper_quartile_ratio ?? null), colour: colours.green, dashed: true },
    ],
    yTitle: 'Treatments / expected',
    yFormat: (v) => v.toFixed(1),
    yMin: 0,
  });
  chartNumbers(view, 'chart-prod-ratio', `Standardised ratio by ${words.one.toLowerCase()}`, words.one, ratio);

  const rows = data.rows.map((r): TableCell[] => [
    { text: label(r), sort: label(r) },
    { text: count(num(r.clock_stops)), sort: num(r.clock_stops) },
    { text: decimal(num(r.consultant_fte)), sort: num(r.consultant_fte) },
    { text: decimal(num(r.clock_stops_per_consultant_fte)), sort: num(r.clock_stops_per_consultant_fte) },
    { text: decimal(num(r.clock_stops_per_bed)), sort: num(r.clock_stops_per_bed) },
    { text: count(num(r.expected_clock_stops)), sort: num(r.expected_clock_stops) },
    { text: ratio(num(r.standardised_ratio)), sort: num(r.standardised_ratio) },
    { text: trendWords(num(r.standardised_ratio_trend_per_month)), sort: num(r.standardised_ratio_trend_per_month) },
    { text: count(num(r.added_clock_stops_at_median)), sort: num(r.added_clock_stops_at_median) },
    { text: count(num(r.added_clock_stops_at_upper_quartile)), sort: num(r.added_clock_stops_at_upper_quartile) },
    { text: flagsInWords(r.flags) },
  ]);
  renderTable(view.querySelector('#prod-league'), `Productivity league table: ${words.many}, ${monthLabel(month)}`,
    [words.one, 'Treatments', 'Consultants (FTE)', 'Per consultant', 'Per bed', 'Expected', 'Standardised ratio', 'Trend of the ratio', 'Added at the median', 'Added at the upper quartile', 'Notes'],
    rows, { sortable: true, sortBy: 6, descending: true });
  view.querySelector('#prod-league table')?.classList.add('league-table', 'productivity-table');
}

async function renderElasticity(target: HTMLElement): Promise<void> {
  let rows: StatsRow[];
  try {
    rows = (await getJson<{ rows: StatsRow[] }>('/api/productivity/elasticity')).rows;
  } catch (error) {
    target.innerHTML = `<p>The elasticity could not be estimated on this server: ${escapeHtml((error as Error).message)}</p>`;
    return;
  }
  const fitted = rows.find((r) => r.method === 'fitted');
  const naive = rows.find((r) => r.method === 'naive_scaling');
  const persistence = rows.find((r) => r.method === 'persistence');
  const beta = num(fitted?.beta);
  const se = num(fitted?.beta_se);
  const methodWords: Record<string, string> = {
    fitted: 'Estimated from the data (within each trust, month to month)',
    naive_scaling: 'Naive scaling: treatments in proportion to consultants',
    persistence: 'Persistence: treatments unchanged whatever the staff',
  };
  target.innerHTML = `<p id="prod-elasticity-text">Within the same trust, 1% more consultants went with about <strong>${beta === null ? '–' : (beta).toFixed(2)}%</strong> more treatments${se === null ? '' : ` (give or take ${se.toFixed(2)})`}, estimated on ${count(num(fitted?.trusts))} acute trusts over ${escapeHtml(String(fitted?.training_months ?? ''))} and checked on the later months ${escapeHtml(String(fitted?.held_out_months ?? ''))}, which the estimate did not see.
      On those months its average error was ${percent(num(fitted?.held_out_mape))}, against ${percent(num(naive?.held_out_mape))} for naive scaling and ${percent(num(persistence?.held_out_mape))} for assuming no change: staff numbers moved little within a year, so the three are close and the estimate is uncertain. The scenario builder's workforce levers use this elasticity.</p>
    <div id="prod-elasticity-table"></div>`;
  renderTable(target.querySelector('#prod-elasticity-table'), 'Elasticity of treatments to consultants, and the error of each method on held-out months',
    ['Method', 'Treatments % per 1% more consultants', 'Give or take', 'Average error on held-out months'],
    rows.map((r) => [
      { text: methodWords[String(r.method)] ?? String(r.method) },
      { text: num(r.beta)?.toFixed(2) ?? '–', sort: num(r.beta) },
      { text: num(r.beta_se)?.toFixed(2) ?? '–', sort: num(r.beta_se) },
      { text: percent(num(r.held_out_mape), 2), sort: num(r.held_out_mape) },
    ]));
}
