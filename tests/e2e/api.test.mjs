// API tests against a live `elective serve` on a loopback port: the JSON equals the CLI's --format json for the
// same question (stats, forecast), uploads and errors behave, jobs can be cancelled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { api, electiveBin, repoRoot, runJob, serverUrl } from './server.mjs';

const rttFile = path.join(repoRoot, 'data', 'rtt_full_2024-11_RBD.csv');
const cli = (...args) => execFileSync(electiveBin(), args, { cwd: repoRoot, encoding: 'utf8' });

test('health and bundled datasets', async () => {
  const health = await api('/api/health');
  assert.equal(health.status, 200);
  assert.equal(health.body.status, 'ok');
  const { body } = await api('/api/datasets');
  assert.ok(body.datasets.some((d) => d.kind === 'national' && d.bundled));
  assert.ok(body.datasets.some((d) => d.kind === 'rtt' && d.bundled && d.summary.months.includes('2024-11')));
});

test('GET /api/stats is exactly `elective stats --format json`', async () => {
  const rtt = (await api('/api/datasets')).body.datasets.find((d) => d.kind === 'rtt' && d.bundled);
  for (const [query, args] of [
    ['', []],
    ['&by=tfc', ['--by', 'tfc']],
    ['&part=admitted&tfc=110', ['--part', 'admitted', '--tfc', '110']],
    ['&part=nonadmitted&by=commissioner', ['--part', 'nonadmitted', '--by', 'commissioner']],
    ['&provider=RBD&tfc=C_999&part=new', ['--provider', 'RBD', '--tfc', 'C_999', '--part', 'new']],
  ]) {
    const res = await api(`/api/stats?dataset=${rtt.id}${query}`);
    assert.equal(res.status, 200, res.text);
    const expected = cli('stats', rttFile, ...args, '--format', 'json');
    assert.deepEqual(res.body, JSON.parse(expected), query);
  }
});

test('a forecast job returns exactly `elective forecast --format json`', async () => {
  const toml = `[scenario]
name = "e2e"
[start]
data = "rtt_national_timeseries.csv"
month = "latest"
[horizon]
until = "2026-12"
[referrals]
growth_per_year = 0.03
[capacity]
growth_per_year = 0.035
[[target]]
text = "65% within 18 weeks by 2026-12"
`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elective-e2e-scenario-'));
  const file = path.join(dir, 'scenario.toml');
  fs.writeFileSync(file, toml.replace('data = "rtt_national_timeseries.csv"', `data = "${path.join(repoRoot, 'data', 'rtt_national_timeseries.csv')}"`));
  const expected = JSON.parse(cli('forecast', file, '--format', 'json'));
  const job = await runJob({ kind: 'forecast', scenario: toml });
  assert.equal(job.state, 'done', job.error ?? '');
  assert.deepEqual(job.result, expected);
  assert.ok(job.result.months.length > 10);
  fs.rmSync(dir, { recursive: true, force: true });
});

test('a simulate job returns exactly `elective simulate --format json`', async () => {
  const file = path.join(repoRoot, 'scenarios', 'trust-rbd-patient-level.toml');
  const expected = JSON.parse(cli('simulate', file, '--replications', '3', '--seed', '11', '--policy', 'in_turn', '--format', 'json'));
  const job = await runJob({ kind: 'simulate', scenario: fs.readFileSync(file, 'utf8'), options: { replications: 3, seed: 11, policy: 'in_turn' } });
  assert.equal(job.state, 'done', job.error ?? '');
  assert.deepEqual(job.result, expected);
  assert.ok(Array.isArray(job.result.wait_estimates));
});

test('scenario errors are 400 with a message naming the key; unknown jobs 404', async () => {
  const res = await api('/api/jobs', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ kind: 'forecast', scenario: { start: { month: 'latest' }, horizon: { until: '2027-01' }, referrals: { growth_per_year: 9 } } }) });
  assert.equal(res.status, 400);
  assert.match(res.body.error, /referrals\.growth_per_year/);
  const traversal = await api('/api/jobs', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ kind: 'forecast', scenario: { start: { data: '../../etc/passwd', month: 'latest' }, horizon: { until: '2027-01' } } }) });
  assert.equal(traversal.status, 400);
  assert.doesNotMatch(traversal.text, /root:/);
  assert.equal((await api('/api/jobs/999999')).status, 404);
});

