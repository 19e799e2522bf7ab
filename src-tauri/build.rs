// Lists the app's own commands so Tauri generates a permission for each; a command missing from
// this list cannot be called from the window at all, and one missing from the capability file is
// refused.
const COMMANDS: &[&str] = &[
    "vault_status",
    "vault_probe_keyring",
    "vault_create",
    "vault_unlock_passphrase",
    "vault_unlock_recovery",
    "vault_unlock_keyring",
    "vault_lock",
    "vault_touch",
    "vault_set_auto_lock",
    "vault_confirm_recovery_saved",
    "vault_change_passphrase",
    "vault_new_recovery_code",
    "vault_info",
    "journal_create",
    "journal_update",
    "journal_get",
    "journal_list",
    "journal_trash",
    "journal_restore",
    "journal_list_trash",
    "journal_empty_trash",
    "journal_save_draft",
    "journal_get_draft",
    "journal_discard_draft",
    "journal_mood_by_day",
    "journal_people",
    "journal_tags",
    "course_get",
    "course_save",
    "course_overview",
    "course_get_cards",
    "course_save_cards",
    "course_get_focus",
    "course_save_focus",
    "course_sessions",
    "course_save_session",
    "course_timeline",
    "plans_list",
    "plans_create",
    "plans_update",
    "plans_record_outcome",
    "plans_delete",
    "agenda_get",
    "agenda_add_question",
    "agenda_remove_question",
    "agenda_reorder",
    "agenda_archived",
    "reminders_get_settings",
    "reminders_save_settings",
    "reminders_due",
];

fn main() {
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS)),
    )
    .expect("tauri build script failed");
}
