// Charts (Chart.js, tree-shaken to what we use). Every chart is drawn on a canvas with role="img" and an
// aria-label, and is followed by the same numbers as a table (in a <details>) for screen readers and for
// anyone who wants the figures.
import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
  type ChartDataset,
} from 'chart.js';
import { escapeHtml } from './format';

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, CategoryScale, LinearScale, Filler, Legend, Tooltip);
Chart.defaults.font.family = 'Arial, "Helvetica Neue", sans-serif';
Chart.defaults.font.size = 13;
Chart.defaults.color = '#212b32';
Chart.defaults.animation = false; // instant, and the e2e tests read settled charts

export const colours = {
  blue: '#005eb8',
  darkBlue: '#003087',
  green: '#007f3b',
  red: '#d5281b',
  orange: '#ed8b00',
  purple: '#330072',
  grey: '#768692',
  aqua: '#00a9ce',
};

export interface Series {
  label: string;
  data: (number | null)[];
  colour: string;
  dashed?: boolean;
  fillTo?: number; // index of another dataset to fill to (fan charts)
  point?: boolean; // a marker only (e.g. the month a target is first met), no line
  hidden?: boolean;
}

export interface LineOptions {
  labels: string[];
  series: Series[];
  yTitle: string;
  yFormat?: (value: number) => string;
  yMin?: number;
  yMax?: number;
}

const charts = new WeakMap<HTMLCanvasElement, Chart>();

function replaceChart(canvas: HTMLCanvasElement, chart: Chart): Chart {
  charts.get(canvas)?.destroy();
  charts.set(canvas, chart);
  return chart;
}

function toDataset(s: Series): ChartDataset<'line', (number | null)[]> {
  return {
    label: s.label,
    data: s.data,
    borderColor: s.colour,
    backgroundColor: s.fillTo !== undefined ? `${s.colour}33` : s.colour,
    borderDash: s.dashed ? [6, 4] : undefined,
    borderWidth: s.dashed ? 1.5 : 2,
    pointRadius: s.point ? 7 : s.data.length > 40 ? 0 : 2,
    pointStyle: s.point ? 'rectRot' : 'circle',
    showLine: !s.point,
    fill: s.fillTo !== undefined ? s.fillTo : false,
    spanGaps: true,
    hidden: s.hidden,
  };
}

export function lineChart(canvas: HTMLCanvasElement, options: LineOptions): Chart {
  const format = options.yFormat ?? ((v: number) => v.toLocaleString('en-GB'));
  return replaceChart(
    canvas,
    new Chart(canvas, {
      type: 'line',
      data: { labels: options.labels, datasets: options.series.map(toDataset) },
      options: {
        responsive: true,
        maintainAspectRatio: false,
        interaction: { mode: 'index', intersect: false },
        plugins: {
          legend: { position: 'bottom', labels: { filter: (item) => !item.text.startsWith('_') } },
          tooltip: {
            filter: (item) => !(item.dataset.label ?? '').startsWith('_'),
            callbacks: { label: (ctx) => `${ctx.dataset.label}: ${ctx.parsed.y === null ? '–' : format(ctx.parsed.y)}` },
          },
        },
        scales: {
          x: { ticks: { maxTicksLimit: 12, autoSkip: true } },
          y: {
            min: options.yMin,
            max: options.yMax,
            title: { display: true, text: options.yTitle },
            ticks: { callback: (value) => format(Number(value)) },
          },
        },
      },
    }),
  );
}

export interface BarOptions {
  labels: string[];
  series: { label: string; data: (number | null)[]; colour: string }[];
  yTitle: string;
  yFormat?: (value: number) => string;
  horizontal?: boolean;
}

export function barChart(canvas: HTMLCanvasElement, options: BarOptions): Chart {
  const format = options.yFormat ?? ((v: number) => v.toLocaleString('en-GB'));
  const valueAxis = options.horizontal ? 'x' : 'y';
  return replaceChart(
    canvas,
    new Chart(canvas, {
      type: 'bar',
      data: {
        labels: options.labels,
        datasets: options.series.map((s) => ({ label: s.label, data: s.data, backgroundColor: s.colour, borderWidth: 0 })),
      },
      options: {
        indexAxis: options.horizontal ? 'y' : 'x',
        responsive: true,
        maintainAspectRatio: false,
        plugins: {
          legend: { display: options.series.length > 1, position: 'bottom' },
          tooltip: { callbacks: { label: (ctx) => `${ctx.dataset.label}: ${format(Number(ctx.raw))}` } },
        },
        scales: {
          [valueAxis]: { title: { display: true, text: options.yTitle }, ticks: { callback: (v: string | number) => format(Number(v)) } },
        },
      },
    }),
  );
}

