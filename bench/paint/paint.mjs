// First paint of the prerendered pages against a static Hugo page of the same story
// text, served by the same static server, in one run.
//
//   make site && node bench/paint/paint.mjs        (PAINT_RUNS=7, PAINT_LARGE=10000)
//
// 1. Median first contentful paint and largest contentful paint of `/`, a story page
//    and `/events` of the sample site (dist/), and of a Hugo page holding that story's
//    title and text, at 4x CPU throttle (CDP Emulation.setCPUThrottlingRate), a fresh
//    browser context (empty cache) per run, PAINT_RUNS runs each.
// 2. Bytes before interactive: everything `/` transfers until the app has taken the
//    page over (`<body data-app>`), on the sample site and on a site generated with
//    bench/content/gen.py (PAINT_LARGE items; 0 skips it), built with the same shell.
//
// Writes bench/out/paint.md and prints it; bench/results.md keeps the latest copy.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStaticServer, launchBrowser } from '../../tests/e2e/lib/harness.mjs';

const RUNS = Number(process.env.PAINT_RUNS || 7);
const LARGE = Number(process.env.PAINT_LARGE ?? 10000);
const THROTTLE = 4;
const DIST = path.resolve(process.env.IMPACTWALL_DIST || 'dist');
const BIN = path.resolve(process.env.IMPACTWALL_BIN || 'target/release/impactwall');
const SHELL = path.resolve(process.env.IMPACTWALL_SHELL || 'target/shell');
const log = (s) => process.stderr.write(`${s}\n`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/// A Hugo site with one page: the story's title and text, a heading and paragraphs.
function hugoReference(work, story) {
  const src = path.join(work, 'hugo');
  fs.mkdirSync(path.join(src, 'content'), { recursive: true });
  fs.mkdirSync(path.join(src, 'layouts', '_default'), { recursive: true });
  fs.writeFileSync(path.join(src, 'hugo.toml'),
    'baseURL = "http://localhost/"\ntitle = "reference"\ndisableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "home", "section"]\n');
  fs.writeFileSync(path.join(src, 'layouts', '_default', 'single.html'),
    '<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{{ .Title }}</title></head>'
    + '<body><main><h1>{{ .Title }}</h1><p>{{ .Summary }}</p>{{ .Content }}</main></body></html>\n');
  const text = story.body_html.replace(/<[^>]+>/g, '').trim();
  fs.writeFileSync(path.join(src, 'content', 'story.md'),
    `+++\ntitle = ${JSON.stringify(story.title)}\nsummary = ${JSON.stringify(story.summary)}\n+++\n\n${text}\n`);
  const out = path.join(work, 'hugo-dist');
  execFileSync('hugo', ['--source', src, '--destination', out, '--quiet']);
  return out;
}

async function measure(browser, url) {
  const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: THROTTLE });
  await cdp.send('Network.enable');
  let bytes = 0;
  let interactive = null;
  cdp.on('Network.loadingFinished', (e) => { if (interactive === null) bytes += e.encodedDataLength; });
  await page.addInitScript(() => {
    window.__lcp = 0;
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lcp = e.startTime; })
      .observe({ type: 'largest-contentful-paint', buffered: true });
  });
  await page.goto(url, { waitUntil: 'load' });
  // The app's take-over, where there is an app.
  await page.waitForSelector('body[data-app]', { timeout: 5000 }).catch(() => {});
  interactive = bytes;
  await page.waitForTimeout(500);
  const r = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    lcp: window.__lcp,
  }));
  await context.close();
  return { ...r, bytes: interactive };
}

async function series(browser, url) {
  const runs = [];
  for (let i = 0; i < RUNS; i += 1) runs.push(await measure(browser, url));
  return {
    fcp: median(runs.map((r) => r.fcp)),
    lcp: median(runs.map((r) => r.lcp)),
    bytes: median(runs.map((r) => r.bytes)),
  };
}

async function bytesOfLargeSite(browser, work) {
  execFileSync('python3', ['bench/content/gen.py', path.join(work, 'gen'), String(LARGE)]);
  const out = path.join(work, 'large-dist');
  execFileSync(BIN, ['build', path.join(work, 'gen', 'impactwall'), '--out', out, '--shell', SHELL], { stdio: 'pipe' });
  const server = await startStaticServer(out);
  const r = await measure(browser, `${server.url}/`);
  const index = fs.statSync(path.join(out, 'data', 'index.json')).size;
  await server.close();
  return { ...r, index };
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'paint-'));
try {
  const index = JSON.parse(fs.readFileSync(path.join(DIST, 'data', 'index.json'), 'utf8'));
  const slug = index.stories.find((s) => s.image)?.slug ?? index.stories[0].slug;
  const story = JSON.parse(fs.readFileSync(path.join(DIST, 'data', 'stories', `${slug}.json`), 'utf8'));
  const hugo = hugoReference(work, story);
  const site = await startStaticServer(DIST);
  const ref = await startStaticServer(hugo);
  const browser = await launchBrowser();
  const rows = [];
  log('hugo reference…');
  const base = await series(browser, `${ref.url}/story/`);
  rows.push(['static Hugo page (same story text)', base]);
  for (const p of ['/', `/stories/${slug}`, '/events']) {
    log(`${p}…`);
    rows.push([`impactwall \`${p}\``, await series(browser, `${site.url}${p}`)]);
  }
  let large = null;
  if (LARGE > 0) {
    log(`generated site of ${LARGE} stories…`);
    large = await bytesOfLargeSite(browser, work);
  }
  await browser.close();
  await site.close();
  await ref.close();
  const kb = (b) => `${(b / 1024).toFixed(1)} KB`;
  const ratio = (a, b) => `${(a / b).toFixed(2)}x`;
  const lines = [
    `First paint at ${THROTTLE}x CPU throttle, phone viewport, empty cache, median of ${RUNS} runs, one run of the bench:`,
    '',
    '| page | FCP | LCP | FCP vs Hugo | LCP vs Hugo | bytes before interactive |',
    '|---|---|---|---|---|---|',
    ...rows.map(([name, r]) => `| ${name} | ${r.fcp.toFixed(0)} ms | ${r.lcp.toFixed(0)} ms | ${ratio(r.fcp, base.fcp)} | ${ratio(r.lcp, base.lcp)} | ${kb(r.bytes)} |`),
  ];
  if (large) {
    const sample = rows[1][1].bytes;
    lines.push('', `\`/\` of a generated site (${LARGE} stories, ${LARGE / 4} thanks, ${LARGE / 20} events; data/index.json ${kb(large.index)}): `
      + `${kb(large.bytes)} before interactive, ${ratio(large.bytes, sample)} the sample site's ${kb(sample)}.`);
  }
  const md = `${lines.join('\n')}\n`;
  fs.mkdirSync('bench/out', { recursive: true });
  fs.writeFileSync('bench/out/paint.md', md);
  process.stdout.write(md);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
