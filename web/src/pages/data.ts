// Data: the datasets in the store, and upload of NHS England RTT Full CSV files, the national time series or a
// patient-level list (which stays on the server; only aggregates are ever shown).
import { del, postForm, type Dataset } from '../api';
import { count, escapeHtml } from '../format';
import { listDatasets, plainError } from './common';

const kindNames: Record<Dataset['kind'], string> = {
  rtt: 'RTT Full CSV (provider x specialty)',
  national: 'England time series',
  patient_list: 'Patient-level list (private)',
};

// `notice` is shown after the re-render that follows an upload or a deletion, so the confirmation is not wiped.
export async function renderData(main: HTMLElement, notice = ''): Promise<void> {
  const datasets = await listDatasets();
  const rows = datasets
    .map((d) => `<tr><th scope="row">${escapeHtml(d.name)}</th><td>${escapeHtml(kindNames[d.kind])}</td><td class="num">${count(d.rows)}</td>
      <td>${escapeHtml(d.summary.months?.join(', ') ?? (d.summary.first_month ? `${d.summary.first_month} to ${d.summary.last_month}` : d.summary.snapshot_date ?? ''))}</td>
      <td>${escapeHtml(d.created_at.replace('T', ' ').replace('Z', ''))}</td>
      <td><button type="button" class="button small secondary" data-delete="${d.id}" data-name="${escapeHtml(d.name)}" aria-label="Delete ${escapeHtml(d.name)}">Delete</button></td></tr>`)
    .join('');
  main.innerHTML = `<h1>Data</h1>
    <p class="lead">The datasets this server holds. The bundled NHS England data are loaded on first start.</p>
    <div class="table-scroll" tabindex="0" role="region" aria-label="Datasets (scrolls sideways)"><table class="data-table" id="datasets-table"><caption>Datasets</caption>
      <thead><tr><th scope="col">Name</th><th scope="col">Kind</th><th scope="col">Rows</th><th scope="col">Months</th><th scope="col">Added (UTC)</th><th scope="col"><span class="visually-hidden">Actions</span></th></tr></thead>
      <tbody>${rows}</tbody></table></div>
    <h2>Add data</h2>
    <form id="upload-form" class="panel">
      <div class="field"><label for="upload-file">File (CSV)</label>
        <p class="hint" id="upload-hint">An NHS England “Full CSV data file” (one or more months), the RTT overview time series, or a patient-level list (ptl.csv, columns in docs/patient-list.md). The file is checked before it is stored; a problem is reported with its line number.</p>
        <input type="file" id="upload-file" name="file" accept=".csv,text/csv" multiple required aria-describedby="upload-hint" /></div>
      <div class="field"><label for="upload-name">Name (optional)</label><input type="text" id="upload-name" name="name" /></div>
      <button type="submit" class="button">Upload</button>
      <div id="upload-status" role="status" aria-live="polite">${notice}</div>
    </form>`;

  main.querySelector<HTMLFormElement>('#upload-form')!.addEventListener('submit', async (e) => {
    e.preventDefault();
    const status = main.querySelector<HTMLDivElement>('#upload-status')!;
    const input = main.querySelector<HTMLInputElement>('#upload-file')!;
    if (!input.files?.length) {
      status.innerHTML = '<p class="error-text">Choose a file first.</p>';
      return;
    }
    const form = new FormData();
    for (const file of input.files) form.append('file', file, file.name);
    const name = main.querySelector<HTMLInputElement>('#upload-name')!.value.trim();
    if (name) form.append('name', name);
    status.innerHTML = '<p>Uploading and checking…</p>';
    try {
      const created = await postForm<Dataset>('/api/datasets', form);
      await renderData(main, `<p class="success-text" id="upload-done" tabindex="-1">Added “${escapeHtml(created.name)}” (${count(created.rows)} rows). It is now in the table above${
        created.kind === 'patient_list' ? ' and on the <a href="#/inequalities">Inequalities</a> page' : ''}.</p>`);
      main.querySelector<HTMLElement>('#upload-done')?.focus();
    } catch (error) {
      status.innerHTML = `<div class="error-summary" role="alert"><h2>The file was not added</h2><p>${escapeHtml(plainError((error as Error).message))}</p></div>`;
    }
  });
  for (const button of main.querySelectorAll<HTMLButtonElement>('[data-delete]')) {
    button.addEventListener('click', async () => {
      if (!confirm('Delete this dataset from the server?')) return;
      const name = button.dataset.name ?? 'The dataset';
      await del(`/api/datasets/${button.dataset.delete}`);
      await renderData(main, `<p class="success-text">Deleted “${escapeHtml(name)}”.</p>`);
    });
  }
}
