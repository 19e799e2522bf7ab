// Generated from crates/core/data/crisis_lines.json (crates/core/src/ts_types.rs); do not edit.
import type { CrisisCountry } from './CrisisCountry';

export const CRISIS_COUNTRIES: CrisisCountry[] = [
  {
    "country": "AU",
    "line": "Lifeline",
    "number": "13 11 14",
    "offers": [
      "call"
    ],
    "free": false,
    "emergency": [
      "000"
    ],
    "checked": "2026-11-25"
  },
  {
    "country": "CA",
    "line": "988 Suicide Crisis Helpline",
    "number": "988",
    "offers": [
      "call"
    ],
    "free": false,
    "emergency": [
      "911"
    ],
    "checked": "2026-11-25"
  },
  {
    "country": "IE",
    "line": "Samaritans",
    "number": "116 123",
    "offers": [
      "call"
    ],
    "free": true,
    "emergency": [
      "112",
      "999"
    ],
    "checked": "2026-11-25"
  },
  {
    "country": "MX",
    "line": "Línea de la Vida",
    "number": "800 911 2000",
    "offers": [
      "call"
    ],
    "free": true,
    "emergency": [
      "911"
    ],
    "checked": "2026-11-25"
  },
  {
    "country": "ES",
    "line": "Línea 024",
    "number": "024",
    "offers": [
      "call"
    ],
    "free": true,
    "emergency": [
      "112"
    ],
    "checked": "2026-11-25"
  },
  {
    "country": "GB",
    "line": "Samaritans",
    "number": "116 123",
    "offers": [
      "call"
    ],
    "free": true,
    "emergency": [
      "999",
      "112"
    ],
    "checked": "2026-11-25"
  },
  {
    "country": "US",
    "line": "988 Suicide & Crisis Lifeline",
    "number": "988",
    "offers": [
      "call",
      "text"
    ],
    "free": false,
    "emergency": [
      "911"
    ],
    "checked": "2026-11-25"
  }
];
