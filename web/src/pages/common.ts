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

export function num(value: unknown): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}
