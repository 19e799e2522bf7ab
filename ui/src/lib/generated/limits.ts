// Generated from the Rust core (crates/core/src/ts_types.rs); do not edit.
export const MIN_PASSPHRASE_CHARS = 8;
export const MAX_PASSPHRASE_CHARS = 1024;
export const MAX_TEXT_CHARS = 200000;
export const MAX_TAGS = 30;
export const MAX_CUSTOM_EMOTIONS = 20;
export const MAX_EVENTS = 50;
export const MAX_SAFETY_PLAN_ITEMS = 20;
export const MAX_SAFETY_PLAN_ITEM_CHARS = 500;
export const MAX_REASON_FOR_LIVING_CHARS = 2000;
export const MAX_ENDING_ITEMS = 20;
export const MAX_ENDING_ITEM_CHARS = 500;
export const DEFAULT_FOLDER_MOOD = 5;
export const APP_NAME = "IPT Companion";
export const NEUTRAL_NAME = "Notes";
export const ERASE_CONFIRMATION = "delete everything";
