use super::*;
use crate::rfc3339::parse_datetime;

fn at(s: &str) -> Instant {
    parse_datetime(s).expect("test instant")
}

fn m(y: i32, mo: u32) -> Month {
    Month::new(y, mo).expect("test month")
}

/// Month starts in Europe/Amsterdam, written out by hand: +01:00 in winter, +02:00
/// from the last Sunday of March to the last Sunday of October.
fn amsterdam() -> Vec<MonthStart> {
    [
        ((2025, 12), "2025-11-30T23:00:00Z"),
        ((2026, 1), "2025-12-31T23:00:00Z"),
        ((2026, 2), "2026-01-31T23:00:00Z"),
        ((2026, 3), "2026-02-28T23:00:00Z"),
        ((2026, 4), "2026-03-31T22:00:00Z"),
        ((2026, 10), "2026-09-30T22:00:00Z"),
        ((2026, 11), "2026-10-31T23:00:00Z"),
        ((2026, 12), "2026-11-30T23:00:00Z"),
    ]
    .into_iter()
    .map(|((y, mo), s)| MonthStart {
        month: m(y, mo),
        starts: at(s),
    })
    .collect()
}

#[test]
fn the_local_month_changes_at_local_midnight_across_daylight_saving() {
    let starts = amsterdam();
    // 31 March 23:59 in Amsterdam (summer time) is 21:59 UTC: still March.
    assert_eq!(
        month_at(at("2026-03-31T21:59:59Z"), &starts),
        Some(m(2026, 3))
    );
    assert_eq!(
        month_at(at("2026-03-31T22:00:00Z"), &starts),
        Some(m(2026, 4))
    );
    // After the clocks go back, November starts at 23:00 UTC.
    assert_eq!(
        month_at(at("2026-10-31T22:30:00Z"), &starts),
        Some(m(2026, 10))
    );
    assert_eq!(
        month_at(at("2026-10-31T23:00:00Z"), &starts),
        Some(m(2026, 11))
    );
    // New Year's Eve at 23:30 local is already January in UTC terms minus one hour.
    assert_eq!(
        month_at(at("2025-12-31T22:30:00Z"), &starts),
        Some(m(2025, 12))
    );
    assert_eq!(
        month_at(at("2025-12-31T23:30:00Z"), &starts),
        Some(m(2026, 1))
    );
    // Outside the table the month is unknown rather than guessed.
    assert_eq!(month_at(at("2025-11-01T00:00:00Z"), &starts), None);
    assert_eq!(month_at(at("2027-05-01T00:00:00Z"), &starts), None);
}

#[test]
fn months_parse_and_step_over_the_year() {
    assert_eq!(Month::parse("2026-11"), Some(m(2026, 11)));
    for bad in [
        "2026-13",
        "2026-1",
        "26-11",
        "2026/11",
        "2026-11-03",
        "+026-11",
    ] {
        assert_eq!(Month::parse(bad), None, "{bad}");
    }
    assert_eq!(m(2026, 1).previous(), m(2025, 12));
    assert_eq!(m(2025, 12).next(), m(2026, 1));
    assert_eq!(m(2026, 3).to_string(), "2026-03");
}

fn data() -> ImpactData {
    let v = |metric: &str, team: Option<&str>, month: Month, value: f64| MonthValue {
        metric: metric.into(),
        team: team.map(str::to_owned),
        month,
        value,
    };
    ImpactData {
        metrics: vec![MetricInfo {
            name: "calls_answered".into(),
            ..MetricInfo::default()
        }],
        values: vec![
            v("calls_answered", Some("chat"), m(2025, 12), 100.0),
            v("calls_answered", Some("chat"), m(2026, 1), 40.0),
            v("calls_answered", Some("phones"), m(2026, 1), 60.0),
            v("calls_answered", None, m(2026, 2), 500.0),
            v("calls_answered", Some("phones"), m(2026, 2), 300.0),
            v("calls_answered", Some("phones"), m(2026, 3), 7.0),
        ],
        ..ImpactData::default()
    }
}

