//! What the detail pages of one build look up in the whole archive, indexed once per
//! build: the related stories of every story page and every item's translations.
//!
//! Scoring the whole archive for each story page made a build quadratic in the number
//! of stories (at 4,000 stories most of the build's CPU time). Only stories sharing a
//! program, a tag or a team score above zero, so each page scores just those and takes
//! the newest others when they are too few: the same choice as
//! [`view_logic::related_stories`], at a cost that follows the size of those groups.

use std::collections::HashMap;

use crate::view_logic::{self, related_score, StoryFilter};
use impactwall_model::{HasMeta, Index, Instant, StorySummary};

/// The build's lookups (positions into the whole index's lists).
#[derive(Clone, Debug, Default)]
pub struct Lookups {
    /// Per language: the stories a reader sees, newest first, and who shares what.
    related: HashMap<String, Visible>,
    /// Per kind, the positions of each translation group's items, in list order.
    pub stories: Groups,
    pub thanks: Groups,
    pub events: Groups,
}

/// Positions of the items of each translation group.
#[derive(Clone, Debug, Default)]
pub struct Groups(HashMap<String, Vec<usize>>);

impl Groups {
    fn of<T: HasMeta>(items: &[T]) -> Groups {
        let mut groups: HashMap<String, Vec<usize>> = HashMap::new();
        for (at, item) in items.iter().enumerate() {
            let key = &item.meta().translation_key;
            match groups.get_mut(key) {
                Some(list) => list.push(at),
                None => {
                    groups.insert(key.clone(), vec![at]);
                }
            }
        }
        Groups(groups)
    }

    /// The positions of the items whose translation key is `key`, in list order.
    pub fn get(&self, key: &str) -> &[usize] {
        self.0.get(key).map_or(&[], Vec::as_slice)
    }
}

/// The stories shown in one language, newest first, with who shares a program, tag or
/// team (keys in ASCII lower case, values ranks in `order`).
#[derive(Clone, Debug, Default)]
struct Visible {
    /// Positions in `Index::stories`, in the order of `view_logic::visible_stories`.
    order: Vec<usize>,
    programs: HashMap<String, Vec<usize>>,
    tags: HashMap<String, Vec<usize>>,
    teams: HashMap<String, Vec<usize>>,
}

impl Visible {
    fn new(full: &Index, now: Instant, lang: &str) -> Visible {
        let mut v = Visible::default();
        let stories = view_logic::visible_stories(full, now, lang, &StoryFilter::default());
        for (rank, s) in stories.iter().enumerate() {
            v.order.push(s.index);
            let add = |map: &mut HashMap<String, Vec<usize>>, key: &str| {
                let ranks = map.entry(key.to_ascii_lowercase()).or_default();
                if ranks.last() != Some(&rank) {
                    ranks.push(rank);
                }
            };
            if let Some(p) = &s.item.program {
                add(&mut v.programs, p);
            }
            for t in &s.item.meta.tags {
                add(&mut v.tags, t);
            }
            if let Some(t) = &s.item.meta.team {
                add(&mut v.teams, t);
            }
        }
        v
    }

    /// Ranks of the stories sharing something with `current`, ascending, no repeats.
    fn sharing(&self, current: &StorySummary) -> Vec<usize> {
        let lower = |s: &str| s.to_ascii_lowercase();
        let mut ranks: Vec<usize> = Vec::new();
        let mut take = |map: &HashMap<String, Vec<usize>>, key: String| {
            ranks.extend(map.get(&key).into_iter().flatten().copied());
        };
        if let Some(p) = &current.program {
            take(&self.programs, lower(p));
        }
        for t in &current.meta.tags {
            take(&self.tags, lower(t));
        }
        if let Some(t) = &current.meta.team {
            take(&self.teams, lower(t));
        }
        ranks.sort_unstable();
        ranks.dedup();
        ranks
    }
}

impl Lookups {
    pub fn new(full: &Index, now: Instant) -> Lookups {
        Lookups {
            related: (full.site.languages.iter())
                .map(|lang| (lang.clone(), Visible::new(full, now, lang)))
                .collect(),
            stories: Groups::of(&full.stories),
            thanks: Groups::of(&full.thanks),
            events: Groups::of(&full.events),
        }
    }

