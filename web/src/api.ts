// Typed access to the JSON API of `elective serve` (docs/api.md). When the server requires a bearer token,
// the user is asked once and the token is kept for the browser session only. Requests that change data
// (POST, DELETE) carry the X-Elective-CSRF header with the value of the elective_csrf cookie, which the server
// sets with the dashboard page (SameSite=Strict): a page of another site can neither read the cookie nor send
// the header, so the server knows these requests come from the dashboard (docs/security.md).

export class ApiError extends Error {
  constructor(public status: number, message: string) {
    super(message);
  }
}

const TOKEN_KEY = 'elective.token';

export function setToken(token: string | null): void {
  if (token) sessionStorage.setItem(TOKEN_KEY, token);
  else sessionStorage.removeItem(TOKEN_KEY);
}

const CSRF_COOKIE = 'elective_csrf';
const CSRF_HEADER = 'X-Elective-CSRF';

// The CSRF cookie's value; made here when the page did not come from the server (e.g. `npm run dev`).
function csrfToken(): string {
  const found = document.cookie.split(';').map((c) => c.trim()).find((c) => c.startsWith(`${CSRF_COOKIE}=`));
  const value = found?.slice(CSRF_COOKIE.length + 1) ?? '';
  if (value.length >= 8) return value;
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const fresh = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  document.cookie = `${CSRF_COOKIE}=${fresh}; Path=/; SameSite=Strict`;
  return fresh;
}

function headers(extra: Record<string, string> = {}, changesData = false): Record<string, string> {
  const token = sessionStorage.getItem(TOKEN_KEY);
  const out: Record<string, string> = token ? { ...extra, Authorization: `Bearer ${token}` } : { ...extra };
  if (changesData) out[CSRF_HEADER] = csrfToken();
  return out;
}

async function handle<T>(res: Response): Promise<T> {
  const text = await res.text();
  let body: unknown = null;
  try {
    body = text ? JSON.parse(text) : null;
  } catch {
    body = null;
  }
  if (!res.ok) {
    const message = (body as { error?: string } | null)?.error ?? `${res.status} ${res.statusText}`;
    throw new ApiError(res.status, message);
  }
  return body as T;
}

export async function getJson<T>(path: string, params: Record<string, string | number | undefined | null> = {}): Promise<T> {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') query.set(key, String(value));
  }
  const qs = query.toString();
  return handle<T>(await fetch(qs ? `${path}?${qs}` : path, { headers: headers() }));
}

// A file from the API (e.g. a job's workbook), fetched with the access token like every request, then saved
// under the name of the server's Content-Disposition header (else `fallbackName`). A plain link would not carry
// the bearer token of a server that requires one.
export async function downloadFile(path: string, fallbackName: string): Promise<string> {
  const res = await fetch(path, { headers: headers() });
  if (!res.ok) await handle(res);
  const name = /filename="([^"]+)"/.exec(res.headers.get('Content-Disposition') ?? '')?.[1] ?? fallbackName;
  const a = document.createElement('a');
  a.href = URL.createObjectURL(await res.blob());
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
  return name;
}

export async function postJson<T>(path: string, body: unknown): Promise<T> {
  return handle<T>(
    await fetch(path, { method: 'POST', headers: headers({ 'Content-Type': 'application/json' }, true), body: JSON.stringify(body) }),
  );
}

export async function postForm<T>(path: string, form: FormData): Promise<T> {
  return handle<T>(await fetch(path, { method: 'POST', headers: headers({}, true), body: form }));
}

export async function del<T>(path: string): Promise<T> {
  return handle<T>(await fetch(path, { method: 'DELETE', headers: headers({}, true) }));
}

// ---- Shapes returned by the API ----

export interface CodeName {
  code: string;
  name: string;
}

export interface Dataset {
  id: number;
  name: string;
  kind: 'rtt' | 'national' | 'patient_list';
  created_at: string;
  bytes: number;
  rows: number;
  bundled: boolean;
  files: string[];
  summary: {
    months?: string[];
    providers?: CodeName[] | string[];
    tfcs?: CodeName[] | string[];
    commissioners?: CodeName[];
    first_month?: string;
    last_month?: string;
    snapshot_date?: string;
    open_pathways?: number;
  };
}

