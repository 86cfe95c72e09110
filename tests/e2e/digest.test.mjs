// The e-mail digest in Chromium: `impactwall digest` on the sample content, the HTML
// rendered at 600 px (a mail client's reading pane) and 320 px (a small phone), light
// and dark, screenshots in target/screenshots/ (SCREENSHOT_DIR). No horizontal
// scrolling at 320 px, under 102 KB, no scripts or forms, and every link and image
// resolves in the built site (dist/, `make site`), like a CDN serving it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, openPage, screenshotDir, DIST } from './lib/harness.mjs';

const BIN = process.env.IMPACTWALL_BIN || path.resolve('target/debug/impactwall');
const CONTENT = path.resolve(process.env.CONTENT || 'content');
// Stories, thank-you messages (one a voicemail) and an event abroad in the sample content.
const PERIOD = ['--since', '2026-10-01', '--until', '2027-02-28', '--at', '2027-03-01T08:00:00+01:00'];
const MAX_HTML_BYTES = 102 * 1024;

let browser;
let out;
let html;
let base;
before(async () => {
  out = fs.mkdtempSync(path.join(os.tmpdir(), 'digest-'));
  const run = spawnSync(BIN, ['digest', CONTENT, '--out', out, ...PERIOD], { encoding: 'utf8' });
  assert.equal(run.status, 0, `impactwall digest failed:\n${run.stdout}${run.stderr}`);
  html = fs.readFileSync(path.join(out, 'digest.html'), 'utf8');
  const index = JSON.parse(fs.readFileSync(path.join(DIST, 'data/index.json'), 'utf8'));
  base = index.site.base_url.replace(/\/$/, '');
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  if (out) fs.rmSync(out, { recursive: true, force: true });
});

/// The file in dist/ a link on the site stands for: files as they are; app pages
/// (`/stories/x`) by the data file the page loads, and the app shell.
function distFilesFor(url) {
  const { pathname } = new URL(url);
  const page = pathname.match(/^\/(stories|thanks|events)\/([^/]+)$/);
  if (page) return ['index.html', `data/${page[1]}/${decodeURIComponent(page[2])}.json`];
  if (pathname === '/') return ['index.html', 'data/index.json'];
  return [decodeURIComponent(pathname.slice(1))];
}

test('the digest HTML stays under the clipping size and has no active content', () => {
  const bytes = Buffer.byteLength(html, 'utf8');
  assert.ok(bytes < MAX_HTML_BYTES, `${bytes} bytes`);
  assert.doesNotMatch(html, /<(script|form|input|iframe|object|embed)\b/i);
  assert.match(html, /<html lang="en">/);
});

test('every link and image in the digest resolves in the built site', () => {
  const urls = [...html.matchAll(/\s(?:href|src)="([^"]+)"/g)].map((m) => m[1].replaceAll('&amp;', '&'));
  assert.ok(urls.length > 10, `only ${urls.length} links`);
  const missing = [];
  for (const url of urls) {
    if (url.startsWith('mailto:')) continue;
    assert.match(url, /^https:\/\//, `not absolute: ${url}`);
    if (!url.startsWith(`${base}/`)) {
      // Only an event's own online meeting link leaves the site.
      assert.match(url, /^https:\/\/meet\.example\.org\//, `leaves the site: ${url}`);
      continue;
    }
    for (const file of distFilesFor(url)) {
      if (!fs.existsSync(path.join(DIST, file))) missing.push(`${url} → dist/${file}`);
    }
  }
  assert.deepEqual(missing, []);
});

for (const [name, width] of [['600', 600], ['320', 320]]) {
  for (const scheme of ['light', 'dark']) {
    test(`the digest at ${width} px, ${scheme}: screenshot, no horizontal scrolling`, async () => {
      const { page, context, problems } = await openPage(browser, null, {
        viewport: { width, height: 900 },
        context: { colorScheme: scheme, javaScriptEnabled: false },
      });
      // The e-mail's absolute URLs are answered from dist/, as the published site would.
      const notFound = [];
      await context.route(`${base}/**`, (route) => {
        const file = path.join(DIST, distFilesFor(route.request().url()).at(-1));
        if (!fs.existsSync(file)) {
          notFound.push(route.request().url());
          return route.fulfill({ status: 404, body: 'not found' });
        }
        return route.fulfill({ status: 200, body: fs.readFileSync(file) });
      });
      await page.setContent(html, { waitUntil: 'load' });
      const layout = await page.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
        images: [...document.images].map((i) => ({ src: i.src, ok: i.complete && i.naturalWidth > 0, shown: i.getBoundingClientRect().width })),
        background: getComputedStyle(document.querySelector('.container')).backgroundColor,
      }));
      await page.screenshot({ path: path.join(screenshotDir(), `digest-${name}-${scheme}.png`), fullPage: true });
      assert.ok(layout.scrollWidth <= layout.clientWidth, `scrolls sideways: ${layout.scrollWidth} > ${layout.clientWidth}`);
      assert.ok(layout.images.length > 0, 'the digest shows images');
      for (const img of layout.images) {
        assert.ok(img.ok, `image did not load: ${img.src}`);
        assert.ok(img.shown <= width, `image wider than the screen: ${img.src}`);
      }
      // The dark rules in the kept <style> win over the inlined light colours.
      const dark = layout.background !== 'rgb(255, 255, 255)';
      assert.equal(dark, scheme === 'dark', `container background ${layout.background}`);
      assert.deepEqual(notFound, []);
      assert.deepEqual(problems, []);
      await context.close();
    });
  }
}
