// Inequalities: waits by deprivation quintile, ethnic group, age band and sex from a patient-level list
// (aggregates only; groups under 5 pathways are suppressed by the server), and how a scheduling policy changes
// the gaps (a patient-level simulation run per policy, when the server has the simulation).
import { getJson, listPolicies, postJson, waitForJob, type Dataset, type ForecastMonth, type Health, type Job } from '../api';
import { barChart, colours, figure, renderTable } from '../charts';
import { count, escapeHtml, percent, weeks } from '../format';
import { datasetOptions, listDatasets, plainError, rememberInHash } from './common';

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

interface ScenarioInfo {
  file: string;
  name: string;
  description: string;
  patient_level: boolean;
  text: string;
}

export async function renderInequalities(main: HTMLElement): Promise<void> {
  const datasets = (await listDatasets()).filter((d) => d.kind === 'patient_list');
  const health = await getJson<Health>('/api/health');
  main.innerHTML = `<h1>Inequalities</h1>
    <p class="lead">Do some groups wait longer? Waits by deprivation, ethnic group, age and sex. Only totals are shown; any group of fewer than 5 patients is hidden.</p>
    <div id="ineq-body"></div>
    <section id="ineq-policy"></section>`;
  const body = main.querySelector<HTMLDivElement>('#ineq-body')!;
  // The selection is kept in the address (#/inequalities?dataset=3&by=ethnic_group&scenario=...&a=in_turn&b=equity
  // &groups=sex&list=1), so a copied link or a reload shows the same choices, as on the Overview and Wait pages.
  // A comparison is not re-run from a link (it starts simulations); its choices are restored ready to run.
  const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
  let dataset: Dataset | undefined = datasets.find((d) => String(d.id) === params.get('dataset')) ?? datasets.at(-1);
  if (!dataset) {
    body.innerHTML = `<div class="panel"><h2>Waits on your list</h2><p>No patient-level list has been loaded. Published NHS England statistics do not break waits down by these groups, so this part needs a patient-level list (a <code>ptl.csv</code>; its columns are described in docs/patient-list.md).</p>
      <p>Add one on the <a href="#/data">Data</a> page. It stays on this server: only group totals are ever shown.</p></div>`;
  } else {
    body.innerHTML = `<h2>Waits on your list</h2><form id="ineq-form" class="panel filters">
        <div class="field"><label for="ineq-dataset">Patient-level list</label><select id="ineq-dataset">${datasetOptions(datasets, dataset.id)}</select></div>
        <div class="field"><label for="ineq-by">Compare by</label><select id="ineq-by">${Object.entries(dimensions).map(([k, v]) => `<option value="${k}"${k === params.get('by') ? ' selected' : ''}>${escapeHtml(v)}</option>`).join('')}</select></div>
      </form>
      <section id="ineq-result" aria-live="polite"></section>`;
    const update = async () => {
      const by = main.querySelector<HTMLSelectElement>('#ineq-by')!.value;
      const breakdown = await getJson<Breakdown>('/api/inequalities', { dataset: dataset!.id, by });
      renderBreakdown(main.querySelector('#ineq-result')!, breakdown);
    };
    main.querySelector('#ineq-form')!.addEventListener('change', (e) => {
      if ((e.target as HTMLElement).id === 'ineq-dataset') dataset = datasets.find((d) => String(d.id) === (e.target as HTMLSelectElement).value)!;
      rememberInHash('inequalities', { dataset: String(dataset!.id), by: main.querySelector<HTMLSelectElement>('#ineq-by')!.value });
      void update();
    });
    await update();
  }
  if (health.job_kinds.includes('simulate')) {
    const scenarios = (await getJson<{ scenarios: ScenarioInfo[] }>('/api/scenarios')).scenarios.filter((s) => s.patient_level);
    policies = Object.fromEntries((await listPolicies('simulation')).map((p) => [p.name, p.label]));
    renderPolicyCompare(main.querySelector('#ineq-policy')!, scenarios, () => dataset, params);
  }
}

