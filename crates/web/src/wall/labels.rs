//! Fixed wording on wall screens, in the screen's language (from `locales/`, English
//! where a language lacks a string).

use impactwall_model::rotation::Countdown;

use crate::i18n::{t, Key, Lang};

/// The wall's labels in one language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WallLabels {
    pub lang: &'static str,
    pub story: &'static str,
    pub scan_to_read: &'static str,
    pub thank_you: &'static str,
    pub from: &'static str,
    pub to: &'static str,
    pub voicemail: &'static str,
    pub event: &'static str,
    pub happening_now: &'static str,
    pub today: &'static str,
    pub tomorrow: &'static str,
    pub in_days: &'static str,
    pub people_helped: &'static str,
    pub stories: &'static str,
    pub thanks: &'static str,
    pub upcoming_events: &'static str,
    pub our_impact: &'static str,
    pub our_mission: &'static str,
    pub updated: &'static str,
    pub offline_since: &'static str,
    pub not_updated_since: &'static str,
    pub connecting: &'static str,
    pub paused: &'static str,
    pub unknown_playlist: &'static str,
}

/// The labels for a language tag such as `es` or `nl-BE`; English for unknown tags.
pub fn wall_labels(tag: &str) -> WallLabels {
    let lang = Lang::from_tag(tag).unwrap_or_default();
    WallLabels {
        lang: lang.code(),
        story: t(lang, Key::WallStory),
        scan_to_read: t(lang, Key::WallScanToRead),
        thank_you: t(lang, Key::WallThankYou),
        from: t(lang, Key::WallFrom),
        to: t(lang, Key::WallTo),
        voicemail: t(lang, Key::WallVoicemail),
        event: t(lang, Key::WallEvent),
        happening_now: t(lang, Key::WallHappeningNow),
        today: t(lang, Key::WallToday),
        tomorrow: t(lang, Key::WallTomorrow),
        in_days: t(lang, Key::WallInDays),
        people_helped: t(lang, Key::WallPeopleHelped),
        stories: t(lang, Key::WallStories),
        thanks: t(lang, Key::WallThanks),
        upcoming_events: t(lang, Key::WallUpcomingEvents),
        our_impact: t(lang, Key::WallOurImpact),
        our_mission: t(lang, Key::WallOurMission),
        updated: t(lang, Key::WallUpdated),
        offline_since: t(lang, Key::WallOfflineSince),
        not_updated_since: t(lang, Key::WallNotUpdatedSince),
        connecting: t(lang, Key::WallConnecting),
        paused: t(lang, Key::WallPaused),
        unknown_playlist: t(lang, Key::WallUnknownPlaylist),
    }
}

impl WallLabels {
    /// How far away an event is, in words (`{n}` in `in_days` is the number of days).
    pub fn countdown(&self, c: Countdown) -> String {
        match c {
            Countdown::Now => self.happening_now.to_string(),
            Countdown::Today => self.today.to_string(),
            Countdown::Tomorrow => self.tomorrow.to_string(),
            Countdown::InDays(n) => self.in_days.replace("{n}", &n.to_string()),
            Countdown::Over => String::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_follow_the_tag_and_fall_back_to_english() {
        let l = wall_labels("es-ES");
        assert_eq!(l.countdown(Countdown::InDays(3)), "En 3 días");
        assert_eq!(wall_labels("nl").thank_you, "Dankjewel");
        assert_eq!(wall_labels("de").lang, "en");
        assert_eq!(wall_labels("de").thank_you, "Thank you");
    }
}
