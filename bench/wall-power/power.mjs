// Wall power benchmark: how much of the time a wall screen keeps the browser's main
// thread busy, and how long the longest tasks are while slides change on a slow box.
//
//   make shell-release && node bench/wall-power/power.mjs
//
// For each screen size (1920x1080, 3840x2160) and each stylesheet (the current one and
// the reference, bench/wall-power/before.css: the wall's stylesheet before the progress
// bar moved to the compositor, served in its place), in one run:
//
// 1. busy share: the wall with the sample's rhythm (a slide every 12 s) in real time for
//    WALL_POWER_SECONDS (default 600), reading the renderer's main-thread metrics
//    (CDP Performance.getMetrics: TaskDuration, LayoutDuration, RecalcStyleDuration,
//    ScriptDuration and counts) at both ends;
// 2. slide changes at 4x CPU throttle (CDP Emulation.setCPUThrottlingRate): a trace of
//    WALL_POWER_CHANGES (default 20) slide changes, 3-second slides so the run stays
//    short, after one full rotation as warm-up, reporting the longest main-thread
//    task, the tasks over 50 ms (trace and the page's own 'longtask' observer) and
//    the layouts per slide change.
//
// Each measurement gets a fresh browser. Uses the app shell in IMPACTWALL_DIST, dist/ or
// target/shell with the wall test fixture's data (a Wednesday morning: no quiet hours).
// Set WALL_POWER_SECONDS=60 for a quick run; recorded figures use the full 600 s.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM_ARGS } from '../../tests/e2e/lib/harness.mjs';
import { startWallServer, shellDir } from '../../tests/e2e/fixtures/wall/server.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const SECONDS = Number(process.env.WALL_POWER_SECONDS || 600);
const CHANGES = Number(process.env.WALL_POWER_CHANGES || 20);
const THROTTLE = 4;
const SLIDE_SECONDS = 12;
const FAST_SLIDE_SECONDS = 3;
const LONG_TASK_MS = 50;
const WARMUP_CHANGES = 8; // the fixture's rotation
// Wednesday 11:00 in the fixture's zone, through the wall's own time travel, so the
// page's timers and frames run in real time.
const AT = encodeURIComponent('2027-03-10T11:00:00+01:00');
// WALL_POWER_SCREENS=3840x2160 and WALL_POWER_STYLES=current narrow a run (e.g. to
// compare two builds, IMPACTWALL_DIST=…, one after the other under the same load).
const pick = (list, env, name) => (env ? list.filter((x) => env.split(',').includes(name(x))) : list);
const SCREENS = pick([
  { name: '1920x1080', viewport: { width: 1920, height: 1080 } },
  { name: '3840x2160', viewport: { width: 3840, height: 2160 } },
], process.env.WALL_POWER_SCREENS, (s) => s.name);
const STYLES = pick(['current', 'before'], process.env.WALL_POWER_STYLES, (s) => s);
const BEFORE_CSS = fs.readFileSync(path.join(HERE, 'before.css'), 'utf8');
const BEFORE_HREF = '/__wall-power-before.css';

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (s) => process.stderr.write(`${s}\n`);

// The reference stylesheet replaces the wall's own in the wall page (trunk links it
// with an integrity hash, so the page gets a link to the reference instead).
async function useReferenceStyle(page) {
  await page.route(/\/wall(\/|\/index\.html)?(\?.*)?$/, async (route) => {
    const response = await route.fetch();
    const html = await response.text();
    const link = /<link[^>]*href="[^"]*\/wall-[0-9a-f]+\.css"[^>]*>/;
    if (!link.test(html)) throw new Error('no wall stylesheet link in the wall page');
    await route.fulfill({ response, body: html.replace(link, `<link rel="stylesheet" href="${BEFORE_HREF}">`) });
  });
  await page.route(`**${BEFORE_HREF}`, (route) =>
    route.fulfill({ contentType: 'text/css; charset=utf-8', body: BEFORE_CSS }),
  );
}

