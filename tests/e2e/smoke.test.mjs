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

// The reading site and the wall screen are separate bundles: neither downloads the
// other's wasm.
test('the site and the wall each load only their own wasm bundle', async () => {
  for (const [url, ready, own, other] of [
    ['/', 'h1', /^\/impactwall-app-[0-9a-f]+_bg\.wasm$/, /impactwall-wall/],
    ['/wall', 'main.wall', /^\/wall\/impactwall-wall-[0-9a-f]+_bg\.wasm$/, /impactwall-app/],
  ]) {
    const wasm = [];
    const { page, problems, context } = await openPage(browser, `${server.url}${url}`, {
      setup: (p) => p.on('request', (r) => {
        const { pathname } = new URL(r.url());
        if (pathname.endsWith('.wasm')) wasm.push(pathname);
      }),
    });
    await page.locator(ready).first().waitFor({ timeout: 15000 });
    assert.ok(wasm.length >= 1, `${url}: no wasm requested`);
    for (const w of wasm) {
      assert.match(w, own, url);
      assert.doesNotMatch(w, other, url);
    }
    assert.deepEqual(problems, []);
    await context.close();
  }
});
