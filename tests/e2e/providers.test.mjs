// Every provider in England on the Overview (issue 11 item 8, issue 13) in headless chromium: a trust is found
// by name or code, ICB and region filters narrow the league table, the table sorts by any column with the mouse
// and the keyboard (aria-sort), merged rows of the source are labelled as merged and never shown as one trust
// (nor placed on the map), changes on the year are "not available" for a file without the month a year before,
// the table downloads as CSV, the map draws one dot per located provider sized and coloured by its figures and
// selects a trust when clicked; links restore the providers view and the Inequalities page's choices; a
// scenario run downloads as an XLSX workbook; axe-core finds no serious or critical violation on these states
// and nothing overflows sideways at 320 px.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pageSession } from './browser.mjs';
import { api, electiveBin, repoRoot } from './server.mjs';
import { axeViolations } from './axe.mjs';

let page;
const { errors, open } = pageSession((p) => { page = p; });
// The league table's rows as shown: cells' text.
async function league() {
  return page.$$eval('#league-table tbody tr', (rows) => rows.map((r) => [...r.children].map((c) => c.textContent.trim())));
}
async function leagueHeaders() {
  return page.$$eval('#league-table thead th', (ths) => ths.map((t) => ({ text: t.textContent.trim(), sort: t.getAttribute('aria-sort') })));
}
// Waits until the providers view has been redrawn for a new selection (the scope heading changes).
async function waitForScope(predicate) {
  await page.waitForFunction(predicate, null, { timeout: 30000 });
}
const whole = (n) => Math.round(n).toLocaleString('en-GB');
const pct = (f) => (f === null || f === undefined ? '–' : `${(f * 100).toFixed(1)}%`);
const number = (text) => (text === '–' ? null : Number(text.replace(/[,%+−]/g, '')));

let providers;
before(async () => {
  providers = (await api('/api/providers')).body;
});

test('the providers API lists every provider with its place, and merged rows as merged groups with no location', async () => {
  assert.ok(providers.providers.length > 400, `${providers.providers.length} providers`);
  const merged = providers.providers.filter((p) => p.merged);
  assert.equal(merged.length, providers.merged_groups);
  assert.equal(merged.length, 7); // the seven merged names of the source (shared data README section 5)
  for (const m of merged) {
    assert.match(m.provider, /^merged:/);
    assert.match(m.provider_name, /^merged group of \d+ providers$/);
    assert.equal(m.lat, null);
    assert.ok(m.members.length >= 2);
  }
  const oxford = merged.find((m) => m.members.some((x) => x.code === 'RTH'));
  assert.equal(oxford.members.length, 25);
  assert.ok(!providers.providers.some((p) => p.provider === 'RTH'), 'RTH has no row of its own');
  const rbd = providers.providers.find((p) => p.provider === 'RBD');
  assert.equal(rbd.merged, false);
  assert.ok(rbd.lat > 50 && rbd.lat < 51 && rbd.lon < -2 && rbd.lon > -3, `${rbd.lat},${rbd.lon}`); // Dorchester
  assert.deepEqual(providers.months, ['2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10', '2024-11', '2024-12', '2025-01']);
  // The stats route is `elective stats` on the file, byte for byte (selections and breakdowns alike) ...
  for (const [query, args] of [['by=provider', ['--by', 'provider']], ['by=icb&tfc=C_110', ['--by', 'icb', '--tfc', 'C_110']],
    ['region=Y58&by=specialty&month=2024-11', ['--region', 'Y58', '--by', 'specialty', '--month', '2024-11']]]) {
    const cli = execFileSync(electiveBin(), ['stats', path.join(repoRoot, 'data', 'rtt_provider_months_waited.csv.gz'), ...args, '--format', 'json'], { cwd: repoRoot, maxBuffer: 64 << 20 });
    assert.deepEqual((await api(`/api/provider-stats?${query}`)).body, JSON.parse(cli.toString('utf8')), query);
  }
  // A provider months file uploaded as a dataset answers the same (dataset=ID); a dataset of another kind is a 400.
  const form = new FormData();
  form.append('file', new Blob([fs.readFileSync(path.join(repoRoot, 'data', 'rtt_provider_months_waited.csv.gz'))]), 'months.csv.gz');
  form.append('name', 'provider months upload');
  const uploaded = await api('/api/datasets', { method: 'POST', body: form });
  assert.equal(uploaded.status, 201, uploaded.text);
  assert.equal(uploaded.body.kind, 'provider_months');
  assert.deepEqual((await api(`/api/provider-stats?dataset=${uploaded.body.id}&by=region`)).body, (await api('/api/provider-stats?by=region')).body);
  const fromUpload = (await api(`/api/providers?dataset=${uploaded.body.id}`)).body;
  assert.equal(fromUpload.dataset, uploaded.body.id);
  assert.deepEqual(fromUpload.providers, providers.providers);
  const national = (await api('/api/datasets')).body.datasets.find((d) => d.kind === 'national');
  assert.equal((await api(`/api/provider-stats?dataset=${national.id}`)).status, 400);
  await api(`/api/datasets/${uploaded.body.id}`, { method: 'DELETE' });
  // ... and a folded code is a 400 naming its merged group.
  const folded = await api('/api/provider-stats?provider=RFF');
  assert.equal(folded.status, 400);
  assert.match(folded.body.error, /merged/);
});

