// Browser end-to-end tests in headless Debian chromium (playwright-core): the overview loads with the API's
// numbers, a scenario runs from the builder and its chart and table equal the job's result, and a wait is
// looked up with the keyboard. Screenshots go to $E2E_SCREENSHOTS when set.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launch } from './browser.mjs';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import { api, electiveBin, repoRoot, serverUrl } from './server.mjs';

let browser;
let page;
const errors = [];

before(async () => {
  browser = await launch();
  page = browser.context.pages()[0] ?? (await browser.context.newPage());
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
});
after(async () => { await browser?.close(); });

async function open(route) {
  await page.goto(`${await serverUrl()}/#/${route}`);
  await page.waitForSelector(`main[data-ready="${route}"]`, { timeout: 20000 });
}
async function shot(name) {
  if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: path.join(process.env.E2E_SCREENSHOTS, `${name}.png`), fullPage: true });
}
// The page writes a dash where a share is not defined (an empty group has no share).
const pct = (f) => (f === null || f === undefined ? '–' : `${(f * 100).toFixed(1)}%`);
const whole = (n) => Math.round(n).toLocaleString('en-GB');

// True when a canvas has drawn pixels (not blank).
async function canvasDrawn(selector) {
  return page.$eval(selector, (c) => {
    const ctx = c.getContext('2d');
    const { data } = ctx.getImageData(0, 0, c.width, c.height);
    let painted = 0;
    for (let i = 3; i < data.length; i += 4) if (data[i] > 0) painted++;
    return painted > 500;
  });
}

test('overview shows England with the API figures and draws its charts', async () => {
  await open('overview');
  const { body } = await api('/api/national');
  const latest = [...body.months].reverse().find((m) => m.incomplete_total !== null);
  assert.equal((await page.textContent('#card-list .card-value')).trim(), whole(latest.incomplete_total_est));
  assert.equal((await page.textContent('#card-pct18 .card-value')).trim(), pct(latest.incomplete_pct_within_18_weeks_est ?? latest.incomplete_pct_within_18_weeks));
  for (const id of ['#chart-list', '#chart-pct18', '#chart-long', '#chart-percentiles', '#chart-distribution']) {
    assert.ok(await canvasDrawn(id), `${id} is blank`);
  }
  // Provider view: the cards equal /api/stats for the provider.
  await page.check('input[name=scope][value=provider]');
  await page.selectOption('#provider', 'RBD');
  await page.selectOption('#tfc', 'C_110');
  await page.waitForFunction(() => document.querySelector('.scope-title')?.textContent?.includes('Trauma'));
  const stats = (await api('/api/stats?provider=RBD&tfc=C_110')).body.rows[0];
  assert.equal((await page.textContent('#card-list .card-value')).trim(), whole(stats.total));
  assert.equal((await page.textContent('#card-pct18 .card-value')).trim(), pct(stats.pct_within_18_weeks));
  await shot('overview');
  assert.deepEqual(errors, []);
});

test('scenario builder runs a projection whose chart and table equal the API result', async () => {
  await open('scenario');
  await page.fill('#extra_capacity', '20000');
  await page.fill('#uncertainty', '1');
  await page.fill('#until', '2027-03');
  await page.fill('#target', '65% within 18 weeks by 2027-03');
  await page.click('#run-forecast');
  await page.waitForSelector('#forecast-result[data-job-id] #chart-fan-pct18', { timeout: 60000 });
  const jobId = await page.getAttribute('#forecast-result', 'data-job-id');
  const job = (await api(`/api/jobs/${jobId}`)).body;
  assert.equal(job.state, 'done');
  const months = job.result.months;
  // The chart's data are the API's numbers: p10/p50/p90 bands of % within 18 weeks.
  const chartData = await page.$eval('#chart-fan-pct18', (c) => {
    // Chart.js keeps its instance on the canvas via its registry.
    const chart = window.Chart?.getChart?.(c) ?? null;
    return chart ? chart.data.datasets.map((d) => ({ label: d.label, data: d.data })) : null;
  });
  const tableRows = await page.$$eval('#chart-fan-pct18-table tbody tr', (rows) => rows.map((r) => [...r.children].map((c) => c.textContent.trim())));
  assert.equal(tableRows.length, months.length);
  for (let i = 0; i < months.length; ++i) {
    assert.equal(tableRows[i][0], months[i].month);
    assert.equal(tableRows[i][1], pct(months[i].pct_within_18_weeks.p50));
    assert.equal(tableRows[i][2], whole(months[i].list_size.p50));
  }
  assert.ok(chartData, 'chart instance not found');
  // The recorded history comes first (issue 13): the projection is the last months.length points.
  const n = months.length;
  const mid = chartData.find((d) => d.label === 'Within 18 weeks');
  assert.deepEqual(mid.data.slice(-n), months.map((m) => m.pct_within_18_weeks.p50));
  assert.deepEqual(chartData.find((d) => d.label === '_p10').data.slice(-n), months.map((m) => m.pct_within_18_weeks.p10));
  assert.deepEqual(chartData.find((d) => d.label === '_p90').data.slice(-n), months.map((m) => m.pct_within_18_weeks.p90));
  assert.ok(await canvasDrawn('#chart-fan-pct18'));
  assert.ok(await canvasDrawn('#chart-fan-list'));
  const targetText = await page.textContent('#target-list');
  assert.match(targetText, /65% within 18 weeks by 2027-03/);
  const target = job.result.targets[0];
  if (target.first_met_month) assert.match(targetText, /first met in/);
  await shot('scenario');
  assert.deepEqual(errors, []);
});