function renderBreakdown(section: HTMLElement, b: Breakdown): void {
  const shown = b.groups.filter((g) => !g.suppressed);
  section.innerHTML = `<h3>${escapeHtml(dimensions[b.by] ?? b.by)}, list on ${escapeHtml(b.snapshot_date)}</h3>
    <p>Compared with the reference group: ${escapeHtml(b.reference_group)}. A ratio above 1 means that group's median wait is longer.</p>
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

type Banded = { p10: number | null; p50: number | null; p90: number | null } | number | null;
interface Gap {
  dimension: string;
  group: string;
  measure: string;
  reference_group: string;
  ratio: Banded;
  difference: Banded;
  value: Banded;
  reference_value: Banded;
}
const mid = (v: Banded): number | null => (v === null || typeof v === 'number' ? v : v.p50);

// The simulation's group dimensions (docs/simulation.md "Outputs": the names in its `groups` and `gaps`), which
// differ from the patient-list breakdown's (`ethnicity`, not `ethnic_group`).
export const simDimensions: Record<string, string> = {
  imd_quintile: 'Deprivation quintile',
  ethnicity: 'Ethnic group',
  age_band: 'Age band',
  sex: 'Sex',
};

// Policy name -> label, from the server's policy registry (GET /api/policies), filled before the form is shown.
let policies: Record<string, string> = {};

function renderPolicyCompare(section: HTMLElement, scenarios: ScenarioInfo[], dataset: () => Dataset | undefined, params: URLSearchParams): void {
  if (scenarios.length === 0) return;
  const policyOptions = (selected: string) => Object.entries(policies).map(([k, v]) => `<option value="${k}"${k === selected ? ' selected' : ''}>${escapeHtml(v)}</option>`).join('');
  // Choices from a link, when they name something offered; the defaults otherwise.
  const chosenScenario = scenarios.find((s) => s.file === params.get('scenario'))?.file ?? scenarios.find((s) => s.file.startsWith('trust-rbd'))?.file;
  const policyA = params.get('a') ?? '';
  const policyB = params.get('b') ?? '';
  const groups = params.get('groups') ?? '';
  section.innerHTML = `<h2>How a policy changes the gaps</h2>
    <p>Run the patient-level simulation under two ways of choosing who is treated next, and compare each group's median wait with the reference group's at the end. Patient attributes in the ready-made scenarios are synthetic (drawn from documented mixes); with a patient-level list loaded you can use it instead.</p>
    <form id="policy-form" class="panel filters">
      <div class="field"><label for="policy-scenario">Scenario</label><select id="policy-scenario">${scenarios.map((s) => `<option value="${escapeHtml(s.file)}"${s.file === chosenScenario ? ' selected' : ''}>${escapeHtml(s.description || s.name)}</option>`).join('')}</select></div>
      <div class="field"><label for="policy-a">Policy A</label><select id="policy-a">${policyOptions(policyA in policies ? policyA : 'clinical_priority')}</select></div>
      <div class="field"><label for="policy-b">Policy B</label><select id="policy-b">${policyOptions(policyB in policies ? policyB : 'equity')}</select></div>
      <div class="field"><label for="policy-dimension">Groups</label><select id="policy-dimension">
        ${Object.entries(simDimensions).map(([k, v]) => `<option value="${k}"${k === groups ? ' selected' : ''}>${escapeHtml(v)}</option>`).join('')}</select></div>
      ${dataset() ? `<div class="field"><label><input type="checkbox" id="policy-use-list"${params.get('list') === '1' ? ' checked' : ''} /> Use the loaded patient-level list</label></div>` : ''}
      <button class="button" type="submit" id="policy-run">Compare</button>
      <div id="policy-status" role="status" aria-live="polite"></div>
    </form><div id="policy-result" aria-live="polite"></div>`;
  const form = section.querySelector<HTMLFormElement>('#policy-form')!;
  const rememberPolicy = () =>
    rememberInHash('inequalities', {
      scenario: section.querySelector<HTMLSelectElement>('#policy-scenario')!.value,
      a: section.querySelector<HTMLSelectElement>('#policy-a')!.value,
      b: section.querySelector<HTMLSelectElement>('#policy-b')!.value,
      groups: section.querySelector<HTMLSelectElement>('#policy-dimension')!.value,
      list: section.querySelector<HTMLInputElement>('#policy-use-list')?.checked ? '1' : undefined,
    });
  form.addEventListener('change', rememberPolicy);
  let busy = false;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (busy) return;
    rememberPolicy();
    const status = section.querySelector<HTMLDivElement>('#policy-status')!;
    const result = section.querySelector<HTMLDivElement>('#policy-result')!;
    // A new comparison starts clean: no "Done." or old error over the previous answer.
    status.textContent = '';
    result.innerHTML = '';
    delete result.dataset.state;
    const scenario = scenarios.find((s) => s.file === section.querySelector<HTMLSelectElement>('#policy-scenario')!.value)!;
    const dimension = section.querySelector<HTMLSelectElement>('#policy-dimension')!.value;
    const useList = section.querySelector<HTMLInputElement>('#policy-use-list')?.checked;
    const runs: Run[] = [];
    busy = true;
    try {
      for (const id of ['policy-a', 'policy-b']) {
        const policy = section.querySelector<HTMLSelectElement>(`#${id}`)!.value;
        const options: Record<string, unknown> = { policy, replications: 5, seed: 1 };
        if (useList && dataset()) options.patient_list_dataset = dataset()!.id;
        const job = await postJson<Job>('/api/jobs', { kind: 'simulate', scenario: scenario.text, options });
        const done = await waitForJob(job.id, (j) => (status.textContent = `Simulating “${policies[policy]}”… ${Math.round(j.progress * 100)}%`));
        if (done.state !== 'done') throw new Error(done.error ?? done.state);
        const out = done.result as { gaps?: Gap[]; groups?: SimGroup[]; months?: ForecastMonth[] };
        runs.push({
          policy,
          gaps: (out.gaps ?? []).filter((g) => g.dimension === dimension && g.measure === 'median_weeks'),
          groups: (out.groups ?? []).filter((g) => g.dimension === dimension && (g.basis ?? 'waiting_list_at_end') === 'waiting_list_at_end'),
          end: out.months?.at(-1),
        });
      }
      const shown = runs.some((r) => r.groups.some((g) => !g.suppressed));
      status.textContent = shown ? 'Done.' : '';
      renderGapComparison(result, runs, dimension);
    } catch (error) {
      status.innerHTML = `<div class="error-summary" role="alert"><p>${escapeHtml(plainError((error as Error).message))}</p></div>`;
    } finally {
      busy = false;
    }
  });
}

