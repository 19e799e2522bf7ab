//! The core's own words, in every language the app speaks: the headings, labels and sentences
//! it writes on printed pages, in the Markdown journal export and in the few UI-visible fields it
//! fills in (the tips and endings of the patient's own role plays). The patient's text is never
//! here: it is passed to the page as data.
//!
//! One table per language ([`texts`]), one struct per feature, one field per string. A sentence
//! with something in it is a template with named placeholders (`"Session {n}, {day}"`), filled
//! by [`fill`]; each language's template has the same placeholders (tests/texts_es.rs checks it).
//! Dates are written here too, with each language's own day and month names ([`Texts::date`]).
//!
//! The built-in role plays and the questionnaires live elsewhere (`scenarios/library.es.json`,
//! [`crate::domain::checkins::Questionnaire::text_in`]). Error messages are for developers and
//! stay English: the window words an error by its code.

use chrono::{Datelike, NaiveDate};
use serde::Serialize;

use crate::domain::journal::Emotion;
use crate::domain::language::Language;

/// Every table of one language.
#[derive(Debug, Serialize)]
pub struct Texts {
    pub dates: DateWords,
    pub common: CommonWords,
    pub summary: SummaryWords,
    pub agenda: AgendaWords,
    pub ending: EndingWords,
    pub people: PeopleWords,
    pub safety_plan: SafetyPlanWords,
    pub practice: PracticeWords,
    pub export: ExportWords,
}

/// The words of `lang`.
pub fn texts(lang: Language) -> &'static Texts {
    match lang {
        Language::En => &EN,
        Language::Es => &ES,
    }
}

/// Fills the `{name}` placeholders of `template` from `args`, in one pass (a value that itself
/// contains braces is written as it is). A placeholder not in `args` is left as written.
pub fn fill(template: &str, args: &[(&str, &str)]) -> String {
    let mut out = String::with_capacity(template.len() + 32);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                let name = &after[..close];
                match args.iter().find(|(k, _)| *k == name) {
                    Some((_, v)) => out.push_str(v),
                    None => out.push_str(&rest[open..open + close + 2]),
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push_str(&rest[open..]);
                rest = "";
            }
        }
    }
    out.push_str(rest);
    out
}

/// The names of `template`'s placeholders, in order.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        let Some(close) = after.find('}') else { break };
        out.push(&after[..close]);
        rest = &after[close + 1..];
    }
    out
}

// ---- Dates ------------------------------------------------------------------------------------

/// How a date is written on a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateStyle {
    /// "Tue, Nov 24, 2026" · "mar 24 nov 2026" (tables, periods).
    Short,
    /// "Nov 24" · "24 nov" (chart axis).
    DayMonth,
    /// "Tue, Nov 24" · "mar 24 nov" (agenda items).
    WeekdayDayMonth,
    /// "November 24, 2026" · "24 de noviembre de 2026".
    Long,
    /// "Tuesday, November 24, 2026" · "martes, 24 de noviembre de 2026".
    WeekdayLong,
}

