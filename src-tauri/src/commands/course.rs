use ipt_core::IpcError;
use ipt_core::domain::course::{
    Course, CourseCards, CourseFocus, CourseInput, CourseOverview, SessionRecord, TimelineSession,
};
use ipt_core::service::course;
use tauri::State;

use super::{Arg, ipc};
use crate::AppState;

type Res<T> = Result<T, IpcError>;

#[tauri::command]
pub async fn course_get(state: State<'_, AppState>) -> Res<Option<Course>> {
    ipc(course::get_course(state.vault()?).await)
}

#[tauri::command]
pub async fn course_save(state: State<'_, AppState>, input: Arg<CourseInput>) -> Res<Course> {
    ipc(course::save_course(state.vault()?, input.0).await)
}

#[tauri::command]
pub async fn course_overview(
    state: State<'_, AppState>,
    today: Arg<String>,
) -> Res<Option<CourseOverview>> {
    ipc(course::course_overview(state.vault()?, today.0).await)
}

#[tauri::command]
pub async fn course_get_cards(state: State<'_, AppState>) -> Res<CourseCards> {
    ipc(course::get_cards(state.vault()?).await)
}

#[tauri::command]
pub async fn course_save_cards(
    state: State<'_, AppState>,
    cards: Arg<CourseCards>,
) -> Res<CourseCards> {
    ipc(course::save_cards(state.vault()?, cards.0).await)
}

#[tauri::command]
pub async fn course_get_focus(state: State<'_, AppState>) -> Res<Vec<CourseFocus>> {
    ipc(course::get_focus(state.vault()?).await)
}

#[tauri::command]
pub async fn course_save_focus(
    state: State<'_, AppState>,
    focus: Arg<Vec<CourseFocus>>,
) -> Res<Vec<CourseFocus>> {
    ipc(course::save_focus(state.vault()?, focus.0).await)
}

#[tauri::command]
pub async fn course_sessions(state: State<'_, AppState>) -> Res<Vec<SessionRecord>> {
    ipc(course::list_sessions(state.vault()?).await)
}

#[tauri::command]
pub async fn course_save_session(
    state: State<'_, AppState>,
    record: Arg<SessionRecord>,
) -> Res<SessionRecord> {
    ipc(course::save_session(state.vault()?, record.0).await)
}

#[tauri::command]
pub async fn course_timeline(
    state: State<'_, AppState>,
    today: Arg<String>,
) -> Res<Vec<TimelineSession>> {
    ipc(course::course_timeline(state.vault()?, today.0).await)
}
