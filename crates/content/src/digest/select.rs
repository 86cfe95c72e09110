//! What goes into a digest: the period in the site's zone, the items new and live in
//! it, the coming events, each resolved to absolute links and localised dates.
//!
//! Rules (the site's, plus what a message that cannot be recalled needs):
//! - drafts never reach the digest (the build leaves them out of the index);
//! - a story or thank-you message is new when it appeared in the period (its
//!   `publish_at`, else its `date`) and is still live at the period's end, so every
//!   link in the message opens;
//! - stories and thank-you messages need `consent = true`, as on the wall screens: an
//!   e-mail is copied into every inbox and cannot be taken back;
//! - events are those live at the period's end that have not ended and start within
//!   [`EVENT_DAYS`] of it;
//! - with `--team`, items of that team and items that name no team (for everyone);
//! - per translation group, the version in the digest's language, else the site's
//!   default language.

use chrono::{DateTime, Days, Duration, NaiveDate, TimeZone, Utc};
use chrono_tz::Tz;

use super::strings::{self, Strings};
use super::{
    DigestContent, DigestError, DigestRequest, DigestSettings, EmailImage, EventEntry,
    MissionDepth, StoryEntry, ThanksEntry, EVENT_DAYS,
};
use crate::{dates, markdown, OutputSet};
use impactwall_model::{
    localize, EventSummary, Image, Index, Instant, ItemMeta, Medium, StorySummary, ThanksSummary,
};

/// Widest image in the e-mail, in CSS pixels (a 600 px column less its padding).
pub const IMAGE_WIDTH: u32 = 552;

/// Header and button colour when the site sets none (white text on it: 8.4:1).
const DEFAULT_PRIMARY: &str = "#1d4e89";

/// Characters of a voicemail transcript quoted in the digest.
const TRANSCRIPT_CHARS: usize = 220;

/// Whole local days, from the start of `first_day` to the end of `last_day` in the
/// site's zone (never past the moment the digest is written).
#[derive(Clone, Debug, PartialEq)]
pub struct Period {
    pub first_day: NaiveDate,
    pub last_day: NaiveDate,
    pub start: Instant,
    pub end: Instant,
}

impl Period {
    /// The period for the options given at `at`: by default the seven days before
    /// today; `--since` alone runs until now.
    pub fn resolve(
        since: Option<NaiveDate>,
        until: Option<NaiveDate>,
        zone: Tz,
        at: Instant,
    ) -> Result<Period, DigestError> {
        let today = dates::today_in(zone, at);
        let last_day = match (since, until) {
            (_, Some(u)) => u,
            (Some(_), None) => today,
            (None, None) => today.pred_opt().unwrap_or(today),
        };
        let first_day = match since {
            Some(s) => s,
            None => last_day.checked_sub_days(Days::new(6)).unwrap_or(last_day),
        };
        if first_day > last_day {
            return Err(DigestError::Period(format!(
                "--since {first_day} is after --until {last_day}"
            )));
        }
        let start = dates::start_of_day(first_day, zone).with_timezone(&Utc);
        let day_after = last_day.succ_opt().unwrap_or(last_day);
        let end = dates::start_of_day(day_after, zone)
            .with_timezone(&Utc)
            .min(at);
        if end <= start {
            return Err(DigestError::Period(format!(
                "{first_day} has not begun yet in {}",
                zone.name()
            )));
        }
        Ok(Period {
            first_day,
            last_day,
            start,
            end,
        })
    }

    /// Appeared in the period and still live at its end.
    pub fn is_new(&self, meta: &ItemMeta) -> bool {
        let appeared = meta.schedule.publish_at.unwrap_or(meta.date);
        appeared >= self.start && appeared < self.end && meta.schedule.is_live_at(self.end)
    }

    /// `1 November 2026 – 7 November 2026` in the digest's language.
    pub fn text(&self, s: &Strings) -> String {
        let day = |d: NaiveDate| {
            d.and_hms_opt(12, 0, 0)
                .map(|t| Utc.from_utc_datetime(&t))
                .map(|t| t.format_localized(s.date_short, s.locale).to_string())
                .unwrap_or_else(|| d.to_string())
        };
        if self.first_day == self.last_day {
            day(self.first_day)
        } else {
            format!("{} – {}", day(self.first_day), day(self.last_day))
        }
    }
}

