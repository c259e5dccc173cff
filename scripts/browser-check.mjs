// Drives headless Chromium against a running relaycast: loads the status page, plays a mount in the page's own
// <audio> player, changes the title through the admin API and waits for the page to show it, then takes phone-sized
// screenshots of / and /admin/. Prints one JSON object on stdout; the Java test (BrowserIT) asserts on it.
//
// usage: node scripts/browser-check.mjs --url http://127.0.0.1:8000 --mount /live --admin-password pw
//        --title "New title" --screenshots target/browser [--chromium /usr/bin/chromium]
import { chromium } from 'playwright-core';
import { mkdtempSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values: opts } = parseArgs({
  options: {
    url: { type: 'string' },
    mount: { type: 'string', default: '/live' },
    'admin-user': { type: 'string', default: 'admin' },
    'admin-password': { type: 'string' },
    title: { type: 'string', default: 'Browser Check - New Title' },
    screenshots: { type: 'string', default: 'target/browser' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});

const base = opts.url.replace(/\/$/, '');
const mount = opts.mount;
const result = { ok: false, steps: [] };
const step = (name, data) => result.steps.push({ name, at: Date.now(), ...data });

async function waitFor(predicate, timeoutMs, intervalMs = 200) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await predicate();
    if (value) {
      return value;
    }
    if (Date.now() > deadline) {
      return value;
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

const profile = mkdtempSync(join(tmpdir(), 'relaycast-chromium-'));
mkdirSync(opts.screenshots, { recursive: true });
let context;
try {
  context = await chromium.launchPersistentContext(profile, {
    executablePath: opts.chromium,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--autoplay-policy=no-user-gesture-required'],
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 1,
    isMobile: false,
    httpCredentials: { username: opts['admin-user'], password: opts['admin-password'] },
  });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('console', (message) => {
    if (message.type() === 'error') {
      consoleErrors.push(message.text());
    }
  });
  page.on('pageerror', (error) => consoleErrors.push(String(error)));

  await page.goto(base + '/', { waitUntil: 'domcontentloaded' });
  const card = page.locator(`li[data-mount="${mount}"]`);
  await card.waitFor({ timeout: 15000 });
  const audio = card.locator('audio');
  result.playerFound = (await audio.count()) === 1;
  result.playerLabel = await audio.getAttribute('aria-label');
  result.playerSrc = await audio.evaluate((element) => element.currentSrc || element.src);
  result.titleBefore = (await card.locator('.title').textContent()).trim();
  result.cardName = (await card.locator('h2').textContent()).trim();
  result.landmarks = await page.evaluate(() => ({
    main: document.querySelectorAll('main').length,
    nav: document.querySelectorAll('nav').length,
    h1: document.querySelectorAll('h1').length,
    lang: document.documentElement.lang,
    playlistLinks: Array.from(document.querySelectorAll('.playlists a')).map((a) => a.getAttribute('href')),
  }));
  step('loaded');

  result.playError = await audio.evaluate((element) => element.play().then(() => null, (error) => String(error)));
  result.currentTimeStart = await audio.evaluate((element) => element.currentTime);
  await waitFor(() => audio.evaluate((element) => element.currentTime > 3), 20000);
  result.currentTimeEnd = await audio.evaluate((element) => element.currentTime);
  result.audioState = await audio.evaluate((element) => ({
    paused: element.paused,
    readyState: element.readyState,
    error: element.error ? element.error.code : null,
  }));
  step('played');

  await page.screenshot({ path: join(opts.screenshots, 'status-phone.png'), fullPage: true });

  const auth = 'Basic ' + Buffer.from(opts['admin-user'] + ':' + opts['admin-password']).toString('base64');
  const query = new URLSearchParams({ mode: 'updinfo', mount, song: opts.title });
  const update = await fetch(base + '/admin/metadata?' + query, { headers: { Authorization: auth } });
  result.metadataStatus = update.status;
  step('metadata sent');
  await waitFor(async () => (await card.locator('.title').textContent()).trim() === opts.title, 15000);
  result.titleAfter = (await card.locator('.title').textContent()).trim();
  result.titleReloaded = false;
  step('title updated');

  const admin = await context.newPage();
  await admin.goto(base + '/admin/', { waitUntil: 'domcontentloaded' });
  const panel = admin.locator('section.panel', { has: admin.locator('h2', { hasText: mount }) });
  await panel.waitFor({ timeout: 15000 });
  await waitFor(async () => (await panel.locator('table.listeners button').count()) > 0, 15000);
  result.adminListenerRows = await panel.locator('table.listeners tbody tr').count();
  result.adminKickButtons = await panel.locator('table.listeners button').count();
  result.adminTitleLabel = await panel.locator('label', { hasText: 'Now playing title' }).count();
  const playlist = panel.locator('.playlist');
  // The panel shows its playlist only once a second request (the playlist API) has answered: wait for it, bounded;
  // a mount without a playlist leaves it hidden, and the test says whether one was expected.
  await playlist.waitFor({ state: 'visible', timeout: 10000 }).catch(() => {});
  if (await playlist.isVisible()) {
    const current = playlist.locator('.now-playing');
    result.playlistBefore = (await current.textContent()).trim();
    await playlist.getByRole('button', { name: 'Skip track' }).click();
    await waitFor(async () => (await current.textContent()).trim() !== result.playlistBefore, 10000);
    result.playlistAfter = (await current.textContent()).trim();
    result.adminResult = (await admin.locator('#result').textContent()).trim();
  }
  await admin.screenshot({ path: join(opts.screenshots, 'admin-phone.png'), fullPage: true });
  result.horizontalOverflow = {
    status: await page.evaluate(() => document.documentElement.scrollWidth > window.innerWidth),
    admin: await admin.evaluate(() => document.documentElement.scrollWidth > window.innerWidth),
  };
  step('admin');

  result.stillPlaying = await audio.evaluate((element) => !element.paused && element.currentTime > 0);
  result.consoleErrors = consoleErrors;
  result.ok = true;
} catch (error) {
  result.error = String(error && error.stack ? error.stack : error);
} finally {
  if (context) {
    await context.close();
  }
  rmSync(profile, { recursive: true, force: true });
}
process.stdout.write(JSON.stringify(result) + '\n');
