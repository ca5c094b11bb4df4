// Standards (issue 12 item 4): every waiting-time standard side by side - RTT 18 weeks and the 52/65/78-week waits,
// diagnostics 6 weeks, cancer 28/31/62 days - for England, a region, an ICB or a provider: latest value and month,
// threshold, deadline, met or not at it (red/amber/green, with the words), the change in a year and a sparkline of
// every month. Figures are `elective standards` (GET /api/standards; history=1 adds the months).
import { getJson } from '../api';
import { renderTable, type TableCell } from '../charts';
import { count, escapeHtml, monthLabel, percent, titleCase } from '../format';
import { rememberInHash } from './common';
import { hashParams, providerIndex, runSearch, searchField } from './lists';
import type { ProvidersInfo } from './providers';

interface StandardRow {
  standard: string;
  area: string;
  month: string | null;
  value: number | null;
  threshold: number;
  deadline: string | null;
  met: boolean | null;
  // The forecast at a deadline after the data (elective standards' projection), and met or not by it.
  projected?: number | null;
  projected_month?: string | null;
  met_at_deadline?: boolean | null;
  trend: number | null;
  source: string;
  estimated: boolean;
  history: { month: string; value: number }[];
}

type AreaKind = 'england' | 'region' | 'icb' | 'provider';
const kinds: { kind: AreaKind; label: string }[] = [
  { kind: 'england', label: 'England' },
  { kind: 'region', label: 'A region' },
  { kind: 'icb', label: 'An integrated care board' },
  { kind: 'provider', label: 'A provider' },
];

// Counts (the long waits) are judged against 0 patients; shares against their threshold.
const isShare = (r: StandardRow) => r.threshold > 0;
const shown = (r: StandardRow, v: number | null) => (v === null ? '–' : isShare(r) ? percent(v) : count(v));

// Red/amber/green as the overview cards: a share is green when it meets its threshold, amber within 5 points below,
// red further below; a count of long waits is green at none, amber when it fell over the year, red otherwise.
// Judged where `met` is (at the deadline month when the data have it, else the latest month).
export function rag(r: StandardRow): { rag: 'green' | 'amber' | 'red' | 'none'; text: string } {
  if (r.met === null || r.value === null) return { rag: 'none', text: 'no figure' };
  const when = r.deadline && r.history.some((h) => h.month === r.deadline) ? `at its deadline, ${monthLabel(r.deadline)}` : `in ${monthLabel(r.month ?? '')}`;
  if (r.met) return { rag: 'green', text: `met ${when}` };
  let value = r.value;
  if (r.deadline) value = r.history.find((h) => h.month === r.deadline)?.value ?? r.value;
  if (isShare(r)) {
    const gap = (r.threshold - value) * 100;
    return { rag: gap <= 5 ? 'amber' : 'red', text: `not met ${when}: ${gap.toFixed(1)} points below` };
  }
  const falling = r.trend !== null && r.trend < 0;
  return { rag: falling ? 'amber' : 'red', text: `not met ${when}: ${count(value)} waiting${falling ? ', falling' : ''}` };
}

const ragLabel = { green: 'Green', amber: 'Amber', red: 'Red', none: '' };

// A sparkline of the last three years of months (an image with a text alternative: its first and last month and
// value); the national RTT series goes back to 2007, the other sources hold months since 2023 or 2024.
const SPARK_MONTHS = 36;
function sparkline(r: StandardRow): string {
  const h = r.history.slice(-SPARK_MONTHS);
  if (h.length < 2) return '<span class="hint">–</span>';
  const values = h.map((p) => p.value);
  const lo = Math.min(...values, isShare(r) ? r.threshold : 0);
  const hi = Math.max(...values, isShare(r) ? r.threshold : 0);
  const span = hi - lo || 1;
  const w = 120;
  const ht = 28;
  const x = (i: number) => ((i / (h.length - 1)) * (w - 4) + 2).toFixed(1);
  const y = (v: number) => (ht - 2 - ((v - lo) / span) * (ht - 4)).toFixed(1);
  const points = h.map((p, i) => `${x(i)},${y(p.value)}`).join(' ');
  const line = isShare(r) ? `<line x1="2" x2="${w - 2}" y1="${y(r.threshold)}" y2="${y(r.threshold)}" class="spark-threshold"/>` : '';
  const label = `${r.standard}: ${shown(r, h[0].value)} in ${monthLabel(h[0].month)}, ${shown(r, h.at(-1)!.value)} in ${monthLabel(h.at(-1)!.month)}`;
  return `<svg class="sparkline" viewBox="0 0 ${w} ${ht}" width="${w}" height="${ht}" role="img" aria-label="${escapeHtml(label)}"><title>${escapeHtml(label)}</title>${line}<polyline points="${points}" class="spark-line"/></svg>`;
}