test('the league table lists every provider with the API figures, merged rows labelled as merged', async () => {
  await open('overview');
  await page.waitForSelector('#league-table tbody tr');
  const api_rows = (await api('/api/provider-stats?by=provider')).body.rows;
  const rows = await league();
  assert.equal(rows.length, api_rows.length);
  const headers = await leagueHeaders();
  assert.deepEqual(headers.map((h) => h.text), ['Provider', 'ICB', 'Region', 'Waiting list', 'Within 18 weeks (estimated)', 'Over 52 weeks (estimated)', 'Change in the list on a year', 'Extra treatments a week for 92% within 18 weeks by March 2029', 'Notes']);
  // Sorted by the waiting list, largest first, at the start.
  assert.equal(headers[3].sort, 'descending');
  const lists = rows.map((r) => number(r[3]));
  for (let i = 1; i < lists.length; ++i) assert.ok(lists[i - 1] >= lists[i] || lists[i] === null, `row ${i}: ${lists[i - 1]} < ${lists[i]}`);
  // Every figure equals the API's row for that provider.
  const byName = new Map(rows.map((r) => [r[0], r]));
  for (const r of api_rows) {
    const g = providers.providers.find((p) => p.provider === r.provider);
    const label = g.merged
      ? [...byName.keys()].find((k) => k.startsWith(`Merged row: ${g.members.length} providers (source name: `) && k.toLowerCase().includes(g.name_in_source.toLowerCase()))
      : [...byName.keys()].find((k) => k.endsWith(`(${r.provider})`));
    assert.ok(label, `no row for ${r.provider}`);
    const shown = byName.get(label);
    assert.equal(shown[3], whole(r.total), r.provider);
    assert.equal(shown[4], pct(r.pct_within_18_weeks), r.provider);
    assert.equal(shown[5], r.over_52_weeks === null ? '–' : whole(r.over_52_weeks), r.provider);
  }
  // Merged rows: labelled as merged, flagged, never with a trust's name and code as a row of its own.
  const merged = rows.filter((r) => r[0].startsWith('Merged row:'));
  assert.equal(merged.length, api_rows.filter((r) => r.provider.startsWith('merged:')).length);
  assert.ok(merged.length >= 6);
  for (const r of merged) assert.match(r.at(-1), /merged row/);
  assert.ok(!rows.some((r) => /\((RTH|REN|REF|REM|RET|NNE)\)$/.test(r[0])), 'a merged row shown as a single trust');
  // The source covers May 2024 to January 2025: no month a year before, so the change is not available.
  assert.ok(rows.every((r) => r[6] === 'not available'));
  assert.match(await page.textContent('#league-no-change'), /not available.*May 2024 to Jan 2025/);
  assert.deepEqual(errors, []);
});

test('the league table sorts by any column with the mouse and the keyboard, and says so with aria-sort', async () => {
  await open('overview');
  await page.waitForSelector('#league-table tbody tr');
  const column = 4; // within 18 weeks
  await page.click(`#league-table thead th:nth-child(${column + 1}) button`);
  let headers = await leagueHeaders();
  assert.equal(headers[column].sort, 'descending');
  assert.equal(headers[3].sort, null);
  let values = (await league()).map((r) => number(r[column])).filter((v) => v !== null);
  assert.deepEqual(values, [...values].sort((a, b) => b - a));
  // Keyboard: focus the heading's button and press Enter to reverse the order.
  await page.focus(`#league-table thead th:nth-child(${column + 1}) button`);
  await page.keyboard.press('Enter');
  headers = await leagueHeaders();
  assert.equal(headers[column].sort, 'ascending');
  const rows = await league();
  values = rows.map((r) => number(r[column]));
  const known = values.filter((v) => v !== null);
  assert.deepEqual(known, [...known].sort((a, b) => a - b));
  assert.ok(values.slice(known.length).every((v) => v === null), 'rows without a figure come last');
  // By name, A to Z.
  await page.focus('#league-table thead th:nth-child(1) button');
  await page.keyboard.press('Space');
  const names = (await league()).map((r) => r[0].toLowerCase());
  assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b, 'en-GB')));
  assert.equal((await leagueHeaders())[0].sort, 'ascending');
  assert.deepEqual(errors, []);
});

