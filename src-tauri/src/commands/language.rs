use ipt_core::IpcError;
use ipt_core::domain::language::{Language, LanguageSettings};
use ipt_core::service::language;
use tauri::State;

use super::{Arg, ipc};
use crate::AppState;

type Res<T> = Result<T, IpcError>;

#[tauri::command]
pub async fn language_get(state: State<'_, AppState>) -> Res<LanguageSettings> {
    Ok(language::get(state.vault()?))
}

#[tauri::command]
pub async fn language_set(
    state: State<'_, AppState>,
    language: Arg<Language>,
) -> Res<LanguageSettings> {
    ipc(language::set(state.vault()?, language.0))
}
