//! The wall's side of the kiosk contract with `public/watchdog.js` and `public/sw.js`:
//! a heartbeat and quiet-hours flag on `window`, panic reports, and the list of media
//! the service worker should keep for offline use.

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

fn set_global(name: &str, value: &JsValue) {
    if let Some(w) = crate::browser::window() {
        // Fails only if the property was frozen; the watchdog then sees a stall.
        let _ = Reflect::set(&w, &JsValue::from_str(name), value);
    }
}

/// Tells the watchdog the rotation is alive (`__wallHeartbeat`, ms since the epoch),
/// whether quiet hours are on now (`__wallQuiet`) and configured at all
/// (`__wallHasQuietHours`), and how many slides were shown (`__wallSlideChanges`).
pub fn heartbeat(now_ms: f64, quiet: bool, has_quiet_hours: bool, slide_changes: u64) {
    set_global("__wallHeartbeat", &JsValue::from_f64(now_ms));
    set_global("__wallQuiet", &JsValue::from_bool(quiet));
    set_global("__wallHasQuietHours", &JsValue::from_bool(has_quiet_hours));
    set_global(
        "__wallSlideChanges",
        &JsValue::from_f64(slide_changes as f64),
    );
}

/// Reports a panic to the watchdog (`window.__wallWatchdog.panic(message)`), which
/// reloads the page shortly after.
fn report_panic(message: &str) {
    let Some(w) = crate::browser::window() else {
        return;
    };
    let Ok(dog) = Reflect::get(&w, &"__wallWatchdog".into()) else {
        return;
    };
    if let Ok(f) = Reflect::get(&dog, &"panic".into()) {
        if let Some(f) = f.dyn_ref::<Function>() {
            let _ = f.call1(&dog, &JsValue::from_str(message));
        }
    }
}

/// Panics still go to the console, and now also to the watchdog.
pub fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        report_panic(&info.to_string());
    }));
}

/// Asks the service worker to keep exactly these media files for offline use (and to
/// drop the ones no slide needs any more, so the cache does not grow for weeks).
/// Returns false while no service worker controls the page (the first visit), so the
/// caller can try again once one does.
pub fn keep_media_offline(urls: &[String]) -> bool {
    let Some(w) = crate::browser::window() else {
        return false;
    };
    let controller = Reflect::get(&w.navigator(), &"serviceWorker".into())
        .and_then(|sw| Reflect::get(&sw, &"controller".into()))
        .unwrap_or(JsValue::NULL);
    if controller.is_null() || controller.is_undefined() {
        return false;
    }
    let message = Object::new();
    let _ = Reflect::set(&message, &"type".into(), &"wall-media".into());
    let list: Array = urls.iter().map(|u| JsValue::from_str(u)).collect();
    let _ = Reflect::set(&message, &"urls".into(), &list);
    Reflect::get(&controller, &"postMessage".into())
        .ok()
        .and_then(|post| post.dyn_ref::<Function>().cloned())
        .is_some_and(|post| post.call1(&controller, &message).is_ok())
}
