// The Diagnostics, Cancer and All-the-standards pages (issue 12 items 4 and 5) in headless chromium: each shows the
// figures of its API (GET /api/diagnostics, /api/cancer, /api/standards - themselves the CLI's JSON), England's
// March 2025 figures are NHS England's (DM01 81.6%, FDS 78.9%, 31-day 91.4%, 62-day 71.4%), a provider is found by
// name or code, league tables sort by any column, charts and tables download as PNG and CSV, the choices are kept in
// the address, and axe-core finds no serious or critical violation and nothing overflows sideways at 320 px.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { checkLayoutAndAxe, pageSession } from './browser.mjs';
import { api } from './server.mjs';

let page;
const { errors, open } = pageSession((p) => { page = p; });
const pct = (f) => (f === null || f === undefined ? '–' : `${(f * 100).toFixed(1)}%`);
const whole = (n) => Math.round(n).toLocaleString('en-GB');
const cardValue = (id) => page.$eval(`#${id} .card-value`, (e) => e.textContent.trim());
const tableRows = (selector) => page.$$eval(`${selector} tbody tr`, (rows) => rows.map((r) => [...r.children].map((c) => c.textContent.trim())));
const numberOf = (text) => (text === '–' || text === '' ? null : Number(text.replace(/[,%+−]/g, '')));
// Chromium refuses a frame's downloads that come faster than about ten a second: space them out.
async function download(selector) {
  await page.waitForTimeout(200);
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.click(selector)]);
  return { name: file.suggestedFilename(), bytes: fs.readFileSync(await file.path()) };
}
// Sorting by a column's heading: the rows follow its numbers, largest first, then reversed.
async function checkSort(container, column) {
  const heading = `${container} thead th:nth-child(${column + 1}) button`;
  const values = async () => (await tableRows(container)).map((r) => numberOf(r[column])).filter((v) => v !== null);
  await page.click(heading);
  let sortState = await page.$eval(`${container} thead th:nth-child(${column + 1})`, (th) => th.getAttribute('aria-sort'));
  let v = await values();
  const descending = sortState === 'descending';
  for (let i = 1; i < v.length; ++i) assert.ok(descending ? v[i - 1] >= v[i] : v[i - 1] <= v[i], `${container} column ${column} ${sortState} at row ${i}`);
  await page.click(heading);
  sortState = await page.$eval(`${container} thead th:nth-child(${column + 1})`, (th) => th.getAttribute('aria-sort'));
  assert.equal(sortState, descending ? 'ascending' : 'descending');
  v = await values();
  for (let i = 1; i < v.length; ++i) assert.ok(!descending ? v[i - 1] >= v[i] : v[i - 1] <= v[i], `${container} reversed at row ${i}`);
}

test('the APIs give England March 2025 as NHS England published it', async () => {
  const dm01 = (await api('/api/diagnostics?month=2025-03')).body.rows[0];
  assert.equal(pct(dm01.pct_within_6_weeks), '81.6%');
  const cwt = (await api('/api/cancer?by=standard&month=2025-03')).body.rows;
  const of = (s) => pct(cwt.find((r) => r.standard === s).performance);
  assert.deepEqual([of('28-day FDS'), of('31-day Combined'), of('62-day Combined')], ['78.9%', '91.4%', '71.4%']);
});

