//! Check-ins: the PHQ-9 and GAD-7 questionnaires as published, and their scoring. Pure rules, no
//! storage.
//!
//! A score is what the instrument adds up to and the band scores like it usually fall in; it is
//! never a diagnosis. Both instruments are free to reproduce, and their wording is shown exactly.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::course::{Course, SessionRecord};
use crate::domain::language::Language;
use crate::error::{Error, Result};

/// The highest answer to any item (and to the PHQ-9's difficulty question).
pub const MAX_ANSWER: u8 = 3;
/// At most this many unanswered items still give a (prorated) total.
pub const MAX_UNANSWERED: usize = 2;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Questionnaire {
    Phq9,
    Gad7,
}

impl Questionnaire {
    pub const ALL: [Questionnaire; 2] = [Questionnaire::Phq9, Questionnaire::Gad7];

    pub fn id(self) -> &'static str {
        match self {
            Questionnaire::Phq9 => "phq9",
            Questionnaire::Gad7 => "gad7",
        }
    }

    pub fn from_id(s: &str) -> Option<Self> {
        Questionnaire::ALL.into_iter().find(|q| q.id() == s)
    }

    fn items(self) -> &'static [&'static str] {
        match self {
            Questionnaire::Phq9 => &PHQ9_ITEMS,
            Questionnaire::Gad7 => &GAD7_ITEMS,
        }
    }

    pub fn item_count(self) -> usize {
        self.items().len()
    }

    /// The instrument as published: title, instructions, items, answer options and (PHQ-9 only)
    /// the difficulty question.
    pub fn text(self) -> QuestionnaireText {
        self.text_in(Language::En)
    }

    /// The instrument as published in a language (for Spanish, the published Spanish version).
    /// The title stays the instrument's name in every language.
    pub fn text_in(self, lang: Language) -> QuestionnaireText {
        let es = lang == Language::Es;
        let (title, instructions, items): (&str, &str, &[&str]) = match (self, es) {
            (Questionnaire::Phq9, false) => ("PHQ-9", PHQ9_INSTRUCTIONS, &PHQ9_ITEMS),
            (Questionnaire::Phq9, true) => ("PHQ-9", PHQ9_INSTRUCTIONS_ES, &PHQ9_ITEMS_ES),
            (Questionnaire::Gad7, false) => ("GAD-7", GAD7_INSTRUCTIONS, &GAD7_ITEMS),
            (Questionnaire::Gad7, true) => ("GAD-7", GAD7_INSTRUCTIONS_ES, &GAD7_ITEMS_ES),
        };
        let (options, difficulty, difficulty_options) = if es {
            (OPTIONS_ES, PHQ9_DIFFICULTY_ES, PHQ9_DIFFICULTY_OPTIONS_ES)
        } else {
            (OPTIONS, PHQ9_DIFFICULTY, PHQ9_DIFFICULTY_OPTIONS)
        };
        QuestionnaireText {
            kind: self,
            title: title.to_owned(),
            instructions: instructions.to_owned(),
            items: items.iter().map(|s| (*s).to_owned()).collect(),
            options: (0..)
                .zip(options)
                .map(|(value, label)| AnswerOption {
                    value,
                    label: label.to_owned(),
                })
                .collect(),
            difficulty: (self == Questionnaire::Phq9).then(|| DifficultyQuestion {
                question: difficulty.to_owned(),
                options: difficulty_options.iter().map(|s| (*s).to_owned()).collect(),
            }),
        }
    }
}

const PHQ9_INSTRUCTIONS: &str =
    "Over the last 2 weeks, how often have you been bothered by any of the following problems?";
const PHQ9_ITEMS: [&str; 9] = [
    "Little interest or pleasure in doing things",
    "Feeling down, depressed, or hopeless",
    "Trouble falling or staying asleep, or sleeping too much",
    "Feeling tired or having little energy",
    "Poor appetite or overeating",
    "Feeling bad about yourself — or that you are a failure or have let yourself or your family down",
    "Trouble concentrating on things, such as reading the newspaper or watching television",
    "Moving or speaking so slowly that other people could have noticed? Or the opposite — being so fidgety or restless that you have been moving around a lot more than usual",
    "Thoughts that you would be better off dead or of hurting yourself in some way",
];
const PHQ9_DIFFICULTY: &str = "If you checked off any problems, how difficult have these problems made it for you to do your work, take care of things at home, or get along with other people?";
const PHQ9_DIFFICULTY_OPTIONS: [&str; 4] = [
    "Not difficult at all",
    "Somewhat difficult",
    "Very difficult",
    "Extremely difficult",
];
const GAD7_INSTRUCTIONS: &str =
    "Over the last 2 weeks, how often have you been bothered by the following problems?";
