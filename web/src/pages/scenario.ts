// Scenario builder: the levers of the aggregate forecast (docs/scenarios.md) as plain controls, run as a job on
// the server (POST /api/jobs), shown as a fan chart (10th-90th percentile band when uncertainty is on) with the
// target lines and the month each target is first met; and the capacity needed to hit a chosen target (solve).
import { ApiError, del, getJson, listPolicies, postJson, waitForJob, type Banded, type ForecastResult, type Job, type MaybeBanded } from '../api';
import { colours, figure, lineChart, renderTable, type Series } from '../charts';
import { count, escapeHtml, monthLabel, percent } from '../format';
import { listDatasets } from './common';

interface ReadyScenario {
  file: string;
  name: string;
  description: string;
  patient_level: boolean;
  text: string;
}

interface Control {
  id: string;
  label: string;
  hint: string;
  value: number;
  min: number;
  max: number;
  step: number;
  unit: string;
}

const controls: Control[] = [
  { id: 'referral_growth', label: 'Referral growth', hint: 'Change in new referrals per year, in per cent.', value: 3, min: -10, max: 15, step: 0.5, unit: '% a year' },
  { id: 'hidden_demand', label: 'Hidden demand', hint: 'Extra referrals in total over the next 12 months from people who did not come forward during the pandemic.', value: 0, min: 0, max: 5000000, step: 50000, unit: 'referrals' },
  { id: 'activity_growth', label: 'Activity growth', hint: 'Change in treatment capacity (clock stops) per year, in per cent.', value: 3, min: -10, max: 15, step: 0.5, unit: '% a year' },
  { id: 'extra_capacity', label: 'Extra weekly capacity', hint: 'Extra treatments (clock stops) each week, on top of growth.', value: 0, min: 0, max: 100000, step: 1000, unit: 'a week' },
  { id: 'independent_sector', label: 'Independent sector', hint: 'Treatments a week bought from independent-sector providers.', value: 0, min: 0, max: 50000, step: 500, unit: 'a week' },
  { id: 'staff_overlap', label: 'Independent sector staff overlap', hint: 'Share of that activity done by NHS staff working extra sessions, so not truly additional.', value: 0, min: 0, max: 100, step: 5, unit: '%' },
  { id: 'strike_loss', label: 'Strikes: capacity lost', hint: 'Share of capacity lost in each month of industrial action.', value: 0, min: 0, max: 50, step: 1, unit: '%' },
  { id: 'strike_months', label: 'Strikes: number of months', hint: 'How many months of industrial action, starting next month.', value: 0, min: 0, max: 24, step: 1, unit: 'months' },
  { id: 'uncertainty', label: 'Uncertainty in growth rates', hint: 'Plus or minus this many percentage points on both growth rates; the chart then shows a band.', value: 1, min: 0, max: 5, step: 0.5, unit: 'points' },
];

function controlHtml(c: Control): string {
  return `<div class="field control">
    <label for="${c.id}">${escapeHtml(c.label)} <span class="unit">(${escapeHtml(c.unit)})</span></label>
    <p class="hint" id="${c.id}-hint">${escapeHtml(c.hint)}</p>
    <div class="control-row">
      <input type="range" id="${c.id}-range" min="${c.min}" max="${c.max}" step="${c.step}" value="${c.value}" aria-label="${escapeHtml(c.label)} slider" aria-describedby="${c.id}-hint" tabindex="-1" />
      <input type="number" id="${c.id}" name="${c.id}" min="${c.min}" max="${c.max}" step="${c.step}" value="${c.value}" aria-describedby="${c.id}-hint" />
    </div></div>`;
}

