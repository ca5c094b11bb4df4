// Scenario builder: the levers of the aggregate forecast (docs/scenarios.md) as plain controls, run as a job on
// the server (POST /api/jobs), shown as a fan chart (10th-90th percentile band when uncertainty is on) after the
// recorded history, with the target lines and the month each target is first met; and what it would take to hit
// a chosen target (solve, any lever of GET /api/levers) with its baseline, the change and the solved trajectory.
// The defaults are those of scenarios/current-trends.toml, so an untouched run is that scenario.
// "Where" runs it for England's national series, or for any provider and specialty of the provider months file
// (start.data = rtt_provider_months_waited.csv.gz, start.provider, start.tfc; the group calibrated on its own
// months), with that group's recorded months (GET /api/provider-stats by month) drawn before the projection.
import { ApiError, del, downloadFile, getJson, listPolicies, postJson, waitForJob, type Banded, type ForecastResult, type Job, type MaybeBanded, type NationalMonth } from '../api';
import { colours, figure, lineChart, renderTable, type Series } from '../charts';
import { count, escapeHtml, monthLabel, percent } from '../format';
import { listDatasets, plainError } from './common';
import { groupLabel, type ProvidersInfo } from './providers';

const monthsFile = 'rtt_provider_months_waited.csv.gz';

// A provider months group's recorded months as the national series' keys (all estimated from month bins).
// "Where" values: a provider code, 'england' (the file's sum), or 'icb:CODE' / 'region:CODE' (an area's sum).
function whereArea(value: string): { key: 'icb' | 'region'; code: string } | null {
  const m = /^(icb|region):(.+)$/.exec(value);
  return m ? { key: m[1] as 'icb' | 'region', code: m[2] } : null;
}

async function groupHistory(provider: string, tfc: string): Promise<NationalMonth[]> {
  const q: Record<string, string> = { by: 'month', tfc };
  const area = whereArea(provider);
  if (area) q[area.key] = area.code;
  else if (provider !== 'england') q.provider = provider;
  const rows = (await getJson<{ rows: Record<string, unknown>[] }>('/api/provider-stats', q)).rows;
  return rows.map((r) => ({
    month: String(r.month),
    incomplete_total: r.total,
    incomplete_pct_within_18_weeks: r.pct_within_18_weeks,
    incomplete_over_52_weeks: r.over_52_weeks,
    incomplete_median_wait_weeks: r.median_weeks,
  }) as unknown as NationalMonth);
}

interface ReadyScenario {
  file: string;
  name: string;
  description: string;
  patient_level: boolean;
  list?: string; // "rtt", "dm01" or "cancer": the builder runs RTT scenarios
  text: string;
}

