//! IPT Companion's desktop shell. It owns the window and nothing else: every use case lives in
//! `ipt_core::service`, and commands only adapt it to IPC.

pub mod commands;
mod notify;

use std::sync::Arc;
use std::time::{Duration, Instant};

use ipt_core::IpcError;
use ipt_core::keys::keyring_store::OsKeyring;
use ipt_core::service::reminders::ReminderCache;
use ipt_core::service::vault::{KdfPolicy, VaultService, resolve_data_dir};
use tauri::{Emitter, Manager, Runtime};

/// Event sent to the window when the vault locks on its own (idle time reached).
pub const EVENT_VAULT_LOCKED: &str = "vault-locked";
const IDLE_CHECK_EVERY: Duration = Duration::from_secs(15);
/// How often the shell asks whether an automatic backup is due (it is made at most daily).
const BACKUP_CHECK_EVERY: Duration = Duration::from_secs(10 * 60);

/// The app's state: the vault service, or why it could not start (e.g. another copy of the app
/// already holds the data folder), which every command then reports.
pub struct AppState {
    vault: Result<VaultService, IpcError>,
    /// The reminder schedule, kept in memory so reminders still come while the vault is locked.
    pub reminders: ReminderCache,
}

impl AppState {
    pub fn new(vault: ipt_core::Result<VaultService>) -> Self {
        Self {
            vault: vault.map_err(IpcError::from),
            reminders: ReminderCache::new(),
        }
    }

    pub fn vault(&self) -> Result<&VaultService, IpcError> {
        self.vault.as_ref().map_err(Clone::clone)
    }
}

/// Registers the app's commands on a builder (the real one, or the mock one in tests).
pub fn with_commands<R: Runtime>(builder: tauri::Builder<R>) -> tauri::Builder<R> {
    use commands::agenda::*;
    use commands::appearance::*;
    use commands::backup::*;
    use commands::checkins::*;
    use commands::circle::*;
    use commands::course::*;
    use commands::crisis_lines::*;
    use commands::discretion::*;
    use commands::ending::*;
    use commands::erase::*;
    use commands::export::*;
    use commands::import_history::*;
    use commands::journal::*;
    use commands::language::*;
    use commands::people::*;
    use commands::plans::*;
    use commands::practice::*;
    use commands::reminders::*;
    use commands::safety_plan::*;
    use commands::summary::*;
    use commands::vault::*;
    builder.invoke_handler(tauri::generate_handler![
        vault_status,
        vault_probe_keyring,
        vault_create,
        vault_unlock_passphrase,
        vault_unlock_recovery,
        vault_unlock_keyring,
        vault_lock,
        vault_touch,
        vault_set_auto_lock,
        vault_confirm_recovery_saved,
        vault_change_passphrase,
        vault_new_recovery_code,
        vault_info,
        vault_integrity,
        vault_set_aside,
        vault_relink_keyring,
        vault_forget_keyring,
        journal_create,
        journal_update,
        journal_get,
        journal_list,
        journal_trash,
        journal_restore,
        journal_list_trash,
        journal_empty_trash,
        journal_save_draft,
        journal_get_draft,
        journal_discard_draft,
        journal_mood_by_day,
        people_list,
        people_list_all,
        people_get,
        people_save_inventory,
        people_archive,
        people_merge,
        people_delete,
        people_page,
        people_inventory_sheet,
        people_inventory_save_pdf,
        people_review_invitation,
        people_review_not_now,
        summary_default_period,
        summary_draft,
        summary_save_pdf,
        journal_tags,
        course_get,
        course_save,
        course_overview,
        course_get_cards,
        course_save_cards,
        course_get_focus,
        course_save_focus,
        course_sessions,
        course_save_session,
        course_timeline,
        plans_list,
        plans_create,
        plans_update,
        plans_record_outcome,
        plans_delete,
        agenda_get,
        agenda_add_question,
        agenda_remove_question,
        agenda_reorder,
        agenda_archived,
        agenda_save_pdf,
        reminders_get_settings,
        reminders_save_settings,
        reminders_due,
        reminders_notify,
        discretion_get,
        discretion_set,
        language_get,
        language_set,
        appearance_get,
        appearance_set,
        practice_library,
        practice_scenario,
        practice_custom_input,
        practice_save_scenario,
        practice_start,
        practice_turn,
        practice_finish,
        practice_run,
        practice_runs,
        practice_plan_try,
        practice_analyses,
        practice_save_analysis,
        practice_delete_analysis,
        practice_decisions,
        practice_save_decision,
        practice_delete_decision,
        checkins_questionnaire,
        checkins_save,
        checkins_list,
        checkins_invitation,
        checkins_invitation_settings_get,
        checkins_invitation_settings_save,
        checkins_invitation_dismiss,
        checkins_export_fhir,
        safety_plan_get,
        safety_plan_save,
        safety_plan_copy_get,
        safety_plan_copy_set,
        safety_plan_save_pdf,
        crisis_lines_settings_get,
        crisis_lines_settings_set,
        backup_status,
        backup_list,
        backup_now,
        backup_set_folder,
        backup_preview,
        backup_restore,
        circle_snapshots,
        circle_save,
        circle_compare,
        export_write,
        import_preview,
        import_apply,
        import_history_preview_daylio,
        import_history_apply_daylio,
        import_history_preview_folder,
        import_history_apply_folder,
        erase_everything,
        ending_plan_get,
        ending_plan_save,
        ending_plan_save_pdf,
        ending_review,
        ending_follow_up_due,
        ending_follow_up_save,
        ending_follow_ups_list,
    ])
}

