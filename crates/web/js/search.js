// Search in the browser: loads Pagefind's runtime for one language's bundle
// (`/pagefind/{lang}/`, written by `impactwall build`) and runs a query there.
// A same-origin module, imported by the app's wasm (crates/web/src/search.rs), so the
// Content-Security-Policy stays hash-based; Pagefind's wasm needs only
// 'wasm-unsafe-eval', which the policy allows.

const bundles = new Map();

/** The Pagefind module of `lang`'s bundle, loaded once. */
function bundle(lang) {
  let loading = bundles.get(lang);
  if (!loading) {
    const base = `/pagefind/${encodeURIComponent(lang)}/`;
    loading = import(`${base}pagefind.js`).then(async (pagefind) => {
      await pagefind.options({ basePath: base, excerptLength: 24 });
      await pagefind.init();
      return pagefind;
    });
    // A failed load (offline, no bundle for the language) is tried again next time.
    loading.catch(() => bundles.delete(lang));
    bundles.set(lang, loading);
  }
  return loading;
}

/** Starts loading `lang`'s runtime before the first keystroke. */
export function preload(lang) {
  bundle(lang).catch(() => {});
}

/**
 * Searches `lang`'s bundle for `term` with Pagefind `filters` ({kind: "stories"}, …)
 * and returns {total, results: [{url, excerpt, meta, score}]} for the best `limit`:
 * newest first among equal scores; null when a newer search has started.
 *
 * One search runs at a time and the newest waiting one goes next: keys typed while
 * the runtime loads or while a search runs start no searches of their own (Pagefind's
 * worker would answer each in turn, and the words typed last would wait for all).
 */
let latest = 0;
let running = null;

export async function search(lang, term, filters, limit) {
  const mine = ++latest;
  const pagefind = await bundle(lang);
  while (running) {
    await running.catch(() => {});
    if (mine !== latest) return null;
  }
  if (mine !== latest) return null;
  running = find(pagefind, term, filters, limit, mine);
  try {
    return await running;
  } finally {
    running = null;
  }
}

async function find(pagefind, term, filters, limit, mine) {
  const found = await pagefind.search(term, { filters });
  // Typed over already: the newer search answers; loading this one's results (the
  // fragments, most of a query's bytes and time) would only delay it.
  if (mine !== latest) return null;
  const top = found.results.slice(0, limit);
  const data = await Promise.all(top.map((r) => r.data()));
  const results = data.map((d, i) => ({
    url: d.url,
    excerpt: d.excerpt,
    meta: d.meta,
    score: top[i].score,
  }));
  results.sort((a, b) => b.score - a.score || (b.meta.date || '').localeCompare(a.meta.date || ''));
  return { total: found.results.length, results };
}
