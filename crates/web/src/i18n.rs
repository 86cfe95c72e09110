//! UI strings in English, Spanish and Dutch.
//!
//! A typed table instead of an i18n crate: every string is a `Key`, `t(lang, key)`
//! looks it up, and the compiler checks that each key has all three languages. Dates
//! and numbers are localised by the browser (`Intl`), not here.

use leptos::prelude::*;

/// A language the interface is available in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum Lang {
    #[default]
    En,
    Es,
    Nl,
}

impl Lang {
    pub const ALL: [Lang; 3] = [Lang::En, Lang::Es, Lang::Nl];

    /// BCP 47 code, also the content `lang` value.
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Es => "es",
            Lang::Nl => "nl",
        }
    }

    /// The language's own name, for the switcher.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::Es => "Español",
            Lang::Nl => "Nederlands",
        }
    }

    /// Parses a tag such as `es`, `es-MX` or `NL`; unknown tags give `None`.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The first supported language in a preference list (e.g. `navigator.languages`).
    pub fn negotiate<'a>(prefs: impl IntoIterator<Item = &'a str>) -> Option<Lang> {
        prefs.into_iter().find_map(Lang::from_tag)
    }
}

/// Every string the interface shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Key {
    SkipToContent,
    NavHome,
    NavStories,
    NavThanks,
    NavEvents,
    NavAbout,
    MainNavigation,
    Language,
    ThemeToggle,
    ThemeDark,
    ThemeLight,
    Loading,
    LoadFailed,
    LoadFailedHint,
    Retry,
    NotFoundTitle,
    NotFoundBody,
    BackHome,
    PreviewBanner,
    PreviewExit,
    InOtherLanguage,
    // Home
    ImpactHeading,
    PeopleHelped,
    StoriesCount,
    ThanksThisMonth,
    UpcomingEventsCount,
    FeaturedStory,
    LatestThanks,
    NextEvents,
    SeeAllStories,
    SeeAllThanks,
    SeeAllEvents,
    WhyItMatters,
    YourTeam,
    ChooseTeam,
    TeamPrompt,
    TeamStoriesLead,
    TeamStoriesNone,
    NoEventsSoon,
    // Stories
    StoriesTitle,
    StoriesLead,
    FilterProgram,
    FilterTag,
    FilterTeam,
    FilterLanguage,
    FilterAll,
    ClearFilters,
    ResultsCount,
    NoStories,
    ShowMore,
    ReadStory,
    MinutesRead,
    By,
    RelatedStories,
    ShareLink,
    CopyLink,
    Copied,
    BackToStories,
    PeopleHelpedShort,
    PersonHelpedShort,
    Program,
    // Thanks
    ThanksTitle,
    ThanksLead,
    From,
    To,
    Transcript,
    ListenVoicemail,
    NoThanks,
    AllMedia,
    MediumLetter,
    MediumEmail,
    MediumCard,
    MediumVoicemail,
    MediumVideo,
    MediumMessage,
    ReadFull,
    BackToThanks,
    // Events
    EventsTitle,
    EventsLead,
    Ongoing,
    Upcoming,
    Past,
    NoUpcoming,
    NoPast,
    AllDay,
    Rsvp,
    JoinOnline,
    AddToCalendar,
    YourTime,
    EventTime,
    Location,
    HappeningNow,
    BackToEvents,
    // About
    AboutTitle,
    HowWeMeasure,
    ReadTheStories,
    Footer,
}

/// Looks up `key` in `lang`.
pub fn t(lang: Lang, key: Key) -> &'static str {
    let [en, es, nl] = table(key);
    match lang {
        Lang::En => en,
        Lang::Es => es,
        Lang::Nl => nl,
    }
}

