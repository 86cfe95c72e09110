// Wall screens run all day on small fanless computers: whatever moves on them must be
// work the compositor does alone (transform, opacity), and between slide changes the
// page must not lay out or restyle anything. Counts, not timings: the speed itself is
// measured by bench/wall-power/.
// Data: tests/e2e/fixtures/wall (see wall.test.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openPage, VIEWPORTS } from './lib/harness.mjs';
import { startWallServer } from './fixtures/wall/server.mjs';

// Wednesday 10 March 2027, 11:00 in Amsterdam (the fixture's site zone).
const WED_11 = '2027-03-10T10:00:00Z';
const SLIDE_MS = 10_000; // fixture: slide_seconds = 10
const BURN_IN_MS = 180_000; // rotation::BURN_IN_PERIOD_SECONDS
const KINDS = ['story', 'thanks', 'event', 'counters', 'mission'];
const COMPOSITOR_ONLY = new Set(['transform', 'opacity']);

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

async function openWall({ reducedMotion = 'no-preference' } = {}) {
  const opened = await openPage(browser, null, {
    viewport: VIEWPORTS.wall,
    context: { timezoneId: 'Europe/Amsterdam', reducedMotion },
    setup: (page) => page.clock.install({ time: new Date(WED_11) }),
  });
  await opened.page.goto(`${server.url}/wall`);
  await opened.page.locator('.wall-slide').first().waitFor({ timeout: 20_000 });
  return opened;
}

// Every animation and transition in the document, with the properties it animates.
function animations(page) {
  return page.evaluate(() =>
    document.getAnimations().map((a) => {
      const fromKeyframes = a.effect
        .getKeyframes()
        .flatMap((k) => Object.keys(k))
        .filter((k) => !['offset', 'computedOffset', 'easing', 'composite'].includes(k));
      const transitioned = a.transitionProperty ? [a.transitionProperty] : [];
      const target = a.effect.target;
      return {
        kind: a.constructor.name,
        name: a.animationName || a.transitionProperty || '',
        target: target ? `${target.tagName.toLowerCase()}.${[...target.classList].join('.')}` : '',
        state: a.playState,
        properties: [...new Set([...fromKeyframes, ...transitioned])],
      };
    }),
  );
}

function assertCompositorOnly(list, where) {
  for (const a of list) {
    const others = a.properties.filter((p) => !COMPOSITOR_ONLY.has(p));
    assert.deepEqual(others, [], `${where}: ${a.kind} ${a.name} on ${a.target} animates ${others.join(', ')}`);
  }
}

async function waitFor(check, what, timeout = 10_000) {
  const until = Date.now() + timeout;
  while (Date.now() < until) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  assert.fail(`timed out waiting for ${what}`);
}

