// Search in the browser on a built site (bench/search/run.sh builds the generated
// 10,000-item one): time to first results and per keystroke at 4x CPU throttle, and
// bytes transferred for the first and later queries, for the site's search page and,
// in the same run, for Pagefind's runtime called directly (the reference: what the
// page adds on top of Pagefind).
//
//   node bench/search/search.mjs DIST [RUNS]
//
// Bytes are counted as served by a local server without compression (Pagefind's chunks
// are gzipped already; its pagefind.js is not), so they are an upper bound.
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

const server = await startStaticServer(dist);
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

/// The search page: type, then wait until the status answers the words typed.
async function sitePage() {
  const { context, page, bytesSince } = await session();
  await page.goto(`${server.url}/search`);
  const field = page.locator('header input[type="search"]');
  await field.waitFor();
  await page.waitForTimeout(300);
  const answered = (q) =>
    page.waitForFunction(
      (q) => (document.querySelector('.search__status')?.textContent || '').includes(`“${q}”`) && document.querySelector('.search-result'),
      q,
      { timeout: 60000, polling: 'raf' },
    );
  const out = { keys: [] };
  // From the focus on: focusing the field starts loading the runtime.
  let bytes = bytesSince();
  await field.focus();
  await page.keyboard.type(FIRST);
  let t0 = performance.now();
  await answered(FIRST);
  out.first = performance.now() - t0;
  out.firstBytes = bytes();
  let typed = FIRST;
  bytes = bytesSince();
  for (const key of LATER) {
    typed += key;
    await page.keyboard.type(key);
    t0 = performance.now();
    if (typed.trim() === typed) {
      await answered(typed);
      out.keys.push(performance.now() - t0);
    }
  }
  out.laterBytes = bytes();
  await field.fill('');
  bytes = bytesSince();
  await page.keyboard.type(RARE);
  t0 = performance.now();
  await answered(RARE);
  out.rare = performance.now() - t0;
  out.rareBytes = bytes();
  await context.close();
  return out;
}

/// Pagefind's runtime alone, in a page of the same site: the same words, the data of
/// the first 10 results loaded, as the page does.
async function pagefindAlone() {
  const { context, page, bytesSince } = await session();
  await page.goto(`${server.url}/feed.xml`);
  const run = (q) =>
    page.evaluate(async (q) => {
      const t0 = performance.now();
      const pf = await import('/pagefind/en/pagefind.js');
      await pf.options({ basePath: '/pagefind/en/', excerptLength: 24 });
      const found = await pf.search(q);
      await Promise.all(found.results.slice(0, 10).map((r) => r.data()));
      return performance.now() - t0;
    }, q);
  const out = { keys: [] };
  let bytes = bytesSince();
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

const results = { site: [], pagefind: [] };
for (let i = 0; i < runs; i++) {
  results.pagefind.push(await pagefindAlone());
  results.site.push(await sitePage());
}
await browser.close();
await server.close();

const row = (name, rs) => {
  const keys = rs.flatMap((r) => r.keys);
  return `| ${name} | ${median(rs.map((r) => r.first)).toFixed(0)} ms | ${median(keys).toFixed(0)} ms (max ${Math.max(...keys).toFixed(0)}) | ${median(rs.map((r) => r.rare)).toFixed(0)} ms | ${(median(rs.map((r) => r.firstBytes)) / 1024).toFixed(1)} KiB | ${(median(rs.map((r) => r.laterBytes)) / 1024).toFixed(1)} KiB | ${(median(rs.map((r) => r.rareBytes)) / 1024).toFixed(1)} KiB |`;
};
const site = results.site;
const pf = results.pagefind;
console.log(`Search at 4x CPU throttle, local server, medians of ${runs} runs ("${FIRST}" typed at once, then "${LATER.trim()}" one key at a time, then "${RARE}"):\n`);
console.log('| | first results after the last key | each later key | rare word | bytes, first query | bytes, later keys (all) | bytes, rare word |');
console.log('|---|---|---|---|---|---|---|');
console.log(row('/search page (site)', site));
console.log(row('Pagefind runtime alone (reference)', pf));
console.log(`\nRatio page / Pagefind alone: first results ${(median(site.map((r) => r.first)) / median(pf.map((r) => r.first))).toFixed(2)}, later keys ${(median(site.flatMap((r) => r.keys)) / median(pf.flatMap((r) => r.keys))).toFixed(2)}.`);
