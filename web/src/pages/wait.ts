// "How long will I wait?": pick a specialty (and optionally your area) to see each provider's estimated wait,
// explained in plain language. Built for keyboard and screen-reader use: labelled controls, a live region for
// the result, and a real table.
//
// First, every hospital in England looking forward (issue 11 item 7; GET /api/wait-estimate?source=providers):
// for a patient referred now, when treatment is expected to start at each trust, from that trust's own forecast,
// with its range and the backward-looking figure (what My Planned Care shows) beside it, and the trusts nearby
// with shorter waits. Then the detailed figures of a stored RTT extract, by the patient's area.
import { codeNames, getJson, type Dataset, type ForwardWaitEstimate, type ProviderWait, type WaitEstimate } from '../api';
import { count, escapeHtml, monthLabel, titleCase, weeks } from '../format';
import { datasetOptions, listDatasets, options, specialties } from './common';
import { groupLabel, type ProvidersInfo } from './providers';

function sentence(p: ProviderWait): string {
  if (p.suppressed || p.median_weeks === null) {
    return 'Too few patients finished their wait here last month to give a reliable estimate.';
  }
  const nine = p.p90_censored ? 'more than 104 weeks' : `about ${Math.round(p.p90_weeks ?? 0)} weeks`;
  return `Half of patients had started treatment within about ${Math.round(p.median_weeks)} weeks, and 9 in 10 within ${nine}.`;
}

export async function renderWait(main: HTMLElement): Promise<void> {
  const datasets = (await listDatasets()).filter((d) => d.kind === 'rtt');
  let dataset: Dataset | undefined = datasets.at(-1);
  const info = await getJson<ProvidersInfo>('/api/providers').catch(() => undefined);
  main.innerHTML = `<h1>How long will I wait?</h1>
    <p class="lead">Choose the kind of care you have been referred for. We show when treatment is expected to start at each hospital trust in England if you are referred now, and how long patients waited last month.</p>
    <section id="forward" aria-labelledby="forward-title"></section>
    <h2 id="extract-title">Waits by your area, from a detailed monthly extract</h2>
    <p>These figures come from a stored NHS England extract, which gives waits in whole weeks and by the area that pays for your care.</p>
    <form id="wait-form" class="panel" novalidate>
      <div class="field">
        <label for="wait-tfc">Specialty (the kind of care)</label>
        <p class="hint" id="wait-tfc-hint">For example, Trauma and Orthopaedic for hip and knee operations.</p>
        <select id="wait-tfc" name="tfc" aria-describedby="wait-tfc-hint" required></select>
      </div>
      <div class="field">
        <label for="wait-area">Your area (optional)</label>
        <p class="hint" id="wait-area-hint">The NHS organisation that pays for your care (your local integrated care board area). Leave as “Any area” if you are not sure.</p>
        <select id="wait-area" name="area" aria-describedby="wait-area-hint"></select>
      </div>
      <details class="field"><summary>Change the data used</summary>
        <label for="wait-dataset">RTT dataset</label>
        <select id="wait-dataset">${datasetOptions(datasets, dataset?.id)}</select>
      </details>
      <button type="submit" class="button" id="wait-submit">Show waiting times</button>
    </form>
    <div id="wait-result" aria-live="polite"></div>
    <section class="explain">
      <h2>How we work this out</h2>
      <p>For each trust we look at the patients whose wait ended last month because their treatment started (or
      they were told no treatment was needed). Half of them had waited less than the first number we show; 9 in 10
      had waited less than the second. These come from NHS England's published referral-to-treatment
      statistics, which count waits in whole weeks.</p>
      <p>This is a guide, not a promise. Your own wait depends on how urgent your care is, on the treatment you need,
      and on how many people are waiting. Where a trust treated fewer than 5 patients we do not show an estimate.
      The “people waiting now” column shows how many are still on that trust's list.</p>
    </section>`;

  if (info) await renderForward(main.querySelector<HTMLElement>('#forward')!, info);
  else main.querySelector<HTMLElement>('#forward')!.innerHTML = '<h2 id="forward-title">Every hospital in England</h2><p>This server has no provider months file, so waits looking forward are not available.</p>';

  const tfcSelect = main.querySelector<HTMLSelectElement>('#wait-tfc')!;
  const areaSelect = main.querySelector<HTMLSelectElement>('#wait-area')!;
  const datasetSelect = main.querySelector<HTMLSelectElement>('#wait-dataset')!;
  const result = main.querySelector<HTMLDivElement>('#wait-result')!;
  // A link to #/wait?tfc=C_110&area=11J shows that answer (the address is updated on each lookup).
  const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const fill = () => {
    const tfcs = specialties(dataset).filter((t) => t.code !== 'C_999');
    const wanted = params.get('tfc');
    tfcSelect.innerHTML = options(tfcs, tfcs.find((t) => t.code === wanted)?.code ?? tfcs.find((t) => t.code === 'C_110')?.code, 'Choose a specialty');
    areaSelect.innerHTML = options(codeNames(dataset?.summary.commissioners), params.get('area') ?? undefined, 'Any area');
  };
  fill();
  datasetSelect.addEventListener('change', () => {
    dataset = datasets.find((d) => String(d.id) === datasetSelect.value);
    fill();
  });

  main.querySelector<HTMLFormElement>('#wait-form')!.addEventListener('submit', async (e) => {
    e.preventDefault();
    if (!tfcSelect.value) {
      result.innerHTML = `<div class="error-summary" role="alert"><p><a href="#wait-tfc">Choose a specialty</a> to see waiting times.</p></div>`;
      tfcSelect.focus();
      return;
    }
    result.innerHTML = '<p role="status">Looking up waiting times…</p>';
    const q = new URLSearchParams({ tfc: tfcSelect.value });
    if (areaSelect.value) q.set('area', areaSelect.value);
    history.replaceState(null, '', `#/wait?${q.toString()}`);
    try {
      const estimate = await getJson<WaitEstimate>('/api/wait-estimate', { dataset: dataset?.id, tfc: tfcSelect.value, commissioner: areaSelect.value || undefined });
      renderResult(result, estimate);
    } catch (error) {
      // The API names its parameters as the command line does; the page names its fields.
      const message = (error as Error).message.replace(/^--near: /, 'Where you live: ').replace(/^--provider: /, 'Hospital trust: ').replace(/^--tfc: /, 'Specialty: ');
      result.innerHTML = `<div class="error-summary" role="alert"><p>${escapeHtml(message)}</p></div>`;
    }
  });
  if (params.get('tfc')) main.querySelector<HTMLFormElement>('#wait-form')!.requestSubmit();
}