    /// Positions in `full.stories` of up to `n` stories related to `current` for a
    /// reader of `lang`, best first: what [`view_logic::related_stories`] returns.
    pub fn related(
        &self,
        full: &Index,
        current: &StorySummary,
        now: Instant,
        lang: &str,
        n: usize,
    ) -> Vec<usize> {
        let Some(visible) = self.related.get(lang) else {
            return (view_logic::related_stories(full, current, now, lang, n).iter())
                .map(|s| s.index)
                .collect();
        };
        let story = |rank: usize| &full.stories[visible.order[rank]];
        let other = |s: &StorySummary| s.meta.translation_key != current.meta.translation_key;
        // Best score first, then the newer (lower rank), as the full sort orders them.
        let mut scored: Vec<(usize, usize)> = (visible.sharing(current).into_iter())
            .filter(|&rank| other(story(rank)))
            .map(|rank| (related_score(story(rank), current), rank))
            .filter(|&(score, _)| score > 0)
            .collect();
        scored.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        scored.truncate(n);
        let mut ranks: Vec<usize> = scored.into_iter().map(|(_, rank)| rank).collect();
        // Too few share anything: the newest of the others, which all score 0.
        let mut rank = 0;
        while ranks.len() < n && rank < visible.order.len() {
            let s = story(rank);
            if other(s) && related_score(s, current) == 0 {
                ranks.push(rank);
            }
            rank += 1;
        }
        ranks.into_iter().map(|rank| visible.order[rank]).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use impactwall_model::{ItemMeta, SiteInfo, Theme, WallConfig, DATA_VERSION};

    fn story(i: usize, lang: &str, key: usize, day: i64) -> StorySummary {
        let words = ["Winter", "winter", "family", "bus", "rent"];
        StorySummary {
            meta: ItemMeta {
                slug: format!("s{i}"),
                lang: lang.into(),
                translation_key: format!("k{key}"),
                date: chrono::DateTime::UNIX_EPOCH + chrono::Duration::days(day),
                tags: (0..i % 3).map(|t| words[(i + t) % 5].into()).collect(),
                team: i
                    .is_multiple_of(4)
                    .then(|| ["North", "north", "South"][i % 3].into()),
                ..ItemMeta::default()
            },
            title: format!("Story {i}"),
            summary: String::new(),
            author: None,
            program: i
                .is_multiple_of(5)
                .then(|| ["Housing", "HOUSING"][i % 2].into()),
            image: None,
            people_helped: 1,
            featured: false,
            talking_point: None,
            qr: None,
            reading_minutes: 2,
        }
    }

    /// A mixed archive: shared and unshared tags in several spellings, programs, teams,
    /// translations, equal dates, items before 1970.
    fn archive() -> Index {
        let stories = (0..120)
            .map(|i| {
                let lang = ["en", "es", "en", "nl"][i % 4];
                story(i, lang, i / 2, (i as i64 * 7919) % 60 - 20)
            })
            .collect();
        Index {
            version: DATA_VERSION,
            generated_at: chrono::DateTime::UNIX_EPOCH,
            site: SiteInfo {
                name: "Org".into(),
                mission: "Help".into(),
                mission_html: String::new(),
                impact_html: String::new(),
                logo: None,
                languages: vec!["en".into(), "es".into(), "nl".into()],
                default_language: "en".into(),
                timezone: "Europe/Amsterdam".into(),
                base_url: "https://impact.example.org/".into(),
                search_engines: true,
                theme: Theme::default(),
                wall: WallConfig::default(),
                translations: vec![],
            },
            stories,
            thanks: vec![],
            events: vec![],
        }
    }

    #[test]
    fn related_stories_match_scoring_the_whole_archive() {
        let full = archive();
        let now = chrono::DateTime::UNIX_EPOCH + chrono::Duration::days(100);
        let lookups = Lookups::new(&full, now);
        for current in &full.stories {
            for lang in ["en", "es", "nl", "fr"] {
                for n in [1, 3, 200] {
                    let expected: Vec<usize> =
                        view_logic::related_stories(&full, current, now, lang, n)
                            .iter()
                            .map(|s| s.index)
                            .collect();
                    let got = lookups.related(&full, current, now, lang, n);
                    assert_eq!(got, expected, "{} in {lang}, n = {n}", current.meta.slug);
                }
            }
        }
    }

    #[test]
    fn groups_hold_every_translation_in_list_order() {
        let full = archive();
        let groups = Groups::of(&full.stories);
        assert_eq!(groups.get("k3"), [6, 7]);
        assert!(groups.get("nope").is_empty());
    }
}
