// Launches Debian's chromium through playwright-core (no browser download: `npx playwright install` needs the
// internet). CHROMIUM_PATH overrides the executable.
import { before, after } from 'node:test';
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { serverUrl } from './server.mjs';
import { axeViolations } from './axe.mjs';

export function chromiumPath() {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
  return candidates.find((p) => p && fs.existsSync(p));
}

export async function launch() {
  const executablePath = chromiumPath();
  if (!executablePath) throw new Error('chromium not found: apt-get install chromium, or set CHROMIUM_PATH');
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'elective-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    viewport: { width: 1280, height: 900 },
  });
  return {
    context,
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

// One chromium page for a test file: launched before its tests and closed after them. `errors` collects the
// page's uncaught errors and console errors; open(hash, width) loads a dashboard route afresh (not a hash
// change within the last page) and waits until the page says it is drawn (main[data-ready]). `onPage(page)`
// is called once the page exists, before any test runs; `readyTimeout` bounds the wait for a drawn page.
export function pageSession(onPage = () => {}, { readyTimeout = 30000 } = {}) {
  const session = { page: null, errors: [] };
  let browser;
  before(async () => {
    browser = await launch();
    session.page = await browser.context.newPage();
    session.page.on('pageerror', (e) => session.errors.push(e.message));
    session.page.on('console', (m) => { if (m.type() === 'error') session.errors.push(m.text()); });
    onPage(session.page);
  });
  after(async () => { await browser?.close(); });
  session.open = async (hash, width = 1280) => {
    const { page } = session;
    await page.setViewportSize({ width, height: 900 });
    await page.goto('about:blank');
    await page.goto(`${await serverUrl()}/#/${hash}`);
    await page.waitForSelector(`main[data-ready="${hash.split('?')[0]}"]`, { timeout: readyTimeout });
  };
  return session;
}

// Nothing sticks out sideways at `width` (except inside a table's scrolling box) and axe-core finds no serious
// or critical violation on the page as it is.
export async function checkLayoutAndAxe(page, label, width) {
  const o = await page.evaluate(() => {
    const w = document.documentElement.clientWidth;
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
      if (el.closest('.table-scroll') || el.closest('.visually-hidden') || el.closest('.skip-link') || el.closest('datalist')) continue;
      const r = el.getBoundingClientRect();
      if (r.width > 0 && r.right > w + 1) out.push(`${el.tagName.toLowerCase()}#${el.id}.${el.className?.baseVal ?? el.className}`);
    }
    return { scroll: document.documentElement.scrollWidth, w, out: out.slice(0, 8) };
  });
  assert.ok(o.scroll <= o.w && o.out.length === 0, `${label} at ${width}: ${o.scroll} px wide; ${o.out.join('; ')}`);
  assert.deepEqual(await axeViolations(page), [], `axe on ${label} at ${width} px`);
}
