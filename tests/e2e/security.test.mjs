// The XSS corpus in a real browser: every page type and every wall slide of the site
// built from tests/fixtures/xss, with no payload executing, no live handler or script
// URL in the DOM and no CSP violation.
//
// Runs against IMPACTWALL_XSS_DIST (default target/xss-dist), which `make xss-site`
// builds with `impactwall build tests/fixtures/xss --out target/xss-dist --shell target/shell`.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { startStaticServer, launchBrowser, openPage, cspViolations, VIEWPORTS } from './lib/harness.mjs';

const DIST = path.resolve(process.env.IMPACTWALL_XSS_DIST || 'target/xss-dist');
// A moment when every corpus item is live and both events are still ahead.
const NOW = '2027-03-10T10:00:00Z';
const CORPUS_IDS = 132; // tests/fixtures/xss/README.md lists them (p1…p133, no p79)

let server;
let browser;
const hits = []; // requests to /xss-hit from any page, frame or worker

before(async () => {
  assert.ok(
    fs.existsSync(path.join(DIST, 'index.html')) && fs.existsSync(path.join(DIST, 'data/index.json')),
    `${DIST} is not a built site with an app shell; run \`make xss-site\` first`,
  );
  server = await startStaticServer(DIST);
  server.server.prependListener('request', (req) => {
    if (req.url.includes('xss-hit')) hits.push(req.url);
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const index = () => JSON.parse(fs.readFileSync(path.join(DIST, 'data/index.json'), 'utf8'));

// Installed before any page script: the corpus payloads call xss(N); a call that ever
// happens is recorded here (and a payload that cannot find it throws a page error).
function recordPayloads() {
  window.__xssFired = [];
  window.xss = (id) => {
    window.__xssFired.push(String(id));
    try {
      fetch(`/xss-hit?p${id}`);
    } catch {}
  };
}

async function open(url, { viewport = VIEWPORTS.desktop, clock = 'fixed' } = {}) {
  const opened = await openPage(browser, null, {
    viewport,
    context: { timezoneId: 'Europe/Amsterdam' },
    setup: async (page, context) => {
      await page.addInitScript(recordPayloads);
      // Requests from frames and workers too: a payload may fetch instead of calling.
      context.on('request', (req) => {
        if (req.url().includes('xss-hit')) hits.push(req.url());
      });
      if (clock === 'fixed') await page.clock.setFixedTime(new Date(NOW));
      else await page.clock.install({ time: new Date(NOW) });
    },
  });
  await opened.page.goto(`${server.url}${url}`);
  return opened;
}

// The one inline classic script a page may hold in <head>: the shell's theme script
// (index.html), byte for byte.
const THEME_BOOT = fs.readFileSync('index.html', 'utf8').match(/<script id="theme-boot">([\s\S]*?)<\/script>/)?.[1];

// Everything the DOM must never hold, checked in the page (main frame and same-origin
// frames), including shadow roots.
async function domFindings(page) {
  return page.evaluate((themeBoot) => {
    const found = [];
    const badScheme = /^(javascript|vbscript|data|file):/i;
    const urlAttrs = ['href', 'src', 'action', 'formaction', 'xlink:href', 'srcdoc', 'data', 'poster', 'background', 'ping'];
    const visit = (root) => {
      for (const el of root.querySelectorAll('*')) {
        for (const attr of el.attributes) {
          const name = attr.name.toLowerCase();
          if (name.startsWith('on')) found.push(`<${el.localName} ${name}="${attr.value}">`);
          if (name === 'srcdoc') found.push(`<${el.localName} srcdoc>`);
          if (urlAttrs.includes(name)) {
            // What the browser would follow: control characters and whitespace are
            // stripped around and tabs/newlines inside the scheme.
            const v = attr.value.replace(/[\u0000-\u0020]/g, '');
            if (badScheme.test(v) && !(name === 'src' && /^data:image\/(png|jpeg|gif|webp|avif);/i.test(v))) {
              found.push(`<${el.localName} ${name}="${attr.value}">`);
            }
          }
          if (name === 'style' && /url\s*\(|expression\s*\(/i.test(attr.value)) found.push(`<${el.localName} style="${attr.value}">`);
        }
        const tag = el.localName;
        // The page's payload (last in <body>) is a data block the browser never runs.
        const payload = tag === 'script' && el.type === 'application/json' && el.id === 'iw-page';
        if (['script', 'iframe', 'object', 'embed', 'frame', 'base'].includes(tag) && !el.closest('head') && !payload) {
          found.push(`<${tag}> in body`);
        }
        const isThemeBoot = tag === 'script' && el.id === 'theme-boot' && el.textContent === themeBoot;
        if (tag === 'script' && el.closest('head') && !el.src && !el.type?.includes('module') && !payload && !isThemeBoot) found.push('extra inline script in head');
        if (tag === 'meta' && /refresh/i.test(el.getAttribute('http-equiv') || '')) found.push('<meta refresh>');
        if (tag === 'svg' || tag === 'math') {
          for (const inner of el.querySelectorAll('script, foreignObject, a, animate, set')) found.push(`<${tag}> holds <${inner.localName}>`);
        }
        if (el.shadowRoot) visit(el.shadowRoot);
      }
    };
    visit(document);
    for (const frame of document.querySelectorAll('iframe')) {
      try {
        if (frame.contentDocument) visit(frame.contentDocument);
      } catch {}
    }
    return found;
  }, THEME_BOOT);
}

// The page's text must show payloads as text: proof they were escaped, not dropped
// into the DOM as markup.
const pageText = (page) => page.evaluate(() => document.body.innerText);

async function assertClean(page, problems, what) {
  // Hover and focus everything once, so handlers that need a user would have fired.
  await page.evaluate(() => {
    for (const el of document.querySelectorAll('body *')) {
      for (const type of ['mouseover', 'focus', 'toggle', 'animationstart']) el.dispatchEvent(new Event(type));
    }
  });
  await page.waitForTimeout(50);
  const fired = await page.evaluate(() => window.__xssFired);
  assert.deepEqual(fired, [], `${what}: payloads executed`);
  assert.deepEqual(hits, [], `${what}: requests to /xss-hit`);
  assert.deepEqual(await domFindings(page), [], `${what}: live markup in the DOM`);
  assert.deepEqual(await cspViolations(page), [], `${what}: CSP violations`);
  assert.deepEqual(
    problems.filter((p) => !/Failed to load resource: the server responded with a status of 404/.test(p)),
    [],
    `${what}: page errors`,
  );
}

async function waitForContent(page, selector = 'main h1, main h2, main article, main li') {
  await page.locator(selector).first().waitFor({ timeout: 20_000 });
  // Let detail fetches and effects settle.
  await page.waitForLoadState('networkidle');
}

test('the corpus lists at least 60 distinct payloads', () => {
  const readme = fs.readFileSync('tests/fixtures/xss/README.md', 'utf8');
  const ids = new Set([...readme.matchAll(/^\| p(\d+) \|/gm)].map((m) => m[1]));
  assert.ok(ids.size >= 60, `${ids.size} payloads`);
  assert.equal(ids.size, CORPUS_IDS);
  // Every listed payload is really in the corpus files (ids are written xss(N) or pN).
  const corpus = [];
  const walk = (dir) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name !== 'README.md' && /\.(md|toml)$/.test(e.name)) corpus.push(fs.readFileSync(p, 'utf8'));
    }
  };
  walk('tests/fixtures/xss');
  let all = corpus.join('\n');
  // Payloads hidden in base64 data URLs count too.
  for (const m of all.matchAll(/base64,([A-Za-z0-9+/=]+)/g)) all += `\n${Buffer.from(m[1], 'base64').toString('utf8')}`;
  // And those spelled with character references.
  all += `\n${all.replace(/&#(\d+);/g, (_, d) => String.fromCharCode(Number(d)))}`;
  for (const id of ids) {
    assert.ok(
      all.includes(`xss(${id})`) || new RegExp(`\\bp${id}\\b`).test(all),
      `p${id} is listed but not in the corpus`,
    );
  }
});

test('the built corpus publishes every item with its payloads intact as data', () => {
  const idx = index();
  assert.ok(idx.stories.length >= 6, 'stories');
  assert.ok(idx.thanks.length >= 2, 'thanks');
  assert.ok(idx.events.length >= 2, 'events');
  const raw = JSON.stringify(idx);
  // Front-matter strings stay as written (text), for the app to render as text.
  assert.ok(raw.includes('\\"><script>xss(57)</script>'), 'title payload kept as data');
  assert.ok(raw.includes('<img src=x onerror=xss(64)>'), 'thanks.from payload kept as data');
});

const pages = () => {
  const idx = index();
  return [
    '/',
    '/stories',
    '/thanks',
    '/events',
    '/about',
    '/?lang=es',
    '/about?lang=es',
    '/talking-points',
    '/teams',
    '/teams/hostile-desk',
    '/es/talking-points',
    '/es/teams/hostile-desk',
    ...idx.stories.map((s) => `/stories/${s.slug}`),
    ...idx.thanks.map((t) => `/thanks/${t.slug}`),
    ...idx.events.map((e) => `/events/${e.slug}`),
  ];
};

test('no payload executes on any reading page, on desktop and phone', async () => {
  const list = pages();
  assert.ok(list.length >= 17, `${list.length} pages`);
  for (const url of list) {
    for (const viewport of [VIEWPORTS.desktop, VIEWPORTS.phone]) {
      const { page, context, problems } = await open(url, { viewport });
      try {
        await waitForContent(page);
        await assertClean(page, problems, `${url} @${viewport.width}`);
      } finally {
        await context.close();
      }
    }
  }
});

test('front-matter payloads appear as visible text on their pages', async () => {
  const checks = [
    ['/stories/front-matter-injections', ['"><script>xss(57)</script>', '<img src=x onerror=xss(58)>']],
    ['/stories/structures-and-template-bait', ['{{7*7}}']],
    ['/thanks/voicemail-with-markup', ['<img src=x onerror=xss(64)>']],
    ['/events/event-with-markup', ['<img src=x onerror=xss(68)>']],
    ['/teams/hostile-desk', ['<svg onload=xss(124)>Hostile desk', '<img src=x onerror=xss(127)>Mallory']],
    ['/talking-points', ['<img src=x onerror=xss(131)>']],
    ['/stories/raw-html-from-an-email', ['<script>xss(1)</script>', '<svg onload=xss(3)>']],
  ];
  for (const [url, texts] of checks) {
    const { page, context, problems } = await open(url);
    try {
      await waitForContent(page);
      const text = await pageText(page);
      for (const t of texts) assert.ok(text.includes(t), `${url} shows ${t} as text`);
      await assertClean(page, problems, url);
    } finally {
      await context.close();
    }
  }
});

test('story filters and search offer hostile tags, teams and programs as text', async () => {
  const { page, context, problems } = await open('/stories');
  try {
    await waitForContent(page);
    // Every filter choice: the corpus' tags, teams and programs are payloads.
    const selects = page.locator('main select');
    const count = await selects.count();
    let choices = 0;
    for (let i = 0; i < count; i++) {
      const select = selects.nth(i);
      const values = await select.locator('option').evaluateAll((os) => os.map((o) => o.value));
      for (const value of values) {
        await select.selectOption(value);
        await page.waitForTimeout(100);
        choices += 1;
        await assertClean(page, problems, `/stories filter ${i}=${value}`);
      }
    }
    const optionText = await page.$$eval('main select option', (os) => os.map((o) => o.textContent).join('\n'));
    assert.ok(count > 0 && choices > count, `filters offer choices (${count} filters, ${choices} choices)`);
    assert.ok(optionText.includes('<img src=x onerror=xss(61)>'), 'hostile tag offered as text');
    const search = page.locator('input[type="search"]').first();
    if (await search.count()) {
      for (const q of ['xss', '<script>', 'onerror']) {
        await search.fill(q);
        await page.waitForTimeout(300);
        await assertClean(page, problems, `/stories search ${q}`);
      }
    }
    await assertClean(page, problems, '/stories');
  } finally {
    await context.close();
  }
});

async function wallRotation(query) {
  const { page, context, problems } = await open(`/wall${query}`, { viewport: VIEWPORTS.wall, clock: 'install' });
  try {
    await page.locator('.wall-slide, .wall-quiet-screen').first().waitFor({ timeout: 20_000 });
    const keys = await page.$$eval('.wall-progress-step', (els) => els.map((e) => e.getAttribute('data-key')));
    assert.ok(keys.length >= 5, `wall${query} rotates ${keys.length} slides: ${keys}`);
    const seen = [];
    // slide_seconds = 5 in the corpus (items may ask for longer): step the clock a
    // second at a time until every slide has been on screen, for at most two rotations.
    for (let second = 0; second < keys.length * 5 * 2 + 10; second++) {
      const current = await page.locator('main.wall').getAttribute('data-slide');
      if (seen.at(-1) !== current) {
        seen.push(current);
        await page.waitForTimeout(100);
        await assertClean(page, problems, `/wall${query} slide ${current}`);
      }
      if (keys.every((k) => seen.includes(k))) break;
      await page.clock.runFor(1_000);
      await page.waitForTimeout(50);
    }
    for (const k of keys) assert.ok(seen.includes(k), `wall${query} showed ${k} (seen ${seen})`);
    return keys;
  } finally {
    await context.close();
  }
}

test('the wall rotates through every slide without executing a payload', async () => {
  const keys = await wallRotation('');
  for (const kind of ['stories:', 'thanks:', 'events:']) {
    assert.ok(keys.some((k) => k.startsWith(kind)), `wall shows ${kind} slides`);
  }
  assert.ok(keys.includes('mission'), 'mission slide (site name and mission payloads)');
  await wallRotation('?lang=es');
});

test('data and feed files opened directly execute nothing', async () => {
  // A reader may open a shared link to the JSON or the feed: the browser shows them
  // as data, never as HTML.
  for (const file of ['data/index.json', 'data/stories/front-matter-injections.json', 'feed.xml']) {
    const { page, context } = await open(`/${file}`);
    try {
      await page.waitForLoadState('load');
      assert.deepEqual(await page.evaluate(() => window.__xssFired), [], `${file} executed a payload`);
      assert.equal(await page.evaluate(() => document.querySelectorAll('img, svg, script:not([src])').length), 0, file);
      assert.deepEqual(hits, []);
    } finally {
      await context.close();
    }
  }
});
