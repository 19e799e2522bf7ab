//! Plain types of the patient's world and the pure rules about them (no storage, no I/O).

pub mod agenda;
pub mod checkins;
pub mod course;
pub mod discretion;
pub mod journal;
pub mod people;
pub mod plans;
pub mod practice;
pub mod reminders;
pub mod safety_plan;
pub mod text;
pub mod time;
