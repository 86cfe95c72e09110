// Service worker for wall screens (registered by /watchdog.js with scope /wall, so
// it controls only the kiosk page). With the network down the wall keeps its app
// shell, its data and the media its slides use.
//
// - navigation (/wall?…): network first, cached shell when offline;
// - the wall feeds (/data/wall.json, /data/wall/{playlist}.json): network first
//   (conditional requests pass through), the last good copy of each when offline,
//   marked with `x-impactwall-from-cache`;
// - hashed files (app-3f9a1c2e….wasm, media/rosa.3f9a1c2e.jpg) and QR codes: cache
//   first, they never change under the same name;
// - anything else the page loads (theme.css, watchdog.js): network first.
'use strict';

var SHELL = 'impactwall-wall-shell-v1';
var DATA = 'impactwall-wall-data-v2'; // v1 held /data/index.json
var MEDIA = 'impactwall-wall-media-v1';
var KEEP = [SHELL, DATA, MEDIA];
var SHELL_KEY = '/wall';
// The wall's shell page is `wall/index.html`; asking for the folder URL avoids the
// `/wall` → `/wall/` redirect of static hosts (a redirected response cannot answer a
// navigation from the cache).
var SHELL_URL = '/wall/';
// The main wall feed, fetched at install; a playlist's feed is kept from its first fetch.
var FEED = '/data/wall.json';
function isWallFeed(path) {
  return path === FEED || /^\/data\/wall\/[a-z0-9-]+\.json$/.test(path);
}
var FROM_CACHE = 'x-impactwall-from-cache';

function sameOrigin(url) {
  return new URL(url, self.location.href).origin === self.location.origin;
}

// Local files an HTML shell refers to (scripts, styles, wasm preloads).
function shellAssets(html) {
  var out = [];
  var re = /\b(?:href|src)="([^"]+)"/g;
  var m;
  while ((m = re.exec(html))) {
    var url = m[1];
    if (!sameOrigin(url)) continue;
    var path = new URL(url, self.location.href).pathname;
    if (/\.(js|wasm|css|svg|png|ico|webmanifest)$/.test(path) && out.indexOf(path) < 0) out.push(path);
  }
  return out;
}

function isHashed(path) {
  return /[-.][0-9a-f]{8,}(_bg)?\.[a-z0-9]+$/.test(path);
}

// Stores a fresh shell and drops hashed files of older deployments.
function storeShell(response) {
  return response.clone().text().then(function (html) {
    var assets = shellAssets(html);
    return caches.open(SHELL).then(function (cache) {
      return cache.put(SHELL_KEY, response).then(function () {
        return cache.keys().then(function (keys) {
          return Promise.all(keys.map(function (req) {
            var path = new URL(req.url).pathname;
            if (path !== SHELL_KEY && isHashed(path) && assets.indexOf(path) < 0) return cache.delete(req);
            return null;
          }));
        }).then(function () {
          return Promise.all(assets.map(function (path) {
            return cache.match(path).then(function (hit) {
              return hit || fetch(path).then(function (r) { return r.ok ? cache.put(path, r) : null; });
            });
          }));
        });
      });
    });
  });
}

self.addEventListener('install', function (event) {
  event.waitUntil(
    fetch(SHELL_URL, { cache: 'no-store' })
      .then(function (r) { return r.ok ? storeShell(r) : null; })
      .then(function () {
        return fetch(FEED, { cache: 'no-store' }).then(function (r) {
          return r.ok ? caches.open(DATA).then(function (c) { return c.put(FEED, r); }) : null;
        });
      })
      .catch(function () { /* offline while installing: caches fill as the wall runs */ })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener('activate', function (event) {
  event.waitUntil(
    caches.keys()
      .then(function (names) {
        return Promise.all(names.map(function (n) {
          return n.indexOf('impactwall-wall-') === 0 && KEEP.indexOf(n) < 0 ? caches.delete(n) : null;
        }));
      })
      .then(function () { return self.clients.claim(); })
  );
});

function markFromCache(response) {
  var headers = new Headers(response.headers);
  headers.set(FROM_CACHE, '1');
  return response.blob().then(function (body) {
    return new Response(body, { status: 200, statusText: 'OK', headers: headers });
  });
}

function navigation(request) {
  return fetch(request)
    .then(function (r) {
      if (r.ok) storeShell(r.clone()).catch(function () {});
      return r;
    })
    .catch(function () {
      return caches.match(SHELL_KEY, { cacheName: SHELL }).then(function (hit) {
        return hit || Response.error();
      });
    });
}

function feedData(request) {
  var key = new URL(request.url).pathname;
  return fetch(request)
    .then(function (r) {
      if (r.status === 200) {
        var copy = r.clone();
        caches.open(DATA).then(function (c) { return c.put(key, copy); });
      }
      return r;
    })
    .catch(function () {
      return caches.match(key, { cacheName: DATA }).then(function (hit) {
        return hit ? markFromCache(hit) : Response.error();
      });
    });
}

function cacheFirst(request, cacheName) {
  var key = new URL(request.url).pathname;
  return caches.open(cacheName).then(function (cache) {
    return cache.match(key).then(function (hit) {
      if (hit) return hit;
      return fetch(request).then(function (r) {
        if (r.ok) cache.put(key, r.clone());
        return r;
      });
    });
  });
}

function networkFirst(request, cacheName) {
  var key = new URL(request.url).pathname;
  return fetch(request)
    .then(function (r) {
      if (r.ok) {
        var copy = r.clone();
        caches.open(cacheName).then(function (c) { return c.put(key, copy); });
      }
      return r;
    })
    .catch(function () {
      return caches.match(key, { cacheName: cacheName }).then(function (hit) { return hit || Response.error(); });
    });
}

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET' || !sameOrigin(request.url)) return;
  var path = new URL(request.url).pathname;
  if (request.mode === 'navigate') {
    event.respondWith(navigation(request));
  } else if (isWallFeed(path)) {
    event.respondWith(feedData(request));
  } else if (/^\/(media|qr)\//.test(path)) {
    event.respondWith(cacheFirst(request, MEDIA));
  } else if (isHashed(path)) {
    event.respondWith(cacheFirst(request, SHELL));
  } else {
    event.respondWith(networkFirst(request, SHELL));
  }
});

// The wall sends the media its current slides use: fetch the missing ones, forget
// the rest, so the cache follows the content instead of growing for weeks.
self.addEventListener('message', function (event) {
  var data = event.data || {};
  if (data.type !== 'wall-media' || !Array.isArray(data.urls)) return;
  var wanted = data.urls
    .filter(function (u) { return typeof u === 'string' && sameOrigin(u); })
    .map(function (u) { return new URL(u, self.location.href).pathname; });
  event.waitUntil(
    caches.open(MEDIA).then(function (cache) {
      return cache.keys().then(function (keys) {
        var drops = keys.map(function (req) {
          var path = new URL(req.url).pathname;
          return wanted.indexOf(path) < 0 ? cache.delete(req) : null;
        });
        var adds = wanted.map(function (path) {
          return cache.match(path).then(function (hit) {
            return hit || fetch(path).then(function (r) { return r.ok ? cache.put(path, r) : null; }).catch(function () {});
          });
        });
        return Promise.all(drops.concat(adds));
      });
    })
  );
});
