// The Productivity page and the scenario builder's staff and beds levers (issue 16 item 5) in headless chromium:
// the league table shows GET /api/productivity's rows (itself `elective productivity --format json`), sorts by
// any column, follows the month and level selectors; the chart draws the ratios lowest to highest with the
// peers' median and upper quartile; the elasticity is shown beside naive scaling with the API's figures; axe
// finds no serious or critical violation and nothing overflows at 320 px. In the builder, 4,000 additional
// doctors shorten the projected list against the same settings without them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { checkLayoutAndAxe, pageSession } from './browser.mjs';
import { api } from './server.mjs';
import { axeViolations } from './axe.mjs';

let page;
// The first load of the page reads the workforce and beds files: a longer wait than the other pages.
const { errors, open } = pageSession((p) => { page = p; }, { readyTimeout: 60000 });
async function shot(name) {
  if (process.env.E2E_SCREENSHOTS) await page.screenshot({ path: path.join(process.env.E2E_SCREENSHOTS, `${name}.png`), fullPage: true });
}
const tableRows = (selector) => page.$$eval(`${selector} tbody tr`, (rows) => rows.map((r) => [...r.children].map((c) => c.textContent.trim())));
const numberOf = (text) => (text === '–' || text === '' ? null : Number(text.replace(/[,%+−]/g, '')));
const whole = (n) => Math.round(n).toLocaleString('en-GB');
const monthLabel = (m) => new Date(`${m}-01T00:00:00Z`).toLocaleDateString('en-GB', { month: 'short', year: 'numeric', timeZone: 'UTC' });
const leagueRatio = async (key) => (await tableRows('#prod-league')).find((r) => r[0].endsWith(`(${key})`))?.[6];

async function checkSort(container, column) {
  const heading = `${container} thead th:nth-child(${column + 1}) button`;
  const values = async () => (await tableRows(container)).map((r) => numberOf(r[column])).filter((v) => v !== null);
  for (const pass of [0, 1]) {
    await page.click(heading);
    const state = await page.$eval(`${container} thead th:nth-child(${column + 1})`, (th) => th.getAttribute('aria-sort'));
    const v = await values();
    assert.ok(v.length > 2, `${container} column ${column} has numbers`);
    for (let i = 1; i < v.length; ++i) assert.ok(state === 'descending' ? v[i - 1] >= v[i] : v[i - 1] <= v[i], `${container} column ${column} ${state} (pass ${pass}) at row ${i}`);
  }
}


test('GET /api/productivity: summary=1 only adds the summary', async () => {
  const plain = (await api('/api/productivity')).body;
  const withSummary = (await api('/api/productivity?summary=1')).body;
  const { summary } = withSummary;
  delete withSummary.summary;
  assert.deepEqual(withSummary, plain);
  assert.ok(summary.months.includes(summary.month));
  assert.equal(summary.month, summary.months.at(-1));
  assert.ok(summary.peer_median_ratio > 0 && summary.peer_median_ratio <= summary.peer_upper_quartile_ratio);
  assert.equal((await api('/api/productivity?by=trust')).status, 400);
  assert.equal((await api('/api/productivity?month=2025-13')).status, 400);
});

