// Helpers of the Diagnostics, Cancer and Standards pages (issue 12): a provider search over a name list, RAG
// labels for a share against its threshold in the style of the overview cards, a card, and URL state.
import { chartOf, renderTable } from '../charts';
import { findProviders } from './providers';
import { escapeHtml, percent, titleCase } from '../format';

export type Match = Parameters<typeof findProviders>[0][number];

// A search index over provider codes and names ("Dorset County Hospital NHS Foundation Trust (RBD)").
export function providerIndex(names: Record<string, string | null>): Match[] {
  return Object.entries(names)
    .map(([code, name]) => {
      const shown = titleCase(name ?? code);
      return { key: code, code, name: shown, label: name ? `${shown} (${code})` : code };
    })
    .sort((a, b) => a.label.localeCompare(b.label, 'en-GB'));
}

export { findProviders };

// The search field (a datalist of every provider) with its Find button, its hint and where results go.
export function searchField(id: string, index: Match[], value: string, hint = 'For example “Dorset” or “RBD”. Leave empty for England.'): string {
  return `<div class="field provider-search">
      <label for="${id}">Find a provider by name or code</label>
      <div class="search-row">
        <input type="search" id="${id}" list="${id}-options" autocomplete="off" spellcheck="false" aria-describedby="${id}-hint" value="${escapeHtml(value)}">
        <button type="button" class="button small" id="${id}-find">Find</button>
      </div>
      <p class="hint" id="${id}-hint">${escapeHtml(hint)}</p>
      <datalist id="${id}-options">${index.map((m) => `<option value="${escapeHtml(m.label)}"></option>`).join('')}</datalist>
    </div>`;
}

// Runs a search: one match chooses it; several are listed as buttons (data-select="provider:CODE"); none says so.
export function runSearch(index: Match[], text: string, result: HTMLElement, choose: (code: string | undefined) => void): void {
  if (!text.trim()) {
    result.innerHTML = '';
    choose(undefined);
    return;
  }
  const found = findProviders(index, text);
  if (found.length === 0) {
    result.innerHTML = `<p class="error-text">No provider matches “${escapeHtml(text.trim())}”. Try part of the name or the ODS code.</p>`;
    return;
  }
  if (found.length > 1) {
    result.innerHTML = `<p>${found.length} providers match. Choose one:</p><ul class="match-list">${found.slice(0, 20)
      .map((m) => `<li><button type="button" class="link-button" data-select="provider:${escapeHtml(m.key)}">${escapeHtml(m.label)}</button></li>`).join('')}</ul>${found.length > 20 ? '<p class="hint">The first 20 are listed: type more of the name.</p>' : ''}`;
    return;
  }
  result.innerHTML = '';
  choose(found[0].key);
}

// Red/amber/green for a share against its threshold, always with the words: green at or above it, amber within 5
// points below, red further below (as the overview's 18-week card).
export function ragShare(value: number | null, threshold: number, what: string): string {
  if (value === null) return '';
  const gap = (threshold - value) * 100;
  if (gap <= 1e-7) return `<span class="rag rag-green" data-rag="green">Green</span> meets ${escapeHtml(what)}`;
  const text = `${gap.toFixed(1)} points below ${escapeHtml(what)}`;
  if (gap <= 5) return `<span class="rag rag-amber" data-rag="amber">Amber</span> ${text}`;
  return `<span class="rag rag-red" data-rag="red">Red</span> ${text}`;
}

export function card(id: string, label: string, value: string, hint: string): string {
  return `<div class="card" id="${id}"><p class="card-label">${escapeHtml(label)}</p><p class="card-value">${value}</p><p class="card-hint">${hint}</p></div>`;
}

export function hashParams(): URLSearchParams {
  return new URLSearchParams(location.hash.split('?')[1] ?? '');
}

export const pct = (v: number | null) => percent(v);

// Fills a figure's "Show the numbers as a table" disclosure with the numbers of the chart drawn on its canvas:
// a row per label, a column per series, each formatted by `format`.
export function chartNumbers(root: HTMLElement, id: string, caption: string, first: string, format: (v: number | null) => string): void {
  const chart = chartOf(root.querySelector<HTMLCanvasElement>(`#${id}`)!);
  if (!chart) return;
  const labels = (chart.data.labels ?? []) as unknown[];
  const sets = chart.data.datasets;
  renderTable(root.querySelector(`#${id}-table`), caption, [first, ...sets.map((d) => d.label ?? '')],
    labels.map((l, i) => [String(l), ...sets.map((d) => {
      const v = (d.data as unknown[])[i];
      return format(typeof v === 'number' ? v : null);
    })]));
}
