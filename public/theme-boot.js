// The reader's saved colour theme, set before the first paint of a prerendered page
// (the app keeps it in step afterwards; see crates/web/src/theme.rs).
(function () {
  'use strict';
  try {
    var saved = localStorage.getItem('impactwall.theme');
    if (saved === 'light' || saved === 'dark') {
      document.documentElement.setAttribute('data-theme', saved);
    }
  } catch (e) {
    // Storage blocked: the stylesheet follows the system setting.
  }
})();
