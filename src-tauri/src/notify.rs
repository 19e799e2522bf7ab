//! Shows a reminder as a desktop notification, under the name the patient chose (the app's, or a
//! neutral one). The words come from the window and never quote anything the patient wrote.

use tauri::{AppHandle, Runtime};

/// On Linux the notification goes to the desktop's notification service (D-Bus) with the chosen
/// app name. Elsewhere the system shows the installed app's own name, whatever is asked, so the
/// official plugin sends it.
#[cfg(target_os = "linux")]
pub async fn show<R: Runtime>(
    _app: &AppHandle<R>,
    app_name: &str,
    title: &str,
    body: &str,
) -> Result<(), String> {
    let mut n = notify_rust::Notification::new();
    n.appname(app_name).summary(title).body(body);
    // A D-Bus round trip: keep it off the async workers.
    tauri::async_runtime::spawn_blocking(move || n.show().map(|_| ()).map_err(|e| e.to_string()))
        .await
        .map_err(|e| e.to_string())?
}

#[cfg(not(target_os = "linux"))]
pub async fn show<R: Runtime>(
    app: &AppHandle<R>,
    _app_name: &str,
    title: &str,
    body: &str,
) -> Result<(), String> {
    use tauri_plugin_notification::NotificationExt;
    app.notification()
        .builder()
        .title(title)
        .body(body)
        .show()
        .map_err(|e| e.to_string())
}
