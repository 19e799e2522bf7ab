// Generated from the Rust core (crates/core/src/ts_types.rs); do not edit.
import type { Approach } from './Approach';
import type { DisputeStage } from './DisputeStage';
import type { Effect } from './Effect';
import type { ProblemArea } from './ProblemArea';
import type { Trap } from './Trap';
import type { Relationship } from './Relationship';
import type { ExpectationsFit } from './ExpectationsFit';

export const PROBLEM_AREAS: ProblemArea[] = ["grief","roleDispute","roleTransition","interpersonalDeficits"];
export const DISPUTE_STAGES: DisputeStage[] = ["renegotiation","impasse","dissolution"];
export const APPROACHES: Approach[] = ["iStatement","specificRequest","acknowledge","checkUnderstanding","stateLimit","hinting","blaming","withdrawing","allOrNothing"];
export const APPROACH_EFFECT: Record<Approach, Effect> = { "iStatement": "open", "specificRequest": "open", "acknowledge": "open", "checkUnderstanding": "open", "stateLimit": "open", "hinting": "distant", "blaming": "tense", "withdrawing": "distant", "allOrNothing": "tense" };
export const TRAPS: Trap[] = ["hintingInsteadOfAsking","assumingIWasUnderstood","assumingIUnderstoodThem","sayingItIndirectly","goingSilent","blaming","oldGrievances","allOrNothingWords"];
export const RELATIONSHIPS: Relationship[] = ["partner","parent","child","sibling","friend","colleague","other"];
export const EXPECTATIONS_FIT: ExpectationsFit[] = ["yes","partly","no","notSure"];
