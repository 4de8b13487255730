//! The audit log: who changed which sensitive record, when, and why. Shared by every area;
//! written in the transaction of the change it records.

use crate::db::{Conn, DbResult};
use crate::ids::UserId;
use crate::params;

/// Records who did what to an account or other sensitive record.
pub fn record(
    c: &mut Conn,
    user_id: Option<UserId>,
    action: &str,
    entity: &str,
    entity_id: impl Into<i64>,
    detail: &str,
) -> DbResult<()> {
    c.execute(
        "INSERT INTO audit_events (at, user_id, action, entity, entity_id, detail) VALUES ($1, $2, $3, $4, $5, $6)",
        params![crate::clock::now(), user_id, action, entity, entity_id.into(), detail],
    )?;
    Ok(())
}