export interface Health {
  status: string;
  version: string;
  auth_required: boolean;
  job_kinds: string[];
  datasets: number;
}

export type StatsRow = Record<string, string | number | boolean | null>;

export interface NationalMonth {
  month: string;
  [column: string]: string | number | null;
}

export interface ProviderWait {
  provider: string;
  provider_name: string;
  suppressed: boolean;
  completed_pathways: number | null;
  median_weeks: number | null;
  p90_weeks: number | null;
  p90_censored: boolean;
  waiting_list: number | null;
  waiting_median_weeks: number | null;
  waiting_p90_weeks: number | null;
  queue_weeks: number | null;
  // The provider months file (GET /api/wait-estimate?source=providers) only:
  merged?: boolean;
  members?: string[];
  flags?: string[];
  lat?: number | null;
  lon?: number | null;
  forward?: ForwardWait | null;
}

// For a patient referred now: when treatment starts, from the provider's own forecast (plan/forward_wait.hpp).
export interface ForwardWait {
  median_weeks: number;
  p90_weeks: number;
  median_censored: boolean;
  p90_censored: boolean;
  horizon_weeks: number;
  method: string;
  uncertainty: { median_weeks_low: number; median_weeks_high: number; p90_weeks_low: number; p90_weeks_high: number; origins: number; basis: string };
}

export interface NearbyProvider {
  provider: string;
  provider_name: string;
  distance_km: number;
  forward_median_weeks: number;
  forward_p90_weeks: number;
  forward_p90_censored: boolean;
  median_weeks: number | null;
}

export interface ForwardWaitEstimate {
  tfc: string;
  tfc_name: string;
  month: string;
  method: string;
  forward_method: string;
  scenario: string;
  until: string;
  source: string;
  near: { text: string; how: string; lat: number; lon: number; within_km: number; shorter_than: number | null } | null;
  nearby: NearbyProvider[] | null;
  providers: (ProviderWait & { flags: string[]; merged: boolean; forward: ForwardWait | null })[];
}

export interface WaitEstimate {
  tfc: string;
  tfc_name: string;
  month: string;
  method: string;
  commissioner: string | null;
  providers: ProviderWait[];
}

export interface Job {
  id: number;
  kind: string;
  state: 'queued' | 'running' | 'done' | 'failed' | 'cancelled';
  progress: number;
  error: string | null;
  result?: unknown;
}

export type Banded = { p10: number | null; p50: number | null; p90: number | null };
export type MaybeBanded = number | null | Banded;

export interface ForecastMonth {
  month: string;
  [key: string]: MaybeBanded | string;
}

export interface TargetResult {
  text: string;
  met: boolean;
  first_met_month: string | null;
  value_at_deadline?: MaybeBanded;
  gap_at_deadline?: MaybeBanded;
  probability_met?: number;
}

export interface ForecastResult {
  months: ForecastMonth[];
  targets: TargetResult[];
  [key: string]: unknown;
}

export interface PolicyParameter {
  name: string;
  where: string;
  help: string;
}

export interface PolicyInfo {
  name: string;
  label: string;
  help: string;
  engines: ('forecast' | 'simulation')[];
  parameters: PolicyParameter[];
}

// The policies an engine implements, from the server's policy registry (GET /api/policies), so the choices
// offered are exactly the names the scenario file and the command line accept.
export async function listPolicies(engine: 'forecast' | 'simulation'): Promise<PolicyInfo[]> {
  return (await getJson<PolicyInfo[]>('/api/policies')).filter((p) => p.engines.includes(engine));
}

export function codeNames(list: CodeName[] | string[] | undefined): CodeName[] {
  if (!list) return [];
  return list.map((item) => (typeof item === 'string' ? { code: item, name: '' } : item));
}

// Polls a job until it finishes; `onProgress` gets 0-1. Resolves with the finished job.
export async function waitForJob(id: number, onProgress: (job: Job) => void, signal?: AbortSignal): Promise<Job> {
  for (;;) {
    const job = await getJson<Job>(`/api/jobs/${id}`);
    onProgress(job);
    if (job.state === 'done' || job.state === 'failed' || job.state === 'cancelled') return job;
    if (signal?.aborted) throw new ApiError(0, 'stopped');
    await new Promise((r) => setTimeout(r, 250));
  }
}