#[test]
fn periods_sum_the_right_months() {
    let d = data();
    let feb = m(2026, 2);
    let org = |p| d.value("calls_answered", None, p, feb);
    // February has an organisation row: it wins over the sum of the teams' rows.
    assert_eq!(org(Period::ThisMonth), 500.0);
    assert_eq!(org(Period::LastMonth), 100.0);
    // This year: January and February, not last December, not March (future).
    assert_eq!(org(Period::ThisYear), 600.0);
    assert_eq!(org(Period::Total), 700.0);
    let phones = |p| d.value("calls_answered", Some("phones"), p, feb);
    assert_eq!(phones(Period::ThisMonth), 300.0);
    assert_eq!(phones(Period::ThisYear), 360.0);
    // In January, last month is December of the year before.
    assert_eq!(
        d.value("calls_answered", None, Period::LastMonth, m(2026, 1)),
        100.0
    );
    assert_eq!(
        d.value("calls_answered", None, Period::ThisYear, m(2026, 1)),
        100.0
    );
}

#[test]
fn figures_are_split_out_of_text() {
    let p = pieces("We took {calls_answered.last_month} calls {so far} {a.b");
    assert_eq!(
        p,
        vec![
            Piece::Text("We took "),
            Piece::Figure {
                metric: "calls_answered",
                period: "last_month",
                raw: "{calls_answered.last_month}",
                at: 8
            },
            Piece::Text(" calls {so far} {a.b"),
        ]
    );
    assert_eq!(
        pieces("{x.y}"),
        vec![Piece::Figure {
            metric: "x",
            period: "y",
            raw: "{x.y}",
            at: 0
        }]
    );
    assert_eq!(pieces("{ {x.y}}").len(), 3);
}

#[test]
fn figures_resolve_with_the_callers_number_format() {
    let d = data();
    let dutch = |n: f64| format!("{n}").replace('.', ",");
    let text = d.resolve(
        "Last month: {calls_answered.last_month}; {calls_answered.this_month} now; {nope.total}; {calls_answered.soon}",
        None,
        m(2026, 3),
        &dutch,
    );
    assert_eq!(
        text,
        "Last month: 500; 7 now; {nope.total}; {calls_answered.soon}"
    );
}

#[test]
fn equivalences_round_down_and_never_say_zero() {
    assert_eq!(equivalence_count(212.0, 40.0), Some(5));
    assert_eq!(equivalence_count(40.0, 40.0), Some(1));
    assert_eq!(equivalence_count(39.9, 40.0), None);
    assert_eq!(equivalence_count(0.0, 40.0), None);
    assert_eq!(equivalence_count(100.0, 0.0), None);
    assert_eq!(equivalence_count(f64::NAN, 1.0), None);
    assert_eq!(equivalence_count(99.0, 1.0), Some(99));
    assert_eq!(equivalence_count(1_234.0, 1.0), Some(1_200));
    assert_eq!(equivalence_count(98_765.0, 1.0), Some(98_000));
    let e = Equivalence {
        metric: "people_helped".into(),
        per: 40.0,
        one: [("en".to_owned(), "a full bus".to_owned())].into(),
        many: [
            ("en".to_owned(), "{count} full buses".to_owned()),
            ("nl".to_owned(), "{count} volle bussen".to_owned()),
        ]
        .into(),
    };
    let plain = |n: f64| format!("{n}");
    assert_eq!(
        e.sentence(212.0, "nl", "en", &plain).as_deref(),
        Some("5 volle bussen")
    );
    assert_eq!(
        e.sentence(45.0, "nl", "en", &plain).as_deref(),
        Some("a full bus")
    );
    assert_eq!(e.sentence(20.0, "en", "en", &plain), None);
}

fn point(slug: &str, lang: &str, key: &str, program: Option<&str>, teams: &[&str]) -> TalkingPoint {
    TalkingPoint {
        slug: slug.into(),
        lang: lang.into(),
        translation_key: key.into(),
        text: format!("{slug} text"),
        program: program.map(str::to_owned),
        teams: teams.iter().map(|t| (*t).to_owned()).collect(),
        source: None,
        schedule: Schedule::default(),
        background_html: String::new(),
    }
}