export async function renderStandards(main: HTMLElement): Promise<void> {
  const [providers, dm01] = await Promise.all([
    getJson<ProvidersInfo>('/api/providers').catch(() => null),
    getJson<{ names?: Record<string, string> }>('/api/diagnostics', { names: '1' }).catch(() => null),
  ]);
  const regions = new Map<string, string>();
  const icbs = new Map<string, string>();
  const names: Record<string, string> = { ...(dm01?.names ?? {}) };
  for (const g of providers?.providers ?? []) {
    if (g.merged) continue;
    names[g.provider] = g.reference_name ?? g.provider_name;
    if (g.region && g.region !== 'unknown') regions.set(g.region, g.region_name);
    if (g.icb && g.icb !== 'unknown') icbs.set(g.icb, g.icb_name);
  }
  const index = providerIndex(names);
  const providerLabel = (code: string) => index.find((m) => m.code === code)?.label ?? code;
  const params = hashParams();
  let kind: AreaKind = kinds.find((k) => k.kind === params.get('area'))?.kind ?? 'england';
  let code = params.get('code') ?? '';
  if ((kind === 'region' && !regions.has(code)) || (kind === 'icb' && !icbs.has(code)) || (kind === 'provider' && !code)) {
    kind = 'england';
    code = '';
  }
  const sorted = (m: Map<string, string>) => [...m].sort((a, b) => a[1].localeCompare(b[1]));

  main.innerHTML = `<h1>All the standards</h1>
    <p class="lead">Every waiting-time standard of the elective recovery plan side by side, on one basis: referral to treatment (RTT) within 18 weeks and the long waits, diagnostic tests within 6 weeks, and cancer within 28, 31 and 62 days.</p>
    <form id="standards-form" class="panel filters" aria-label="Choose an area">
      <fieldset class="inline-radios"><legend>Show</legend>
        ${kinds.map((k) => `<label><input type="radio" name="area" value="${k.kind}"${k.kind === kind ? ' checked' : ''}${(k.kind === 'region' && !regions.size) || (k.kind === 'icb' && !icbs.size) ? ' disabled' : ''}> ${k.label}</label>`).join('')}
      </fieldset>
      <div class="field" id="standards-region-field"><label for="standards-region">Region</label>
        <select id="standards-region">${sorted(regions).map(([c, n]) => `<option value="${escapeHtml(c)}">${escapeHtml(titleCase(n))}</option>`).join('')}</select></div>
      <div class="field" id="standards-icb-field"><label for="standards-icb">Integrated care board</label>
        <select id="standards-icb">${sorted(icbs).map(([c, n]) => `<option value="${escapeHtml(c)}">${escapeHtml(titleCase(n))}</option>`).join('')}</select></div>
      <div id="standards-provider-field">${searchField('standards-search', index, kind === 'provider' ? providerLabel(code) : '', 'For example “Dorset” or “RBD”.')}</div>
    </form>
    <div id="standards-search-result" role="status" aria-live="polite"></div>
    <div id="standards-view"></div>
    <p class="hint">Red, amber and green: a share is green when it meets its threshold, amber when it is within 5 points below, red further below; a long wait (a count of people, standard: none) is green at none, amber when it fell over the year, red otherwise. Each is judged at its deadline month when the data have that month, otherwise at the latest month.
      Sources end in different months: the national RTT series, the provider RTT file, DM01 and cancer each give their latest month. An area's RTT figures are estimated from whole months waited; 65 and 78 weeks are not in that file.</p>`;

  const form = main.querySelector<HTMLFormElement>('#standards-form')!;
  const regionSelect = main.querySelector<HTMLSelectElement>('#standards-region')!;
  const icbSelect = main.querySelector<HTMLSelectElement>('#standards-icb')!;
  const search = main.querySelector<HTMLInputElement>('#standards-search')!;
  const result = main.querySelector<HTMLDivElement>('#standards-search-result')!;
  const view = main.querySelector<HTMLDivElement>('#standards-view')!;
  const showFields = () => {
    main.querySelector<HTMLElement>('#standards-region-field')!.hidden = kind !== 'region';
    main.querySelector<HTMLElement>('#standards-icb-field')!.hidden = kind !== 'icb';
    main.querySelector<HTMLElement>('#standards-provider-field')!.hidden = kind !== 'provider';
    if (kind === 'region') regionSelect.value = code;
    if (kind === 'icb') icbSelect.value = code;
  };

  let generation = 0;
  const update = async () => {
    const mine = ++generation;
    rememberInHash('standards', { area: kind === 'england' ? undefined : kind, code: kind === 'england' ? undefined : code });
    const target = document.createElement('div');
    try {
      const query = kind === 'england' || !code ? { history: '1' } : { area: kind, code, history: '1' };
      const body = await getJson<{ area: string; standards: StandardRow[] }>('/api/standards', query);
      if (mine !== generation) return;
      const where = kind === 'england' || !code ? 'England' : kind === 'provider' ? providerLabel(code)
        : titleCase((kind === 'region' ? regions : icbs).get(code) ?? code);
      renderView(target, where, body.standards);
      view.replaceChildren(target);
    } catch (error) {
      if (mine === generation) view.innerHTML = `<div class="error-summary" role="alert"><p>${escapeHtml((error as Error).message)}</p></div>`;
    }
  };
  form.addEventListener('change', (e) => {
    if (e.target === search) return;
    const chosen = form.querySelector<HTMLInputElement>('input[name=area]:checked')?.value as AreaKind;
    if (chosen !== kind) {
      kind = chosen;
      code = kind === 'region' ? regionSelect.value : kind === 'icb' ? icbSelect.value : '';
      showFields();
      if (kind === 'provider' && !code) {
        view.innerHTML = '<p>Find a provider by name or code above.</p>';
        search.focus();
        return;
      }
    } else {
      code = kind === 'region' ? regionSelect.value : kind === 'icb' ? icbSelect.value : code;
    }
    result.innerHTML = '';
    void update();
  });
  const choose = (chosen: string | undefined) => {
    if (!chosen) return;
    code = chosen;
    search.value = providerLabel(chosen);
    void update().then(() => view.querySelector<HTMLElement>('#standards-scope')?.focus());
  };
  main.querySelector('#standards-search-find')!.addEventListener('click', () => runSearch(index, search.value, result, choose));
  search.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') {
      e.preventDefault();
      runSearch(index, search.value, result, choose);
    }
  });
  main.addEventListener('click', (e) => {
    const value = (e.target as HTMLElement).closest<HTMLElement>('[data-select]')?.dataset.select;
    if (value?.startsWith('provider:')) {
      result.innerHTML = '';
      choose(value.slice('provider:'.length));
    }
  });
  showFields();
  await update();
}

