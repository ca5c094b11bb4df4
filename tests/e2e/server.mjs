// The server under test: started by tests/cli/web_e2e.sh (ELECTIVE_URL) or, when run by hand, here on a free
// loopback port with a temporary store (ELECTIVE_BIN names the binary).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const repoRoot = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..', '..');

export async function serverUrl() {
  if (process.env.ELECTIVE_URL) return process.env.ELECTIVE_URL;
  const bin = process.env.ELECTIVE_BIN ?? path.join(repoRoot, 'build', 'elective');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elective-e2e-'));
  const child = spawn(bin, ['serve', '--port', '0', '--db', path.join(dir, 'store.db'), '--port-file', path.join(dir, 'port'),
    '--static', path.join(repoRoot, 'web', 'dist'), '--quiet'], { cwd: repoRoot, stdio: 'ignore' });
  child.unref(); // the test process may end while the server runs; it is stopped on exit
  process.on('exit', () => child.kill('SIGTERM'));
  for (let i = 0; i < 100 && !fs.existsSync(path.join(dir, 'port')); ++i) await new Promise((r) => setTimeout(r, 100));
  const port = fs.readFileSync(path.join(dir, 'port'), 'utf8').trim();
  process.env.ELECTIVE_URL = `http://127.0.0.1:${port}`;
  return process.env.ELECTIVE_URL;
}

export function electiveBin() {
  return process.env.ELECTIVE_BIN ?? path.join(repoRoot, 'build', 'elective');
}

// Requests that change data carry the CSRF header and cookie, as the dashboard sends them (docs/security.md).
export const csrfHeaders = { 'X-Elective-CSRF': 'e2e-csrf-value', Cookie: 'elective_csrf=e2e-csrf-value' };

export async function api(pathname, init = {}) {
  const method = (init.method ?? 'GET').toUpperCase();
  const headers = ['POST', 'PUT', 'PATCH', 'DELETE'].includes(method) && !init.noCsrf ? { ...csrfHeaders, ...(init.headers ?? {}) } : init.headers;
  const res = await fetch(`${await serverUrl()}${pathname}`, { ...init, headers });
  const text = await res.text();
  let body = null;
  try { body = JSON.parse(text); } catch { body = text; }
  return { status: res.status, body, text, headers: res.headers };
}

export async function runJob(request) {
  const created = await api('/api/jobs', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(request) });
  if (created.status !== 202) throw new Error(`job not accepted: ${created.status} ${created.text}`);
  for (let i = 0; i < 1200; ++i) {
    const job = await api(`/api/jobs/${created.body.id}`);
    if (['done', 'failed', 'cancelled'].includes(job.body.state)) return job.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('job did not finish in 120 s');
}
