// Shared end-to-end helpers: a static server for a built site (prerendered pages,
// `404.html` for the rest, like a static host) and headless Debian Chromium through
// playwright-core.
import http from 'node:http';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium } from 'playwright-core';

export const DIST = path.resolve(process.env.IMPACTWALL_DIST || 'dist');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ogg': 'audio/ogg',
  '.mp3': 'audio/mpeg',
  '.ics': 'text/calendar; charset=utf-8',
  '.xml': 'application/atom+xml',
  '.webmanifest': 'application/manifest+json',
  '.ico': 'image/x-icon',
};

// What a CDN or `gzip on` compresses (Pagefind's `.pf_*` files are gzipped already).
const COMPRESSIBLE = /^(text\/|application\/(json|wasm|atom\+xml|manifest\+json)|image\/svg)/;

/// Serves `root` on an ephemeral loopback port. A folder is its index.html; unknown
/// paths without an extension get 404.html with status 404; missing files under /data
/// and /media are plain 404s. With `{ compress: true }`, text and wasm are sent
/// gzipped to clients that accept it, as a static host would.
export function startStaticServer(root = DIST, { compress = false } = {}) {
  const server = http.createServer((req, res) => {
    let urlPath;
    try {
      urlPath = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    } catch {
      res.writeHead(400).end();
      return;
    }
    const file = path.join(root, path.normalize(urlPath));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    const send = (f) => {
      const type = TYPES[path.extname(f).toLowerCase()] || 'application/octet-stream';
      const gzip = compress && COMPRESSIBLE.test(type) && /\bgzip\b/.test(req.headers['accept-encoding'] || '');
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-cache', ...(gzip ? { 'content-encoding': 'gzip', vary: 'accept-encoding' } : {}) });
      const body = fs.createReadStream(f);
      if (gzip) body.pipe(zlib.createGzip()).pipe(res);
      else body.pipe(res);
    };
    fs.stat(file, (err, st) => {
      if (!err && st.isFile()) return send(file);
      if (!err && st.isDirectory() && fs.existsSync(path.join(file, 'index.html'))) {
        return send(path.join(file, 'index.html'));
      }
      const isAsset = path.extname(urlPath) !== '' || /^\/(data|media|qr|calendar)\//.test(urlPath);
      if (isAsset) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      // A page the build did not write: its 404 page, as static hosts answer (the
      // bare app shell, without prerendered pages, for every route).
      const notFound = path.join(root, '404.html');
      if (fs.existsSync(notFound)) {
        res.writeHead(404, { 'content-type': TYPES['.html'], 'cache-control': 'no-cache' });
        fs.createReadStream(notFound).pipe(res);
        return;
      }
      send(path.join(root, 'index.html'));
    });
  });
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      resolve({ url: `http://127.0.0.1:${port}`, close: () => new Promise((r) => server.close(r)), server });
    });
  });
}

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/// Headless Debian Chromium (playwright gives each launch a fresh profile).
export function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

export const VIEWPORTS = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1440, height: 900 },
  wall: { width: 1920, height: 1080 },
  wall4k: { width: 3840, height: 2160 },
  portrait: { width: 1080, height: 1920 },
};

/// Opens a page and records every page error, console error and CSP violation, so
/// tests can assert a clean run.
export async function openPage(browser, url, { viewport = VIEWPORTS.desktop, context: ctxOpts = {}, setup } = {}) {
  const context = await browser.newContext({ viewport, ...ctxOpts });
  const page = await context.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  await page.addInitScript(() => {
    window.__cspViolations = [];
    document.addEventListener('securitypolicyviolation', (e) =>
      window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
    );
  });
  if (setup) await setup(page, context);
  if (url) await page.goto(url);
  return { page, context, problems };
}

/// CSP violations recorded in the page so far.
export function cspViolations(page) {
  return page.evaluate(() => window.__cspViolations || []);
}

export function screenshotDir() {
  const dir = path.resolve(process.env.SCREENSHOT_DIR || 'target/screenshots');
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}
