// Overview: England (the NHS England national time series), a provider or a specialty (an RTT Full CSV
// dataset): list size, % within 18 weeks, long waits, median and 92nd percentile over time, and the current
// wait distribution by week.
import { codeNames, getJson, type CodeName, type Dataset, type NationalMonth, type StatsRow } from '../api';
import { barChart, chartOf, colours, figure, lineChart, renderTable } from '../charts';
import { count, escapeHtml, monthLabel, percent, titleCase, weeks } from '../format';
import { addMonths, cards, type Headline } from './cards';
import { datasetOptions, listDatasets, newest, num, options, rememberInHash, specialties } from './common';
import { renderProviders } from './providers';

export async function renderOverview(main: HTMLElement): Promise<void> {
  const datasets = await listDatasets();
  const rttSets = datasets.filter((d) => d.kind === 'rtt');
  const national = newest(datasets, 'national');
  const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const scope = params.get('scope') ?? (national ? 'england' : 'provider');
  let rtt: Dataset | undefined = rttSets.find((d) => String(d.id) === params.get('dataset')) ?? rttSets.at(-1);

  main.innerHTML = `<h1>Overview</h1>
    <p class="lead">How long people are waiting for planned hospital care (consultant-led referral to treatment), for England, a provider or a specialty.</p>
    <form id="scope-form" class="panel filters" aria-label="Choose what to show">
      <fieldset class="inline-radios"><legend>Show</legend>
        <label><input type="radio" name="scope" value="england"${scope === 'england' ? ' checked' : ''}${national ? '' : ' disabled'}> England</label>
        <label><input type="radio" name="scope" value="provider"${scope !== 'england' ? ' checked' : ''}${rtt ? '' : ' disabled'}> A provider or specialty</label>
      </fieldset>
      <div class="field" id="rtt-fields">
        <label for="dataset">RTT dataset</label>
        <select id="dataset">${datasetOptions(rttSets, rtt?.id)}</select>
        <label for="provider">Provider</label>
        <select id="provider"></select>
        <label for="tfc">Specialty</label>
        <select id="tfc"></select>
      </div>
    </form>
    <div id="overview-body"></div>
    <section id="providers-section" aria-labelledby="providers-title"></section>`;

  const form = main.querySelector<HTMLFormElement>('#scope-form')!;
  const datasetSelect = main.querySelector<HTMLSelectElement>('#dataset')!;
  const providerSelect = main.querySelector<HTMLSelectElement>('#provider')!;
  const tfcSelect = main.querySelector<HTMLSelectElement>('#tfc')!;
  const body = main.querySelector<HTMLDivElement>('#overview-body')!;

  const fillSelects = () => {
    providerSelect.innerHTML = options(codeNames(rtt?.summary.providers), params.get('provider') ?? undefined, 'All providers in the dataset');
    tfcSelect.innerHTML = options(specialties(rtt), params.get('tfc') ?? 'C_999');
  };
  fillSelects();

  // Each change starts a new render; a slower, older one must not overwrite a newer one.
  let generation = 0;
  const update = async () => {
    const mine = ++generation;
    const chosen = (form.querySelector<HTMLInputElement>('input[name=scope]:checked')?.value ?? 'england') as string;
    main.querySelector<HTMLElement>('#rtt-fields')!.hidden = chosen === 'england';
    const target = document.createElement('div');
    target.innerHTML = '<p class="loading" role="status">Loading…</p>';
    if (chosen === 'england' && national) await renderEngland(target, national, rttSets.at(-1), () => mine === generation && swap(target));
    else if (rtt) await renderRtt(target, rtt, providerSelect.value || undefined, tfcSelect.value || undefined, () => mine === generation && swap(target));
    else target.innerHTML = '<p>No RTT dataset is loaded. Upload one on the <a href="#/data">Data</a> page.</p>';
    if (mine === generation) swap(target);
  };
  // Charts need their canvas in the document to size themselves, so a render attaches its container first.
  const swap = (target: HTMLElement) => {
    if (body.firstChild !== target) body.replaceChildren(target);
    return true;
  };
  // The selection is kept in the address (#/overview?scope=provider&provider=RBD&tfc=C_110), so a copied link
  // or a reload shows the same view; the providers section below keeps its own keys beside these.
  const remember = () => {
    const chosen = form.querySelector<HTMLInputElement>('input[name=scope]:checked')?.value ?? 'england';
    const rttScope = chosen !== 'england';
    rememberInHash('overview', {
      scope: chosen,
      dataset: rttScope && rtt ? String(rtt.id) : undefined,
      provider: rttScope ? providerSelect.value : undefined,
      tfc: rttScope ? tfcSelect.value : undefined,
    });
  };
  form.addEventListener('change', (e) => {
    if (e.target === datasetSelect) {
      rtt = rttSets.find((d) => String(d.id) === datasetSelect.value);
      params.delete('provider');
      params.delete('tfc');
      fillSelects();
    }
    remember();
    void update();
  });
  await Promise.all([update(), renderProviders(main.querySelector<HTMLElement>('#providers-section')!)]);
}

