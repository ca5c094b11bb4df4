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
    <rect x="0" y="0" width="${width.toFixed(0)}" height="${height.toFixed(0)}" fill="#f7f9fa"/>${dots}${ring}</svg>`;
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
