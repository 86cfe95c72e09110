// Prerendered pages and their take-over, against a site built from the digest fixture
// (tests/fixtures/digest) as of a fixed moment, with the real app shell:
// - every route's HTML, fetched without running anything, holds its content;
// - with JavaScript off a story is readable and links work;
// - the app hydrates without errors or layout shift, and brings the page to the
//   browser's "now": an item whose window closed after the build disappears.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startStaticServer, launchBrowser, openPage, cspViolations, VIEWPORTS } from './lib/harness.mjs';
import { seriousA11yViolations } from './fixtures/site-dist.mjs';

// Thursday 25 March 2027, 13:00 in Amsterdam.
const BUILT = '2027-03-25T12:00:00Z';
const OUT = path.resolve('target/static-first-dist');

let server;
let browser;
before(async () => {
  const bin = process.env.IMPACTWALL_BIN || 'target/debug/impactwall';
  fs.rmSync(OUT, { recursive: true, force: true });
  execFileSync(bin, ['build', 'tests/fixtures/digest', '--out', OUT, '--shell',
    process.env.IMPACTWALL_SHELL || 'target/shell', '--now', BUILT], { stdio: 'pipe' });
  server = await startStaticServer(OUT);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const raw = async (p) => {
  const res = await fetch(`${server.url}${p}`);
  return { status: res.status, html: await res.text() };
};

const ROUTES = [
  ['/', 'Harbourline Helpdesk', 'Every caller leaves knowing what happens next.'],
  ['/stories', 'Stories · Harbourline Helpdesk', 'The lighthouse keeper&#39;s night call'],
  ['/stories/lighthouse-night', "The lighthouse keeper&#39;s night call · Harbourline Helpdesk", 'the harbour lights'],
  ['/thanks', 'Thank-you wall · Harbourline Helpdesk', 'Grade 4 of the Lindenschool'],
  ['/thanks/voicemail-for-billing', 'a family in Ohio · Harbourline Helpdesk', 'stayed on the line for forty minutes'],
  ['/events', 'Events · Harbourline Helpdesk', 'Spring brunch'],
  ['/events/spring-brunch', 'Spring brunch · Harbourline Helpdesk', '10:30'],
  ['/about', 'Our mission · Harbourline Helpdesk', 'as if it were the only one today'],
  ['/es/', 'Harbourline Ayuda', 'Nuestro impacto juntos'],
  ['/es/stories', 'Historias · Harbourline Ayuda', 'La llamada nocturna del farero'],
  ['/nl/stories', 'Verhalen', 'Verhalen'],
];

test('every route is real HTML with its title and text, before any script runs', async () => {
  for (const [p, title, text] of ROUTES) {
    const { status, html } = await raw(p);
    assert.equal(status, 200, p);
    assert.ok(html.includes(`<title>${title}`), `${p}: <title>${title}… in ${html.match(/<title>[^<]*/)?.[0]}`);
    const body = html.slice(html.indexOf('<body>'));
    assert.ok(body.includes(text), `${p}: body holds "${text}"`);
    assert.match(html, /<meta name="description" content="[^"]+">/, p);
  }
  // An unknown path answers with the 404 page, in its own words.
  const missing = await raw('/stories/no-such-story');
  assert.equal(missing.status, 404);
  assert.ok(missing.html.includes('<meta name="robots" content="noindex">'));
  assert.ok(missing.html.includes("We couldn&#39;t find that page"));
});

test('nothing but the stylesheets stands between the HTML and its first paint', async () => {
  for (const [p] of ROUTES) {
    const { html } = await raw(p);
    const head = html.slice(0, html.indexOf('</head>'));
    // A classic script file in <head> stops the parser until it has arrived, and
    // with it the requests for the stylesheets below it.
    const blocking = [...head.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])
      .filter((tag) => /\ssrc=/.test(tag) && !/\s(defer|async)\b|type="module"/.test(tag));
    assert.deepEqual(blocking, [], `${p}: blocking script files in <head>`);
    // The saved theme is still set before the first paint, inline.
    assert.match(head, /<script id="theme-boot">[^<]*impactwall\.theme[^<]*<\/script>/, p);
  }
});

test('scheduled and expired items are not in the prerendered pages', async () => {
  const stories = (await raw('/stories')).html;
  // The page's body (the payload the app reads sits in <head>).
  const body = stories.split('<body>')[1];
  assert.ok(!body.includes('Scheduled for April'), 'a story published in April is not readable now');
  assert.equal((await raw('/stories/scheduled-later')).status, 404, 'no page before its time');
  assert.equal((await raw('/stories/expired-early')).status, 200, 'live at the build instant');
  assert.ok(!body.includes('Still a draft'));
});

test('the language versions link to each other', async () => {
  const { html } = await raw('/stories/lighthouse-night');
  assert.match(html, /<link rel="alternate" hreflang="es" href="https:\/\/impact\.example\.org\/stories\/lighthouse-night-es">/);
  assert.match(html, /<link rel="alternate" hreflang="en" href="https:\/\/impact\.example\.org\/stories\/lighthouse-night">/);
  assert.match(html, /<html lang="en">/);
  const es = await raw('/stories/lighthouse-night-es');
  assert.match(es.html, /<html lang="es">/);
  const list = await raw('/es/stories');
  assert.match(list.html, /hreflang="nl" href="https:\/\/impact\.example\.org\/nl\/stories"/);
});

test('with JavaScript off, a story is readable and links work', async () => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: VIEWPORTS.phone });
  const page = await context.newPage();
  await page.goto(`${server.url}/stories`);
  assert.equal(await page.locator('h1').innerText(), 'Stories');
  await page.getByRole('link', { name: "The lighthouse keeper's night call" }).first().click();
  await page.waitForURL(/\/stories\/lighthouse-night$/);
  assert.match(await page.locator('h1').innerText(), /lighthouse keeper/);
  assert.match(await page.locator('main').innerText(), /harbour lights/);
  await page.locator('.site-nav').getByRole('link', { name: 'Events' }).click();
  await page.waitForURL(/\/events$/);
  assert.match(await page.locator('main').innerText(), /Spring brunch/);
  await context.close();
});

