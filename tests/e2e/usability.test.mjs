// Usability of the dashboard (issue 13) in headless chromium: every page reflows at 320 and 390 px with no
// sideways scrolling except inside table boxes (WCAG 1.4.10); axe-core finds no serious or critical violation on
// any page, at desktop and phone widths and after each journey; and the journeys of a trust analyst, an ICB
// planner and a patient behave: the policy comparison by ethnic group and by sex is not empty and shows the
// trade-off with its range, an upload is confirmed, messages of an old run do not linger, a ready scenario is
// shown in the controls and labelled, errors read in plain words, the builder starts as current trends, every
// solve lever is offered with its baseline and the solved trajectory, and projections start from the history.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { launch } from './browser.mjs';
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { api, electiveBin, repoRoot, runJob, serverUrl } from './server.mjs';
import { axeViolations } from './axe.mjs';

const routes = ['overview', 'scenario', 'inequalities', 'wait', 'data'];

let browser;
let page;
const errors = [];

before(async () => {
  browser = await launch();
  page = await browser.context.newPage();
  page.on('pageerror', (e) => errors.push(e.message));
});
after(async () => { await browser?.close(); });

async function open(route, width) {
  await page.setViewportSize({ width, height: 844 });
  await page.goto('about:blank'); // a fresh page each time, not a hash change within the last one
  await page.goto(`${await serverUrl()}/#/${route}`);
  await page.waitForSelector(`main[data-ready="${route}"]`, { timeout: 20000 });
}

// Elements that stick out of the viewport, except those inside a table's scrolling box.
async function overflow() {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
      if (el.closest('.table-scroll') || el.closest('.visually-hidden') || el.closest('.skip-link')) continue;
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > width + 1) out.push(`${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}.${el.className} right=${Math.round(r.right)}`);
    }
    return { scrollWidth: document.documentElement.scrollWidth, width, out: out.slice(0, 10) };
  });
}

for (const width of [320, 390]) {
  test(`every page reflows at ${width} px without sideways scrolling`, async () => {
    for (const route of routes) {
      await open(route, width);
      const o = await overflow();
      assert.ok(o.scrollWidth <= o.width && o.out.length === 0, `${route} at ${width} px: ${o.scrollWidth} px wide; ${o.out.join('; ')}`);
    }
    assert.deepEqual(errors, []);
  });
}

test('axe-core is live: it finds a planted violation', async () => {
  await open('overview', 1280);
  await page.evaluate(() => {
    const a = document.createElement('a');
    a.href = '#/nowhere';
    a.id = 'planted';
    document.querySelector('main').append(a); // a link with no name: axe "link-name", serious
  });
  assert.ok((await axeViolations(page)).some((v) => v.startsWith('link-name')));
  await page.evaluate(() => document.getElementById('planted').remove());
});

for (const width of [1280, 390]) {
  test(`axe-core: no serious or critical violations on any page at ${width} px`, async () => {
    const found = [];
    for (const route of routes) {
      await open(route, width);
      for (const v of await axeViolations(page)) found.push(`${route}: ${v}`);
    }
    assert.deepEqual(found, []);
  });
}

// Reads a chart's datasets (Chart.js registry, exposed by the dashboard).
async function chartData(selector) {
  return page.$eval(selector, (c) => window.Chart.getChart(c).data.datasets.map((d) => ({ label: d.label, data: d.data })));
}
async function chartLabels(selector) {
  return page.$eval(selector, (c) => window.Chart.getChart(c).data.labels);
}
async function tableRows(selector) {
  return page.$$eval(`${selector} tbody tr`, (rows) => rows.map((r) => [...r.children].map((c) => c.textContent.trim())));
}
async function noSeriousViolations(where) {
  assert.deepEqual(await axeViolations(page), [], `axe on ${where}`);
}

