// How the app names itself where others may see it (window title, top bar, reminders). Read at
// start, before unlocking; the choice itself is kept by the core outside the vault.
import { discretionApi } from '../../ipc';
import { APP_NAME, NEUTRAL_NAME } from '../../generated/limits';

export const discretion = $state({ neutralName: false });

/** The name to show: the app's own, or a neutral one. */
export function displayName(): string {
  return discretion.neutralName ? NEUTRAL_NAME : APP_NAME;
}

export async function loadDiscretion(): Promise<void> {
  const s = await discretionApi.get().catch(() => null);
  if (s) discretion.neutralName = s.neutralName;
}

export async function setNeutralName(on: boolean): Promise<void> {
  const s = await discretionApi.set({ neutralName: on });
  discretion.neutralName = s.neutralName;
}
