#!/usr/bin/env node
// Slow-client trial of `elective serve` (issue 9 item 5), loopback only: N connections (default 100) each send a
// request line and then one more header line every S seconds (default 3), never finishing the request head,
// while /api/health is asked every 500 ms on fresh connections. Reports /api/health latency during the trial,
// failed or timed-out probes, and when the server closed the slow connections. Usage:
//   node scripts/slowclients.mjs [--url http://127.0.0.1:PORT] [--clients 100] [--interval 3] [--seconds 40] [--json]
// Without --url it starts `elective serve` (ELECTIVE_BIN, default build/elective) on a free port with a
// temporary store, and stops it afterwards.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const clients = Math.max(1, Math.min(2000, Number(opt('clients', 100))));
const interval = Math.max(0.1, Number(opt('interval', 3)));
const seconds = Math.max(2, Math.min(300, Number(opt('seconds', 40))));
const asJson = args.includes('--json');
let url = opt('url', '');

let child = null;
let dir = null;
if (!url) {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
  const bin = process.env.ELECTIVE_BIN ?? path.join(root, 'build', 'elective');
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elective-slow-'));
  child = spawn(bin, ['serve', '--port', '0', '--db', path.join(dir, 'store.db'), '--port-file', path.join(dir, 'port'),
    '--static', path.join(dir, 'none'), '--quiet', '--no-bundled-data'], { cwd: root, stdio: 'ignore' });
  for (let i = 0; i < 100 && !fs.existsSync(path.join(dir, 'port')); ++i) await new Promise((r) => setTimeout(r, 100));
  url = `http://127.0.0.1:${fs.readFileSync(path.join(dir, 'port'), 'utf8').trim()}`;
}
const target = new URL(url);
if (!['127.0.0.1', 'localhost', '::1', '[::1]'].includes(target.hostname)) {
  console.error(`slowclients: refusing ${url}: this trial only runs against loopback addresses`);
  process.exit(2);
}

const began = Date.now();
const closedAt = [];
const sockets = [];
for (let i = 0; i < clients; ++i) {
  const socket = net.connect({ host: target.hostname, port: Number(target.port) });
  let lines = 0;
  let timer = null;
  socket.on('connect', () => {
    socket.write(`GET /api/health HTTP/1.1\r\nHost: ${target.host}\r\n`);
    timer = setInterval(() => socket.write(`X-Slow-${lines++}: ${'x'.repeat(10)}\r\n`), interval * 1000);
  });
  socket.on('data', () => {});
  socket.on('error', () => {});
  socket.on('close', () => {
    clearInterval(timer);
    closedAt.push((Date.now() - began) / 1000);
  });
  sockets.push(socket);
}

const probes = [];
let failed = 0;
const errorKinds = new Map();
const deadline = began + seconds * 1000;
while (Date.now() < deadline) {
  const start = performance.now();
  try {
    const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(10000), headers: { Connection: 'close' } });
    await res.arrayBuffer();
    if (res.status === 200) probes.push(performance.now() - start);
    else {
      failed++;
      errorKinds.set(`HTTP ${res.status}`, (errorKinds.get(`HTTP ${res.status}`) ?? 0) + 1);
    }
  } catch (e) {
    failed++;
    const kind = e.name === 'TimeoutError' ? 'timeout (10 s)' : (e.cause?.code ?? e.name);
    errorKinds.set(kind, (errorKinds.get(kind) ?? 0) + 1);
  }
  await new Promise((r) => setTimeout(r, 500));
}
for (const s of sockets) s.destroy();

const sorted = [...probes].sort((a, b) => a - b);
const q = (p) => (sorted.length ? +sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))].toFixed(1) : null);
const closedByServer = closedAt.filter((t) => t < seconds - 0.05).sort((a, b) => a - b);
const report = {
  url,
  slow_connections: clients,
  header_line_every_s: interval,
  seconds,
  health_probes: probes.length + failed,
  health_ok: probes.length,
  health_failed: failed,
  failure_kinds: Object.fromEntries(errorKinds),
  health_latency_ms: { p50: q(0.5), p90: q(0.9), max: q(1) },
  slow_connections_closed_by_server: closedByServer.length,
  first_closed_after_s: closedByServer.length ? +closedByServer[0].toFixed(1) : null,
  last_closed_after_s: closedByServer.length ? +closedByServer.at(-1).toFixed(1) : null,
};
if (asJson) console.log(JSON.stringify(report, null, 2));
else {
  console.log(`elective serve slow-client trial: ${clients} connections sending a header line every ${interval} s, ${seconds} s, ${url}`);
  console.log(`  /api/health probes ${report.health_probes}: ok ${report.health_ok}, failed ${failed}${failed ? ' ' + JSON.stringify(report.failure_kinds) : ''}`);
  console.log(`  /api/health latency ms: p50 ${report.health_latency_ms.p50}, p90 ${report.health_latency_ms.p90}, max ${report.health_latency_ms.max}`);
  console.log(`  slow connections closed by the server: ${closedByServer.length}` +
    (closedByServer.length ? ` (first after ${report.first_closed_after_s} s, last after ${report.last_closed_after_s} s)` : ''));
}
if (child) {
  child.kill('SIGTERM');
  fs.rmSync(dir, { recursive: true, force: true });
}
process.exit(0);