async function openWall(server, { viewport, style, slideSeconds, throttle = 1 }) {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const context = await browser.newContext({
    viewport,
    timezoneId: 'Europe/Amsterdam',
    reducedMotion: 'no-preference',
    // Requests a service worker answers would bypass the reference stylesheet's route.
    serviceWorkers: 'block',
  });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.addInitScript(() => {
    window.__longTasks = [];
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) window.__longTasks.push(e.duration);
    }).observe({ type: 'longtask', buffered: true });
  });
  if (style === 'before') await useReferenceStyle(page);
  const cdp = await context.newCDPSession(page);
  await page.goto(`${server.url}/wall?at=${AT}&seconds=${slideSeconds}`);
  await page.locator('.wall-slide').first().waitFor({ timeout: 60_000 });
  const usesReference = await page.evaluate(
    (href) => [...document.styleSheets].some((s) => s.href?.endsWith(href)),
    BEFORE_HREF,
  );
  if (usesReference !== (style === 'before')) throw new Error(`stylesheet is not the ${style} one`);
  if (throttle !== 1) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
  return { browser, page, cdp, errors };
}

const slideChanges = (page) => page.evaluate(() => window.__wallSlideChanges || 0);

async function untilChanges(page, n, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while ((await slideChanges(page)) < n) {
    if (Date.now() > until) throw new Error(`fewer than ${n} slide changes in ${timeoutMs} ms`);
    await sleep(500);
  }
}

async function metrics(cdp) {
  const { metrics: list } = await cdp.send('Performance.getMetrics');
  return Object.fromEntries(list.map((m) => [m.name, m.value]));
}

// Main-thread busy share over `SECONDS` of real time, after one slide change.
async function measureBusy(server, screen, style) {
  const wall = await openWall(server, { viewport: screen.viewport, style, slideSeconds: SLIDE_SECONDS });
  try {
    await untilChanges(wall.page, 1, (SLIDE_SECONDS + 30) * 1000);
    await wall.cdp.send('Performance.enable');
    const changes0 = await slideChanges(wall.page);
    const a = await metrics(wall.cdp);
    await sleep(SECONDS * 1000);
    const b = await metrics(wall.cdp);
    const changes = (await slideChanges(wall.page)) - changes0;
    const d = (k) => b[k] - a[k];
    const span = d('Timestamp');
    return {
      seconds: span,
      busy: d('TaskDuration') / span,
      layoutS: d('LayoutDuration'),
      styleS: d('RecalcStyleDuration'),
      scriptS: d('ScriptDuration'),
      layouts: d('LayoutCount'),
      styles: d('RecalcStyleCount'),
      changes,
      errors: wall.errors.length,
    };
  } finally {
    await wall.browser.close();
  }
}

