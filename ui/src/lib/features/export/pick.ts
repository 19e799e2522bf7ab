// The system's own dialogs (the dialog plugin) for "Take your data with you": the save dialog
// for the one file an export is written to, and the file chooser for an export to import.
// Each returns the chosen path, or null when the patient closes the dialog without choosing.
import { open, save } from '@tauri-apps/plugin-dialog';
import type { ExportFormat } from '../../ipc';

export function suggestedName(format: ExportFormat, today: string): string {
  return format === 'json' ? `ipt-companion-export-${today}.json` : `my-journal-${today}.md`;
}

export async function pickSaveTarget(title: string, format: ExportFormat, today: string): Promise<string | null> {
  const filters = format === 'json' ? [{ name: 'JSON', extensions: ['json'] }] : [{ name: 'Markdown', extensions: ['md'] }];
  const chosen = await save({ title, defaultPath: suggestedName(format, today), filters });
  return typeof chosen === 'string' && chosen !== '' ? chosen : null;
}

export async function pickExportFile(title: string): Promise<string | null> {
  const chosen = await open({ title, multiple: false, directory: false, filters: [{ name: 'JSON', extensions: ['json'] }] });
  return typeof chosen === 'string' ? chosen : null;
}