interface Lever {
  name: string;
  help: string;
  unit: string;
  needs_target: boolean;
  sets: string | null;
  lists?: string[];
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

// Defaults = scenarios/current-trends.toml (referrals +1.5% a year, all removals +2.3% a year, to July 2029).
const controls: Control[] = [
  { id: 'referral_growth', label: 'Referral growth', hint: 'Change in new referrals per year, in per cent.', value: 1.5, min: -10, max: 15, step: 0.1, unit: '% a year' },
  { id: 'hidden_demand', label: 'Hidden demand', hint: 'Extra referrals in total over the next 12 months from people who did not come forward during the pandemic.', value: 0, min: 0, max: 5000000, step: 50000, unit: 'referrals' },
  { id: 'activity_growth', label: 'Removals growth', hint: 'Change per year in everyone leaving the list: treatments (clock stops) and other removals, in per cent.', value: 2.3, min: -10, max: 15, step: 0.1, unit: '% a year' },
  { id: 'extra_capacity', label: 'Extra weekly capacity', hint: 'Extra treatments (clock stops) each week, on top of growth.', value: 0, min: 0, max: 100000, step: 1000, unit: 'a week' },
  { id: 'independent_sector', label: 'Independent sector', hint: 'Treatments a week bought from independent-sector providers.', value: 0, min: 0, max: 50000, step: 500, unit: 'a week' },
  { id: 'staff_overlap', label: 'Independent sector staff overlap', hint: 'Share of that activity done by NHS staff working extra sessions, so not truly additional.', value: 0, min: 0, max: 100, step: 5, unit: '%' },
  { id: 'strike_loss', label: 'Strikes: capacity lost', hint: 'Share of capacity lost in each month of industrial action.', value: 0, min: 0, max: 50, step: 1, unit: '%' },
  { id: 'strike_months', label: 'Strikes: number of months', hint: 'How many months of industrial action, starting next month.', value: 0, min: 0, max: 24, step: 1, unit: 'months' },
  { id: 'uncertainty', label: 'Uncertainty in growth rates', hint: 'Plus or minus this many percentage points on both growth rates; the chart then shows a band.', value: 0, min: 0, max: 5, step: 0.5, unit: 'points' },
];
// Capacity in staff and beds (issue 16; docs/scenarios.md "[capacity.workforce]" and "[capacity.beds]"). Each
// becomes treatments through the elasticity the server estimates from the workforce and waiting-list files
// (the Productivity page shows it). Amounts are England's; a region, ICB or provider takes its share.
const workforceControls: Control[] = [
  { id: 'additional_doctors', label: 'Additional doctors', hint: 'Doctors of all grades added in England, in full-time equivalents (for example 4,000), all in post by the month below.', value: 0, min: 0, max: 30000, step: 500, unit: 'FTE' },
  { id: 'additional_consultants', label: 'Additional consultants', hint: 'Consultants added in England on top of the doctors above, in full-time equivalents.', value: 0, min: 0, max: 15000, step: 250, unit: 'FTE' },
  { id: 'consultant_growth', label: 'Consultant growth', hint: 'Change in the number of consultants each year, in per cent.', value: 0, min: -10, max: 15, step: 0.5, unit: '% a year' },
  { id: 'other_doctor_growth', label: 'Other doctors’ growth', hint: 'Change in the number of other doctors (not consultants) each year, in per cent.', value: 0, min: -10, max: 15, step: 0.5, unit: '% a year' },
  { id: 'absence_change', label: 'Change in sickness absence', hint: 'Percentage points; −1 means one point better attendance (about 12,000 more staff at work across the NHS).', value: 0, min: -5, max: 5, step: 0.1, unit: 'points' },
  { id: 'productivity_gap', label: 'Share of the productivity gap closed', hint: 'Trusts below the level chosen next close this share of their gap in treatments per consultant (0 = no change).', value: 0, min: 0, max: 100, step: 5, unit: '%' },
  { id: 'beds_freed', label: 'Beds freed from delayed discharges', hint: 'Beds in England no longer occupied by patients waiting to leave hospital (about 13,000 are).', value: 0, min: 0, max: 20000, step: 500, unit: 'beds' },
  { id: 'beds_elective_share', label: 'Share of freed beds used for planned care', hint: 'The rest goes to emergency care.', value: 100, min: 0, max: 100, step: 5, unit: '%' },
];
const defaultUntil = '2029-07';
const defaultTarget = '92% within 18 weeks by 2029-03';

// Plain names of the solve levers (GET /api/levers gives the names and the server's help text).
const leverLabels: Record<string, string> = {
  extra_per_week: 'Extra treatments a week',
  growth: 'Yearly growth of removals',
  hold_list: 'Weekly capacity that stops the list growing',
  steady_state: 'Weekly capacity that meets the target in the long run',
  consultant_fte: 'Additional consultants',
  absence: 'Change in sickness absence',
  productivity: 'Productivity level of the trusts below it',
  beds: 'Beds freed from delayed discharges',
};

function workforceHtml(ids: string[]): string {
  return workforceControls.filter((c) => ids.includes(c.id)).map(controlHtml).join('');
}

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

// What the controls can show of a ready scenario's TOML: [section] key = number | {low, high} | "text" lines
// (the subset the bundled scenarios use for these keys). Anything else it sets is listed as not shown.
type Settings = { values: Record<string, number>; until?: string; target?: string; policy?: string; others: string[] };
export function readySettings(text: string): Settings {
  const out: Settings = { values: {}, others: [] };
  let section = '';
  const mid = (v: string): [number, number] | null => {
    const range = /\{\s*low\s*=\s*(-?[\d.]+)\s*,\s*high\s*=\s*(-?[\d.]+)\s*\}/.exec(v);
    if (range) return [(Number(range[1]) + Number(range[2])) / 2, (Number(range[2]) - Number(range[1])) / 2];
    return /^-?[\d.]+$/.test(v) ? [Number(v), 0] : null;
  };
  const known = new Set(['scenario', 'start', 'horizon', 'referrals', 'removals', 'capacity', 'policy', 'target', 'uncertainty']);
  for (const raw of text.split('\n')) {
    const line = raw.replace(/#.*$/, '').trim();
    const header = /^\[\[?([\w.]+)\]\]?$/.exec(line);
    if (header) {
      section = header[1];
      if (!known.has(section.split('.')[0]) && !out.others.includes(section)) out.others.push(section);
      continue;
    }
    const kv = /^(\w+)\s*=\s*(.+)$/.exec(line);
    if (!kv) continue;
    const [, key, value] = kv;
    const where = `${section}.${key}`;
    const m = mid(value);
    if ((where === 'referrals.growth_per_year' || where === 'removals.total_growth_per_year' || where === 'capacity.growth_per_year') && m) {
      out.values[where === 'referrals.growth_per_year' ? 'referral_growth' : 'activity_growth'] = Math.round(m[0] * 1000) / 10;
      // The builder's growth control sets all removals; this scenario grows treatments (clock stops) only.
      if (where === 'capacity.growth_per_year') out.others.push('growth of treatments only (shown as removals growth)');
      if (m[1] > 0) out.values.uncertainty = Math.round(m[1] * 1000) / 10;
    } else if (where === 'capacity.extra_per_week') {
      const amount = /amount\s*=\s*([\d.]+)/.exec(value);
      if (amount) out.values.extra_capacity = Number(amount[1]);
      if (/pathways_per_unit|from|until/.test(value)) out.others.push('the timing or units of the extra capacity');
    } else if (where === 'horizon.until') {
      out.until = value.replace(/"/g, '').slice(0, 7);
    } else if (where === 'target.text' && out.target === undefined) {
      out.target = value.replace(/^"|"$/g, '');
    } else if (where === 'policy.removal_rule') {
      out.policy = value.replace(/"/g, '');
    } else if (where === 'start.month' && value.replace(/"/g, '') !== 'latest') {
      out.others.push(`a start in ${value.replace(/"/g, '')}`);
    } else if (where === 'start.data' && !/national/.test(value)) {
      out.others.push('its own data (not England)');
    } else if (!['scenario', 'start', 'target', 'uncertainty'].includes(section) && !['growth_per_year', 'total_growth_per_year'].includes(key)) {
      out.others.push(where);
    }
  }
  return out;
}

// The recorded months before a projection, from GET /api/national (the England series the builder starts from).
const historyKeys: Record<string, string[]> = {
  pct_within_18_weeks: ['incomplete_pct_within_18_weeks_est', 'incomplete_pct_within_18_weeks'],
  list_size: ['incomplete_total_est', 'incomplete_total'],
  over_52_weeks: ['incomplete_over_52_weeks_est', 'incomplete_over_52_weeks'],
  median_weeks: ['incomplete_median_wait_weeks'],
};
export interface History {
  months: NationalMonth[];
}
function historyValue(m: NationalMonth, key: string): number | null {
  for (const k of historyKeys[key] ?? []) {
    const v = m[k];
    if (typeof v === 'number' && Number.isFinite(v)) return v;
  }
  return null;
}

export async function renderScenario(main: HTMLElement): Promise<void> {
  const datasets = await listDatasets();
  const policies = await listPolicies('forecast');
  // The builder makes RTT scenarios: it offers the levers that solve an RTT list (not the diagnostics-only ones).
  const levers = (await getJson<Lever[]>('/api/levers').catch(() => [] as Lever[])).filter((l) => l.lists?.includes('rtt') ?? true);
  // The workforce and beds keys are shown only by a server whose scenarios accept them (its solve levers include
  // them: GET /api/levers).
  const workforceLevers = levers.some((l) => l.name === 'consultant_fte');
  const national = datasets.filter((d) => d.kind === 'national').at(-1);
  const nationalSeries = getJson<{ months: NationalMonth[] }>('/api/national').catch(() => ({ months: [] as NationalMonth[] }));
  const startMonth = national?.summary.last_month ?? '2025-06';
  const providersInfo = await getJson<ProvidersInfo>('/api/providers').catch(() => undefined);
  // The regions and ICBs of the provider reference (merged and unknown rows have neither), code -> name.
  const areaNames = (key: 'icb' | 'region'): Map<string, string> => {
    const names = new Map<string, string>();
    for (const g of providersInfo?.providers ?? []) {
      const code = key === 'icb' ? g.icb : g.region;
      if (code && code !== 'merged' && code !== 'unknown') names.set(code, key === 'icb' ? g.icb_name : g.region_name);
    }
    return names;
  };
  const areaOptions = (key: 'icb' | 'region', label: string): string => {
    const options = [...areaNames(key)].sort((a, b) => a[1].localeCompare(b[1]))
      .map(([code, name]) => `<option value="${key}:${escapeHtml(code)}">${escapeHtml(name)} (${escapeHtml(code)})</option>`);
    return options.length ? `<optgroup label="${escapeHtml(label)}">${options.join('')}</optgroup>` : '';
  };
  main.innerHTML = `<h1>Scenario builder</h1>
    <p class="lead">Change the assumptions and see how England's waiting list could change, month by month, from ${escapeHtml(monthLabel(startMonth))}. The settings start as the bundled “current trends” scenario.</p>
    <form id="scenario-form" class="panel scenario-form">
      <fieldset class="where" id="where"${providersInfo ? '' : ' hidden'}><legend>Where</legend>
        <div class="field control">
          <label for="where-provider">England, a region, an integrated care board or one provider</label>
          <p class="hint" id="where-provider-hint">A provider's forecast is calibrated on its own months (${escapeHtml(providersInfo?.months[0] ? monthLabel(providersInfo.months[0]) : '')} to ${escapeHtml(providersInfo?.months.at(-1) ? monthLabel(providersInfo.months.at(-1)!) : '')}); waits are estimated from whole months waited. Merged rows hold several providers' figures.</p>
          <select id="where-provider" aria-describedby="where-provider-hint">
            <option value="">England (national series)</option>
            <option value="england">England, sum of every provider (provider file)</option>
            ${areaOptions('region', 'NHS regions')}
            ${areaOptions('icb', 'Integrated care boards')}
            <optgroup label="Providers">${(providersInfo?.providers ?? []).map((g) => ({ code: g.provider, name: groupLabel(g) })).sort((a, b) => a.name.localeCompare(b.name))
              .map((g) => `<option value="${escapeHtml(g.code)}">${escapeHtml(g.name)}</option>`).join('')}</optgroup>
          </select>
        </div>
        <div class="field control">
          <label for="where-tfc">Specialty</label>
          <select id="where-tfc">${(providersInfo?.specialties ?? []).map((sp) => `<option value="${escapeHtml(sp.code)}"${sp.code === 'C_999' ? ' selected' : ''}>${escapeHtml(sp.code === 'C_999' ? 'All specialties' : sp.name)}</option>`).join('')}</select>
        </div>
      </fieldset>
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
          <input type="month" id="until" value="${defaultUntil}" min="${addMonths(startMonth, 1)}" />
        </div>
        <div class="field control">
          <label for="target">Target</label>
          <p class="hint" id="target-hint">For example “92% within 18 weeks by 2029-03” or “0 over 52 weeks by 2026-03”.</p>
          <input type="text" id="target" value="${escapeHtml(defaultTarget)}" aria-describedby="target-hint" />
        </div>
        <div class="field control">
          <label for="solve-lever">What to change to meet the target</label>
          <p class="hint" id="solve-lever-hint">Used by “What it would take”.</p>
          <select id="solve-lever" aria-describedby="solve-lever-hint">
            ${levers.map((l) => `<option value="${escapeHtml(l.name)}" title="${escapeHtml(l.help)}"${l.name === 'extra_per_week' ? ' selected' : ''}>${escapeHtml(leverLabels[l.name] ?? l.name)}</option>`).join('')}
          </select>
        </div>
      </div>
      <fieldset class="workforce" id="workforce"${workforceLevers ? '' : ' hidden'}><legend>Staff, sickness absence, productivity and beds</legend>
        <p class="hint">Capacity in the units the debate uses. Each change becomes treatments through how treatments have followed staff numbers within each trust (see the Productivity page).</p>
        <div class="controls">${workforceHtml(['additional_doctors', 'additional_consultants'])}
          <div class="field control">
            <label for="workforce_by">Additional staff all in post by</label>
            <p class="hint" id="workforce_by-hint">They join steadily from next month; empty: all at once.</p>
            <input type="month" id="workforce_by" value="" min="${addMonths(startMonth, 1)}" aria-describedby="workforce_by-hint" />
          </div>
          ${workforceHtml(['consultant_growth', 'other_doctor_growth', 'absence_change', 'productivity_gap'])}
          <div class="field control">
            <label for="productivity_to">Productivity level to reach</label>
            <p class="hint" id="productivity_to-hint">Treatments per consultant against expected for the specialty mix, among acute trusts.</p>
            <select id="productivity_to" aria-describedby="productivity_to-hint">
              <option value="median">The median trust</option>
              <option value="upper_quartile">The upper quartile (top quarter of trusts)</option>
            </select>
          </div>
          <div class="field control">
            <label for="productivity_by">Productivity level reached by</label>
            <p class="hint" id="productivity_by-hint">Empty: at once.</p>
            <input type="month" id="productivity_by" value="" min="${addMonths(startMonth, 1)}" aria-describedby="productivity_by-hint" />
          </div>
          ${workforceHtml(['beds_freed', 'beds_elective_share'])}
        </div>
      </fieldset>
      <div class="actions">
        <button type="submit" class="button" id="run-forecast">Run projection</button>
        <button type="button" class="button secondary" id="run-solve">What it would take to meet the target</button>
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

  for (const c of [...controls, ...workforceControls]) {
    const number = main.querySelector<HTMLInputElement>(`#${c.id}`)!;
    const range = main.querySelector<HTMLInputElement>(`#${c.id}-range`)!;
    range.addEventListener('input', () => (number.value = range.value));
    number.addEventListener('input', () => (range.value = number.value));
  }
  const value = (id: string) => Number(main.querySelector<HTMLInputElement>(`#${id}`)!.value) || 0;
  const setValue = (id: string, v: number) => {
    main.querySelector<HTMLInputElement>(`#${id}`)!.value = String(v);
    main.querySelector<HTMLInputElement>(`#${id}-range`)!.value = String(v);
  };
  const status = main.querySelector<HTMLDivElement>('#job-status')!;
  const cancelButton = main.querySelector<HTMLButtonElement>('#cancel-job')!;
  const forecastSection = main.querySelector<HTMLElement>('#forecast-result')!;
  const solveSection = main.querySelector<HTMLElement>('#solve-result')!;
  let running: number | null = null;
  // While a job runs the run buttons are disabled (a second run would be ignored), and enabled again after.
  const runButtons = ['#run-forecast', '#run-solve', '#run-ready'].map((id) => main.querySelector<HTMLButtonElement>(id)!);
  const busy = (on: boolean) => runButtons.forEach((b) => (b.disabled = on));

  const buildScenario = () => {
    const spread = value('uncertainty') / 100;
    const growth = (v: number) => (spread > 0 ? { low: v / 100 - spread, high: v / 100 + spread } : v / 100);
    const scenario: Record<string, unknown> = {
      scenario: { name: 'Dashboard scenario' },
      horizon: { until: main.querySelector<HTMLInputElement>('#until')!.value || defaultUntil },
      referrals: { growth_per_year: growth(value('referral_growth')) },
      removals: { total_growth_per_year: growth(value('activity_growth')) },
      capacity: {
        extra_per_week: { amount: value('extra_capacity') },
        independent_sector: { per_week: value('independent_sector'), staff_overlap: value('staff_overlap') / 100 },
      },
      policy: { removal_rule: main.querySelector<HTMLSelectElement>('#policy')!.value },
      uncertainty: { samples: spread > 0 ? 200 : 0, seed: 1 },
    };
    scenario.start = national ? { dataset: national.id, month: 'latest' } : { data: 'rtt_national_timeseries.csv', month: 'latest' };
    const where = whereChoice();
    if (where) {
      const start: Record<string, unknown> = { data: monthsFile, month: 'latest', tfc: where.tfc };
      const area = whereArea(where.provider);
      if (area) start[area.key] = area.code;
      else if (where.provider !== 'england') start.provider = where.provider;
      scenario.start = start;
    }
    if (value('hidden_demand') > 0) (scenario.referrals as Record<string, unknown>).hidden_demand = { total: value('hidden_demand'), over_months: 12 };
    if (value('strike_months') > 0 && value('strike_loss') > 0) {
      scenario.shock = [{ name: 'Industrial action', from: addMonths(startMonth, 1), until: addMonths(startMonth, value('strike_months')), capacity_loss: value('strike_loss') / 100 }];
    }
    if (workforceLevers) Object.assign(scenario.capacity as Record<string, unknown>, workforceScenario());
    const target = main.querySelector<HTMLInputElement>('#target')!.value.trim();
    if (target) scenario.target = [{ text: target }];
    return scenario;
  };

  // [capacity.workforce] and [capacity.beds] from the staff and beds fields: only the keys changed from
  // "no change", so that an untouched builder runs the same scenario as before.
  const workforceScenario = (): Record<string, unknown> => {
    const out: Record<string, unknown> = {};
    const workforce: Record<string, unknown> = {};
    const monthOf = (id: string) => main.querySelector<HTMLInputElement>(`#${id}`)!.value;
    if (value('additional_doctors')) workforce.additional_doctor_fte = value('additional_doctors');
    if (value('additional_consultants')) workforce.additional_consultant_fte = value('additional_consultants');
    if ((workforce.additional_doctor_fte || workforce.additional_consultant_fte) && monthOf('workforce_by')) workforce.by = monthOf('workforce_by');
    if (value('consultant_growth')) workforce.consultant_fte_growth_per_year = value('consultant_growth') / 100;
    if (value('other_doctor_growth')) workforce.other_fte_growth_per_year = value('other_doctor_growth') / 100;
    if (value('absence_change')) workforce.absence_change_points = value('absence_change');
    if (value('productivity_gap')) {
      const productivity: Record<string, unknown> = { to: main.querySelector<HTMLSelectElement>('#productivity_to')!.value, share_of_gap: value('productivity_gap') / 100 };
      if (monthOf('productivity_by')) productivity.by = monthOf('productivity_by');
      workforce.productivity = productivity;
    }
    if (Object.keys(workforce).length) out.workforce = workforce;
    if (value('beds_freed')) out.beds = { freed: value('beds_freed'), elective_share: value('beds_elective_share') / 100 };
    return out;
  };

  // The provider months group chosen under "Where", or null for the national series.
  const whereChoice = (): { provider: string; tfc: string } | null => {
    const provider = main.querySelector<HTMLSelectElement>('#where-provider')?.value ?? '';
    if (!provider || !providersInfo) return null;
    return { provider, tfc: main.querySelector<HTMLSelectElement>('#where-tfc')?.value || 'C_999' };
  };
  const whereLabel = (): string => {
    const where = whereChoice();
    if (!where) return 'your settings above';
    const g = providersInfo?.providers.find((x) => x.provider === where.provider);
    const area = whereArea(where.provider);
    const who = area ? `${areaNames(area.key).get(area.code) ?? area.code} (${area.code})` : g ? groupLabel(g) : 'England (sum of every provider)';
    const sp = providersInfo?.specialties.find((x) => x.code === where.tfc);
    return `your settings above for ${who}, ${where.tfc === 'C_999' ? 'all specialties' : sp?.name ?? where.tfc}`;
  };

  const ready = (await getJson<{ scenarios: ReadyScenario[] }>('/api/scenarios').catch(() => ({ scenarios: [] as ReadyScenario[] }))).scenarios.filter((r) => !r.patient_level && (r.list ?? 'rtt') === 'rtt');
  const readySelect = main.querySelector<HTMLSelectElement>('#ready-scenario')!;
  readySelect.innerHTML = ready.map((r) => `<option value="${escapeHtml(r.file)}">${escapeHtml(r.description || r.name)}</option>`).join('');
  main.querySelector<HTMLFormElement>('#ready-form')!.hidden = ready.length === 0;

  // The controls show what a ready scenario sets, so that after running it they describe the projection shown.
  const showReady = (chosen: ReadyScenario): string[] => {
    const settings = readySettings(chosen.text);
    for (const c of controls) setValue(c.id, settings.values[c.id] ?? 0);
    for (const c of workforceControls) setValue(c.id, c.value); // a ready scenario's own staff keys are listed as not shown
    main.querySelector<HTMLInputElement>('#until')!.value = settings.until ?? defaultUntil;
    main.querySelector<HTMLInputElement>('#target')!.value = settings.target ?? '';
    const policy = main.querySelector<HTMLSelectElement>('#policy')!;
    policy.value = settings.policy && [...policy.options].some((o) => o.value === settings.policy) ? settings.policy : 'calibrated';
    return settings.others;
  };

  const run = async (kind: 'forecast' | 'solve', chosen?: ReadyScenario) => {
    if (running !== null) return;
    // A new run (or a blocked one) replaces the last run's "Done." or error message.
    status.innerHTML = '';
    const options: Record<string, unknown> = {};
    const target = main.querySelector<HTMLInputElement>('#target')!.value.trim();
    const leverName = main.querySelector<HTMLSelectElement>('#solve-lever')?.value || 'extra_per_week';
    const lever = levers.find((l) => l.name === leverName);
    if (kind === 'solve') {
      if (!target && (lever?.needs_target ?? true)) {
        status.innerHTML = '<p class="error-text" role="alert">Enter a target first (for example “92% within 18 weeks by 2029-03”).</p>';
        return;
      }
      if (target) options.target = target;
      options.lever = leverName;
      options.samples = 0;
    }
    let notShown: string[] = [];
    if (chosen) {
      notShown = showReady(chosen);
      solveSection.innerHTML = ''; // the old answer was for other settings
      delete solveSection.dataset.jobId;
    }
    status.innerHTML = '<p>Starting…</p>';
    busy(true);
    const scenario = chosen?.text ?? buildScenario();
    const label = chosen ? `${chosen.description || chosen.name} (scenarios/${chosen.file})` : whereLabel();
    const where = chosen ? null : whereChoice();
    try {
      const job = await postJson<Job>('/api/jobs', { kind, scenario, options });
      running = job.id;
      cancelButton.hidden = false;
      const done = await waitForJob(job.id, (j) => {
        status.innerHTML = `<p>${j.state === 'queued' ? 'Waiting to start…' : `Working… ${Math.round(j.progress * 100)}%`}</p><progress max="1" value="${j.progress}" aria-label="Progress"></progress>`;
      });
      if (done.state === 'done') {
        const history = where ? await groupHistory(where.provider, where.tfc).catch(() => [])
          : chosen && !/rtt_national_timeseries/.test(chosen.text) ? [] : (await nationalSeries).months;
        if (kind === 'forecast') {
          renderForecast(forecastSection, done.result as ForecastResult, done.id, { label, notShown, history });
        } else {
          solveSection.dataset.jobId = String(done.id);
          const result = done.result as Record<string, unknown>;
          renderSolve(solveSection, result, lever, done.id);
          const solved = lever?.sets ? solvedScenario(scenario as Record<string, unknown>, lever.name, result.value) : null;
          if (solved) {
            status.innerHTML = '<p>Drawing the solved projection…</p>';
            const trajectory = await postJson<Job>('/api/jobs', { kind: 'forecast', scenario: solved, options: {} });
            running = trajectory.id;
            const drawn = await waitForJob(trajectory.id, () => undefined);
            if (drawn.state === 'done') renderSolvedTrajectory(solveSection, drawn.result as ForecastResult, history, target);
          }
        }
        status.innerHTML = '<p>Done.</p>';
      } else if (done.state === 'cancelled') {
        status.innerHTML = '<p>Cancelled.</p>';
      } else {
        status.innerHTML = `<div class="error-summary" role="alert"><p>The model could not run: ${escapeHtml(plainError(done.error ?? 'unknown error'))}</p></div>`;
      }
    } catch (error) {
      const message = error instanceof ApiError ? error.message : String(error);
      status.innerHTML = `<div class="error-summary" role="alert"><p>${escapeHtml(plainError(message))}</p></div>`;
    } finally {
      running = null;
      cancelButton.hidden = true;
      busy(false);
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
    if (chosen) void run('forecast', chosen);
  });
  cancelButton.addEventListener('click', async () => {
    if (running !== null) await del(`/api/jobs/${running}`).catch(() => null);
  });
}

// The builder's scenario with the solved value put where the lever sets it, to draw the solved trajectory.
function solvedScenario(scenario: Record<string, unknown>, lever: string, value: unknown): Record<string, unknown> | null {
  if (typeof value !== 'number' || typeof scenario !== 'object' || scenario === null || typeof scenario.horizon !== 'object') return null;
  const copy = JSON.parse(JSON.stringify(scenario)) as Record<string, Record<string, unknown>>;
  copy.uncertainty = { samples: 0, seed: 1 };
  if (lever === 'extra_per_week') {
    copy.capacity = { ...(copy.capacity ?? {}), extra_per_week: { ...((copy.capacity?.extra_per_week as object) ?? {}), amount: value } };
  } else if (lever === 'growth') {
    if (copy.removals && 'total_growth_per_year' in copy.removals) copy.removals = { ...copy.removals, total_growth_per_year: value };
    else copy.capacity = { ...(copy.capacity ?? {}), growth_per_year: value };
  } else if (lever === 'consultant_fte' || lever === 'absence' || lever === 'productivity') {
    const workforce = { ...((copy.capacity?.workforce as Record<string, unknown>) ?? {}) };
    if (lever === 'consultant_fte') workforce.additional_consultant_fte = value;
    else if (lever === 'absence') workforce.absence_change_points = value;
    else workforce.productivity = { ...((workforce.productivity as object) ?? {}), to: value };
    copy.capacity = { ...(copy.capacity ?? {}), workforce };
  } else if (lever === 'beds') {
    copy.capacity = { ...(copy.capacity ?? {}), beds: { ...((copy.capacity?.beds as object) ?? {}), freed: value } };
  } else {
    return null;
  }
  return copy;
}

interface ForecastView {
  label: string;
  notShown: string[];
  history: NationalMonth[];
}

const historyMonths = 36;

function renderForecast(section: HTMLElement, result: ForecastResult, jobId: number, view: ForecastView): void {
  const months = result.months ?? [];
  // Recorded months up to the one before the projection's first, drawn before it on every chart.
  const first = months[0]?.month ?? '';
  const past = view.history.filter((m) => m.month < first).slice(-historyMonths);
  const labels = [...past.map((m) => monthLabel(m.month)), ...months.map((m) => monthLabel(m.month))];
  const banded = months.some((m) => typeof m.pct_within_18_weeks === 'object' && m.pct_within_18_weeks !== null);
  const targets = result.targets ?? [];
  section.dataset.jobId = String(jobId);
  section.dataset.scenario = view.label;
  const targetRows = targets
    .map((t) => `<li><strong>${escapeHtml(t.text)}</strong>: ${t.met ? 'met' : 'not met'} at the deadline${
      t.first_met_month ? `; first met in ${escapeHtml(monthLabel(t.first_met_month))}` : '; not met within the projection'}${
      t.probability_met !== undefined ? ` (chance ${percent(t.probability_met, 0)})` : ''}.</li>`)
    .join('');
  section.innerHTML = `<h2 id="projection-title">Projection: ${escapeHtml(view.label)}</h2>
    ${workbookButton(jobId, 'the projection')}
    ${view.notShown.length ? `<p class="hint" id="not-shown">This scenario also sets ${escapeHtml(view.notShown.join(', '))}, which the controls above do not show; the projection is of the scenario as written.</p>` : ''}
    ${targets.length ? `<ul class="target-list" id="target-list">${targetRows}</ul>` : ''}
    ${past.length ? `<p class="hint">Grey: recorded figures from ${escapeHtml(monthLabel(past[0].month))} to ${escapeHtml(monthLabel(past.at(-1)!.month))}; blue: the projection.</p>` : ''}
    ${banded ? '<p class="hint">The line is the middle estimate; the shaded band covers 8 in 10 of the simulated futures (10th to 90th percentile).</p>' : ''}
    <div class="grid-2">
      ${figure('chart-fan-pct18', 'Share waiting 18 weeks or less', 'Recorded and projected percentage within 18 weeks with the 92% standard')}
      ${figure('chart-fan-list', 'Waiting list size', 'Recorded and projected number of incomplete pathways')}
      ${figure('chart-fan-over52', 'Waiting over 52 weeks', 'Recorded and projected pathways waiting over 52 weeks')}
      ${figure('chart-fan-median', 'Median wait', 'Recorded and projected median wait in weeks')}
    </div>`;

  const pad = (values: (number | null)[]) => [...past.map(() => null), ...values];
  const recorded = (key: string): Series[] =>
    past.length ? [{ label: 'Recorded', data: [...past.map((m) => historyValue(m, key)), ...months.map(() => null)], colour: colours.grey }] : [];
  const fan = (key: string, label: string, colour: string): Series[] => {
    const mid = pad(months.map((m) => p(m[key])));
    if (!banded) return [{ label, data: mid, colour }];
    return [
      { label: '_p10', data: pad(months.map((m) => p(m[key], 'p10'))), colour },
      { label: '_p90', data: pad(months.map((m) => p(m[key], 'p90'))), colour, fillTo: 0 },
      { label, data: mid, colour },
    ];
  };
  // Target lines: the 92% standard always, plus each scenario target drawn on the chart of its measure, and a
  // marker at the month it is first met.
  const all = labels.map(() => 0);
  const lines: Record<string, Series[]> = {
    pct: [{ label: '92% standard', data: all.map(() => 0.92), colour: colours.red, dashed: true }],
    list: [],
    over52: [],
  };
  for (const t of targets) {
    const share = /([\d.]+)%\s+within\s+18\s+weeks/i.exec(t.text);
    const over52 = /^\s*([\d,]+)\s+over\s+52\s+weeks/i.exec(t.text);
    const list = /list\s+below\s+([\d,]+)/i.exec(t.text);
    const constant = (v: number) => all.map(() => v);
    const firstMet = (key: string) => pad(months.map((m) => (m.month === t.first_met_month ? p(m[key]) : null)));
    if (share && Number(share[1]) !== 92) lines.pct.push({ label: `Target: ${t.text}`, data: constant(Number(share[1]) / 100), colour: colours.green, dashed: true });
    if (share && t.first_met_month) lines.pct.push({ label: `First met: ${t.first_met_month}`, data: firstMet('pct_within_18_weeks'), colour: colours.green, point: true });
    if (over52) lines.over52.push({ label: `Target: ${t.text}`, data: constant(Number(over52[1].replace(/,/g, ''))), colour: colours.green, dashed: true });
    if (list) lines.list.push({ label: `Target: ${t.text}`, data: constant(Number(list[1].replace(/,/g, ''))), colour: colours.green, dashed: true });
  }
  // Fan datasets first (the band fills to dataset 0), then the recorded series and the lines.
  lineChart(section.querySelector<HTMLCanvasElement>('#chart-fan-pct18')!, {
    labels, yTitle: 'Within 18 weeks', yFormat: (x) => `${Math.round(x * 100)}%`, yMin: 0, yMax: 1,
    series: [...fan('pct_within_18_weeks', 'Within 18 weeks', colours.blue), ...recorded('pct_within_18_weeks'), ...lines.pct],
  });
  lineChart(section.querySelector<HTMLCanvasElement>('#chart-fan-list')!, {
    labels, yTitle: 'Pathways', yFormat: (x) => (x >= 1e6 ? `${(x / 1e6).toFixed(1)}m` : x.toLocaleString('en-GB')),
    series: [...fan('list_size', 'Waiting list', colours.blue), ...recorded('list_size'), ...lines.list],
  });
  lineChart(section.querySelector<HTMLCanvasElement>('#chart-fan-over52')!, { labels, yTitle: 'Pathways', series: [...fan('over_52_weeks', 'Over 52 weeks', colours.red), ...recorded('over_52_weeks'), ...lines.over52] });
  lineChart(section.querySelector<HTMLCanvasElement>('#chart-fan-median')!, { labels, yTitle: 'Weeks', series: [...fan('median_weeks', 'Median wait', colours.darkBlue), ...recorded('median_weeks')] });

  const rows = months.map((m) => [m.month, percent(p(m.pct_within_18_weeks)), count(p(m.list_size)), count(p(m.over_52_weeks))]);
  renderTable(section.querySelector('#chart-fan-pct18-table'), 'Projection by month (middle estimate)', ['Month', 'Within 18 weeks', 'Waiting list', 'Over 52 weeks'], rows);
  renderTable(section.querySelector('#chart-fan-list-table'), 'Waiting list by month', ['Month', 'Low (10th)', 'Middle', 'High (90th)'],
    months.map((m) => [m.month, count(p(m.list_size, 'p10')), count(p(m.list_size)), count(p(m.list_size, 'p90'))]));
  renderTable(section.querySelector('#chart-fan-over52-table'), 'Over 52 weeks by month', ['Month', 'Over 52 weeks'], months.map((m) => [m.month, count(p(m.over_52_weeks))]));
  renderTable(section.querySelector('#chart-fan-median-table'), 'Median wait by month', ['Month', 'Median (weeks)'],
    months.map((m) => [m.month, (p(m.median_weeks) ?? NaN).toFixed(1)]));
}

const signed = (fraction: number) => `${fraction >= 0 ? '+' : '−'}${Math.abs(fraction * 100).toFixed(1)}%`;

// The solver's answer with its context: the weekly capacity it starts from and the change it implies.
// The whole run as an Excel workbook (GET /api/jobs/{id}/result.xlsx: every table of the result, the scenario
// and its provenance), the same workbook as `elective forecast|solve --format xlsx`.
function workbookButton(jobId: number, what: string): string {
  return `<div class="exports workbook-export"><button type="button" class="button secondary small" data-export-workbook="${jobId}">Download workbook (XLSX)<span class="visually-hidden"> of ${escapeHtml(what)}</span></button>
    <span class="workbook-status" role="status" aria-live="polite"></span></div>`;
}

document.addEventListener('click', (event) => {
  const button = (event.target as HTMLElement).closest<HTMLButtonElement>('[data-export-workbook]');
  if (!button) return;
  const status = button.parentElement?.querySelector<HTMLElement>('.workbook-status');
  const id = button.dataset.exportWorkbook;
  button.disabled = true;
  downloadFile(`/api/jobs/${id}/result.xlsx`, `elective-job-${id}.xlsx`)
    .then((name) => { if (status) status.textContent = `Saved ${name}.`; })
    .catch((error: Error) => { if (status) status.textContent = `The workbook could not be made: ${plainError(error.message)}`; })
    .finally(() => { button.disabled = false; });
});

function renderSolve(section: HTMLElement, result: Record<string, unknown>, lever: Lever | undefined, jobId: number): void {
  const valueNumber = typeof result.value === 'number' ? result.value : null;
  const baseline = typeof result.baseline_capacity_per_week === 'number' ? result.baseline_capacity_per_week : null;
  const converged = result.converged === true;
  const target = String(result.target ?? '');
  const name = lever?.name ?? String(result.lever ?? '');
  let sentence = 'The target cannot be met with this lever within the limits searched.';
  let context = '';
  if (valueNumber !== null) {
    if (name === 'extra_per_week') {
      sentence = `About <strong id="solve-value">${count(valueNumber)}</strong> extra treatments a week, on top of the growth set above, would be needed to meet “${escapeHtml(target)}”.`;
      if (baseline) context = `That is <strong id="solve-change">${signed(valueNumber / baseline)}</strong> on the <span id="solve-baseline">${count(baseline)}</span> treatments a week of the last 12 months.`;
    } else if (name === 'growth') {
      sentence = `Removals would need to grow by <strong id="solve-value">${(valueNumber * 100).toFixed(1)}%</strong> a year to meet “${escapeHtml(target)}”.`;
      if (baseline) context = `From <span id="solve-baseline">${count(baseline)}</span> treatments a week over the last 12 months.`;
    } else if (name === 'consultant_fte') {
      sentence = `About <strong id="solve-value">${count(valueNumber)}</strong> additional consultants (full-time equivalent, England) would be needed to meet “${escapeHtml(target)}”.`;
    } else if (name === 'absence') {
      sentence = `Sickness absence would need to change by <strong id="solve-value">${valueNumber.toFixed(1)}</strong> percentage points to meet “${escapeHtml(target)}”.`;
    } else if (name === 'productivity') {
      sentence = `Every trust below a standardised ratio of <strong id="solve-value">${valueNumber.toFixed(2)}</strong> (treatments against expected for its consultants and specialty mix) would need to reach it to meet “${escapeHtml(target)}”.`;
    } else if (name === 'beds') {
      sentence = `About <strong id="solve-value">${count(valueNumber)}</strong> beds freed from delayed discharges (England) would be needed to meet “${escapeHtml(target)}”.`;
    } else {
      sentence = `<strong id="solve-value">${count(valueNumber)}</strong> treatments a week: ${escapeHtml(lever?.help ?? name)}${target ? ` (“${escapeHtml(target)}”)` : ''}.`;
      if (baseline) context = `That is <strong id="solve-change">${signed(valueNumber / baseline - 1)}</strong> on the <span id="solve-baseline">${count(baseline)}</span> treatments a week of the last 12 months.`;
    }
  }
  section.innerHTML = `<h2>What it would take: ${escapeHtml(leverLabels[name] ?? name)}</h2><p>${sentence}</p>${context ? `<p id="solve-context">${context}</p>` : ''}
    ${workbookButton(jobId, 'the solver’s answer')}
    ${converged ? '' : '<p class="hint">The search did not fully converge; treat this as approximate.</p>'}
    <div id="solved-trajectory"></div>
    <details><summary>All figures from the solver</summary><pre class="json">${escapeHtml(JSON.stringify(result, null, 2))}</pre></details>`;
}

// The projection with the solved value in place, after the recorded history, with the target.
function renderSolvedTrajectory(section: HTMLElement, result: ForecastResult, history: NationalMonth[], target: string): void {
  const holder = section.querySelector<HTMLElement>('#solved-trajectory');
  if (!holder) return;
  const months = result.months ?? [];
  const past = history.filter((m) => m.month < (months[0]?.month ?? '')).slice(-historyMonths);
  const labels = [...past.map((m) => monthLabel(m.month)), ...months.map((m) => monthLabel(m.month))];
  holder.innerHTML = figure('chart-solved', 'Share waiting 18 weeks or less with the change in place', 'Recorded and solved projection of the percentage within 18 weeks');
  const share = /([\d.]+)%\s+within\s+18\s+weeks/i.exec(target);
  lineChart(holder.querySelector<HTMLCanvasElement>('#chart-solved')!, {
    labels, yTitle: 'Within 18 weeks', yFormat: (x) => `${Math.round(x * 100)}%`, yMin: 0, yMax: 1,
    series: [
      { label: 'With the change', data: [...past.map(() => null), ...months.map((m) => p(m.pct_within_18_weeks))], colour: colours.green },
      ...(past.length ? [{ label: 'Recorded', data: [...past.map((m) => historyValue(m, 'pct_within_18_weeks')), ...months.map(() => null)], colour: colours.grey }] : []),
      { label: share ? `Target: ${target}` : '92% standard', data: labels.map(() => (share ? Number(share[1]) / 100 : 0.92)), colour: colours.red, dashed: true },
    ],
  });
  renderTable(holder.querySelector('#chart-solved-table'), 'Solved projection by month', ['Month', 'Within 18 weeks', 'Waiting list', 'Over 52 weeks'],
    months.map((m) => [m.month, percent(p(m.pct_within_18_weeks)), count(p(m.list_size)), count(p(m.over_52_weeks))]));
}