// The projection in words: the forecast value at a deadline after the data and whether it meets the threshold
// (none when the deadline is in the data, has passed, or the list's file cannot be forecast for this area).
function projection(r: StandardRow): string {
  if (r.projected === undefined || r.projected === null || !r.projected_month) return '–';
  const verdict = r.met_at_deadline === true ? 'would be met' : r.met_at_deadline === false ? 'would not be met' : '';
  return `${shown(r, r.projected)} by ${monthLabel(r.projected_month)}${verdict ? ` (${verdict})` : ''}`;
}

function renderView(target: HTMLElement, where: string, rows: StandardRow[]): void {
  target.innerHTML = `<h2 id="standards-scope" tabindex="-1">${escapeHtml(where)}</h2><div id="standards-table"></div>`;
  const cells = rows.map((r): TableCell[] => {
    const status = rag(r);
    const change = r.trend === null ? '–' : isShare(r)
      ? `${r.trend >= 0 ? '+' : '−'}${Math.abs(r.trend * 100).toFixed(1)} points`
      : `${r.trend >= 0 ? '+' : '−'}${count(Math.abs(r.trend))}`;
    return [
      { text: r.standard },
      { text: `${shown(r, r.value)}${r.estimated ? ' (estimated)' : ''}` },
      { text: r.month ? monthLabel(r.month) : '–' },
      { text: isShare(r) ? percent(r.threshold, 0) : 'none waiting' },
      { text: r.deadline ? monthLabel(r.deadline) : 'standing' },
      { text: status.rag === 'none' ? '–' : `${ragLabel[status.rag]}: ${status.text}` },
      { text: projection(r) },
      { text: change },
      { text: '' },
      { text: r.source },
    ];
  });
  renderTable(target.querySelector('#standards-table'), `Waiting-time standards: ${where}`,
    ['Standard', 'Latest value', 'Month', 'Threshold', 'Deadline', 'Met?', 'Projected at deadline', 'Change in a year', 'Trend', 'Source'], cells);
  // The RAG words become the overview cards' labels and the trend column a sparkline (the CSV keeps the words).
  const table = target.querySelector<HTMLTableElement>('#standards-table table')!;
  table.classList.add('standards-table');
  [...table.tBodies[0].rows].forEach((tr, i) => {
    const r = rows[i];
    const status = rag(r);
    tr.dataset.standard = r.standard;
    tr.dataset.rag = status.rag;
    if (status.rag !== 'none') {
      tr.cells[5].innerHTML = `<span class="rag rag-${status.rag}" data-rag="${status.rag}">${ragLabel[status.rag]}</span> ${escapeHtml(status.text)}`;
    }
    tr.cells[8].innerHTML = sparkline(r);
  });
}
