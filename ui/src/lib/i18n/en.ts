// English message catalog. Every string the UI shows comes from here (Spanish comes later).
// Voice: warm, plain, second person, short sentences; never blaming, never alarming.
export const en = {
  'app.name': 'IPT Companion',
  'app.loading': 'Opening…',
  'app.skipToContent': 'Skip to main content',

  'help.button': 'Need help now',
  'help.title': 'Need help now?',
  'help.intro':
    'If you are in danger, or thinking about harming yourself, please reach out now. You deserve support straight away.',
  'help.emergency': 'Emergency services',
  'help.emergency.detail': '911 in the US, Canada and Mexico · 112 in Spain and across the EU · 999 or 112 in the UK and Ireland',
  'help.us': 'United States: 988 Suicide & Crisis Lifeline',
  'help.us.detail': 'Call or text, any time',
  'help.uk': 'UK and Ireland: Samaritans',
  'help.uk.detail': 'Call free, any time',
  'help.es': 'Spain: Línea 024',
  'help.es.detail': 'Call free, any time',
  'help.local': 'Your local crisis line',
  'help.local.detail':
    'Somewhere else? Your therapist or doctor can tell you the crisis line where you live. Emergency services can always help.',
  'help.checked': 'Number checked {date}',
  'help.noAlert':
    'This app never contacts anyone for you. If you can, tell your therapist how you have been feeling.',
  'help.close': 'Close',

  'welcome.title': 'Welcome',
  'welcome.lead': 'This is a private space for the weeks between your therapy sessions.',
  'welcome.promise.local': 'Everything stays on this computer.',
  'welcome.promise.encrypted': 'It is encrypted, so only you can open it.',
  'welcome.promise.account': 'There is no account to make.',
  'welcome.promise.network': 'Nothing is ever sent over the internet.',
  'welcome.start': 'Get started',

  'choose.title': 'How would you like to unlock?',
  'choose.keyring': 'Unlock automatically on this computer',
  'choose.keyring.detail':
    'Your computer’s keyring keeps the key. You also choose a passphrase, in case the keyring is not there one day.',
  'choose.passphraseOnly': 'Passphrase only',
  'choose.passphraseOnly.detail': 'You type your passphrase each time you open the app.',
  'choose.checkingKeyring': 'Checking this computer’s keyring…',
  'choose.noKeyring':
    'This computer’s keyring is not available right now, so a passphrase is needed. You can still use everything.',
  'choose.keyringTimeout':
    'This computer’s keyring did not answer (it may be locked), so a passphrase is needed for now.',
  'choose.passphrase': 'Passphrase',
  'choose.passphrase.hint': 'At least {min} characters. A few words you will remember works well.',
  'choose.confirm': 'Type it again',
  'choose.mismatch': 'The two passphrases are not the same yet.',
  'choose.create': 'Create my private space',
  'choose.creating': 'Setting up your encrypted space…',
  'choose.back': 'Back',

  'recovery.title': 'Your recovery code',
  'recovery.lead':
    'If you forget your passphrase, this code is the only other way in. It is shown only this once.',
  'recovery.keep': 'Write it down or print it, and keep it somewhere safe and private.',
  'recovery.confirm': 'I have saved my recovery code somewhere safe',
  'recovery.continue': 'Continue',

  'unlock.title': 'Welcome back',
  'unlock.lead': 'Your space is locked.',
  'unlock.passphrase': 'Passphrase',
  'unlock.submit': 'Unlock',
  'unlock.working': 'Unlocking…',
  'unlock.useRecovery': 'Use my recovery code instead',
  'unlock.usePassphrase': 'Use my passphrase instead',
  'unlock.recoveryCode': 'Recovery code',
  'unlock.withKeyring': 'Unlock with this computer',
  'unlock.autoLocked': 'Locked after a quiet while, to keep your space private.',
  'unlock.keyringMissing':
    'This computer’s keyring no longer has the key for your space. Your entries are safe: unlock with your passphrase or recovery code.',
  'unlock.keyringUnavailable':
    'This computer’s keyring is not available right now. Unlock with your passphrase or recovery code.',
  'unlock.keyringTimeout':
    'This computer’s keyring did not answer in time (it may be locked). Unlock with your passphrase or recovery code.',

  'shell.nav': 'Main',
  'shell.home': 'Home',
  'shell.settings': 'Settings',
  'shell.lock': 'Lock now',
  'shell.lockShortcut': 'Ctrl+L',

  'home.title': 'Your space',
  'home.lead': 'A quiet place for the weeks between sessions.',
  'home.comingSoon':
    'Your journal, your therapy course and practice conversations will appear here as they are added.',
  'home.recoveryNotConfirmed':
    'You have not confirmed saving your recovery code yet. You can make a new one in Settings.',

  'settings.title': 'Settings',
  'settings.autoLock': 'Lock automatically after',
  'settings.autoLock.minutes': '{n} minutes',
  'settings.autoLock.saved': 'Saved.',
  'settings.passphrase': 'Change passphrase',
  'settings.passphrase.current': 'Current passphrase',
  'settings.passphrase.new': 'New passphrase',
  'settings.passphrase.confirm': 'Type the new one again',
  'settings.passphrase.submit': 'Change passphrase',
  'settings.passphrase.done': 'Your passphrase has been changed.',
  'settings.recovery': 'Recovery code',
  'settings.recovery.detail': 'Making a new code stops the old one from working.',
  'settings.recovery.make': 'Make a new recovery code',
  'settings.about': 'About this copy',
  'settings.about.dataDir': 'Data folder',
  'settings.about.sqlite': 'SQLite',
  'settings.about.cipher': 'SQLCipher',

  'error.WrongKey': 'That did not open your space. Check Caps Lock and try again.',
  'error.NotAVault':
    'The file in your data folder is not an IPT Companion vault. Nothing was changed. Check the folder, or restore from a backup.',
  'error.Damaged':
    'Your vault file could not be read; it may be damaged. Nothing was changed. A backup can restore it.',
  'error.NoVault': 'There is no private space on this computer yet.',
  'error.VaultExists': 'A private space already exists here, so a new one was not made.',
  'error.Locked': 'Your space is locked. Unlock it to continue.',
  'error.VaultInUse': 'IPT Companion is already open in another window. Please use that one.',
  'error.KeyringUnavailable': 'This computer’s keyring is not available right now.',
  'error.KeyringTimeout': 'This computer’s keyring did not answer in time.',
  'error.KeyringEntryMissing': 'This computer’s keyring no longer has the key for your space.',
  'error.NoKeyringSlot': 'Your space is not set up to unlock with this computer’s keyring.',
  'error.PassphraseTooShort': 'Please use at least {min} characters.',
  'error.InvalidInput': 'Something in the form was not quite right. Please check it and try again.',
  'error.CipherMissing': 'Encryption is not available in this copy of the app, so nothing was saved.',
  'error.BackupFailed': 'A safety backup could not be made, so nothing was changed.',
  'error.MigrationFailed': 'An update to your vault could not finish. Your data was left as it was.',
  'error.Io': 'A file could not be read or written. Check there is free space, then try again.',
  'error.Database': 'Something went wrong while saving. Nothing was lost; please try again.',
  'error.Internal': 'Something unexpected happened. Please try again.',
} as const;

export type MessageKey = keyof typeof en;