for (const [dimension, minGroups] of [['ethnicity', 3], ['sex', 2]]) {
  test(`policy comparison by ${dimension} shows each group and the trade-off with its 10th-90th percentile range`, async () => {
    await open('inequalities', 1280);
    await page.selectOption('#policy-scenario', 'trust-rbd-patient-level.toml');
    await page.selectOption('#policy-a', 'clinical_priority');
    await page.selectOption('#policy-b', 'equity');
    await page.selectOption('#policy-dimension', dimension);
    await page.click('#policy-run');
    await page.waitForSelector('#policy-result[data-state]', { timeout: 120000 });
    assert.equal(await page.getAttribute('#policy-result', 'data-state'), 'done', await page.textContent('#policy-result'));
    const rows = await tableRows('#gaps-table');
    assert.ok(rows.length >= minGroups, `only ${rows.length} groups`);
    for (const row of rows) {
      assert.match(row[0], /^[A-Z0-9]/); // labels start with a capital
      assert.match(row[1], /^\d+\.\d weeks$/);
      assert.match(row[2], /^\d+\.\d to \d+\.\d$/);
    }
    const tradeoff = await tableRows('#tradeoff-table');
    assert.equal(tradeoff.length, 2);
    for (const row of tradeoff) {
      assert.match(row[1], /^\d{1,3}(,\d{3})*$/); // list size
      assert.match(row[2], /^[\d,]+ to [\d,]+$/);
      assert.match(row[5], /^\d+\.\d%$/); // share within 18 weeks
      assert.match(row[6], /^\d+\.\d% to \d+\.\d%$/);
    }
    assert.equal(await page.textContent('#policy-status'), 'Done.');
    await noSeriousViolations(`inequalities by ${dimension}`);
    assert.deepEqual(errors, []);
  });
}

test('an empty policy comparison says so instead of "Done."', async () => {
  await open('inequalities', 1280);
  // A result with no group of the chosen dimension (as the old page got by asking for "ethnic_group").
  await page.$eval('#policy-dimension', (s) => { s.add(new Option('No such dimension', 'no_such_dimension')); s.value = 'no_such_dimension'; });
  await page.click('#policy-run');
  await page.waitForSelector('#policy-result[data-state]', { timeout: 120000 });
  assert.equal(await page.getAttribute('#policy-result', 'data-state'), 'empty');
  assert.match(await page.textContent('#policy-empty'), /No groups to compare/);
  assert.notEqual((await page.textContent('#policy-status')).trim(), 'Done.');
});

test('an upload is confirmed after the table refreshes, and a rejected file is explained in plain words', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elective-e2e-upload-'));
  const ptl = path.join(dir, 'ptl.csv');
  execFileSync(electiveBin(), ['synth-list', path.join(repoRoot, 'scenarios', 'trust-rbd-patient-level.toml'), '--out', ptl], { cwd: repoRoot });
  await open('data', 390);
  await page.setInputFiles('#upload-file', ptl);
  await page.fill('#upload-name', 'usability upload');
  await page.click('#upload-form button[type=submit]');
  await page.waitForSelector('#upload-done', { timeout: 30000 });
  assert.match(await page.textContent('#upload-done'), /Added “usability upload” \([\d,]+ rows\)/);
  assert.ok(await page.isVisible('#datasets-table >> text=usability upload'));
  await noSeriousViolations('data after upload');
  // A list with a row whose clock starts after the snapshot: rejected, in the page's words.
  const lines = fs.readFileSync(ptl, 'utf8').split('\n');
  const header = lines[0].split(',');
  const cells = lines[1].split(',');
  cells[header.indexOf('clock_start_date')] = '2099-01-01';
  const bad = path.join(dir, 'bad.csv');
  fs.writeFileSync(bad, [lines[0], cells.join(','), ...lines.slice(2)].join('\n'));
  await page.setInputFiles('#upload-file', bad);
  await page.click('#upload-form button[type=submit]');
  await page.waitForSelector('#upload-status .error-summary', { timeout: 30000 });
  const message = await page.textContent('#upload-status');
  assert.doesNotMatch(message, /--|skip-invalid/);
  assert.match(message, /upload the file again/);
  fs.rmSync(dir, { recursive: true, force: true });
  assert.deepEqual(errors, []);
});

