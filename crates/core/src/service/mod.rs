//! The use cases the UI calls, one module per feature (same name as the Tauri command module and
//! the UI feature folder).

pub mod course;
pub mod journal;
pub mod vault;
