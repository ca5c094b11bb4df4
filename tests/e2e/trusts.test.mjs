// Every trust and specialty looking forward (issue 11 items 7 and 8) in headless chromium: the wait page's
// forward-looking wait for a trust equals GET /api/wait-estimate?source=providers (which equals `elective
// wait-estimate` on the provider months file), the nearby trusts with shorter waits are listed nearest first,
// merged rows are labelled as merged; the league table's capacity gap column equals GET
// /api/provider-capacity-gap and sorts; the scenario builder runs for one provider and draws that provider's
// recorded months before the projection; axe-core finds no serious or critical violation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { pageSession } from './browser.mjs';
import { api, electiveBin, repoRoot } from './server.mjs';
import { axeViolations } from './axe.mjs';

let page;
const { errors, open } = pageSession((p) => { page = p; });
const one = new Intl.NumberFormat('en-GB', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const weeksText = (v, censored) => (censored ? `more than ${Math.round(v)} weeks` : `${one.format(v)} weeks`);
const number = (text) => (/^\+?[\d,]+$/.test(text) ? Number(text.replace(/[+,]/g, '')) : null);

test('the forward-looking wait API equals `elective wait-estimate` on the provider months file', async () => {
  const res = await api('/api/wait-estimate?source=providers&tfc=C_110&provider=RBD&near=DT1');
  assert.equal(res.status, 200, res.text);
  const cli = execFileSync(electiveBin(), ['wait-estimate', 'rtt_provider_months_waited.csv.gz', '--tfc', 'C_110', '--provider', 'RBD',
    '--near', 'DT1', '--format', 'json'], { cwd: path.join(repoRoot, 'data'), maxBuffer: 64 << 20 });
  const body = { ...res.body };
  assert.equal(body.dataset, null);
  delete body.dataset;
  assert.deepEqual(body, JSON.parse(cli.toString('utf8')));
  // The old keys stay, the forward ones are added.
  const rbd = res.body.providers[0];
  for (const key of ['provider', 'provider_name', 'suppressed', 'completed_pathways', 'median_weeks', 'p90_weeks', 'p90_censored',
    'waiting_list', 'waiting_median_weeks', 'waiting_p90_weeks', 'queue_weeks', 'forward']) assert.ok(key in rbd, key);
  assert.equal(rbd.forward.method, 'cohort');
  assert.ok(rbd.forward.uncertainty.median_weeks_low <= rbd.forward.median_weeks);
  assert.ok(rbd.forward.uncertainty.median_weeks_high >= rbd.forward.median_weeks);
  // Bad input is a 400 naming what was wrong.
  const bad = await api('/api/wait-estimate?source=providers&tfc=C_110&near=ZZ99');
  assert.equal(bad.status, 400);
  assert.match(bad.body.error, /--near: 'ZZ99'/);
  assert.equal((await api('/api/wait-estimate?source=elsewhere&tfc=C_110')).status, 400);
  const folded = await api('/api/wait-estimate?source=providers&tfc=C_999&provider=RTH');
  assert.equal(folded.status, 400);
  assert.match(folded.body.error, /merged group/);
});

test('the wait page shows the forward-looking wait of a trust as the API gives it, and nearby trusts nearest first', async () => {
  await open('wait?fwd_tfc=C_110&fwd_trust=RBD');
  await page.waitForSelector('#fwd-table tbody tr[data-provider="RBD"]', { timeout: 60000 });
  const api110 = (await api('/api/wait-estimate?source=providers&tfc=C_110&provider=RBD&near=RBD')).body;
  const rbd = api110.providers.find((p) => p.provider === 'RBD');
  const cell = (key) => page.textContent(`#fwd-table tr[data-provider="RBD"] [data-key="${key}"]`);
  assert.equal((await cell('forward_median_weeks')).trim(), weeksText(rbd.forward.median_weeks, rbd.forward.median_censored));
  assert.equal((await cell('forward_p90_weeks')).trim(), weeksText(rbd.forward.p90_weeks, rbd.forward.p90_censored));
  assert.equal((await cell('median_weeks')).trim(), `${one.format(rbd.median_weeks)} weeks`);
  assert.equal((await cell('forward_range')).trim(),
    `${Math.round(rbd.forward.uncertainty.median_weeks_low)}–${Math.round(rbd.forward.uncertainty.median_weeks_high)} weeks`);
  const sentence = await page.textContent('#fwd-sentence');
  assert.match(sentence, /treatment is expected to have started within/);
  assert.doesNotMatch(sentence, /seen within/);
  // The nearby trusts: those of the API, in its order, each nearer than the next and shorter than RBD's wait.
  const shown = await page.$$eval('#fwd-nearby li', (items) => items.map((li) => ({ provider: li.dataset.provider, km: Number(li.dataset.distance) })));
  assert.deepEqual(shown.map((s) => s.provider), api110.nearby.map((n) => n.provider));
  assert.ok(shown.length >= 3, `${shown.length} nearby`);
  for (let i = 1; i < shown.length; ++i) assert.ok(shown[i - 1].km <= shown[i].km, `${shown[i - 1].km} > ${shown[i].km}`);
  for (const n of api110.nearby) assert.ok(n.forward_median_weeks < rbd.forward.median_weeks);
  // The method and its uncertainty are on the page.
  assert.match(await page.textContent('#fwd-method'), /one and two months earlier/);
  // By postcode district: typed into the labelled field, the list is measured from there.
  await page.fill('#fwd-near', 'BH7');
  await page.selectOption('#fwd-trust', '');
  await page.click('#fwd-submit');
  await page.waitForFunction(() => /BH7/.test(document.querySelector('#fwd-nearby-title')?.textContent ?? ''), null, { timeout: 60000 });
  const fromBh7 = (await api('/api/wait-estimate?source=providers&tfc=C_110&near=BH7')).body;
  const listed = await page.$$eval('#fwd-nearby li', (items) => items.map((li) => li.dataset.provider));
  assert.deepEqual(listed, fromBh7.nearby.map((n) => n.provider));
  const km = fromBh7.nearby.map((n) => n.distance_km);
  assert.deepEqual(km, [...km].sort((a, b) => a - b));
  // Every trust of the specialty is in the table; merged rows are labelled as merged rows.
  const rows = await page.$$eval('#fwd-table tbody tr', (trs) => trs.map((tr) => ({ key: tr.dataset.provider, merged: tr.dataset.merged, name: tr.querySelector('th').textContent })));
  assert.equal(rows.length, fromBh7.providers.length);
  const merged = rows.filter((r) => r.key.startsWith('merged:'));
  assert.ok(merged.length >= 1);
  for (const r of merged) {
    assert.equal(r.merged, 'true');
    assert.match(r.name, /^Merged row:/);
  }
  assert.deepEqual(await axeViolations(page), [], 'axe on the wait page');
  assert.deepEqual(errors, []);
});

test('the league table shows the capacity gap to the target as the API gives it, and sorts by it', async () => {
  const gaps = (await api('/api/provider-capacity-gap')).body;
  assert.equal(gaps.lever, 'extra_per_week');
  assert.equal(gaps.target, '92% within 18 weeks by 2029-03');
  assert.ok(gaps.groups.length > 300, `${gaps.groups.length} groups`);
  // The route is `elective solve` on the bundled scenario.
  const cli = JSON.parse(execFileSync(electiveBin(), ['solve', 'scenarios/providers-current-trends.toml', '--by', 'provider', '--lever', 'extra_per_week',
    '--target', '92% within 18 weeks by 2029-03', '--format', 'json'], { cwd: repoRoot, maxBuffer: 64 << 20 }).toString('utf8'));
  assert.deepEqual(gaps.groups.map((g) => [g.provider, g.value]), cli.groups.map((g) => [g.provider, g.value]));

  await open('overview');
  await page.waitForSelector('#league-table tbody tr');
  const headers = await page.$$eval('#league-table thead th', (ths) => ths.map((t) => t.textContent.trim()));
  const column = headers.indexOf('Extra treatments a week for 92% within 18 weeks by March 2029');
  assert.ok(column > 0, headers.join(' | '));
  const rbdGap = gaps.groups.find((g) => g.provider === 'RBD');
  const rbdRow = await page.$$eval('#league-table tbody tr', (trs, c) => trs.map((tr) => [...tr.children].map((x) => x.textContent.trim()))
    .find((r) => r[0].endsWith('(RBD)'))[c], column);
  assert.equal(rbdRow, rbdGap.converged ? (rbdGap.value <= 0.5 ? 'none' : `+${Math.round(rbdGap.value).toLocaleString('en-GB')}`) : rbdRow);
  await page.click(`#league-table thead th:nth-child(${column + 1}) button`);
  const sortOf = () => page.$eval(`#league-table thead th:nth-child(${column + 1})`, (th) => th.getAttribute('aria-sort'));
  assert.equal(await sortOf(), 'descending');
  const values = async () => (await page.$$eval('#league-table tbody tr', (trs, c) => trs.map((tr) => tr.children[c].textContent.trim()), column))
    .map((t) => (t === 'none' ? 0 : number(t))).filter((v) => v !== null);
  let v = await values();
  assert.ok(v.length > 100);
  assert.deepEqual(v, [...v].sort((a, b) => b - a));
  await page.focus(`#league-table thead th:nth-child(${column + 1}) button`);
  await page.keyboard.press('Enter');
  assert.equal(await sortOf(), 'ascending');
  v = await values();
  assert.deepEqual(v, [...v].sort((a, b) => a - b));
  assert.deepEqual(errors, []);
});

// Runs the scenario builder's forecast (no uncertainty) for a provider or area and treatment function; the
// finished job.
async function runBuilderForecast(where, tfc) {
  await open('scenario');
  await page.selectOption('#where-provider', where);
  await page.selectOption('#where-tfc', tfc);
  await page.fill('#uncertainty', '0');
  await page.click('#run-forecast');
  await page.waitForSelector('#forecast-result[data-job-id] #chart-fan-list', { timeout: 120000 });
  const jobId = await page.getAttribute('#forecast-result', 'data-job-id');
  const job = (await api(`/api/jobs/${jobId}`)).body;
  assert.equal(job.state, 'done');
  return job;
}

test('the scenario builder runs for an integrated care board: the job posts start.icb and equals the CLI\'s group', async () => {
  const job = await runBuilderForecast('icb:QR1', 'C_999');
  assert.match(await page.textContent('#projection-title'), /\(QR1\)/);
  // The area's start list is its row of the provider file: the first month moves from it by the month's flows.
  const start = (await api('/api/provider-stats?icb=QR1&tfc=C_999&month=2025-01')).body.rows[0].total;
  const first = job.result.months[0];
  assert.ok(Math.abs(first.list_size - (start + first.referrals - first.removals_treated - first.removals_other)) < 1e-6 * start);
  const table = await page.$$eval('#chart-fan-list-table tbody tr', (rows) => rows.length);
  assert.equal(table, job.result.months.length);
  assert.deepEqual(errors, []);
});

test('the scenario builder runs for one provider and draws its recorded months before the projection', async () => {
  const job = await runBuilderForecast('RBD', 'C_110');
  assert.match(await page.textContent('#projection-title'), /Dorset County Hospital.*\(RBD\).*Trauma and Orthopaedic/i);
  // The recorded months of RBD T&O (the provider file) come before the projection: said in words, and drawn as
  // the chart's "Recorded" series when the chart library exposes its data; the table lists the projection.
  const history = (await api('/api/provider-stats?provider=RBD&tfc=C_110&by=month')).body.rows;
  assert.equal(history.length, 9);
  const chart = await page.$eval('#chart-fan-list', (c) => {
    const instance = window.Chart?.getChart?.(c) ?? null;
    return instance ? instance.data.datasets.map((d) => ({ label: d.label, data: d.data })) : null;
  });
  if (chart) {
    const recorded = chart.find((d) => d.label === 'Recorded');
    assert.deepEqual(recorded.data.slice(0, history.length), history.map((r) => r.total));
  }
  const table = await page.$$eval('#chart-fan-list-table tbody tr', (rows) => rows.map((r) => [...r.children].map((c) => c.textContent.trim())));
  assert.equal(table.length, job.result.months.length);
  assert.equal(table[0][0], job.result.months[0].month);
  assert.equal(job.result.months[0].month, '2025-02');
  assert.match(await page.textContent('#forecast-result'), /Grey: recorded figures from May 2024 to Jan 2025/);
  assert.deepEqual(await axeViolations(page), [], 'axe on the builder after a provider run');
  assert.deepEqual(errors, []);
});
