// First paint of two builds of the same site, before and after a change, against the
// static Hugo reference of paint.mjs, in one run with the runs alternated (hugo, A, B,
// hugo, A, B, …) so that the machine's drift falls on both sides alike.
//
//   node bench/paint/ab.mjs DIST_BEFORE DIST_AFTER     (PAINT_RUNS=9)
//
// Same conditions as paint.mjs: phone viewport, 4x CPU throttle, a fresh browser
// context per load. Prints a markdown table: median FCP and LCP per page and build,
// their ratio to the Hugo page, and the largest layout shift seen up to take-over.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startStaticServer, launchBrowser } from '../../tests/e2e/lib/harness.mjs';

const RUNS = Number(process.env.PAINT_RUNS || 9);
const THROTTLE = 4;
const [before, after] = process.argv.slice(2).map((d) => path.resolve(d));
if (!before || !after) {
  process.stderr.write('usage: node bench/paint/ab.mjs DIST_BEFORE DIST_AFTER\n');
  process.exit(2);
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/// The reference of paint.mjs: one Hugo page with the story's title, summary and text.
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
  await page.addInitScript(() => {
    window.__lcp = 0;
    window.__cls = 0;
    new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__lcp = e.startTime; })
      .observe({ type: 'largest-contentful-paint', buffered: true });
    new PerformanceObserver((l) => { for (const e of l.getEntries()) if (!e.hadRecentInput) window.__cls += e.value; })
      .observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('body[data-app]', { timeout: 5000 }).catch(() => {});
  await page.waitForTimeout(500);
  const r = await page.evaluate(() => ({
    fcp: performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? NaN,
    lcp: window.__lcp,
    cls: window.__cls,
  }));
  await context.close();
  return r;
}

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'paint-ab-'));
try {
  const index = JSON.parse(fs.readFileSync(path.join(after, 'data', 'index.json'), 'utf8'));
  const live = index.stories.filter((s) => fs.existsSync(path.join(after, 'stories', s.slug, 'index.html')));
  const slug = (live.find((s) => s.image) ?? live[0]).slug;
  const story = JSON.parse(fs.readFileSync(path.join(after, 'data', 'stories', `${slug}.json`), 'utf8'));
  const servers = {
    hugo: await startStaticServer(hugoReference(work, story)),
    before: await startStaticServer(before),
    after: await startStaticServer(after),
  };
  const pages = ['/', `/stories/${slug}`, '/events'];
  const browser = await launchBrowser();
  const res = new Map();
  const add = (key, r) => res.set(key, [...(res.get(key) || []), r]);
  for (let i = 0; i < RUNS; i += 1) {
    add('hugo', await measure(browser, `${servers.hugo.url}/story/`));
    for (const p of pages) {
      for (const side of ['before', 'after']) add(`${side} ${p}`, await measure(browser, `${servers[side].url}${p}`));
    }
    process.stderr.write(`run ${i + 1}/${RUNS}\n`);
  }
  await browser.close();
  for (const s of Object.values(servers)) await s.close();
  const m = (key, f) => median(res.get(key).map((r) => r[f]));
  const [hf, hl] = [m('hugo', 'fcp'), m('hugo', 'lcp')];
  const cell = (key) => `${m(key, 'fcp').toFixed(0)} / ${m(key, 'lcp').toFixed(0)} ms (${(m(key, 'fcp') / hf).toFixed(2)}x / ${(m(key, 'lcp') / hl).toFixed(2)}x)`;
  const cls = (key) => Math.max(...res.get(key).map((r) => r.cls)).toFixed(3);
  const lines = [
    `First paint at ${THROTTLE}x CPU throttle, phone viewport, empty cache, median of ${RUNS} alternated runs; `
      + `load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')} at the end:`,
    '',
    '| page | before: FCP / LCP (vs Hugo) | after: FCP / LCP (vs Hugo) | largest CLS before / after |',
    '|---|---|---|---|',
    `| static Hugo page (same story text) | ${hf.toFixed(0)} / ${hl.toFixed(0)} ms (1.00x) | same | 0 |`,
    ...pages.map((p) => `| impactwall \`${p}\` | ${cell(`before ${p}`)} | ${cell(`after ${p}`)} | ${cls(`before ${p}`)} / ${cls(`after ${p}`)} |`),
  ];
  process.stdout.write(`${lines.join('\n')}\n`);
} finally {
  fs.rmSync(work, { recursive: true, force: true });
}