/// `[English, Spanish, Dutch]` for each key. `{n}`/`{name}` are filled by [`fill`].
fn table(key: Key) -> [&'static str; 3] {
    use Key::*;
    match key {
        SkipToContent => ["Skip to content", "Saltar al contenido", "Naar de inhoud"],
        NavHome => ["Home", "Inicio", "Home"],
        NavStories => ["Stories", "Historias", "Verhalen"],
        NavThanks => ["Thank-yous", "Agradecimientos", "Bedankjes"],
        NavEvents => ["Events", "Eventos", "Evenementen"],
        NavAbout => ["Our mission", "Nuestra misión", "Onze missie"],
        MainNavigation => ["Main", "Principal", "Hoofdmenu"],
        Language => ["Language", "Idioma", "Taal"],
        ThemeToggle => ["Colour theme", "Tema de color", "Kleurthema"],
        ThemeDark => ["Dark", "Oscuro", "Donker"],
        ThemeLight => ["Light", "Claro", "Licht"],
        Loading => ["Loading…", "Cargando…", "Laden…"],
        LoadFailed => [
            "We couldn't load this page.",
            "No pudimos cargar esta página.",
            "Deze pagina kon niet worden geladen.",
        ],
        LoadFailedHint => [
            "Check your connection and try again. If it keeps happening, let the site team know.",
            "Comprueba tu conexión e inténtalo de nuevo. Si vuelve a pasar, avisa al equipo del sitio.",
            "Controleer je verbinding en probeer het opnieuw. Blijft het gebeuren, laat het het siteteam weten.",
        ],
        Retry => ["Try again", "Reintentar", "Opnieuw proberen"],
        NotFoundTitle => [
            "We couldn't find that page",
            "No encontramos esa página",
            "Die pagina bestaat niet",
        ],
        NotFoundBody => [
            "The link may be old, or the story may have moved. Everything we have is one click away:",
            "Puede que el enlace sea antiguo o que la historia se haya movido. Todo lo que tenemos está a un clic:",
            "De link is misschien verouderd of het verhaal is verplaatst. Alles wat we hebben is één klik verderop:",
        ],
        BackHome => ["Back to the home page", "Volver al inicio", "Terug naar home"],
        PreviewBanner => [
            "Preview: you are seeing the site as it will be on",
            "Vista previa: estás viendo el sitio tal como será el",
            "Voorbeeld: je ziet de site zoals die eruitziet op",
        ],
        PreviewExit => ["Back to today", "Volver a hoy", "Terug naar vandaag"],
        InOtherLanguage => [
            "Not yet translated",
            "Aún sin traducir",
            "Nog niet vertaald",
        ],
        ImpactHeading => ["Our impact together", "Nuestro impacto juntos", "Onze impact samen"],
        PeopleHelped => ["people helped", "personas ayudadas", "mensen geholpen"],
        StoriesCount => ["stories told", "historias contadas", "verhalen verteld"],
        ThanksThisMonth => [
            "thank-yous this month",
            "agradecimientos este mes",
            "bedankjes deze maand",
        ],
        UpcomingEventsCount => ["events coming up", "próximos eventos", "komende evenementen"],
        FeaturedStory => ["Featured story", "Historia destacada", "Uitgelicht verhaal"],
        LatestThanks => ["Latest thank-yous", "Últimos agradecimientos", "Nieuwste bedankjes"],
        NextEvents => ["Coming up", "Próximamente", "Binnenkort"],
        SeeAllStories => ["All stories", "Todas las historias", "Alle verhalen"],
        SeeAllThanks => ["All thank-yous", "Todos los agradecimientos", "Alle bedankjes"],
        SeeAllEvents => ["All events", "Todos los eventos", "Alle evenementen"],
        WhyItMatters => [
            "Why your work matters",
            "Por qué importa tu trabajo",
            "Waarom jouw werk ertoe doet",
        ],
        YourTeam => ["Your team", "Tu equipo", "Jouw team"],
        ChooseTeam => ["Choose your team", "Elige tu equipo", "Kies je team"],
        TeamPrompt => [
            "Pick your team to see the stories your conversations made possible.",
            "Elige tu equipo para ver las historias que tus conversaciones hicieron posibles.",
            "Kies je team en zie welke verhalen jullie gesprekken mogelijk maakten.",
        ],
        TeamStoriesLead => [
            "{n} stories began with a conversation your team, {name}, had.",
            "{n} historias empezaron con una conversación de tu equipo, {name}.",
            "{n} verhalen begonnen met een gesprek van jouw team, {name}.",
        ],
        TeamStoriesNone => [
            "Every call counts. Stories from {name} will appear here as they are written.",
            "Cada llamada cuenta. Las historias de {name} aparecerán aquí cuando se escriban.",
            "Elk gesprek telt. Verhalen van {name} verschijnen hier zodra ze geschreven zijn.",
        ],
        NoEventsSoon => [
            "Nothing planned right now. Check back soon.",
            "No hay nada previsto por ahora. Vuelve pronto.",
            "Er staat nu niets gepland. Kijk binnenkort nog eens.",
        ],
        StoriesTitle => ["Stories", "Historias", "Verhalen"],
        StoriesLead => [
            "Real people, real change: what happens after the call ends.",
            "Personas reales, cambios reales: lo que pasa después de la llamada.",
            "Echte mensen, echte verandering: wat er gebeurt na het gesprek.",
        ],
        FilterProgram => ["Program", "Programa", "Programma"],
        FilterTag => ["Topic", "Tema", "Onderwerp"],
        FilterTeam => ["Team", "Equipo", "Team"],
        FilterLanguage => ["Language", "Idioma", "Taal"],
        FilterAll => ["All", "Todos", "Alle"],
        ClearFilters => ["Clear filters", "Quitar filtros", "Filters wissen"],
        ResultsCount => ["{n} stories", "{n} historias", "{n} verhalen"],
        NoStories => [
            "No stories match these filters yet.",
            "Todavía no hay historias con estos filtros.",
            "Er zijn nog geen verhalen met deze filters.",
        ],
        ShowMore => ["Show more stories", "Mostrar más historias", "Meer verhalen tonen"],
        ReadStory => ["Read the story", "Leer la historia", "Lees het verhaal"],
        MinutesRead => ["{n} min read", "{n} min de lectura", "{n} min lezen"],
        By => ["By", "Por", "Door"],
        RelatedStories => ["Related stories", "Historias relacionadas", "Gerelateerde verhalen"],
        ShareLink => ["Share this story", "Comparte esta historia", "Deel dit verhaal"],
        CopyLink => ["Copy link", "Copiar enlace", "Link kopiëren"],
        Copied => ["Link copied", "Enlace copiado", "Link gekopieerd"],
        BackToStories => ["All stories", "Todas las historias", "Alle verhalen"],
        PeopleHelpedShort => ["people helped", "personas ayudadas", "mensen geholpen"],
        PersonHelpedShort => ["person helped", "persona ayudada", "mens geholpen"],
        Program => ["Program", "Programa", "Programma"],
        ThanksTitle => ["Thank-you wall", "Muro de agradecimientos", "Bedankmuur"],
        ThanksLead => [
            "Letters, cards and voicemails from the people you helped. Read them on a hard day.",
            "Cartas, tarjetas y mensajes de voz de las personas a las que ayudaste. Léelos en un día difícil.",
            "Brieven, kaarten en voicemails van de mensen die je hebt geholpen. Lees ze op een zware dag.",
        ],
        From => ["From", "De", "Van"],
        To => ["To", "Para", "Aan"],
        Transcript => ["Transcript", "Transcripción", "Transcriptie"],
        ListenVoicemail => [
            "Listen to the voicemail",
            "Escucha el mensaje de voz",
            "Luister naar de voicemail",
        ],
        NoThanks => [
            "No thank-you messages here yet.",
            "Aún no hay agradecimientos aquí.",
            "Hier staan nog geen bedankjes.",
        ],
        AllMedia => ["All", "Todos", "Alle"],
        MediumLetter => ["Letters", "Cartas", "Brieven"],
        MediumEmail => ["E-mails", "Correos", "E-mails"],
        MediumCard => ["Cards", "Tarjetas", "Kaarten"],
        MediumVoicemail => ["Voicemails", "Mensajes de voz", "Voicemails"],
        MediumVideo => ["Videos", "Vídeos", "Video's"],
        MediumMessage => ["Messages", "Mensajes", "Berichten"],
        ReadFull => ["Read the whole message", "Leer el mensaje completo", "Lees het hele bericht"],
        BackToThanks => ["All thank-yous", "Todos los agradecimientos", "Alle bedankjes"],
        EventsTitle => ["Events", "Eventos", "Evenementen"],
        EventsLead => [
            "Get together, celebrate and learn from each other.",
            "Reúnete, celebra y aprende de los demás.",
            "Kom samen, vier en leer van elkaar.",
        ],
        Ongoing => ["Happening now", "En curso", "Nu bezig"],
        Upcoming => ["Upcoming", "Próximos", "Binnenkort"],
        Past => ["Past events", "Eventos pasados", "Afgelopen"],
        NoUpcoming => [
            "No upcoming events right now.",
            "No hay eventos próximos por ahora.",
            "Er zijn nu geen komende evenementen.",
        ],
        NoPast => ["No past events yet.", "Aún no hay eventos pasados.", "Nog geen afgelopen evenementen."],
        AllDay => ["All day", "Todo el día", "Hele dag"],
        Rsvp => ["RSVP", "Confirmar asistencia", "Aanmelden"],
        JoinOnline => ["Join online", "Unirse en línea", "Online meedoen"],
        AddToCalendar => ["Add to calendar", "Añadir al calendario", "Toevoegen aan agenda"],
        YourTime => ["your time", "tu hora", "jouw tijd"],
        EventTime => ["local time", "hora local", "lokale tijd"],
        Location => ["Where", "Dónde", "Waar"],
        HappeningNow => ["Now", "Ahora", "Nu"],
        BackToEvents => ["All events", "Todos los eventos", "Alle evenementen"],
        AboutTitle => ["Our mission", "Nuestra misión", "Onze missie"],
        HowWeMeasure => [
            "How we measure impact",
            "Cómo medimos el impacto",
            "Hoe we impact meten",
        ],
        ReadTheStories => [
            "See it in the stories",
            "Míralo en las historias",
            "Zie het in de verhalen",
        ],
        Footer => [
            "Made with care for the people who answer the phone.",
            "Hecho con cariño para quienes atienden el teléfono.",
            "Met zorg gemaakt voor de mensen die de telefoon opnemen.",
        ],
    }
}

