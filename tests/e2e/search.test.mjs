// Search end to end: the header field and /search?q=… against sites built by the
// command line (Pagefind bundles under pagefind/{lang}/) from tests/e2e/fixtures/search
// and from the XSS corpus (tests/fixtures/xss).
//
// Needs the app shell (target/shell, or IMPACTWALL_SHELL) and the debug command line
// (target/debug/impactwall, or IMPACTWALL_BIN): `make e2e` builds both.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { startStaticServer, launchBrowser, openPage, cspViolations } from './lib/harness.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CLI = path.resolve(process.env.IMPACTWALL_BIN || 'target/debug/impactwall');
const SHELL = path.resolve(process.env.IMPACTWALL_SHELL || 'target/shell');
// Before and after the scheduled story's publish_at (2027-03-01 09:00 Amsterdam).
const BEFORE = new Date('2027-02-15T10:00:00Z');
const AFTER = new Date('2027-03-02T10:00:00Z');

function build(content, out) {
  assert.ok(fs.existsSync(path.join(SHELL, 'index.html')), `no app shell at ${SHELL}: run \`trunk build --release\``);
  const dest = path.resolve(out);
  fs.rmSync(dest, { recursive: true, force: true });
  execFileSync(CLI, ['build', content, '--out', dest, '--shell', SHELL], { stdio: 'pipe' });
  return dest;
}

let site;
let xss;
let browser;
before(async () => {
  site = await startStaticServer(build(path.join(HERE, 'fixtures/search'), 'target/e2e-search'));
  xss = await startStaticServer(build('tests/fixtures/xss', 'target/e2e-search-xss'));
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await site?.close();
  await xss?.close();
});

async function open(server, url, { time = BEFORE, javaScriptEnabled = true, setup } = {}) {
  const opened = await openPage(browser, null, {
    context: { locale: 'en-GB', timezoneId: 'Europe/Amsterdam', javaScriptEnabled },
    setup: async (page, context) => {
      if (javaScriptEnabled) await page.clock.install({ time });
      if (setup) await setup(page, context);
    },
  });
  await opened.page.goto(`${server.url}${url}`);
  return opened;
}

/// The result titles once the status line says the search is done.
async function results(page) {
  await page.waitForFunction(
    () =>
      document.querySelector('.search__results')?.getAttribute('aria-busy') === 'false' &&
      /result|Nothing found|resultado|No encontramos|resulta|Niets gevonden/.test(document.querySelector('.search__status')?.textContent || ''),
    null,
    { timeout: 15000 },
  );
  return page.locator('.search-result__title').allInnerTexts();
}

async function search(page, words) {
  const field = page.locator('header input[type="search"]');
  await field.fill(words);
  await page.waitForURL((u) => u.pathname === '/search' && u.searchParams.get('q') === words, { timeout: 10000 });
  return results(page);
}

async function clean(page, problems) {
  assert.deepEqual(await cspViolations(page), [], 'CSP violations');
  assert.deepEqual(problems, [], 'page errors');
}

