#!/usr/bin/env node
// Time to first byte of the dashboard's script and of /api/national on loopback (issue 13: the server
// Brotli-compressed the 222 kB script and the 122 kB series on every request, 0.45-1.65 s). A benchmark, not a
// test: it prints figures (target: the script's TTFB under 50 ms). Usage:
//   node scripts/ttfb.mjs [--url http://127.0.0.1:PORT] [--requests 30] [--json]
// Without --url it starts `elective serve` (ELECTIVE_BIN, default build/elective) on a free port with a
// temporary store and the built dashboard (web/dist), and stops it afterwards.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const requests = Math.max(1, Math.min(1000, Number(opt('requests', 30))));
const asJson = args.includes('--json');
let url = opt('url', '');
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');

let child = null;
let dir = null;
if (!url) {
  const bin = process.env.ELECTIVE_BIN ?? path.join(root, 'build', 'elective');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elective-ttfb-'));
  child = spawn(bin, ['serve', '--port', '0', '--db', path.join(dir, 'store.db'), '--port-file', path.join(dir, 'port'),
    '--static', path.join(root, 'web', 'dist'), '--quiet'], { cwd: root, stdio: 'ignore' });
  for (let i = 0; i < 100 && !fs.existsSync(path.join(dir, 'port')); ++i) await new Promise((r) => setTimeout(r, 100));
  url = `http://127.0.0.1:${fs.readFileSync(path.join(dir, 'port'), 'utf8').trim()}`;
  await new Promise((r) => setTimeout(r, 3000));  // the server compresses its static files in the background at start
}
const target = new URL(url);
if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(target.hostname)) {
  console.error(`ttfb: refusing ${url}: loopback addresses only`);
  process.exit(2);
}

// One GET on a fresh connection: milliseconds to the response head, and the body's size and encoding.
function timed(pathname, acceptEncoding) {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const req = http.get({ host: target.hostname, port: target.port, path: pathname, agent: false,
      headers: acceptEncoding ? { 'Accept-Encoding': acceptEncoding } : {} }, (res) => {
      const ttfb = performance.now() - start;
      let bytes = 0;
      res.on('data', (chunk) => { bytes += chunk.length; });
      res.on('end', () => resolve({ status: res.statusCode, ttfb, total: performance.now() - start, bytes,
        encoding: res.headers['content-encoding'] ?? 'identity' }));
    });
    req.on('error', reject);
  });
}

const index = await new Promise((resolve, reject) => {
  http.get(`${url}/`, (res) => { let text = ''; res.on('data', (c) => { text += c; }); res.on('end', () => resolve(text)); }).on('error', reject);
});
const script = index.match(/src="(\/assets\/[^"]+\.js)"/)?.[1];
if (!script) {
  console.error('ttfb: no script found in the dashboard page (build it: bash scripts/bootstrap.d/web.sh)');
  process.exit(1);
}

const cases = [
  [script, 'gzip, deflate, br'],
  [script, 'gzip'],
  [script, ''],
  ['/api/national', 'gzip, deflate, br'],
  ['/api/national?from=2020-01', 'gzip, deflate, br'],
];
const results = [];
for (const [pathname, encoding] of cases) {
  const samples = [];
  for (let i = 0; i < requests; ++i) samples.push(await timed(pathname, encoding));
  const sorted = samples.map((s) => s.ttfb).sort((a, b) => a - b);
  const q = (p) => +sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))].toFixed(2);
  results.push({ path: pathname, accept_encoding: encoding || '(none)', status: samples[0].status,
    content_encoding: samples[0].encoding, bytes: samples[0].bytes, first_ms: +samples[0].ttfb.toFixed(2),
    ttfb_ms: { p50: q(0.5), p90: q(0.9), max: q(1) } });
}
if (asJson) console.log(JSON.stringify({ url, requests, results }, null, 2));
else {
  console.log(`elective serve time to first byte, ${requests} requests each on fresh connections, ${url}`);
  for (const r of results)
    console.log(`  ${r.path.padEnd(32)} ${r.accept_encoding.padEnd(18)} -> ${r.content_encoding.padEnd(8)} ${String(r.bytes).padStart(7)} B  ` +
      `TTFB ms p50 ${r.ttfb_ms.p50}, p90 ${r.ttfb_ms.p90}, max ${r.ttfb_ms.max} (first ${r.first_ms})`);
}
if (child) {
  child.kill('SIGTERM');
  fs.rmSync(dir, { recursive: true, force: true });
}