test('the productivity page shows the API league table, sorts it and follows its selectors', async () => {
  await open('productivity');
  const api1 = (await api('/api/productivity?summary=1')).body;
  const rows = await tableRows('#prod-league');
  assert.equal(rows.length, api1.rows.length);
  const compared = api1.rows.filter((r) => r.standardised_ratio !== null);
  const sample = compared[Math.floor(compared.length / 2)];
  assert.equal(await leagueRatio(sample.provider), sample.standardised_ratio.toFixed(2));
  assert.equal((await page.textContent('#prod-card-median .card-value')).trim(), api1.summary.peer_median_ratio.toFixed(2));
  // Flags are said in words, not codes.
  const notes = rows.map((r) => r[10]).join(' ');
  assert.doesNotMatch(notes, /undercounted_specialty|not_acute_trust|merged_provider_group/);
  if (api1.rows.some((r) => r.flags.includes('not_acute_trust'))) assert.match(notes, /not an acute trust/);
  // The chart: every compared trust's ratio, lowest to highest, with the peers' lines at the API's values.
  const chart = await page.$eval('#chart-prod-ratio', (c) => window.Chart.getChart(c).data.datasets.map((d) => ({ label: d.label, data: d.data })));
  const ratios = chart.find((d) => d.label === 'Standardised ratio').data;
  assert.equal(ratios.length, compared.length);
  for (let i = 1; i < ratios.length; ++i) assert.ok(ratios[i - 1] <= ratios[i]);
  assert.ok(chart.find((d) => d.label === 'Peers’ median').data.every((v) => v === api1.summary.peer_median_ratio));
  assert.ok(chart.find((d) => d.label === 'Peers’ upper quartile').data.every((v) => v === api1.summary.peer_upper_quartile_ratio));
  await shot('productivity');
  await checkSort('#prod-league', 6);
  await checkSort('#prod-league', 1);
  await checkSort('#prod-league', 3);

  // An earlier month: the table becomes that month's figures.
  const earlier = api1.summary.months[0];
  await page.selectOption('#prod-month', earlier);
  await page.waitForFunction((m) => document.querySelector('#prod-scope')?.textContent.includes(m), monthLabel(earlier));
  const then = (await api(`/api/productivity?month=${earlier}`)).body.rows.find((r) => r.provider === sample.provider);
  assert.equal(await leagueRatio(sample.provider), then.standardised_ratio === null ? '–' : then.standardised_ratio.toFixed(2));
  assert.match(page.url(), new RegExp(`month=${earlier}`));

  // Regions: one row a region, the API's clock stops.
  await page.selectOption('#prod-by', 'region');
  await page.waitForFunction(() => document.querySelector('#prod-scope')?.textContent.startsWith('Regions'));
  const regions = (await api(`/api/productivity?by=region&month=${earlier}`)).body.rows;
  const shown = await tableRows('#prod-league');
  assert.equal(shown.length, regions.length);
  for (const r of regions) assert.equal(shown.find((s) => s[0].endsWith(`(${r.region})`))?.[1], whole(r.clock_stops));
  await checkLayoutAndAxe(page, 'productivity by region', 1280);
  await shot('productivity-regions');
  assert.deepEqual(errors, []);
});

test('the productivity page shows the elasticity beside naive scaling, and passes axe at 320 px', async () => {
  await open('productivity', 320);
  await page.waitForSelector('#prod-elasticity-text');
  const fit = (await api('/api/productivity/elasticity')).body.rows;
  const text = await page.textContent('#prod-elasticity-text');
  const fitted = fit.find((r) => r.method === 'fitted');
  const naive = fit.find((r) => r.method === 'naive_scaling');
  assert.ok(text.includes(`${fitted.beta.toFixed(2)}%`), text);
  assert.ok(text.includes(`${(fitted.held_out_mape * 100).toFixed(1)}%`) && text.includes(`${(naive.held_out_mape * 100).toFixed(1)}%`), text);
  assert.equal((await tableRows('#prod-elasticity-table')).length, fit.length);
  await checkLayoutAndAxe(page, 'productivity', 320);
  assert.deepEqual(errors, []);
});

// The builder's run: the scenario it posted and the job, once done.
async function runBuilder() {
  const before = await page.getAttribute('#forecast-result', 'data-job-id');
  const [posted] = await Promise.all([
    page.waitForRequest((r) => r.method() === 'POST' && new URL(r.url()).pathname === '/api/jobs'),
    page.click('#run-forecast'),
  ]);
  await page.waitForFunction((b) => {
    const id = document.querySelector('#forecast-result')?.dataset.jobId;
    return id && id !== b;
  }, before, { timeout: 120000 });
  const id = await page.getAttribute('#forecast-result', 'data-job-id');
  const job = (await api(`/api/jobs/${id}`)).body;
  assert.equal(job.state, 'done', job.error ?? '');
  return { ...job, scenario: posted.postDataJSON().scenario };
}

test('scenario builder: 4,000 additional doctors shorten the projected list', async () => {
  await open('scenario');
  assert.ok(await page.isVisible('#workforce'), 'the staff and beds levers are shown');
  await page.fill('#uncertainty', '0');
  await page.fill('#until', '2028-03');
  const baseline = await runBuilder();
  assert.equal(baseline.scenario.capacity.workforce, undefined, 'an untouched builder sets no staff keys');
  await page.fill('#additional_doctors', '4000');
  await page.fill('#workforce_by', '2027-03');
  const doctors = await runBuilder();
  assert.deepEqual(doctors.scenario.capacity.workforce, { additional_doctor_fte: 4000, by: '2027-03' });
  const last = (job) => job.result.months.at(-1);
  const p50 = (v) => (typeof v === 'number' ? v : v.p50);
  assert.equal(last(doctors).month, last(baseline).month);
  assert.ok(p50(last(doctors).list_size) < p50(last(baseline).list_size), `list ${p50(last(doctors).list_size)} vs ${p50(last(baseline).list_size)}`);
  assert.ok(p50(last(doctors).pct_within_18_weeks) > p50(last(baseline).pct_within_18_weeks));
  assert.deepEqual(await axeViolations(page), [], 'axe on the builder with its staff levers');
  await shot('scenario-workforce');
  assert.deepEqual(errors, []);
});
