// Which country's crisis line comes first: the patient's choice from Settings (kept by the core
// outside the vault, so it is known while locked), else a guess from the system's languages.
// Read once at start; a failure only means guessing.
import { crisisLinesApi } from '../../ipc';
import { guessCountry, systemLanguages, type CountryId } from './crisisLines';

const choice = $state<{ country: CountryId | null }>({ country: null });

export async function loadCountryChoice(): Promise<void> {
  const s = await crisisLinesApi.settings().catch(() => null);
  if (s) choice.country = s.crisisCountry;
}

/** The patient's choice, or `null` when the app guesses. */
export function chosenCountry(): CountryId | null {
  return choice.country;
}

/** Saves the choice (`null`: guess again) and uses it from now on. */
export async function chooseCountry(country: CountryId | null): Promise<void> {
  const s = await crisisLinesApi.setCountry(country);
  choice.country = s.crisisCountry;
}

/** The country whose line is shown first: the choice, else the guess, else none. */
export function firstCountry(): CountryId | null {
  return choice.country ?? guessCountry(systemLanguages());
}
