use ipt_core::IpcError;
use ipt_core::domain::course::{
    Course, CourseCards, CourseFocus, CourseInput, CourseOverview, SessionRecord, TimelineSession,
};
use ipt_core::service::course;
use tauri::State;

use super::ipc;
use crate::AppState;

type Res<T> = Result<T, IpcError>;

#[tauri::command]
pub async fn course_get(state: State<'_, AppState>) -> Res<Option<Course>> {
    ipc(course::get_course(state.vault()?).await)
}

#[tauri::command]
pub async fn course_save(state: State<'_, AppState>, input: CourseInput) -> Res<Course> {
    ipc(course::save_course(state.vault()?, input).await)
}

#[tauri::command]
pub async fn course_overview(
    state: State<'_, AppState>,
    today: String,
) -> Res<Option<CourseOverview>> {
    ipc(course::course_overview(state.vault()?, today).await)
}

#[tauri::command]
pub async fn course_get_cards(state: State<'_, AppState>) -> Res<CourseCards> {
    ipc(course::get_cards(state.vault()?).await)
}

#[tauri::command]
pub async fn course_save_cards(state: State<'_, AppState>, cards: CourseCards) -> Res<CourseCards> {
    ipc(course::save_cards(state.vault()?, cards).await)
}

#[tauri::command]
pub async fn course_get_focus(state: State<'_, AppState>) -> Res<Vec<CourseFocus>> {
    ipc(course::get_focus(state.vault()?).await)
}

#[tauri::command]
pub async fn course_save_focus(
    state: State<'_, AppState>,
    focus: Vec<CourseFocus>,
) -> Res<Vec<CourseFocus>> {
    ipc(course::save_focus(state.vault()?, focus).await)
}

#[tauri::command]
pub async fn course_sessions(state: State<'_, AppState>) -> Res<Vec<SessionRecord>> {
    ipc(course::list_sessions(state.vault()?).await)
}

#[tauri::command]
pub async fn course_save_session(
    state: State<'_, AppState>,
    record: SessionRecord,
) -> Res<SessionRecord> {
    ipc(course::save_session(state.vault()?, record).await)
}

#[tauri::command]
pub async fn course_timeline(
    state: State<'_, AppState>,
    today: String,
) -> Res<Vec<TimelineSession>> {
    ipc(course::course_timeline(state.vault()?, today).await)
}
