//! Tauri commands: thin adapters that unpack state, call `ipt_core::service` and map the error to
//! `{code, message}`. One module per feature, named as in the core and the UI.

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
pub mod plans;
pub mod practice;
pub mod reminders;
pub mod safety_plan;
pub mod summary;
pub mod vault;

use ipt_core::IpcError;
use serde::de::{DeserializeOwned, Error as _};
use serde::{Deserialize, Deserializer, Serialize};
use tauri::Runtime;
use tauri::ipc::{CommandArg, CommandItem, InvokeError};

/// The `{code, message}` shape every command error takes over IPC.
pub(crate) fn ipc<T>(r: ipt_core::Result<T>) -> Result<T, IpcError> {
    r.map_err(IpcError::from)
}

/// Every command argument the window sends. One that is missing or of the wrong type is answered
/// `{code: "InvalidInput", message}` like any other error, instead of Tauri's bare string (which
/// would also quote the value sent, and that may be the patient's text).
pub struct Arg<T>(pub T);

impl<'de, T: Deserialize<'de>, R: Runtime> CommandArg<'de, R> for Arg<T> {
    fn from_command(command: CommandItem<'de, R>) -> Result<Self, InvokeError> {
        let (name, key) = (command.name, command.key);
        T::deserialize(command)
            .map(Arg)
            .map_err(|_| InvokeError::from(IpcError::bad_argument(name, key)))
    }
}

/// A settings object that the window sends whole. The settings types fill a missing field with its
/// default (so that preferences saved by an older version still load); as an argument, that would
/// take `{}` or `{"typo": …}` as "every choice back to its default" and save it. Here every field
/// must be present, and no other.
pub struct Whole<T>(pub T);

impl<'de, T: DeserializeOwned + Serialize + Default> Deserialize<'de> for Whole<T> {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let sent = serde_json::Map::<String, serde_json::Value>::deserialize(d)?;
        let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(T::default()) else {
            return Err(D::Error::custom("not a settings object"));
        };
        if sent.len() != fields.len() || fields.keys().any(|k| !sent.contains_key(k)) {
            return Err(D::Error::custom(
                "every field of the settings, and no other",
            ));
        }
        serde_json::from_value(serde_json::Value::Object(sent))
            .map(Whole)
            .map_err(D::Error::custom)
    }
}
