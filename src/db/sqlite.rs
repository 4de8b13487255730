//! SQLite backend: connection set-up (WAL, foreign keys, busy timeout) and statement calls.

use super::{DbError, DbResult, Row, Value};
use rusqlite::Connection;

pub struct Manager {
    path: String,
}

impl Manager {
    pub fn new(path: &str) -> Self {
        Manager {
            path: path.to_owned(),
        }
    }
}

impl r2d2::ManageConnection for Manager {
    type Connection = Connection;
    type Error = rusqlite::Error;

    fn connect(&self) -> Result<Connection, rusqlite::Error> {
        let conn = Connection::open(&self.path)?;
        // WAL lets readers run beside the single writer; synchronous=FULL makes every
        // acknowledged commit survive a power cut, not only a process crash. `optimize`
        // refreshes the planner's statistics where they are stale, within a bounded effort.
        conn.execute_batch(
            "PRAGMA busy_timeout = 5000;
             PRAGMA journal_mode = WAL;
             PRAGMA synchronous = FULL;
             PRAGMA foreign_keys = ON;
             PRAGMA cache_size = -1000;
             PRAGMA temp_store = MEMORY;
             PRAGMA analysis_limit = 400;",
        )?;
        // Statistics are a help, not a need: a connection opened while a long write holds
        // the lock goes on without them.
        let _ = conn.execute_batch("PRAGMA optimize = 0x10002;");
        // Keep each cached statement's plan: without this guarantee SQLite re-prepares a
        // statement whenever a bound value changes, and parsing became most of a page's cost.
        conn.set_db_config(
            rusqlite::config::DbConfig::SQLITE_DBCONFIG_ENABLE_QPSG,
            true,
        )?;
        conn.set_prepared_statement_cache_capacity(256);
        Ok(conn)
    }

    fn is_valid(&self, conn: &mut Connection) -> Result<(), rusqlite::Error> {
        conn.execute_batch("")
    }

    fn has_broken(&self, _conn: &mut Connection) -> bool {
        false
    }
}

/// Binds `$1..$n` by name, so a statement may use its parameters in any order or twice.
fn bind(stmt: &mut rusqlite::CachedStatement<'_>, params: &[Value]) -> DbResult<()> {
    let expected = stmt.parameter_count();
    let mut bound = 0;
    for (i, value) in params.iter().enumerate() {
        let name = format!("${}", i + 1);
        if let Some(idx) = stmt.parameter_index(&name)? {
            stmt.raw_bind_parameter(idx, value)?;
            bound += 1;
        }
    }
    if bound != expected {
        return Err(DbError::Other(format!(
            "statement expects {expected} parameters, {bound} bound"
        )));
    }
    Ok(())
}

pub fn execute(conn: &mut Connection, sql: &str, params: &[Value]) -> DbResult<u64> {
    let mut stmt = conn.prepare_cached(sql)?;
    bind(&mut stmt, params)?;
    Ok(stmt.raw_execute()? as u64)
}

pub fn query<T>(
    conn: &mut Connection,
    sql: &str,
    params: &[Value],
    mut map: impl FnMut(&Row) -> DbResult<T>,
) -> DbResult<Vec<T>> {
    let mut stmt = conn.prepare_cached(sql)?;
    bind(&mut stmt, params)?;
    let mut rows = stmt.raw_query();
    let mut out = Vec::new();
    while let Some(row) = rows.next()? {
        out.push(map(&Row::Sqlite(row))?);
    }
    Ok(out)
}