/// Resolves the request against the built site.
pub fn content(
    index: &Index,
    output: &OutputSet,
    request: &DigestRequest,
    at: Instant,
    settings: &DigestSettings,
) -> Result<DigestContent, DigestError> {
    let site = &index.site;
    let lang = request
        .lang
        .clone()
        .unwrap_or_else(|| site.default_language.clone());
    if !site.languages.contains(&lang) {
        return Err(DigestError::NotASiteLanguage(
            lang,
            site.languages.join(", "),
        ));
    }
    let strings = strings::for_lang(&lang).ok_or_else(|| DigestError::Language(lang.clone()))?;
    let zone = dates::parse_zone(&site.timezone).unwrap_or(Tz::UTC);
    let period = Period::resolve(request.since, request.until, zone, at)?;
    let team_ok = |m: &ItemMeta| match (&request.team, &m.team) {
        (Some(wanted), Some(team)) => wanted.eq_ignore_ascii_case(team),
        _ => true,
    };
    let new_ok = |m: &ItemMeta| period.is_new(m) && m.consent && team_ok(m);
    let horizon = period.end + Duration::days(EVENT_DAYS);
    let event_ok = |e: &EventSummary| {
        e.meta.schedule.is_live_at(period.end)
            && team_ok(&e.meta)
            && e.ends > period.end
            && e.starts < horizon
    };
    let default = &site.default_language;
    let links = Links {
        base: site.base_url.trim_end_matches('/'),
        lang: &lang,
        output,
    };
    let stories = localize(&index.stories, &lang, default, |s| new_ok(&s.meta))
        .into_iter()
        .map(|l| links.story(l.item))
        .collect();
    let thanks = localize(&index.thanks, &lang, default, |t| new_ok(&t.meta))
        .into_iter()
        .map(|l| links.thanks(l.item))
        .collect();
    let events = localize(&index.events, &lang, default, event_ok)
        .into_iter()
        .map(|l| links.event(l.item, zone, strings))
        .collect();
    let primary = site
        .theme
        .primary
        .clone()
        .unwrap_or_else(|| DEFAULT_PRIMARY.to_owned());
    Ok(DigestContent {
        strings,
        accent: site.theme.accent.clone().unwrap_or_else(|| primary.clone()),
        primary,
        site_name: site.name_in(&lang).to_owned(),
        base_url: links.base.to_owned(),
        period_text: period.text(strings),
        period,
        team: request.team.clone(),
        stories,
        thanks,
        events,
        depth: MissionDepth::default(),
        unsubscribe: settings.list_unsubscribe.clone(),
    })
}

/// Turns published paths into absolute links at `base`.
struct Links<'a> {
    base: &'a str,
    lang: &'a str,
    output: &'a OutputSet,
}

impl Links<'_> {
    fn page(&self, dir: &str, slug: &str) -> String {
        format!("{}/{dir}/{slug}?lang={}", self.base, self.lang)
    }

    fn file(&self, path: &str) -> String {
        format!("{}/{}", self.base, path.trim_start_matches('/'))
    }

    /// The image at its display size, read from the published file.
    fn image(&self, image: &Image) -> Option<EmailImage> {
        let file = self.output.get(image.src.trim_start_matches('/'))?;
        let size = imagesize::blob_size(&file.bytes).ok()?;
        let (w, h) = (size.width as u64, size.height as u64);
        if w == 0 || h == 0 {
            return None;
        }
        let width = w.min(IMAGE_WIDTH as u64);
        let height = (h * width + w / 2) / w;
        Some(EmailImage {
            url: self.file(&image.src),
            alt: image.alt.clone(),
            width: width as u32,
            height: height.max(1) as u32,
        })
    }

    fn story(&self, s: &StorySummary) -> StoryEntry {
        StoryEntry {
            title: s.title.clone(),
            summary: s.summary.clone(),
            url: self.page("stories", &s.meta.slug),
            image: s.image.as_ref().and_then(|i| self.image(i)),
        }
    }

    fn thanks(&self, t: &ThanksSummary) -> ThanksEntry {
        let voicemail = t.medium == Medium::Voicemail;
        ThanksEntry {
            from: t.from.clone(),
            to: t.to.clone(),
            medium: t.medium,
            quote: t.wall_line().to_owned(),
            transcript_excerpt: t.transcript.as_deref().filter(|_| voicemail).map(|tr| {
                let folded: Vec<&str> = tr.split_whitespace().collect();
                markdown::excerpt(&folded.join(" "), TRANSCRIPT_CHARS)
            }),
            listen_url: t.audio.as_ref().map(|a| self.file(&a.src)),
            url: self.page("thanks", &t.meta.slug),
        }
    }

    fn event(&self, e: &EventSummary, zone: Tz, s: &Strings) -> EventEntry {
        let (when_site, when_local) = event_when(e, zone, s);
        EventEntry {
            title: e.title.clone(),
            summary: e.summary.clone(),
            when_site,
            when_local,
            location: e.location.clone(),
            online_url: e.online_url.clone(),
            url: self.page("events", &e.meta.slug),
            calendar_url: self.file(&e.ics),
        }
    }
}

/// The event's time in the site's zone, and in its own zone when that differs.
pub fn event_when(e: &EventSummary, site_zone: Tz, s: &Strings) -> (String, Option<String>) {
    let own = dates::parse_zone(&e.timezone).unwrap_or(site_zone);
    if e.all_day {
        let first = e.starts.with_timezone(&own);
        let last = (e.ends - Duration::seconds(1)).with_timezone(&own);
        let day = |t: DateTime<Tz>| t.format_localized(s.date_long, s.locale).to_string();
        let days = if first.date_naive() == last.date_naive() {
            day(first)
        } else {
            format!("{} – {}", day(first), day(last))
        };
        return (format!("{days} ({})", s.all_day), None);
    }
    let site = format!("{} ({})", range_in(e, site_zone, s), site_zone.name());
    let local = (own != site_zone).then(|| {
        format!(
            "{}: {}",
            strings::fill(s.local_time_in, &[("zone", own.name())]),
            range_in(e, own, s)
        )
    });
    (site, local)
}

fn range_in(e: &EventSummary, zone: Tz, s: &Strings) -> String {
    let (a, b) = (e.starts.with_timezone(&zone), e.ends.with_timezone(&zone));
    let day = |t: DateTime<Tz>| t.format_localized(s.date_long, s.locale).to_string();
    if a.date_naive() == b.date_naive() {
        format!("{}, {}–{}", day(a), a.format("%H:%M"), b.format("%H:%M"))
    } else {
        format!(
            "{}, {} – {}, {}",
            day(a),
            a.format("%H:%M"),
            day(b),
            b.format("%H:%M")
        )
    }
}
