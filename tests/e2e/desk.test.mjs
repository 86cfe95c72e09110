// The publishing desk's page in a real browser, against a real `impactwall serve
// --desk` on a temporary copy of tests/fixtures/valid/minimal: sign in (also with the
// keyboard only), create a story with an image and see it on the reading site, an
// edit that meets a change on disk gets the conflict message, a 422 message sits next
// to its field, a voicemail with its recording and transcript, the trash, the preview
// link, axe on every screen; without --desk, /desk is a 404. Screenshots of each
// screen (1280 and 390 px wide) go to SCREENSHOT_DIR (target/screenshots).
//
// Needs the app shell in target/shell (`make shell-release`; SERVE_E2E_SHELL
// overrides) and the debug binary (`cargo build --bin impactwall`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser, openPage, cspViolations, screenshotDir } from './lib/harness.mjs';
import { seriousA11yViolations } from './fixtures/site-dist.mjs';

const targetDir = process.env.CARGO_TARGET_DIR || 'target';
const BIN = process.env.IMPACTWALL_BIN || path.resolve(targetDir, 'debug', 'impactwall');
const SHELL = path.resolve(process.env.SERVE_E2E_SHELL || 'target/shell');
const FIXTURE = path.resolve('tests/fixtures/valid/minimal');
const TOKEN = 'desk-e2e-token-0123456789';
const EDITOR = 'Ana Lima';
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 390, height: 844 };

let tmp;
let content;
const servers = [];
let baseUrl;
let plainUrl;
let browser;
let shots;

/// Starts `impactwall serve` with `args`; resolves to its base URL.
function serve(args, env = {}) {
  const child = spawn(BIN, ['serve', content, '--shell', SHELL, '--port', '0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, IMPACTWALL_LOG: 'warn', ...env },
  });
  servers.push(child);
  let stderr = '';
  child.stderr.on('data', (d) => {
    stderr += d;
  });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 90000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[^\s]+?)\/? /);
      if (m) {
        clearTimeout(timer);
        resolve(m[1].replace(/\/$/, ''));
      }
    });
    child.on('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}

before(async () => {
  assert.ok(fs.existsSync(BIN), `build the binary first (cargo build --bin impactwall): ${BIN}`);
  assert.ok(fs.existsSync(path.join(SHELL, 'index.html')), `build the shell first (make shell-release): ${SHELL}`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'impactwall-desk-e2e-'));
  content = path.join(tmp, 'content');
  fs.cpSync(FIXTURE, content, { recursive: true });
  baseUrl = await serve(['--desk'], { IMPACTWALL_DESK_TOKEN: TOKEN });
  plainUrl = await serve([]);
  browser = await launchBrowser();
  shots = screenshotDir();
});