describe('matching', () => {
  const cases = [
    ['cafe', 'The Café on the corner keeps its lights on', 'accent-free word finds the accented title'],
    ['muller', 'The Café on the corner keeps its lights on', 'muller finds Müller'],
    ['travelling', 'The blind man and the bus', 'English stemming: travelling finds traveller'],
    ['guid', 'The blind man and the bus', 'prefix while typing'],
  ];
  for (const [words, title, what] of cases) {
    test(what, async () => {
      const { page, context, problems } = await open(site, '/');
      try {
        await page.locator('header input[type="search"]').waitFor();
        const titles = await search(page, words);
        assert.ok(titles.includes(title), `${words} → ${JSON.stringify(titles)}`);
        await clean(page, problems);
      } finally {
        await context.close();
      }
    });
  }

  test('Spanish: nino finds niño, viajar finds viajando', async () => {
    const { page, context, problems } = await open(site, '/search?q=nino&lang=es');
    try {
      assert.deepEqual(await results(page), ['El niño del autobús']);
      assert.deepEqual(await search(page, 'viajar'), ['El niño del autobús']);
      await clean(page, problems);
    } finally {
      await context.close();
    }
  });

  test('Dutch: wandelen finds wandelingen', async () => {
    const { page, context, problems } = await open(site, '/search?q=wandelen&lang=nl');
    try {
      assert.deepEqual(await results(page), ['De brief van de grootmoeder uit Arnhem']);
      await clean(page, problems);
    } finally {
      await context.close();
    }
  });

  test('unconsented stories and drafts are never found', async () => {
    const { page, context } = await open(site, '/search?q=quokka', { time: AFTER });
    try {
      assert.deepEqual(await results(page), []);
      assert.deepEqual(await search(page, 'platypus'), []);
    } finally {
      await context.close();
    }
  });

  test('a match in the title ranks above matches in bodies', async () => {
    const { page, context } = await open(site, '/search?q=harbour');
    try {
      const titles = await results(page);
      assert.equal(titles[0], 'Harbour open day', JSON.stringify(titles));
    } finally {
      await context.close();
    }
  });

  test('the matching words are highlighted in the excerpt', async () => {
    const { page, context } = await open(site, '/search?q=harbour');
    try {
      await results(page);
      const marks = await page.locator('.search-result mark').allInnerTexts();
      assert.ok(marks.length > 0 && marks.every((m) => /harbour/i.test(m)), JSON.stringify(marks));
    } finally {
      await context.close();
    }
  });
});

test('a scheduled story is found only after its publish time, without a rebuild', async () => {
  for (const [time, expected] of [[BEFORE, []], [AFTER, ['The zeppelin reunion']]]) {
    const { page, context } = await open(site, '/search?q=zeppelin', { time });
    try {
      assert.deepEqual(await results(page), expected, `at ${time.toISOString()}`);
    } finally {
      await context.close();
    }
  }
});

test('filters by kind, team and program narrow the results and live in the URL', async () => {
  const { page, context, problems } = await open(site, '/search?q=harbour');
  try {
    const all = await results(page);
    assert.ok(all.length >= 4, JSON.stringify(all));
    await page.selectOption('#search-team', 'billing');
    await page.waitForURL((u) => u.searchParams.get('team') === 'billing');
    const billing = await results(page);
    assert.ok(billing.includes('The Café on the corner keeps its lights on'), JSON.stringify(billing));
    assert.ok(!billing.includes('Winter storm at the docks'), JSON.stringify(billing));
    await page.selectOption('#search-kind', 'stories');
    await page.waitForURL((u) => u.searchParams.get('kind') === 'stories');
    assert.deepEqual(await results(page), ['The Café on the corner keeps its lights on']);
    await page.selectOption('#search-team', '');
    await page.selectOption('#search-program', 'Transport');
    await page.waitForURL((u) => u.searchParams.get('program') === 'Transport' && !u.searchParams.get('team'));
    const transport = await results(page);
    assert.deepEqual(new Set(transport), new Set(['The blind man and the bus', 'Winter storm at the docks']));
    await clean(page, problems);
  } finally {
    await context.close();
  }
});

test('keyboard: / focuses the field, arrows walk the results, Enter opens, back restores', async () => {
  const { page, context, problems } = await open(site, '/stories');
  try {
    await page.locator('header input[type="search"]').waitFor();
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'site-search-q');
    await page.keyboard.type('harbour');
    await page.waitForURL((u) => u.pathname === '/search' && u.searchParams.get('q') === 'harbour');
    const titles = await results(page);
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), titles[0]);
    await page.keyboard.press('ArrowDown');
    assert.equal(await page.evaluate(() => document.activeElement?.textContent), titles[1]);
    await page.keyboard.press('ArrowUp');
    await page.keyboard.press('ArrowUp');
    assert.equal(await page.evaluate(() => document.activeElement?.id), 'site-search-q');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL((u) => u.pathname !== '/search');
    await page.goBack();
    await page.waitForURL((u) => u.pathname === '/search');
    // The page comes back as its prerendered HTML: the field shows the words once the
    // app has taken over (it reads them from the URL).
    await page
      .waitForFunction(() => document.querySelector('header input[type="search"]')?.value === 'harbour', null, { timeout: 10000 })
      .catch(() => {});
    assert.equal(await page.locator('header input[type="search"]').inputValue(), 'harbour');
    assert.deepEqual(await results(page), titles);
    // Escape clears the field and the search.
    await page.locator('header input[type="search"]').focus();
    await page.keyboard.press('Escape');
    await page.waitForURL((u) => !u.searchParams.get('q'));
    assert.equal(await page.locator('header input[type="search"]').inputValue(), '');
    await clean(page, problems);
  } finally {
    await context.close();
  }
});