// The renderer main thread of the page: the CrRendererMain with the most tasks.
function rendererMain(events) {
  const mains = events.filter((e) => e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain');
  const tasks = (t) => events.filter((e) => e.pid === t.pid && e.tid === t.tid && e.name === 'RunTask').length;
  return mains.sort((x, y) => tasks(y) - tasks(x))[0];
}

// Tasks and layouts during `CHANGES` slide changes at `THROTTLE`x CPU throttle.
/// WALL_POWER_EXPLAIN=1: what the main thread did inside each task over 40 ms, to stderr.
function explain(on, name) {
  for (const t of on.filter((e) => e.name === 'RunTask' && e.dur > 40_000)) {
    const inside = on.filter((e) => e !== t && e.ts >= t.ts && e.ts + e.dur <= t.ts + t.dur && e.dur > 3_000);
    const parts = inside.map((e) => `${e.name} ${(e.dur / 1000).toFixed(1)}`).join(', ');
    process.stderr.write(`${name}: task ${(t.dur / 1000).toFixed(1)} ms: ${parts}\n`);
  }
}

async function measureChanges(server, screen, style) {
  const wall = await openWall(server, {
    viewport: screen.viewport,
    style,
    slideSeconds: FAST_SLIDE_SECONDS,
    throttle: THROTTLE,
  });
  try {
    // One full rotation first: each slide kind's code is compiled on its first use.
    await untilChanges(wall.page, WARMUP_CHANGES, 120_000 * THROTTLE);
    await wall.page.evaluate(() => { window.__longTasks = []; });
    const start = await slideChanges(wall.page);
    await wall.browser.startTracing(wall.page, {
      categories: ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline'],
    });
    await untilChanges(wall.page, start + CHANGES, CHANGES * FAST_SLIDE_SECONDS * 1000 * 4 + 60_000);
    const trace = JSON.parse((await wall.browser.stopTracing()).toString('utf8'));
    const observed = await wall.page.evaluate(() => window.__longTasks);
    const changes = (await slideChanges(wall.page)) - start;
    const events = trace.traceEvents || trace;
    const main = rendererMain(events);
    if (!main) throw new Error('no renderer main thread in the trace');
    const on = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
    const tasks = on.filter((e) => e.name === 'RunTask').map((e) => e.dur / 1000);
    const layouts = on.filter((e) => e.name === 'Layout').length;
    if (process.env.WALL_POWER_EXPLAIN) explain(on, screen.name);
    return {
      changes,
      maxTaskMs: Math.max(0, ...tasks),
      longTasks: tasks.filter((ms) => ms > LONG_TASK_MS).length,
      observedLongTasks: observed.length,
      maxObservedMs: Math.max(0, ...observed),
      layoutsPerChange: layouts / changes,
      errors: wall.errors.length,
    };
  } finally {
    await wall.browser.close();
  }
}

const pct = (x) => `${(x * 100).toFixed(2)} %`;
const ms = (x) => `${x.toFixed(1)} ms`;

function report(busy, changes) {
  const out = [];
  out.push(`Wall power: ${SECONDS} s of real time per busy-share run (slides every ${SLIDE_SECONDS} s), `
    + `${CHANGES} slide changes at ${THROTTLE}x CPU throttle (slides every ${FAST_SLIDE_SECONDS} s); shell ${shellDir()}`);
  out.push('');
  out.push('| screen | stylesheet | main thread busy | layout | style | script | layouts | slide changes |');
  out.push('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const r of busy) {
    const m = r.result;
    out.push(`| ${r.screen} | ${r.style} | ${pct(m.busy)} | ${m.layoutS.toFixed(2)} s | ${m.styleS.toFixed(2)} s | `
      + `${m.scriptS.toFixed(2)} s | ${m.layouts} | ${m.changes} |`);
  }
  out.push('');
  for (const screen of SCREENS) {
    const get = (style) => busy.find((r) => r.screen === screen.name && r.style === style)?.result;
    const [now, ref] = [get('current'), get('before')];
    if (now && ref) out.push(`${screen.name}: busy share ${pct(now.busy)} vs ${pct(ref.busy)} before (${(ref.busy / now.busy).toFixed(1)}x less)`);
  }
  out.push('');
  out.push(`| screen | stylesheet | longest task | tasks > ${LONG_TASK_MS} ms (trace) | long tasks (observer), longest | layouts per slide change |`);
  out.push('|---|---|---:|---:|---:|---:|');
  for (const r of changes) {
    const m = r.result;
    out.push(`| ${r.screen} | ${r.style} | ${ms(m.maxTaskMs)} | ${m.longTasks} | ${m.observedLongTasks}, ${ms(m.maxObservedMs)} | `
      + `${m.layoutsPerChange.toFixed(1)} |`);
  }
  return out.join('\n');
}

const server = await startWallServer();
const busy = [];
const changes = [];
try {
  for (const screen of SCREENS) {
    for (const style of STYLES) {
      log(`${screen.name} ${style}: ${CHANGES} slide changes at ${THROTTLE}x throttle`);
      changes.push({ screen: screen.name, style, result: await measureChanges(server, screen, style) });
    }
  }
  for (const screen of SCREENS) {
    for (const style of STYLES) {
      log(`${screen.name} ${style}: busy share over ${SECONDS} s`);
      busy.push({ screen: screen.name, style, result: await measureBusy(server, screen, style) });
    }
  }
} finally {
  await server.close();
}
const [load1, load5, load15] = fs.readFileSync('/proc/loadavg', 'utf8').split(' ');
console.log(report(busy, changes));
console.log(`\nload average at the end: ${load1} ${load5} ${load15}`);
const errors = [...busy, ...changes].reduce((n, r) => n + r.result.errors, 0);
const current = (list, screen) => list.find((r) => r.screen === screen && r.style === 'current')?.result;
const busyOk = (current(busy, '1920x1080')?.busy ?? 0) <= 0.01;
const tasksOk = SCREENS.every((s) => (current(changes, s.name)?.longTasks ?? 0) === 0);
console.log(`targets: busy <= 1 % at 1920x1080 ${busyOk ? 'met' : 'NOT met'}; `
  + `no task > ${LONG_TASK_MS} ms at ${THROTTLE}x throttle ${tasksOk ? 'met' : 'NOT met'}; page errors: ${errors}`);
process.exit(busyOk && tasksOk && errors === 0 ? 0 : 1);
