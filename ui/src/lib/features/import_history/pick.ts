// The system's own file chooser (the dialog plugin): a Daylio CSV export, or a folder of notes.
// Returns the chosen path, or null when the patient closes it without choosing. The path then
// goes to the app's own commands, which only read that file or the files directly in that folder.
import { open } from '@tauri-apps/plugin-dialog';

export async function pickDaylioFile(title: string): Promise<string | null> {
  const chosen = await open({ title, multiple: false, directory: false, filters: [{ name: 'Daylio export (CSV)', extensions: ['csv', 'CSV'] }] });
  return typeof chosen === 'string' ? chosen : null;
}

export async function pickNotesFolder(title: string): Promise<string | null> {
  const chosen = await open({ title, multiple: false, directory: true });
  return typeof chosen === 'string' ? chosen : null;
}
