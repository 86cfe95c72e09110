// The reading site end to end, against the fixture site (tests/e2e/fixtures/site)
// with the browser clock fixed at the fixture's "now" and the viewer in Amsterdam.
import { test, before, after, describe } from 'node:test';
import assert from 'node:assert/strict';
import { startStaticServer, launchBrowser, openPage, cspViolations, VIEWPORTS } from './lib/harness.mjs';
import { prepareFixtureDist, FIXTURE_NOW, seriousA11yViolations } from './fixtures/site-dist.mjs';

let server;
let browser;
before(async () => {
  server = await startStaticServer(prepareFixtureDist());
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/// Opens `path` at the fixture's now, English interface, Amsterdam time.
async function open(path, { viewport = VIEWPORTS.desktop, locale = 'en-GB', timezoneId = 'Europe/Amsterdam', colorScheme = 'light', setup } = {}) {
  const opened = await openPage(browser, null, {
    viewport,
    context: { locale, timezoneId, colorScheme },
    setup: async (page, context) => {
      await page.clock.install({ time: FIXTURE_NOW });
      if (setup) await setup(page, context);
    },
  });
  await opened.page.goto(`${server.url}${path}`);
  return opened;
}

async function ready(page) {
  await page.locator('h1').first().waitFor({ timeout: 15000 });
  await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'), null, { timeout: 15000 });
}

const PAGES = [
  ['/', 'Every call is a chance'],
  ['/stories', 'Stories'],
  ['/stories/rosa-keeps-her-home', 'Rosa keeps her home by the harbour'],
  ['/thanks', 'Thank-you wall'],
  ['/thanks/marta-voicemail', 'You stayed on the line'],
  ['/events', 'Events'],
  ['/events/listening-session-new-york', 'Listening session with the New York office'],
  ['/about', 'Our mission'],
  ['/no-such-page', "We couldn't find that page"],
];

describe('every page', () => {
  for (const scheme of ['light', 'dark']) {
    for (const [path, heading] of PAGES) {
      test(`${path} (${scheme}) renders one h1, landmarks, no errors, no serious axe violations`, async () => {
        const { page, context, problems } = await open(path, { colorScheme: scheme });
        await ready(page);
        const h1s = await page.locator('h1').allInnerTexts();
        assert.equal(h1s.length, 1, `one h1, got ${JSON.stringify(h1s)}`);
        assert.ok(h1s[0].includes(heading), `h1 "${h1s[0]}" includes "${heading}"`);
        assert.equal(await page.locator('header.site-header').count(), 1);
        assert.equal(await page.locator('main#main').count(), 1);
        assert.equal(await page.locator('footer.site-footer').count(), 1);
        assert.equal(await page.locator('nav.site-nav').count(), 1);
        // Every image has alt text (empty only for decoration).
        const missingAlt = await page.locator('img:not([alt])').count();
        assert.equal(missingAlt, 0);
        assert.deepEqual(await seriousA11yViolations(page), []);
        assert.deepEqual(problems, []);
        assert.deepEqual(await cspViolations(page), []);
        await context.close();
      });
    }
  }
});

test('home shows counters, featured story, latest thanks, next events and the team line', async () => {
  const { page, context, problems } = await open('/');
  await ready(page);
  const counters = await page.locator('.counter').allInnerTexts();
  assert.equal(counters.length, 4);
  // 3 + 1 + 4 + 12 + 1 + 1 + 1 + 5 + 1 + 18 + 4 people over the live stories.
  assert.match(counters[0], /51/);
  assert.match(counters[0], /people helped/);
  assert.match(counters[1], /11/);
  // Thank-yous dated in February 2027 (viewer's month): marta, samuel, postcard, amira.
  assert.match(counters[2], /\b4\b/);
  await page.locator('.featured .story-card').getByText('Rosa keeps her home by the harbour').waitFor();
  assert.equal(await page.locator('.card-grid--thanks .thanks-card').count(), 3);
  assert.ok((await page.locator('.event-card').count()) >= 1);
  await page.locator('.matters__team').focus();
  await page.locator('.matters__team').selectOption('Evening line');
  const line = await page.locator('.matters__line').innerText();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'matters-team');
  assert.match(line, /3 stories began with a conversation your team, Evening line, had/);
  // The choice is remembered.
  await page.reload();
  await ready(page);
  await page.locator('.matters__line').waitFor();
  assert.equal(await page.locator('.matters__team').inputValue(), 'Evening line');
  assert.deepEqual(problems, []);
  await context.close();
});

test('navigation: links, deep links and the back button', async () => {
  const { page, context, problems } = await open('/');
  await ready(page);
  await page.locator('.site-nav').getByRole('link', { name: 'Stories' }).click();
  await page.waitForURL(/\/stories$/);
  await page.locator('h1', { hasText: 'Stories' }).waitFor();
  assert.equal(await page.locator('.site-nav a[aria-current="page"]').innerText(), 'Stories');
  await page.getByRole('link', { name: 'The night the boiler broke' }).click();
  await page.waitForURL(/\/stories\/the-night-the-boiler-broke$/);
  await page.locator('h1', { hasText: 'The night the boiler broke' }).waitFor();
  await page.goBack();
  await page.waitForURL(/\/stories$/);
  await page.locator('h1', { hasText: 'Stories' }).waitFor();
  await page.goForward();
  await page.locator('h1', { hasText: 'The night the boiler broke' }).waitFor();
  // Related stories and share link on a story page.
  await page.goto(`${server.url}/stories/rosa-keeps-her-home`);
  await ready(page);
  assert.equal(await page.locator('#share-url').inputValue(), 'https://impact.example.org/stories/rosa-keeps-her-home');
  assert.ok((await page.locator('#related-title + .card-grid .story-card').count()) >= 1);
  assert.equal(await page.locator('.story__image img').getAttribute('alt'), 'Sunrise over a calm harbour, hills in teal');
  assert.deepEqual(problems, []);
  await context.close();
});

test('links: every page is its own document (prerendered), starting at the top; files are left to the browser', async () => {
  const { page, context, problems } = await open('/');
  await ready(page);
  await page.evaluate(() => { window.__samePage = true; window.scrollTo(0, 600); });
  assert.ok(await page.evaluate(() => window.scrollY) > 0, 'home scrolls');
  await page.locator('.site-nav').getByRole('link', { name: 'Thank-yous' }).click();
  await page.waitForURL(/\/thanks$/);
  await page.locator('h1', { hasText: 'Thank-you wall' }).waitFor();
  await ready(page);
  assert.equal(await page.evaluate(() => window.__samePage), undefined, 'a page load');
  assert.equal(await page.evaluate(() => window.scrollY), 0, 'new page starts at the top');
  assert.equal(await page.title(), 'Thank-you wall · Lanternway Support');
  // A modified click (new tab) is not taken over.
  const [popup] = await Promise.all([
    context.waitForEvent('page'),
    page.locator('.site-nav').getByRole('link', { name: 'Events' }).click({ modifiers: ['Shift'] }),
  ]);
  await popup.close();
  assert.match(page.url(), /\/thanks$/, 'shift-click leaves this tab where it was');
  // The Atom feed is a file: a real navigation away from the app. (The fixture site has
  // no feed; answer for it.)
  await page.route('**/feed.xml', (route) => route.fulfill({
    contentType: 'application/atom+xml',
    body: '<?xml version="1.0" encoding="utf-8"?><feed xmlns="http://www.w3.org/2005/Atom"><title>t</title></feed>',
  }));
  await page.getByRole('link', { name: 'Atom feed' }).click();
  await page.waitForURL(/\/feed\.xml$/);
  assert.equal(await page.evaluate(() => window.__samePage), undefined, 'the feed was loaded by the browser');
  assert.deepEqual(problems, []);
  await context.close();
});

test('story filters by program, tag, team and language; newest first; show more', async () => {
  const { page, context, problems } = await open('/stories');
  await ready(page);
  const titles = () => page.locator('.story-card__title').allInnerTexts();
  assert.equal((await titles()).length, 9, 'first page of 9');
  await page.getByRole('button', { name: 'Show more stories' }).click();
  assert.equal((await titles()).length, 11);
  assert.equal(await page.getByRole('button', { name: 'Show more stories' }).count(), 0);
  assert.equal((await titles())[0], 'Rosa keeps her home by the harbour', 'newest first');

  await page.locator('#filter-program').focus();
  await page.locator('#filter-program').selectOption('Housing');
  await page.waitForURL(/\?program=Housing$/);
  assert.deepEqual(await titles(), ['Rosa keeps her home by the harbour', 'The night the boiler broke', 'A ramp for Tomás']);
  // The filters are written again with the new choice; focus stays on the select.
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'filter-program');
  await page.locator('#filter-tag').selectOption('family');
  await page.waitForURL(/program=Housing&tag=family/);
  assert.deepEqual(await titles(), ['Rosa keeps her home by the harbour', 'The night the boiler broke']);
  await page.goBack();
  await page.waitForURL(/\?program=Housing$/);
  assert.equal((await titles()).length, 3, 'back restores the previous filter');
  assert.equal(await page.locator('#filter-tag').inputValue(), '', 'and the selects show it');
  assert.equal(await page.locator('#filter-program').inputValue(), 'Housing');

  await page.goto(`${server.url}/stories?team=Outreach`);
  await ready(page);
  assert.deepEqual(await titles(), ['A garden for the whole block', 'The homework club on the third floor']);
  assert.equal(await page.locator('#filter-team').inputValue(), 'Outreach');

  await page.goto(`${server.url}/stories?filter_lang=nl`);
  await ready(page);
  assert.deepEqual(await titles(), ['Een tuin voor het hele blok']);
  await page.getByRole('link', { name: 'Clear filters' }).click();
  await page.waitForURL(/\/stories$/);
  assert.equal((await titles()).length, 9);
  assert.deepEqual(problems, []);
  await context.close();
});