test('a trust is found by name or code; a code inside a merged row finds the merged row, labelled as such', async () => {
  await open('overview');
  await page.waitForSelector('#league-table tbody tr');
  await page.fill('#provider-search', 'dorset county');
  await page.click('#provider-find');
  await waitForScope(() => document.querySelector('#provider-scope')?.textContent?.includes('(RBD)'));
  const rbd = (await api('/api/provider-stats?provider=RBD')).body.rows[0];
  assert.equal((await page.textContent('#pcard-list .card-value')).trim(), whole(rbd.total));
  assert.equal((await page.textContent('#pcard-pct18 .card-value')).trim(), pct(rbd.pct_within_18_weeks));
  assert.match(await page.textContent('#pcard-pct18 .card-label'), /estimated/);
  assert.match(await page.textContent('#pcard-list .card-change'), /not available/);
  // Its specialties, which add up to its total (undercounts only concern completed pathways).
  assert.equal(await page.getAttribute('#league-table table', 'data-rows'), 'specialty');
  const specialties = (await api('/api/provider-stats?provider=RBD&by=specialty')).body.rows;
  assert.equal((await league()).length, specialties.length);
  assert.match(page.url(), /#\/overview\?(.*&)?trust=RBD(&|$)/);
  assert.match(page.url(), /rows=specialty/);
  // By code, in any case.
  await page.fill('#provider-search', 'rbd');
  await page.click('#provider-find');
  await waitForScope(() => document.querySelector('#provider-scope')?.textContent?.includes('(RBD)'));
  // Barnsley (RFF) has no row of its own: its figures are in the merged row the source files under Oxford.
  await page.fill('#provider-search', 'RFF');
  await page.click('#provider-find');
  await waitForScope(() => document.querySelector('#provider-scope')?.dataset.merged === 'true');
  const title = await page.textContent('#provider-scope');
  assert.match(title, /^Merged row: 25 providers/);
  assert.match(await page.textContent('#merged-note'), /\(RFF\) has no figures of its own.*merged row of 25 providers/);
  assert.match(await page.textContent('.merged-members'), /RFF/);
  // A name matching several providers offers a choice instead of guessing.
  await page.fill('#provider-search', 'university hospitals');
  await page.click('#provider-find');
  await page.waitForSelector('.match-list li');
  assert.ok((await page.$$('.match-list li')).length > 1);
  await page.click('.match-list li:first-child button');
  await waitForScope(() => document.querySelector('#provider-scope')?.textContent?.includes('University Hospitals'));
  await page.fill('#provider-search', 'no such hospital at all');
  await page.click('#provider-find');
  await page.waitForSelector('#provider-search-result .error-text');
  // By keyboard from the table: Enter on a provider's name chooses it and focus moves to its heading.
  await page.click('#provider-clear');
  await waitForScope(() => document.querySelector('#provider-scope')?.textContent?.startsWith('England'));
  const first = await page.$eval('#league-table tbody tr:first-child [data-select]', (b) => b.dataset.select.replace(/^provider:/, ''));
  await page.focus('#league-table tbody tr:first-child [data-select]');
  await page.keyboard.press('Enter');
  await waitForScope(() => document.activeElement?.id === 'provider-scope');
  // The largest row is Oxford's merged row: chosen, but not on the map.
  assert.match(await page.textContent('#provider-scope'), first.startsWith('merged:') ? /^Merged row:/ : new RegExp(`\\(${first}\\)`));
  const ringed = await page.$('svg.england-map circle[data-selected]');
  assert.equal(ringed ? await ringed.getAttribute('data-key') : null, first.startsWith('merged:') ? null : first);
  assert.deepEqual(errors, []);
});

test('region and ICB filters narrow the table to the API rows of that region and ICB; ICBs and regions have their own tables; rows drill down', async () => {
  await open('overview');
  await page.waitForSelector('#league-table tbody tr');
  const region = providers.providers.find((p) => p.provider === 'RBD').region;
  const icb = providers.providers.find((p) => p.provider === 'RBD').icb;
  await page.selectOption('#provider-region', region);
  await page.waitForFunction((n) => document.querySelectorAll('#league-table tbody tr').length === n,
    (await api(`/api/provider-stats?by=provider&region=${region}`)).body.rows.length, { timeout: 30000 });
  const regionName = (await league())[0][2];
  assert.ok((await league()).every((r) => r[2] === regionName), 'every row in the region');
  // The ICB list offers only the region's ICBs.
  const icbs = await page.$$eval('#provider-icb option', (os) => os.map((o) => o.value).filter(Boolean));
  const expected = [...new Set(providers.providers.filter((p) => p.region === region && p.icb !== 'merged' && p.icb !== 'unknown').map((p) => p.icb))];
  assert.deepEqual(icbs.sort(), expected.sort());
  await page.selectOption('#provider-icb', icb);
  const icbRows = (await api(`/api/provider-stats?by=provider&icb=${icb}`)).body.rows;
  await page.waitForFunction((n) => document.querySelectorAll('#league-table tbody tr').length === n, icbRows.length, { timeout: 30000 });
  const head = (await api(`/api/provider-stats?icb=${icb}`)).body.rows[0];
  await page.waitForFunction((v) => document.querySelector('#pcard-list .card-value')?.textContent.trim() === v, whole(head.total));
  assert.match(page.url(), new RegExp(`region=${region}`));
  assert.match(page.url(), new RegExp(`icb=${icb}`));
  // A link restores the view.
  const link = page.url();
  await page.goto('about:blank');
  await page.goto(link);
  await page.waitForSelector('main[data-ready="overview"]', { timeout: 30000 });
  assert.equal(await page.inputValue('#provider-region'), region);
  assert.equal(await page.inputValue('#provider-icb'), icb);
  assert.equal((await league()).length, icbRows.length);
  // ICB rows: one per ICB of England, merged rows that span ICBs in a row of their own, never in one ICB.
  await page.selectOption('#provider-region', '');
  await page.selectOption('#provider-rows', 'icb');
  const byIcb = (await api('/api/provider-stats?by=icb')).body.rows;
  await page.waitForFunction((n) => document.querySelector('#league-table table')?.dataset.rows === 'icb'
    && document.querySelectorAll('#league-table tbody tr').length === n, byIcb.length, { timeout: 30000 });
  assert.ok((await league()).some((r) => r[0] === 'Merged rows spanning several ICBs'));
  await page.selectOption('#provider-rows', 'region');
  const byRegion = (await api('/api/provider-stats?by=region')).body.rows;
  await page.waitForFunction((n) => document.querySelector('#league-table table')?.dataset.rows === 'region'
    && document.querySelectorAll('#league-table tbody tr').length === n, byRegion.length, { timeout: 30000 });
  const total = byRegion.reduce((s, r) => s + r.total, 0);
  const england = (await api('/api/provider-stats')).body.rows[0].total;
  assert.ok(Math.abs(total - england) < 1, `regions add up to ${total}, England ${england}`);
  // Drilling down: a region's row shows its ICBs, an ICB's row its providers, a specialty's row its providers.
  const regionCode = await page.$eval('#league-table tbody [data-select^="region:"]', (b) => b.dataset.select.slice('region:'.length));
  await page.click(`#league-table tbody [data-select="region:${regionCode}"]`);
  await page.waitForFunction((r) => document.querySelector('#league-table table')?.dataset.rows === 'icb'
    && document.querySelector('#provider-region').value === r, regionCode, { timeout: 30000 });
  assert.equal((await league()).length, (await api(`/api/provider-stats?by=icb&region=${regionCode}`)).body.rows.length);
  const icbCode = await page.$eval('#league-table tbody [data-select^="icb:"]', (b) => b.dataset.select.slice('icb:'.length));
  await page.click(`#league-table tbody [data-select="icb:${icbCode}"]`);
  await page.waitForFunction((i) => document.querySelector('#league-table table')?.dataset.rows === 'provider'
    && document.querySelector('#provider-icb').value === i, icbCode, { timeout: 30000 });
  assert.equal((await league()).length, (await api(`/api/provider-stats?by=provider&icb=${icbCode}`)).body.rows.length);
  await page.selectOption('#provider-rows', 'specialty');
  await page.waitForFunction(() => document.querySelector('#league-table table')?.dataset.rows === 'specialty', null, { timeout: 30000 });
  await page.click('#league-table tbody [data-select="tfc:C_110"]');
  await page.waitForFunction(() => document.querySelector('#league-table table')?.dataset.rows === 'provider'
    && document.querySelector('#provider-tfc').value === 'C_110', null, { timeout: 30000 });
  assert.match(await page.textContent('#provider-scope'), /Trauma and Orthopaedic/);
  assert.match(page.url(), /specialty=C_110/);
  assert.deepEqual(errors, []);
});

test('the map draws a dot per located provider, sized by list and coloured by the 18-week share; a click selects it', async () => {
  await open('overview');
  await page.waitForSelector('svg.england-map circle[data-key]');
  const rows = (await api('/api/provider-stats?by=provider')).body.rows;
  const located = rows.filter((r) => {
    const g = providers.providers.find((p) => p.provider === r.provider);
    return !g.merged && g.lat !== null && r.total > 0;
  });
  const dots = await page.$$eval('svg.england-map circle[data-key]', (cs) => cs.map((c) => ({ key: c.dataset.key, r: Number(c.getAttribute('r')), fill: c.getAttribute('fill') })));
  assert.equal(dots.length, located.length);
  assert.ok(!dots.some((d) => d.key.startsWith('merged:')), 'a merged row on the map');
  // Larger lists, larger dots; the colour follows the band of the share within 18 weeks.
  const byKey = new Map(dots.map((d) => [d.key, d]));
  const sorted = [...located].sort((a, b) => b.total - a.total);
  assert.ok(byKey.get(sorted[0].provider).r > byKey.get(sorted.at(-1).provider).r);
  const bands = [[0.92, '#053061'], [0.8, '#4393c3'], [0.7, '#92c5de'], [0.6, '#f4c06c'], [0.5, '#ef8a62'], [0, '#b2182b']];
  for (const r of located.slice(0, 40)) {
    const want = r.pct_within_18_weeks === null ? '#9aa5ad' : bands.find(([min]) => r.pct_within_18_weeks >= min)[1];
    assert.equal(byKey.get(r.provider).fill, want, r.provider);
  }
  assert.match(await page.getAttribute('svg.england-map', 'aria-label'), new RegExp(`${located.length} providers`));
  assert.ok((await page.$$('.map-legend li')).length >= 6);
  // Clicking RBD's dot selects the trust and rings it.
  await page.dispatchEvent('svg.england-map circle[data-key="RBD"]', 'click');
  await waitForScope(() => document.querySelector('#provider-scope')?.textContent?.includes('(RBD)'));
  assert.equal(await page.getAttribute('svg.england-map circle[data-key="RBD"]', 'data-selected'), 'true');
  assert.deepEqual(errors, []);
});

test('the league table downloads as CSV with the cells shown', async () => {
  await open('overview');
  await page.waitForSelector('#league-table tbody tr');
  const id = await page.$eval('#league-table table', (t) => t.id);
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.click(`[data-export-table="${id}"]`)]);
  const text = fs.readFileSync(await file.path(), 'utf8');
  const lines = text.trim().split(/\r\n/);
  const shown = await page.$$eval(`#${id} tbody tr`, (trs) => trs.length);
  assert.equal(lines.length, shown + 1);
  assert.equal(lines[0], 'Provider,ICB,Region,Waiting list,Within 18 weeks (estimated),Over 52 weeks (estimated),Change in the list on a year,Extra treatments a week for 92% within 18 weeks by March 2029,Notes');
  assert.ok(lines.some((l) => l.startsWith('"Merged row:') || l.startsWith('Merged row:')));
  assert.deepEqual(errors, []);
});