test('scenario builder finds the capacity needed for a target (solve)', async () => {
  await open('scenario');
  await page.fill('#uncertainty', '0');
  await page.fill('#until', '2029-03');
  await page.fill('#target', '92% within 18 weeks by 2029-03');
  await page.click('#run-solve');
  await page.waitForSelector('#solve-result[data-job-id] h2', { timeout: 60000 });
  const jobId = await page.getAttribute('#solve-result', 'data-job-id');
  const job = (await api(`/api/jobs/${jobId}`)).body;
  assert.equal(job.state, 'done', job.error ?? '');
  assert.equal(job.kind, 'solve');
  if (typeof job.result.value === 'number') {
    assert.equal((await page.textContent('#solve-value')).trim(), whole(job.result.value));
  }
  assert.deepEqual(errors, []);
});

test('scenario builder runs a ready scenario (the 2024 pledge) as written', async () => {
  await open('scenario');
  await page.selectOption('#ready-scenario', 'pledge-2024.toml');
  const before = await page.getAttribute('#forecast-result', 'data-job-id');
  await page.click('#run-ready');
  await page.waitForFunction((b) => {
    const id = document.querySelector('#forecast-result')?.getAttribute('data-job-id');
    return id && id !== b;
  }, before, { timeout: 60000 });
  const job = (await api(`/api/jobs/${await page.getAttribute('#forecast-result', 'data-job-id')}`)).body;
  assert.equal(job.state, 'done', job.error ?? '');
  const scenarios = (await api('/api/scenarios')).body.scenarios;
  assert.equal(await page.$$eval('#chart-fan-pct18-table tbody tr', (r) => r.length), job.result.months.length);
  assert.equal(job.result.months[0].month, await page.textContent('#chart-fan-pct18-table tbody tr th'));
  assert.ok(scenarios.some((s) => s.file === 'pledge-2024.toml'));
  assert.deepEqual(errors, []);
});

test('inequalities: comparing two policies shows each group\'s median wait from the simulation', async () => {
  await open('inequalities');
  await page.selectOption('#policy-scenario', 'trust-rbd-patient-level.toml');
  await page.selectOption('#policy-a', 'clinical_priority');
  await page.selectOption('#policy-b', 'equity');
  await page.click('#policy-run');
  await page.waitForSelector('#gaps-table table', { timeout: 90000 });
  const rows = await page.$$eval('#gaps-table tbody tr', (trs) => trs.map((r) => [...r.children].map((c) => c.textContent.trim())));
  assert.equal(rows.length, 5); // five deprivation quintiles
  assert.match(rows[0][0], /most deprived/);
  // Per policy: the middle of the replications, then its 10th-90th percentile range.
  for (const row of rows) {
    for (const i of [1, 3]) assert.match(row[i], /^\d+\.\d weeks$/);
    for (const i of [2, 4]) assert.match(row[i], /^\d+\.\d to \d+\.\d$/);
  }
  assert.ok(await canvasDrawn('#chart-gaps'));
  await shot('inequalities');
  assert.deepEqual(errors, []);
});