test('language switch: UI strings and content follow, with a marker for untranslated items', async () => {
  const { page, context, problems } = await open('/stories');
  await ready(page);
  await page.locator('.lang-switch select').selectOption('es');
  await page.locator('h1', { hasText: 'Historias' }).waitFor();
  assert.equal(await page.locator('html').getAttribute('lang'), 'es');
  assert.equal(await page.locator('.site-nav a[aria-current="page"]').innerText(), 'Historias');
  const titles = await page.locator('.story-card__title').allInnerTexts();
  assert.equal(titles[0], 'Rosa conserva su casa junto al puerto');
  // The boiler story has no Spanish version: shown in English, marked.
  const boiler = page.locator('.story-card', { hasText: 'The night the boiler broke' });
  await boiler.locator('.badge--fallback').waitFor();
  assert.equal(await boiler.getAttribute('lang'), 'en');
  // The choice survives a reload.
  await page.reload();
  await page.locator('h1', { hasText: 'Historias' }).waitFor();
  // Browser preference picks Dutch for a first visit.
  const nl = await open('/', { locale: 'nl-NL' });
  await ready(nl.page);
  assert.equal(await nl.page.locator('.site-nav a[aria-current="page"]').innerText(), 'Home');
  await nl.page.locator('.site-nav').getByRole('link', { name: 'Verhalen' }).waitFor();
  assert.match(await nl.page.locator('h1').innerText(), /Elk gesprek is een kans/);
  await nl.context.close();
  assert.deepEqual(problems, []);
  await context.close();
});

