// The built home page renders content in a real browser: a green build can be a blank page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStaticServer, launchBrowser, openPage } from './lib/harness.mjs';

let server;
let browser;
before(async () => {
  server = await startStaticServer();
  browser = await launchBrowser();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('home page renders the mission, not a blank page', async () => {
  const { page, problems, context } = await openPage(browser, `${server.url}/`);
  const h1 = page.locator('h1').first();
  await h1.waitFor({ timeout: 15000 });
  assert.ok((await h1.innerText()).trim().length > 0, 'h1 has text');
  const text = await page.locator('body').innerText();
  assert.ok(text.length > 200, `page shows content (got ${text.length} chars)`);
  assert.deepEqual(problems, []);
  await context.close();
});
