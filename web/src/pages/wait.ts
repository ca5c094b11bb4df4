// "How long will I wait?": pick a specialty (and optionally your area) to see each provider's estimated wait,
// explained in plain language. Built for keyboard and screen-reader use: labelled controls, a live region for
// the result, and a real table.
import { codeNames, getJson, type Dataset, type ProviderWait, type WaitEstimate } from '../api';
import { count, escapeHtml, monthLabel, titleCase, weeks } from '../format';
import { datasetOptions, listDatasets, options, specialties } from './common';

function sentence(p: ProviderWait): string {
  if (p.suppressed || p.median_weeks === null) {
    return 'Too few patients finished their wait here last month to give a reliable estimate.';
  }
  const nine = p.p90_censored ? 'more than 104 weeks' : `about ${Math.round(p.p90_weeks ?? 0)} weeks`;
  return `Half of patients were seen within about ${Math.round(p.median_weeks)} weeks, and 9 in 10 within ${nine}.`;
}

export async function renderWait(main: HTMLElement): Promise<void> {
  const datasets = (await listDatasets()).filter((d) => d.kind === 'rtt');
  let dataset: Dataset | undefined = datasets.at(-1);
  main.innerHTML = `<h1>How long will I wait?</h1>
    <p class="lead">Choose the kind of care you have been referred for. We show how long patients at each hospital trust waited, based on the latest NHS figures.</p>
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
      result.innerHTML = `<div class="error-summary" role="alert"><p>${escapeHtml((error as Error).message)}</p></div>`;
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