test('the builder starts as the bundled current-trends scenario and draws the history before the projection', async () => {
  await open('scenario', 1280);
  await page.click('#run-forecast');
  await page.waitForSelector('#forecast-result[data-job-id] #chart-fan-pct18', { timeout: 60000 });
  const job = (await api(`/api/jobs/${await page.getAttribute('#forecast-result', 'data-job-id')}`)).body;
  const trends = (await api('/api/scenarios')).body.scenarios.find((s) => s.file === 'current-trends.toml');
  const reference = await runJob({ kind: 'forecast', scenario: trends.text, options: {} });
  assert.deepEqual(job.result.months, reference.result.months);
  // History: the recorded England figures before the first projected month, then the projection.
  const national = (await api('/api/national')).body.months;
  const sets = await chartData('#chart-fan-pct18');
  const recorded = sets.find((d) => d.label === 'Recorded');
  const projected = sets.find((d) => d.label === 'Within 18 weeks');
  const months = job.result.months;
  const pastCount = recorded.data.length - months.length;
  assert.ok(pastCount >= 12, `only ${pastCount} recorded months`);
  const past = national.filter((m) => m.month < months[0].month).slice(-pastCount);
  assert.deepEqual(recorded.data.slice(0, pastCount), past.map((m) => m.incomplete_pct_within_18_weeks_est ?? m.incomplete_pct_within_18_weeks));
  assert.deepEqual(projected.data.slice(pastCount), months.map((m) => m.pct_within_18_weeks));
  assert.ok(projected.data.slice(0, pastCount).every((v) => v === null));
  assert.equal((await chartLabels('#chart-fan-list')).length, pastCount + months.length);
  assert.match(await page.textContent('#projection-title'), /your settings/);
  await noSeriousViolations('scenario with a projection');
  assert.deepEqual(errors, []);
});

test('a blocked run clears the old "Done."; a scenario error reads in the words of the page', async () => {
  await open('scenario', 1280);
  await page.fill('#until', '2026-03');
  await page.click('#run-forecast');
  await page.waitForFunction(() => document.querySelector('#job-status')?.textContent?.includes('Done.'), null, { timeout: 60000 });
  await page.fill('#target', '');
  await page.click('#run-solve');
  const blocked = await page.textContent('#job-status');
  assert.match(blocked, /Enter a target first/);
  assert.doesNotMatch(blocked, /Done\./);
  await page.fill('#target', '92% within 18 wekks by 2029-03');
  await page.click('#run-forecast');
  await page.waitForSelector('#job-status .error-summary', { timeout: 30000 });
  const message = (await page.textContent('#job-status')).trim();
  assert.match(message, /^Target: /);
  assert.doesNotMatch(message, /target\[0\]|scenario:|Done\./);
  assert.deepEqual(errors, []);
});

test('every solve lever is offered; the answer gives its baseline and change and draws the solved trajectory', async () => {
  await open('scenario', 1280);
  const levers = (await api('/api/levers')).body.filter((l) => l.lists.includes('rtt')).map((l) => l.name);
  assert.ok(levers.length >= 4 && !levers.includes('extra_tests_per_week'), levers.join('|'));
  assert.deepEqual(await page.$$eval('#solve-lever option', (o) => o.map((x) => x.value)), levers);
  await page.fill('#target', '92% within 18 weeks by 2029-03');
  await page.selectOption('#solve-lever', 'extra_per_week');
  await page.click('#run-solve');
  await page.waitForSelector('#solve-result[data-job-id] #chart-solved', { timeout: 90000 });
  await page.waitForFunction(() => document.querySelector('#job-status')?.textContent?.includes('Done.'), null, { timeout: 60000 });
  const job = (await api(`/api/jobs/${await page.getAttribute('#solve-result', 'data-job-id')}`)).body;
  const { value, baseline_capacity_per_week: baseline } = job.result;
  assert.equal((await page.textContent('#solve-value')).trim(), Math.round(value).toLocaleString('en-GB'));
  assert.equal((await page.textContent('#solve-baseline')).trim(), Math.round(baseline).toLocaleString('en-GB'));
  assert.equal((await page.textContent('#solve-change')).trim(), `+${((value / baseline) * 100).toFixed(1)}%`);
  // The solved trajectory meets the target at the deadline (the solver's own forecast_at_deadline).
  const solved = (await chartData('#chart-solved')).find((d) => d.label === 'With the change').data;
  const labels = await chartLabels('#chart-solved');
  const deadline = solved[labels.indexOf('Mar 2029')];
  assert.ok(labels.includes('Mar 2029'), labels.join(' '));
  assert.ok(Math.abs(deadline - job.result.forecast_at_deadline.pct_within_18_weeks) < 1e-6, `${deadline}`);
  // A lever that needs no target: hold the list.
  await page.selectOption('#solve-lever', 'hold_list');
  await page.click('#run-solve');
  await page.waitForFunction((id) => document.querySelector('#solve-result')?.getAttribute('data-job-id') !== id, String(job.id), { timeout: 60000 });
  await page.waitForSelector('#solve-change');
  assert.match(await page.textContent('#solve-result h2'), /stops the list growing/);
  assert.deepEqual(errors, []);
});

