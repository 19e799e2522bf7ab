//! IPT Companion core: the patient's data, kept encrypted, and the use cases the app offers.
//!
//! This crate never depends on tauri: the desktop shell is one thin transport over
//! [`service`]. Layout: [`keys`] (data key and key slots), [`storage`] (the SQLCipher vault and
//! repositories), [`service`] (use cases), [`error`] (one error type with stable codes).

pub mod domain;
pub mod error;
pub mod fsutil;
pub mod keys;
pub mod pdf;
pub mod service;
pub mod storage;
pub mod ts_types;

pub use error::{Error, ErrorCode, IpcError, Result};
