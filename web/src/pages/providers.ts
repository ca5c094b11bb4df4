// Every provider in England (issue 11 item 8, issue 13), on the Overview page: find a trust by name or code,
// filter by NHS region and ICB, a league table by provider, specialty, ICB or region that sorts by any column,
// and a map of England with a dot per provider. Figures come from the RTT provider months file
// (GET /api/provider-stats: `elective stats` on it) and names, ICBs, regions and locations from the provider
// reference (GET /api/providers).
//
// Merged rows of the source (several providers' figures under one provider's name) are always shown as
// "Merged row: N providers", never as the trust the source named them after, and are not placed on the map.
// Weeks are estimated from calendar-month bins and labelled so. The change on the year is computed only when
// the file holds the month a year before; otherwise the page says it is not available.
import { getJson, type StatsRow } from '../api';
import { renderTable, type TableCell } from '../charts';
import { count, escapeHtml, monthLabel, percent, titleCase } from '../format';
import { clickedKey, mapLegend, mapSvg, type MapPoint } from '../map';
import { addMonths, cards, type Headline } from './cards';
import { num, rememberInHash } from './common';

export interface ProviderGroupInfo {
  provider: string;
  provider_name: string;
  merged: boolean;
  icb: string;
  icb_name: string;
  region: string;
  region_name: string;
  lat: number | null;
  lon: number | null;
  reference_name?: string;
  name_in_source?: string;
  members?: { code: string; name: string | null }[];
}

export interface ProvidersInfo {
  source: string;
  reference: string;
  months: string[];
  merged_groups: number;
  specialties: { code: string; name: string }[];
  providers: ProviderGroupInfo[];
}

type Rows = 'provider' | 'specialty' | 'icb' | 'region';
const rowLabels: Record<Rows, string> = { provider: 'Providers', specialty: 'Specialties', icb: 'ICBs', region: 'Regions' };
const rowLabel: Record<Rows, string> = { provider: 'Provider', specialty: 'Specialty', icb: 'ICB', region: 'Region' };
const rowPlural: Record<Rows, string> = { provider: 'providers', specialty: 'specialties', icb: 'ICBs', region: 'regions' };

interface State {
  trust?: string;
  region?: string;
  icb?: string;
  tfc: string; // C_999: all specialties
  rows: Rows;
}

const TOTAL = 'C_999';

// "Dorset County Hospital NHS Foundation Trust (RBD)"; a merged row is named as what it is.
export function groupLabel(g: ProviderGroupInfo): string {
  if (g.merged) {
    return `Merged row: ${g.members?.length ?? 'several'} providers (source name: ${titleCase(g.name_in_source ?? '')})`;
  }
  return `${titleCase(g.reference_name ?? g.provider_name)} (${g.provider})`;
}

function placeLabel(code: string | undefined, name: string | undefined, what: 'ICB' | 'region'): string {
  if (!code) return '–';
  if (code === 'merged') return `Merged rows spanning several ${what}s`;
  if (code === 'unknown') return `No ${what} in the provider reference`;
  return titleCase(name ?? code);
}

// What a search finds: a provider group, or a provider whose figures are inside a merged row.
interface Match {
  key: string; // the group to select
  label: string;
  code: string;
  name: string;
  via?: ProviderGroupInfo; // the merged row holding it
}

function searchIndex(info: ProvidersInfo): Match[] {
  const out: Match[] = [];
  for (const g of info.providers) {
    if (g.merged) {
      for (const m of g.members ?? []) {
        const name = titleCase(m.name ?? m.code);
        out.push({ key: g.provider, code: m.code, name, label: `${name} (${m.code}), in a merged row`, via: g });
      }
    } else {
      const name = titleCase(g.reference_name ?? g.provider_name);
      out.push({ key: g.provider, code: g.provider, name, label: `${name} (${g.provider})` });
    }
  }
  return out.sort((a, b) => a.label.localeCompare(b.label, 'en-GB'));
}

// Exact code, then a full label, then every name or code containing the text.
export function findProviders(index: Match[], text: string): Match[] {
  const t = text.trim().toLowerCase();
  if (!t) return [];
  const coded = /\(([a-z0-9]+)\)(, in a merged row)?$/i.exec(text.trim());
  const code = (coded?.[1] ?? t).toLowerCase();
  const exact = index.filter((m) => m.code.toLowerCase() === code);
  if (exact.length) return exact;
  return index.filter((m) => m.name.toLowerCase().includes(t) || m.code.toLowerCase().includes(t));
}

