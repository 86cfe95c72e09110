// Live preview client. `impactwall serve` adds this script to the pages it serves
// (never to a published build). It listens to /_impactwall/events and:
//  - on `update`, dispatches a cancelable `impactwall:data-changed` event on window
//    (detail: { generation, paths, resync }). A page that refetches its data calls
//    event.preventDefault(); otherwise reading pages reload. The wall never reloads.
//  - on `diagnostics`, shows the content problems over reading pages (never on the
//    wall); on `ok`, removes them.
(() => {
  'use strict';
  if (!('EventSource' in window)) return;

  const OVERLAY_ID = 'impactwall-diagnostics';
  const isWall = () => /^\/wall(\/|$)/.test(location.pathname);

  // Overlay styles go through the CSSOM: the page's policy forbids inline style
  // attributes, not style properties set from script.
  const css = (el, props) => {
    for (const [k, v] of Object.entries(props)) el.style.setProperty(k, v);
    return el;
  };
  const make = (tag, text, props) => {
    const el = document.createElement(tag);
    if (text !== undefined) el.textContent = text;
    if (props) css(el, props);
    return el;
  };

  const removeOverlay = () => {
    const old = document.getElementById(OVERLAY_ID);
    if (old) old.remove();
  };

  const showOverlay = (diagnostics) => {
    removeOverlay();
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (errors.length === 0 || isWall()) return;
    const box = make('section', undefined, {
      position: 'fixed', inset: 'auto 1rem 1rem 1rem', 'max-height': '60vh', overflow: 'auto',
      'z-index': '2147483647', background: '#2b0b0b', color: '#fff3f0',
      border: '3px solid #ff6b57', 'border-radius': '0.5rem', padding: '1rem 1.25rem',
      font: '15px/1.45 system-ui, sans-serif', 'box-shadow': '0 0.5rem 2rem rgba(0,0,0,0.5)',
      'overflow-wrap': 'anywhere',
    });
    box.id = OVERLAY_ID;
    box.setAttribute('role', 'alert');
    box.setAttribute('aria-labelledby', OVERLAY_ID + '-title');
    const title = make('h2', `Content problem${errors.length === 1 ? '' : 's'}: still showing the last good version`, {
      margin: '0 0 0.75rem', 'font-size': '1.1rem', color: '#ffd2c9',
    });
    title.id = OVERLAY_ID + '-title';
    box.append(title);
    const list = make('ul', undefined, { margin: '0', padding: '0', 'list-style': 'none' });
    for (const d of errors) {
      const item = make('li', undefined, { margin: '0 0 0.75rem' });
      const where = make('code', `${d.file}:${d.line}:${d.column}`, {
        'font-family': 'ui-monospace, monospace', 'font-weight': '700', color: '#ffffff',
      });
      item.append(where, make('span', ` ${d.message}`));
      if (d.expected) item.append(make('div', `Expected: ${d.expected}`, { 'margin-top': '0.2rem' }));
      if (d.hint) item.append(make('div', `Hint: ${d.hint}`, { 'margin-top': '0.2rem', color: '#ffe08a' }));
      list.append(item);
    }
    box.append(list);
    const hide = make('button', 'Hide', {
      font: 'inherit', padding: '0.3rem 0.9rem', 'border-radius': '0.3rem',
      border: '1px solid #ffd2c9', background: 'transparent', color: '#fff3f0', cursor: 'pointer',
    });
    hide.type = 'button';
    hide.addEventListener('click', removeOverlay);
    box.append(hide);
    document.body.append(box);
  };

  const parse = (e) => {
    try {
      return JSON.parse(e.data);
    } catch {
      return null;
    }
  };

  const dataChanged = (detail) => {
    const event = new CustomEvent('impactwall:data-changed', { detail, cancelable: true });
    const handled = !window.dispatchEvent(event);
    if (!handled && !isWall()) location.reload();
  };

  let retryMs = 1000;
  let connectedBefore = false;
  const connect = () => {
    const source = new EventSource('/_impactwall/events');
    source.addEventListener('open', () => {
      retryMs = 1000;
      // Back after a server restart or a dropped connection: updates may have been
      // missed, so ask for a full refetch.
      if (connectedBefore) dataChanged({ generation: 0, paths: [], resync: true });
      connectedBefore = true;
    });
    source.addEventListener('update', (e) => {
      const detail = parse(e);
      if (detail) dataChanged(detail);
    });
    source.addEventListener('diagnostics', (e) => {
      const payload = parse(e);
      if (payload) showOverlay(payload.diagnostics || []);
    });
    source.addEventListener('ok', removeOverlay);
    source.addEventListener('error', () => {
      // The browser retries by itself unless the server refused (e.g. 503 when full);
      // then back off and try again, up to once a minute.
      if (source.readyState === EventSource.CLOSED) {
        setTimeout(connect, retryMs);
        retryMs = Math.min(retryMs * 2, 60000);
      }
    });
  };
  connect();
})();