interface SimGroup {
  basis?: string;
  dimension: string;
  group: string;
  suppressed: boolean;
  median_weeks: Banded;
  count: Banded;
}
interface Run {
  policy: string;
  gaps: Gap[];
  groups: SimGroup[];
  end?: ForecastMonth; // the last simulated month: the overall trade-off
}

// Group names as people read them: "1 (most deprived)", "White", "Unknown" (the simulation writes lower case).
function groupLabel(dimension: string, group: string): string {
  if (dimension === 'imd_quintile' && group === '1') return '1 (most deprived)';
  if (dimension === 'imd_quintile' && group === '5') return '5 (least deprived)';
  return group.charAt(0).toUpperCase() + group.slice(1);
}

const lo = (v: Banded): number | null => (v === null || typeof v === 'number' ? v : v.p10);
const hi = (v: Banded): number | null => (v === null || typeof v === 'number' ? v : v.p90);
const bandText = (v: Banded, f: (x: number) => string): string => {
  const l = lo(v);
  const h = hi(v);
  return l === null || h === null ? '–' : `${f(l)} to ${f(h)}`;
};

function renderGapComparison(target: HTMLElement, runs: Run[], dimension: string): void {
  const groups = [...new Set(runs.flatMap((r) => r.groups.filter((g) => !g.suppressed).map((g) => g.group)))];
  if (groups.length === 0) {
    // Say so instead of drawing an empty chart under "Done.".
    target.dataset.state = 'empty';
    target.innerHTML = `<div class="panel" id="policy-empty"><p><strong>No groups to compare.</strong> The simulation returned no ${escapeHtml((simDimensions[dimension] ?? dimension).toLowerCase())} group of 5 or more patients waiting at the end, so there is nothing to show. Try another grouping or scenario.</p></div>`;
    return;
  }
  target.dataset.state = 'done';
  const name = (r: Run) => policies[r.policy] ?? r.policy;
  const find = (run: Run, group: string) => run.groups.find((g) => g.group === group && !g.suppressed)?.median_weeks ?? null;
  const median = (run: Run, group: string) => mid(find(run, group));
  const gapSentences = runs
    .map((r) => {
      const g = r.gaps[0];
      const ratio = g ? mid(g.ratio) : null;
      if (!g || ratio === null) return '';
      return `<li>${escapeHtml(name(r))}: group ${escapeHtml(groupLabel(dimension, g.group))} waits <strong>${ratio.toFixed(2)}×</strong> as long (median) as group ${escapeHtml(groupLabel(dimension, g.reference_group))}.</li>`;
    })
    .join('');
  target.innerHTML = `${gapSentences ? `<ul class="target-list" id="gap-summary">${gapSentences}</ul>` : ''}
    <h3>The trade-off overall, at the end of the simulation</h3>
    <p class="hint">Middle of 5 replications, with the range that covers 8 in 10 of them (10th to 90th percentile).</p>
    <div id="tradeoff-table"></div>
    ${figure('chart-gaps', 'Median wait by group at the end of the simulation', 'Grouped bar chart of median waits by group under the two policies', 300)}
    <div id="gaps-table"></div>`;
  const end = (r: Run, key: string): Banded => (r.end?.[key] as Banded | undefined) ?? null;
  const whole = (x: number) => count(x);
  const share = (x: number) => percent(x);
  const measures: [string, string, (x: number) => string][] = [
    ['list_size', 'Waiting list', whole],
    ['over_52_weeks', 'Waiting over 52 weeks', whole],
    ['pct_within_18_weeks', 'Within 18 weeks', share],
  ];
  renderTable(target.querySelector('#tradeoff-table'), `Waiting list, 52-week waits and 18-week share${runs[0]?.end ? ` in ${runs[0].end.month}` : ''}`,
    ['Policy', ...measures.flatMap(([, label]) => [label, `${label} (10th to 90th percentile)`])],
    runs.map((r) => [name(r), ...measures.flatMap(([key, , f]) => {
      const v = mid(end(r, key));
      return [v === null ? '–' : f(v), bandText(end(r, key), f)];
    })]));
  barChart(target.querySelector<HTMLCanvasElement>('#chart-gaps')!, {
    labels: groups.map((g) => groupLabel(dimension, g)),
    yTitle: 'Median wait (weeks)',
    yFormat: (v) => v.toFixed(1),
    series: runs.map((r, i) => ({ label: name(r), data: groups.map((g) => median(r, g)), colour: i === 0 ? colours.blue : colours.orange })),
  });
  const fmt = (v: number | null) => (v === null ? '–' : `${v.toFixed(1)} weeks`);
  const oneDp = (x: number) => x.toFixed(1);
  const rows = groups.map((g) => [groupLabel(dimension, g), ...runs.flatMap((r) => [fmt(median(r, g)), bandText(find(r, g), oneDp)])]);
  const headers = ['Group', ...runs.flatMap((r) => [name(r), `${name(r)} (10th to 90th percentile, weeks)`])];
  renderTable(target.querySelector('#gaps-table'), 'Median wait by group (middle of 5 replications)', headers, rows);
  renderTable(target.querySelector('#chart-gaps-table'), 'Median wait by group', headers, rows);
}