/// Day and month names (Monday first, January first) and the order a date is written in. The
/// templates take `{weekday}`, `{weekday_short}`, `{day}`, `{month}`, `{month_short}`, `{year}`.
#[derive(Debug, Serialize)]
pub struct DateWords {
    pub weekdays: [&'static str; 7],
    pub weekdays_short: [&'static str; 7],
    pub months: [&'static str; 12],
    pub months_short: [&'static str; 12],
    pub short: &'static str,
    pub day_month: &'static str,
    pub weekday_day_month: &'static str,
    pub long: &'static str,
    pub weekday_long: &'static str,
}

impl Texts {
    /// `d` written in `style`, with this language's names.
    pub fn date(&self, d: NaiveDate, style: DateStyle) -> String {
        let w = &self.dates;
        let template = match style {
            DateStyle::Short => w.short,
            DateStyle::DayMonth => w.day_month,
            DateStyle::WeekdayDayMonth => w.weekday_day_month,
            DateStyle::Long => w.long,
            DateStyle::WeekdayLong => w.weekday_long,
        };
        let wd = d.weekday().num_days_from_monday() as usize;
        let m = d.month0() as usize;
        let (day, year) = (d.day().to_string(), d.year().to_string());
        fill(
            template,
            &[
                ("weekday", w.weekdays[wd]),
                ("weekday_short", w.weekdays_short[wd]),
                ("day", &day),
                ("month", w.months[m]),
                ("month_short", w.months_short[m]),
                ("year", &year),
            ],
        )
    }

    /// A `YYYY-MM-DD` day written in `style`; anything else is written as it is.
    pub fn day(&self, ymd: &str, style: DateStyle) -> String {
        NaiveDate::parse_from_str(ymd, "%Y-%m-%d")
            .map(|d| self.date(d, style))
            .unwrap_or_else(|_| ymd.to_owned())
    }
}

// ---- The tables -------------------------------------------------------------------------------

/// Words more than one page uses.
#[derive(Debug, Serialize)]
pub struct CommonWords {
    /// The title of every page with the neutral window title on.
    pub neutral_title: &'static str,
    /// A plan's outcome.
    pub plan_planned: &'static str,
    pub plan_tried: &'static str,
    pub plan_done: &'static str,
    pub plan_not_this_week: &'static str,
    /// A moment with someone, field by field.
    pub event_with: &'static str,
    pub event_what_happened: &'static str,
    pub event_what_i_felt: &'static str,
    pub event_what_i_did: &'static str,
    pub event_how_it_ended: &'static str,
    /// An empty list or step.
    pub nothing_here_yet: &'static str,
    /// `{day}`: a long date.
    pub last_saved_on: &'static str,
}

/// "For my therapist".
#[derive(Debug, Serialize)]
pub struct SummaryWords {
    pub title: &'static str,
    pub phq9: &'static str,
    pub gad7: &'static str,
    pub band_minimal: &'static str,
    pub band_mild: &'static str,
    pub band_moderate: &'static str,
    pub band_moderately_severe: &'static str,
    pub band_severe: &'static str,
    pub check_ins: &'static str,
    pub col_day: &'static str,
    pub col_questionnaire: &'static str,
    pub col_score: &'static str,
    pub col_meaning: &'static str,
    pub too_few_answers: &'static str,
    /// `{score}`, `{max}`.
    pub score_of: &'static str,
    /// `{day}`: a long date.
    pub item9: &'static str,
    pub not_a_diagnosis: &'static str,
    pub scores_over_time: &'static str,
    pub mood_each_day: &'static str,
    pub col_average_mood: &'static str,
    pub col_entries: &'static str,
    pub events: &'static str,
    pub plans: &'static str,
    pub col_plan: &'static str,
    pub col_by: &'static str,
    pub col_how_it_went: &'static str,
    pub col_mood_before_after: &'static str,
    pub practice: &'static str,
    pub col_conversation: &'static str,
    pub col_confidence: &'static str,
    /// `{n}`, `{day}`.
    pub bring_to_session: &'static str,
    pub bring_to_next_session: &'static str,
    /// `{line}`, `{person}`.
    pub agenda_with: &'static str,
    pub chart_mood: &'static str,
    /// `{from}`, `{to}`.
    pub chart_caption: &'static str,
}

/// The agenda page.
#[derive(Debug, Serialize)]
pub struct AgendaWords {
    pub title: &'static str,
    /// `{n}`, `{day}`.
    pub session: &'static str,
    pub no_session: &'static str,
    pub empty: &'static str,
    /// `{detail}`.
    pub i_felt: &'static str,
    pub kind_entry: &'static str,
    pub kind_event: &'static str,
    pub kind_plan: &'static str,
    pub kind_question: &'static str,
    /// `{day}`.
    pub by: &'static str,
    /// `{person}`.
    pub with: &'static str,
    /// `{mood}`.
    pub mood: &'static str,
}

/// The ending plan page.
#[derive(Debug, Serialize)]
pub struct EndingWords {
    pub title: &'static str,
    pub changes: &'static str,
    pub warning_signs: &'static str,
    pub if_they_come_back: &'static str,
    pub contacts: &'static str,
    pub come_back_if: &'static str,
    pub monthly_on: &'static str,
    pub monthly_off: &'static str,
}

/// The people inventory page.
#[derive(Debug, Serialize)]
pub struct PeopleWords {
    pub title: &'static str,
    pub no_one_listed: &'static str,
    pub no_answers: &'static str,
    pub circle: &'static str,
    /// `{day}`: a long date.
    pub circle_saved_on: &'static str,
    pub no_circle: &'static str,
    pub no_one: &'static str,
    /// `{day}`: a long date with the weekday.
    pub as_of: &'static str,
    pub ring_closest: &'static str,
    pub ring_close: &'static str,
    pub ring_further_out: &'static str,
    pub partner: &'static str,
    pub parent: &'static str,
    pub child: &'static str,
    pub sibling: &'static str,
    pub friend: &'static str,
    pub colleague: &'static str,
    pub other: &'static str,
    pub fit_yes: &'static str,
    pub fit_partly: &'static str,
    pub fit_no: &'static str,
    pub fit_not_sure: &'static str,
    pub q_contact_often: &'static str,
    pub q_good: &'static str,
    pub q_hard: &'static str,
    pub q_i_expect: &'static str,
    pub q_they_expect: &'static str,
    pub q_expectations_fit: &'static str,
    pub q_would_change: &'static str,
}

/// The safety plan page.
#[derive(Debug, Serialize)]
pub struct SafetyPlanWords {
    pub title: &'static str,
    pub intro: &'static str,
    pub warning_signs: &'static str,
    pub coping: &'static str,
    pub distractions: &'static str,
    pub helpers: &'static str,
    pub professionals: &'static str,
    pub one_line: &'static str,
    pub by_country: &'static str,
    pub other_countries: &'static str,
    pub safer_surroundings: &'static str,
    pub reason_for_living: &'static str,
    pub australia: &'static str,
    pub canada: &'static str,
    pub spain: &'static str,
    pub united_kingdom: &'static str,
    pub ireland: &'static str,
    pub mexico: &'static str,
    pub united_states: &'static str,
    pub reach_chat: &'static str,
    pub reach_text: &'static str,
    pub reach_free: &'static str,
    pub reach_call: &'static str,
    /// `{country}`, `{line}`, `{number}`, `{how}`, `{emergency}`.
    pub crisis_line: &'static str,
    /// Joins emergency numbers.
    pub or: &'static str,
}

/// The app's words around a role play the patient writes.
#[derive(Debug, Serialize)]
pub struct PracticeWords {
    pub other_person: &'static str,
    pub tip_start: &'static str,
    pub tip_open: &'static str,
    pub tip_tense: &'static str,
    pub tip_distant: &'static str,
    pub end_open: &'static str,
    pub end_open_reflection: &'static str,
    pub end_mixed: &'static str,
    pub end_mixed_reflection: &'static str,
    pub end_stuck: &'static str,
    pub end_stuck_reflection: &'static str,
}

/// The Markdown journal export.
#[derive(Debug, Serialize)]
pub struct ExportWords {
    pub heading: &'static str,
    /// `{day}`: `YYYY-MM-DD`.
    pub intro: &'static str,
    /// `{mood}`.
    pub mood: &'static str,
    /// `{list}`.
    pub feelings: &'static str,
    /// `{list}`.
    pub tags: &'static str,
    pub pinned: &'static str,
    pub someone: &'static str,
    /// `{who}`.
    pub with: &'static str,
    pub worth_bringing: &'static str,
    pub emotions: EmotionWords,
}

/// A word for each feeling, as a list reads it ("sad, tired" · "tristeza, cansancio").
#[derive(Debug, Serialize)]
pub struct EmotionWords {
    pub sad: &'static str,
    pub lonely: &'static str,
    pub hurt: &'static str,
    pub anxious: &'static str,
    pub overwhelmed: &'static str,
    pub angry: &'static str,
    pub frustrated: &'static str,
    pub guilty: &'static str,
    pub ashamed: &'static str,
    pub numb: &'static str,
    pub tired: &'static str,
    pub calm: &'static str,
    pub content: &'static str,
    pub hopeful: &'static str,
    pub grateful: &'static str,
    pub relieved: &'static str,
    pub loved: &'static str,
    pub proud: &'static str,
}

impl EmotionWords {
    pub fn of(&self, e: Emotion) -> &'static str {
        match e {
            Emotion::Sad => self.sad,
            Emotion::Lonely => self.lonely,
            Emotion::Hurt => self.hurt,
            Emotion::Anxious => self.anxious,
            Emotion::Overwhelmed => self.overwhelmed,
            Emotion::Angry => self.angry,
            Emotion::Frustrated => self.frustrated,
            Emotion::Guilty => self.guilty,
            Emotion::Ashamed => self.ashamed,
            Emotion::Numb => self.numb,
            Emotion::Tired => self.tired,
            Emotion::Calm => self.calm,
            Emotion::Content => self.content,
            Emotion::Hopeful => self.hopeful,
            Emotion::Grateful => self.grateful,
            Emotion::Relieved => self.relieved,
            Emotion::Loved => self.loved,
            Emotion::Proud => self.proud,
        }
    }
}

// ---- English ----------------------------------------------------------------------------------

static EN: Texts = Texts {
    dates: DateWords {
        weekdays: [
            "Monday",
            "Tuesday",
            "Wednesday",
            "Thursday",
            "Friday",
            "Saturday",
            "Sunday",
        ],
        weekdays_short: ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"],
        months: [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        months_short: [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ],
        short: "{weekday_short}, {month_short} {day}, {year}",
        day_month: "{month_short} {day}",
        weekday_day_month: "{weekday_short}, {month_short} {day}",
        long: "{month} {day}, {year}",
        weekday_long: "{weekday}, {month} {day}, {year}",
    },
    common: CommonWords {
        neutral_title: "Notes",
        plan_planned: "Not noted yet",
        plan_tried: "I tried it",
        plan_done: "I did it",
        plan_not_this_week: "Not this week",
        event_with: "With",
        event_what_happened: "What happened",
        event_what_i_felt: "What I felt",
        event_what_i_did: "What I said or did",
        event_how_it_ended: "How it ended",
        nothing_here_yet: "Nothing here yet.",
        last_saved_on: "Last saved on {day}",
    },
    summary: SummaryWords {
        title: "For my therapist",
        phq9: "PHQ-9 (mood)",
        gad7: "GAD-7 (anxiety)",
        band_minimal: "minimal range",
        band_mild: "mild range",
        band_moderate: "moderate range",
        band_moderately_severe: "moderately severe range",
        band_severe: "severe range",
        check_ins: "Check-ins",
        col_day: "Day",
        col_questionnaire: "Questionnaire",
        col_score: "Score",
        col_meaning: "What scores like this usually mean",
        too_few_answers: "too few answers",
        score_of: "{score} of {max}",
        item9: "On {day}, my answer to PHQ-9 question 9 (thoughts that I would be better off \
                dead, or of hurting myself) was above “Not at all”. I would like us to talk about \
                it.",
        not_a_diagnosis: "A score is not a diagnosis; it is something to talk over together.",
        scores_over_time: "Scores over time",
        mood_each_day: "My mood each day (0–10)",
        col_average_mood: "Average mood",
        col_entries: "Entries",
        events: "What happened with people",
        plans: "Plans and how they went",
        col_plan: "Plan",
        col_by: "By",
        col_how_it_went: "How it went",
        col_mood_before_after: "Mood before → after",
        practice: "Role-play practice",
        col_conversation: "Conversation practised",
        col_confidence: "Confidence before → after",
        bring_to_session: "What I'd like to bring to session {n} ({day})",
        bring_to_next_session: "What I'd like to bring to the next session",
        agenda_with: "{line} (with {person})",
        chart_mood: "My mood (0–10)",
        chart_caption: "Scores from {from} to {to}; each line on its own scale, higher means more \
                        difficulty for the questionnaires and a better day for mood.",
    },
    agenda: AgendaWords {
        title: "For my next session",
        session: "Session {n}, {day}",
        no_session: "For your next session",
        empty: "Nothing on the list yet. Pin a journal entry, mark a moment as important, or add \
                a question.",
        i_felt: "I felt: {detail}",
        kind_entry: "Journal entry",
        kind_event: "A moment that mattered",
        kind_plan: "Plan",
        kind_question: "My question",
        by: "By {day}",
        with: "With {person}",
        mood: "Mood {mood}",
    },
    ending: EndingWords {
        title: "My plan for after the course",
        changes: "What changed for me",
        warning_signs: "My warning signs",
        if_they_come_back: "What I will do if they come back",
        contacts: "Who I will contact",
        come_back_if: "I will come back for help if…",
        monthly_on: "Monthly check-in: on.",
        monthly_off: "Monthly check-in: off.",
    },
    people: PeopleWords {
        title: "The people in my life",
        no_one_listed: "No one is on my list yet.",
        no_answers: "No answers yet.",
        circle: "My circle",
        circle_saved_on: "As saved on {day}",
        no_circle: "I have not saved a circle yet.",
        no_one: "No one",
        as_of: "As of {day}",
        ring_closest: "Closest",
        ring_close: "Close",
        ring_further_out: "Further out",
        partner: "partner",
        parent: "parent",
        child: "child",
        sibling: "sibling",
        friend: "friend",
        colleague: "colleague",
        other: "other",
        fit_yes: "Yes",
        fit_partly: "Partly",
        fit_no: "No",
        fit_not_sure: "Not sure",
        q_contact_often: "How often we are in touch",
        q_good: "What is good about it",
        q_hard: "What is hard about it",
        q_i_expect: "What I expect of them",
        q_they_expect: "What I think they expect of me",
        q_expectations_fit: "How well our expectations fit",
        q_would_change: "What I would like to change",
    },
    safety_plan: SafetyPlanWords {
        title: "My safety plan",
        intro: "A plan made on a steadier day, to use when things get hard.",
        warning_signs: "1. My warning signs",
        coping: "2. Things I can do on my own",
        distractions: "3. People and places that take my mind off things",
        helpers: "4. People I can ask for help",
        professionals: "5. Professionals and crisis lines",
        one_line: "A crisis line where I am:",
        by_country: "Crisis lines, by country:",
        other_countries: "Other countries are listed under “Need help now” in the app.",
        safer_surroundings: "6. Making my surroundings safer",
        reason_for_living: "One reason for living, in my words",
        australia: "Australia",
        canada: "Canada",
        spain: "Spain",
        united_kingdom: "United Kingdom",
        ireland: "Ireland",
        mexico: "Mexico",
        united_states: "United States",
        reach_chat: "call, text or chat, any time",
        reach_text: "call or text, any time",
        reach_free: "call free, any time",
        reach_call: "call any time",
        crisis_line: "{country}: {line}, {number} ({how}). Emergency: {emergency}",
        or: " or ",
    },
    practice: PracticeWords {
        other_person: "the other person",
        tip_start: "Say it out loud once before you type it. Start with how you feel or what you \
                    would like.",
        tip_open: "They are listening. Keep it short and specific: one request is easier to say \
                   yes to.",
        tip_tense: "Things got heated. You can slow down, name your feeling, and come back to \
                    what you want.",
        tip_distant: "The moment is slipping away. You can try again, more directly.",
        end_open: "They took in what you said.",
        end_open_reflection: "Clear, kind words gave the conversation room. What would you keep \
                              for the real one?",
        end_mixed: "You got part of the way there.",
        end_mixed_reflection: "Real conversations often go like this. Notice which words helped, \
                               and which made it harder.",
        end_stuck: "The conversation ended without much changing.",
        end_stuck_reflection: "That happens, in practice and in life. You can run it again and \
                               try another way.",
    },
    export: ExportWords {
        heading: "# My journal",
        intro: "Exported from IPT Companion on {day}. **This file is not encrypted**: anyone who \
                can open it can read it. Entries in the trash are not included.",
        mood: "- Mood: {mood} of 10",
        feelings: "- Feelings: {list}",
        tags: "- Tags: {list}",
        pinned: "- Pinned for my next session",
        someone: "someone",
        with: "### With {who}",
        worth_bringing: "*Worth bringing to my next session.*",
        emotions: EmotionWords {
            sad: "sad",
            lonely: "lonely",
            hurt: "hurt",
            anxious: "anxious",
            overwhelmed: "overwhelmed",
            angry: "angry",
            frustrated: "frustrated",
            guilty: "guilty",
            ashamed: "ashamed",
            numb: "numb",
            tired: "tired",
            calm: "calm",
            content: "content",
            hopeful: "hopeful",
            grateful: "grateful",
            relieved: "relieved",
            loved: "loved",
            proud: "proud",
        },
    },
};

// ---- Spanish ----------------------------------------------------------------------------------
// "Tú" throughout, the patient's pages in the first person; the same words as the Spanish
// screens (ui/src/lib/i18n/es.ts) where both say the same thing.

static ES: Texts = Texts {
    dates: DateWords {
        weekdays: [
            "lunes",
            "martes",
            "miércoles",
            "jueves",
            "viernes",
            "sábado",
            "domingo",
        ],
        weekdays_short: ["lun", "mar", "mié", "jue", "vie", "sáb", "dom"],
        months: [
            "enero",
            "febrero",
            "marzo",
            "abril",
            "mayo",
            "junio",
            "julio",
            "agosto",
            "septiembre",
            "octubre",
            "noviembre",
            "diciembre",
        ],
        months_short: [
            "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic",
        ],
        short: "{weekday_short} {day} {month_short} {year}",
        day_month: "{day} {month_short}",
        weekday_day_month: "{weekday_short} {day} {month_short}",
        long: "{day} de {month} de {year}",
        weekday_long: "{weekday}, {day} de {month} de {year}",
    },
    common: CommonWords {
        neutral_title: "Notas",
        plan_planned: "Sin anotar todavía",
        plan_tried: "Lo probé",
        plan_done: "Lo hice",
        plan_not_this_week: "Esta semana no",
        event_with: "Con",
        event_what_happened: "Qué pasó",
        event_what_i_felt: "Qué sentí",
        event_what_i_did: "Qué dije o hice",
        event_how_it_ended: "Cómo terminó",
        nothing_here_yet: "Todavía no hay nada aquí.",
        last_saved_on: "Guardado el {day}",
    },
    summary: SummaryWords {
        title: "Para mi terapeuta",
        phq9: "PHQ-9 (ánimo)",
        gad7: "GAD-7 (ansiedad)",
        band_minimal: "rango mínimo",
        band_mild: "rango leve",
        band_moderate: "rango moderado",
        band_moderately_severe: "rango moderadamente grave",
        band_severe: "rango grave",
        check_ins: "Autoevaluaciones",
        col_day: "Día",
        col_questionnaire: "Cuestionario",
        col_score: "Puntuación",
        col_meaning: "Lo que suele indicar una puntuación así",
        too_few_answers: "faltan respuestas",
        score_of: "{score} de {max}",
        item9: "El {day}, mi respuesta a la pregunta 9 del PHQ-9 (pensamientos de que estaría \
                mejor muerto o muerta, o de hacerme daño) fue más que “Ningún día”. Me gustaría \
                que lo habláramos.",
        not_a_diagnosis: "Una puntuación no es un diagnóstico; es algo para hablar en sesión.",
        scores_over_time: "Puntuaciones a lo largo del tiempo",
        mood_each_day: "Mi ánimo cada día (0–10)",
        col_average_mood: "Ánimo promedio",
        col_entries: "Entradas",
        events: "Momentos con otras personas",
        plans: "Planes y cómo fueron",
        col_plan: "Plan",
        col_by: "Para el",
        col_how_it_went: "Cómo fue",
        col_mood_before_after: "Ánimo antes → después",
        practice: "Ensayos de conversación",
        col_conversation: "Conversación ensayada",
        col_confidence: "Confianza antes → después",
        bring_to_session: "Lo que quiero llevar a la sesión {n} ({day})",
        bring_to_next_session: "Lo que quiero llevar a la próxima sesión",
        agenda_with: "{line} (con {person})",
        chart_mood: "Mi ánimo (0–10)",
        chart_caption: "Puntuaciones del {from} al {to}. Cada línea tiene su propia escala: en \
                        los cuestionarios, más alto significa más dificultad; en el ánimo, un \
                        día mejor.",
    },
    agenda: AgendaWords {
        title: "Para mi próxima sesión",
        session: "Sesión {n}, {day}",
        no_session: "Para tu próxima sesión",
        empty: "Todavía no hay nada en la lista. Marca una entrada del diario, señala un momento \
                como importante o añade una pregunta.",
        i_felt: "Sentí: {detail}",
        kind_entry: "Entrada del diario",
        kind_event: "Un momento importante",
        kind_plan: "Plan",
        kind_question: "Mi pregunta",
        by: "Para el {day}",
        with: "Con {person}",
        mood: "Ánimo {mood}",
    },
    ending: EndingWords {
        title: "Mi plan para después de la terapia",
        changes: "Lo que cambió para mí",
        warning_signs: "Mis señales de alerta",
        if_they_come_back: "Qué haré si vuelven",
        contacts: "A quién voy a contactar",
        come_back_if: "Volveré a pedir ayuda si…",
        monthly_on: "Autoevaluación mensual: activada.",
        monthly_off: "Autoevaluación mensual: desactivada.",
    },
    people: PeopleWords {
        title: "Las personas de mi vida",
        no_one_listed: "Todavía no hay nadie en mi lista.",
        no_answers: "Todavía no hay respuestas.",
        circle: "Mi círculo",
        circle_saved_on: "Tal como lo guardé el {day}",
        no_circle: "Todavía no he guardado un círculo.",
        no_one: "Nadie",
        as_of: "A fecha de {day}",
        ring_closest: "Muy cerca",
        ring_close: "Cerca",
        ring_further_out: "Más lejos",
        partner: "pareja",
        parent: "madre o padre",
        child: "hija o hijo",
        sibling: "hermana o hermano",
        friend: "amistad",
        colleague: "colega",
        other: "otra relación",
        fit_yes: "Sí",
        fit_partly: "En parte",
        fit_no: "No",
        fit_not_sure: "No lo sé",
        q_contact_often: "Cada cuánto tenemos contacto",
        q_good: "Qué tiene de bueno la relación",
        q_hard: "Qué tiene de difícil la relación",
        q_i_expect: "Qué espero de esa persona",
        q_they_expect: "Qué creo que espera de mí",
        q_expectations_fit: "Cuánto encajan nuestras expectativas",
        q_would_change: "Qué me gustaría cambiar",
    },
    safety_plan: SafetyPlanWords {
        title: "Mi plan de seguridad",
        intro: "Un plan hecho en un día más tranquilo, para usarlo cuando las cosas se pongan \
                difíciles.",
        warning_signs: "1. Mis señales de alerta",
        coping: "2. Cosas que puedo hacer por mi cuenta",
        distractions: "3. Personas y lugares que me ayudan a despejarme",
        helpers: "4. Personas a las que puedo pedir ayuda",
        professionals: "5. Profesionales y líneas de crisis",
        one_line: "Una línea de crisis donde estoy:",
        by_country: "Líneas de crisis, por país:",
        other_countries: "Los demás países aparecen en “Necesito ayuda ahora”, en la app.",
        safer_surroundings: "6. Hacer más seguro mi entorno",
        reason_for_living: "Una razón para vivir, con mis palabras",
        australia: "Australia",
        canada: "Canadá",
        spain: "España",
        united_kingdom: "Reino Unido",
        ireland: "Irlanda",
        mexico: "México",
        united_states: "Estados Unidos",
        reach_chat: "llamada, mensaje de texto o chat, a cualquier hora",
        reach_text: "llamada o mensaje de texto, a cualquier hora",
        reach_free: "llamada gratuita, a cualquier hora",
        reach_call: "llamada a cualquier hora",
        crisis_line: "{country}: {line}, {number} ({how}). Emergencias: {emergency}",
        or: " o ",
    },
    practice: PracticeWords {
        other_person: "la otra persona",
        tip_start: "Dilo una vez en voz alta antes de escribirlo. Empieza por cómo te sientes o \
                    por lo que te gustaría.",
        tip_open: "Te está escuchando. Pide algo breve y concreto: es más fácil decir que sí a \
                   una sola petición.",
        tip_tense: "La conversación se puso tensa. Puedes ir más despacio, decir lo que sientes \
                    y volver a lo que quieres.",
        tip_distant: "El momento se te escapa. Puedes volver a intentarlo, de forma más directa.",
        end_open: "Lo que dijiste le llegó.",
        end_open_reflection: "Unas palabras claras y amables le dieron espacio a la \
                              conversación. ¿Qué te guardarías para la de verdad?",
        end_mixed: "Avanzaste una parte del camino.",
        end_mixed_reflection: "Las conversaciones reales muchas veces son así. Fíjate en qué \
                               palabras ayudaron y cuáles lo complicaron.",
        end_stuck: "La conversación terminó sin que cambiara mucho.",
        end_stuck_reflection: "Eso pasa, al ensayar y en la vida. Puedes repetir el ensayo y \
                               probar de otra manera.",
    },
    export: ExportWords {
        heading: "# Mi diario",
        intro: "Exportado desde IPT Companion el {day}. **Este archivo no está cifrado**: \
                cualquier persona que pueda abrirlo puede leerlo. No incluye las entradas de la \
                papelera.",
        mood: "- Ánimo: {mood} de 10",
        feelings: "- Emociones: {list}",
        tags: "- Etiquetas: {list}",
        pinned: "- Para llevar a mi próxima sesión",
        someone: "alguien",
        with: "### Con {who}",
        worth_bringing: "*Vale la pena llevarlo a mi próxima sesión.*",
        emotions: EmotionWords {
            sad: "tristeza",
            lonely: "soledad",
            hurt: "dolor",
            anxious: "ansiedad",
            overwhelmed: "agobio",
            angry: "enojo",
            frustrated: "frustración",
            guilty: "culpa",
            ashamed: "vergüenza",
            numb: "vacío",
            tired: "cansancio",
            calm: "calma",
            content: "satisfacción",
            hopeful: "esperanza",
            grateful: "gratitud",
            relieved: "alivio",
            loved: "cariño",
            proud: "orgullo",
        },
    },
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fill_replaces_named_placeholders_once() {
        assert_eq!(
            fill(
                "{line} (with {person})",
                &[("line", "a {person}"), ("person", "Jo")]
            ),
            "a {person} (with Jo)"
        );
        assert_eq!(fill("{x} and {", &[]), "{x} and {");
        assert_eq!(placeholders("Session {n}, {day}"), ["n", "day"]);
    }

    #[test]
    fn english_dates_read_as_chrono_wrote_them() {
        let en = texts(Language::En);
        for d in NaiveDate::from_ymd_opt(2026, 1, 1)
            .expect("date")
            .iter_days()
            .take(400)
        {
            for (style, format) in [
                (DateStyle::Short, "%a, %b %-d, %Y"),
                (DateStyle::DayMonth, "%b %-d"),
                (DateStyle::WeekdayDayMonth, "%a, %b %-d"),
                (DateStyle::Long, "%B %-d, %Y"),
                (DateStyle::WeekdayLong, "%A, %B %-d, %Y"),
            ] {
                assert_eq!(en.date(d, style), d.format(format).to_string());
            }
        }
    }

    #[test]
    fn spanish_dates_use_spanish_names() {
        let es = texts(Language::Es);
        let d = NaiveDate::from_ymd_opt(2026, 11, 24).expect("date");
        assert_eq!(
            es.date(d, DateStyle::WeekdayLong),
            "martes, 24 de noviembre de 2026"
        );
        assert_eq!(es.date(d, DateStyle::Long), "24 de noviembre de 2026");
        assert_eq!(es.date(d, DateStyle::Short), "mar 24 nov 2026");
        assert_eq!(es.date(d, DateStyle::DayMonth), "24 nov");
        assert_eq!(es.date(d, DateStyle::WeekdayDayMonth), "mar 24 nov");
        assert_eq!(es.day("not a day", DateStyle::Long), "not a day");
    }
}