const GAD7_ITEMS: [&str; 7] = [
    "Feeling nervous, anxious or on edge",
    "Not being able to stop or control worrying",
    "Worrying too much about different things",
    "Trouble relaxing",
    "Being so restless that it is hard to sit still",
    "Becoming easily annoyed or irritable",
    "Feeling afraid as if something awful might happen",
];
/// Both instruments share the answer options, valued 0–3.
const OPTIONS: [&str; 4] = [
    "Not at all",
    "Several days",
    "More than half the days",
    "Nearly every day",
];

// The published Spanish versions, reproduced as published (with their "usted" form and their
// "(a)" endings): the PHQ-9 and GAD-7 in Spanish for the USA, from Pfizer's PHQ Screeners
// (phqscreeners.com), developed by Drs. Robert L. Spitzer, Janet B.W. Williams, Kurt Kroenke and
// colleagues, with an educational grant from Pfizer Inc. No permission is required to reproduce
// them. The title stays "PHQ-9" / "GAD-7".
const PHQ9_INSTRUCTIONS_ES: &str = "Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los siguientes problemas?";
const PHQ9_ITEMS_ES: [&str; 9] = [
    "Poco interés o placer en hacer cosas",
    "Se ha sentido decaído(a), deprimido(a) o sin esperanzas",
    "Ha tenido dificultad para quedarse o permanecer dormido(a), o ha dormido demasiado",
    "Se ha sentido cansado(a) o con poca energía",
    "Sin apetito o ha comido en exceso",
    "Se ha sentido mal con usted mismo(a) – o que es un fracaso o que ha quedado mal con usted mismo(a) o con su familia",
    "Ha tenido dificultad para concentrarse en ciertas actividades, tales como leer el periódico o ver la televisión",
    "¿Se ha movido o hablado tan lento que otras personas podrían haberlo notado? o lo contrario – muy inquieto(a) o agitado(a) que ha estado moviéndose mucho más de lo normal",
    "Pensamientos de que estaría mejor muerto(a) o de lastimarse de alguna manera",
];
const PHQ9_DIFFICULTY_ES: &str = "Si marcó cualquiera de los problemas, ¿qué tanta dificultad le han dado estos problemas para hacer su trabajo, encargarse de las tareas del hogar, o llevarse bien con otras personas?";
const PHQ9_DIFFICULTY_OPTIONS_ES: [&str; 4] = [
    "No ha sido difícil",
    "Un poco difícil",
    "Muy difícil",
    "Extremadamente difícil",
];
const GAD7_INSTRUCTIONS_ES: &str = "Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a los siguientes problemas?";
const GAD7_ITEMS_ES: [&str; 7] = [
    "Se ha sentido nervioso(a), ansioso(a) o con los nervios de punta",
    "No ha sido capaz de parar o controlar su preocupación",
    "Se ha preocupado demasiado por motivos diferentes",
    "Ha tenido dificultad para relajarse",
    "Se ha sentido tan inquieto(a) que no ha podido quedarse quieto(a)",
    "Se ha molestado o irritado fácilmente",
    "Ha tenido miedo de que algo terrible fuera a pasar",
];
/// Both Spanish instruments share the answer options, valued 0–3.
const OPTIONS_ES: [&str; 4] = [
    "Ningún día",
    "Varios días",
    "Más de la mitad de los días",
    "Casi todos los días",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct AnswerOption {
    pub value: u8,
    pub label: String,
}

/// The PHQ-9's closing question: kept with the check-in, never scored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct DifficultyQuestion {
    pub question: String,
    /// Valued 0–3 in this order.
    pub options: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct QuestionnaireText {
    pub kind: Questionnaire,
    pub title: String,
    pub instructions: String,
    pub items: Vec<String>,
    pub options: Vec<AnswerOption>,
    pub difficulty: Option<DifficultyQuestion>,
}

/// What the questionnaire form sends.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CheckInInput {
    pub kind: Questionnaire,
    /// One per item, in order; `null` is unanswered (never the same as 0).
    pub answers: Vec<Option<u8>>,
    /// The PHQ-9's difficulty question (0–3), if answered.
    pub difficulty: Option<u8>,
}

