// Number formatting in plain English (en-GB).
const whole = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 0 });
const one = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

export function count(value: number | null | undefined): string {
  return value === null || value === undefined || !Number.isFinite(value) ? '–' : whole.format(value);
}

export function percent(fraction: number | null | undefined, digits = 1): string {
  if (fraction === null || fraction === undefined || !Number.isFinite(fraction)) return '–';
  return `${(fraction * 100).toFixed(digits)}%`;
}

export function weeks(value: number | null | undefined, censored = false): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return censored ? `${whole.format(value)}+ weeks` : `${one.format(value)} weeks`;
}

export function monthLabel(month: string): string {
  const [y, m] = month.split('-').map(Number);
  if (!y || !m) return month;
  return new Date(Date.UTC(y, m - 1, 1)).toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

// "DORSET COUNTY HOSPITAL NHS FOUNDATION TRUST" -> "Dorset County Hospital NHS Foundation Trust": names in the
// RTT files are upper case.
export function titleCase(text: string): string {
  return text
    .toLowerCase()
    .replace(/\b([a-z])/g, (c) => c.toUpperCase())
    .replace(/(?<=.)\b(And|Of|The|For|In|On)\b/g, (w) => w.toLowerCase())
    .replace(/\b(Nhs|Icb|Sub Icb)\b/g, (w) => w.toUpperCase());
}
