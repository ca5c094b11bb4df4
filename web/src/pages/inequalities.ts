// Inequalities: waits by deprivation quintile, ethnic group, age band and sex from a patient-level list
// (aggregates only; groups under 5 pathways are suppressed by the server), and how a scheduling policy changes
// the gaps (a patient-level simulation run per policy, when the server has the simulation).
import { getJson, postJson, waitForJob, type Dataset, type Health, type Job } from '../api';
import { barChart, colours, figure, renderTable } from '../charts';
import { count, escapeHtml, percent, weeks } from '../format';
import { datasetOptions, listDatasets } from './common';

interface Group {
  group: string;
  reference: boolean;
  suppressed: boolean;
  count: number | null;
  share_of_list: number | null;
  pct_within_18_weeks: number | null;
  median_weeks: number | null;
  p92_weeks: number | null;
  pct_over_52_weeks: number | null;
  median_ratio_to_reference: number | null;
}

interface Breakdown {
  by: string;
  snapshot_date: string;
  reference_group: string;
  groups: Group[];
}

const dimensions: Record<string, string> = {
  imd_quintile: 'Deprivation (IMD quintile of where people live)',
  ethnic_group: 'Ethnic group',
  age_band: 'Age band',
  sex: 'Sex',
};

export async function renderInequalities(main: HTMLElement): Promise<void> {
  const datasets = (await listDatasets()).filter((d) => d.kind === 'patient_list');
  const health = await getJson<Health>('/api/health');
  main.innerHTML = `<h1>Inequalities</h1>
    <p class="lead">Do some groups wait longer? Waits by deprivation, ethnic group, age and sex, from a patient-level waiting list. Only totals are shown; any group of fewer than 5 patients is hidden.</p>
    <div id="ineq-body"></div>`;
  const body = main.querySelector<HTMLDivElement>('#ineq-body')!;
  if (datasets.length === 0) {
    body.innerHTML = `<div class="panel"><p>No patient-level list has been loaded. Published NHS England statistics do not break waits down by these groups, so this page needs a patient-level list (a <code>ptl.csv</code>; see the domain notes, section 5.2).</p>
      <p>Add one on the <a href="#/data">Data</a> page. It stays on this server: only group totals are ever shown.</p></div>`;
    return;
  }
  let dataset: Dataset = datasets.at(-1)!;
  body.innerHTML = `<form id="ineq-form" class="panel filters">
      <div class="field"><label for="ineq-dataset">Patient-level list</label><select id="ineq-dataset">${datasetOptions(datasets, dataset.id)}</select></div>
      <div class="field"><label for="ineq-by">Compare by</label><select id="ineq-by">${Object.entries(dimensions).map(([k, v]) => `<option value="${k}">${escapeHtml(v)}</option>`).join('')}</select></div>
    </form>
    <section id="ineq-result" aria-live="polite"></section>
    <section id="ineq-policy"></section>`;
  const update = async () => {
    const by = main.querySelector<HTMLSelectElement>('#ineq-by')!.value;
    const breakdown = await getJson<Breakdown>('/api/inequalities', { dataset: dataset.id, by });
    renderBreakdown(main.querySelector('#ineq-result')!, breakdown);
  };
  main.querySelector('#ineq-form')!.addEventListener('change', (e) => {
    if ((e.target as HTMLElement).id === 'ineq-dataset') dataset = datasets.find((d) => String(d.id) === (e.target as HTMLSelectElement).value)!;
    void update();
  });
  await update();
  if (health.job_kinds.includes('simulate')) renderPolicyCompare(main.querySelector('#ineq-policy')!, () => dataset);
}