test('the providers view has no serious axe violation and does not overflow at 320 px', async () => {
  for (const [hash, width] of [['overview', 320], ['overview?trust=RBD&rows=specialty', 320], ['overview?rows=icb', 320], ['overview?region=Y58', 1280],
    [`overview?trust=${encodeURIComponent(providers.providers.find((p) => p.merged).provider)}`, 390]]) {
    await open(hash, width);
    await page.waitForSelector('#league-table tbody tr');
    const o = await page.evaluate(() => {
      const w = document.documentElement.clientWidth;
      const out = [];
      for (const el of document.querySelectorAll('body *')) {
        if (el.closest('.table-scroll') || el.closest('.visually-hidden') || el.closest('.skip-link')) continue;
        const r = el.getBoundingClientRect();
        if (r.width > 0 && r.right > w + 1) out.push(`${el.tagName.toLowerCase()}#${el.id}.${el.className?.baseVal ?? el.className}`);
      }
      return { scroll: document.documentElement.scrollWidth, w, out: out.slice(0, 8) };
    });
    assert.ok(o.scroll <= o.w && o.out.length === 0, `${hash} at ${width}: ${o.scroll} px wide; ${o.out.join('; ')}`);
    assert.deepEqual(await axeViolations(page), [], `axe on ${hash} at ${width} px`);
  }
  assert.deepEqual(errors, []);
});