export async function renderProviders(section: HTMLElement): Promise<void> {
  let info: ProvidersInfo;
  try {
    info = await getJson<ProvidersInfo>('/api/providers');
  } catch (error) {
    section.innerHTML = `<h2 id="providers-title">Every provider in England</h2><p>${escapeHtml((error as Error).message)}</p>`;
    return;
  }
  const groups = new Map(info.providers.map((g) => [g.provider, g]));
  const specialtyName = new Map(info.specialties.map((s) => [s.code, s.code === TOTAL ? 'All specialties' : s.name]));
  const regions = new Map<string, string>();
  const icbs = new Map<string, { name: string; region: string }>();
  for (const g of info.providers) {
    if (g.region !== 'merged' && g.region !== 'unknown') regions.set(g.region, g.region_name);
    if (g.icb !== 'merged' && g.icb !== 'unknown') icbs.set(g.icb, { name: g.icb_name, region: g.region });
  }
  const index = searchIndex(info);
  const latest = info.months.at(-1) ?? '';
  const yearBefore = latest && info.months.includes(addMonths(latest, -12)) ? addMonths(latest, -12) : undefined;
  const coverage = info.months.length ? `${monthLabel(info.months[0])} to ${monthLabel(latest)}` : 'no months';
  const noYearAgo = `Change on a year: not available. The provider file covers ${coverage}, so it holds no month a year before ${monthLabel(latest)}.`;

  const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const state: State = {
    trust: groups.has(params.get('trust') ?? '') ? params.get('trust')! : undefined,
    region: regions.has(params.get('region') ?? '') ? params.get('region')! : undefined,
    icb: icbs.has(params.get('icb') ?? '') ? params.get('icb')! : undefined,
    tfc: specialtyName.has(params.get('specialty') ?? '') ? params.get('specialty')! : TOTAL,
    rows: (['provider', 'specialty', 'icb', 'region'] as Rows[]).find((r) => r === params.get('rows')) ?? 'provider',
  };

  const sorted = (m: Map<string, string>) => [...m].sort((a, b) => a[1].localeCompare(b[1]));
  section.innerHTML = `<h2 id="providers-title">Every provider in England</h2>
    <p>Waiting lists of every provider of NHS England's RTT statistics, ${escapeHtml(coverage)}, from ${escapeHtml(info.source)}, with names, ICBs, regions and locations from ${escapeHtml(info.reference)}.
      Weeks waited are estimated from whole months waited (docs/statistics.md), so the 18- and 52-week figures are <strong>estimates</strong>.
      ${info.merged_groups} rows of the source hold several providers' combined figures under one name; they are shown as merged rows, never as one trust, and are not on the map.</p>
    <form id="providers-form" class="panel filters" aria-label="Find and filter providers">
      <div class="field provider-search">
        <label for="provider-search">Find a trust by name or code</label>
        <div class="search-row">
          <input type="search" id="provider-search" list="provider-options" autocomplete="off" spellcheck="false" aria-describedby="provider-search-hint">
          <button type="submit" class="button small" id="provider-find">Find</button>
        </div>
        <p class="hint" id="provider-search-hint">For example “Dorset” or “RBD”.</p>
        <datalist id="provider-options">${index.map((m) => `<option value="${escapeHtml(m.label)}"></option>`).join('')}</datalist>
      </div>
      <div class="field"><label for="provider-region">Region</label>
        <select id="provider-region"><option value="">All of England</option>${sorted(regions).map(([c, n]) => `<option value="${escapeHtml(c)}">${escapeHtml(titleCase(n))}</option>`).join('')}</select></div>
      <div class="field"><label for="provider-icb">Integrated care board</label><select id="provider-icb"></select></div>
      <div class="field"><label for="provider-tfc">Specialty</label>
        <select id="provider-tfc">${info.specialties.map((s) => `<option value="${escapeHtml(s.code)}">${escapeHtml(specialtyName.get(s.code)!)}</option>`).join('')}</select></div>
      <div class="field"><label for="provider-rows">Table rows</label>
        <select id="provider-rows">${Object.entries(rowLabels).map(([k, v]) => `<option value="${k}">${v}</option>`).join('')}</select></div>
    </form>
    <div id="provider-search-result" role="status" aria-live="polite"></div>
    <div id="provider-view"></div>`;

  const form = section.querySelector<HTMLFormElement>('#providers-form')!;
  const search = section.querySelector<HTMLInputElement>('#provider-search')!;
  const regionSelect = section.querySelector<HTMLSelectElement>('#provider-region')!;
  const icbSelect = section.querySelector<HTMLSelectElement>('#provider-icb')!;
  const tfcSelect = section.querySelector<HTMLSelectElement>('#provider-tfc')!;
  const rowsSelect = section.querySelector<HTMLSelectElement>('#provider-rows')!;
  const searchResult = section.querySelector<HTMLDivElement>('#provider-search-result')!;
  const view = section.querySelector<HTMLDivElement>('#provider-view')!;

  const fillIcbs = () => {
    const list = [...icbs].filter(([, v]) => !state.region || v.region === state.region).sort((a, b) => a[1].name.localeCompare(b[1].name));
    if (state.icb && !list.some(([c]) => c === state.icb)) state.icb = undefined;
    icbSelect.innerHTML = `<option value="">${state.region ? 'All ICBs in the region' : 'All ICBs'}</option>${list
      .map(([c, v]) => `<option value="${escapeHtml(c)}"${c === state.icb ? ' selected' : ''}>${escapeHtml(titleCase(v.name))}</option>`).join('')}`;
  };
  const showState = () => {
    regionSelect.value = state.region ?? '';
    fillIcbs();
    tfcSelect.value = state.tfc;
    rowsSelect.value = state.rows;
    search.value = state.trust ? groupLabelOf(state.trust) : '';
  };
  const groupLabelOf = (key: string) => (groups.has(key) ? groupLabel(groups.get(key)!) : key);
  const remember = () =>
    rememberInHash('overview', {
      trust: state.trust,
      region: state.region,
      icb: state.icb,
      specialty: state.tfc === TOTAL ? undefined : state.tfc,
      rows: state.rows === 'provider' ? undefined : state.rows,
    });

  let generation = 0;
  const update = async () => {
    const mine = ++generation;
    remember();
    try {
      const target = document.createElement('div');
      await renderView(target, { info, groups, specialtyName, state, yearBefore, noYearAgo, latest });
      if (mine === generation) view.replaceChildren(target);
    } catch (error) {
      if (mine === generation) view.innerHTML = `<div class="error-summary" role="alert"><p>${escapeHtml((error as Error).message)}</p></div>`;
    }
  };

  // Choosing a trust shows its figures and its specialties; the filters stay as they are.
  const selectTrust = (key: string | undefined, note = '') => {
    state.trust = key;
    if (key && state.rows === 'provider') state.rows = 'specialty';
    if (!key && state.rows === 'specialty') state.rows = 'provider';
    showState();
    searchResult.innerHTML = note;
    return update();
  };

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const found = findProviders(index, search.value);
    if (found.length === 0) {
      searchResult.innerHTML = `<p class="error-text">No provider matches “${escapeHtml(search.value.trim())}”. Try part of the name or the ODS code.</p>`;
      return;
    }
    const keys = [...new Set(found.map((m) => m.key))];
    if (keys.length > 1) {
      searchResult.innerHTML = `<p>${found.length} providers match. Choose one:</p><ul class="match-list">${found.slice(0, 20)
        .map((m) => `<li><button type="button" class="link-button" data-select="provider:${escapeHtml(m.key)}">${escapeHtml(m.label)}</button></li>`).join('')}</ul>${found.length > 20 ? '<p class="hint">The first 20 are listed: type more of the name.</p>' : ''}`;
      return;
    }
    const m = found[0];
    const note = m.via
      ? `<p class="hint" id="merged-note">${escapeHtml(`${m.name} (${m.code})`)} has no figures of its own in this file: its figures are in a merged row of ${m.via.members?.length ?? 'several'} providers, shown below.</p>`
      : '';
    void selectTrust(m.key, note);
  });
  form.addEventListener('change', (e) => {
    if (e.target === search) return;
    state.region = regionSelect.value || undefined;
    if (e.target === regionSelect) {
      // All of England again: the ICB goes too; another region keeps the ICB only if it lies there.
      if (!state.region) state.icb = undefined;
      fillIcbs();
    }
    state.icb = icbSelect.value || undefined;
    state.tfc = tfcSelect.value || TOTAL;
    state.rows = rowsSelect.value as Rows;
    searchResult.innerHTML = ''; // a note about the last search no longer applies
    void update();
  });
  // Rows, matches and map dots select a provider, an ICB, a region or a specialty.
  section.addEventListener('click', (e) => {
    const button = (e.target as HTMLElement).closest<HTMLElement>('[data-select]');
    const dot = clickedKey(e);
    const value = button?.dataset.select ?? (dot ? `provider:${dot}` : undefined);
    if (!value) return;
    const colon = value.indexOf(':');
    const kind = value.slice(0, colon);
    const key = value.slice(colon + 1);
    // The chosen row or dot is redrawn away: focus moves to the new view's heading, so keyboard and screen
    // reader users continue from what they chose.
    const focusHeading = () => view.querySelector<HTMLElement>('#provider-scope')?.focus();
    if (kind === 'provider') void selectTrust(key).then(focusHeading);
    else if (kind === 'clear') void selectTrust(undefined).then(focusHeading);
    else {
      if (kind === 'region') {
        state.region = key;
        state.icb = undefined;
        state.rows = 'icb';
      } else if (kind === 'icb') {
        state.icb = key;
        state.region = icbs.get(key)?.region ?? state.region;
        state.rows = 'provider';
      } else if (kind === 'tfc') {
        // A specialty of the table: every provider in that specialty (a chosen trust stays chosen).
        state.tfc = key;
        state.rows = 'provider';
      }
      showState();
      void update().then(focusHeading);
    }
  });

  showState();
  await update();
}