after(async () => {
  await browser?.close();
  for (const child of servers) {
    if (child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  }
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

/// No serious axe finding, then a screenshot at desktop and phone width.
async function checkScreen(page, name) {
  const found = await seriousA11yViolations(page);
  assert.deepEqual(found, [], `${name}: axe`);
  for (const [label, size] of [['desktop', DESKTOP], ['phone', PHONE]]) {
    await page.setViewportSize(size);
    // Nothing wider than the screen on a phone.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name} (${label}): ${overflow}px wider than the screen`);
    await page.screenshot({ path: path.join(shots, `desk-${name}-${label}.png`), fullPage: true });
  }
  await page.setViewportSize(DESKTOP);
}

async function signIn(page) {
  await page.goto(`${baseUrl}/desk`);
  await page.getByLabel('Desk token').fill(TOKEN);
  await page.getByLabel('Your name').fill(EDITOR);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Everything on the site' }).waitFor();
}

const read = (rel) => fs.readFileSync(path.join(content, rel), 'utf8');

test('without --desk, /desk is a 404 and shows no desk', async () => {
  // The desk's bundle (target/shell/desk) is in the shell, but not served without --desk.
  const bundle = fs.readdirSync(path.join(SHELL, 'desk')).filter((f) => f.endsWith('.js'));
  assert.equal(bundle.length, 1, 'the desk bundle: make shell-release');
  for (const p of ['/desk', '/desk/', '/desk/trash', '/desk/index.html', `/desk/${bundle[0]}`]) {
    const res = await fetch(`${plainUrl}${p}`);
    assert.equal(res.status, 404, p);
    assert.ok(!(await res.text()).includes('impactwall-desk'), p);
  }
  // With --desk, the bundle is served; the reading site's bundle has no desk in it.
  const res = await fetch(`${baseUrl}/desk/${bundle[0]}`);
  assert.equal(res.status, 200);
  const site = await (await fetch(`${baseUrl}/`)).text();
  assert.ok(!site.includes('impactwall-desk'), 'the reading site loads the desk bundle');
});

test('sign in, the list with its states and filters, sign out', async () => {
  const { page, context, problems } = await openPage(browser, `${baseUrl}/desk`, { viewport: DESKTOP });
  await page.getByRole('heading', { level: 1, name: 'Sign in to the desk' }).waitFor();
  await checkScreen(page, 'sign-in');
  // A wrong token: the message, next to the token field.
  await page.getByLabel('Desk token').fill('not-the-token-at-all');
  await page.getByLabel('Your name').fill(EDITOR);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByText('That token is not the desk').waitFor();
  assert.equal(await page.getByLabel('Desk token').getAttribute('aria-invalid'), 'true');
  await checkScreen(page, 'sign-in-wrong');
  await page.getByLabel('Desk token').fill(TOKEN);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { level: 1, name: 'Everything on the site' }).waitFor();
  await page.getByText(`Signed in as ${EDITOR}`).waitFor();
  const rows = page.locator('.desk-row');
  assert.equal(await rows.count(), 3);
  const story = rows.filter({ hasText: 'The first call back' });
  assert.match(await story.innerText(), /Live/);
  assert.match(await story.innerText(), /On wall screens/);
  assert.match(await story.innerText(), /Languages: en/);
  await checkScreen(page, 'list');
  // Filters: kind, then words.
  await page.getByLabel('Kind').selectOption('events');
  assert.equal(await rows.count(), 1);
  await page.getByLabel('Kind').selectOption('');
  await page.getByLabel('Find by title or file').fill('bakery');
  assert.equal(await rows.count(), 1);
  assert.match(await rows.first().innerText(), /thanks\/from-the-corner-bakery\.md/);
  await page.getByLabel('Find by title or file').fill('');
  // Spanish, then back.
  await page.getByLabel('Language').selectOption('es');
  await page.getByRole('heading', { level: 1, name: 'Todo lo del sitio' }).waitFor();
  await page.getByLabel('Idioma').selectOption('en');
  await page.getByRole('button', { name: 'Sign out' }).click();
  await page.getByRole('heading', { level: 1, name: 'Sign in to the desk' }).waitFor();
  // Signed out on the server too: the cookie no longer lists anything.
  const status = await page.evaluate(async () => (await fetch('/desk/api/items')).status);
  assert.equal(status, 401);
  assert.deepEqual(await cspViolations(page), []);
  // The browser logs the wrong token's and the signed-out request's 401s.
  assert.deepEqual(problems.filter((p) => !/status of 401/.test(p)), []);
  await context.close();
});

test('a story with an image: saved, on the reading site within a second; a change on disk is a conflict', async () => {
  const { page, context, problems } = await openPage(browser, null, { viewport: DESKTOP });
  await signIn(page);
  await page.getByRole('link', { name: 'New story' }).click();
  await page.getByRole('heading', { level: 1, name: 'New: Stories' }).waitFor();
  assert.equal(new URL(page.url()).pathname, '/desk/new/stories');
  await checkScreen(page, 'new-story');
  const title = 'Night ferry forms sorted';
  await page.getByLabel('Title *').fill(title);
  await page.getByLabel('Date *').fill('2026-03-02');
  await page.getByLabel('Summary').fill('The ferry office had the wrong form; one call fixed it.');
  await page.getByLabel('Upload an image').setInputFiles(path.join(FIXTURE, 'media', 'desk.png'));
  await page.waitForFunction(() => document.getElementById('f-image').value.startsWith('media/'));
  const image = await page.locator('#f-image').inputValue();
  assert.equal(image, 'media/stories/desk.png');
  assert.ok(fs.existsSync(path.join(content, image)));
  await page.getByLabel('Alternative text of the image').fill('A help desk with a headset');
  await page.getByLabel('The people named agreed to publication').check();
  await page.getByLabel('Draft (not published)').uncheck();
  await page.getByLabel('Text (Markdown)').fill('They called from the quay.');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved.').waitFor();
  const saved = Date.now();
  const file = 'stories/night-ferry-forms-sorted.md';
  assert.match(read(file), /image = "media\/stories\/desk.png"/);
  assert.equal(new URL(page.url()).pathname, '/desk/edit/stories/night-ferry-forms-sorted');
  await page.getByRole('heading', { level: 1, name: 'Edit: Stories' }).waitFor();
  // On the reading site within a second of the save.
  const reader = await context.newPage();
  let shown = false;
  while (!shown && Date.now() - saved < 1000) {
    const res = await reader.request.get(`${baseUrl}/data/index.json`);
    shown = (await res.text()).includes(title);
  }
  assert.ok(shown, 'the story is in the reading site data within a second of the save');
  await reader.goto(`${baseUrl}/stories/night-ferry-forms-sorted`);
  await reader.getByRole('heading', { level: 1, name: title }).waitFor();
  await reader.close();

  // The preview link carries the chosen moment.
  await page.getByLabel('See the page as it will be on').fill('2027-01-05T09:30');
  assert.equal(
    await page.locator('#desk-preview-link').getAttribute('href'),
    '/stories/night-ferry-forms-sorted?at=2027-01-05T09%3A30',
  );

  // Someone edits the file in a text editor meanwhile.
  fs.writeFileSync(path.join(content, file), read(file).replace('They called from the quay.', 'Edited on disk.'));
  await page.getByLabel('Summary').fill('A summary typed in the desk.');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Not saved: this item changed since you opened it.').waitFor();
  assert.match(read(file), /Edited on disk\./);
  assert.doesNotMatch(read(file), /typed in the desk/);
  // The editor's text stays until they choose to reload.
  assert.equal(await page.getByLabel('Summary').inputValue(), 'A summary typed in the desk.');
  await checkScreen(page, 'conflict');
  await page.getByRole('button', { name: 'Reload' }).click();
  await page.waitForFunction(() => document.getElementById('f-body').value.includes('Edited on disk.'));

  // A 422: the message next to its field, and in the summary linking to it.
  await page.getByLabel('People helped').fill('many');
  await page.getByRole('button', { name: 'Save' }).click();
  const error = page.locator('#f-people_helped-error');
  await error.waitFor();
  assert.match(await error.innerText(), /people_helped/);
  const field = page.locator('#f-people_helped');
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  assert.match(await field.getAttribute('aria-describedby'), /f-people_helped-error/);
  const link = page.locator('#desk-summary a[href="#f-people_helped"]');
  assert.equal(await link.count(), 1);
  await link.click();
  assert.equal(await page.evaluate(() => document.activeElement.id), 'f-people_helped');
  assert.doesNotMatch(read(file), /many/);
  await checkScreen(page, 'invalid');

  // Delete moves it to the trash; restore brings it back.
  await page.getByRole('button', { name: 'Move to trash' }).click();
  await page.getByRole('heading', { level: 1, name: 'Everything on the site' }).waitFor();
  assert.ok(!fs.existsSync(path.join(content, file)));
  await page.getByRole('link', { name: 'Trash' }).click();
  await page.getByRole('heading', { level: 1, name: 'Trash' }).waitFor();
  await page.getByText('stories/night-ferry-forms-sorted').waitFor();
  await checkScreen(page, 'trash');
  await page.getByRole('button', { name: 'Restore' }).click();
  await page.getByText('The trash is empty.').waitFor();
  assert.ok(fs.existsSync(path.join(content, file)));
  assert.deepEqual(await cspViolations(page), []);
  assert.deepEqual(problems.filter((p) => !/status of 4(09|22)/.test(p)), []);
  await context.close();
});

test('a voicemail thank-you with its recording and transcript', async () => {
  const { page, context, problems } = await openPage(browser, null, { viewport: DESKTOP });
  await signIn(page);
  await page.getByRole('link', { name: 'New thank-you' }).click();
  await page.getByRole('heading', { level: 1, name: 'New: Thank-yous' }).waitFor();
  await page.getByLabel('From *').fill('A caller from the harbour');
  await page.getByLabel('To *').fill('The night shift');
  await page.getByLabel('Date *').fill('2026-03-04');
  await page.getByLabel('Arrived by *').selectOption('voicemail');
  await page.getByLabel('Upload a recording').setInputFiles(path.join(FIXTURE, 'media', 'call.ogg'));
  await page.waitForFunction(() => document.getElementById('f-audio').value.startsWith('media/'));
  await page.getByLabel('Transcript of the recording').fill('Thank you for staying on the line with me.');
  await page.getByLabel('The people named agreed to publication').check();
  await checkScreen(page, 'new-voicemail');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved.').waitFor();
  const text = read('thanks/a-caller-from-the-harbour.md');
  assert.match(text, /medium = "voicemail"/);
  assert.match(text, /audio = "media\/thanks\/call.ogg"/);
  assert.match(text, /transcript = "Thank you for staying on the line with me."/);
  assert.ok(fs.existsSync(path.join(content, 'media', 'thanks', 'call.ogg')));
  assert.deepEqual(problems, []);
  await context.close();
});

test('a scheduled story: the preview at its publish time shows it, the site now does not', async () => {
  const { page, context, problems } = await openPage(browser, null, { viewport: DESKTOP });
  await signIn(page);
  await page.getByRole('link', { name: 'New story' }).click();
  await page.getByRole('heading', { level: 1, name: 'New: Stories' }).waitFor();
  const title = 'Harbour lights back on';
  const text = 'The harbour lights came back on the night the new crew started.';
  // Published a year from now: not on the site yet, whatever day the test runs.
  const year = new Date().getUTCFullYear() + 1;
  await page.getByLabel('Title *').fill(title);
  await page.getByLabel('Date *').fill(`${year - 1}-12-01`);
  await page.getByLabel('Summary').fill('The lights at the harbour, on again.');
  await page.getByLabel('The people named agreed to publication').check();
  await page.getByLabel('Draft (not published)').uncheck();
  await page.getByLabel('Publish from').fill(`${year}-06-01T09:00`);
  await page.getByLabel('Text (Markdown)').fill(text);
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved.').waitFor();
  assert.match(read('stories/harbour-lights-back-on.md'), new RegExp(`publish_at = "?${year}-06-01T09:00`));

  /// Opens the preview link for `at` in a new tab; resolves to that page.
  async function preview(at) {
    await page.getByLabel('See the page as it will be on').fill(at);
    const opened = context.waitForEvent('page');
    await page.locator('#desk-preview-link').click();
    const tab = await opened;
    await tab.waitForLoadState();
    assert.match(tab.url(), new RegExp(`/stories/harbour-lights-back-on\\?at=${encodeURIComponent(at)}`));
    // The app has taken the page over (the schedule is applied in the browser).
    await tab.locator('body[data-app]').waitFor();
    return tab;
  }
  // After its publish time: the story, its text and the preview banner.
  const after = await preview(`${year}-06-01T09:30`);
  await after.getByRole('heading', { level: 1, name: title }).waitFor();
  await after.getByText(text).waitFor();
  assert.equal(await after.locator('.preview-banner').count(), 1);
  await after.close();
  // And not on the site now.
  const now = await context.newPage();
  await now.goto(`${baseUrl}/stories/harbour-lights-back-on`);
  await now.locator('body[data-app]').waitFor();
  await now.locator('h1').first().waitFor();
  assert.equal(await now.getByText(text).count(), 0);
  await now.close();
  assert.deepEqual(problems, []);
  await context.close();
});

// `?at=` is read in the viewer's time zone and `publish_at` in the site's
// (Europe/Amsterdam): a day before is "before" in any zone.
test('a scheduled story: the preview before its publish time does not show it', async () => {
  const { page, context } = await openPage(browser, null, { viewport: DESKTOP });
  const year = new Date().getUTCFullYear() + 1;
  await page.goto(`${baseUrl}/stories/harbour-lights-back-on?at=${year}-05-31T09%3A00`);
  await page.locator('body[data-app]').waitFor();
  await page.locator('h1').first().waitFor();
  assert.equal(await page.locator('.preview-banner').count(), 1);
  assert.equal(await page.getByText('The harbour lights came back on the night the new crew started.').count(), 0);
  await context.close();
});

test('a team with members, each with their own consent, and a talking point', async () => {
  const { page, context, problems } = await openPage(browser, null, { viewport: DESKTOP });
  await signIn(page);
  await page.getByRole('link', { name: 'New team' }).click();
  await page.getByRole('heading', { level: 1, name: 'New: Teams' }).waitFor();
  await page.getByLabel('Name *').fill('The harbour crew');
  await page.getByLabel('Languages the team answers in').fill('Dutch, English');
  await page.getByLabel('Hours').fill('Every night 22:00–02:00');
  await page.getByRole('button', { name: 'Add a member' }).click();
  await page.getByRole('button', { name: 'Add a member' }).click();
  await page.getByRole('button', { name: 'Add a member' }).click();
  const member = (n) => page.getByRole('group', { name: `Member ${n}` });
  assert.equal(await page.locator('.desk-member').count(), 3);
  await member(1).getByLabel('Name *').fill('Joost');
  await member(1).getByLabel('Role').fill('Night agent');
  await member(1).getByLabel('Agreed to be shown on the site').check();
  await member(2).getByLabel('Name *').fill('Nobody');
  await member(3).getByLabel('Name *').fill('Mei');
  await member(3).getByLabel('About').fill('Answers in four languages.');
  // The second row goes; the third becomes member 2.
  await member(2).getByRole('button', { name: 'Remove this member' }).click();
  assert.equal(await page.locator('.desk-member').count(), 2);
  assert.equal(await member(2).getByLabel('Name *').inputValue(), 'Mei');
  await page.getByLabel('Text (Markdown)').fill('Two agents who take the night calls.');
  await checkScreen(page, 'new-team');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved.').waitFor();
  const team = read('teams/the-harbour-crew.md');
  assert.match(team, /languages = \["Dutch", "English"\]/);
  assert.match(team, /\[\[members\]\]\nname = "Joost"\nrole = "Night agent"\nconsent = true/);
  assert.match(team, /\[\[members\]\]\nname = "Mei"\nabout = "Answers in four languages."\nconsent = false/);
  assert.doesNotMatch(team, /Nobody/);
  // Edited: Mei agrees; only the members change, the rest of the file stays.
  await page.goto(`${baseUrl}/desk/edit/teams/the-harbour-crew`);
  await signInHere(page);
  await member(2).getByLabel('Agreed to be shown on the site').waitFor();
  assert.equal(await member(1).getByLabel('Name *').inputValue(), 'Joost');
  await member(2).getByLabel('Agreed to be shown on the site').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved.').waitFor();
  assert.match(read('teams/the-harbour-crew.md'), /name = "Mei"\nabout = "Answers in four languages."\nconsent = true/);
  await checkScreen(page, 'edit-team');

  await page.goto(`${baseUrl}/desk/new/talking-points`);
  await signInHere(page);
  await page.getByRole('heading', { level: 1, name: 'New: Talking points' }).waitFor();
  await page.getByLabel('What to say').fill('Night calls are answered by people who know the harbour.');
  await page.getByLabel('For teams').fill('the-harbour-crew');
  await page.getByLabel('Draft (not published)').uncheck();
  await checkScreen(page, 'new-talking-point');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved.').waitFor();
  // The file name is made from the text; the form's address names it.
  const slug = new URL(page.url()).pathname.replace('/desk/edit/talking-points/', '');
  assert.match(slug, /^night-calls-are-answered/);
  const point = read(`talking-points/${slug}.md`);
  assert.match(point, /text = "Night calls are answered by people who know the harbour."/);
  assert.match(point, /teams = \["the-harbour-crew"\]/);
  assert.deepEqual(await cspViolations(page), []);
  assert.deepEqual(problems, []);
  await context.close();
});

/// Signs in on the page already open (a reload asks to sign in again), staying on it.
async function signInHere(page) {
  await page.getByLabel('Desk token').fill(TOKEN);
  await page.getByLabel('Your name').fill(EDITOR);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/// Presses Tab until the focused element matches `selector` (at most 30 times).
async function tabTo(page, selector) {
  for (let i = 0; i < 30; i++) {
    await page.keyboard.press('Tab');
    if (await page.evaluate((s) => document.activeElement?.matches(s), selector)) {
      // Focus is visible where it is.
      const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
      assert.notEqual(outline, 'none', `focus on ${selector} is visible`);
      return;
    }
  }
  assert.fail(`Tab never reached ${selector}`);
}

test('keyboard only: sign in, open a new event, save it', async () => {
  const { page, context, problems } = await openPage(browser, `${baseUrl}/desk`, { viewport: PHONE });
  await page.getByRole('heading', { level: 1, name: 'Sign in to the desk' }).waitFor();
  await tabTo(page, '#desk-token');
  await page.keyboard.type(TOKEN);
  await tabTo(page, '#desk-name');
  await page.keyboard.type(EDITOR);
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'Everything on the site' }).waitFor();
  await tabTo(page, 'a[href="/desk/new/events"]');
  await page.keyboard.press('Enter');
  await page.getByRole('heading', { level: 1, name: 'New: Events' }).waitFor();
  await tabTo(page, '#f-title');
  await page.keyboard.type('Open evening by keyboard');
  await tabTo(page, '#f-starts');
  await page.keyboard.type('2027-05-04T18:00');
  await tabTo(page, 'button[type="submit"]');
  await page.keyboard.press('Enter');
  await page.getByText('Saved.').waitFor();
  assert.match(read('events/open-evening-by-keyboard.md'), /title = "Open evening by keyboard"/);
  assert.deepEqual(problems, []);
  await context.close();
});
