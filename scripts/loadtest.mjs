#!/usr/bin/env node
// Bounded load test of `elective serve`, loopback only: N concurrent clients (default 50) send requests for D
// seconds (default 20) over a realistic mix of API routes and the dashboard, then it reports throughput,
// errors and latency percentiles. Usage:
//   node scripts/loadtest.mjs [--url http://127.0.0.1:PORT] [--clients 50] [--seconds 20] [--json]
// Without --url it starts `elective serve` (ELECTIVE_BIN, default build/elective) on a free port with a
// temporary store, and stops it afterwards.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const clients = Math.max(1, Math.min(500, Number(opt('clients', 50))));
const seconds = Math.max(1, Math.min(120, Number(opt('seconds', 20))));
const asJson = args.includes('--json');
let url = opt('url', '');

let child = null;
let dir = null;
if (!url) {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
  const bin = process.env.ELECTIVE_BIN ?? path.join(root, 'build', 'elective');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elective-load-'));
  child = spawn(bin, ['serve', '--port', '0', '--db', path.join(dir, 'store.db'), '--port-file', path.join(dir, 'port'),
    '--static', path.join(root, 'web', 'dist'), '--quiet'], { cwd: root, stdio: 'ignore' });
  for (let i = 0; i < 100 && !fs.existsSync(path.join(dir, 'port')); ++i) await new Promise((r) => setTimeout(r, 100));
  url = `http://127.0.0.1:${fs.readFileSync(path.join(dir, 'port'), 'utf8').trim()}`;
}
const host = new URL(url).hostname;
if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(host)) {
  console.error(`loadtest: refusing ${url}: this test only runs against loopback addresses`);
  process.exit(2);
}

// The mix: what dashboard users do most (overview, stats, wait estimates), plus the static page.
const routes = [
  ['/api/health', 1],
  ['/api/datasets', 2],
  ['/api/stats', 3],
  ['/api/stats?by=tfc', 3],
  ['/api/stats?part=admitted&tfc=110', 2],
  ['/api/wait-estimate?tfc=110', 3],
  ['/api/national?from=2020-01', 2],
  ['/', 1],
];
const weighted = routes.flatMap(([r, w]) => Array(w).fill(r));

const latencies = [];
const perRoute = new Map();
let ok = 0;
let errors = 0;
const errorKinds = new Map();
const deadline = Date.now() + seconds * 1000;

async function client(index) {
  let i = index;
  while (Date.now() < deadline) {
    const route = weighted[i++ % weighted.length];
    const start = performance.now();
    try {
      const res = await fetch(url + route);
      await res.arrayBuffer();
      const ms = performance.now() - start;
      latencies.push(ms);
      const entry = perRoute.get(route) ?? { n: 0, total: 0 };
      entry.n++;
      entry.total += ms;
      perRoute.set(route, entry);
      if (res.status === 200) ok++;
      else {
        errors++;
        errorKinds.set(`HTTP ${res.status}`, (errorKinds.get(`HTTP ${res.status}`) ?? 0) + 1);
      }
    } catch (e) {
      errors++;
      const kind = e.cause?.code ?? e.name;
      errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
    }
  }
}

// Warm the dataset cache first so the figures describe steady state (the first parse is reported separately).
const warmStart = performance.now();
await fetch(`${url}/api/stats`).then((r) => r.arrayBuffer());
const warmMs = performance.now() - warmStart;

const began = performance.now();
await Promise.all(Array.from({ length: clients }, (_, i) => client(i)));
const elapsed = (performance.now() - began) / 1000;
latencies.sort((a, b) => a - b);
const q = (p) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] : NaN);
const report = {
  url,
  clients,
  seconds: Number(elapsed.toFixed(2)),
  requests: ok + errors,
  ok,
  errors,
  error_kinds: Object.fromEntries(errorKinds),
  requests_per_second: Number(((ok + errors) / elapsed).toFixed(1)),
  latency_ms: { p50: +q(0.5).toFixed(2), p90: +q(0.9).toFixed(2), p99: +q(0.99).toFixed(2), max: +(latencies.at(-1) ?? NaN).toFixed(2) },
  first_stats_request_ms: +warmMs.toFixed(1),
  mean_ms_by_route: Object.fromEntries([...perRoute].map(([r, e]) => [r, +(e.total / e.n).toFixed(2)])),
};
if (asJson) console.log(JSON.stringify(report, null, 2));
else {
  console.log(`elective serve load test: ${clients} clients for ${report.seconds} s against ${url}`);
  console.log(`  requests ${report.requests} (${report.requests_per_second}/s), ok ${ok}, errors ${errors}${errors ? ' ' + JSON.stringify(report.error_kinds) : ''}`);
  console.log(`  latency ms: p50 ${report.latency_ms.p50}, p90 ${report.latency_ms.p90}, p99 ${report.latency_ms.p99}, max ${report.latency_ms.max}`);
  for (const [r, ms] of Object.entries(report.mean_ms_by_route)) console.log(`  ${r.padEnd(36)} mean ${ms} ms`);
}
if (child) {
  child.kill('SIGTERM');
  fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(errors > 0 ? 1 : 0);
