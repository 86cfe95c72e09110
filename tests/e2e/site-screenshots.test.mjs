// Screenshots of every reading-site page at phone and desktop sizes, light and dark,
// into target/screenshots/ (SCREENSHOT_DIR) for review. Fails on a page that errors.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { startStaticServer, launchBrowser, openPage, screenshotDir, VIEWPORTS } from './lib/harness.mjs';
import { prepareFixtureDist, FIXTURE_NOW } from './fixtures/site-dist.mjs';

const PAGES = {
  home: '/',
  stories: '/stories',
  story: '/stories/rosa-keeps-her-home',
  thanks: '/thanks',
  'thanks-message': '/thanks/marta-voicemail',
  events: '/events',
  event: '/events/spring-volunteer-day',
  about: '/about',
  'not-found': '/no-such-page',
  preview: '/stories?at=2027-03-01T09:00',
};

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

for (const [size, viewport] of [['phone', VIEWPORTS.phone], ['desktop', VIEWPORTS.desktop]]) {
  for (const scheme of ['light', 'dark']) {
    test(`screenshots ${size} ${scheme}`, async () => {
      const dir = screenshotDir();
      for (const [name, url] of Object.entries(PAGES)) {
        const { page, context, problems } = await openPage(browser, null, {
          viewport,
          context: { locale: 'en-GB', timezoneId: 'Europe/Amsterdam', colorScheme: scheme, reducedMotion: 'reduce' },
          setup: (p) => p.clock.install({ time: FIXTURE_NOW }),
        });
        await page.goto(`${server.url}${url}`);
        await page.locator('h1').first().waitFor({ timeout: 15000 });
        await page.waitForFunction(() => !document.querySelector('[aria-busy="true"]'));
        // Full-page shots include what is below the fold: load lazy images now.
        await page.evaluate(() => document.querySelectorAll('img[loading="lazy"]').forEach((i) => { i.loading = 'eager'; }));
        await page.waitForFunction(() => [...document.images].every((i) => i.complete));
        await page.screenshot({ path: path.join(dir, `site-${name}-${size}-${scheme}.png`), fullPage: true });
        assert.deepEqual(problems, [], `${name}: ${problems.join('; ')}`);
        await context.close();
      }
    });
  }
}