#[test]
fn talking_points_are_localized_filtered_by_team_and_grouped() {
    let mut d = data();
    let mut later = point("later", "en", "later", None, &[]);
    later.schedule.publish_at = Some(at("2027-01-01T00:00:00Z"));
    d.talking_points = vec![
        point("a", "en", "a", Some("Night Line"), &["night-shift"]),
        point("a-nl", "nl", "a", Some("Nachtlijn"), &["night-shift"]),
        point("b", "en", "b", None, &[]),
        point("c", "en", "c", Some("Fare Relief"), &["email", "phones"]),
        later,
    ];
    let now = at("2026-11-20T12:00:00Z");
    let slugs = |v: Vec<&TalkingPoint>| v.iter().map(|t| t.slug.clone()).collect::<Vec<_>>();
    assert_eq!(
        slugs(view::live_talking_points(&d, now, "nl", "en", None)),
        ["a-nl", "b", "c"]
    );
    assert_eq!(
        slugs(view::live_talking_points(&d, now, "es", "en", None)),
        ["a", "b", "c"]
    );
    // A team sees its own points and those for everyone, nothing else.
    assert_eq!(
        slugs(view::live_talking_points(
            &d,
            now,
            "en",
            "en",
            Some("phones")
        )),
        ["b", "c"]
    );
    let all = view::live_talking_points(&d, now, "en", "en", None);
    let groups: Vec<(Option<&str>, usize)> = view::by_program(&all)
        .iter()
        .map(|(p, l)| (*p, l.len()))
        .collect();
    assert_eq!(
        groups,
        [(Some("Fare Relief"), 1), (Some("Night Line"), 1), (None, 1)]
    );
}

#[test]
fn figures_carry_labels_and_equivalences_and_skip_zero() {
    let mut d = data();
    d.metrics[0].label = [
        ("en".to_owned(), "calls answered".to_owned()),
        ("es".to_owned(), "llamadas atendidas".to_owned()),
    ]
    .into();
    d.metrics.push(MetricInfo {
        name: "refunds".into(),
        ..MetricInfo::default()
    });
    d.equivalences = vec![Equivalence {
        metric: "calls_answered".into(),
        per: 40.0,
        one: [("en".to_owned(), "a bus".to_owned())].into(),
        many: [("es".to_owned(), "{count} autobuses".to_owned())].into(),
    }];
    let es = |n: f64| format!("{n}").replace('.', ",");
    let f = view::figures(
        &d,
        Some("phones"),
        Period::ThisMonth,
        m(2026, 2),
        "es",
        "en",
        &es,
    );
    assert_eq!(f.len(), 1, "refunds has no value and is left out");
    assert_eq!((f[0].label, f[0].value), ("llamadas atendidas", 300.0));
    assert_eq!(f[0].equivalence.as_deref(), Some("7 autobuses"));
}

#[test]
fn team_profiles_fall_back_to_the_default_language() {
    let team = |t: &str, lang: &str, name: &str| Team {
        team: t.into(),
        lang: lang.into(),
        name: name.into(),
        description_html: String::new(),
        languages: Vec::new(),
        timezone: None,
        hours: None,
        photo: None,
        members: Vec::new(),
    };
    let d = ImpactData {
        teams: vec![
            team("chat", "en", "The chat team"),
            team("chat", "nl", "Het chatteam"),
            team("phones", "en", "Phones"),
        ],
        ..ImpactData::default()
    };
    assert_eq!(
        view::team_profile(&d, "chat", "nl", "en").map(|t| t.name.as_str()),
        Some("Het chatteam")
    );
    assert_eq!(
        view::team_profile(&d, "chat", "es", "en").map(|t| t.name.as_str()),
        Some("The chat team")
    );
    assert_eq!(view::team_profile(&d, "email", "en", "en"), None);
    let names: Vec<&str> = view::team_list(&d, "nl", "en")
        .iter()
        .map(|t| t.name.as_str())
        .collect();
    assert_eq!(names, ["Het chatteam", "Phones"]);
}