interface ViewContext {
  info: ProvidersInfo;
  groups: Map<string, ProviderGroupInfo>;
  specialtyName: Map<string, string>;
  state: State;
  yearBefore?: string;
  noYearAgo: string;
  latest: string;
}

type Query = Record<string, string | undefined>;

async function stats(query: Query): Promise<StatsRow[]> {
  return (await getJson<{ rows: StatsRow[] }>('/api/provider-stats', query)).rows;
}

const headlineOf = (r: StatsRow): Headline => ({
  month: String(r.month),
  list: num(r.total),
  pct18: num(r.pct_within_18_weeks),
  over52: num(r.over_52_weeks),
  median: num(r.median_weeks),
  p92: num(r.p92_weeks),
  estimated: true,
});

const flagText: Record<string, string> = {
  merged_provider_group: 'merged row',
  unreported_months: 'possibly not reported (zero list)',
  undercounted_specialty: 'completed pathways undercounted',
};

async function renderView(target: HTMLElement, c: ViewContext): Promise<void> {
  const { state, groups, specialtyName } = c;
  const filters: Query = {
    region: state.region,
    icb: state.icb,
    tfc: state.tfc === TOTAL ? undefined : state.tfc,
  };
  const scope: Query = { ...filters, provider: state.trust };
  // The table by provider lists every provider of the filters (a chosen trust is marked, not alone); the table
  // by specialty lists every specialty (the specialty filter does not apply to it).
  const tableQuery: Query = state.rows === 'provider' ? { ...filters, by: 'provider' }
    : { ...scope, by: state.rows, tfc: state.rows === 'specialty' ? undefined : scope.tfc };
  const yearAgo = (q: Query) => (c.yearBefore ? stats({ ...q, month: c.yearBefore }).catch(() => []) : Promise.resolve([]));
  // The capacity gap to the target, solved once per specialty by the server (GET /api/provider-capacity-gap);
  // the table shows it for providers only, and a failure leaves the column "not available".
  const gapsQuery = state.rows === 'provider'
    ? getJson<CapacityGaps>('/api/provider-capacity-gap', { tfc: state.tfc }).catch(() => undefined) : Promise.resolve(undefined);
  const [headRows, tableRows, mapRows, beforeRows, headBeforeRows, gaps] = await Promise.all([
    stats(scope),
    stats(tableQuery),
    stats({ ...filters, by: 'provider' }),
    yearAgo(tableQuery),
    yearAgo(scope),
    gapsQuery,
  ]);
  const headBefore = headBeforeRows[0];

  const trust = state.trust ? groups.get(state.trust) : undefined;
  const place = state.icb ? placeLabel(state.icb, c.info.providers.find((g) => g.icb === state.icb)?.icb_name, 'ICB')
    : state.region ? placeLabel(state.region, c.info.providers.find((g) => g.region === state.region)?.region_name, 'region') : 'England';
  const who = [trust ? groupLabel(trust) : place, state.tfc === TOTAL ? 'all specialties' : specialtyName.get(state.tfc) ?? state.tfc].join(', ');
  const head = headRows[0];
  const members = trust?.merged
    ? `<details class="merged-members"><summary>The ${trust.members?.length ?? ''} providers in this merged row</summary><ul>${(trust.members ?? [])
      .map((m) => `<li>${escapeHtml(titleCase(m.name ?? m.code))} (${escapeHtml(m.code)})</li>`).join('')}</ul></details>`
    : '';
  const trustPlace = trust && !trust.merged
    ? `<p class="hint">${escapeHtml(placeLabel(trust.icb, trust.icb_name, 'ICB'))}; ${escapeHtml(placeLabel(trust.region, trust.region_name, 'region'))}.</p>` : '';
  target.innerHTML = `<h3 class="provider-scope-title" id="provider-scope" tabindex="-1" data-merged="${trust?.merged ? 'true' : 'false'}">${escapeHtml(who)}</h3>
    ${trust ? `<p><button type="button" class="link-button" data-select="clear:" id="provider-clear">Show all providers again</button></p>` : ''}
    ${trustPlace}${members}
    ${head ? cards({ ...headlineOf(head), yearAgo: headBefore ? headlineOf(headBefore) : undefined, noYearAgo: c.noYearAgo,
      note: 'Estimated from whole months waited; the median and 92nd percentile are estimates too.' }, 'pcard') : ''}
    <div class="grid-2 provider-grid">
      <figure class="chart-figure map-figure" aria-labelledby="provider-map-title">
        <figcaption id="provider-map-title" class="chart-title">Providers on the map${state.region || state.icb ? ` (${escapeHtml(place)})` : ''}</figcaption>
        <div id="provider-map"></div>
        <p class="hint">Select a dot to choose that provider. The table below holds the same figures and selects a provider by keyboard.</p>
      </figure>
      <div class="panel map-key"><h4>Key</h4>${mapLegend()}<p class="hint" id="map-missing"></p></div>
    </div>
    <div id="league-table"></div>`;

  // The map: single providers with a location; merged rows are not placed at one trust's location.
  const points: MapPoint[] = [];
  let unplaced = 0;
  let unplacedList = 0;
  let allList = 0;
  for (const r of mapRows) {
    const g = groups.get(String(r.provider));
    allList += num(r.total) ?? 0;
    if (!g || g.merged || g.lat === null || g.lon === null) {
      if ((num(r.total) ?? 0) > 0) ++unplaced;
      unplacedList += num(r.total) ?? 0;
      continue;
    }
    points.push({ key: g.provider, name: groupLabel(g), lat: g.lat, lon: g.lon, list: num(r.total) ?? 0, pct18: num(r.pct_within_18_weeks) });
  }
  target.querySelector('#provider-map')!.innerHTML = mapSvg(points, state.trust,
    `Map of England with a dot for each of ${points.length} providers, sized by waiting list and coloured by the share waiting 18 weeks or less. The league table below gives the same figures.`);
  target.querySelector('#map-missing')!.textContent = unplaced
    ? `${unplaced} rows with a waiting list, ${count(unplacedList)} pathways (${percent(allList > 0 ? unplacedList / allList : null)} of the list), are not on the map: merged rows and providers with no location in the reference. The table lists them all.` : '';

  // The league table.
  const before = new Map(beforeRows.map((r) => [rowKey(r, state.rows), r]));
  const nameCell = (r: StatsRow): TableCell => {
    switch (state.rows) {
      case 'provider': {
        const g = groups.get(String(r.provider));
        const text = g ? groupLabel(g) : String(r.provider);
        return { text, sort: text, select: `provider:${String(r.provider)}` };
      }
      case 'specialty': {
        const text = specialtyName.get(String(r.tfc)) ?? String(r.tfc);
        return { text, sort: text, select: `tfc:${String(r.tfc)}` };
      }
      case 'icb': {
        const text = placeLabel(String(r.icb), c.info.providers.find((g) => g.icb === r.icb)?.icb_name, 'ICB');
        return r.icb === 'merged' || r.icb === 'unknown' ? { text, sort: text } : { text, sort: text, select: `icb:${String(r.icb)}` };
      }
      case 'region': {
        const text = placeLabel(String(r.region), c.info.providers.find((g) => g.region === r.region)?.region_name, 'region');
        return r.region === 'merged' || r.region === 'unknown' ? { text, sort: text } : { text, sort: text, select: `region:${String(r.region)}` };
      }
    }
  };
  const headers = [rowLabel[state.rows],
    ...(state.rows === 'provider' ? ['ICB', 'Region'] : []),
    'Waiting list', 'Within 18 weeks (estimated)', 'Over 52 weeks (estimated)', 'Change in the list on a year',
    ...(state.rows === 'provider' ? [gapHeader] : []), 'Notes'];
  const gapOf = new Map((gaps?.groups ?? []).map((g) => [g.provider, g]));
  const rows = tableRows.map((r) => {
    const list = num(r.total);
    const pct = num(r.pct_within_18_weeks);
    const over52 = num(r.over_52_weeks);
    const was = before.get(rowKey(r, state.rows));
    const wasList = was ? num(was.total) : null;
    const changeCell: TableCell = wasList !== null && list !== null
      ? { text: `${list - wasList >= 0 ? '+' : '−'}${count(Math.abs(list - wasList))}`, sort: list - wasList }
      : { text: 'not available', sort: null };
    const g = state.rows === 'provider' ? groups.get(String(r.provider)) : undefined;
    const notes = String(r.flags ?? '').split(';').filter(Boolean).map((f) => flagText[f] ?? f).join('; ');
    const name = nameCell(r);
    if (state.trust && g?.provider === state.trust) name.text = `${name.text} (chosen)`;
    return [
      name,
      ...(g ? [{ text: placeLabel(g.icb, g.icb_name, 'ICB') }, { text: placeLabel(g.region, g.region_name, 'region') }] : state.rows === 'provider' ? [{ text: '–' }, { text: '–' }] : []),
      { text: count(list), sort: list },
      { text: percent(pct), sort: pct },
      { text: count(over52), sort: over52 },
      changeCell,
      ...(state.rows === 'provider' ? [gapCell(gaps ? gapOf.get(String(r.provider)) : undefined, gaps !== undefined)] : []),
      { text: notes },
    ];
  });
  const listColumn = state.rows === 'provider' ? 3 : 1;
  renderTable(target.querySelector('#league-table'), `League table of ${rowPlural[state.rows]}: ${who}, ${monthLabel(String(tableRows[0]?.month ?? c.latest))}`,
    headers, rows, { sortable: true, sortBy: listColumn, descending: true });
  const table = target.querySelector<HTMLTableElement>('#league-table table');
  if (table) {
    table.dataset.rows = state.rows;
    table.classList.add('league-table');
  }
  if (!c.yearBefore) {
    const note = document.createElement('p');
    note.className = 'hint';
    note.id = 'league-no-change';
    note.textContent = c.noYearAgo;
    target.querySelector('#league-table')!.append(note);
  }
}

// GET /api/provider-capacity-gap: `elective solve scenarios/providers-current-trends.toml --by provider --lever
// extra_per_week --target "92% within 18 weeks by 2029-03"` on the server's provider months file.
interface CapacityGaps {
  target: string;
  groups: { provider: string; value: number | null; converged: boolean; bounds: [number, number]; baseline_capacity_per_week: number }[];
}

const gapHeader = 'Extra treatments a week for 92% within 18 weeks by March 2029';

function gapCell(g: CapacityGaps['groups'][number] | undefined, solved: boolean): TableCell {
  if (!solved) return { text: 'not available', sort: null };
  if (!g) return { text: 'not solved (too little history)', sort: null };
  if (!g.converged || g.value === null) return { text: `more than ${count(g.bounds[1])}`, sort: Number.MAX_SAFE_INTEGER };
  return { text: g.value <= 0.5 ? 'none' : `+${count(g.value)}`, sort: g.value };
}

function rowKey(r: StatsRow, rows: Rows): string {
  return String(rows === 'specialty' ? r.tfc : r[rows]);
}
