// A map of England drawn as SVG from the providers' coordinates (providers.csv), with no tiles and no network:
// one dot per provider at its latitude and longitude, its area proportional to the waiting list and its colour
// the share waiting 18 weeks or less. The projection is equirectangular with the longitude scaled by the cosine
// of England's middle latitude (53°N), which keeps shapes right to within a few per cent at this size.
//
// The SVG is an image (role="img") with a summary for screen readers; its text alternative is the league table
// beside it, which holds every dot's figures and selects a trust by keyboard as clicking a dot does here.
import { count, escapeHtml, percent } from './format';

export interface MapPoint {
  key: string;
  name: string;
  lat: number;
  lon: number;
  list: number;
  pct18: number | null;
}

// Colour bands of the 18-week share, worst to best, with the 92% standard as the top band. Colours from a
// colour-blind-safe sequential scale (red-orange to blue); the legend says each band in words.
export const pctBands: { min: number; colour: string; label: string }[] = [
  { min: 0, colour: '#b2182b', label: 'under 50%' },
  { min: 0.5, colour: '#ef8a62', label: '50% to 59.9%' },
  { min: 0.6, colour: '#f4c06c', label: '60% to 69.9%' },
  { min: 0.7, colour: '#92c5de', label: '70% to 79.9%' },
  { min: 0.8, colour: '#4393c3', label: '80% to 91.9%' },
  { min: 0.92, colour: '#053061', label: '92% or more (the standard)' },
];
const noData = '#9aa5ad';

export function bandOf(pct: number | null): { colour: string; label: string } {
  if (pct === null) return { colour: noData, label: 'not known' };
  return [...pctBands].reverse().find((b) => pct >= b.min)!;
}

// The bounding box of England's providers (with a margin); fixed, so that the map does not jump when filtered.
const box = { west: -6.0, east: 2.0, south: 49.8, north: 55.9 };
const scaleX = Math.cos((53 * Math.PI) / 180);
const unit = 100; // SVG units per degree of latitude
const width = (box.east - box.west) * scaleX * unit;
const height = (box.north - box.south) * unit;
const project = (lat: number, lon: number) => ({ x: (lon - box.west) * scaleX * unit, y: (box.north - lat) * unit });
const maxRadius = 14;

// A coarse outline of England (lon, lat; about 60 points, to within some 10 km) drawn under the dots for
// orientation only: the coast from Berwick clockwise round to the Solway, then the borders with Wales and
// Scotland. No data point depends on it.
const outline: [number, number][] = [
  [-2.03, 55.78], [-1.6, 55.6], [-1.52, 55.1], [-1.42, 54.98], [-1.17, 54.62], [-0.6, 54.49], [-0.2, 54.14],
  [-0.08, 54.1], [-0.2, 53.9], [0.12, 53.6], [-0.3, 53.7], [0.0, 53.45], [0.35, 53.12], [0.2, 52.95],
  [0.55, 52.97], [1.3, 52.93], [1.75, 52.63], [1.75, 52.45], [1.6, 52.1], [1.25, 51.95], [0.95, 51.8],
  [0.8, 51.55], [0.5, 51.5], [0.6, 51.45], [1.4, 51.38], [1.38, 51.15], [0.97, 50.92], [0.65, 50.86],
  [0.25, 50.74], [-0.3, 50.82], [-0.8, 50.73], [-1.1, 50.8], [-1.3, 50.84], [-1.55, 50.72], [-1.95, 50.6],
  [-2.45, 50.55], [-2.95, 50.72], [-3.45, 50.6], [-3.5, 50.4], [-3.65, 50.22], [-4.2, 50.33], [-4.75, 50.25],
  [-5.2, 49.96], [-5.7, 50.05], [-5.5, 50.2], [-5.0, 50.55], [-4.55, 50.9], [-4.2, 51.2], [-3.6, 51.22],
  [-3.0, 51.22], [-2.95, 51.4], [-2.65, 51.6], [-2.7, 51.82], [-3.05, 51.98], [-3.1, 52.35], [-3.0, 52.6],
  [-3.12, 52.9], [-2.85, 53.05], [-3.1, 53.3], [-3.05, 53.45], [-3.0, 53.65], [-3.05, 53.85], [-2.85, 54.05],
  [-3.25, 54.1], [-3.55, 54.4], [-3.63, 54.52], [-3.45, 54.75], [-3.25, 54.93], [-3.05, 55.0], [-2.65, 55.2],
  [-2.3, 55.35], [-2.15, 55.48], [-2.2, 55.62],
];
const outlinePath = outline
  .map(([lon, lat], i) => {
    const { x, y } = project(lat, lon);
    return `${i === 0 ? 'M' : 'L'}${x.toFixed(1)} ${y.toFixed(1)}`;
  })
  .join('') + 'Z';

export function mapSvg(points: MapPoint[], selected: string | undefined, description: string): string {
  const inBox = points.filter((p) => p.lat >= box.south && p.lat <= box.north && p.lon >= box.west && p.lon <= box.east && p.list > 0);
  const largest = Math.max(1, ...inBox.map((p) => p.list));
  const radius = (list: number) => Math.max(1.5, maxRadius * Math.sqrt(list / largest));
  // Largest first, so that small dots stay visible on top of large ones.
  const dots = [...inBox]
    .sort((a, b) => b.list - a.list)
    .map((p) => {
      const { x, y } = project(p.lat, p.lon);
      const band = bandOf(p.pct18);
      const chosen = p.key === selected;
      return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${radius(p.list).toFixed(1)}" fill="${band.colour}" fill-opacity="0.85" stroke="${chosen ? '#212b32' : '#ffffff'}" stroke-width="${chosen ? 3 : 0.6}" data-key="${escapeHtml(p.key)}"${chosen ? ' data-selected="true"' : ''}><title>${escapeHtml(p.name)}: ${count(p.list)} waiting, ${percent(p.pct18)} within 18 weeks</title></circle>`;
    })
    .join('');
  const chosen = inBox.find((p) => p.key === selected);
  const ring = chosen ? (() => {
    const { x, y } = project(chosen.lat, chosen.lon);
    return `<circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="${(radius(chosen.list) + 5).toFixed(1)}" fill="none" stroke="#212b32" stroke-width="2" pointer-events="none"/>`;
  })() : '';
  return `<svg class="england-map" viewBox="0 0 ${width.toFixed(0)} ${height.toFixed(0)}" role="img" aria-label="${escapeHtml(description)}" data-dots="${inBox.length}">
    <rect x="0" y="0" width="${width.toFixed(0)}" height="${height.toFixed(0)}" fill="#f7f9fa"/>
    <path class="map-outline" d="${outlinePath}" fill="#e8edee" stroke="#aeb7bd" stroke-width="1"/>${dots}${ring}</svg>`;
}

export function mapLegend(): string {
  const swatch = (colour: string) => `<svg width="14" height="14" aria-hidden="true" focusable="false"><circle cx="7" cy="7" r="6" fill="${colour}"/></svg>`;
  return `<ul class="map-legend" aria-label="Colours of the map">
    ${pctBands.map((b) => `<li>${swatch(b.colour)} ${escapeHtml(b.label)} within 18 weeks</li>`).join('')}
    <li>${swatch(noData)} not known</li>
  </ul><p class="hint">A dot's area is proportional to its waiting list.</p>`;
}

// The dot under a click: its provider key.
export function clickedKey(event: Event): string | undefined {
  const dot = (event.target as Element).closest?.('circle[data-key]');
  return dot?.getAttribute('data-key') ?? undefined;
}