function renderResult(result: HTMLElement, estimate: WaitEstimate): void {
  if (estimate.providers.length === 0) {
    result.innerHTML = `<p>No trust in this dataset reported ${escapeHtml(estimate.tfc_name || estimate.tfc)} waits for that area.</p>`;
    return;
  }
  const rows = estimate.providers
    .map((p) => `<tr data-provider="${escapeHtml(p.provider)}">
      <th scope="row">${escapeHtml(titleCase(p.provider_name || p.provider))}</th>
      <td class="num" data-key="median_weeks" data-label="Half waited less than">${p.suppressed ? 'Not shown' : weeks(p.median_weeks)}</td>
      <td class="num" data-key="p90_weeks" data-label="9 in 10 waited less than">${p.suppressed ? 'Not shown' : weeks(p.p90_weeks, p.p90_censored)}</td>
      <td class="num" data-key="waiting_list" data-label="People waiting now">${count(p.waiting_list)}</td>
      <td>${escapeHtml(sentence(p))}</td></tr>`)
    .join('');
  result.innerHTML = `<h2 id="wait-result-title">${escapeHtml(estimate.tfc_name || estimate.tfc)}: waits in ${escapeHtml(monthLabel(estimate.month))}</h2>
    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="wait-result-title"><table class="data-table stack" aria-labelledby="wait-result-title" id="wait-table">
      <thead><tr><th scope="col">Hospital trust</th><th scope="col">Half waited less than</th><th scope="col">9 in 10 waited less than</th><th scope="col">People waiting now</th><th scope="col">In plain words</th></tr></thead>
      <tbody>${rows}</tbody></table></div>`;
}

// --- Every hospital in England, looking forward -------------------------------------------------------------

const fwdWeeks = (v: number | null | undefined, censored: boolean) => (censored ? `more than ${Math.round(v ?? 0)} weeks` : weeks(v));

// The name of a row: a merged row of the source is labelled as such, never as the trust it is filed under.
function rowName(p: ProviderWait, groups: Map<string, ProvidersInfo['providers'][number]>): string {
  const g = groups.get(p.provider);
  if (g) return groupLabel(g);
  return p.merged ? `Merged row: ${p.members?.length ?? 'several'} providers` : `${titleCase(p.provider_name || p.provider)} (${p.provider})`;
}

function forwardSentence(p: ProviderWait, name: string): string {
  const f = p.forward;
  if (!f) {
    return `${name}: there is too little history (under three months of figures) to look forward here.`;
  }
  const range = f.uncertainty.median_weeks_high - f.uncertainty.median_weeks_low >= 0.5
    ? ` Depending on which recent month the forecast starts from, this moves between about ${Math.round(f.uncertainty.median_weeks_low)} and ${Math.round(f.uncertainty.median_weeks_high)} weeks.` : '';
  const past = p.median_weeks === null || p.suppressed ? '' : ` Last month, half of the patients whose treatment started had waited less than about ${Math.round(p.median_weeks)} weeks.`;
  return `${name}: if you are referred now, treatment is expected to have started within ${fwdWeeks(f.median_weeks, f.median_censored)} for half of patients, and within ${fwdWeeks(f.p90_weeks, f.p90_censored)} for 9 in 10.${range}${past}`;
}

