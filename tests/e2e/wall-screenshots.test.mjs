// Screenshots of every wall slide kind, a takeover and quiet hours at the screen
// sizes walls use (1920x1080, 3840x2160, 1080x1920 portrait), into
// target/screenshots/wall-*.png. Also checks that text stays legible from three
// metres: nothing on a slide is smaller than 1.8% of the screen's short side.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { launchBrowser, openPage, screenshotDir, VIEWPORTS } from './lib/harness.mjs';
import { startWallServer } from './fixtures/wall/server.mjs';

const SCREENS = { '1920x1080': VIEWPORTS.wall, '3840x2160': VIEWPORTS.wall4k, '1080x1920': VIEWPORTS.portrait };
const KINDS = ['story', 'thanks', 'event', 'counters', 'mission'];

let browser;
let server;
before(async () => {
  browser = await launchBrowser();
  server = await startWallServer();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function open(viewport, time, query = '') {
  const opened = await openPage(browser, null, {
    viewport,
    context: { timezoneId: 'Europe/Amsterdam', reducedMotion: 'reduce' },
    setup: (page) => page.clock.install({ time: new Date(time) }),
  });
  await opened.page.goto(`${server.url}/wall${query}`);
  await opened.page.locator('.wall-slide, .wall-quiet-screen').first().waitFor({ timeout: 20_000 });
  return opened;
}

async function settle(page) {
  await page.evaluate(() => Promise.all([...document.images].map((i) => (i.complete ? null : new Promise((r) => { i.onload = i.onerror = r; })))));
  await page.waitForTimeout(300);
}

// The smallest font size on screen, relative to the short side.
function smallestText(page) {
  return page.evaluate(() => {
    const short = Math.min(innerWidth, innerHeight);
    let min = Infinity;
    for (const el of document.querySelectorAll('.wall *')) {
      if (![...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim())) continue;
      min = Math.min(min, parseFloat(getComputedStyle(el).fontSize) / short);
    }
    return min;
  });
}

for (const [name, viewport] of Object.entries(SCREENS)) {
  test(`wall screenshots at ${name}`, async () => {
    const dir = screenshotDir();
    const { page, context, problems } = await open(viewport, '2027-03-10T10:00:00Z');
    try {
      await page.keyboard.press('Space'); // hold each slide while it is photographed
      const seen = new Set();
      for (let i = 0; i < 8 && seen.size < KINDS.length; i++) {
        const kind = await page.locator('.wall-slide').getAttribute('data-kind');
        if (!seen.has(kind)) {
          seen.add(kind);
          await settle(page);
          assert.ok((await smallestText(page)) >= 0.0175, `${kind} at ${name}: text too small`);
          const overflow = await page.$eval('.wall-stage', (s) => s.scrollHeight > s.clientHeight + 2);
          assert.equal(overflow, false, `${kind} at ${name} fits the screen`);
          if (kind === 'counters') {
            // Where a card stacks figure over label (landscape), the figure sits in the
            // middle of its card (a stray justify-content once pushed it right).
            const offsets = await page.$$eval('.counter', (cards) => cards.filter((c) => getComputedStyle(c).gridTemplateColumns.split(' ').length === 1).map((c) => {
              const card = c.getBoundingClientRect();
              const value = c.querySelector('.counter-value').getBoundingClientRect();
              return Math.abs((value.left + value.right) / 2 - (card.left + card.right) / 2);
            }));
            assert.ok(offsets.every((o) => o < 2), `counters at ${name} are centred: ${offsets}`);
          }
          await page.screenshot({ path: path.join(dir, `wall-${kind}-${name}.png`) });
        }
        await page.keyboard.press('ArrowRight');
        await page.waitForTimeout(100);
      }
      assert.deepEqual([...seen].sort(), [...KINDS].sort());
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
    const takeover = await open(viewport, '2027-03-12T08:30:00Z');
    await settle(takeover.page);
    await takeover.page.screenshot({ path: path.join(dir, `wall-takeover-${name}.png`) });
    await takeover.context.close();
    const quiet = await open(viewport, '2027-03-10T21:15:00Z');
    assert.equal(await quiet.page.locator('main.wall').getAttribute('data-quiet'), 'true');
    await quiet.page.screenshot({ path: path.join(dir, `wall-quiet-${name}.png`) });
    await quiet.context.close();
  });
}
