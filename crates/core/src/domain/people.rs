//! The people in the patient's life, as the app names them: a display name (an alias or initials
//! are always fine). The People issue grows this into the interpersonal inventory.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::text::{check_len, tidy_label};
use crate::error::{Error, ErrorCode, Result};

pub const MAX_PERSON_NAME_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "camelCase")]
pub struct Person {
    #[ts(type = "number")]
    pub id: i64,
    pub display_name: String,
}

/// A new person's name as typed (alias or initials are fine), tidied. "Someone new" with no name
/// is refused rather than quietly saved as nobody.
pub fn tidy_person_name(name: Option<&str>) -> Result<Option<String>> {
    let Some(name) = name.map(tidy_label) else {
        return Ok(None);
    };
    if name.is_empty() {
        return Err(Error::new(
            ErrorCode::NameMissing,
            "a new person needs a name, initials or an alias",
        ));
    }
    check_len("a name", &name, MAX_PERSON_NAME_CHARS)?;
    Ok(Some(name))
}

/// One person as the export carries it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ExportedPerson {
    pub uid: String,
    pub display_name: String,
    pub created_at: String,
}

impl ExportedPerson {
    /// The person with their name tidied by the same rule as the forms; a missing name is refused.
    pub fn validate(&self) -> Result<ExportedPerson> {
        crate::domain::text::check_uid(&self.uid)?;
        check_len("a date", &self.created_at, 64)?;
        let name = tidy_person_name(Some(&self.display_name))?.unwrap_or_default();
        Ok(ExportedPerson {
            display_name: name,
            ..self.clone()
        })
    }
}
