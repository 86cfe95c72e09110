//! The digest's words in English, Spanish and Dutch: one table per language, like the
//! reading site's (`app::i18n`), so a missing string is a compile error. `{site}`,
//! `{from}`, `{to}`, `{team}`, `{zone}` and `{period}` are filled in by the renderers.

use chrono::Locale;

/// Every string the digest e-mail shows.
#[derive(Debug)]
pub struct Strings {
    /// BCP 47 code, the `lang` of the HTML and the `Content-Language` header.
    pub code: &'static str,
    /// Month and weekday names for dates.
    pub locale: Locale,
    /// `%A %-d %B %Y`-style pattern for a full date.
    pub date_long: &'static str,
    /// Pattern for a date inside a period (`1 – 7 November 2026`).
    pub date_short: &'static str,
    pub subject: &'static str,
    pub heading: &'static str,
    pub for_team: &'static str,
    pub intro: &'static str,
    pub stories: &'static str,
    pub read_story: &'static str,
    pub thanks: &'static str,
    pub from_to: &'static str,
    pub voicemail: &'static str,
    pub listen: &'static str,
    pub read_message: &'static str,
    pub events: &'static str,
    pub all_day: &'static str,
    pub local_time_in: &'static str,
    pub location: &'static str,
    pub online: &'static str,
    pub event_details: &'static str,
    pub add_to_calendar: &'static str,
    pub talking_point: &'static str,
    pub metrics: &'static str,
    pub empty_title: &'static str,
    pub empty_body: &'static str,
    pub visit_site: &'static str,
    pub why_you_get_this: &'static str,
    pub unsubscribe: &'static str,
}

pub const EN: Strings = Strings {
    code: "en",
    locale: Locale::en_GB,
    date_long: "%A %-d %B %Y",
    date_short: "%-d %B %Y",
    subject: "{site}: stories and thanks, {period}",
    heading: "News from {site}",
    for_team: "For the {team} team",
    intro: "The stories, thank-you messages and coming events of {period}, in one e-mail.",
    stories: "New stories",
    read_story: "Read the story",
    thanks: "Thank-you messages",
    from_to: "From {from} to {to}",
    voicemail: "Voicemail",
    listen: "Listen to the voicemail",
    read_message: "Read the message",
    events: "Coming up in the next 30 days",
    all_day: "all day",
    local_time_in: "Local time in {zone}",
    location: "Where",
    online: "Join online",
    event_details: "Event details",
    add_to_calendar: "Add to calendar",
    talking_point: "Talking point of the week",
    metrics: "Our numbers",
    empty_title: "A quiet week",
    empty_body: "No new stories or thank-you messages this time. The work that never makes the news still counts: every call, chat and e-mail you answered helped someone get where they needed to be. Thank you.",
    visit_site: "Visit the site",
    why_you_get_this: "You receive this e-mail because you are on the {site} digest list.",
    unsubscribe: "Unsubscribe",
};

pub const ES: Strings = Strings {
    code: "es",
    locale: Locale::es_ES,
    date_long: "%A %-d de %B de %Y",
    date_short: "%-d de %B de %Y",
    subject: "{site}: historias y agradecimientos, {period}",
    heading: "Novedades de {site}",
    for_team: "Para el equipo {team}",
    intro: "Las historias, los mensajes de agradecimiento y los próximos eventos de {period}, en un solo correo.",
    stories: "Historias nuevas",
    read_story: "Leer la historia",
    thanks: "Mensajes de agradecimiento",
    from_to: "De {from} para {to}",
    voicemail: "Mensaje de voz",
    listen: "Escuchar el mensaje de voz",
    read_message: "Leer el mensaje",
    events: "En los próximos 30 días",
    all_day: "todo el día",
    local_time_in: "Hora local en {zone}",
    location: "Dónde",
    online: "Participar en línea",
    event_details: "Detalles del evento",
    add_to_calendar: "Añadir al calendario",
    talking_point: "El tema de la semana",
    metrics: "Nuestras cifras",
    empty_title: "Una semana tranquila",
    empty_body: "Esta vez no hay historias ni mensajes de agradecimiento nuevos. El trabajo que no sale en las noticias también cuenta: cada llamada, chat y correo que atendiste ayudó a alguien a llegar adonde necesitaba. Gracias.",
    visit_site: "Visitar el sitio",
    why_you_get_this: "Recibes este correo porque estás en la lista del resumen de {site}.",
    unsubscribe: "Darse de baja",
};

pub const NL: Strings = Strings {
    code: "nl",
    locale: Locale::nl_NL,
    date_long: "%A %-d %B %Y",
    date_short: "%-d %B %Y",
    subject: "{site}: verhalen en bedankjes, {period}",
    heading: "Nieuws van {site}",
    for_team: "Voor team {team}",
    intro: "De verhalen, bedankjes en komende activiteiten van {period}, in één e-mail.",
    stories: "Nieuwe verhalen",
    read_story: "Lees het verhaal",
    thanks: "Bedankjes",
    from_to: "Van {from} aan {to}",
    voicemail: "Voicemail",
    listen: "Luister naar de voicemail",
    read_message: "Lees het bericht",
    events: "De komende 30 dagen",
    all_day: "hele dag",
    local_time_in: "Lokale tijd in {zone}",
    location: "Waar",
    online: "Online meedoen",
    event_details: "Details van de activiteit",
    add_to_calendar: "Zet in je agenda",
    talking_point: "Gespreksonderwerp van de week",
    metrics: "Onze cijfers",
    empty_title: "Een rustige week",
    empty_body: "Deze keer geen nieuwe verhalen of bedankjes. Het werk dat nooit het nieuws haalt, telt ook: elk gesprek, elke chat en elke mail die je beantwoordde, hielp iemand op weg. Dank je wel.",
    visit_site: "Naar de site",
    why_you_get_this: "Je krijgt deze e-mail omdat je op de verzendlijst van het {site}-overzicht staat.",
    unsubscribe: "Afmelden",
};

/// Languages the digest is written in.
pub const ALL: [&Strings; 3] = [&EN, &ES, &NL];

/// The table for a language tag (`es`, `es-MX`); `None` for a language without one.
pub fn for_lang(tag: &str) -> Option<&'static Strings> {
    let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
    ALL.into_iter().find(|s| s.code == primary)
}

/// `template` with each `{name}` replaced by its value, in one pass (a value that
/// itself contains `{to}` is left as written).
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let hit = after.find('}').and_then(|close| {
            values
                .iter()
                .find(|(name, _)| *name == &after[..close])
                .map(|(_, value)| (close, *value))
        });
        match hit {
            Some((close, value)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}
