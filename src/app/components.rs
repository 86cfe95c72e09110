//! Building blocks shared by the pages: loading and error states, cards for stories,
//! thank-you messages and events, the voicemail player.

use std::sync::Arc;

use leptos::prelude::*;

use super::api::FetchError;
use super::clock::use_app_clock;
use super::format;
use super::i18n::{fill, use_i18n, Key, Lang};
use super::layout::use_site_data;
use crate::model::{EventPhase, EventSummary, Index, Medium, StorySummary, ThanksSummary};
use crate::view_logic;

/// Reactive UI text for `key`. One helper (one closure type) for every label keeps the
/// wasm small: each distinct closure in a view is compiled into its own render code.
pub fn tr(key: Key) -> impl Fn() -> &'static str + Send + Sync + Copy + 'static {
    let i18n = use_i18n();
    move || i18n.t(key)
}

/// Reactive date text in the reader's language (see [`tr`] for why a helper), on the
/// calendar of the site's time zone: an item dated 4 October in Amsterdam is dated
/// 4 October for a reader in New York too, not 3 October.
pub fn date_text(
    at: crate::model::Instant,
    style: fn(crate::model::Instant, Lang, Option<&str>) -> String,
) -> impl Fn() -> String + Send + Sync + Copy + 'static {
    let i18n = use_i18n();
    let data = use_context::<super::layout::SiteData>();
    move || {
        let zone = data
            .and_then(|d| d.index())
            .and_then(Result::ok)
            .map(|ix| ix.site.timezone.clone())
            .filter(|z| !z.is_empty());
        style(at, i18n.lang.get(), zone.as_deref())
    }
}

/// A list entry as the views keep it: the item's position in its `Index` list and
/// whether it is shown in another language. Cheap to compare, so a memoised list
/// re-renders only when what is visible changes, and one type for every list.
pub type Row = (usize, bool);

/// The rows of a chosen list (see [`Row`]).
pub fn rows<T>(list: Vec<crate::model::Localized<'_, T>>) -> Vec<Row> {
    list.into_iter().map(|l| (l.index, l.fallback)).collect()
}

/// Which placeholder shape to show while loading.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SkeletonKind {
    #[default]
    Cards,
    Article,
    Hero,
}

/// Grey placeholder blocks in the page's shape, announced once as "Loading…".
#[component]
pub fn Skeleton(#[prop(optional)] kind: SkeletonKind) -> impl IntoView {
    let blocks = match kind {
        SkeletonKind::Hero => view! {
            <div class="skeleton skeleton--hero"></div>
            <div class="skeleton-row">
                <div class="skeleton skeleton--stat"></div>
                <div class="skeleton skeleton--stat"></div>
                <div class="skeleton skeleton--stat"></div>
                <div class="skeleton skeleton--stat"></div>
            </div>
            <div class="skeleton skeleton--card"></div>
        }
        .into_any(),
        SkeletonKind::Article => view! {
            <div class="skeleton skeleton--title"></div>
            <div class="skeleton skeleton--image"></div>
            <div class="skeleton skeleton--line"></div>
            <div class="skeleton skeleton--line"></div>
            <div class="skeleton skeleton--line skeleton--short"></div>
        }
        .into_any(),
        SkeletonKind::Cards => view! {
            <div class="card-grid">
                <div class="skeleton skeleton--card"></div>
                <div class="skeleton skeleton--card"></div>
                <div class="skeleton skeleton--card"></div>
            </div>
        }
        .into_any(),
    };
    view! {
        <div class="skeleton-wrap" aria-busy="true">
            <p class="visually-hidden" role="status">{tr(Key::Loading)}</p>
            <div aria-hidden="true">{blocks}</div>
        </div>
    }
}

/// A failed load: what happened, in plain words, and a retry button.
#[component]
pub fn ErrorState(
    error: FetchError,
    #[prop(into)] on_retry: Callback<()>,
    /// The page has no other h1 while this is shown.
    #[prop(optional)]
    page_title: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let detail = error.to_string();
    let heading = move || i18n.t(Key::LoadFailed);
    view! {
        <section class="error-state" role="alert">
            <svg viewBox="0 0 48 48" width="48" height="48" aria-hidden="true" focusable="false" class="error-state__icon">
                <circle cx="24" cy="24" r="22"/>
                <path d="M24 13v14M24 33v2"/>
            </svg>
            {if page_title {
                view! { <h1>{heading}</h1> }.into_any()
            } else {
                view! { <h2>{heading}</h2> }.into_any()
            }}
            <p>{tr(Key::LoadFailedHint)}</p>
            <p class="error-state__detail"><code>{detail}</code></p>
            <button type="button" class="button button--primary" on:click=move |_| on_retry.run(())>
                {tr(Key::Retry)}
            </button>
        </section>
    }
}

