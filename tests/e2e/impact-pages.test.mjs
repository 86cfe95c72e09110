// Talking points, teams and this month's figures, against the sample organisation
// (content/) built at a fixed moment with the real app shell:
// - the raw HTML of every new page (no script run) holds its content, per language;
// - the copy button puts the resolved text on the clipboard and says "Copied";
// - a team page lists exactly the team's items (compared with the built data);
// - an equivalence is written with each language's number formatting;
// - axe finds no serious violation on the new pages.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { startStaticServer, launchBrowser, openPage, cspViolations, VIEWPORTS } from './lib/harness.mjs';
import { seriousA11yViolations } from './fixtures/site-dist.mjs';

// Wednesday 25 November 2026, 11:00 in Amsterdam: November's figures are in the CSV.
const BUILT = '2026-11-25T10:00:00Z';
const OUT = path.resolve('target/impact-pages-dist');
const CONTENT = path.resolve('target/impact-pages-content');
// One night ferry per contact answered: the equivalence's count runs into thousands.
const PER = 1;

let server;
let browser;
let index;
let impact;
before(async () => {
  const bin = process.env.IMPACTWALL_BIN || 'target/debug/impactwall';
  fs.rmSync(CONTENT, { recursive: true, force: true });
  fs.cpSync('content', CONTENT, { recursive: true });
  const toml = path.join(CONTENT, 'site.toml');
  const site = fs.readFileSync(toml, 'utf8');
  const changed = site.replace(/metric = "contacts_answered"\nper = \d+/, `metric = "contacts_answered"\nper = ${PER}`);
  assert.notEqual(changed, site, 'the sample declares a contacts_answered equivalence');
  fs.writeFileSync(toml, changed);
  fs.rmSync(OUT, { recursive: true, force: true });
  execFileSync(bin, ['build', CONTENT, '--out', OUT, '--shell',
    process.env.IMPACTWALL_SHELL || 'target/shell', '--now', BUILT], { stdio: 'pipe' });
  index = JSON.parse(fs.readFileSync(path.join(OUT, 'data/index.json'), 'utf8'));
  impact = JSON.parse(fs.readFileSync(path.join(OUT, 'data/impact.json'), 'utf8'));
  server = await startStaticServer(OUT);
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

const NOW = new Date(BUILT);
const live = (m) => {
  const s = m.schedule || {};
  return (!s.publish_at || new Date(s.publish_at) <= NOW) && (!s.expires_at || new Date(s.expires_at) > NOW);
};
const MONTH = '2026-11';
const fmt = (n, lang) => new Intl.NumberFormat(lang).format(n);

/// The organisation's figure for a metric this month: its own rows, else the teams'.
function orgValue(metric) {
  const rows = impact.values.filter((v) => v.metric === metric && v.month === MONTH);
  const own = rows.filter((v) => !v.team);
  return (own.length ? own : rows).reduce((a, v) => a + v.value, 0);
}

/// `equivalence_count`: whole things, two significant digits from 100 on.
function equivalenceCount(value, per) {
  const n = Math.floor(value / per);
  if (n < 100) return n;
  const unit = 10 ** (String(n).length - 2);
  return Math.floor(n / unit) * unit;
}

/// A point's text with every `{metric.this_month}` resolved as `lang` writes numbers.
function resolved(point, lang) {
  return point.text.replace(/\{(\w+)\.this_month\}/g, (_, m) => fmt(orgValue(m), lang));
}

const point = (key, lang) => impact.talking_points.find((p) => p.translation_key === key && p.lang === lang);
const teamName = (team, lang) => impact.teams.find((t) => t.team === team && t.lang === lang).name;

const raw = async (p) => {
  const res = await fetch(`${server.url}${p}`);
  const html = await res.text();
  // The rendered page, without the payload the app hydrates from (last in <body>).
  const body = html.slice(html.indexOf('<body>')).split('<script type="application/json" id="iw-page">')[0];
  return { status: res.status, html, body };
};
const escaped = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

test('the new pages are real HTML with their content in every language, before any script runs', async () => {
  const cases = [
    ['/talking-points', 'Talking points', resolved(point('busy-month', 'en'), 'en')],
    ['/es/talking-points', 'Frases para tus conversaciones', resolved(point('busy-month', 'es'), 'es')],
    ['/nl/talking-points', 'Gespreksonderwerpen', resolved(point('busy-month', 'nl'), 'nl')],
    ['/teams', 'Our teams', teamName('night-shift', 'en')],
    ['/nl/teams', 'Onze teams', teamName('night-shift', 'nl')],
    ['/teams/phones', teamName('phones', 'en'), 'Ingrid Vos'],
    ['/es/teams/phones', teamName('phones', 'es'), 'Ingrid Vos'],
    ['/', 'Kompaslijn', 'What this month meant'],
  ];
  for (const [p, title, text] of cases) {
    const { status, html, body } = await raw(p);
    assert.equal(status, 200, p);
    assert.ok(html.includes(`<title>${escaped(title)}`), `${p}: title ${html.match(/<title>[^<]*/)?.[0]}`);
    assert.ok(body.includes(escaped(text)), `${p}: body holds "${text}"`);
    assert.ok(!/\{\w+\.this_month\}/.test(body), `${p}: every figure is resolved`);
  }
  const team = await raw('/teams/phones');
  // A member without consent is not published at all.
  assert.ok(!team.html.includes('Bram'), 'no member without consent');
  for (const lang of ['es', 'nl']) {
    assert.ok(team.html.includes(`hreflang="${lang}" href="${index.site.base_url.replace(/\/$/, '')}/${lang}/teams/phones"`), `hreflang ${lang}`);
  }
  // A page that does not show impact data does not carry it.
  assert.ok(!(await raw('/stories')).html.includes('"talking_points"'), 'no impact data on /stories');
});

/// Opens `p` at the build's moment and waits for the app to take the page over.
async function open(p, { viewport = VIEWPORTS.desktop, permissions = [] } = {}) {
  const opened = await openPage(browser, null, {
    viewport,
    context: { locale: 'en-GB', timezoneId: 'Europe/Amsterdam', permissions },
    setup: async (page) => {
      await page.clock.install({ time: NOW });
    },
  });
  await opened.page.goto(`${server.url}${p}`);
  await opened.page.waitForSelector('body[data-app]', { timeout: 20000 });
  await opened.page.clock.runFor(1000);
  return opened;
}

test('the copy button puts the resolved text on the clipboard and says Copied', async () => {
  for (const [p, lang, said] of [['/talking-points', 'en', 'Copied'], ['/nl/talking-points', 'nl', 'Gekopieerd']]) {
    const { page, context, problems } = await open(p, { permissions: ['clipboard-read', 'clipboard-write'] });
    const expected = resolved(point('busy-month', lang), lang);
    const item = page.locator('li.point[data-slug="busy-month"]');
    assert.equal(await item.locator('.point__text').innerText(), expected);
    const status = page.locator('[aria-live="polite"].copy-status');
    assert.equal(await status.innerText(), '');
    await item.getByRole('button').click();
    await status.filter({ hasText: said }).waitFor({ timeout: 5000 });
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), expected);
    assert.deepEqual(problems, [], p);
    await context.close();
  }
});

