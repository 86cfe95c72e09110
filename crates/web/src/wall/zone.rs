//! Dates and times for wall screens through the browser's `Intl` API, so the wasm
//! bundle carries no time-zone database. The site's zone drives the clock and quiet
//! hours; event times are shown in the screen's own zone.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Array, Date, Function, Object, Reflect};
use wasm_bindgen::prelude::*;

use impactwall_model::rotation::LocalMoment;
use impactwall_model::{EventSummary, Instant};

#[wasm_bindgen]
extern "C" {
    /// `Intl.DateTimeFormat(locales, options)`, catching the `RangeError` an unknown
    /// zone or language tag throws.
    #[wasm_bindgen(catch, js_namespace = Intl, js_name = DateTimeFormat)]
    fn date_time_format(
        locales: &JsValue,
        options: &Object,
    ) -> Result<js_sys::Intl::DateTimeFormat, JsValue>;

    #[wasm_bindgen(catch, js_namespace = Intl, js_name = NumberFormat)]
    fn number_format(locales: &JsValue) -> Result<js_sys::Intl::NumberFormat, JsValue>;
}

fn options(pairs: &[(&str, &str)]) -> Object {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &JsValue::from_str(v));
    }
    o
}

fn formatter(lang: &str, tz: Option<&str>, pairs: &[(&str, &str)]) -> Option<Function> {
    let o = options(pairs);
    if let Some(tz) = tz {
        let _ = Reflect::set(&o, &"timeZone".into(), &JsValue::from_str(tz));
    }
    let f = date_time_format(&JsValue::from_str(lang), &o)
        .or_else(|_| date_time_format(&JsValue::from_str("en"), &o))
        .ok()?;
    Some(f.format())
}

fn js_date(t: Instant) -> Date {
    Date::new(&JsValue::from_f64(t.timestamp_millis() as f64))
}

fn call(f: &Option<Function>, t: Instant) -> String {
    f.as_ref()
        .and_then(|f| f.call1(&JsValue::NULL, &js_date(t)).ok())
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// Formatters for one (language, site zone) pair; building them is the slow part,
/// so screens keep one set.
pub struct Zone {
    parts: Option<js_sys::Intl::DateTimeFormat>,
    clock: Option<Function>,
    date: Option<Function>,
    event_time: Option<Function>,
    event_day: Option<Function>,
    numbers: Option<Function>,
}

impl Zone {
    fn new(lang: &str, site_zone: &str) -> Zone {
        let parts_opts = options(&[
            ("weekday", "short"),
            ("hour", "2-digit"),
            ("minute", "2-digit"),
            ("hourCycle", "h23"),
            ("timeZone", site_zone),
        ]);
        Zone {
            parts: date_time_format(&JsValue::from_str("en-US"), &parts_opts).ok(),
            clock: formatter(
                lang,
                Some(site_zone),
                &[
                    ("hour", "2-digit"),
                    ("minute", "2-digit"),
                    ("hourCycle", "h23"),
                ],
            ),
            date: formatter(
                lang,
                Some(site_zone),
                &[("weekday", "long"), ("day", "numeric"), ("month", "long")],
            ),
            event_time: formatter(
                lang,
                None,
                &[
                    ("weekday", "long"),
                    ("day", "numeric"),
                    ("month", "long"),
                    ("hour", "2-digit"),
                    ("minute", "2-digit"),
                    ("hourCycle", "h23"),
                ],
            ),
            event_day: formatter(
                lang,
                Some("UTC"),
                &[("weekday", "long"), ("day", "numeric"), ("month", "long")],
            ),
            numbers: number_format(&JsValue::from_str(lang))
                .or_else(|_| number_format(&JsValue::from_str("en")))
                .ok()
                .map(|n| n.format()),
        }
    }

    /// Weekday and minute of `t` on the site's wall clock.
    pub fn local_moment(&self, t: Instant) -> Option<LocalMoment> {
        let parts: Array = self.parts.as_ref()?.format_to_parts(&js_date(t));
        let (mut weekday, mut hour, mut minute) = (String::new(), String::new(), String::new());
        for part in parts.iter() {
            let kind = Reflect::get(&part, &"type".into())
                .ok()
                .and_then(|v| v.as_string());
            let value = Reflect::get(&part, &"value".into())
                .ok()
                .and_then(|v| v.as_string())
                .unwrap_or_default();
            match kind.as_deref() {
                Some("weekday") => weekday = value,
                Some("hour") => hour = value,
                Some("minute") => minute = value,
                _ => {}
            }
        }
        LocalMoment::from_parts(&weekday, &hour, &minute)
    }

    /// `14:05` in the site's zone.
    pub fn time(&self, t: Instant) -> String {
        call(&self.clock, t)
    }

    /// `Wednesday 10 March` in the site's zone.
    pub fn date(&self, t: Instant) -> String {
        call(&self.date, t)
    }

    /// When an event happens, in the screen's zone; all-day events by their date in
    /// the event's own zone.
    pub fn event_when(&self, e: &EventSummary) -> String {
        if e.all_day {
            let day = e.starts_local.get(..10).unwrap_or_default();
            let midnight = impactwall_model::rfc3339::parse_date(day)
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|d| d.and_utc());
            return match midnight {
                Some(m) => call(&self.event_day, m),
                None => call(&self.event_time, e.starts),
            };
        }
        call(&self.event_time, e.starts)
    }

    /// `12,480` with the language's grouping.
    pub fn number(&self, n: u64) -> String {
        self.numbers
            .as_ref()
            .and_then(|f| f.call1(&JsValue::NULL, &JsValue::from_f64(n as f64)).ok())
            .and_then(|v| v.as_string())
            .unwrap_or_else(|| n.to_string())
    }
}

thread_local! {
    static CURRENT: RefCell<Option<(String, String, Rc<Zone>)>> = const { RefCell::new(None) };
}

/// The formatters for `lang` in `site_zone`, rebuilt only when either changes.
pub fn zone(lang: &str, site_zone: &str) -> Rc<Zone> {
    CURRENT.with(|c| {
        let mut c = c.borrow_mut();
        if let Some((l, z, zone)) = c.as_ref() {
            if l == lang && z == site_zone {
                return zone.clone();
            }
        }
        let zone = Rc::new(Zone::new(lang, site_zone));
        *c = Some((lang.to_string(), site_zone.to_string(), zone.clone()));
        zone
    })
}