/// Renders `render` with the loaded index: a skeleton while it loads, the error state
/// with a retry if it fails.
#[component]
pub fn WithIndex<F, V>(
    render: F,
    #[prop(optional)] skeleton: SkeletonKind,
    #[prop(optional)] page_title_on_error: bool,
) -> impl IntoView
where
    F: Fn(Arc<Index>) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    with_index(
        Box::new(move |ix| render(ix).into_any()),
        skeleton,
        page_title_on_error,
    )
}

/// [`WithIndex`] without type parameters: compiled once for every page.
fn with_index(
    render: Box<dyn Fn(Arc<Index>) -> AnyView + Send + Sync>,
    skeleton: SkeletonKind,
    page_title_on_error: bool,
) -> impl IntoView {
    let data = use_site_data();
    move || {
        match data.index() {
        None => view! { <Skeleton kind=skeleton/> }.into_any(),
        Some(Ok(ix)) => render(ix),
        Some(Err(e)) => view! {
            <ErrorState error=e on_retry=move |_| data.loader.refetch() page_title=page_title_on_error/>
        }
        .into_any(),
    }
    }
}

/// "Not yet translated" next to content shown in another language.
#[component]
pub fn FallbackMarker(#[prop(into)] lang: String) -> impl IntoView {
    let i18n = use_i18n();
    let name = Lang::from_tag(&lang)
        .map(|l| l.native_name().to_string())
        .unwrap_or_else(|| lang.to_ascii_uppercase());
    view! {
        <span class="badge badge--fallback" title=move || i18n.t(Key::InOtherLanguage)>
            {tr(Key::InOtherLanguage)}" · "{name.clone()}
        </span>
    }
}

/// Story teaser for lists and grids.
#[component]
pub fn StoryCard(
    story: StorySummary,
    fallback: bool,
    #[prop(optional)] large: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let clock = use_app_clock();
    let href = clock.href(&format!("/stories/{}", story.meta.slug));
    let date = story.meta.date;
    let lang = story.meta.lang.clone();
    let minutes = story.reading_minutes.max(1);
    let people = story.people_helped;
    view! {
        <article class="story-card" class:story-card--large=large lang=lang.clone()>
            {story.image.clone().map(|img| view! {
                <div class="story-card__media">
                    <img src=img.src alt=img.alt loading="lazy" decoding="async"/>
                </div>
            })}
            <div class="story-card__body">
                <p class="story-card__kicker">
                    {story.program.clone().map(|p| view! { <span class="chip">{p}</span> })}
                    {fallback.then(|| view! { <FallbackMarker lang=lang.clone()/> })}
                </p>
                <h3 class="story-card__title">
                    <a href=href class="stretched-link">{story.title.clone()}</a>
                </h3>
                {(!story.summary.is_empty()).then(|| view! { <p class="story-card__summary">{story.summary.clone()}</p> })}
                <p class="story-card__meta">
                    <time datetime=date.to_rfc3339()>{date_text(date, format::short_date)}</time>
                    <span aria-hidden="true">" · "</span>
                    <span>{move || fill(i18n.t(Key::MinutesRead), minutes, "")}</span>
                    {(people > 0).then(|| view! {
                        <span aria-hidden="true">" · "</span>
                        <span class="story-card__people">{move || {
                            let label = if people == 1 { Key::PersonHelpedShort } else { Key::PeopleHelpedShort };
                            format!("{} {}", format::number(people, i18n.lang.get()), i18n.t(label))
                        }}</span>
                    })}
                </p>
            </div>
        </article>
    }
}

/// Label of a medium, plural ("Letters").
pub fn medium_label(m: Medium) -> Key {
    match m {
        Medium::Letter => Key::MediumLetter,
        Medium::Email => Key::MediumEmail,
        Medium::Card => Key::MediumCard,
        Medium::Voicemail => Key::MediumVoicemail,
        Medium::Video => Key::MediumVideo,
        Medium::Message => Key::MediumMessage,
    }
}

