//! People use cases: the list the pickers offer. The People issue adds the inventory here.

use crate::domain::people::Person;
use crate::error::Result;
use crate::service::vault::VaultService;
use crate::storage::people as repo;

/// Everyone the patient has named, A–Z.
pub async fn list_people(vault: &VaultService) -> Result<Vec<Person>> {
    repo::list(&vault.pool().await?).await
}