async function renderForward(section: HTMLElement, info: ProvidersInfo): Promise<void> {
  const groups = new Map(info.providers.map((g) => [g.provider, g]));
  const trusts = info.providers.map((g) => ({ code: g.provider, name: groupLabel(g) })).sort((a, b) => a.name.localeCompare(b.name));
  const params = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const wantedTfc = params.get('fwd_tfc') ?? 'C_110';
  section.innerHTML = `<h2 id="forward-title">Every hospital in England, looking forward</h2>
    <form id="fwd-form" class="panel" novalidate>
      <div class="field">
        <label for="fwd-tfc">Specialty (the kind of care)</label>
        <select id="fwd-tfc" name="tfc">${info.specialties.map((s) => `<option value="${escapeHtml(s.code)}"${s.code === wantedTfc ? ' selected' : ''}>${escapeHtml(s.code === 'C_999' ? 'All specialties' : s.name)}</option>`).join('')}</select>
      </div>
      <div class="field">
        <label for="fwd-trust">Hospital trust (optional)</label>
        <p class="hint" id="fwd-trust-hint">Choose the trust you were referred to, to see its wait and the trusts nearby with shorter waits.</p>
        <select id="fwd-trust" name="trust" aria-describedby="fwd-trust-hint">${options(trusts, params.get('fwd_trust') ?? undefined, 'Any trust')}</select>
      </div>
      <div class="field">
        <label for="fwd-near">Where you live (optional)</label>
        <p class="hint" id="fwd-near-hint">The first part of your postcode, such as DT1, or a location as latitude,longitude (for example 50.71,-2.44). We use it only to measure distances to hospitals; it is not stored.</p>
        <input id="fwd-near" name="near" type="text" autocomplete="postal-code" aria-describedby="fwd-near-hint" value="${escapeHtml(params.get('fwd_near') ?? '')}">
      </div>
      <button type="submit" class="button" id="fwd-submit">Show expected waits</button>
    </form>
    <div id="fwd-result" aria-live="polite"></div>
    <details class="explain" id="fwd-method"><summary>How we work out the wait looking forward, and how sure it is</summary>
      <p>For each trust and specialty we build a forecast from that trust's own last nine months of NHS figures:
      how many people join its list, how many start treatment, and how long those treated had waited. The forecast
      carries on today's trends (referrals growing by 1.5% a year and treatments by 2.3% a year). We then follow one
      patient referred now through that forecast, month by month, until their treatment starts. “Half start within”
      is when half of such patients have started treatment; “9 in 10” is when nine in ten have.</p>
      <p>How sure is it? We work the same figure out again from the forecasts made one and two months earlier and show
      the range. Forecasts of a single trust's waiting list were about 4 to 8% out three months ahead when we tested
      them on past months, no better than assuming no change, so treat these as a guide, not a promise. Waits are
      estimated from whole months waited. Some rows of the NHS file hold several trusts' figures together; we show
      them as merged rows, never as one trust.</p>
      <p id="fwd-method-text"></p>
    </details>`;
  const form = section.querySelector<HTMLFormElement>('#fwd-form')!;
  const tfc = section.querySelector<HTMLSelectElement>('#fwd-tfc')!;
  const trust = section.querySelector<HTMLSelectElement>('#fwd-trust')!;
  const near = section.querySelector<HTMLInputElement>('#fwd-near')!;
  const result = section.querySelector<HTMLDivElement>('#fwd-result')!;
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    result.innerHTML = '<p role="status">Working out expected waits… (the first look-up of a specialty takes a few seconds)</p>';
    const q = new URLSearchParams({ fwd_tfc: tfc.value });
    if (trust.value) q.set('fwd_trust', trust.value);
    if (near.value.trim()) q.set('fwd_near', near.value.trim());
    history.replaceState(null, '', `#/wait?${q.toString()}`);
    const nearText = near.value.trim() || (trust.value && groups.get(trust.value)?.lat !== null ? trust.value : '');
    try {
      const estimate = await getJson<ForwardWaitEstimate>('/api/wait-estimate', {
        source: 'providers', tfc: tfc.value, provider: trust.value || undefined, near: nearText || undefined,
      });
      renderForwardResult(result, estimate, groups);
      section.querySelector('#fwd-method-text')!.textContent = estimate.forward_method;
    } catch (error) {
      // The API names its parameters as the command line does; the page names its fields.
      const message = (error as Error).message.replace(/^--near: /, 'Where you live: ').replace(/^--provider: /, 'Hospital trust: ').replace(/^--tfc: /, 'Specialty: ');
      result.innerHTML = `<div class="error-summary" role="alert"><p>${escapeHtml(message)}</p><p><a href="#fwd-near">Check where you live</a> or <a href="#fwd-trust">the trust</a>.</p></div>`;
    }
  });
  if (params.get('fwd_tfc')) form.requestSubmit();
}

