// Elective dashboard: a small hash router over the pages. Each page renders into <main> and fetches what it
// needs from the JSON API of `elective serve`.
import './style.css';
import { ApiError, getJson, setToken, type Health } from './api';
import { renderCancer } from './pages/cancer';
import { renderData } from './pages/data';
import { renderDiagnostics } from './pages/diagnostics';
import { renderInequalities } from './pages/inequalities';
import { renderOverview } from './pages/overview';
import { renderProductivity } from './pages/productivity';
import { renderScenario } from './pages/scenario';
import { renderStandards } from './pages/standards';
import { renderWait } from './pages/wait';
import { escapeHtml } from './format';

type Page = (main: HTMLElement) => Promise<void>;
const pages: Record<string, { title: string; render: Page }> = {
  overview: { title: 'Overview', render: renderOverview },
  standards: { title: 'All the standards', render: renderStandards },
  diagnostics: { title: 'Diagnostics', render: renderDiagnostics },
  cancer: { title: 'Cancer', render: renderCancer },
  productivity: { title: 'Productivity', render: renderProductivity },
  scenario: { title: 'Scenario builder', render: renderScenario },
  inequalities: { title: 'Inequalities', render: renderInequalities },
  wait: { title: 'How long will I wait?', render: renderWait },
  data: { title: 'Data', render: renderData },
};

function currentRoute(): string {
  const name = location.hash.replace(/^#\/?/, '').split('?')[0];
  return name in pages ? name : 'overview';
}

async function askForToken(main: HTMLElement): Promise<void> {
  main.innerHTML = `<h1>Sign in</h1>
    <p>This server needs an access token. Ask the person who runs it.</p>
    <form id="token-form" class="panel">
      <label for="token">Access token</label>
      <input id="token" name="token" type="password" autocomplete="off" required />
      <button type="submit" class="button">Continue</button>
    </form>`;
  main.querySelector<HTMLFormElement>('#token-form')!.addEventListener('submit', (e) => {
    e.preventDefault();
    setToken(main.querySelector<HTMLInputElement>('#token')!.value.trim());
    void route();
  });
}

let generation = 0;
async function route(): Promise<void> {
  const name = currentRoute();
  const page = pages[name];
  const main = document.getElementById('main')!;
  const mine = ++generation;
  document.title = `${page.title} - Elective`;
  for (const link of document.querySelectorAll<HTMLAnchorElement>('[data-route]')) {
    if (link.dataset.route === name) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  main.innerHTML = '<p class="loading" role="status">Loading…</p>';
  try {
    await page.render(main);
  } catch (error) {
    if (mine !== generation) return;
    if (error instanceof ApiError && error.status === 401) {
      await askForToken(main);
      return;
    }
    main.innerHTML = `<div class="error-summary" role="alert"><h2>Something went wrong</h2><p>${escapeHtml(String((error as Error).message ?? error))}</p></div>`;
  }
  main.dataset.ready = name;
}

window.addEventListener('hashchange', () => {
  void route().then(() => document.getElementById('main')?.focus({ preventScroll: true }));
});
void getJson<Health>('/api/health').catch(() => null);
void route();
