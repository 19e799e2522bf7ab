//! Tauri commands: thin adapters that unpack state, call `ipt_core::service` and map the error to
//! `{code, message}`. One module per feature, named as in the core and the UI.

pub mod agenda;
pub mod course;
pub mod journal;
pub mod plans;
pub mod practice;
pub mod reminders;
pub mod vault;

use ipt_core::IpcError;

/// The `{code, message}` shape every command error takes over IPC.
pub(crate) fn ipc<T>(r: ipt_core::Result<T>) -> Result<T, IpcError> {
    r.map_err(IpcError::from)
}