/// Small line icon for a medium.
#[component]
pub fn MediumIcon(medium: Medium) -> impl IntoView {
    let d = match medium {
        Medium::Letter => "M4 6h16v12H4zM4 6l8 7 8-7",
        Medium::Email => "M3 5h18v14H3zM3 5l9 8 9-8M3 19l7-7M21 19l-7-7",
        Medium::Card => {
            "M5 3h14v18H5zM9 9a3 3 0 0 1 3 2 3 3 0 0 1 3-2c2 0 2 3 0 5l-3 3-3-3c-2-2-2-5 0-5"
        }
        Medium::Voicemail => {
            "M7 16a4 4 0 1 1 0-8 4 4 0 0 1 0 8zm10 0a4 4 0 1 1 0-8 4 4 0 0 1 0 8zM7 16h10"
        }
        Medium::Video => "M3 6h13v12H3zM16 10l5-3v10l-5-3",
        Medium::Message => "M4 4h16v12H8l-4 4z",
    };
    view! {
        <svg class="icon medium-icon" viewBox="0 0 24 24" width="20" height="20" aria-hidden="true" focusable="false">
            <path d=d/>
        </svg>
    }
}

/// Thank-you card; a voicemail carries its player and transcript.
#[component]
pub fn ThanksCard(thanks: ThanksSummary, fallback: bool) -> impl IntoView {
    let clock = use_app_clock();
    let medium = thanks.medium;
    let date = thanks.meta.date;
    let lang = thanks.meta.lang.clone();
    let href = clock.href(&format!("/thanks/{}", thanks.meta.slug));
    let quote = thanks.wall_line().to_string();
    let has_audio = thanks.audio.is_some();
    let slug = thanks.meta.slug.clone();
    view! {
        <article class=format!("thanks-card thanks-card--{}", medium.as_str()) class:thanks-card--audio=has_audio lang=lang.clone()>
            <p class="thanks-card__medium">
                <MediumIcon medium=medium/>
                <span>{tr(medium_label(medium))}</span>
                {fallback.then(|| view! { <FallbackMarker lang=lang.clone()/> })}
            </p>
            <blockquote class="thanks-card__quote"><p>{quote}</p></blockquote>
            {thanks.audio.clone().map(|audio| view! {
                <VoicemailPlayer
                    slug=slug.clone()
                    src=audio.src
                    mime=audio.mime
                    transcript=thanks.transcript.clone().unwrap_or_default()
                    from=thanks.from.clone()
                />
            })}
            <footer class="thanks-card__footer">
                <p class="thanks-card__from">
                    <span class="visually-hidden">{tr(Key::From)}" "</span>
                    "— "{thanks.from.clone()}
                </p>
                <p class="thanks-card__to">
                    {tr(Key::To)}": "<strong>{thanks.to.clone()}</strong>
                    <span aria-hidden="true">" · "</span>
                    <time datetime=date.to_rfc3339()>{date_text(date, format::short_date)}</time>
                </p>
                <a href=href class="thanks-card__more">{tr(Key::ReadFull)}</a>
            </footer>
        </article>
    }
}

