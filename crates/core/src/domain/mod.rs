//! Plain types of the patient's world and the pure rules about them (no storage, no I/O).

pub mod agenda;
pub mod appearance;
pub mod backup;
pub mod checkins;
pub mod circle;
pub mod course;
pub mod crisis_lines;
pub mod discretion;
pub mod ending;
pub mod fhir;
pub mod import_history;
pub mod journal;
pub mod language;
pub mod people;
pub mod person_page;
pub mod plans;
pub mod practice;
pub mod reminders;
pub mod safety_plan;
pub mod summary;
pub mod text;
pub mod texts;
pub mod time;