/// Translation keys of the live items of `list` that `pick` keeps.
const keys = (list, pick) => new Set(list.filter((i) => live(i) && pick(i)).map((i) => i.translation_key));
const keyOf = (list) => Object.fromEntries(list.map((i) => [i.slug, i.translation_key]));

test('a team page lists exactly the team\'s stories, thank-yous, talking points and events', async () => {
  const team = 'phones';
  const names = impact.teams.filter((t) => t.team === team).map((t) => t.name.toLowerCase());
  const expected = {
    stories: keys(index.stories, (s) => s.team === team || s.tags.includes(team)),
    thanks: keys(index.thanks, (t) => t.team === team || [team, ...names].includes(t.to.trim().toLowerCase())),
    events: keys(index.events, (e) => e.team === team && new Date(e.ends) > NOW),
    points: keys(impact.talking_points, (p) => p.teams.includes(team)),
  };
  for (const [kind, set] of Object.entries(expected)) assert.ok(set.size > 0, `the sample has ${kind} for ${team}`);
  const { page, context, problems } = await open(`/teams/${team}`);
  assert.equal(await page.getAttribute('body', 'data-app'), 'hydrated');
  const slugs = (section, prefix) => page.locator(`#${section} a[href^="${prefix}"]`).evaluateAll(
    (as, pre) => [...new Set(as.map((a) => a.getAttribute('href').slice(pre.length)))], prefix);
  const shown = {
    stories: new Set((await slugs('team-stories', '/stories/')).map((s) => keyOf(index.stories)[s])),
    thanks: new Set((await slugs('team-thanks', '/thanks/')).map((s) => keyOf(index.thanks)[s])),
    events: new Set((await slugs('team-events', '/events/')).map((s) => keyOf(index.events)[s])),
    points: new Set(await page.locator('#team-points li.point').evaluateAll((li) => li.map((l) => l.dataset.slug))),
  };
  for (const kind of Object.keys(expected)) {
    assert.deepEqual([...shown[kind]].sort(), [...expected[kind]].sort(), kind);
  }
  const members = await page.locator('.member__name').allInnerTexts();
  const profile = impact.teams.find((t) => t.team === team && t.lang === 'en');
  assert.deepEqual(members, profile.members.map((m) => m.name));
  assert.ok(!members.includes('Bram'));
  assert.deepEqual(problems, []);
  await context.close();
});

