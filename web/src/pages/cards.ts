// The headline cards of a waiting list (list size, % within 18 weeks, over 52 weeks, median, 92nd percentile),
// each with its change on the year and red/amber/green against the standard; used by the Overview for England,
// an RTT dataset's provider or specialty, and every provider of the provider months file.
import { count, escapeHtml, monthLabel, percent, weeks } from '../format';

export interface Headline {
  month: string;
  list: number | null;
  pct18: number | null;
  over52: number | null;
  median: number | null;
  p92: number | null;
  note?: string;
  yearAgo?: Headline; // the same figures twelve months earlier, when the data have them
  noYearAgo?: string; // why there is no change on the year (said on the list card and under the cards, not left out)
  estimated?: boolean; // weeks estimated from month bins: the cards say so
}

// Red/amber/green against the standards, always with the words (colour is never the only signal):
// 18 weeks: green at 92% or more, amber within 5 points below, red further below; 52 weeks: green under 1%
// of the list (the March 2026 target), amber under 2%, red from 2%.
function ragPct18(pct: number | null): string {
  if (pct === null) return '';
  const gap = (0.92 - pct) * 100;
  if (gap <= 0) return '<span class="rag rag-green" data-rag="green">Green</span> meets the 92% standard';
  if (gap <= 5) return `<span class="rag rag-amber" data-rag="amber">Amber</span> ${gap.toFixed(1)} points below the 92% standard`;
  return `<span class="rag rag-red" data-rag="red">Red</span> ${gap.toFixed(1)} points below the 92% standard`;
}
function ragOver52(over52: number | null, list: number | null): string {
  if (over52 === null || list === null || list <= 0) return 'pathways';
  const share = over52 / list;
  const text = `${(share * 100).toFixed(1)}% of the list (target: under 1%)`;
  if (share < 0.01) return `<span class="rag rag-green" data-rag="green">Green</span> ${text}`;
  if (share < 0.02) return `<span class="rag rag-amber" data-rag="amber">Amber</span> ${text}`;
  return `<span class="rag rag-red" data-rag="red">Red</span> ${text}`;
}

// "−253,461 (−3.3%) on a year", "+2.6 points on a year": the change since the same month a year before.
function change(now: number | null, before: number | null | undefined, kind: 'count' | 'points' | 'weeks'): string {
  if (now === null || before === null || before === undefined) return '';
  const d = now - before;
  const sign = d > 0 ? '+' : d < 0 ? '−' : '±';
  const body = kind === 'count'
    ? `${sign}${count(Math.abs(d))}${before !== 0 ? ` (${sign}${Math.abs((d / before) * 100).toFixed(1)}%)` : ''}`
    : kind === 'points' ? `${sign}${Math.abs(d * 100).toFixed(1)} points` : `${sign}${Math.abs(d).toFixed(1)} weeks`;
  return `<p class="card-change" data-change="${d}">${body} on a year</p>`;
}

// `prefix` names the cards' ids (card-list, card-pct18, ...), so two sets can share a page.
export function cards(h: Headline, prefix = 'card'): string {
  const card = (id: string, label: string, value: string, delta: string, hint: string) =>
    `<div class="card" id="${prefix}-${id}"><p class="card-label">${label}</p><p class="card-value">${value}</p>${delta}<p class="card-hint">${hint}</p></div>`;
  const y = h.yearAgo;
  const est = h.estimated ? ' (estimated)' : '';
  const noChange = h.noYearAgo && !y ? '<p class="card-change" data-change="not-available">Change on a year: not available</p>' : '';
  return `<h2 class="visually-hidden">Headline figures</h2><div class="cards" aria-live="polite">
    ${card('list', 'Waiting list', count(h.list), change(h.list, y?.list, 'count') || noChange, `incomplete pathways, ${escapeHtml(monthLabel(h.month))}`)}
    ${card('pct18', `Within 18 weeks${est}`, percent(h.pct18), change(h.pct18, y?.pct18, 'points'), ragPct18(h.pct18))}
    ${card('over52', `Waiting over 52 weeks${est}`, count(h.over52), change(h.over52, y?.over52, 'count'), ragOver52(h.over52, h.list))}
    ${card('median', `Median wait${est}`, weeks(h.median), change(h.median, y?.median, 'weeks'), 'half wait less than this')}
    ${card('p92', `92nd percentile${est}`, weeks(h.p92), change(h.p92, y?.p92, 'weeks'), '92 in 100 wait less than this')}
  </div>${y ? `<p class="hint">Changes are on ${escapeHtml(monthLabel(y.month))}, a year before.</p>` : ''}${noChange ? `<p class="hint">${escapeHtml(h.noYearAgo!)}</p>` : ''}${h.note ? `<p class="hint">${escapeHtml(h.note)}</p>` : ''}`;
}

export function addMonths(month: string, n: number): string {
  const [yy, mm] = month.split('-').map(Number);
  const index = yy * 12 + (mm - 1) + n;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

