//! Embedded migrations, one folder per backend, applied in order at start-up.

use super::{Conn, DbResult};
use crate::params;

struct Migration {
    version: &'static str,
    sqlite: &'static str,
    postgres: &'static str,
    /// The migration changes what the search index holds: the caller's `after` step rebuilds
    /// it in the migration's transaction (the database layer knows no index).
    reindex: bool,
}

macro_rules! migration {
    ($v:literal) => {
        migration!($v, false)
    };
    ($v:literal, reindex) => {
        migration!($v, true)
    };
    ($v:literal, $reindex:expr) => {
        Migration {
            version: $v,
            sqlite: include_str!(concat!("../../migrations/sqlite/", $v, ".sql")),
            postgres: include_str!(concat!("../../migrations/postgres/", $v, ".sql")),
            reindex: $reindex,
        }
    };
}

/// What runs when a migration asks for a reindex: once per run, inside the transaction of
/// the run's last migration.
pub type After<'a> = &'a dyn Fn(&mut Conn) -> DbResult<()>;

const MIGRATIONS: &[Migration] = &[
    migration!("0001_foundation"),
    migration!("0002_person_listing"),
    migration!("0003_site_version"),
    migration!("0004_activities"),
    migration!("0005_invitations_outbox"),
    migration!("0006_photos"),
    // The index is made in Rust: it is filled with the records that already exist.
    migration!("0007_knowledge", reindex),
    migration!("0008_plans"),
    migration!("0009_committees"),
    migration!("0010_series"),
    migration!("0011_proposals"),
    migration!("0012_proposal_plan_action"),
    migration!("0013_indicators"),
    // Plans entered the search index: existing plans are indexed.
    migration!("0014_person_link_unique", reindex),
    migration!("0016_indicator_value_parts"),
];

/// Applies every migration not yet applied, each in its own transaction.
pub fn run(conn: &mut Conn, after: After) -> DbResult<Vec<String>> {
    run_up_to(conn, None, after)
}

/// The versions known to this binary, in order.
pub fn versions() -> Vec<&'static str> {
    MIGRATIONS.iter().map(|m| m.version).collect()
}

/// Applies the pending migrations up to and including `last` (all of them when `None`).
pub fn run_up_to(conn: &mut Conn, last: Option<&str>, after: After) -> DbResult<Vec<String>> {
    conn.batch(
        "CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at BIGINT NOT NULL)",
    )?;
    let done: Vec<String> = conn.query("SELECT version FROM schema_migrations", &[], |r| {
        r.get("version")
    })?;
    // The pending migrations of this run, in order.
    let mut pending = Vec::new();
    for m in MIGRATIONS {
        if !done.iter().any(|d| d == m.version) {
            pending.push(m);
        }
        if last == Some(m.version) {
            break;
        }
    }
    // A reindex walks every registered source, and a source reads tables that later
    // migrations make: it runs once, with the run's last migration, when the schema is whole.
    let reindex = pending.iter().any(|m| m.reindex);
    let mut applied = Vec::new();
    for (i, m) in pending.iter().enumerate() {
        let sql = match conn.backend() {
            super::Backend::Sqlite => m.sqlite,
            super::Backend::Postgres => m.postgres,
        };
        let last_of_run = i + 1 == pending.len();
        conn.transaction_unversioned(|c| -> DbResult<()> {
            c.batch(sql)?;
            if reindex && last_of_run {
                after(c)?;
            }
            c.execute(
                "INSERT INTO schema_migrations (version, applied_at) VALUES ($1, $2)",
                params![m.version, crate::clock::now()],
            )?;
            Ok(())
        })?;
        applied.push(m.version.to_owned());
    }
    Ok(applied)
}
