// Drives headless Chromium against a running relaycast with a web root: loads a station's own page from it (a page
// with an <img> logo and an <audio> player of a mount, as stations put next to Icecast), lets the player play the
// mount, and reports what the browser saw. Prints one JSON object on stdout; the Java test (BrowserIT) asserts on it.
//
// usage: node scripts/webroot-check.mjs --url http://127.0.0.1:8000/station/index.html [--chromium /usr/bin/chromium]
import { chromium } from 'playwright-core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    url: { type: 'string' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});

const result = { ok: false };
const profile = mkdtempSync(join(tmpdir(), 'relaycast-chromium-'));
let browser;
try {
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: opts.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
  });
  const page = await browser.newPage();
  const consoleErrors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') {
      consoleErrors.push(message.text());
    }
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));
  const failed = [];
  page.on('response', (answer) => {
    if (answer.status() >= 400) {
      failed.push(answer.status() + ' ' + answer.url());
    }
  });
  const response = await page.goto(opts.url, { waitUntil: 'load' });
  result.pageStatus = response.status();
  result.heading = (await page.locator('h1').textContent()).trim();
  result.logo = await page.locator('img#logo').evaluate((img) => ({ complete: img.complete, width: img.naturalWidth,
    height: img.naturalHeight }));
  const audio = page.locator('audio#player');
  result.playError = await audio.evaluate((element) => element.play().then(() => null, (error) => String(error)));
  const deadline = Date.now() + 20000;
  while (Date.now() < deadline && !(await audio.evaluate((element) => element.currentTime > 3))) {
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  result.currentTime = await audio.evaluate((element) => element.currentTime);
  result.audioError = await audio.evaluate((element) => (element.error ? element.error.code : null));
  result.consoleErrors = consoleErrors;
  result.failedRequests = failed;
  result.ok = true;
} catch (error) {
  result.error = String(error && error.stack ? error.stack : error);
} finally {
  if (browser) {
    await browser.close();
  }
  rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(result) + '\n');
