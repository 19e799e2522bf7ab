//! The use cases the UI calls, one module per feature (same name as the Tauri command module and
//! the UI feature folder).

pub mod agenda;
pub mod appearance;
pub mod backup;
pub mod checkins;
pub mod circle;
pub mod course;
pub mod crisis_lines;
pub mod discretion;
pub mod ending;
pub mod erase;
pub mod export;
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
pub mod vault;