test('after a ready scenario runs, the controls show it, the old solver answer goes and the projection is labelled', async () => {
  await open('scenario', 1280);
  await page.fill('#target', '92% within 18 weeks by 2029-03');
  await page.click('#run-solve');
  await page.waitForSelector('#solve-result[data-job-id]', { timeout: 90000 });
  await page.fill('#referral_growth', '7');
  await page.selectOption('#ready-scenario', 'hf-jan-2025.toml');
  await page.click('#run-ready');
  await page.waitForSelector('#forecast-result[data-job-id]', { timeout: 60000 });
  const scenario = (await api('/api/scenarios')).body.scenarios.find((s) => s.file === 'hf-jan-2025.toml');
  assert.match(await page.textContent('#projection-title'), /hf-jan-2025\.toml/);
  assert.equal(await page.textContent('#solve-result'), '');
  const growth = /\[referrals\][^[]*?growth_per_year\s*=\s*([\d.]+)/.exec(scenario.text);
  assert.ok(growth, 'the scenario sets referral growth');
  assert.equal(Number(await page.inputValue('#referral_growth')), Math.round(Number(growth[1]) * 1000) / 10);
  const firstTarget = /\[\[target\]\]\s*text\s*=\s*"([^"]+)"/.exec(scenario.text)?.[1] ?? '';
  assert.equal(await page.inputValue('#target'), firstTarget);
  assert.deepEqual(errors, []);
});

// Parses RFC 4180 CSV (quoted fields with commas, quotes and line breaks) into rows of strings.
function parseCsv(text) {
  const rows = [];
  let row = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; ++i) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { field += '"'; ++i; } else if (c === '"') quoted = false; else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(field); field = ''; } else if (c === '\n') { row.push(field.replace(/\r$/, '')); rows.push(row); row = []; field = ''; } else field += c;
  }
  if (field || row.length) { row.push(field); rows.push(row); }
  return rows;
}
// Chromium refuses a page's download requests beyond about ten in a second (it throttles download requests
// per frame against abuse, with no setting to change it): this test downloads more than ten files as fast as
// it can click, so the clicks are spaced to stay under that rate, as a person's would be.
let lastDownload = 0;
async function downloaded(selector) {
  const wait = lastDownload + 150 - Date.now();
  if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  lastDownload = Date.now();
  let file;
  try {
    [file] = await Promise.all([page.waitForEvent('download', { timeout: 20000 }), page.click(selector)]);
  } catch (e) {
    // Say what the page looked like, so an intermittent failure can be told apart from a missing export.
    const state = await page.evaluate((s) => {
      const b = document.querySelector(s);
      const id = b?.getAttribute('data-export-png') ?? b?.getAttribute('data-export-chart-csv');
      const canvas = id ? document.getElementById(id) : null;
      return { button: !!b, connected: b?.isConnected, chart: canvas ? !!window.Chart.getChart(canvas) : null, ready: document.querySelector('main')?.dataset.ready };
    }, selector).catch((x) => String(x));
    throw new Error(`no download after clicking ${selector}: ${e.message}; page: ${JSON.stringify(state)}`);
  }
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(await file.path()) };
}