/// A voicemail: native audio controls (keyboard and screen-reader friendly) with the
/// transcript beside it, linked by `aria-describedby`.
#[component]
pub fn VoicemailPlayer(
    slug: String,
    src: String,
    mime: String,
    transcript: String,
    from: String,
) -> impl IntoView {
    let i18n = use_i18n();
    let transcript_id = format!("transcript-{slug}");
    let paragraphs = view_logic::paragraphs(&transcript);
    let label = move || format!("{} — {}", i18n.t(Key::ListenVoicemail), from);
    view! {
        <figure class="voicemail">
            <div class="voicemail__player">
                <audio controls preload="none" aria-label=label aria-describedby=transcript_id.clone()>
                    <source src=src type=mime/>
                </audio>
            </div>
            <figcaption class="voicemail__transcript" id=transcript_id>
                <h4 class="voicemail__heading">{tr(Key::Transcript)}</h4>
                {paragraphs.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
            </figcaption>
        </figure>
    }
}

/// When an event happens, in the viewer's time and, if different, the event's own.
#[component]
pub fn EventWhen(event: EventSummary) -> impl IntoView {
    let i18n = use_i18n();
    let (starts, ends, all_day) = (event.starts, event.ends, event.all_day);
    let tz = event.timezone.clone();
    let differs = view_logic::event_zone_differs(&event, format::viewer_offset_minutes(starts));
    let own_zone = tz.clone();
    let zone_name = tz.clone();
    view! {
        <p class="event-when">
            <svg class="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
                <path d="M4 6h16v14H4zM4 10h16M8 3v5M16 3v5"/>
            </svg>
            <span>
                <time datetime=starts.to_rfc3339()>
                    {move || format::event_range(starts, ends, all_day, i18n.lang.get(), if all_day { Some(tz.as_str()) } else { None })}
                </time>
                {all_day.then(|| view! { " · "{tr(Key::AllDay)} })}
                {(differs && !all_day).then(|| view! {
                    <span class="event-when__mine">" ("{tr(Key::YourTime)}")"</span>
                    <br/>
                    <span class="event-when__zone">
                        {move || format::event_range(starts, ends, false, i18n.lang.get(), Some(own_zone.as_str()))}
                        " ("{zone_name}", "{tr(Key::EventTime)}")"
                    </span>
                })}
            </span>
        </p>
    }
}

/// Event card with time, place, links and the calendar download.
#[component]
pub fn EventCard(event: EventSummary, fallback: bool, phase: EventPhase) -> impl IntoView {
    let i18n = use_i18n();
    let clock = use_app_clock();
    let href = clock.href(&format!("/events/{}", event.meta.slug));
    let lang = event.meta.lang.clone();
    let starts = event.starts;
    let day = format::date_with(
        starts,
        i18n.lang.get_untracked(),
        Some(&event.timezone),
        &[("day", "numeric")],
    );
    let month = format::date_with(
        starts,
        i18n.lang.get_untracked(),
        Some(&event.timezone),
        &[("month", "short")],
    );
    let now = clock.now;
    let title = event.title.clone();
    let countdown = move || {
        (phase == EventPhase::Upcoming).then(|| {
            format::relative(
                view_logic::minutes_until(now.get(), starts),
                i18n.lang.get(),
            )
        })
    };
    view! {
        <article class="event-card" class:event-card--past=phase == EventPhase::Past lang=lang.clone()>
            <div class="event-card__date" aria-hidden="true">
                <span class="event-card__day">{day}</span>
                <span class="event-card__month">{month}</span>
            </div>
            <div class="event-card__body">
                <p class="event-card__kicker">
                    {(phase == EventPhase::Ongoing).then(|| view! { <span class="badge badge--live">{tr(Key::HappeningNow)}</span> })}
                    {countdown().map(|c| view! { <span class="badge">{c}</span> })}
                    {fallback.then(|| view! { <FallbackMarker lang=lang.clone()/> })}
                </p>
                <h3 class="event-card__title"><a href=href>{title}</a></h3>
                <EventWhen event=event.clone()/>
                {event.location.clone().map(|l| view! {
                    <p class="event-where">
                        <svg class="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
                            <path d="M12 21s-7-6.2-7-11a7 7 0 0 1 14 0c0 4.8-7 11-7 11zM12 12.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z"/>
                        </svg>
                        <span class="visually-hidden">{tr(Key::Location)}": "</span>{l}
                    </p>
                })}
                {(!event.summary.is_empty()).then(|| view! { <p class="event-card__summary">{event.summary.clone()}</p> })}
                <EventActions event=event.clone() phase=phase/>
            </div>
        </article>
    }
}

/// RSVP, join-online and add-to-calendar links (not for past events, except the
/// calendar file).
#[component]
pub fn EventActions(event: EventSummary, phase: EventPhase) -> impl IntoView {
    let ics_name = format!("{}.ics", event.meta.slug);
    let title = event.title.clone();
    let active = phase != EventPhase::Past;
    view! {
        <div class="event-actions">
            {event.rsvp_url.clone().filter(|_| active).map(|u| view! {
                <a class="button button--primary" href=u rel="noopener" target="_blank">
                    {tr(Key::Rsvp)}<span class="visually-hidden">": "{title.clone()}</span>
                </a>
            })}
            {event.online_url.clone().filter(|_| active).map(|u| view! {
                <a class="button" href=u rel="noopener" target="_blank">{tr(Key::JoinOnline)}</a>
            })}
            <a class="button button--ghost" href=event.ics.clone() download=ics_name>
                <svg class="icon" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true" focusable="false">
                    <path d="M4 6h16v14H4zM4 10h16M8 3v5M16 3v5M12 13v5M9.5 15.5h5"/>
                </svg>
                {tr(Key::AddToCalendar)}
            </a>
        </div>
    }
}

/// A big number with its label.
#[component]
pub fn Counter(value: Signal<String>, label: Key) -> impl IntoView {
    view! {
        <div class="counter">
            <dt class="counter__label">{tr(label)}</dt>
            <dd class="counter__value">{move || value.get()}</dd>
        </div>
    }
}

/// Section heading with a "see all" link.
#[component]
pub fn SectionHead(
    title: Key,
    link: &'static str,
    link_label: Key,
    id: &'static str,
) -> impl IntoView {
    let clock = use_app_clock();
    view! {
        <div class="section-head">
            <h2 id=id>{tr(title)}</h2>
            <a href=clock.href(link) class="section-head__link">
                {tr(link_label)}<span aria-hidden="true">" →"</span>
            </a>
        </div>
    }
}
