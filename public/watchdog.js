// Wall-screen watchdog. Screens open /wall once and are never touched again, so this
// small loader brings the page back by itself: after a wasm panic or a runtime error,
// when the rotation's heartbeat stalls, and once a day during quiet hours (a fresh
// start also picks up a new app version). It also registers the wall's service worker.
// On the reading site it does nothing.
(function () {
  'use strict';
  if (!/^\/wall\/?$/.test(location.pathname)) return;

  var CHECK_MS = 15 * 1000;          // how often the heartbeat is checked
  var STALL_MS = 60 * 1000;          // heartbeat older than this: the rotation is stuck
  var BOOT_MS = 120 * 1000;          // no heartbeat at all this long after loading
  var DAILY_MS = 20 * 3600 * 1000;   // uptime after which quiet hours trigger a reload
  var NO_QUIET_DAILY_MS = 24 * 3600 * 1000; // sites without quiet hours: once a day
  var HEALTHY_MS = 10 * 60 * 1000;   // running this long resets the crash back-off
  var STATE_KEY = 'impactwall.wall.watchdog';

  var setTimer = window.setTimeout.bind(window);
  var started = Date.now();
  var reloading = false;

  function readState() {
    try {
      return JSON.parse(sessionStorage.getItem(STATE_KEY) || '{}') || {};
    } catch (e) {
      return {};
    }
  }
  function writeState(s) {
    try {
      sessionStorage.setItem(STATE_KEY, JSON.stringify(s));
    } catch (e) {
      /* storage full or disabled: back-off is then per page load only */
    }
  }

  // The self-test parameter must not survive the reload it causes.
  function cleanUrl() {
    var u = new URL(location.href);
    u.searchParams.delete('selftest');
    return u.toString();
  }

  // Reloading without network and without a service worker would leave the browser's
  // error page on screen for good, so check that the page can come back first.
  function canComeBack() {
    if (navigator.serviceWorker && navigator.serviceWorker.controller) return Promise.resolve(true);
    return fetch(location.pathname, { cache: 'no-store' })
      .then(function (r) { return r.ok; })
      .catch(function () { return false; });
  }

  function reload(reason, crashed) {
    if (reloading) return;
    reloading = true;
    canComeBack().then(function (ok) {
      if (!ok) {
        reloading = false; // try again at the next check
        return;
      }
      var s = readState();
      s.crashes = crashed ? (s.crashes || 0) + 1 : 0;
      s.last = { reason: reason, at: Date.now() };
      writeState(s);
      location.replace(cleanUrl());
    });
  }

  // Repeated crashes back off (5 s, 10 s, 20 s … up to 5 min) so a screen with bad
  // luck does not reload in a tight loop.
  var crashTimer = null;
  function crashed(reason) {
    if (crashTimer !== null || reloading) return;
    var n = readState().crashes || 0;
    var delay = Math.min(5000 * Math.pow(2, n), 5 * 60 * 1000);
    crashTimer = setTimer(function () { reload(reason, true); }, delay);
  }

  window.addEventListener('error', function (e) { crashed('error: ' + (e && e.message)); });
  window.addEventListener('unhandledrejection', function () { crashed('unhandled rejection'); });
  window.__wallWatchdog = {
    panic: function (message) { crashed('panic: ' + message); },
    lastReload: function () { return readState().last || null; },
  };

  setInterval(function () {
    var now = Date.now();
    var up = now - started;
    if (up > HEALTHY_MS && readState().crashes) {
      var s = readState();
      s.crashes = 0;
      writeState(s);
    }
    var beat = window.__wallHeartbeat;
    if (typeof beat === 'number' ? now - beat > STALL_MS : up > BOOT_MS) {
      reload('stalled', true);
      return;
    }
    if (window.__wallQuiet === true && up > DAILY_MS) {
      reload('daily', false);
    } else if (window.__wallHasQuietHours === false && up > NO_QUIET_DAILY_MS) {
      reload('daily', false);
    }
  }, CHECK_MS);

  // Offline copy of the shell, data and media; scoped to /wall so the reading site
  // is never served from it.
  if ('serviceWorker' in navigator && window.isSecureContext) {
    navigator.serviceWorker.register('/sw.js', { scope: '/wall' }).catch(function () {
      /* no offline copy: the wall still runs from the network */
    });
  }
})();