test('a link restores the Inequalities page: the grouping, both policies, the scenario and the groups compared', async () => {
  // A patient-level list, so that the page offers its breakdown too.
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'elective-e2e-providers-'));
  const ptl = path.join(dir, 'ptl.csv');
  execFileSync(electiveBin(), ['synth-list', path.join(repoRoot, 'scenarios', 'trust-rbd-patient-level.toml'), '--out', ptl], { cwd: repoRoot });
  const form = new FormData();
  form.append('file', new Blob([fs.readFileSync(ptl)]), 'ptl.csv');
  form.append('name', 'providers test list');
  const uploaded = await api('/api/datasets', { method: 'POST', body: form });
  assert.equal(uploaded.status, 201, uploaded.text);
  fs.rmSync(dir, { recursive: true, force: true });
  await open('inequalities');
  await page.waitForSelector('#policy-form');
  await page.waitForSelector('#ineq-result h3');
  await page.selectOption('#ineq-by', 'age_band');
  await page.waitForFunction(() => /Age band/.test(document.querySelector('#ineq-result h3')?.textContent ?? ''));
  await page.selectOption('#policy-a', 'long_waits_first');
  await page.selectOption('#policy-b', 'equity');
  await page.selectOption('#policy-dimension', 'sex');
  const link = page.url();
  assert.match(link, /#\/inequalities\?/);
  assert.match(link, /a=long_waits_first/);
  assert.match(link, /groups=sex/);
  assert.match(link, new RegExp(`dataset=${uploaded.body.id}`));
  assert.match(link, /by=age_band/);
  await page.goto('about:blank');
  await page.goto(link);
  await page.waitForSelector('main[data-ready="inequalities"]', { timeout: 30000 });
  await page.waitForSelector('#policy-form');
  assert.equal(await page.inputValue('#policy-a'), 'long_waits_first');
  assert.equal(await page.inputValue('#policy-b'), 'equity');
  assert.equal(await page.inputValue('#policy-dimension'), 'sex');
  assert.equal(await page.inputValue('#ineq-by'), 'age_band');
  await page.waitForFunction(() => /Age band/.test(document.querySelector('#ineq-result h3')?.textContent ?? ''));
  // A link naming a policy that does not exist falls back to the default instead of breaking the page.
  await open('inequalities?a=nonsense&groups=sex');
  await page.waitForSelector('#policy-form');
  assert.equal(await page.inputValue('#policy-a'), 'clinical_priority');
  assert.equal(await page.inputValue('#policy-dimension'), 'sex');
  assert.deepEqual(errors, []);
});

test('after a run the Scenario page downloads the whole run as an XLSX workbook', async () => {
  await open('scenario');
  await page.click('#run-forecast');
  await page.waitForSelector('#forecast-result [data-export-workbook]', { timeout: 120000 });
  const jobId = await page.getAttribute('#forecast-result', 'data-job-id');
  const [file] = await Promise.all([page.waitForEvent('download', { timeout: 60000 }), page.click('#forecast-result [data-export-workbook]')]);
  assert.equal(file.suggestedFilename(), `elective-forecast-job-${jobId}.xlsx`);
  const bytes = fs.readFileSync(await file.path());
  assert.deepEqual([...bytes.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04]); // a zip (xlsx) archive
  assert.ok(bytes.includes(Buffer.from('xl/worksheets/')), 'the archive holds worksheets');
  await page.waitForFunction(() => /Saved elective-forecast-job-\d+\.xlsx/.test(document.querySelector('#forecast-result .workbook-status')?.textContent ?? ''));
  assert.deepEqual(await axeViolations(page), [], 'axe on the scenario page after a run');
  assert.deepEqual(errors, []);
});
