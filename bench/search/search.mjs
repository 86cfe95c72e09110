// Search in the browser on a built site (bench/search/run.sh builds the generated
// 10,000-item one): time to first results and per keystroke at 4x CPU throttle, and
// bytes transferred for the first and later queries, for the site's search page and,
// in the same run, for Pagefind's runtime called directly (the reference: what the
// page adds on top of Pagefind).
//
//   node bench/search/search.mjs DIST [RUNS]
//
// "Bytes after take-over, before the first key" are what the page loads once the app
// has taken it over until the reader focuses the field (the search page loads the
// runtime then; for Pagefind alone, its load and init).
// Bytes are counted as a static host sends them: the local server gzips text and wasm
// (Pagefind's index chunks and fragments are gzipped files already).
import { startStaticServer, launchBrowser } from '../../tests/e2e/lib/harness.mjs';

const dist = process.argv[2];
const runs = Number(process.argv[3] || 5);
if (!dist) {
  console.error('usage: node bench/search/search.mjs DIST [RUNS]');
  process.exit(2);
}
// A word in nearly every item (its chunk is the largest), then more words typed one
// key at a time, then a rare word (one story).
const FIRST = 'ferry';
const LATER = ' night';
const RARE = '4217';

const server = await startStaticServer(dist, { compress: true });
const browser = await launchBrowser();

async function session() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  // Pagefind fetches from its worker: requests are counted for the page and its
  // workers (Playwright reports both), as body plus headers received.
  let bytes = 0;
  context.on('requestfinished', async (req) => {
    const sizes = await req.sizes().catch(() => null);
    if (sizes) bytes += sizes.responseBodySize + sizes.responseHeadersSize;
  });
  return { context, page, bytesSince: () => { const b = bytes; return () => bytes - b; } };
}

// A reader types at about this pace (ms between keys; a fast typist). Times are from
// the last key of the first word; `KEY_DELAY=0` types the word at once instead.
const KEY_DELAY = Number(process.env.KEY_DELAY ?? 120);