test('?at= previews a scheduled story, with a banner; expired items stay hidden', async () => {
  const now = await open('/stories');
  await ready(now.page);
  assert.equal(await now.page.getByText('The spring garden opens its gates').count(), 0);
  assert.equal(await now.page.getByText('The winter coat drive').count(), 0);
  assert.equal(await now.page.locator('.preview-banner').count(), 0);
  // Deep link to a story that is not published yet: not found.
  await now.page.goto(`${server.url}/stories/spring-garden-opens`);
  await now.page.locator('h1', { hasText: "We couldn't find that page" }).waitFor();
  await now.context.close();

  const { page, context, problems } = await open('/stories?at=2027-03-01T09:00');
  await ready(page);
  const banner = page.locator('.preview-banner');
  await banner.waitFor();
  assert.match(await banner.innerText(), /Preview: you are seeing the site as it will be on/);
  assert.match(await banner.innerText(), /1 March 2027/);
  assert.equal(await page.locator('.story-card__title').first().innerText(), 'The spring garden opens its gates');
  // The preview travels with internal links.
  await page.getByRole('link', { name: 'The spring garden opens its gates' }).click();
  await page.waitForURL(/\/stories\/spring-garden-opens\?at=/);
  await page.locator('h1', { hasText: 'The spring garden opens its gates' }).waitFor();
  // Events: the summer picnic is announced from 1 March.
  await page.locator('.site-nav').getByRole('link', { name: 'Events' }).click();
  await page.getByText('Summer picnic').first().waitFor();
  assert.deepEqual(problems, []);
  await context.close();
});