test('Diagnostics shows the API figures for England, finds a provider, sorts and downloads', async () => {
  await open('diagnostics');
  await page.waitForSelector('#dm01-league tbody tr');
  const england = (await api('/api/diagnostics')).body.rows[0];
  assert.equal(england.month, '2025-03');
  assert.equal(await cardValue('dm01-card-pct'), pct(england.pct_within_6_weeks));
  assert.equal(await cardValue('dm01-card-pct'), '81.6%');
  assert.equal(await cardValue('dm01-card-total'), whole(england.total));
  assert.equal(await cardValue('dm01-card-over6'), whole(england.over_6_weeks));
  assert.equal(await cardValue('dm01-card-over13'), whole(england.over_13_weeks));
  assert.match(await page.$eval('#dm01-card-pct', (e) => e.textContent), /Red|Amber|Green/);
  // The trend chart holds the monthly series and the 95% and 99% lines.
  const trend = (await api('/api/diagnostics?by=month')).body.rows;
  const chart = await page.evaluate(() => {
    const c = window.Chart.getChart(document.getElementById('chart-dm01-trend'));
    return c.data.datasets.map((d) => ({ label: d.label, data: d.data }));
  });
  assert.deepEqual(chart[0].data, trend.map((r) => r.pct_within_6_weeks));
  assert.deepEqual(chart.slice(1).map((d) => d.data[0]), [0.95, 0.99]);
  // The league table: every provider of the month, with the API's numbers.
  const league = (await api('/api/diagnostics?by=provider&month=2025-03&names=1')).body;
  const rows = await tableRows('#dm01-league');
  assert.equal(rows.length, league.rows.length);
  const rbd = league.rows.find((r) => r.provider === 'RBD');
  const shown = rows.find((r) => r[0].endsWith('(RBD)'));
  assert.deepEqual(shown.slice(1, 5), [whole(rbd.total), pct(rbd.pct_within_6_weeks), whole(rbd.over_6_weeks), whole(rbd.over_13_weeks)]);
  await checkSort('#dm01-league', 2);
  await checkSort('#dm01-league', 4);
  // Search by name: Dorset has more than one match; choosing the County Hospital shows its figures.
  await page.fill('#dm01-search', 'dorset');
  await page.click('#dm01-search-find');
  await page.waitForSelector('#dm01-search-result button[data-select="provider:RBD"]');
  await page.click('#dm01-search-result button[data-select="provider:RBD"]');
  await page.waitForFunction(() => document.querySelector('#dm01-scope')?.textContent.includes('(RBD)'));
  assert.equal(await cardValue('dm01-card-pct'), pct(rbd.pct_within_6_weeks));
  assert.match(page.url(), /#\/diagnostics\?provider=RBD/);
  // Search by code, a test and a month: the address keeps them and a reload shows the same view.
  await page.selectOption('#dm01-test', '1');
  await page.waitForFunction(() => document.querySelector('#dm01-scope')?.textContent.includes('Magnetic'));
  await page.selectOption('#dm01-month', '2024-12');
  await page.waitForFunction(() => location.hash.includes('month=2024-12'));
  await page.waitForFunction(() => document.querySelector('#dm01-league caption')?.textContent.includes('Dec 2024'));
  const mri = (await api('/api/diagnostics?provider=RBD&test=1&month=2024-12')).body.rows[0];
  assert.equal(await cardValue('dm01-card-pct'), pct(mri.pct_within_6_weeks));
  await open(page.url().split('#/')[1]);
  await page.waitForSelector('#dm01-league tbody tr');
  assert.equal(await cardValue('dm01-card-pct'), pct(mri.pct_within_6_weeks));
  assert.equal(await page.$eval('#dm01-test', (s) => s.value), '1');
  // Downloads: the chart as PNG and CSV, the league table as CSV with its rows.
  const png = await download('[data-export-png="chart-dm01-trend"]');
  assert.equal(png.name, 'chart-dm01-trend.png');
  assert.deepEqual([...png.bytes.subarray(1, 4)], [0x50, 0x4e, 0x47]);
  const csv = await download('[data-export-chart-csv="chart-dm01-trend"]');
  assert.match(csv.bytes.toString('utf8'), /Within 6 weeks/);
  const id = await page.$eval('#dm01-league table', (t) => t.id);
  const table = (await download(`[data-export-table="${id}"]`)).bytes.toString('utf8').trim().split(/\r\n/);
  assert.equal(table[0], 'Provider,Waiting,Within 6 weeks,Waiting 6+ weeks,Waiting 13+ weeks,Median wait,Notes');
  assert.equal(table.length, (await tableRows('#dm01-league')).length + 1);
  assert.deepEqual(errors, []);
});

test('Cancer shows the three standards for England in March 2025, by type and provider, and says what CWT cannot tell', async () => {
  await open('cancer');
  await page.waitForSelector('#cwt-league tbody tr');
  assert.deepEqual([await cardValue('cwt-card-28'), await cardValue('cwt-card-31'), await cardValue('cwt-card-62')], ['78.9%', '91.4%', '71.4%']);
  const box = await page.$eval('#cwt-plain-words', (e) => e.textContent);
  assert.match(box, /ended/);
  assert.match(box, /still waiting/);
  // The FDS trend chart is the API's months, with the 75% standard and the ambition in force.
  const trend = (await api('/api/cancer?standard=28-day%20FDS&by=month')).body.rows;
  const chart = await page.evaluate(() => window.Chart.getChart(document.getElementById('chart-cwt-trend')).data.datasets.map((d) => ({ label: d.label, data: d.data })));
  assert.deepEqual(chart[0].data, trend.map((r) => r.performance));
  assert.ok(chart[1].data.every((v) => v === 0.75));
  assert.deepEqual(chart[2].data, trend.map((r) => r.ambition));
  // England's national series since 2021 for the same standard.
  assert.ok(await page.$('#chart-cwt-national'));
  // The 62-day standard: its league table is the API's.
  await page.selectOption('#cwt-standard', '62');
  await page.waitForFunction(() => document.querySelector('#cwt-league caption')?.textContent.includes('62-day'));
  const league = (await api('/api/cancer?standard=62-day%20Combined&by=provider')).body.rows;
  const rows = await tableRows('#cwt-league');
  assert.equal(rows.length, league.length);
  const rbd = league.find((r) => r.provider === 'RBD');
  assert.equal(rows.find((r) => r[0].endsWith('(RBD)'))[4], pct(rbd.performance));
  await checkSort('#cwt-league', 4);
  await checkSort('#cwt-types-table', 1);
  // A provider by its code, then a cancer type from the table.
  await page.fill('#cwt-search', 'RBD');
  await page.press('#cwt-search', 'Enter');
  await page.waitForFunction(() => document.querySelector('#cwt-scope')?.textContent.includes('(RBD)'));
  const rbdTypes = (await api('/api/cancer?standard=62-day%20Combined&by=cancer_type&provider=RBD')).body.rows;
  const typeRows = await tableRows('#cwt-types-table');
  assert.equal(typeRows.length, rbdTypes.length);
  const first = rbdTypes[0].cancer_type;
  await page.click(`#cwt-types-table button[data-select="cancer_type:${first}"]`);
  await page.waitForFunction((t) => document.querySelector('#cwt-league caption')?.textContent.includes(t), first);
  assert.match(page.url(), /standard=62&provider=RBD&cancer_type=/);
  const id = await page.$eval('#cwt-league table', (t) => t.id);
  const csv = (await download(`[data-export-table="${id}"]`)).bytes.toString('utf8').trim().split(/\r\n/);
  assert.equal(csv[0], 'Provider,Pathways ended,Within the standard,Beyond it,Share within,Meets the standard');
  const png = await download('[data-export-png="chart-cwt-trend"]');
  assert.equal(png.name, 'chart-cwt-trend.png');
  assert.deepEqual(errors, []);
});

test('All the standards: England, a region, an ICB and a provider side by side, as GET /api/standards', async () => {
  await open('standards');
  await page.waitForSelector('.standards-table tbody tr');
  const england = (await api('/api/standards?history=1')).body.standards;
  const rows = await tableRows('.standards-table');
  assert.equal(rows.length, england.length);
  const byName = new Map(rows.map((r) => [r[0], r]));
  for (const s of england) {
    const r = byName.get(s.standard);
    assert.ok(r, s.standard);
    if (s.value !== null && s.threshold > 0) assert.equal(r[1], pct(s.value), s.standard);
  }
  assert.equal(byName.get('Diagnostics 6 weeks (95%)')[1], '81.6%');
  assert.equal(byName.get('Cancer 62-day (85%)')[1], '71.4%');
  // The projection at a deadline after the data, as the API (= elective standards) gives it.
  const projectedRows = england.filter((s) => s.projected !== null && s.projected !== undefined);
  assert.ok(projectedRows.length >= 2, 'England has projected standards');
  for (const s of projectedRows) {
    assert.ok(byName.get(s.standard)[6].startsWith(`${pct(s.projected)} by `), s.standard);
    assert.match(byName.get(s.standard)[6], s.met_at_deadline ? /\(would be met\)/ : /\(would not be met\)/);
  }
  for (const s of england.filter((x) => x.projected === null)) assert.equal(byName.get(s.standard)[6], '–', s.standard);
  // Met at its deadline or not, with the overview cards' RAG label, and a sparkline of every month.
  const fds = england.find((s) => s.standard.startsWith('Cancer 28-day FDS (77%'));
  const tr = `.standards-table tr[data-standard="${fds.standard}"]`;
  assert.equal(await page.$eval(`${tr} .rag`, (e) => e.dataset.rag), fds.met ? 'green' : (fds.threshold - fds.history.find((h) => h.month === fds.deadline).value) * 100 <= 5 ? 'amber' : 'red');
  assert.equal(await page.$$eval(`${tr} svg.sparkline polyline`, (p) => p[0].getAttribute('points').split(' ').length), Math.min(fds.history.length, 36));
  // A region by the select; an ICB; a provider by search.
  await page.check('input[name=area][value=region]');
  await page.selectOption('#standards-region', 'Y62');
  await page.waitForFunction(() => location.hash.includes('area=region&code=Y62'));
  await page.waitForFunction(() => document.querySelector('#standards-scope')?.textContent.toLowerCase().includes('north west'));
  const region = (await api('/api/standards?area=region&code=Y62')).body.standards;
  const regionRows = await tableRows('.standards-table');
  const dm01 = region.find((s) => s.standard === 'Diagnostics 6 weeks (95%)');
  assert.equal(regionRows.find((r) => r[0] === dm01.standard)[1], pct(dm01.value));
  await page.check('input[name=area][value=provider]');
  await page.fill('#standards-search', 'RBD');
  await page.click('#standards-search-find');
  await page.waitForFunction(() => document.querySelector('#standards-scope')?.textContent.includes('(RBD)'));
  assert.match(page.url(), /area=provider&code=RBD/);
  const rbd = (await api('/api/standards?area=provider&code=RBD')).body.standards;
  const rtt = rbd.find((s) => s.standard === 'RTT 18 weeks (92%)');
  assert.equal((await tableRows('.standards-table')).find((r) => r[0] === rtt.standard)[1], `${pct(rtt.value)} (estimated)`);
  await open('standards?area=icb&code=QR1');
  await page.waitForSelector('.standards-table tbody tr');
  assert.equal(await page.$eval('#standards-icb', (s) => s.value), 'QR1');
  const id = await page.$eval('.standards-table', (t) => t.id);
  const csv = (await download(`[data-export-table="${id}"]`)).bytes.toString('utf8').trim().split(/\r\n/);
  assert.equal(csv[0], 'Standard,Latest value,Month,Threshold,Deadline,Met?,Projected at deadline,Change in a year,Trend,Source');
  assert.equal(csv.length, (await api('/api/standards?area=icb&code=QR1')).body.standards.length + 1);
  assert.deepEqual(errors, []);
});

test('the standards pages: navigation, no serious axe violation and no sideways overflow at 320 px', async () => {
  await open('overview');
  for (const [route, name] of [['standards', 'All the standards'], ['diagnostics', 'Diagnostics'], ['cancer', 'Cancer']]) {
    await page.click(`nav a[data-route="${route}"]`);
    await page.waitForSelector(`main[data-ready="${route}"]`);
    assert.equal(await page.getAttribute(`nav a[data-route="${route}"]`, 'aria-current'), 'page');
    assert.match(await page.title(), new RegExp(name));
  }
  for (const [hash, width, ready] of [['diagnostics', 320, '#dm01-league tbody tr'], ['diagnostics?provider=RBD&test=1', 1280, '#dm01-league tbody tr'],
    ['cancer', 320, '#cwt-league tbody tr'], ['cancer?standard=62&provider=RBD', 390, '#cwt-league tbody tr'],
    ['standards', 320, '.standards-table tbody tr'], ['standards?area=provider&code=RBD', 1280, '.standards-table tbody tr']]) {
    await open(hash, width);
    await page.waitForSelector(ready);
    await checkLayoutAndAxe(page, hash, width);
  }
  assert.deepEqual(errors, []);
});
