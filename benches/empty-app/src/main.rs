//! The empty Tauri 2 app `make bench-app` measures the real one against: the same Tauri version
//! and features, the same window, a page that says "ready" and sets the same first-screen mark.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    // An empty app has nothing to recover from: failing to start is the only outcome worth a message.
    if let Err(e) = tauri::Builder::default().run(tauri::generate_context!()) {
        eprintln!("the empty app could not start: {e}");
        std::process::exit(1);
    }
}
