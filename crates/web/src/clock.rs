//! The app's notion of "now": the real clock, or a preview moment from `?at=`.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use leptos::prelude::*;

use impactwall_model::Instant;

/// Parses a `?at=` value: RFC 3339 with offset, or `YYYY-MM-DD[THH:MM[:SS]]` read in
/// the viewer's zone, whose offset from UTC (minutes east) is `local_offset_minutes`.
/// Hand-written rather than strftime-based: the format machinery costs wasm bytes.
pub fn parse_at(value: &str, local_offset_minutes: i32) -> Option<Instant> {
    let v = value.trim();
    if let Some(t) = impactwall_model::rfc3339::parse_datetime(v) {
        return Some(t);
    }
    let num = |s: &str| -> Option<u32> {
        (!s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let (date, time) = v.split_once(['T', ' ']).unwrap_or((v, "00:00"));
    let mut d = date.split('-');
    let (y, mo, day) = (d.next()?, d.next()?, d.next()?);
    if d.next().is_some() || y.len() != 4 {
        return None;
    }
    let mut t = time.split(':');
    let (h, mi) = (num(t.next()?)?, num(t.next()?)?);
    let sec = match t.next() {
        Some(s) => num(s)?,
        None => 0,
    };
    if t.next().is_some() {
        return None;
    }
    let naive =
        NaiveDate::from_ymd_opt(num(y)? as i32, num(mo)?, num(day)?)?.and_hms_opt(h, mi, sec)?;
    let offset = chrono::FixedOffset::east_opt(local_offset_minutes * 60)?;
    offset
        .from_local_datetime(&naive)
        .single()
        .map(|t| t.with_timezone(&Utc))
}

/// Real time now, from the browser (controlled by test clocks too).
pub fn real_now() -> Instant {
    #[cfg(target_arch = "wasm32")]
    {
        let ms = js_sys::Date::now();
        DateTime::from_timestamp_millis(ms as i64).unwrap_or_default()
    }
    // Natively (a prerender) "now" is the instant the page is rendered for.
    #[cfg(not(target_arch = "wasm32"))]
    {
        crate::browser::env().map_or_else(|| DateTime::UNIX_EPOCH, |e| e.now)
    }
}

/// Minutes east of UTC of the viewer's zone at `at`.
pub fn local_offset_minutes_at(at: Instant) -> i32 {
    crate::format::viewer_offset_minutes(at)
}

/// The `?at=` preview moment from the current URL, if any.
pub fn preview_from_location() -> Option<Instant> {
    let search = crate::browser::window()?.location().search().ok()?;
    let at = crate::view_logic::query_value(&search, "at")?;
    parse_at(&at, local_offset_minutes_at(real_now()))
}

/// Options for [`use_clock_with_options`].
#[derive(Clone, Copy, Debug)]
pub struct ClockOptions {
    /// How often `now` updates.
    pub tick_ms: u64,
}

impl Default for ClockOptions {
    fn default() -> Self {
        ClockOptions { tick_ms: 60_000 }
    }
}

/// What [`use_clock`] returns.
#[derive(Clone, Copy)]
pub struct Clock {
    /// The moment the app renders for; advances with real time, starting from the
    /// preview moment when `?at=` is given.
    pub now: Signal<Instant>,
    /// The `?at=` moment, when previewing.
    pub preview: Option<Instant>,
}

impl Clock {
    /// `?at=…` to append to internal links while previewing, so the preview survives
    /// navigation; empty otherwise.
    pub fn preview_query(&self) -> String {
        self.preview
            .map(|p| {
                format!(
                    "?at={}",
                    p.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
                )
            })
            .unwrap_or_default()
    }

    /// `path` with the preview moment carried along (see [`Clock::preview_query`]).
    pub fn href(&self, path: &str) -> String {
        let q = self.preview_query();
        if q.is_empty() {
            path.to_string()
        } else if path.contains('?') {
            format!("{path}&{}", &q[1..])
        } else {
            format!("{path}{q}")
        }
    }
}

/// Creates the app-wide clock and provides it as context for [`use_app_clock`]. A
/// page being hydrated (or prerendered) starts at its build instant; the first tick,
/// right after hydration, brings it to now.
pub fn provide_clock() -> Clock {
    let boot = crate::boot::use_boot();
    let clock = match boot.payload.as_ref().filter(|_| boot.hydrating) {
        Some(p) => clock_from(Some(p.built_at), ClockOptions::default()),
        None => use_clock(),
    };
    provide_context(clock);
    clock
}

/// The clock provided by [`provide_clock`], or a fresh one.
pub fn use_app_clock() -> Clock {
    use_context::<Clock>().unwrap_or_else(use_clock)
}

/// A clock ticking every minute.
pub fn use_clock() -> Clock {
    use_clock_with_options(ClockOptions::default())
}

pub fn use_clock_with_options(opts: ClockOptions) -> Clock {
    clock_from(None, opts)
}

/// A clock that shows `start` until its first tick (immediately after mounting), or
/// now from the beginning.
fn clock_from(start: Option<Instant>, opts: ClockOptions) -> Clock {
    let preview = if start.is_some() {
        None
    } else {
        preview_from_location()
    };
    let started = real_now();
    let current = move || match preview {
        Some(p) => p + (real_now() - started),
        None => real_now(),
    };
    let (now, set_now) = signal(start.unwrap_or_else(current));
    if crate::browser::window().is_some() {
        if start.is_some() {
            Effect::new(move |_| set_now.set(current()));
        }
        let handle = set_interval_with_handle(
            move || set_now.set(current()),
            std::time::Duration::from_millis(opts.tick_ms),
        )
        .ok();
        on_cleanup(move || {
            if let Some(h) = handle {
                h.clear();
            }
        });
    }
    Clock {
        now: now.into(),
        preview,
    }
}