test('a location starting with // never turns the exit-preview link into an off-site link', async () => {
  // A static host's catch-all answers //evil.example/ with the app.
  const { page, context } = await open('//evil.example/?at=2027-03-01T09:00');
  const exit = page.locator('.preview-banner a');
  await exit.waitFor();
  const href = await exit.getAttribute('href');
  assert.ok(href.startsWith('/') && !href.startsWith('//') && !href.startsWith('/\\'), href);
  const target = await exit.evaluate((a) => a.href);
  assert.equal(new URL(target).origin, new URL(server.url).origin, target);
  await exit.click();
  await page.waitForLoadState();
  assert.equal(new URL(page.url()).origin, new URL(server.url).origin, page.url());
  await context.close();
});

test('thanks wall: cards by medium, voicemail player with transcript', async () => {
  const { page, context, problems } = await open('/thanks');
  await ready(page);
  const cards = page.locator('.thanks-card');
  assert.equal(await cards.count(), 7);
  const vm = page.locator('.thanks-card--voicemail');
  const audio = vm.locator('audio');
  assert.equal(await audio.count(), 1);
  assert.equal(await audio.getAttribute('controls'), '');
  assert.match(await audio.getAttribute('aria-label'), /Listen to the voicemail/);
  const describedBy = await audio.getAttribute('aria-describedby');
  const transcript = page.locator(`#${describedBy}`);
  assert.match(await transcript.innerText(), /You stayed on the line until the repair was booked/);
  assert.ok(await transcript.isVisible());
  assert.equal(await vm.locator('source').getAttribute('src'), '/media/voicemail.ogg');
  // Nothing is downloaded until a reader asks for it (preload="none"); asked, the
  // recording is playable: metadata loads.
  assert.equal(await audio.getAttribute('preload'), 'none');
  await audio.evaluate((a) => {
    a.preload = 'metadata';
    a.load();
  });
  await page.waitForFunction(() => document.querySelector('audio').readyState >= 1, null, { timeout: 10000 });
  assert.ok((await audio.evaluate((a) => a.duration)) > 3);

  await page.getByRole('link', { name: /Voicemails/ }).click();
  await page.waitForURL(/\?medium=voicemail$/);
  assert.equal(await cards.count(), 1);
  await page.getByRole('link', { name: /Letters/ }).click();
  await page.waitForURL(/\?medium=letter$/);
  assert.equal(await cards.count(), 2);
  assert.deepEqual(problems, []);
  await context.close();
});

