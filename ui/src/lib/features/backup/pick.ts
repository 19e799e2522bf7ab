// The system's own file chooser (the dialog plugin): a backup file to restore, or a folder for
// backups. Returns the chosen path, or null when the patient closes it without choosing. The
// path then goes to the app's own commands, which read only that file or write only there.
import { open } from '@tauri-apps/plugin-dialog';

export async function pickBackupFile(title: string): Promise<string | null> {
  const chosen = await open({ title, multiple: false, directory: false, filters: [{ name: 'IPT Companion backup', extensions: ['iptbackup'] }] });
  return typeof chosen === 'string' ? chosen : null;
}

export async function pickFolder(title: string): Promise<string | null> {
  const chosen = await open({ title, multiple: false, directory: true });
  return typeof chosen === 'string' ? chosen : null;
}