/// Opens `p` with the browser's clock at `at`, and waits for the take-over.
async function takeOver(p, at, { viewport = VIEWPORTS.desktop } = {}) {
  const opened = await openPage(browser, null, {
    viewport,
    context: { locale: 'en-GB', timezoneId: 'Europe/Amsterdam' },
    setup: async (page) => {
      await page.clock.install({ time: new Date(at) });
      await page.addInitScript(() => {
        window.__shifts = 0;
        new PerformanceObserver((list) => {
          for (const e of list.getEntries()) if (!e.hadRecentInput) window.__shifts += e.value;
        }).observe({ type: 'layout-shift', buffered: true });
      });
    },
  });
  await opened.page.goto(`${server.url}${p}`);
  await opened.page.waitForSelector('body[data-app]', { timeout: 15000 });
  return opened;
}

test('the app hydrates every page without errors, warnings or layout shift', async () => {
  for (const [p] of ROUTES) {
    const { page, context, problems } = await takeOver(p, BUILT);
    const warnings = [];
    page.on('console', (m) => { if (m.type() === 'warning' && /hydrat/i.test(m.text())) warnings.push(m.text()); });
    assert.equal(await page.getAttribute('body', 'data-app'), 'hydrated', `${p} was hydrated, not re-rendered`);
    await page.clock.runFor(1000);
    assert.deepEqual(problems, [], p);
    assert.deepEqual(warnings, [], p);
    assert.deepEqual(await cspViolations(page), [], p);
    const shift = await page.evaluate(() => window.__shifts);
    assert.ok(shift <= 0.05, `${p}: cumulative layout shift ${shift} ≤ 0.05`);
    await context.close();
  }
});

test('after take-over the page is interactive: theme toggle and language switch', async () => {
  const { page, context, problems } = await takeOver('/stories', BUILT);
  await page.locator('.theme-toggle').click();
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  await page.locator('.lang-switch select').selectOption('es');
  await page.waitForURL(/\/es\/stories$/);
  await page.waitForSelector('body[data-app="hydrated"]');
  assert.equal(await page.locator('h1').innerText(), 'Historias');
  // The theme chosen on the other page is there before the app runs.
  assert.equal(await page.getAttribute('html', 'data-theme'), 'dark');
  assert.deepEqual(problems, []);
  await context.close();
});

test('an item whose window closes after the build disappears within a minute', async () => {
  // "Taken down mid-week" expires at midnight on 26 March, Amsterdam (23:00 UTC).
  const { page, context, problems } = await takeOver('/stories', '2027-03-25T22:59:30Z');
  const card = page.locator('.story-card', { hasText: 'Taken down mid-week' });
  await card.waitFor();
  await page.clock.runFor(61_000);
  await card.waitFor({ state: 'detached', timeout: 5000 });
  assert.deepEqual(problems, []);
  await context.close();
});

test('an item that goes live long after the build shows up in the browser', async () => {
  // Published 10 April 09:00 in Amsterdam: beyond what the page carries, so the app
  // loads the whole index.
  const { page, context, problems } = await takeOver('/stories', '2027-04-10T07:30:00Z');
  await page.locator('.story-card', { hasText: 'Scheduled for April' }).waitFor({ timeout: 10000 });
  assert.deepEqual(problems, []);
  await context.close();
});

test('prerendered pages pass axe on a phone', async () => {
  for (const p of ['/', '/stories/lighthouse-night', '/es/events']) {
    const { page, context } = await takeOver(p, BUILT, { viewport: VIEWPORTS.phone });
    assert.deepEqual(await seriousA11yViolations(page), [], p);
    await context.close();
  }
});