function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const index = y * 12 + (m - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function p(value: MaybeBanded | string | undefined, which: keyof Banded = 'p50'): number | null {
  if (value === null || value === undefined || typeof value === 'string') return null;
  if (typeof value === 'number') return value;
  return value[which];
}

export async function renderScenario(main: HTMLElement): Promise<void> {
  const datasets = await listDatasets();
  const policies = await listPolicies('forecast');
  const national = datasets.filter((d) => d.kind === 'national').at(-1);
  const startMonth = national?.summary.last_month ?? '2025-06';
  main.innerHTML = `<h1>Scenario builder</h1>
    <p class="lead">Change the assumptions and see how England's waiting list could change, month by month, from ${escapeHtml(monthLabel(startMonth))}.</p>
    <form id="scenario-form" class="panel scenario-form">
      <div class="controls">${controls.map(controlHtml).join('')}
        <div class="field control">
          <label for="policy">Who is treated next</label>
          <p class="hint" id="policy-hint">How capacity is shared between patients.</p>
          <select id="policy" aria-describedby="policy-hint">
            ${policies.map((p) => `<option value="${escapeHtml(p.name)}" title="${escapeHtml(p.help)}"${p.name === 'calibrated' ? ' selected' : ''}>${escapeHtml(p.label)}</option>`).join('')}
          </select>
        </div>
        <div class="field control">
          <label for="until">Project until</label>
          <input type="month" id="until" value="2029-03" min="${addMonths(startMonth, 1)}" />
        </div>
        <div class="field control">
          <label for="target">Target</label>
          <p class="hint" id="target-hint">For example “92% within 18 weeks by 2029-03” or “0 over 52 weeks by 2026-03”.</p>
          <input type="text" id="target" value="92% within 18 weeks by 2029-03" aria-describedby="target-hint" />
        </div>
      </div>
      <div class="actions">
        <button type="submit" class="button" id="run-forecast">Run projection</button>
        <button type="button" class="button secondary" id="run-solve">Capacity needed for the target</button>
        <button type="button" class="button secondary" id="cancel-job" hidden>Cancel</button>
      </div>
      <div id="job-status" role="status" aria-live="polite"></div>
    </form>
    <form id="ready-form" class="panel filters">
      <div class="field"><label for="ready-scenario">Or run a ready scenario</label>
        <p class="hint" id="ready-hint">Published plans and trends shipped with Elective (scenarios/ folder), run exactly as written.</p>
        <select id="ready-scenario" aria-describedby="ready-hint"></select></div>
      <button type="submit" class="button secondary" id="run-ready">Run this scenario</button>
    </form>
    <section id="forecast-result" aria-live="polite"></section>
    <section id="solve-result" aria-live="polite"></section>`;

  for (const c of controls) {
    const number = main.querySelector<HTMLInputElement>(`#${c.id}`)!;
    const range = main.querySelector<HTMLInputElement>(`#${c.id}-range`)!;
    range.addEventListener('input', () => (number.value = range.value));
    number.addEventListener('input', () => (range.value = number.value));
  }
  const value = (id: string) => Number(main.querySelector<HTMLInputElement>(`#${id}`)!.value) || 0;
  const status = main.querySelector<HTMLDivElement>('#job-status')!;
  const cancelButton = main.querySelector<HTMLButtonElement>('#cancel-job')!;
  let running: number | null = null;

  const buildScenario = () => {
    const spread = value('uncertainty') / 100;
    const growth = (v: number) => (spread > 0 ? { low: v / 100 - spread, high: v / 100 + spread } : v / 100);
    const scenario: Record<string, unknown> = {
      scenario: { name: 'Dashboard scenario' },
      horizon: { until: main.querySelector<HTMLInputElement>('#until')!.value || '2029-03' },
      referrals: { growth_per_year: growth(value('referral_growth')) },
      capacity: {
        growth_per_year: growth(value('activity_growth')),
        extra_per_week: { amount: value('extra_capacity') },
        independent_sector: { per_week: value('independent_sector'), staff_overlap: value('staff_overlap') / 100 },
      },
      policy: { removal_rule: main.querySelector<HTMLSelectElement>('#policy')!.value },
      uncertainty: { samples: spread > 0 ? 200 : 0, seed: 1 },
    };
    scenario.start = national ? { dataset: national.id, month: 'latest' } : { data: 'rtt_national_timeseries.csv', month: 'latest' };
    if (value('hidden_demand') > 0) (scenario.referrals as Record<string, unknown>).hidden_demand = { total: value('hidden_demand'), over_months: 12 };
    if (value('strike_months') > 0 && value('strike_loss') > 0) {
      scenario.shock = [{ name: 'Industrial action', from: addMonths(startMonth, 1), until: addMonths(startMonth, value('strike_months')), capacity_loss: value('strike_loss') / 100 }];
    }
    const target = main.querySelector<HTMLInputElement>('#target')!.value.trim();
    if (target) scenario.target = [{ text: target }];
    return scenario;
  };

  const ready = (await getJson<{ scenarios: ReadyScenario[] }>('/api/scenarios').catch(() => ({ scenarios: [] as ReadyScenario[] }))).scenarios.filter((r) => !r.patient_level);
  const readySelect = main.querySelector<HTMLSelectElement>('#ready-scenario')!;
  readySelect.innerHTML = ready.map((r) => `<option value="${escapeHtml(r.file)}">${escapeHtml(r.description || r.name)}</option>`).join('');
  main.querySelector<HTMLFormElement>('#ready-form')!.hidden = ready.length === 0;

  const run = async (kind: 'forecast' | 'solve', readyText?: string) => {
    if (running !== null) return;
    const options: Record<string, unknown> = {};
    const target = main.querySelector<HTMLInputElement>('#target')!.value.trim();
    if (kind === 'solve') {
      if (!target) {
        status.innerHTML = '<p class="error-text">Enter a target first.</p>';
        return;
      }
      options.target = target;
      options.lever = 'extra_per_week';
      options.samples = 0;
    }
    status.innerHTML = '<p>Starting…</p>';
    try {
      const job = await postJson<Job>('/api/jobs', { kind, scenario: readyText ?? buildScenario(), options });
      running = job.id;
      cancelButton.hidden = false;
      const done = await waitForJob(job.id, (j) => {
        status.innerHTML = `<p>${j.state === 'queued' ? 'Waiting to start…' : `Working… ${Math.round(j.progress * 100)}%`}</p><progress max="1" value="${j.progress}" aria-label="Progress"></progress>`;
      });
      if (done.state === 'done') {
        status.innerHTML = '<p>Done.</p>';
        if (kind === 'forecast') renderForecast(main.querySelector('#forecast-result')!, done.result as ForecastResult, done.id);
        else renderSolve(main.querySelector('#solve-result')!, done.result as Record<string, unknown>, done.id);
      } else if (done.state === 'cancelled') {
        status.innerHTML = '<p>Cancelled.</p>';
      } else {
        status.innerHTML = `<div class="error-summary" role="alert"><p>The model could not run: ${escapeHtml(done.error ?? 'unknown error')}</p></div>`;
      }
    } catch (error) {
      const message = error instanceof ApiError ? error.message : String(error);
      status.innerHTML = `<div class="error-summary" role="alert"><p>${escapeHtml(message)}</p></div>`;
    } finally {
      running = null;
      cancelButton.hidden = true;
    }
  };
  main.querySelector<HTMLFormElement>('#scenario-form')!.addEventListener('submit', (e) => {
    e.preventDefault();
    void run('forecast');
  });
  main.querySelector<HTMLButtonElement>('#run-solve')!.addEventListener('click', () => void run('solve'));
  main.querySelector<HTMLFormElement>('#ready-form')!.addEventListener('submit', (e) => {
    e.preventDefault();
    const chosen = ready.find((r) => r.file === readySelect.value);
    if (chosen) void run('forecast', chosen.text);
  });
  cancelButton.addEventListener('click', async () => {
    if (running !== null) await del(`/api/jobs/${running}`).catch(() => null);
  });
}

function renderForecast(section: HTMLElement, result: ForecastResult, jobId: number): void {
  const months = result.months ?? [];
  const labels = months.map((m) => monthLabel(m.month));
  const banded = months.some((m) => typeof m.pct_within_18_weeks === 'object' && m.pct_within_18_weeks !== null);
  const targets = result.targets ?? [];
  section.dataset.jobId = String(jobId);
  const targetRows = targets
    .map((t) => `<li><strong>${escapeHtml(t.text)}</strong>: ${t.met ? 'met' : 'not met'} at the deadline${
      t.first_met_month ? `; first met in ${escapeHtml(monthLabel(t.first_met_month))}` : '; not met within the projection'}${
      t.probability_met !== undefined ? ` (chance ${percent(t.probability_met, 0)})` : ''}.</li>`)
    .join('');
  section.innerHTML = `<h2>Projection</h2>
    ${targets.length ? `<ul class="target-list" id="target-list">${targetRows}</ul>` : ''}
    ${banded ? '<p class="hint">The line is the middle estimate; the shaded band covers 8 in 10 of the simulated futures (10th to 90th percentile).</p>' : ''}
    <div class="grid-2">
      ${figure('chart-fan-pct18', 'Share waiting 18 weeks or less', 'Projected percentage within 18 weeks with the 92% standard')}
      ${figure('chart-fan-list', 'Waiting list size', 'Projected number of incomplete pathways')}
      ${figure('chart-fan-over52', 'Waiting over 52 weeks', 'Projected pathways waiting over 52 weeks')}
      ${figure('chart-fan-median', 'Median wait', 'Projected median wait in weeks')}
    </div>`;

  const fan = (key: string, label: string, colour: string): Series[] => {
    const mid = months.map((m) => p(m[key]));
    if (!banded) return [{ label, data: mid, colour }];
    return [
      { label: '_p10', data: months.map((m) => p(m[key], 'p10')), colour },
      { label: '_p90', data: months.map((m) => p(m[key], 'p90')), colour, fillTo: 0 },
      { label, data: mid, colour },
    ];
  };
  // Target lines: the 92% standard always, plus each scenario target drawn on the chart of its measure, and a
  // marker at the month it is first met.
  const lines: Record<string, Series[]> = {
    pct: [{ label: '92% standard', data: months.map(() => 0.92), colour: colours.red, dashed: true }],
    list: [],
    over52: [],
  };
  for (const t of targets) {
    const share = /([\d.]+)%\s+within\s+18\s+weeks/i.exec(t.text);
    const over52 = /^\s*([\d,]+)\s+over\s+52\s+weeks/i.exec(t.text);
    const list = /list\s+below\s+([\d,]+)/i.exec(t.text);
    const constant = (v: number) => months.map(() => v);
    const firstMet = (key: string) => months.map((m) => (m.month === t.first_met_month ? p(m[key]) : null));
    if (share && Number(share[1]) !== 92) lines.pct.push({ label: `Target: ${t.text}`, data: constant(Number(share[1]) / 100), colour: colours.green, dashed: true });
    if (share && t.first_met_month) lines.pct.push({ label: `First met: ${t.first_met_month}`, data: firstMet('pct_within_18_weeks'), colour: colours.green, point: true });
    if (over52) lines.over52.push({ label: `Target: ${t.text}`, data: constant(Number(over52[1].replace(/,/g, ''))), colour: colours.green, dashed: true });
    if (list) lines.list.push({ label: `Target: ${t.text}`, data: constant(Number(list[1].replace(/,/g, ''))), colour: colours.green, dashed: true });
  }
  lineChart(section.querySelector<HTMLCanvasElement>('#chart-fan-pct18')!, {
    labels, yTitle: 'within 18 weeks', yFormat: (x) => `${Math.round(x * 100)}%`, yMin: 0, yMax: 1,
    series: [...fan('pct_within_18_weeks', 'Within 18 weeks', colours.blue), ...lines.pct],
  });
  lineChart(section.querySelector<HTMLCanvasElement>('#chart-fan-list')!, {
    labels, yTitle: 'pathways', yFormat: (x) => (x >= 1e6 ? `${(x / 1e6).toFixed(1)}m` : x.toLocaleString('en-GB')),
    series: [...fan('list_size', 'Waiting list', colours.blue), ...lines.list],
  });
  lineChart(section.querySelector<HTMLCanvasElement>('#chart-fan-over52')!, { labels, yTitle: 'pathways', series: [...fan('over_52_weeks', 'Over 52 weeks', colours.red), ...lines.over52] });
  lineChart(section.querySelector<HTMLCanvasElement>('#chart-fan-median')!, { labels, yTitle: 'weeks', series: fan('median_weeks', 'Median wait', colours.darkBlue) });

  const rows = months.map((m) => [m.month, percent(p(m.pct_within_18_weeks)), count(p(m.list_size)), count(p(m.over_52_weeks))]);
  renderTable(section.querySelector('#chart-fan-pct18-table'), 'Projection by month (middle estimate)', ['Month', 'Within 18 weeks', 'Waiting list', 'Over 52 weeks'], rows);
  renderTable(section.querySelector('#chart-fan-list-table'), 'Waiting list by month', ['Month', 'Low (10th)', 'Middle', 'High (90th)'],
    months.map((m) => [m.month, count(p(m.list_size, 'p10')), count(p(m.list_size)), count(p(m.list_size, 'p90'))]));
  renderTable(section.querySelector('#chart-fan-over52-table'), 'Over 52 weeks by month', ['Month', 'Over 52 weeks'], months.map((m) => [m.month, count(p(m.over_52_weeks))]));
  renderTable(section.querySelector('#chart-fan-median-table'), 'Median wait by month', ['Month', 'Median (weeks)'],
    months.map((m) => [m.month, (p(m.median_weeks) ?? NaN).toFixed(1)]));
}

function renderSolve(section: HTMLElement, result: Record<string, unknown>, jobId: number): void {
  section.dataset.jobId = String(jobId);
  const valueNumber = typeof result.value === 'number' ? result.value : null;
  const converged = result.converged === true;
  const target = String(result.target ?? '');
  const sentence = valueNumber === null
    ? 'The target cannot be met with this lever within the limits searched.'
    : `About <strong id="solve-value">${count(valueNumber)}</strong> extra treatments a week, on top of the growth assumed above, would be needed to meet “${escapeHtml(target)}”.`;
  const message = typeof result.message === 'string' ? `<p class="hint">Solver: ${escapeHtml(result.message)}</p>` : '';
  section.innerHTML = `<h2>Capacity needed</h2><p>${sentence}</p>${message}${converged ? '' : '<p class="hint">The search did not fully converge; treat this as approximate.</p>'}
    <details><summary>All figures from the solver</summary><pre class="json">${escapeHtml(JSON.stringify(result, null, 2))}</pre></details>`;
}
