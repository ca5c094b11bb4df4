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

// A figure: heading, canvas (with an accessible description) and a collapsible table of the numbers.
export function figure(id: string, title: string, description: string, height = 320): string {
  return `<figure class="chart-figure" aria-labelledby="${id}-title">
    <figcaption id="${id}-title" class="chart-title">${escapeHtml(title)}</figcaption>
    <div class="chart-box" style="height:${height}px"><canvas id="${id}" role="img" aria-label="${escapeHtml(description)}"></canvas></div>
    <details class="chart-table"><summary>Show the numbers as a table</summary><div id="${id}-table"></div></details>
  </figure>`;
}

export function renderTable(container: HTMLElement | null, caption: string, headers: string[], rows: string[][]): void {
  if (!container) return;
  const head = headers.map((h) => `<th scope="col">${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map((r) => `<tr>${r.map((c, i) => (i === 0 ? `<th scope="row">${escapeHtml(c)}</th>` : `<td>${escapeHtml(c)}</td>`)).join('')}</tr>`)
    .join('');
  // The scrolling box is focusable and named so that keyboard users can scroll it (WCAG 2.1.1, axe
  // "scrollable-region-focusable").
  container.innerHTML = `<div class="table-scroll" tabindex="0" role="region" aria-label="${escapeHtml(caption)}"><table class="data-table"><caption>${escapeHtml(caption)}</caption><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table></div>`;
}

// Exposed so that the browser tests (and anyone in the developer tools) can read a chart's data with
// Chart.getChart(canvas) and compare it with the API.
(globalThis as unknown as { Chart?: typeof Chart }).Chart = Chart;
