//! `impactwall new story|thanks|event "Title" [--dir content] [--lang xx]`: writes a
//! ready-to-edit item with today's date (in the site's time zone) and every common
//! field present and explained. Never overwrites a file.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::Utc;

use impactwall_content::dates;
use impactwall_content::load::{site, slug};
use impactwall_content::new_item::{template, Template};
use impactwall_model::Kind;

use super::{NewArgs, NewKind};

pub fn run(args: &NewArgs) -> ExitCode {
    match create(args, Utc::now()) {
        Ok(path) => {
            println!("{}", path.display());
            ExitCode::SUCCESS
        }
        Err(NewError::Usage(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::from(2)
        }
        Err(NewError::Refused(msg)) => {
            eprintln!("error: {msg}");
            ExitCode::FAILURE
        }
    }
}

enum NewError {
    Usage(String),
    Refused(String),
}

fn kind_of(k: NewKind) -> Kind {
    match k {
        NewKind::Story => Kind::Story,
        NewKind::Thanks => Kind::Thanks,
        NewKind::Event => Kind::Event,
    }
}

fn create(args: &NewArgs, now: impactwall_model::Instant) -> Result<PathBuf, NewError> {
    let dir = &args.dir;
    if !dir.join(site::SITE_FILE).is_file() {
        return Err(NewError::Usage(format!(
            "`{}` has no site.toml; run this in your site's folder or pass --dir path/to/content",
            dir.display()
        )));
    }
    let mut diags = Vec::new();
    let (_, ctx) = site::load(dir, &mut diags);
    let languages = ctx.languages.clone().unwrap_or_default();
    if let Some(lang) = &args.lang {
        if !languages.is_empty() && !languages.contains(lang) {
            return Err(NewError::Usage(format!(
                "`{lang}` is not one of the site's languages ({})",
                languages.join(", ")
            )));
        }
    }
    let title = args.title.trim();
    if title.is_empty() {
        return Err(NewError::Usage("the title must not be empty".into()));
    }
    let kind = kind_of(args.kind);
    let today = dates::today_in(ctx.zone, now);
    let mut name = slug::slugify(title);
    if name.is_empty() {
        name = format!("{}-{}", kind_noun(kind), today.format("%Y-%m-%d"));
    }
    let folder = dir.join(kind.dir());
    std::fs::create_dir_all(&folder)
        .map_err(|e| NewError::Refused(format!("cannot create `{}`: {e}", folder.display())))?;
    let path = folder.join(format!("{name}.md"));
    let text = template(&Template {
        kind,
        title,
        today,
        lang: args.lang.as_deref(),
        default_language: &ctx.default_language,
        languages: &languages,
    });
    write_new(&path, &text)?;
    Ok(path)
}

/// Creates the file only if it does not exist (no check-then-write race).
fn write_new(path: &Path, text: &str) -> Result<(), NewError> {
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                NewError::Refused(format!(
                    "`{}` already exists; nothing was written (pick another title or edit that file)",
                    path.display()
                ))
            } else {
                NewError::Refused(format!("cannot write `{}`: {e}", path.display()))
            }
        })?;
    file.write_all(text.as_bytes())
        .map_err(|e| NewError::Refused(format!("cannot write `{}`: {e}", path.display())))
}

fn kind_noun(kind: Kind) -> &'static str {
    match kind {
        Kind::Story => "story",
        Kind::Thanks => "thanks",
        Kind::Event => "event",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use impactwall_content::load::load_and_check_at;

    fn site_dir() -> tempfile::TempDir {
        let d = tempfile::tempdir().unwrap();
        std::fs::write(
            d.path().join("site.toml"),
            "name = \"N\"\nmission = \"M\"\nmission_long = \"L\"\nlanguages = [\"en\", \"es\"]\n\
             timezone = \"America/New_York\"\nbase_url = \"https://n.example.org\"\n",
        )
        .unwrap();
        d
    }

    fn args(dir: &Path, kind: NewKind, title: &str, lang: Option<&str>) -> NewArgs {
        NewArgs {
            kind,
            title: title.into(),
            dir: dir.to_path_buf(),
            lang: lang.map(str::to_owned),
        }
    }

    #[test]
    fn every_kind_writes_a_file_that_passes_check() {
        let d = site_dir();
        // 03:00 UTC is still the previous day in New York.
        let now = chrono::DateTime::parse_from_rfc3339("2027-06-02T03:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        for (kind, title, lang) in [
            (NewKind::Story, "Café Ñandú!", None),
            (NewKind::Thanks, "a \"family\" in Ohio", Some("es")),
            (NewKind::Event, "Spring brunch", Some("en")),
        ] {
            let Ok(path) = create(&args(d.path(), kind, title, lang), now) else {
                panic!("{title}")
            };
            let text = std::fs::read_to_string(&path).unwrap();
            if kind == NewKind::Story {
                assert!(path.ends_with("stories/cafe-nandu.md"), "{path:?}");
                assert!(text.contains("date = 2027-06-01 "), "{text}");
            }
        }
        let checked = load_and_check_at(d.path(), now);
        let errors: Vec<_> = checked
            .report
            .diagnostics
            .iter()
            .filter(|d| d.is_error())
            .collect();
        assert!(errors.is_empty(), "{errors:#?}");
        let docs = &checked.report.project.unwrap().documents;
        assert_eq!(docs.len(), 3);
        assert!(docs.iter().all(|d| d.draft));
        let thanks = docs.iter().find(|d| d.kind == Kind::Thanks).unwrap();
        assert_eq!(thanks.item.meta().lang, "es");
    }

    #[test]
    fn refuses_to_overwrite() {
        let d = site_dir();
        let now = Utc::now();
        let a = args(d.path(), NewKind::Story, "Same title", None);
        let first = create(&a, now).ok().unwrap();
        std::fs::write(&first, "edited").unwrap();
        assert!(matches!(create(&a, now), Err(NewError::Refused(_))));
        assert_eq!(std::fs::read_to_string(&first).unwrap(), "edited");
    }

    #[test]
    fn rejects_unknown_language_and_missing_site() {
        let d = site_dir();
        assert!(matches!(
            create(&args(d.path(), NewKind::Story, "x", Some("fr")), Utc::now()),
            Err(NewError::Usage(_))
        ));
        let empty = tempfile::tempdir().unwrap();
        assert!(matches!(
            create(&args(empty.path(), NewKind::Story, "x", None), Utc::now()),
            Err(NewError::Usage(_))
        ));
    }

    #[test]
    fn titles_without_latin_letters_get_a_dated_slug() {
        let d = site_dir();
        let now = chrono::DateTime::parse_from_rfc3339("2027-06-02T15:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        let path = create(&args(d.path(), NewKind::Event, "你好", None), now)
            .ok()
            .unwrap();
        assert!(path.ends_with("events/event-2027-06-02.md"), "{path:?}");
    }
}