/// The site: open `start` (the search page, or the home page whose header field leads
/// there), wait until the app has taken it over, then type; each time ends when the
/// status answers the words typed and a result shows.
async function sitePage(start) {
  const { context, page, bytesSince } = await session();
  await page.addInitScript(() => {
    window.__keyAt = 0;
    window.__shown = new Map();
    addEventListener('keydown', () => { window.__keyAt = performance.now(); }, true);
    new MutationObserver(() => {
      const q = (document.querySelector('.search__status')?.textContent || '').match(/“(.*)”/)?.[1];
      if (q === undefined || window.__shown.has(q) || !document.querySelector('.search-result')) return;
      window.__shown.set(q, NaN);
      requestAnimationFrame(() => window.__shown.set(q, performance.now()));
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  await page.goto(`${server.url}${start}`);
  await page.waitForSelector('body[data-app]', { timeout: 60000 });
  let bytes = bytesSince();
  const field = page.locator('header input[type="search"]');
  // What loads after the take-over, before the first key (the search page loads the
  // runtime then).
  await page.waitForTimeout(1000);
  const out = { keys: [], preloadBytes: bytes() };
  // The time from the last key down to the frame that shows the answer to `q`, as
  // the page itself saw them (waiting polls rarely, so as not to slow the page).
  const answered = async (q) => {
    await page.waitForFunction((q) => window.__shown.get(q) > 0, q, { timeout: 60000, polling: 50 });
    return page.evaluate((q) => window.__shown.get(q) - window.__keyAt, q);
  };
  // From the focus on: focusing the field starts loading the runtime elsewhere.
  bytes = bytesSince();
  await field.focus();
  // Playwright's `delay` holds each key down that long: the last key is pressed
  // without it, so the time runs from its input.
  await page.keyboard.type(FIRST.slice(0, -1), { delay: KEY_DELAY });
  await page.keyboard.press(FIRST.slice(-1));
  out.first = await answered(FIRST);
  out.firstBytes = bytes();
  let typed = FIRST;
  bytes = bytesSince();
  for (const key of LATER) {
    typed += key;
    await page.keyboard.type(key);
    if (typed.trim() === typed) out.keys.push(await answered(typed));
  }
  out.laterBytes = bytes();
  await field.fill('');
  bytes = bytesSince();
  await page.keyboard.type(RARE);
  out.rare = await answered(RARE);
  out.rareBytes = bytes();
  await context.close();
  return out;
}

/// Pagefind's runtime alone, in a page of the same site: loaded and initialised first
/// (as the search page does when it opens), then the same words, the data of the first
/// 5 results loaded, as the page does.
async function pagefindAlone() {
  const { context, page, bytesSince } = await session();
  await page.goto(`${server.url}/feed.xml`);
  let bytes = bytesSince();
  await page.evaluate(async () => {
    const pf = await import('/pagefind/en/pagefind.js');
    await pf.options({ basePath: '/pagefind/en/', excerptLength: 24 });
    await pf.init();
  });
  const out = { keys: [], preloadBytes: bytes() };
  const run = (q) =>
    page.evaluate(async (q) => {
      const t0 = performance.now();
      const pf = await import('/pagefind/en/pagefind.js');
      const found = await pf.search(q);
      await Promise.all(found.results.slice(0, 5).map((r) => r.data()));
      return performance.now() - t0;
    }, q);
  bytes = bytesSince();
  out.first = await run(FIRST);
  out.firstBytes = bytes();
  bytes = bytesSince();
  let typed = FIRST;
  for (const key of LATER) {
    typed += key;
    if (typed.trim() === typed) out.keys.push(await run(typed));
  }
  out.laterBytes = bytes();
  bytes = bytesSince();
  out.rare = await run(RARE);
  out.rareBytes = bytes();
  await context.close();
  return out;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const results = { site: [], home: [], pagefind: [] };
for (let i = 0; i < runs; i++) {
  results.pagefind.push(await pagefindAlone());
  results.site.push(await sitePage('/search'));
  results.home.push(await sitePage('/'));
}
await browser.close();
await server.close();

const kib = (rs, key) => `${(median(rs.map((r) => r[key])) / 1024).toFixed(1)} KiB`;
const row = (name, rs) => {
  const keys = rs.flatMap((r) => r.keys);
  return `| ${name} | ${median(rs.map((r) => r.first)).toFixed(0)} ms | ${median(keys).toFixed(0)} ms (max ${Math.max(...keys).toFixed(0)}) | ${median(rs.map((r) => r.rare)).toFixed(0)} ms | ${kib(rs, 'preloadBytes')} | ${kib(rs, 'firstBytes')} | ${kib(rs, 'laterBytes')} | ${kib(rs, 'rareBytes')} |`;
};
const site = results.site;
const pf = results.pagefind;
const typing = KEY_DELAY ? `typed ${KEY_DELAY} ms per key` : 'typed at once';
console.log(`Search at 4x CPU throttle, local server, medians of ${runs} runs ("${FIRST}" ${typing}, 1 s after the app took the page over; then "${LATER.trim()}" one key at a time, then "${RARE}"):\n`);
console.log('| | first results after the last key | each later key | rare word | bytes after take-over, before the first key | bytes, first query | bytes, later keys (all) | bytes, rare word |');
console.log('|---|---|---|---|---|---|---|---|');
console.log(row('/search page (site)', site));
console.log(row('header field on `/` (site)', results.home));
console.log(row('Pagefind runtime alone, loaded first (reference)', pf));
console.log(`\nRatio search page / Pagefind alone: first results ${(median(site.map((r) => r.first)) / median(pf.map((r) => r.first))).toFixed(2)}, later keys ${(median(site.flatMap((r) => r.keys)) / median(pf.flatMap((r) => r.keys))).toFixed(2)}.`);
