// `impactwall serve` in a real browser: a story written while a page is open appears
// within 2 s; a broken file shows the diagnostics overlay on reading pages (never on
// the wall) while the last good content stays; fixing the file clears it.
//
// Uses the built app shell in target/shell when present (SERVE_E2E_SHELL overrides);
// without one, a stand-in shell that lists story titles from /data/index.json and
// refetches on `impactwall:data-changed`, so the live path is still exercised.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, openPage, cspViolations, screenshotDir, VIEWPORTS } from './lib/harness.mjs';

const targetDir = process.env.CARGO_TARGET_DIR || 'target';
const BIN = process.env.IMPACTWALL_BIN || path.resolve(targetDir, 'debug', 'impactwall');

const STAND_IN_INDEX = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>stand-in shell</title>
<script src="/stand-in.js" defer></script>
</head>
<body><main><h1>Stories</h1><ul id="stories"></ul></main></body>
</html>
`;
const STAND_IN_JS = `
async function render() {
  const res = await fetch('/data/index.json', { cache: 'no-cache' });
  const index = await res.json();
  const list = document.getElementById('stories');
  list.replaceChildren(...index.stories.map((s) => {
    const li = document.createElement('li');
    li.textContent = s.title;
    return li;
  }));
}
window.addEventListener('impactwall:data-changed', (e) => { e.preventDefault(); render(); });
render();
`;

const SITE_TOML = `name = "Lighthouse Line"
mission = "Every caller leaves with a next step."
mission_long = """
We answer questions about bills, forms and appointments.
"""
languages = ["en"]
default_language = "en"
timezone = "Europe/Amsterdam"
base_url = "https://lighthouse.example.org"
`;

const story = (title, date, extra = '') => `+++
title = "${title}"
date = ${date}
summary = "A short summary of ${title.toLowerCase()}."
consent = true
${extra}+++

${title} is told in a few sentences here.
`;

let tmp;
let content;
let serveProcess;
let baseUrl;
let browser;
let shellKind;

function chooseShell() {
  const explicit = process.env.SERVE_E2E_SHELL;
  if (explicit) return { dir: path.resolve(explicit), kind: 'app' };
  const built = path.resolve('target/shell');
  if (fs.existsSync(path.join(built, 'index.html'))) return { dir: built, kind: 'app' };
  const dir = path.join(tmp, 'shell');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'index.html'), STAND_IN_INDEX);
  fs.writeFileSync(path.join(dir, 'stand-in.js'), STAND_IN_JS);
  return { dir, kind: 'stand-in' };
}

/// Writes through a temporary file and a rename, as editors do.
function save(rel, text) {
  const file = path.join(content, rel);
  fs.writeFileSync(`${file}.tmp`, text);
  fs.renameSync(`${file}.tmp`, file);
}

before(async () => {
  assert.ok(fs.existsSync(BIN), `build the binary first (cargo build --bin impactwall): ${BIN}`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'impactwall-serve-e2e-'));
  content = path.join(tmp, 'content');
  for (const d of ['stories', 'thanks', 'events', 'media']) fs.mkdirSync(path.join(content, d), { recursive: true });
  fs.writeFileSync(path.join(content, 'site.toml'), SITE_TOML);
  save('stories/harbour-forms.md', story('Harbour forms sorted in one call', '2026-03-02'));
  const shell = chooseShell();
  shellKind = shell.kind;
  serveProcess = spawn(BIN, ['serve', content, '--shell', shell.dir, '--port', '0'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, IMPACTWALL_LOG: 'warn' },
  });
  let stderr = '';
  serveProcess.stderr.on('data', (d) => {
    stderr += d;
  });
  baseUrl = await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 90000);
    serveProcess.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[^\s]+?)\/? /);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace(/\/$/, ''));
      }
    });
    serveProcess.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  if (serveProcess && serveProcess.exitCode === null) {
    const exited = new Promise((r) => serveProcess.once('exit', r));
    serveProcess.kill('SIGTERM');
    await exited;
  }
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const readingPath = () => (shellKind === 'app' ? '/stories' : '/');

test('a story written while the page is open appears within 2 s', async () => {
  const { page, context } = await openPage(browser, `${baseUrl}${readingPath()}`);
  await page.getByText('Harbour forms sorted in one call').first().waitFor({ timeout: 15000 });
  const title = 'Night shift answers the flood line';
  const started = Date.now();
  save('stories/night-shift.md', story(title, '2026-04-11'));
  await page.getByText(title).first().waitFor({ timeout: 2000 });
  const took = Date.now() - started;
  console.log(`new story visible after ${took} ms (${shellKind} shell)`);
  assert.ok(took < 2000, `took ${took} ms`);
  assert.deepEqual(await cspViolations(page), []);
  await context.close();
});

test('a broken file shows the overlay on reading pages, never on the wall; fixing clears it', async () => {
  const reading = await openPage(browser, `${baseUrl}${readingPath()}`);
  const wall = await openPage(browser, `${baseUrl}/wall`, { viewport: VIEWPORTS.wall });
  await reading.page.getByText('Harbour forms sorted in one call').first().waitFor({ timeout: 15000 });
  await wall.page.evaluate(() => {
    window.__sameDocument = true;
  });

  save('stories/night-shift.md', story('Night shift answers the flood line', '2026-04-11', 'titel = "typo"\n'));
  const overlay = reading.page.locator('#impactwall-diagnostics');
  await overlay.waitFor({ state: 'visible', timeout: 2000 });
  assert.equal(await overlay.getAttribute('role'), 'alert');
  const text = await overlay.innerText();
  assert.match(text, /stories\/night-shift\.md:\d+:\d+/);
  assert.match(text, /titel/);
  assert.match(text, /Hint:/);
  // The last good build is still what the page shows.
  assert.ok(await reading.page.getByText('Harbour forms sorted in one call').first().isVisible());

  const dir = screenshotDir();
  await reading.page.screenshot({ path: path.join(dir, 'serve-overlay-desktop.png') });
  await reading.page.setViewportSize(VIEWPORTS.phone);
  await reading.page.screenshot({ path: path.join(dir, 'serve-overlay-phone.png') });
  await wall.page.screenshot({ path: path.join(dir, 'serve-overlay-wall.png') });

  assert.equal(await wall.page.locator('#impactwall-diagnostics').count(), 0, 'no overlay on the wall');

  save('stories/night-shift.md', story('Night shift answers the flood line', '2026-04-11'));
  await overlay.waitFor({ state: 'detached', timeout: 2000 });
  // The wall took the update in place: no reload.
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(await wall.page.evaluate(() => window.__sameDocument === true), true, 'wall was not reloaded');
  assert.equal(await wall.page.locator('#impactwall-diagnostics').count(), 0);
  assert.deepEqual(await cspViolations(reading.page), []);
  assert.deepEqual(await cspViolations(wall.page), []);
  await reading.context.close();
  await wall.context.close();
});