test('an equivalence is written with each language\'s numbers', async () => {
  const value = orgValue('contacts_answered');
  const count = equivalenceCount(value, PER);
  assert.ok(count >= 10000, `a count with thousands (${count})`);
  const eq = impact.equivalences.find((e) => e.metric === 'contacts_answered');
  for (const [p, lang] of [['/', 'en'], ['/es/', 'es'], ['/nl/', 'nl']]) {
    const { page, context, problems } = await open(p);
    const line = page.locator('.month-impact li.figure[data-metric="contacts_answered"]');
    const text = (await line.innerText()).replace(/\s+/g, ' ');
    const thing = eq.many[lang].replace('{count}', fmt(count, lang));
    assert.ok(text.startsWith(fmt(value, lang)), `${lang}: "${text}" starts with ${fmt(value, lang)}`);
    assert.ok(text.endsWith(thing), `${lang}: "${text}" ends with "${thing}"`);
    assert.deepEqual(problems, [], p);
    await context.close();
  }
  // The formats differ: the test would not tell a wrong language from a right one otherwise.
  assert.notEqual(fmt(count, 'en'), fmt(count, 'nl'));
});

test('the new pages have no serious accessibility violation, on desktop and phone', async () => {
  for (const p of ['/talking-points', '/teams', '/teams/phones', '/es/teams/night-shift', '/nl/talking-points?team=chat']) {
    for (const viewport of [VIEWPORTS.desktop, VIEWPORTS.phone]) {
      const { page, context, problems } = await open(p, { viewport });
      await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), null, { timeout: 15000 });
      assert.equal(await page.locator('h1').count(), 1, `${p}: one h1`);
      assert.deepEqual(await seriousA11yViolations(page), [], p);
      assert.deepEqual(problems, [], p);
      assert.deepEqual(await cspViolations(page), [], p);
      await context.close();
    }
  }
});

/// Opens the wall at the build's moment (a weekday morning, outside quiet hours).
async function openWall(query) {
  const opened = await openPage(browser, null, {
    viewport: VIEWPORTS.wall,
    context: { timezoneId: 'Europe/Amsterdam' },
    setup: async (page) => {
      await page.clock.install({ time: NOW });
    },
  });
  await opened.page.goto(`${server.url}/wall${query}`);
  await opened.page.locator('.wall-slide').first().waitFor({ timeout: 20000 });
  return opened;
}

/// Steps the wall (arrow key) until the slide `key` is on screen.
async function showSlide(page, key) {
  const keys = await page.$$eval('.wall-progress-step', (els) => els.map((e) => e.getAttribute('data-key')));
  assert.ok(keys.includes(key), `${key} in the rotation ${JSON.stringify(keys)}`);
  for (let i = 0; i <= keys.length && (await page.locator('main.wall').getAttribute('data-slide')) !== key; i++) {
    await page.keyboard.press('ArrowRight');
    await page.waitForTimeout(50);
  }
  assert.equal(await page.locator('main.wall').getAttribute('data-slide'), key);
  return page.locator('.wall-slide');
}

test('the wall shows talking-point and metric slides; a team\'s screen shows its own numbers', async () => {
  const { page, context, problems } = await openWall('');
  let slide = await showSlide(page, 'point:busy-month');
  assert.equal(await slide.getAttribute('data-kind'), 'talking-point');
  assert.equal((await slide.locator('.point-text').innerText()).trim(), resolved(point('busy-month', 'en'), 'en'));
  slide = await showSlide(page, 'metric:contacts_answered:');
  assert.equal(await slide.getAttribute('data-kind'), 'metric');
  assert.equal((await slide.locator('.metric-value').innerText()).trim(), fmt(orgValue('contacts_answered'), 'en'));
  assert.deepEqual(problems, []);
  await context.close();

  const team = await openWall('?teams=phones&lang=nl');
  const own = impact.values.find((v) => v.metric === 'contacts_answered' && v.team === 'phones' && v.month === MONTH).value;
  slide = await showSlide(team.page, 'metric:contacts_answered:phones');
  assert.equal((await slide.locator('.metric-value').innerText()).trim(), fmt(own, 'nl'));
  const keys = await team.page.$$eval('.wall-progress-step', (els) => els.map((e) => e.getAttribute('data-key')));
  assert.ok(!keys.some((k) => k.startsWith('metric:') && !k.endsWith(':phones')), `only the team's numbers: ${keys}`);
  // A point for other teams only is not on the phone team's screen.
  assert.ok(!keys.includes('point:open-until-two'), 'no night-shift-only point');
  assert.ok(keys.includes('point:a-route-by-sound'), 'the phone team\'s point');
  assert.deepEqual(team.problems, []);
  await team.context.close();
});