function renderBreakdown(section: HTMLElement, b: Breakdown): void {
  const shown = b.groups.filter((g) => !g.suppressed);
  section.innerHTML = `<h2>${escapeHtml(dimensions[b.by] ?? b.by)}, list on ${escapeHtml(b.snapshot_date)}</h2>
    <p>Compared with the reference group (${escapeHtml(b.reference_group)}). A ratio above 1 means that group's median wait is longer.</p>
    ${figure('chart-ineq', 'Median and 92nd percentile wait by group', 'Bar chart of median and 92nd percentile waits by group', 300)}
    <div id="ineq-table"></div>`;
  barChart(section.querySelector<HTMLCanvasElement>('#chart-ineq')!, {
    labels: shown.map((g) => g.group),
    yTitle: 'weeks',
    series: [
      { label: 'Median', data: shown.map((g) => g.median_weeks), colour: colours.blue },
      { label: '92nd percentile', data: shown.map((g) => g.p92_weeks), colour: colours.darkBlue },
    ],
  });
  renderTable(section.querySelector('#ineq-table'), 'Waits by group', ['Group', 'Pathways', 'Share of list', 'Within 18 weeks', 'Median', '92nd percentile', 'Over 52 weeks', 'Median vs reference'],
    b.groups.map((g) => g.suppressed
      ? [g.group, 'fewer than 5', '–', '–', '–', '–', '–', '–']
      : [g.group + (g.reference ? ' (reference)' : ''), count(g.count), percent(g.share_of_list), percent(g.pct_within_18_weeks), weeks(g.median_weeks), weeks(g.p92_weeks), percent(g.pct_over_52_weeks), g.median_ratio_to_reference === null ? '–' : g.median_ratio_to_reference.toFixed(2)]));
  renderTable(section.querySelector('#chart-ineq-table'), 'Median and 92nd percentile by group', ['Group', 'Median', '92nd percentile'], shown.map((g) => [g.group, weeks(g.median_weeks), weeks(g.p92_weeks)]));
}

function renderPolicyCompare(section: HTMLElement, dataset: () => Dataset): void {
  section.innerHTML = `<h2>How a policy changes the gaps</h2>
    <p>Run the patient-level simulation on this list under two ways of choosing who is treated next, and compare the waits by group at the end.</p>
    <form id="policy-form" class="panel filters">
      <div class="field"><label for="policy-a">Policy A</label><select id="policy-a"><option value="clinical_priority">Clinical priority, then in turn</option><option value="fifo">Strictly in turn</option><option value="longest_wait_first">Longest wait first</option></select></div>
      <div class="field"><label for="policy-b">Policy B</label><select id="policy-b"><option value="longest_wait_first">Longest wait first</option><option value="fifo">Strictly in turn</option><option value="clinical_priority">Clinical priority, then in turn</option></select></div>
      <button class="button" type="submit">Compare</button>
      <div id="policy-status" role="status" aria-live="polite"></div>
    </form><div id="policy-result"></div>`;
  section.querySelector<HTMLFormElement>('#policy-form')!.addEventListener('submit', async (e) => {
    e.preventDefault();
    const status = section.querySelector<HTMLDivElement>('#policy-status')!;
    const results: { policy: string; result: unknown }[] = [];
    try {
      for (const id of ['policy-a', 'policy-b']) {
        const policy = section.querySelector<HTMLSelectElement>(`#${id}`)!.value;
        const job = await postJson<Job>('/api/jobs', {
          kind: 'simulate',
          scenario: { scenario: { name: `Policy ${policy}` }, horizon: { months: 12 } },
          options: { policy, replications: 5, seed: 1, patient_list_dataset: dataset().id },
        });
        const done = await waitForJob(job.id, (j) => (status.textContent = `Simulating ${policy}… ${Math.round(j.progress * 100)}%`));
        if (done.state !== 'done') throw new Error(done.error ?? done.state);
        results.push({ policy, result: done.result });
      }
      status.textContent = 'Done.';
      section.querySelector('#policy-result')!.innerHTML = results
        .map((r) => `<details open><summary>${escapeHtml(r.policy)}</summary><pre class="json">${escapeHtml(JSON.stringify((r.result as Record<string, unknown>).inequalities ?? (r.result as Record<string, unknown>).groups ?? r.result, null, 2).slice(0, 4000))}</pre></details>`)
        .join('');
    } catch (error) {
      status.innerHTML = `<div class="error-summary" role="alert"><p>${escapeHtml((error as Error).message)}</p></div>`;
    }
  });
}
