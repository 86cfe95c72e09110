//! Dates and numbers in the reader's language, through the browser's `Intl` (which
//! carries the time-zone database, so the wasm does not have to).
//!
//! Every call goes through `Reflect` so a bad zone name or an old browser gives a
//! plain fallback string instead of a thrown exception.

use std::cell::RefCell;

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::i18n::Lang;
use impactwall_model::Instant;

fn intl_ctor(name: &str) -> Option<Function> {
    let intl = Reflect::get(&js_sys::global(), &JsValue::from_str("Intl")).ok()?;
    Reflect::get(&intl, &JsValue::from_str(name))
        .ok()?
        .dyn_into::<Function>()
        .ok()
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    o
}

/// The reader's own regional variant of `lang` when the browser has one (`en-GB`
/// gives 24-hour times and day-month order), else the bare language.
fn locale_for(lang: Lang) -> String {
    crate::browser::window()
        .map(|w| w.navigator().languages())
        .into_iter()
        .flat_map(|list| list.iter().collect::<Vec<_>>())
        .filter_map(|v| v.as_string())
        .find(|tag| Lang::from_tag(tag) == Some(lang))
        .unwrap_or_else(|| lang.code().to_string())
}

/// A formatter (`Intl.<ctor>` for `lang` with `pairs` and, when given, `timeZone`),
/// made once per page and kept: making one costs far more than using it (a list of
/// ten dated cards spent most of its rendering time making formatters).
fn formatter(ctor: &str, lang: Lang, pairs: &[(&str, &str)], tz: Option<&str>) -> Option<JsValue> {
    // A handful per page (a few date styles, numbers, relative times): a list will do.
    thread_local! {
        static MADE: RefCell<Vec<(String, JsValue)>> = const { RefCell::new(Vec::new()) };
    }
    let mut key = format!("{ctor}|{}|{}", lang.code(), tz.unwrap_or(""));
    for (k, v) in pairs {
        key.push_str(&format!("|{k}={v}"));
    }
    let found = MADE.with(|m| {
        m.borrow()
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, f)| f.clone())
    });
    if found.is_some() {
        return found;
    }
    let opts = options(pairs);
    if let Some(tz) = tz {
        let _ = Reflect::set(
            &opts,
            &JsValue::from_str("timeZone"),
            &JsValue::from_str(tz),
        );
    }
    let ctor = intl_ctor(ctor)?;
    let args = Array::of2(&JsValue::from_str(&locale_for(lang)), &opts);
    // A bad zone name throws: no formatter, and nothing kept, the caller falls back.
    let made = Reflect::construct(&ctor, &args).ok()?;
    MADE.with(|m| m.borrow_mut().push((key, made.clone())));
    Some(made)
}

fn js_date(at: Instant) -> js_sys::Date {
    js_sys::Date::new(&JsValue::from_f64(at.timestamp_millis() as f64))
}

fn call_method(target: &JsValue, name: &str, args: &[JsValue]) -> Option<JsValue> {
    let f = Reflect::get(target, &JsValue::from_str(name))
        .ok()?
        .dyn_into::<Function>()
        .ok()?;
    let arr: Array = args.iter().collect();
    f.apply(target, &arr).ok()
}

/// Formats `at` with `Intl.DateTimeFormat` options; `tz` is an IANA zone or the
/// viewer's own when `None`.
pub fn date_with(at: Instant, lang: Lang, tz: Option<&str>, pairs: &[(&str, &str)]) -> String {
    formatter("DateTimeFormat", lang, pairs, tz)
        .and_then(|f| call_method(&f, "format", &[js_date(at).into()]))
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| at.to_rfc3339())
}

/// "15 February 2027", on the calendar of `tz` (the viewer's zone when `None`).
pub fn long_date(at: Instant, lang: Lang, tz: Option<&str>) -> String {
    date_with(at, lang, tz, &[("dateStyle", "long")])
}

/// "15 Feb 2027", on the calendar of `tz` (the viewer's zone when `None`).
pub fn short_date(at: Instant, lang: Lang, tz: Option<&str>) -> String {
    date_with(at, lang, tz, &[("dateStyle", "medium")])
}

/// A start–end range, e.g. "Sat 1 May 2027, 10:00 – 13:00", in the viewer's zone or
/// `tz`; all-day ranges show dates only.
pub fn event_range(
    starts: Instant,
    ends: Instant,
    all_day: bool,
    lang: Lang,
    tz: Option<&str>,
) -> String {
    let pairs: &[(&str, &str)] = if all_day {
        &[
            ("weekday", "short"),
            ("day", "numeric"),
            ("month", "long"),
            ("year", "numeric"),
        ]
    } else {
        &[
            ("weekday", "short"),
            ("day", "numeric"),
            ("month", "short"),
            ("hour", "2-digit"),
            ("minute", "2-digit"),
            ("timeZoneName", "short"),
        ]
    };
    // All-day events end at midnight after the last day: show the last day itself.
    let shown_end = if all_day {
        ends - chrono::Duration::seconds(1)
    } else {
        ends
    };
    formatter("DateTimeFormat", lang, pairs, tz)
        .and_then(|f| {
            call_method(
                &f,
                "formatRange",
                &[js_date(starts).into(), js_date(shown_end).into()],
            )
        })
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| {
            format!(
                "{} – {}",
                date_with(
                    starts,
                    lang,
                    tz,
                    &[("dateStyle", "medium"), ("timeStyle", "short")]
                ),
                date_with(
                    shown_end,
                    lang,
                    tz,
                    &[("dateStyle", "medium"), ("timeStyle", "short")]
                )
            )
        })
}

/// "1,234" / "1.234".
pub fn number(n: u64, lang: Lang) -> String {
    formatter("NumberFormat", lang, &[], None)
        .and_then(|f| call_method(&f, "format", &[JsValue::from_f64(n as f64)]))
        .and_then(|v| v.as_string())
        .unwrap_or_else(|| n.to_string())
}

/// "in 3 days", "tomorrow", "in 2 hours", from whole minutes ahead (negative: ago).
pub fn relative(minutes: i64, lang: Lang) -> String {
    let (value, unit) = if minutes.abs() < 60 {
        (minutes, "minute")
    } else if minutes.abs() < 24 * 60 {
        (minutes / 60, "hour")
    } else {
        (minutes / (24 * 60), "day")
    };
    formatter("RelativeTimeFormat", lang, &[("numeric", "auto")], None)
        .and_then(|f| {
            call_method(
                &f,
                "format",
                &[JsValue::from_f64(value as f64), JsValue::from_str(unit)],
            )
        })
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// Minutes east of UTC of the viewer's zone at `at`.
pub fn viewer_offset_minutes(at: Instant) -> i32 {
    -(js_date(at).get_timezone_offset() as i32)
}