test('every chart downloads as a PNG image and as CSV of its data, and every table as CSV, that parse', async () => {
  await open('overview', 1280);
  const national = (await api('/api/national')).body.months;
  const figures = await page.$$eval('canvas[id^="chart-"]', (cs) => cs.map((c) => c.id));
  assert.ok(figures.length >= 5);
  const csvText = new Map();
  for (const id of figures) {
    const png = await downloaded(`[data-export-png="${id}"]`);
    assert.equal(png.name, `${id}.png`);
    assert.deepEqual([...png.bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]); // PNG signature
    const csvFile = await downloaded(`[data-export-chart-csv="${id}"]`);
    assert.equal(csvFile.name, `${id}.csv`);
    csvText.set(id, csvFile.bytes.toString('utf8'));
    const csv = parseCsv(csvText.get(id));
    const chart = await chartData(`#${id}`);
    assert.equal(csv[0].length, chart.length + 1);
    assert.equal(csv.length - 1, (await chartLabels(`#${id}`)).length);
  }
  // The list-size chart's CSV (downloaded above) holds the API's numbers unrounded.
  assert.ok(csvText.has('chart-list'), figures.join('|'));
  const list = parseCsv(csvText.get('chart-list'));
  const column = list[0].indexOf('Waiting list (with estimates for missing trusts)');
  assert.ok(column > 0, list[0].join('|'));
  assert.deepEqual(list.slice(1).map((r) => (r[column] === '' ? null : Number(r[column]))), national.map((m) => m.incomplete_total_est));
  // A table: open its details, download, and compare with the cells shown.
  await page.click('#chart-pct18 ~ * summary, figure:has(#chart-pct18) summary');
  const tableId = await page.$eval('#chart-pct18-table table', (t) => t.id);
  const table = parseCsv((await downloaded(`[data-export-table="${tableId}"]`)).bytes.toString('utf8'));
  const shown = await page.$$eval(`#${tableId} tr`, (trs) => trs.map((r) => [...r.children].map((c) => c.textContent.trim())));
  assert.deepEqual(table, shown);
  assert.deepEqual(errors, []);
});

test('the address records the selection: a copied link restores the overview and the wait lookup', async () => {
  await open('overview', 1280);
  await page.check('input[name=scope][value=provider]');
  await page.selectOption('#provider', 'RBD');
  await page.selectOption('#tfc', 'C_110');
  await page.waitForFunction(() => document.querySelector('.scope-title')?.textContent?.includes('Trauma'));
  const link = page.url();
  assert.match(link, /#\/overview\?scope=provider&dataset=\d+&provider=RBD&tfc=C_110$/);
  await page.goto('about:blank');
  await page.goto(link);
  await page.waitForSelector('main[data-ready="overview"]');
  await page.waitForFunction(() => document.querySelector('.scope-title')?.textContent?.includes('Trauma'));
  assert.equal(await page.inputValue('#provider'), 'RBD');
  assert.equal(await page.inputValue('#tfc'), 'C_110');
  // The wait lookup: a link with the specialty shows its answer straight away.
  await open('wait', 1280);
  await page.selectOption('#wait-tfc', 'C_130');
  await page.click('#wait-submit');
  await page.waitForSelector('#wait-table');
  const waitLink = page.url();
  assert.match(waitLink, /#\/wait\?tfc=C_130$/);
  await page.goto('about:blank');
  await page.goto(waitLink);
  await page.waitForSelector('#wait-table', { timeout: 20000 });
  assert.match(await page.textContent('#wait-result-title'), /Ophthalmology/i);
  assert.deepEqual(errors, []);
});

test('the headline cards show the change on a year and red/amber/green against the standards, in words', async () => {
  await open('overview', 1280);
  const months = (await api('/api/national')).body.months;
  const latest = [...months].reverse().find((m) => m.incomplete_total !== null);
  const [y, m] = latest.month.split('-').map(Number);
  const before = months.find((x) => x.month === `${y - 1}-${String(m).padStart(2, '0')}`);
  const change = Number(await page.getAttribute('#card-list .card-change', 'data-change'));
  assert.equal(change, latest.incomplete_total_est - before.incomplete_total_est);
  assert.match(await page.textContent('#card-list .card-change'), /on a year$/);
  const pct = latest.incomplete_pct_within_18_weeks_est ?? latest.incomplete_pct_within_18_weeks;
  const expected = pct >= 0.92 ? 'green' : pct >= 0.87 ? 'amber' : 'red';
  assert.equal(await page.getAttribute('#card-pct18 [data-rag]', 'data-rag'), expected);
  assert.match(await page.textContent('#card-pct18 .card-hint'), /(points below|meets) the 92% standard/);
  const share = latest.incomplete_over_52_weeks_est / latest.incomplete_total_est;
  assert.equal(await page.getAttribute('#card-over52 [data-rag]', 'data-rag'), share < 0.01 ? 'green' : share < 0.02 ? 'amber' : 'red');
  await noSeriousViolations('overview cards');
});