/// Locks the vault once it has been idle for the patient's auto-lock time, and tells the window.
fn spawn_auto_lock<R: Runtime>(app: tauri::AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        loop {
            tokio::time::sleep(IDLE_CHECK_EVERY).await;
            let state = app.state::<AppState>();
            if let Ok(vault) = state.vault()
                && vault.lock_if_idle(Instant::now()).await
            {
                let _ = app.emit(EVENT_VAULT_LOCKED, ());
            }
        }
    });
}

/// Makes the automatic backup when one is due (after changes, at most daily, only while
/// unlocked). A failure is retried on the next round; Settings shows when the last good one was.
fn spawn_automatic_backups<R: Runtime>(app: tauri::AppHandle<R>) {
    tauri::async_runtime::spawn(async move {
        loop {
            tokio::time::sleep(BACKUP_CHECK_EVERY).await;
            let state = app.state::<AppState>();
            if let Ok(vault) = state.vault() {
                let _ = ipt_core::service::backup::automatic(vault, chrono::Utc::now()).await;
            }
        }
    });
}

/// The app's context (config, assets, capabilities), also used by the command tests so that they
/// run against the real capability file.
pub fn context<R: Runtime>() -> tauri::Context<R> {
    tauri::generate_context!()
}

pub fn run() {
    // The single-instance plugin goes first: a second launch focuses the first window and exits,
    // so two processes never share one vault. The data-folder lock in the core backs this up.
    let builder = tauri::Builder::default()
        .plugin(tauri_plugin_single_instance::init(|app, _argv, _cwd| {
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.show();
                let _ = w.set_focus();
            }
        }))
        // Reminders the patient turns on; the window sends them with content-free words.
        .plugin(tauri_plugin_notification::init())
        // The system's own file chooser, to pick a backup to restore and the folder for backups;
        // the app's commands then read only the path the patient chose.
        .plugin(tauri_plugin_dialog::init())
        .setup(|app| {
            let default_dir = app.path().app_data_dir()?;
            let dir = resolve_data_dir(&default_dir);
            let store = Arc::new(OsKeyring::new());
            let vault = VaultService::new(dir, store, KdfPolicy::Calibrate);
            // The window is titled as the patient chose before anything is unlocked.
            if let (Ok(v), Some(w)) = (&vault, app.get_webview_window("main")) {
                let _ = w.set_title(ipt_core::service::discretion::get(v).display_name());
            }
            app.manage(AppState::new(vault));
            spawn_auto_lock(app.handle().clone());
            spawn_automatic_backups(app.handle().clone());
            Ok(())
        });
    let app = with_commands(builder).build(context()).unwrap_or_else(|e| {
        eprintln!("IPT Companion could not start: {e}");
        std::process::exit(1);
    });
    app.run(|app, event| {
        // Quitting locks the vault: the log is folded into vault.db, the key is wiped, and no
        // check is left reading the file as the process ends.
        if let tauri::RunEvent::Exit = event
            && let Ok(vault) = app.state::<AppState>().vault()
        {
            tauri::async_runtime::block_on(vault.lock());
        }
    });
}