// The data behind a chart, for tests and for people: returns the Chart drawn on a canvas.
export function chartOf(canvas: HTMLCanvasElement): Chart | undefined {
  return charts.get(canvas);
}

// A figure: heading, canvas (with an accessible description), a collapsible table of the numbers, and
// downloads of the chart as a PNG image and of its data as CSV.
export function figure(id: string, title: string, description: string, height = 320): string {
  return `<figure class="chart-figure" aria-labelledby="${id}-title">
    <figcaption id="${id}-title" class="chart-title">${escapeHtml(title)}</figcaption>
    <div class="chart-box" style="height:${height}px"><canvas id="${id}" role="img" aria-label="${escapeHtml(description)}"></canvas></div>
    <div class="exports"><button type="button" class="link-button" data-export-png="${id}">Download image (PNG)<span class="visually-hidden"> of the chart “${escapeHtml(title)}”</span></button>
      <button type="button" class="link-button" data-export-chart-csv="${id}">Download data (CSV)<span class="visually-hidden"> of the chart “${escapeHtml(title)}”</span></button></div>
    <details class="chart-table"><summary>Show the numbers as a table</summary><div id="${id}-table"></div></details>
  </figure>`;
}

// CSV text (RFC 4180): fields with a comma, quote or line break are quoted.
export function toCsv(rows: (string | number | null | undefined)[][]): string {
  const field = (v: string | number | null | undefined) => {
    const text = v === null || v === undefined ? '' : String(v);
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return rows.map((r) => r.map(field).join(',')).join('\r\n') + '\r\n';
}

// A chart's data as CSV: one row per label, one column per dataset, the numbers unrounded. The band edges of a
// fan chart ("_p10", "_p90") are named after the dataset they belong to.
export function chartCsv(chart: Chart): string {
  const sets = chart.data.datasets;
  const names = sets.map((d, i) => {
    const label = d.label ?? `series ${i + 1}`;
    if (!label.startsWith('_')) return label;
    const owner = sets.slice(i + 1).find((o) => !(o.label ?? '').startsWith('_'))?.label ?? '';
    return `${owner} (${label.slice(1)})`;
  });
  const labels = (chart.data.labels ?? []) as unknown[];
  return toCsv([['label', ...names], ...labels.map((l, r) => [String(l), ...sets.map((d) => {
    const v = (d.data as unknown[])[r];
    return typeof v === 'number' ? v : null;
  })])]);
}

function download(name: string, blob: Blob): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(blob);
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

// One listener for every export button on every page (the buttons are re-rendered with their page).
document.addEventListener('click', (event) => {
  const button = (event.target as HTMLElement).closest<HTMLButtonElement>('[data-export-png], [data-export-chart-csv], [data-export-table]');
  if (!button) return;
  if (button.dataset.exportPng) {
    const canvas = document.getElementById(button.dataset.exportPng) as HTMLCanvasElement | null;
    // A white background under the transparent canvas, so the image reads in any viewer.
    if (!canvas) return;
    const copy = document.createElement('canvas');
    copy.width = canvas.width;
    copy.height = canvas.height;
    const ctx = copy.getContext('2d')!;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, copy.width, copy.height);
    ctx.drawImage(canvas, 0, 0);
    copy.toBlob((blob) => blob && download(`${button.dataset.exportPng}.png`, blob), 'image/png');
  } else if (button.dataset.exportChartCsv) {
    const canvas = document.getElementById(button.dataset.exportChartCsv) as HTMLCanvasElement | null;
    const chart = canvas ? charts.get(canvas) : undefined;
    if (chart) download(`${button.dataset.exportChartCsv}.csv`, new Blob([chartCsv(chart)], { type: 'text/csv' }));
  } else if (button.dataset.exportTable) {
    const table = document.getElementById(button.dataset.exportTable);
    if (!table) return;
    const rows = [...table.querySelectorAll('tr')].map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim()));
    download(`${button.dataset.exportTable}.csv`, new Blob([toCsv(rows)], { type: 'text/csv' }));
  }
});

let tableCount = 0;