impl CheckInInput {
    /// The messages are for developers: the form only ever sends answers it offered.
    pub fn validate(&self) -> Result<()> {
        let n = self.kind.item_count();
        if self.answers.len() != n {
            return Err(Error::invalid(format!(
                "a {} check-in has {n} answers, not {}",
                self.kind.id(),
                self.answers.len()
            )));
        }
        if self.answers.iter().flatten().any(|&a| a > MAX_ANSWER) {
            return Err(Error::invalid("an answer must be between 0 and 3"));
        }
        match (self.kind, self.difficulty) {
            (_, None) => Ok(()),
            (Questionnaire::Gad7, Some(_)) => {
                Err(Error::invalid("the GAD-7 has no difficulty question"))
            }
            (Questionnaire::Phq9, Some(d)) if d > MAX_ANSWER => Err(Error::invalid(
                "the difficulty answer must be between 0 and 3",
            )),
            (Questionnaire::Phq9, Some(_)) => Ok(()),
        }
    }
}

/// The published severity bands. The GAD-7 has no "moderately severe": 15–21 is severe.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum Band {
    Minimal,
    Mild,
    Moderate,
    ModeratelySevere,
    Severe,
}

impl Band {
    /// The band a total falls in: PHQ-9 0–4, 5–9, 10–14, 15–19, 20–27; GAD-7 0–4, 5–9, 10–14,
    /// 15–21.
    pub fn of(kind: Questionnaire, score: u8) -> Band {
        match (kind, score) {
            (_, 0..=4) => Band::Minimal,
            (_, 5..=9) => Band::Mild,
            (_, 10..=14) => Band::Moderate,
            (Questionnaire::Phq9, 15..=19) => Band::ModeratelySevere,
            _ => Band::Severe,
        }
    }
}

/// The total of `answers`, and whether it was prorated. With at most two unanswered items the
/// total is the mean of the answered items times the item count, rounded half away from zero;
/// with more there is no total. An unanswered item never counts as 0.
pub fn total(answers: &[Option<u8>]) -> (Option<u8>, bool) {
    let answered: Vec<u32> = answers.iter().flatten().map(|&a| u32::from(a)).collect();
    let missing = answers.len() - answered.len();
    if missing > MAX_UNANSWERED || answered.is_empty() {
        return (None, missing > 0);
    }
    let (sum, n, k) = (
        answered.iter().sum::<u32>(),
        answers.len() as u32,
        answered.len() as u32,
    );
    // sum × n / k rounded half up, in integers (all values are positive, so half up is half away
    // from zero, and no float can land a hair below .5).
    let score = (2 * sum * n + k) / (2 * k);
    (u8::try_from(score).ok(), missing > 0)
}

/// One check-in as the patient sees it, scored from its stored answers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CheckIn {
    #[ts(type = "number")]
    pub id: i64,
    pub kind: Questionnaire,
    /// UTC, RFC 3339.
    pub taken_at: String,
    pub answers: Vec<Option<u8>>,
    /// The PHQ-9's difficulty answer: kept, not scored.
    pub difficulty: Option<u8>,
    /// No total when more than two items were left unanswered.
    pub score: Option<u8>,
    /// Some items were unanswered: with at most two, the total was scaled up from the others.
    pub prorated: bool,
    pub band: Option<Band>,
    /// The PHQ-9's ninth answer (thoughts of being better off dead or of hurting oneself), kept
    /// apart so that any answer above 0 can be shown with help beside it.
    pub item9: Option<u8>,
}

impl CheckIn {
    /// Scores answers as stored; the one place the rules above are applied.
    pub fn scored(id: i64, taken_at: String, input: CheckInInput) -> CheckIn {
        let (score, prorated) = total(&input.answers);
        let item9 = match input.kind {
            Questionnaire::Phq9 => input.answers.get(8).copied().flatten(),
            Questionnaire::Gad7 => None,
        };
        CheckIn {
            id,
            kind: input.kind,
            taken_at,
            band: score.map(|s| Band::of(input.kind, s)),
            score,
            prorated,
            item9,
            answers: input.answers,
            difficulty: input.difficulty,
        }
    }
}

/// How often the app offers a check-in in the days before a session. Check-ins can always be
/// taken on request, whatever this says.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub enum InvitationFrequency {
    #[default]
    EverySession,
    /// Odd-numbered sessions, and always the first and the last.
    EveryOtherSession,
    Off,
}

/// The patient's check-in choices, kept in the vault.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CheckInInvitationSettings {
    pub frequency: InvitationFrequency,
    /// The form shows one question at a time instead of all of them.
    #[serde(default)]
    pub one_at_a_time: bool,
}

/// "Before session 5 on Tuesday: a short check-in?"
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct CheckInInvitation {
    #[ts(type = "number")]
    pub session_number: i64,
    /// `YYYY-MM-DD`, the patient's local date.
    pub session_date: String,
}

