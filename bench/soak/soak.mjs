// Wall soak benchmark: 10,000 slide changes at accelerated speed in headless Chromium
// (a controlled clock, 3-second slides, the index re-fetched every 60 s as on a real
// screen), reporting JS heap and wasm memory after GC and DOM counts at the start and
// the end. Not part of the test suite: run it on purpose.
//
//   make shell-release && node bench/soak/soak.mjs [--slides 10000]
//
// Uses the app shell in IMPACTWALL_DIST, dist/ or target/shell and the wall test
// fixture's data.
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../tests/e2e/lib/harness.mjs';
import { startWallServer, shellDir } from '../../tests/e2e/fixtures/wall/server.mjs';

const argSlides = process.argv.indexOf('--slides');
const SLIDES = argSlides > 0 ? Number(process.argv[argSlides + 1]) : 10_000;
const SLIDE_MS = 3_000;
const WARMUP = 50;
const MiB = 1024 * 1024;

const server = await startWallServer();
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [...CHROMIUM_ARGS, '--js-flags=--expose-gc'],
});
const context = await browser.newContext({ viewport: { width: 1920, height: 1080 }, timezoneId: 'Europe/Amsterdam' });
const page = await context.newPage();
const errors = [];
page.on('pageerror', (e) => errors.push(e.message));
page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
await page.addInitScript(() => {
  addEventListener('TrunkApplicationStarted', (e) => { window.__wasmExports = e.detail.wasm; });
});
// Monday 07:00 in Amsterdam: eight hours of slides fit before the quiet hours.
await page.clock.install({ time: new Date('2027-03-08T06:00:00Z') });
const cdp = await context.newCDPSession(page);
await page.goto(`${server.url}/wall?seconds=3`);
await page.locator('.wall-slide').first().waitFor({ timeout: 30_000 });

const changes = () => page.evaluate(() => window.__wallSlideChanges || 0);

const currentSlide = () => page.locator('main.wall').getAttribute('data-slide');

async function measure() {
  for (let i = 0; i < 3; i++) {
    await cdp.send('HeapProfiler.collectGarbage');
    await page.waitForTimeout(100);
  }
  const heap = await cdp.send('Runtime.getHeapUsage');
  const dom = await cdp.send('Memory.getDOMCounters');
  const page_ = await page.evaluate(() => ({
    wasmBytes: window.__wasmExports?.memory?.buffer?.byteLength ?? null,
    elements: document.getElementsByTagName('*').length,
    classes: [...document.querySelectorAll('main.wall [class]')].map((e) => e.className).join(' '),
    stamp: document.querySelector('.wall-stamp')?.innerText ?? '',
    slides: window.__wallSlideChanges || 0,
  }));
  return { slide: await currentSlide(), jsHeapUsed: heap.usedSize, nodes: dom.nodes, listeners: dom.jsEventListeners, documents: dom.documents, ...page_ };
}

async function advance(n) {
  const target = (await changes()) + n;
  while ((await changes()) < target) {
    await page.clock.runFor(SLIDE_MS);
  }
}

await advance(WARMUP);
const start = await measure();
const t0 = Date.now();
let last = Date.now();
const target = start.slides + SLIDES;
while ((await changes()) < target) {
  await page.clock.runFor(SLIDE_MS * 10);
  if (Date.now() - last > 15_000) {
    last = Date.now();
    process.stderr.write(`  ${(await changes()) - start.slides} / ${SLIDES} slide changes\n`);
  }
}
const seconds = (Date.now() - t0) / 1000;
// Compare like with like: end on the slide the measurement started on.
for (let i = 0; i < 40 && (await currentSlide()) !== start.slide; i++) await advance(1);
const end = await measure();

const row = (label, key, unit = 1, digits = 0) =>
  `| ${label} | ${(start[key] / unit).toFixed(digits)} | ${(end[key] / unit).toFixed(digits)} | ${((end[key] - start[key]) / unit).toFixed(digits)} |`;
console.log(`Wall soak: ${end.slides - start.slides} slide changes (after ${WARMUP} warm-up) in ${seconds.toFixed(0)} s, shell ${shellDir()}`);
console.log(`measured on slide ${start.slide} at both ends`);
console.log('');
console.log('| measure | start | end | growth |');
console.log('|---|---|---|---|');
console.log(row('JS heap used after GC (KiB)', 'jsHeapUsed', 1024, 0));
console.log(row('wasm linear memory (KiB)', 'wasmBytes', 1024, 0));
console.log(row('DOM nodes (CDP)', 'nodes'));
console.log(row('elements in document', 'elements'));
console.log(row('JS event listeners', 'listeners'));
if (start.elements !== end.elements) {
  const count = (s) => s.split(' ').reduce((m, c) => m.set(c, (m.get(c) || 0) + 1), new Map());
  const a = count(start.classes);
  const b = count(end.classes);
  const diff = [...new Set([...a.keys(), ...b.keys()])].filter((k) => a.get(k) !== b.get(k)).map((k) => `${k}: ${a.get(k) || 0} → ${b.get(k) || 0}`);
  console.log(`\nelement difference: ${diff.join(', ')}; stamp "${start.stamp}" → "${end.stamp}"`);
}
const growth = (end.jsHeapUsed - start.jsHeapUsed + (end.wasmBytes - start.wasmBytes)) / MiB;
console.log('');
console.log(`combined growth ${growth.toFixed(3)} MiB (target ≤ 1 MiB); page errors: ${errors.length}`);
await browser.close();
await server.close();
process.exit(growth <= 1 && end.elements === start.elements && errors.length === 0 ? 0 : 1);