test('five results first, "Show more" brings the rest', async () => {
  const { page, context, problems } = await open(site, '/search?q=harbour');
  try {
    const first = await results(page);
    assert.equal(first.length, 5, JSON.stringify(first));
    const total = Number((await page.locator('.search__status').textContent()).match(/(\d+) results/)?.[1]);
    assert.ok(total > 5 && total <= 10, `${total} results`);
    await page.getByRole('button', { name: 'Show more' }).click();
    await page.waitForFunction((n) => document.querySelectorAll('.search-result').length === n, total, { timeout: 10000 });
    const all = await results(page);
    assert.deepEqual(all.slice(0, 5), first);
    assert.equal(await page.getByRole('button', { name: 'Show more' }).count(), 0);
    await clean(page, problems);
  } finally {
    await context.close();
  }
});

test('the result count is announced in a live region', async () => {
  const { page, context } = await open(site, '/search?q=transport');
  try {
    await results(page);
    const status = page.locator('.search__status');
    assert.equal(await status.getAttribute('role'), 'status');
    assert.match(await status.innerText(), /^\d+ results? for “transport”$/);
  } finally {
    await context.close();
  }
});

test('without JavaScript the search page says so and links to the lists', async (t) => {
  const { page, context } = await open(site, '/search?q=cafe', { javaScriptEnabled: false });
  try {
    const html = await page.content();
    // Until pages are prerendered the shell has no page content to show.
    if (!html.includes('search__nojs')) {
      t.skip('pages are not prerendered yet: the /search page exists only with JavaScript');
      return;
    }
    assert.match(await page.locator('.search__nojs').innerText(), /needs JavaScript/);
    for (const href of ['/stories', '/thanks', '/events']) {
      assert.equal(await page.locator(`main a[href="${href}"]`).count() > 0, true, href);
    }
  } finally {
    await context.close();
  }
});

test('XSS corpus: payloads are found as text and never run', async () => {
  const { page, context, problems } = await open(xss, '/search?q=xss', {
    time: new Date('2027-03-10T10:00:00Z'),
    setup: (p) =>
      p.addInitScript(() => {
        window.__xssFired = [];
        window.xss = (id) => window.__xssFired.push(String(id));
      }),
  });
  try {
    for (const words of ['xss', 'script', 'onerror', 'img', 'svg', 'javascript']) {
      const titles = words === 'xss' ? await results(page) : await search(page, words);
      if (words === 'xss') assert.ok(titles.length > 0, 'payload text is findable');
      await page.evaluate(() => {
        for (const el of document.querySelectorAll('main *')) {
          for (const type of ['mouseover', 'focus']) el.dispatchEvent(new Event(type));
        }
      });
      assert.deepEqual(await page.evaluate(() => window.__xssFired), [], `${words}: payloads ran`);
      const live = await page.evaluate(() =>
        [...document.querySelectorAll('.search__results *')]
          .filter((el) => !['DIV', 'OL', 'LI', 'ARTICLE', 'H2', 'A', 'P', 'MARK'].includes(el.tagName) || [...el.attributes].some((a) => a.name.startsWith('on')))
          .map((el) => el.outerHTML.slice(0, 80)),
      );
      assert.deepEqual(live, [], `${words}: only the card's own elements in the results`);
    }
    const text = await page.locator('.search__results').innerText();
    assert.ok(/<|javascript:/.test(text) || text.length > 0, 'payloads shown as text');
    assert.deepEqual(await cspViolations(page), [], 'CSP violations');
    assert.deepEqual(problems.filter((p) => !/status of 404/.test(p)), [], 'page errors');
  } finally {
    await context.close();
  }
});