/// The invitation shows from this many days before the session through the session day itself.
pub const INVITATION_DAYS_BEFORE: u64 = 3;

/// Whether to offer a check-in today (the patient's local date), and for which session.
///
/// Offered in the few days before the next session (from [`INVITATION_DAYS_BEFORE`] days before
/// through the day itself), unless a check-in (either questionnaire) was already taken in that
/// window — or, when the last recorded session is later than the window's first day, since the
/// day after it (a check-in on that session's day belongs to that session) — unless the patient
/// said "not this time" for that session, and as often as the patient chose: every other session
/// means the odd-numbered ones, and always the first and the last. Nothing without a course or
/// once it is complete.
pub fn invitation(
    course: Option<&Course>,
    records: &[SessionRecord],
    today: NaiveDate,
    check_in_days: &[NaiveDate],
    settings: &CheckInInvitationSettings,
    dismissed: Option<i64>,
) -> Option<CheckInInvitation> {
    let course = course?;
    let (number, date) = course.next_session(today, records)?;
    let invited = match settings.frequency {
        InvitationFrequency::Off => false,
        InvitationFrequency::EverySession => true,
        // The first session is odd too.
        InvitationFrequency::EveryOtherSession => {
            number % 2 == 1 || number == course.planned_sessions
        }
    };
    if !invited || dismissed == Some(number) {
        return None;
    }
    let mut from = date.checked_sub_days(Days::new(INVITATION_DAYS_BEFORE))?;
    if today < from || today > date {
        return None;
    }
    let last_held = records
        .iter()
        .filter_map(|r| NaiveDate::parse_from_str(&r.held_on, "%Y-%m-%d").ok())
        .max();
    if let Some(after) = last_held.and_then(|d| d.succ_opt()) {
        from = from.max(after);
    }
    if check_in_days.iter().any(|d| *d >= from) {
        return None;
    }
    Some(CheckInInvitation {
        session_number: number,
        session_date: date.format("%Y-%m-%d").to_string(),
    })
}

// ---- Export ---------------------------------------------------------------------------------

/// One check-in as the export carries it: the answers only (scores are computed on reading).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportedCheckIn {
    pub uid: String,
    pub kind: Questionnaire,
    /// UTC, RFC 3339.
    pub taken_at: String,
    pub answers: Vec<Option<u8>>,
    pub difficulty: Option<u8>,
}