test('every animation on the wall moves only transform and opacity, on every slide kind', async () => {
  const { page, context, problems } = await openWall();
  try {
    // Freeze the document timeline so the slide's entrance and the burn-in transition
    // are still there to be read, however slow the machine.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Animation.enable');
    await cdp.send('Animation.setPlaybackRate', { playbackRate: 0 });
    const seen = new Set();
    for (let i = 0; i < 8; i++) {
      const kind = await page.locator('.wall-slide').getAttribute('data-kind');
      seen.add(kind);
      const list = await animations(page);
      assert.ok(
        list.some((a) => a.target.includes('wall-progress-fill')),
        `${kind}: the progress bar animates (${JSON.stringify(list)})`,
      );
      assert.ok(list.some((a) => a.name === 'wall-enter'), `${kind}: the slide fades in`);
      assertCompositorOnly(list, `${kind} slide`);
      const key = await page.locator('main.wall').getAttribute('data-slide');
      await page.clock.runFor(SLIDE_MS);
      await waitFor(async () => (await page.locator('main.wall').getAttribute('data-slide')) !== key, 'the next slide');
    }
    assert.deepEqual([...seen].sort(), [...KINDS].sort());
    // The burn-in shift is a CSS transition of the whole screen.
    const shift = () => page.locator('main.wall').evaluate((e) => e.style.transform);
    const first = await shift();
    await page.clock.runFor(BURN_IN_MS);
    await waitFor(async () => (await shift()) !== first, 'the burn-in shift');
    const list = await animations(page);
    assert.ok(list.some((a) => a.kind === 'CSSTransition'), `the shift is a transition: ${JSON.stringify(list)}`);
    assertCompositorOnly(list, 'burn-in shift');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('between slide changes the wall neither lays out nor restyles', async () => {
  const { page, context, problems } = await openWall();
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Performance.enable');
    const counts = async () => {
      const { metrics } = await cdp.send('Performance.getMetrics');
      const get = (n) => metrics.find((m) => m.name === n)?.value ?? 0;
      return { layouts: get('LayoutCount'), styles: get('RecalcStyleCount') };
    };
    // Let the first fetch, its stamp and the slide's entrance settle.
    await waitFor(async () => /Updated 11:00/.test(await page.locator('.wall-stamp').innerText()), 'the updated stamp');
    await page.waitForTimeout(1_500);
    const start = await counts();
    // A second of real frames (the progress bar runs in real time), then five seconds
    // of the wall's own clock: ten ticks, five clock seconds, still the same slide.
    await page.waitForTimeout(1_000);
    await page.clock.runFor(5_000);
    await page.waitForTimeout(200);
    const end = await counts();
    assert.equal(await page.locator('main.wall').getAttribute('data-slide'), 'stories:night-line-lifeline');
    assert.equal(end.layouts - start.layouts, 0, `layouts between slide changes: ${JSON.stringify({ start, end })}`);
    assert.equal(end.styles - start.styles, 0, `style recalculations between slide changes: ${JSON.stringify({ start, end })}`);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the clock and the progress bar never shift while slides change', async () => {
  const { page, context, problems } = await openWall();
  try {
    await page.evaluate(() => {
      window.__shifted = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          for (const s of entry.sources || []) {
            const inBars = s.node?.closest?.('.wall-top, .wall-bottom');
            if (inBars) window.__shifted.push(`${s.node.nodeName} in ${inBars.className}`);
          }
        }
      }).observe({ type: 'layout-shift', buffered: true });
    });
    const top = () => page.locator('.wall-top').evaluate((e) => JSON.stringify(e.getBoundingClientRect()));
    const bar = () => page.locator('.wall-progress').evaluate((e) => JSON.stringify(e.getBoundingClientRect()));
    const before = { top: await top(), bar: await bar() };
    for (let i = 0; i < 8; i++) {
      const key = await page.locator('main.wall').getAttribute('data-slide');
      await page.clock.runFor(SLIDE_MS);
      await waitFor(async () => (await page.locator('main.wall').getAttribute('data-slide')) !== key, 'the next slide');
      await page.waitForTimeout(50);
      assert.deepEqual({ top: await top(), bar: await bar() }, before, `after slide ${i + 1}`);
    }
    assert.deepEqual(await page.evaluate(() => window.__shifted), []);
    // The screen's edges stay covered wherever the burn-in shift has moved the wall.
    const covered = await page.locator('main.wall').evaluate((e) => {
      const r = e.getBoundingClientRect();
      return r.left <= 0 && r.top <= 0 && r.right >= innerWidth && r.bottom >= innerHeight;
    });
    assert.ok(covered, 'the wall covers the whole screen');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('with reduced motion the slides and the screen do not move, the bar advances in steps', async () => {
  const { page, context, problems } = await openWall({ reducedMotion: 'reduce' });
  try {
    const cdp = await context.newCDPSession(page);
    await cdp.send('Animation.enable');
    await cdp.send('Animation.setPlaybackRate', { playbackRate: 0 });
    const key = await page.locator('main.wall').getAttribute('data-slide');
    await page.clock.runFor(SLIDE_MS);
    await waitFor(async () => (await page.locator('main.wall').getAttribute('data-slide')) !== key, 'the next slide');
    const shift = () => page.locator('main.wall').evaluate((e) => e.style.transform);
    const first = await shift();
    await page.clock.runFor(BURN_IN_MS);
    await waitFor(async () => (await shift()) !== first, 'the burn-in shift');
    const list = await animations(page);
    assert.deepEqual(list.map((a) => a.name), ['wall-progress'], JSON.stringify(list));
    const easing = await page.locator('.is-current .wall-progress-fill').evaluate((e) => getComputedStyle(e).animationTimingFunction);
    assert.match(easing, /^steps\(4/);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the next slide is built ahead, transparent and inert, and the change shows that same node', async () => {
  const { page, context, problems } = await openWall();
  try {
    for (let i = 0; i < 3; i++) {
      const step = Number(await page.locator('.wall-slide').getAttribute('data-step'));
      const ahead = page.locator(`.wall-slide-ahead[data-step="${step + 1}"]`);
      await ahead.waitFor({ state: 'attached', timeout: 10_000 });
      const before = await ahead.evaluate((e) => {
        e.__builtAhead = true;
        const style = getComputedStyle(e);
        return { key: e.dataset.key, opacity: style.opacity, willChange: style.willChange, inert: e.inert, hidden: e.getAttribute('aria-hidden') };
      });
      // Painted ahead on a layer of its own, so that showing it is a compositor fade.
      assert.deepEqual({ ...before, key: undefined }, { key: undefined, opacity: '0', willChange: 'opacity, transform', inert: true, hidden: 'true' });
      const key = await page.locator('main.wall').getAttribute('data-slide');
      const next = await page.evaluate(() => {
        const current = document.querySelector('.wall-progress-step.is-current');
        return (current.nextElementSibling || current.parentElement.firstElementChild).dataset.key;
      });
      assert.equal(before.key, next, 'the slide ahead is the next in the rotation');
      // How the slide on screen looks the moment the change sends it behind.
      await page.evaluate((shown) => {
        window.__behind = [];
        const slot = document.querySelector(`.wall-slot[data-step="${shown}"]`);
        new MutationObserver(() => {
          if (!slot.classList.contains('wall-slide-hidden')) return;
          const style = getComputedStyle(slot);
          window.__behind.push({ visibility: style.visibility, willChange: style.willChange, inert: slot.inert });
        }).observe(slot, { attributes: true, attributeFilter: ['class'] });
      }, step);
      await page.clock.runFor(SLIDE_MS);
      await waitFor(async () => (await page.locator('main.wall').getAttribute('data-slide')) !== key, 'the next slide');
      const shown = page.locator('.wall-slide');
      assert.equal(await shown.getAttribute('data-key'), before.key);
      assert.equal(await page.locator('main.wall').getAttribute('data-slide'), before.key);
      assert.ok(await shown.evaluate((e) => e.__builtAhead === true), `slide ${i + 1}: the change showed the node built ahead, not a new one`);
      assert.deepEqual(
        await shown.evaluate((e) => ({ visibility: getComputedStyle(e).visibility, inert: e.inert, hidden: e.getAttribute('aria-hidden') })),
        { visibility: 'visible', inert: false, hidden: null },
      );
      // The slide left behind stays until the next one is built: hidden, without a layer.
      assert.deepEqual(
        (await page.evaluate(() => window.__behind))[0],
        { visibility: 'hidden', willChange: 'auto', inert: true },
      );
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
