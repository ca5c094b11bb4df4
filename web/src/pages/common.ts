// Helpers shared by the pages.
import { codeNames, getJson, type CodeName, type Dataset } from '../api';
import { escapeHtml, titleCase } from '../format';

export async function listDatasets(): Promise<Dataset[]> {
  return (await getJson<{ datasets: Dataset[] }>('/api/datasets')).datasets;
}

export function newest(datasets: Dataset[], kind: Dataset['kind']): Dataset | undefined {
  return datasets.filter((d) => d.kind === kind).at(-1);
}

export function options(items: CodeName[], selected?: string, blank?: string): string {
  const blankOption = blank !== undefined ? `<option value="">${escapeHtml(blank)}</option>` : '';
  return (
    blankOption +
    items
      .map((i) => {
        const label = i.name ? `${titleCase(i.name)} (${i.code})` : i.code;
        return `<option value="${escapeHtml(i.code)}"${i.code === selected ? ' selected' : ''}>${escapeHtml(label)}</option>`;
      })
      .join('')
  );
}

export function datasetOptions(datasets: Dataset[], selected?: number): string {
  return datasets
    .map((d) => `<option value="${d.id}"${d.id === selected ? ' selected' : ''}>${escapeHtml(d.name)}</option>`)
    .join('');
}

// Specialties of an RTT dataset with the all-specialties row first.
export function specialties(dataset: Dataset | undefined): CodeName[] {
  const list = codeNames(dataset?.summary.tfcs);
  const all = list.filter((t) => t.code === 'C_999');
  return [...all.map((t) => ({ code: t.code, name: 'All specialties' })), ...list.filter((t) => t.code !== 'C_999')];
}

// Records a page's selection in the address (#/route?key=value...), so that a copied link or a reload shows
// the same view. Keys set to undefined are removed; other keys already there are kept (several parts of a page
// may each keep their own). replaceState changes the address without a hashchange (no re-render).
// The keys given come first, in their order (the same selection always reads the same), then the others.
export function rememberInHash(route: string, updates: Record<string, string | undefined>): void {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(updates)) if (value) q.set(key, value);
  for (const [key, value] of new URLSearchParams(location.hash.split('?')[1] ?? '')) if (!(key in updates)) q.append(key, value);
  const hash = q.toString() ? `#/${route}?${q.toString()}` : `#/${route}`;
  if (hash !== location.hash) history.replaceState(null, '', hash);
}

export function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

// Scenario keys the builder sets, by the name of the control that sets them.
const scenarioFields: [RegExp, string][] = [
  [/^target(\[\d+\])?(\.text)?$/, 'Target'],
  [/^horizon(\.until)?$/, 'Project until'],
  [/^referrals\.growth_per_year/, 'Referral growth'],
  [/^referrals\.hidden_demand/, 'Hidden demand'],
  [/^capacity\.growth_per_year/, 'Activity growth'],
  [/^capacity\.extra_per_week/, 'Extra weekly capacity'],
  [/^capacity\.independent_sector\.staff_overlap/, 'Independent sector staff overlap'],
  [/^capacity\.workforce\.additional_doctor_fte/, 'Additional doctors'],
  [/^capacity\.workforce\.additional_consultant_fte/, 'Additional consultants'],
  [/^capacity\.workforce\.consultant_fte_growth/, 'Consultant growth'],
  [/^capacity\.workforce\.other_fte_growth/, 'Other doctors’ growth'],
  [/^capacity\.workforce\.absence/, 'Change in sickness absence'],
  [/^capacity\.workforce\.productivity/, 'Productivity'],
  [/^capacity\.workforce/, 'Staff'],
  [/^capacity\.beds/, 'Beds freed'],
  [/^capacity\.independent_sector/, 'Independent sector'],
  [/^shock/, 'Strikes'],
  [/^uncertainty/, 'Uncertainty'],
  [/^policy/, 'Who is treated next'],
];

// Error messages of the server in the words of the page: no command-line options ("use --skip-invalid", "elective
// serve --job-timeout") and no scenario key paths ("scenario: target[0].text: …" becomes "Target: …"); a
// file:line:column prefix becomes "Line N of FILE".
export function plainError(message: string): string {
  let text = message
    .replace(/\s*\(fix them, or use --skip-invalid to continue without these rows\)/, ': correct these rows and upload the file again')
    .replace(/\s*\(elective serve --[a-z-]+\)/g, ' (a limit set by whoever runs this server)')
    .replace(/\s*\(is another elective serve running\?[^)]*\)/, '')
    .replace(/the ptl\.csv header of domain\.md 5\.2/, 'the ptl.csv header described in docs/patient-list.md');
  const keyed = /^(?:scenario|[^\s:]+\.(?:toml|json))(?::\d+(?::\d+)?)?:\s*([a-z_]+(?:\[\d+\])?(?:\.[a-z_]+(?:\[\d+\])?)*):\s*(.*)$/s.exec(text);
  if (keyed) {
    const field = scenarioFields.find(([re]) => re.test(keyed[1]))?.[1];
    text = field ? `${field}: ${keyed[2]}` : `In the scenario (${keyed[1].replace(/[._[\]]+/g, ' ').trim()}): ${keyed[2]}`;
  } else {
    const located = /^([^\s:]+\.(?:csv|gz|zip)):(\d+)(?::\d+)?:\s*(.*)$/s.exec(text);
    if (located) text = `Line ${located[2]} of ${located[1]}: ${located[3]}`;
  }
  return text.charAt(0).toUpperCase() + text.slice(1);
}