/// The language switch's options: one per [`Lang::ALL`], each named in its own
/// language (fixed text, so the switch needs no view per option).
pub const LANGUAGE_OPTIONS: &str = concat!(
    r#"<option value="en" lang="en">English</option>"#,
    r#"<option value="es" lang="es">Español</option>"#,
    r#"<option value="nl" lang="nl">Nederlands</option>"#,
);

/// Replaces `{n}` and `{name}` in a template.
pub fn fill(template: &str, n: impl std::fmt::Display, name: &str) -> String {
    template
        .replace("{n}", &n.to_string())
        .replace("{name}", name)
}

/// The interface language chosen by the reader (context), readable and switchable.
#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Lang>,
}

impl I18n {
    /// `t` in the current language (reactive when called inside a view closure).
    pub fn t(&self, key: Key) -> &'static str {
        t(self.lang.get(), key)
    }

    /// Switches the language and remembers the choice for the next visit.
    pub fn set(&self, lang: Lang) {
        self.lang.set(lang);
        if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = storage.set_item(STORAGE_KEY, lang.code());
        }
    }
}

const STORAGE_KEY: &str = "impactwall.lang";

/// The language from `?lang=`, else the one saved by the switcher, else the browser's
/// preferences, else English.
pub fn initial_lang() -> Lang {
    let Some(window) = web_sys::window() else {
        return Lang::En;
    };
    let from_query = window
        .location()
        .search()
        .ok()
        .and_then(|s| crate::view_logic::query_value(&s, "lang"))
        .and_then(|v| Lang::from_tag(&v));
    if let Some(l) = from_query {
        return l;
    }
    let saved = window
        .local_storage()
        .ok()
        .flatten()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|v| Lang::from_tag(&v));
    if let Some(l) = saved {
        return l;
    }
    let nav = window.navigator();
    let prefs: Vec<String> = nav
        .languages()
        .iter()
        .filter_map(|v| v.as_string())
        .chain(nav.language())
        .collect();
    Lang::negotiate(prefs.iter().map(String::as_str)).unwrap_or_default()
}

/// Provides [`I18n`] as context and keeps `<html lang>` in sync.
pub fn provide_i18n() -> I18n {
    let i18n = I18n {
        lang: RwSignal::new(initial_lang()),
    };
    Effect::new(move |_| {
        let lang = i18n.lang.get();
        if let Some(doc) = web_sys::window().and_then(|w| w.document()) {
            if let Some(html) = doc.document_element() {
                let _ = html.set_attribute("lang", lang.code());
            }
        }
    });
    provide_context(i18n);
    i18n
}

/// The [`I18n`] context (English if none was provided, e.g. in isolated tests).
pub fn use_i18n() -> I18n {
    use_context::<I18n>().unwrap_or_else(|| I18n {
        lang: RwSignal::new(Lang::En),
    })
}