// A table cell: its text (what is shown and exported), an optional sort value (a number sorts numerically;
// null sorts last in either direction) and an optional selection (the text becomes a button carrying
// data-select, for pages that let a row be chosen).
export interface TableCell {
  text: string;
  sort?: number | string | null;
  select?: string;
}
export interface TableOptions {
  // Column headings become buttons that sort the rows (aria-sort on the sorted heading, so screen readers
  // announce the order); `sortBy` is the column sorted first, `descending` its direction.
  sortable?: boolean;
  sortBy?: number;
  descending?: boolean;
}

function cellHtml(cell: string | TableCell, header: boolean): string {
  const c: TableCell = typeof cell === 'string' ? { text: cell } : cell;
  const sort = c.sort === undefined ? '' : ` data-sort="${c.sort === null ? '' : escapeHtml(String(c.sort))}"`;
  const body = c.select !== undefined
    ? `<button type="button" class="link-button" data-select="${escapeHtml(c.select)}">${escapeHtml(c.text)}</button>`
    : escapeHtml(c.text);
  return header ? `<th scope="row"${sort}>${body}</th>` : `<td${sort}>${body}</td>`;
}

export function renderTable(container: HTMLElement | null, caption: string, headers: string[], rows: (string | TableCell)[][], options: TableOptions = {}): void {
  if (!container) return;
  const id = `${container.id || 'table'}-data-${++tableCount}`;
  const head = headers
    .map((h, i) => (options.sortable
      ? `<th scope="col"><button type="button" class="sort-button" data-sort-column="${i}">${escapeHtml(h)}</button></th>`
      : `<th scope="col">${escapeHtml(h)}</th>`))
    .join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => cellHtml(c, i === 0)).join('')}</tr>`).join('');
  // Said in visible text before the table (a visually hidden span in the caption would be positioned outside
  // the scrolling box and widen the page on a phone).
  const hint = options.sortable ? '<p class="hint sort-hint">Choose a column heading to sort the table by it; choose it again to reverse the order.</p>' : '';
  // The scrolling box is focusable and named so that keyboard users can scroll it (WCAG 2.1.1, axe
  // "scrollable-region-focusable").
  container.innerHTML = `${hint}<div class="table-scroll" tabindex="0" role="region" aria-label="${escapeHtml(caption)}"><table class="data-table" id="${id}"><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>
    <div class="exports"><button type="button" class="link-button" data-export-table="${id}">Download table (CSV)<span class="visually-hidden">: “${escapeHtml(caption)}”</span></button></div>`;
  if (options.sortable) {
    const table = container.querySelector<HTMLTableElement>('table')!;
    table.addEventListener('click', (event) => {
      const button = (event.target as HTMLElement).closest<HTMLButtonElement>('[data-sort-column]');
      if (!button) return;
      const column = Number(button.dataset.sortColumn);
      const th = button.closest('th')!;
      // A second choice of the sorted column reverses it; a new column starts with the largest numbers first
      // and text from A.
      const current = th.getAttribute('aria-sort');
      const numeric = [...table.tBodies[0].rows].some((r) => isNumber(r.cells[column]?.dataset.sort));
      const descending = current ? current === 'ascending' : numeric;
      sortTable(table, column, descending);
    });
    if (options.sortBy !== undefined) sortTable(table, options.sortBy, options.descending ?? false);
  }
}

function isNumber(text: string | undefined): boolean {
  return text !== undefined && text !== '' && Number.isFinite(Number(text));
}

// Sorts the body rows of a table by a column (its data-sort values, else its text); empty values last.
export function sortTable(table: HTMLTableElement, column: number, descending: boolean): void {
  const key = (row: HTMLTableRowElement): number | string | null => {
    const cell = row.cells[column];
    if (!cell) return null;
    const raw = cell.dataset.sort ?? (cell.textContent ?? '').trim();
    if (raw === '') return null;
    return isNumber(raw) ? Number(raw) : raw.toLowerCase();
  };
  const rows = [...table.tBodies[0].rows];
  rows.sort((a, b) => {
    const x = key(a);
    const y = key(b);
    if (x === null || y === null) return x === null ? (y === null ? 0 : 1) : -1;
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y), 'en-GB');
    return descending ? -order : order;
  });
  table.tBodies[0].append(...rows);
  table.querySelectorAll('thead th').forEach((th, i) => {
    if (i === column) th.setAttribute('aria-sort', descending ? 'descending' : 'ascending');
    else th.removeAttribute('aria-sort');
  });
}

// Exposed so that the browser tests (and anyone in the developer tools) can read a chart's data with
// Chart.getChart(canvas) and compare it with the API.
(globalThis as unknown as { Chart?: typeof Chart }).Chart = Chart;