test('a job can be cancelled', async () => {
  const created = await api('/api/jobs', { method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ kind: 'forecast', scenario: { start: { month: 'latest' }, horizon: { until: '2035-12' }, referrals: { growth_per_year: { low: 0, high: 0.05 } } }, options: { samples: 5000 } }) });
  assert.equal(created.status, 202, created.text);
  const cancel = await api(`/api/jobs/${created.body.id}`, { method: 'DELETE' });
  assert.equal(cancel.status, 202);
  let state = '';
  for (let i = 0; i < 300; ++i) {
    state = (await api(`/api/jobs/${created.body.id}`)).body.state;
    if (!['queued', 'running'].includes(state)) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.equal(state, 'cancelled');
});

test('upload: valid file stored, invalid file 400 naming its line', async () => {
  const form = new FormData();
  form.append('file', new Blob([fs.readFileSync(rttFile)]), 'upload.csv');
  form.append('name', 'e2e upload');
  const res = await api('/api/datasets', { method: 'POST', body: form });
  assert.equal(res.status, 201, res.text);
  const stats = await api(`/api/stats?dataset=${res.body.id}&tfc=110`);
  assert.equal(stats.body.rows[0].total, 3439);
  const bad = new FormData();
  bad.append('file', new Blob([fs.readFileSync(rttFile, 'utf8').replace('RBD', 'RBD,extra')]), 'bad.csv');
  const rejected = await api('/api/datasets', { method: 'POST', body: bad });
  assert.equal(rejected.status, 400);
  assert.match(rejected.body.error, /bad\.csv:\d+/);
  assert.equal((await api(`/api/datasets/${res.body.id}`, { method: 'DELETE' })).status, 200);
});

test('wait estimate: T&O at RBD', async () => {
  const res = await api('/api/wait-estimate?tfc=110');
  assert.equal(res.status, 200);
  const rbd = res.body.providers.find((p) => p.provider === 'RBD');
  assert.ok(rbd && !rbd.suppressed);
  assert.ok(rbd.median_weeks > 0 && rbd.p90_weeks > rbd.median_weeks);
  assert.equal((await api('/api/wait-estimate')).status, 400);
});

// A raw request with node:http, which (unlike fetch) lets a test set Host and Origin freely.
async function raw(method, pathname, headers = {}, body = undefined) {
  const url = new URL(await serverUrl());
  return new Promise((resolve, reject) => {
    const req = http.request({ host: url.hostname, port: url.port, path: pathname, method, headers, agent: false }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks) }));
    });
    req.on('error', reject);
    if (body !== undefined) req.write(body);
    req.end();
  });
}

test('Host and Origin checks: other host names and cross-origin posts are refused (issue 9)', async () => {
  assert.equal((await raw('GET', '/api/datasets', { Host: 'evil.example.com' })).status, 403);
  assert.equal((await raw('GET', '/api/health', { Host: '127.evil.example.com' })).status, 403);
  const before = (await api('/api/jobs')).body.jobs.length;
  const crossSite = await raw('POST', '/api/jobs', { 'Content-Type': 'text/plain', Origin: 'http://evil.example.com' },
    JSON.stringify({ kind: 'forecast', scenario: { start: { month: 'latest' }, horizon: { until: '2026-01' } } }));
  assert.equal(crossSite.status, 403);
  const noProof = await raw('POST', '/api/jobs', { 'Content-Type': 'application/json' }, JSON.stringify({ kind: 'dance' }));
  assert.equal(noProof.status, 403);
  assert.match(JSON.parse(noProof.body).error, /X-Elective-CSRF/);
  assert.equal((await api('/api/jobs')).body.jobs.length, before);
  // The dashboard page sets the CSRF cookie.
  const page = await raw('GET', '/');
  assert.match(String(page.headers['set-cookie']), /elective_csrf=[0-9a-f]{32}; Path=\/; SameSite=Strict/);
});

test('static assets are served pre-compressed with Vary: Accept-Encoding (issue 13)', async () => {
  const index = (await raw('GET', '/')).body.toString();
  const script = index.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
  assert.ok(script, 'no script in the dashboard page');
  const plain = await raw('GET', script);
  for (const [accept, encoding, decode] of [['gzip, deflate, br', 'br', zlib.brotliDecompressSync], ['gzip', 'gzip', zlib.gunzipSync]]) {
    const res = await raw('GET', script, { 'Accept-Encoding': accept });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-encoding'], encoding);
    assert.equal(res.headers.vary, 'Accept-Encoding');
    assert.match(res.headers['cache-control'], /immutable/);
    assert.ok(res.body.length < plain.body.length / 2);
    assert.ok(decode(res.body).equals(plain.body));
  }
  const national = await raw('GET', '/api/national', { 'Accept-Encoding': 'br' });
  assert.equal(national.headers['content-encoding'], 'br');
  assert.ok(JSON.parse(zlib.brotliDecompressSync(national.body)).months.length > 100);
});