test('events: phases move while the page is open; local and event time; calendar download', async () => {
  const { page, context, problems } = await open('/events');
  await ready(page);
  const ongoing = page.locator('.events-ongoing');
  await ongoing.getByText('Monday team breakfast').waitFor();
  const upcoming = await page.locator('.events-upcoming .event-card__title').allInnerTexts();
  assert.deepEqual(upcoming, ['Listening session with the New York office', 'Quarterly impact review', 'Spring volunteer day']);
  assert.deepEqual(await page.locator('.events-past .event-card__title').allInnerTexts(), ['Winter gathering']);

  // New York event: viewer's time and the event's own zone.
  const ny = page.locator('.event-card', { hasText: 'New York office' });
  assert.match(await ny.locator('.event-when').innerText(), /18:00/);
  assert.match(await ny.locator('.event-when__zone').innerText(), /12:00.*America\/New_York/s);
  // Amsterdam event seen from Amsterdam: no second zone.
  const review = page.locator('.event-card', { hasText: 'Quarterly impact review' });
  assert.equal(await review.locator('.event-when__zone').count(), 0);
  const ics = ny.getByRole('link', { name: 'Add to calendar' });
  assert.equal(await ics.getAttribute('href'), '/calendar/listening-session-new-york.ics');
  assert.equal(await ics.getAttribute('download'), 'listening-session-new-york.ics');
  assert.equal(await ny.getByRole('link', { name: /RSVP/ }).getAttribute('href'), 'https://forms.example.org/listening');
  const download = page.waitForEvent('download');
  await ics.click();
  assert.equal((await download).suggestedFilename(), 'listening-session-new-york.ics');

  // The breakfast ends at 10:30Z; the clock re-applies schedules every minute.
  await page.clock.runFor(32 * 60 * 1000);
  await page.locator('.events-past').getByText('Monday team breakfast').waitFor({ timeout: 5000 });
  assert.equal(await page.locator('.events-ongoing').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('events in another viewer zone show both times', async () => {
  const { page, context } = await open('/events', { timezoneId: 'America/New_York' });
  await ready(page);
  const review = page.locator('.event-card', { hasText: 'Quarterly impact review' });
  assert.match(await review.locator('.event-when').innerText(), /09:00/);
  assert.match(await review.locator('.event-when__zone').innerText(), /15:00.*Europe\/Amsterdam/s);
  await context.close();
});

test('item dates follow the site\'s calendar, not the viewer\'s zone', async () => {
  // Written at 21:00 on 28 January in Amsterdam: already the 29th in Tokyo.
  const at = 'time[datetime="2027-01-28T20:00:00+00:00"]';
  const { page, context } = await open('/stories/the-night-the-boiler-broke', { timezoneId: 'Asia/Tokyo' });
  await ready(page);
  assert.equal((await page.locator(`main ${at}`).first().innerText()).trim(), '28 January 2027');
  await page.goto(`${server.url}/stories`);
  await ready(page);
  assert.equal((await page.locator(`main ${at}`).first().innerText()).trim(), '28 Jan 2027');
  await context.close();
});

test('unknown URLs and unknown slugs show a friendly 404 with a way back', async () => {
  const { page, context } = await open('/this/does/not/exist');
  await page.locator('h1', { hasText: "We couldn't find that page" }).waitFor();
  assert.ok(await page.getByRole('link', { name: 'Back to the home page' }).isVisible());
  await page.goto(`${server.url}/stories/not-a-story`);
  await page.locator('h1', { hasText: "We couldn't find that page" }).waitFor();
  await page.getByRole('link', { name: 'Back to the home page' }).click();
  await page.waitForURL(`${server.url}/`);
  await ready(page);
  await context.close();
});

for (const [name, fulfil] of [
  ['a server error', (route) => route.fulfill({ status: 500, body: 'boom' })],
  ['malformed JSON', (route) => route.fulfill({ status: 200, contentType: 'application/json', body: '{"version": 1, "site": ' })],
]) {
  test(`index fetch failing with ${name} shows the error state, and retry recovers`, async () => {
    let failing = true;
    const { page, context, problems } = await open('/stories', {
      setup: (p) => p.route('**/data/index.json', (route) => (failing ? fulfil(route) : route.continue())),
    });
    const alert = page.locator('.error-state[role="alert"]');
    await alert.waitFor({ timeout: 15000 });
    assert.match(await alert.innerText(), /We couldn't load this page/);
    assert.equal(await page.locator('h1').count(), 1);
    failing = false;
    await alert.getByRole('button', { name: 'Try again' }).click();
    await page.locator('.story-card').first().waitFor({ timeout: 15000 });
    assert.equal(await page.locator('.error-state').count(), 0);
    // Only the failed request itself may be logged; no panics.
    assert.deepEqual(problems.filter((p) => !/status of 500/.test(p)), []);
    await context.close();
  });
}

test('a failing story fetch shows the error state on the story page', async () => {
  const { page, context } = await open('/stories/rosa-keeps-her-home', {
    setup: (p) => p.route('**/data/stories/*.json', (route) => route.fulfill({ status: 500, body: '' })),
  });
  await page.locator('.error-state h1', { hasText: "We couldn't load this page" }).waitFor({ timeout: 15000 });
  assert.equal(await page.locator('h1').count(), 1);
  await context.close();
});

test('keyboard: skip link, visible focus, theme toggle remembered', async () => {
  const { page, context, problems } = await open('/');
  await ready(page);
  await page.keyboard.press('Tab');
  const skip = page.locator('.skip-link');
  assert.ok(await skip.evaluate((el) => el === document.activeElement));
  assert.ok((await skip.boundingBox()).y >= 0, 'skip link is on screen when focused');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.id === 'main');
  // Focus ring is visible on links.
  await page.keyboard.press('Tab');
  const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  assert.notEqual(outline, 'none');
  // Theme toggle.
  const toggle = page.locator('.theme-toggle');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
  await toggle.focus();
  await page.keyboard.press('Enter');
  assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
  assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
  await page.reload();
  await ready(page);
  assert.equal(await page.locator('html').getAttribute('data-theme'), 'dark');
  assert.deepEqual(problems, []);
  await context.close();
});

test('phone layout has no horizontal overflow at 360 px and the navigation is reachable', async () => {
  for (const path of ['/', '/stories', '/thanks', '/events', '/stories/rosa-keeps-her-home']) {
    const { page, context } = await open(path, { viewport: { width: 360, height: 780 } });
    await ready(page);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${path} overflows by ${overflow}px`);
    await page.locator('.site-nav').getByRole('link', { name: 'Events' }).waitFor();
    await context.close();
  }
});