test('a patient-level list uploaded on the Data page shows on Inequalities as aggregates only', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elective-e2e-ptl-'));
  const ptl = path.join(dir, 'ptl.csv');
  execFileSync(electiveBin(), ['synth-list', path.join(repoRoot, 'scenarios', 'trust-rbd-patient-level.toml'), '--out', ptl], { cwd: repoRoot });
  await open('data');
  await page.setInputFiles('#upload-file', ptl);
  await page.fill('#upload-name', 'e2e patient list');
  await page.click('#upload-form button[type=submit]');
  await page.waitForSelector('#datasets-table >> text=e2e patient list', { timeout: 30000 });
  await open('inequalities');
  await page.waitForSelector('#ineq-table table');
  const breakdown = (await api('/api/inequalities?by=imd_quintile')).body;
  const rows = await page.$$eval('#ineq-table tbody tr', (trs) => trs.map((r) => [...r.children].map((c) => c.textContent.trim())));
  assert.equal(rows.length, breakdown.groups.length);
  for (let i = 0; i < rows.length; ++i) {
    const g = breakdown.groups[i];
    if (g.suppressed) continue;
    assert.equal(rows[i][1], whole(g.count));
    assert.equal(rows[i][3], pct(g.pct_within_18_weeks));
  }
  assert.ok(await canvasDrawn('#chart-ineq'));
  const html = await page.content();
  assert.doesNotMatch(html, /SYNTHETIC-0/); // no patient identifier reaches the browser
  await shot('inequalities-list');
  fs.rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(errors, []);
});

test('how long will I wait: keyboard lookup shows the API estimate', async () => {
  await open('wait');
  await page.focus('#wait-tfc');
  await page.selectOption('#wait-tfc', 'C_110');
  await page.keyboard.press('Tab'); // to the area select
  await page.focus('#wait-submit');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#wait-table tbody tr[data-provider="RBD"]');
  const api110 = (await api('/api/wait-estimate?tfc=C_110')).body.providers.find((p) => p.provider === 'RBD');
  const median = await page.textContent('#wait-table tr[data-provider="RBD"] [data-key="median_weeks"]');
  const p90 = await page.textContent('#wait-table tr[data-provider="RBD"] [data-key="p90_weeks"]');
  assert.equal(median.trim(), `${api110.median_weeks.toFixed(1)} weeks`);
  assert.equal(p90.trim(), `${api110.p90_weeks.toFixed(1)} weeks`);
  // Every form control has a label.
  const unlabelled = await page.$$eval('main select, main input', (els) => els.filter((e) => !e.labels?.length && !e.getAttribute('aria-label')).map((e) => e.id));
  assert.deepEqual(unlabelled, []);
  await shot('wait');
  assert.deepEqual(errors, []);
});

test('a page of another origin cannot create a job through the browser (CSRF, issue 9)', async () => {
  await open('overview');
  const before = (await api('/api/jobs')).body.jobs.length;
  // The dashboard's origin is http://127.0.0.1:PORT; http://localhost:PORT is another origin to the browser.
  // A cross-origin "simple" POST (text/plain, no custom header) is sent without a pre-flight, as a hostile page
  // would send it: the server must refuse it. A POST with the CSRF header needs a pre-flight, which fails.
  const cross = (await serverUrl()).replace('127.0.0.1', 'localhost');
  const outcome = await page.evaluate(async (target) => {
    const body = JSON.stringify({ kind: 'forecast', scenario: { start: { month: 'latest' }, horizon: { until: '2026-01' } } });
    const simple = await fetch(`${target}/api/jobs`, { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body })
      .then(() => 'sent').catch(() => 'blocked');
    const custom = await fetch(`${target}/api/jobs`, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Elective-CSRF': 'guess-guess' }, body })
      .then((r) => `answered ${r.status}`).catch(() => 'blocked');
    return { simple, custom };
  }, cross);
  assert.equal(outcome.custom, 'blocked');  // no CORS pre-flight is ever granted
  assert.equal((await api('/api/jobs')).body.jobs.length, before);  // and the simple one was refused
  errors.length = 0;  // the blocked fetch logs a console error by design
});

test('a server with a token asks for it once, then shows the dashboard', { skip: !process.env.ELECTIVE_TOKEN_URL }, async () => {
  await page.goto(`${process.env.ELECTIVE_TOKEN_URL}/#/overview`);
  await page.waitForSelector('#token-form', { timeout: 20000 });
  await page.fill('#token', 'wrong-token-wrong-token');
  await page.click('#token-form button');
  await page.waitForSelector('#token-form', { timeout: 20000 }); // asked again
  await page.fill('#token', process.env.ELECTIVE_TOKEN);
  await page.click('#token-form button');
  await page.waitForSelector('#card-list .card-value', { timeout: 20000 });
  assert.match(await page.textContent('#card-list .card-value'), /^\d{1,3}(,\d{3})+$/);
  // Failed 401 fetches log console errors by design of the browser; only page errors count here.
  assert.deepEqual(errors.filter((e) => !/401/.test(e)), []);
});