function renderForwardResult(result: HTMLElement, estimate: ForwardWaitEstimate, groups: Map<string, ProvidersInfo['providers'][number]>): void {
  const title = `${estimate.tfc === 'C_999' ? 'All specialties' : estimate.tfc_name}: expected waits for a patient referred after ${monthLabel(estimate.month)}`;
  const rows = estimate.providers.map((p) => {
    const f = p.forward;
    const name = rowName(p, groups);
    return `<tr data-provider="${escapeHtml(p.provider)}" data-merged="${p.merged ? 'true' : 'false'}">
      <th scope="row">${escapeHtml(name)}</th>
      <td class="num" data-key="forward_median_weeks" data-label="Half start treatment within">${f ? fwdWeeks(f.median_weeks, f.median_censored) : 'Not available'}</td>
      <td class="num" data-key="forward_p90_weeks" data-label="9 in 10 start treatment within">${f ? fwdWeeks(f.p90_weeks, f.p90_censored) : 'Not available'}</td>
      <td class="num" data-key="forward_range" data-label="Range for half">${f ? `${Math.round(f.uncertainty.median_weeks_low)}–${Math.round(f.uncertainty.median_weeks_high)} weeks` : '–'}</td>
      <td class="num" data-key="median_weeks" data-label="Last month: half had waited">${p.suppressed ? 'Not shown' : weeks(p.median_weeks)}</td>
      <td class="num" data-key="waiting_list" data-label="People waiting now">${count(p.waiting_list)}</td>
      <td data-key="notes">${escapeHtml([p.merged ? 'merged row of several providers' : '', p.flags.includes('short_history') ? 'too little history' : ''].filter(Boolean).join('; '))}</td></tr>`;
  }).join('');
  const chosen = estimate.providers.length === 1 ? estimate.providers[0] : undefined;
  const lead = chosen ? `<p id="fwd-sentence">${escapeHtml(forwardSentence(chosen, rowName(chosen, groups)))}</p>` : '';
  let nearby = '';
  if (estimate.nearby && estimate.near) {
    const where = estimate.near.how === 'provider' ? 'the chosen trust' : estimate.near.text;
    const items = estimate.nearby.map((n) => {
      const g = groups.get(n.provider);
      const name = g ? groupLabel(g) : `${titleCase(n.provider_name)} (${n.provider})`;
      return `<li data-provider="${escapeHtml(n.provider)}" data-distance="${n.distance_km.toFixed(3)}">${escapeHtml(name)}: ${Math.round(n.distance_km)} km away; half start treatment within ${weeks(n.forward_median_weeks)}, 9 in 10 within ${fwdWeeks(n.forward_p90_weeks, n.forward_p90_censored)}</li>`;
    }).join('');
    const shorter = estimate.near.shorter_than !== null ? ` with a shorter expected wait than ${weeks(estimate.near.shorter_than)}` : '';
    nearby = `<h3 id="fwd-nearby-title">Trusts within ${Math.round(estimate.near.within_km)} km of ${escapeHtml(where)}${shorter}, nearest first</h3>
      ${items ? `<ol id="fwd-nearby" aria-labelledby="fwd-nearby-title">${items}</ol>` : '<p id="fwd-nearby-none">None found. You can ask your GP about being referred further away.</p>'}
      <p class="hint">Distances are in a straight line from ${estimate.near.how === 'postcode_district' || estimate.near.how === 'postcode_area' ? 'the middle of the hospitals listed in that postcode area' : 'that place'} to each trust's main address. You have the right to choose where you are treated; talk to your GP.</p>`;
  }
  result.innerHTML = `<h3 id="fwd-result-title">${escapeHtml(title)}</h3>${lead}
    <div class="table-scroll" tabindex="0" role="region" aria-labelledby="fwd-result-title"><table class="data-table stack" id="fwd-table" aria-labelledby="fwd-result-title">
      <thead><tr><th scope="col">Hospital trust</th><th scope="col">Half start treatment within</th><th scope="col">9 in 10 start treatment within</th><th scope="col">Range for half</th><th scope="col">Last month: half had waited</th><th scope="col">People waiting now</th><th scope="col">Notes</th></tr></thead>
      <tbody>${rows}</tbody></table></div>${nearby}`;
}