async function renderEngland(body: HTMLElement, national: Dataset, rtt: Dataset | undefined, attach: () => boolean): Promise<void> {
  const { months } = await getJson<{ months: NationalMonth[] }>('/api/national', { dataset: national.id });
  const v = (m: NationalMonth, k: string) => num(m[k]);
  const latest = [...months].reverse().find((m) => v(m, 'incomplete_total') !== null)!;
  const labels = months.map((m) => monthLabel(m.month));
  const headline = (m: NationalMonth): Headline => ({
    month: m.month,
    list: v(m, 'incomplete_total_est') ?? v(m, 'incomplete_total'),
    pct18: v(m, 'incomplete_pct_within_18_weeks_est') ?? v(m, 'incomplete_pct_within_18_weeks'),
    over52: v(m, 'incomplete_over_52_weeks_est') ?? v(m, 'incomplete_over_52_weeks'),
    median: v(m, 'incomplete_median_wait_weeks'),
    p92: v(m, 'incomplete_p92_wait_weeks'),
  });
  const yearAgo = months.find((m) => m.month === addMonths(latest.month, -12));
  body.innerHTML = `${cards({
    ...headline(latest),
    yearAgo: yearAgo ? headline(yearAgo) : undefined,
    note: `Source: ${national.name}. The list size includes NHS England's estimates for trusts that did not report.`,
  })}
    <div class="grid-2">
      ${figure('chart-list', 'Waiting list size, England', 'Line chart of the number of incomplete pathways in England each month')}
      ${figure('chart-pct18', 'Share waiting 18 weeks or less', 'Line chart of the percentage of the waiting list within 18 weeks, with the 92% standard')}
      ${figure('chart-long', 'Long waits', 'Line chart of pathways waiting over 52, 65, 78 and 104 weeks')}
      ${figure('chart-percentiles', 'Median and 92nd percentile wait', 'Line chart of the median and 92nd percentile waits in weeks')}
    </div>
    <section id="distribution-section"></section>`;
  if (!attach()) return;

  const col = (k: string) => months.map((m) => v(m, k));
  lineChart(body.querySelector<HTMLCanvasElement>('#chart-list')!, {
    labels,
    yTitle: 'pathways',
    yFormat: (x) => (x >= 1e6 ? `${(x / 1e6).toFixed(1)}m` : x.toLocaleString('en-GB')),
    series: [
      { label: 'Waiting list (with estimates for missing trusts)', data: col('incomplete_total_est'), colour: colours.blue },
      { label: 'Waiting list (reported)', data: col('incomplete_total'), colour: colours.grey, dashed: true },
    ],
  });
  lineChart(body.querySelector<HTMLCanvasElement>('#chart-pct18')!, {
    labels,
    yTitle: 'within 18 weeks',
    yFormat: (x) => `${Math.round(x * 100)}%`,
    yMin: 0.4,
    yMax: 1,
    series: [
      { label: 'Within 18 weeks', data: col('incomplete_pct_within_18_weeks'), colour: colours.blue },
      { label: '92% standard', data: months.map(() => 0.92), colour: colours.red, dashed: true },
    ],
  });
  lineChart(body.querySelector<HTMLCanvasElement>('#chart-long')!, {
    labels,
    yTitle: 'pathways',
    series: [
      { label: 'Over 52 weeks', data: col('incomplete_over_52_weeks'), colour: colours.blue },
      { label: 'Over 65 weeks', data: col('incomplete_over_65_weeks'), colour: colours.orange },
      { label: 'Over 78 weeks', data: col('incomplete_over_78_weeks'), colour: colours.red },
      { label: 'Over 104 weeks', data: col('incomplete_over_104_weeks'), colour: colours.purple },
    ],
  });
  lineChart(body.querySelector<HTMLCanvasElement>('#chart-percentiles')!, {
    labels,
    yTitle: 'weeks',
    series: [
      { label: 'Median', data: col('incomplete_median_wait_weeks'), colour: colours.blue },
      { label: '92nd percentile', data: col('incomplete_p92_wait_weeks'), colour: colours.darkBlue, dashed: true },
    ],
  });
  const recent = months.slice(-24);
  renderTable(body.querySelector('#chart-list-table'), 'Waiting list, last 24 months', ['Month', 'With estimates', 'Reported'],
    recent.map((m) => [m.month, count(v(m, 'incomplete_total_est')), count(v(m, 'incomplete_total'))]));
  renderTable(body.querySelector('#chart-pct18-table'), 'Share within 18 weeks, last 24 months', ['Month', 'Within 18 weeks'],
    recent.map((m) => [m.month, percent(v(m, 'incomplete_pct_within_18_weeks'))]));
  renderTable(body.querySelector('#chart-long-table'), 'Long waits, last 24 months', ['Month', 'Over 52', 'Over 65', 'Over 78', 'Over 104'],
    recent.map((m) => [m.month, count(v(m, 'incomplete_over_52_weeks')), count(v(m, 'incomplete_over_65_weeks')), count(v(m, 'incomplete_over_78_weeks')), count(v(m, 'incomplete_over_104_weeks'))]));
  renderTable(body.querySelector('#chart-percentiles-table'), 'Median and 92nd percentile, last 24 months', ['Month', 'Median (weeks)', '92nd percentile (weeks)'],
    recent.map((m) => [m.month, weeks(v(m, 'incomplete_median_wait_weeks')), weeks(v(m, 'incomplete_p92_wait_weeks'))]));
  if (rtt) {
    await renderDistribution(body.querySelector('#distribution-section')!, rtt, undefined, undefined,
      `The national series has no weekly bands, so the distribution below is from the RTT dataset “${rtt.name}”.`);
  }
}

async function renderRtt(body: HTMLElement, rtt: Dataset, provider: string | undefined, tfc: string | undefined, attach: () => boolean): Promise<void> {
  const { rows } = await getJson<{ rows: StatsRow[] }>('/api/stats', { dataset: rtt.id, provider, tfc, by: 'month' });
  if (rows.length === 0) {
    body.innerHTML = '<p>No pathways match this selection.</p>';
    return;
  }
  const latest = rows[rows.length - 1];
  const before = rows.find((r) => String(r.month) === addMonths(String(latest.month), -12));
  const rowHeadline = (r: StatsRow): Headline => ({
    month: String(r.month), list: num(r.total), pct18: num(r.pct_within_18_weeks), over52: num(r.over_52_weeks), median: num(r.median_weeks), p92: num(r.p92_weeks),
  });
  const nameOf = (list: CodeName[], code: string) => list.find((i) => i.code === code)?.name || code;
  const who = [provider ? titleCase(nameOf(codeNames(rtt.summary.providers), provider)) : 'All providers in the dataset',
    tfc && tfc !== 'C_999' ? nameOf(codeNames(rtt.summary.tfcs), tfc) : 'all specialties'].join(', ');
  body.innerHTML = `<h2 class="scope-title">${escapeHtml(who)}</h2>${cards({
    ...rowHeadline(latest),
    yearAgo: before ? rowHeadline(before) : undefined,
    note: `Source: ${rtt.name}.`,
  })}
    ${rows.length > 1 ? `<div class="grid-2">
      ${figure('chart-list', 'Waiting list size', 'Line chart of the waiting list each month')}
      ${figure('chart-pct18', 'Share waiting 18 weeks or less', 'Line chart of the percentage within 18 weeks, with the 92% standard')}
      ${figure('chart-long', 'Waiting over 52 weeks', 'Line chart of pathways over 52 weeks')}
      ${figure('chart-percentiles', 'Median and 92nd percentile wait', 'Line chart of the median and 92nd percentile in weeks')}
    </div>` : '<p class="hint">The dataset holds one month, so there is no trend to show. Upload more monthly RTT files on the <a href="#/data">Data</a> page to see changes over time.</p>'}
    <section id="distribution-section"></section>`;
  if (!attach()) return;
  if (rows.length > 1) {
    const labels = rows.map((r) => monthLabel(String(r.month)));
    const col = (k: string) => rows.map((r) => num(r[k]));
    lineChart(body.querySelector<HTMLCanvasElement>('#chart-list')!, { labels, yTitle: 'pathways', series: [{ label: 'Waiting list', data: col('total'), colour: colours.blue }] });
    lineChart(body.querySelector<HTMLCanvasElement>('#chart-pct18')!, { labels, yTitle: 'within 18 weeks', yFormat: (x) => `${Math.round(x * 100)}%`, yMin: 0, yMax: 1,
      series: [{ label: 'Within 18 weeks', data: col('pct_within_18_weeks'), colour: colours.blue }, { label: '92% standard', data: rows.map(() => 0.92), colour: colours.red, dashed: true }] });
    lineChart(body.querySelector<HTMLCanvasElement>('#chart-long')!, { labels, yTitle: 'pathways', series: [{ label: 'Over 52 weeks', data: col('over_52_weeks'), colour: colours.red }] });
    lineChart(body.querySelector<HTMLCanvasElement>('#chart-percentiles')!, { labels, yTitle: 'weeks',
      series: [{ label: 'Median', data: col('median_weeks'), colour: colours.blue }, { label: '92nd percentile', data: col('p92_weeks'), colour: colours.darkBlue, dashed: true }] });
  }
  await renderDistribution(body.querySelector('#distribution-section')!, rtt, provider, tfc);
}

async function renderDistribution(section: HTMLElement, rtt: Dataset, provider?: string, tfc?: string, note?: string): Promise<void> {
  const { rows } = await getJson<{ rows: StatsRow[] }>('/api/stats', { dataset: rtt.id, provider, tfc, bands: 1 });
  const row = rows[0];
  if (!row) return;
  const bands: number[] = [];
  for (let k = 0; `band_${k}` in row; ++k) bands.push(num(row[`band_${k}`]) ?? 0);
  const top = bands.length - 1;
  const labels = bands.map((_, k) => (k === top ? `${k}+` : `${k}`));
  section.innerHTML = `<h2>Current wait distribution (${escapeHtml(monthLabel(String(row.month)))})</h2>
    ${note ? `<p class="hint">${escapeHtml(note)}</p>` : ''}
    <p>Each bar is the number of people who had waited that many whole weeks at the end of the month. Orange bars are people who have waited more than 18 weeks.</p>
    ${figure('chart-distribution', 'People waiting, by weeks waited so far', 'Bar chart of the waiting list by week of wait', 300)}`;
  barChart(section.querySelector<HTMLCanvasElement>('#chart-distribution')!, {
    labels,
    yTitle: 'pathways',
    series: [{ label: 'Pathways', data: bands, colour: colours.blue }],
  });
  renderTable(section.querySelector('#chart-distribution-table'), 'Pathways by weeks waited', ['Weeks waited', 'Pathways'],
    bands.map((b, k) => [k === top ? `${k} or more` : `${k} to ${k + 1}`, count(b)]));
  // Colour the bars over 18 weeks differently (bands 18+ are over the standard).
  const canvas = section.querySelector<HTMLCanvasElement>('#chart-distribution')!;
  const chart = chartOf(canvas);
  if (chart) {
    chart.data.datasets[0].backgroundColor = bands.map((_, k) => (k >= 18 ? colours.orange : colours.blue));
    chart.update();
  }
}
