// Launches Debian's chromium through playwright-core (no browser download: `npx playwright install` needs the
// internet). CHROMIUM_PATH overrides the executable.
import { chromium } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

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
