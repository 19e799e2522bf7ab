// The system's save dialog (the dialog plugin) for the check-ins' FHIR file: returns the chosen
// path, or null when the patient closes the dialog without choosing.
import { save } from '@tauri-apps/plugin-dialog';

export function suggestedFhirName(from: string, to: string): string {
  return `check-ins-fhir-${from}-to-${to}.json`;
}

export async function pickFhirTarget(title: string, from: string, to: string): Promise<string | null> {
  const chosen = await save({
    title,
    defaultPath: suggestedFhirName(from, to),
    filters: [{ name: 'FHIR JSON', extensions: ['json'] }],
  });
  return typeof chosen === 'string' && chosen !== '' ? chosen : null;
}