impl ExportedCheckIn {
    /// Checks the answers by the same rules as the questionnaire form.
    pub fn validate(&self) -> Result<CheckInInput> {
        crate::domain::text::check_uid(&self.uid)?;
        chrono::DateTime::parse_from_rfc3339(&self.taken_at).map_err(|_| {
            Error::new(
                crate::error::ErrorCode::InvalidDate,
                "a check-in's time could not be read",
            )
        })?;
        let input = CheckInInput {
            kind: self.kind,
            answers: self.answers.clone(),
            difficulty: self.difficulty,
        };
        input.validate()?;
        Ok(input)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(kind: Questionnaire, answers: &[Option<u8>], difficulty: Option<u8>) -> CheckInInput {
        CheckInInput {
            kind,
            answers: answers.to_vec(),
            difficulty,
        }
    }

    fn scored(kind: Questionnaire, answers: &[Option<u8>]) -> CheckIn {
        let i = input(kind, answers, None);
        i.validate().expect("valid");
        CheckIn::scored(1, "2026-11-24T16:00:00.000Z".into(), i)
    }

    /// Answers adding up to `total` with every item answered.
    fn answers_for(kind: Questionnaire, total: u8) -> Vec<Option<u8>> {
        let mut left = total;
        (0..kind.item_count())
            .map(|_| {
                let a = left.min(MAX_ANSWER);
                left -= a;
                Some(a)
            })
            .collect()
    }

    #[test]
    fn ids_round_trip() {
        for q in Questionnaire::ALL {
            assert_eq!(Questionnaire::from_id(q.id()), Some(q));
        }
        assert_eq!(Questionnaire::from_id("bdi"), None);
        assert_eq!(
            serde_json::to_string(&Questionnaire::Phq9).expect("json"),
            "\"phq9\""
        );
        assert_eq!(
            serde_json::to_string(&Band::ModeratelySevere).expect("json"),
            "\"moderatelySevere\""
        );
    }

    #[test]
    fn phq9_bands_at_every_boundary() {
        use Band::*;
        for (score, band) in [
            (0, Minimal),
            (4, Minimal),
            (5, Mild),
            (9, Mild),
            (10, Moderate),
            (14, Moderate),
            (15, ModeratelySevere),
            (19, ModeratelySevere),
            (20, Severe),
            (27, Severe),
        ] {
            assert_eq!(Band::of(Questionnaire::Phq9, score), band, "PHQ-9 {score}");
            let c = scored(
                Questionnaire::Phq9,
                &answers_for(Questionnaire::Phq9, score),
            );
            assert_eq!(
                (c.score, c.band, c.prorated),
                (Some(score), Some(band), false)
            );
        }
    }

    #[test]
    fn gad7_bands_at_every_boundary_and_no_moderately_severe() {
        use Band::*;
        for (score, band) in [
            (0, Minimal),
            (4, Minimal),
            (5, Mild),
            (9, Mild),
            (10, Moderate),
            (14, Moderate),
            (15, Severe),
            (19, Severe),
            (20, Severe),
            (21, Severe),
        ] {
            assert_eq!(Band::of(Questionnaire::Gad7, score), band, "GAD-7 {score}");
            let c = scored(
                Questionnaire::Gad7,
                &answers_for(Questionnaire::Gad7, score),
            );
            assert_eq!(
                (c.score, c.band, c.prorated),
                (Some(score), Some(band), false)
            );
        }
    }

    #[test]
    fn one_unanswered_item_is_prorated() {
        let mut a = vec![Some(2); 8];
        a.push(None);
        let c = scored(Questionnaire::Phq9, &a);
        assert_eq!(c.score, Some(18), "mean 2 × 9 items");
        assert!(c.prorated);
        assert_eq!(c.band, Some(Band::ModeratelySevere));
        assert_eq!(c.item9, None, "an unanswered item 9 is not a 0");
    }

    #[test]
    fn two_unanswered_items_are_prorated_and_rounded_half_away_from_zero() {
        // GAD-7: 5 answered, sum 6 → 6 / 5 × 7 = 8.4 → 8.
        let c = scored(
            Questionnaire::Gad7,
            &[Some(1), None, Some(2), Some(1), None, Some(1), Some(1)],
        );
        assert_eq!((c.score, c.prorated), (Some(8), true));
        // PHQ-9: 7 answered, sum 14 → 14 / 7 × 9 = 18.
        let c = scored(
            Questionnaire::Phq9,
            &[
                Some(2),
                Some(2),
                None,
                Some(2),
                Some(2),
                Some(2),
                None,
                Some(2),
                Some(2),
            ],
        );
        assert_eq!((c.score, c.prorated), (Some(18), true));
        // PHQ-9: 8 answered, sum 4 → 4.5 → 5: the half goes up, into the next band.
        let c = scored(
            Questionnaire::Phq9,
            &[
                Some(1),
                Some(1),
                Some(1),
                Some(1),
                Some(0),
                Some(0),
                Some(0),
                Some(0),
                None,
            ],
        );
        assert_eq!((c.score, c.band), (Some(5), Some(Band::Mild)));
        // GAD-7: 6 answered, sum 3 → 3.5 → 4.
        let c = scored(
            Questionnaire::Gad7,
            &[Some(1), Some(1), Some(1), Some(0), Some(0), Some(0), None],
        );
        assert_eq!(c.score, Some(4));
    }

    #[test]
    fn more_than_two_unanswered_gives_no_total() {
        let c = scored(
            Questionnaire::Phq9,
            &[
                Some(3),
                Some(3),
                Some(3),
                None,
                None,
                None,
                Some(3),
                Some(3),
                Some(0),
            ],
        );
        assert_eq!((c.score, c.band), (None, None));
        assert!(c.prorated, "items were left out");
        assert_eq!(c.item9, Some(0));
        let c = scored(Questionnaire::Gad7, &[None; 7]);
        assert_eq!((c.score, c.band), (None, None));
    }

    #[test]
    fn an_unanswered_item_never_counts_as_zero() {
        // Counted as 0 this would be 9 (mild); prorated it is 9 / 8 × 9 = 10.1 → 10 (moderate).
        let a = [
            Some(2),
            Some(2),
            Some(2),
            Some(1),
            Some(1),
            Some(1),
            Some(0),
            Some(0),
            None,
        ];
        let c = scored(Questionnaire::Phq9, &a);
        assert_eq!((c.score, c.band), (Some(10), Some(Band::Moderate)));
        let zeroed: Vec<_> = a.iter().map(|x| Some(x.unwrap_or(0))).collect();
        assert_eq!(scored(Questionnaire::Phq9, &zeroed).score, Some(9));
    }

    #[test]
    fn item9_is_the_ninth_phq9_answer_only() {
        let mut a = vec![Some(0); 8];
        a.push(Some(2));
        assert_eq!(scored(Questionnaire::Phq9, &a).item9, Some(2));
        let c = scored(Questionnaire::Gad7, &[Some(3); 7]);
        assert_eq!(c.item9, None);
    }

    #[test]
    fn difficulty_is_kept_but_not_scored() {
        let a = answers_for(Questionnaire::Phq9, 12);
        let with = input(Questionnaire::Phq9, &a, Some(3));
        with.validate().expect("valid");
        let c = CheckIn::scored(1, String::new(), with);
        assert_eq!(c.difficulty, Some(3));
        assert_eq!(c.score, Some(12));
        assert_eq!(c.score, scored(Questionnaire::Phq9, &a).score);
    }

    #[test]
    fn bad_input_is_refused() {
        let code = |i: CheckInInput| i.validate().err().map(|e| e.code());
        let invalid = Some(crate::error::ErrorCode::InvalidInput);
        assert_eq!(
            code(input(Questionnaire::Phq9, &[Some(1); 8], None)),
            invalid
        );
        assert_eq!(
            code(input(Questionnaire::Phq9, &[Some(1); 10], None)),
            invalid
        );
        assert_eq!(
            code(input(Questionnaire::Gad7, &[Some(1); 9], None)),
            invalid
        );
        let mut four = vec![Some(0); 7];
        four[3] = Some(4);
        assert_eq!(code(input(Questionnaire::Gad7, &four, None)), invalid);
        assert_eq!(
            code(input(Questionnaire::Gad7, &[Some(1); 7], Some(0))),
            invalid,
            "the GAD-7 has no difficulty question"
        );
        assert_eq!(
            code(input(Questionnaire::Phq9, &[Some(1); 9], Some(4))),
            invalid
        );
        // The edges of what is allowed.
        assert_eq!(
            code(input(Questionnaire::Phq9, &[Some(3); 9], Some(3))),
            None
        );
        assert_eq!(code(input(Questionnaire::Gad7, &[None; 7], None)), None);
    }

    #[test]
    fn the_texts_are_the_published_wording() {
        let phq = Questionnaire::Phq9.text();
        assert_eq!(phq.kind, Questionnaire::Phq9);
        assert_eq!(phq.title, "PHQ-9");
        assert_eq!(
            phq.instructions,
            "Over the last 2 weeks, how often have you been bothered by any of the following problems?"
        );
        assert_eq!(phq.items.len(), 9);
        assert_eq!(phq.items[0], "Little interest or pleasure in doing things");
        assert_eq!(
            phq.items[5],
            "Feeling bad about yourself — or that you are a failure or have let yourself or your family down"
        );
        assert_eq!(
            phq.items[7],
            "Moving or speaking so slowly that other people could have noticed? Or the opposite — \
             being so fidgety or restless that you have been moving around a lot more than usual"
        );
        assert_eq!(
            phq.items[8],
            "Thoughts that you would be better off dead or of hurting yourself in some way"
        );
        let options: Vec<(u8, &str)> = phq
            .options
            .iter()
            .map(|o| (o.value, o.label.as_str()))
            .collect();
        assert_eq!(
            options,
            [
                (0, "Not at all"),
                (1, "Several days"),
                (2, "More than half the days"),
                (3, "Nearly every day"),
            ]
        );
        let d = phq.difficulty.expect("the PHQ-9 asks about difficulty");
        assert_eq!(
            d.question,
            "If you checked off any problems, how difficult have these problems made it for you to \
             do your work, take care of things at home, or get along with other people?"
        );
        assert_eq!(
            d.options,
            [
                "Not difficult at all",
                "Somewhat difficult",
                "Very difficult",
                "Extremely difficult"
            ]
        );

        let gad = Questionnaire::Gad7.text();
        assert_eq!(gad.kind, Questionnaire::Gad7);
        assert_eq!(gad.title, "GAD-7");
        assert_eq!(
            gad.instructions,
            "Over the last 2 weeks, how often have you been bothered by the following problems?"
        );
        assert_eq!(
            gad.items,
            [
                "Feeling nervous, anxious or on edge",
                "Not being able to stop or control worrying",
                "Worrying too much about different things",
                "Trouble relaxing",
                "Being so restless that it is hard to sit still",
                "Becoming easily annoyed or irritable",
                "Feeling afraid as if something awful might happen",
            ]
        );
        assert_eq!(gad.options, phq.options, "the same four options");
        assert_eq!(gad.difficulty, None);
    }

    mod invitation {
        use super::super::*;
        use crate::domain::course::{CourseFormat, CourseInput};

        /// Twelve weekly sessions on Tuesdays from Tuesday 2026-11-03: session 4 is planned for
        /// Tuesday 2026-11-24, session 5 for 2026-12-01, session 12 for 2027-01-19.
        fn course() -> Course {
            CourseInput {
                start_date: "2026-11-03".into(),
                planned_sessions: 12,
                weekday: 1,
                session_time: "17:30".into(),
                format: CourseFormat::Individual,
                other_care: String::new(),
                therapist_name: String::new(),
                initial_last: None,
                termination_first: None,
            }
            .validate()
            .expect("course")
        }

        fn day(s: &str) -> NaiveDate {
            NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date")
        }

        fn held(number: i64, on: &str) -> SessionRecord {
            SessionRecord {
                number,
                held_on: on.into(),
                talked_about: String::new(),
                agreed: String::new(),
                notes: String::new(),
                mood: None,
            }
        }

        /// Sessions 1–`n` held on their planned Tuesdays.
        fn held_through(n: i64) -> Vec<SessionRecord> {
            let c = course();
            (1..=n)
                .map(|k| {
                    held(
                        k,
                        &c.planned_date(k)
                            .expect("planned")
                            .format("%Y-%m-%d")
                            .to_string(),
                    )
                })
                .collect()
        }

        fn every(frequency: InvitationFrequency) -> CheckInInvitationSettings {
            CheckInInvitationSettings {
                frequency,
                one_at_a_time: false,
            }
        }

        fn invite(
            records: &[SessionRecord],
            today: &str,
            check_ins: &[&str],
            frequency: InvitationFrequency,
            dismissed: Option<i64>,
        ) -> Option<(i64, String)> {
            let days: Vec<NaiveDate> = check_ins.iter().map(|d| day(d)).collect();
            invitation(
                Some(&course()),
                records,
                day(today),
                &days,
                &every(frequency),
                dismissed,
            )
            .map(|i| (i.session_number, i.session_date))
        }

        fn simple(records: &[SessionRecord], today: &str) -> Option<(i64, String)> {
            invite(records, today, &[], InvitationFrequency::EverySession, None)
        }

        fn session(n: i64, on: &str) -> Option<(i64, String)> {
            Some((n, on.to_owned()))
        }

        #[test]
        fn settings_default_to_every_session_all_questions_and_read_older_json() {
            let s = CheckInInvitationSettings::default();
            assert_eq!(s.frequency, InvitationFrequency::EverySession);
            assert!(!s.one_at_a_time);
            assert_eq!(
                serde_json::to_string(&every(InvitationFrequency::EveryOtherSession))
                    .expect("json"),
                r#"{"frequency":"everyOtherSession","oneAtATime":false}"#
            );
            let old: CheckInInvitationSettings =
                serde_json::from_str(r#"{"frequency":"off"}"#).expect("no oneAtATime");
            assert_eq!(old, every(InvitationFrequency::Off));
            assert!(
                serde_json::from_str::<CheckInInvitationSettings>(r#"{"frequency":"weekly"}"#)
                    .is_err()
            );
        }

        #[test]
        fn shows_from_three_days_before_through_the_session_day() {
            let r = held_through(3);
            assert_eq!(simple(&r, "2026-11-20"), None, "4 days before");
            assert_eq!(simple(&r, "2026-11-21"), session(4, "2026-11-24"), "3 days");
            assert_eq!(
                simple(&r, "2026-11-23"),
                session(4, "2026-11-24"),
                "the day before"
            );
            assert_eq!(
                simple(&r, "2026-11-24"),
                session(4, "2026-11-24"),
                "the day itself"
            );
            // The day after, unrecorded: the session is expected a week on, out of the window.
            assert_eq!(simple(&r, "2026-11-25"), None, "the day after");
            // The same boundaries without any record, on the weekly plan.
            assert_eq!(simple(&[], "2026-11-20"), None);
            assert_eq!(simple(&[], "2026-11-21"), session(4, "2026-11-24"));
            assert_eq!(simple(&[], "2026-11-24"), session(4, "2026-11-24"));
            assert_eq!(simple(&[], "2026-11-25"), None);
        }

        #[test]
        fn a_check_in_inside_the_window_answers_it_one_before_does_not() {
            let r = held_through(3);
            let ask = |check_ins: &[&str]| {
                invite(
                    &r,
                    "2026-11-23",
                    check_ins,
                    InvitationFrequency::EverySession,
                    None,
                )
            };
            assert_eq!(
                ask(&["2026-11-20"]),
                session(4, "2026-11-24"),
                "just before"
            );
            assert_eq!(ask(&["2026-11-17", "2026-11-10"]), session(4, "2026-11-24"));
            assert_eq!(ask(&["2026-11-21"]), None, "on the window's first day");
            assert_eq!(ask(&["2026-11-23"]), None, "today");
            assert_eq!(ask(&["2026-11-20", "2026-11-22"]), None);
        }

        #[test]
        fn a_session_recorded_inside_the_window_starts_it_the_day_after() {
            // Session 3 moved to Sunday 2026-11-22; session 4 is still on Tuesday the 24th. A
            // check-in on the 22nd was for session 3; one on the 23rd is for session 4.
            let r = vec![
                held(1, "2026-11-03"),
                held(2, "2026-11-10"),
                held(3, "2026-11-22"),
            ];
            let ask = |check_ins: &[&str]| {
                invite(
                    &r,
                    "2026-11-23",
                    check_ins,
                    InvitationFrequency::EverySession,
                    None,
                )
            };
            assert_eq!(ask(&[]), session(4, "2026-11-24"));
            assert_eq!(ask(&["2026-11-21"]), session(4, "2026-11-24"));
            assert_eq!(ask(&["2026-11-22"]), session(4, "2026-11-24"));
            assert_eq!(ask(&["2026-11-23"]), None);
        }

        #[test]
        fn not_this_time_holds_for_that_session_only() {
            let r = held_through(3);
            let ask = |today: &str, dismissed| {
                invite(&r, today, &[], InvitationFrequency::EverySession, dismissed)
            };
            assert_eq!(ask("2026-11-22", Some(4)), None);
            assert_eq!(ask("2026-11-22", Some(3)), session(4, "2026-11-24"));
            // Session 4 recorded: session 5 is invited even with 4 dismissed.
            let r = held_through(4);
            assert_eq!(
                invite(
                    &r,
                    "2026-11-29",
                    &[],
                    InvitationFrequency::EverySession,
                    Some(4)
                ),
                session(5, "2026-12-01")
            );
        }

        #[test]
        fn off_never_invites() {
            for (records, today) in [(held_through(3), "2026-11-24"), (vec![], "2026-11-01")] {
                assert_eq!(
                    invite(&records, today, &[], InvitationFrequency::Off, None),
                    None
                );
            }
        }

        #[test]
        fn every_other_session_means_odd_ones_and_always_the_first_and_last() {
            let other = |records: &[SessionRecord], today: &str| {
                invite(
                    records,
                    today,
                    &[],
                    InvitationFrequency::EveryOtherSession,
                    None,
                )
            };
            assert_eq!(
                other(&[], "2026-11-01"),
                session(1, "2026-11-03"),
                "the first"
            );
            assert_eq!(other(&held_through(1), "2026-11-09"), None, "session 2");
            assert_eq!(
                other(&held_through(2), "2026-11-16"),
                session(3, "2026-11-17")
            );
            assert_eq!(other(&held_through(3), "2026-11-23"), None, "session 4");
            assert_eq!(
                other(&held_through(4), "2026-11-30"),
                session(5, "2026-12-01")
            );
            assert_eq!(
                other(&held_through(10), "2027-01-11"),
                session(11, "2027-01-12")
            );
            assert_eq!(
                other(&held_through(11), "2027-01-18"),
                session(12, "2027-01-19"),
                "the last, though even"
            );
            // Every session asks before session 4 too.
            assert_eq!(
                simple(&held_through(3), "2026-11-23"),
                session(4, "2026-11-24")
            );
        }

        #[test]
        fn the_first_session_is_invited_before_the_course_starts() {
            assert_eq!(simple(&[], "2026-10-30"), None, "4 days before");
            assert_eq!(simple(&[], "2026-10-31"), session(1, "2026-11-03"));
            assert_eq!(simple(&[], "2026-11-03"), session(1, "2026-11-03"));
        }

        #[test]
        fn nothing_without_a_course_or_once_it_is_complete() {
            let s = every(InvitationFrequency::EverySession);
            assert_eq!(
                invitation(None, &[], day("2026-11-23"), &[], &s, None),
                None
            );
            // Every session recorded: complete, whatever the date.
            let all = held_through(12);
            assert_eq!(simple(&all, "2027-01-19"), None);
            assert_eq!(simple(&all, "2027-01-24"), None);
            // No records, and every planned date has passed.
            assert_eq!(simple(&[], "2027-01-20"), None);
            assert_eq!(simple(&[], "2027-03-01"), None);
        }
    }
}
