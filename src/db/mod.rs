//! One database interface over SQLite (default) and PostgreSQL.
//!
//! Every area writes its SQL once, with `$1, $2, ...` placeholders, in the subset both engines
//! understand (see docs/decisions/0001-database-layer.md). Connections are synchronous and
//! pooled; async handlers reach them through [`Db::run`], which hops onto the blocking pool.
//! The only dialect-specific code lives in `sqlite.rs`, `postgres.rs` and the migrations, and
//! in the small helpers here that hand areas a dialect's SQL or behaviour
//! ([`Backend::contains`], [`Backend::claim_clause`], [`Conn::worker_batch`]). One area is
//! the exception: the search index, two different engines (FTS5, `tsvector`), keeps each
//! engine's SQL in `search/index/sqlite.rs` and `search/index/postgres.rs`.

mod cache;
mod filter;
mod migrate;
mod postgres;
pub mod schema;
mod sqlite;
mod value;

pub use filter::Filter;
pub use value::{Column, FromCol, Value};

use crate::error::AppError;
use std::sync::Arc;
use std::time::Duration;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    Postgres,
}

impl Backend {
    /// SQL that is true when `needle` occurs in `haystack`: a plain substring test, faster
    /// than LIKE on text that is already folded (see `text::fold`).
    pub fn contains(self, haystack: &str, needle: &str) -> String {
        match self {
            Backend::Sqlite => format!("instr({haystack}, {needle}) > 0"),
            Backend::Postgres => format!("strpos({haystack}, {needle}) > 0"),
        }
    }

    /// What ends a `SELECT` that claims rows for a worker (`... ORDER BY id LIMIT $2{clause}`).
    /// PostgreSQL, where several nodes may run the worker: ` FOR UPDATE SKIP LOCKED`, which
    /// locks the rows until the end of the transaction and passes over those another node
    /// holds; run it inside [`Conn::worker_batch`]. SQLite, one process: nothing.
    pub fn claim_clause(self) -> &'static str {
        match self {
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        }
    }
}

#[derive(Clone)]
pub struct Db {
    inner: Arc<Pool>,
    cache: Arc<cache::Cache>,
    /// The same, for a few larger values (rendered search results).
    bulky: Arc<cache::Cache>,
    /// The address it was opened with (the data key's default file sits beside it).
    url: Arc<str>,
}

enum Pool {
    Sqlite(r2d2::Pool<sqlite::Manager>),
    Postgres(r2d2::Pool<postgres::Manager>),
}

/// A pooled connection of either backend. Lives on a stack frame for one operation, so
/// the size difference between the variants costs nothing worth a box.
#[allow(clippy::large_enum_variant)]
pub enum Conn {
    Sqlite(r2d2::PooledConnection<sqlite::Manager>),
    Postgres(r2d2::PooledConnection<postgres::Manager>),
}

/// One row of a result, read by column name.
pub enum Row<'a> {
    Sqlite(&'a rusqlite::Row<'a>),
    Postgres(&'a ::postgres::Row),
}

#[derive(Debug, thiserror::Error)]
pub enum DbError {
    #[error("sqlite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("postgres: {0}")]
    Postgres(#[from] ::postgres::Error),
    #[error("pool: {0}")]
    Pool(#[from] r2d2::Error),
    #[error("{0}")]
    Other(String),
}

impl DbError {
    /// True when the statement broke a UNIQUE constraint (a duplicate), on either backend.
    pub fn is_unique_violation(&self) -> bool {
        match self {
            DbError::Sqlite(rusqlite::Error::SqliteFailure(e, _)) => {
                e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE
                    || e.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_PRIMARYKEY
            }
            DbError::Postgres(e) => {
                e.code() == Some(&::postgres::error::SqlState::UNIQUE_VIOLATION)
            }
            _ => false,
        }
    }
}

pub type DbResult<T> = Result<T, DbError>;

/// Turns a UNIQUE violation into `None`: two people saving the same name at once get the
/// same "already exists" message as one who is second by a minute.
pub fn unique<T>(r: DbResult<T>) -> DbResult<Option<T>> {
    match r {
        Ok(v) => Ok(Some(v)),
        Err(e) if e.is_unique_violation() => Ok(None),
        Err(e) => Err(e),
    }
}

impl Db {
    /// Opens a pool for `url`: `sqlite://path`, a bare path, or `postgres://...`.
    pub fn open(url: &str, max_connections: u32) -> DbResult<Db> {
        let pool = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            let manager = postgres::Manager::new(url)?;
            Pool::Postgres(
                r2d2::Pool::builder()
                    .max_size(max_connections)
                    // A dead connection shows as `has_broken` and is replaced; a test query
                    // on every checkout would double the round trips.
                    .test_on_check_out(false)
                    .connection_timeout(Duration::from_secs(10))
                    .build(manager)?,
            )
        } else {
            let path = url.strip_prefix("sqlite://").unwrap_or(url);
            let manager = sqlite::Manager::new(path);
            Pool::Sqlite(
                r2d2::Pool::builder()
                    .max_size(max_connections)
                    .test_on_check_out(false)
                    .connection_timeout(Duration::from_secs(10))
                    .build(manager)?,
            )
        };
        Ok(Db {
            inner: Arc::new(pool),
            cache: Arc::default(),
            bulky: Arc::new(cache::Cache::with_capacity(256)),
            url: url.into(),
        })
    }

    pub fn url(&self) -> &str {
        &self.url
    }

    pub fn backend(&self) -> Backend {
        match &*self.inner {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// A connection for synchronous code (CLI, migrations, demo loading).
    pub fn conn(&self) -> DbResult<Conn> {
        Ok(match &*self.inner {
            Pool::Sqlite(p) => Conn::Sqlite(p.get()?),
            Pool::Postgres(p) => Conn::Postgres(p.get()?),
        })
    }

    /// Reads with a pooled connection. On SQLite a read takes microseconds and, in WAL
    /// mode, never waits for a writer, so it runs right here: a hop to the blocking pool would
    /// cost more than the query. PostgreSQL waits on the network, so it goes to the blocking
    /// pool. Writes use [`Db::tx`].
    pub async fn run<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Conn) -> Result<T, AppError> + Send + 'static,
    {
        match self.backend() {
            Backend::Sqlite => {
                // One read transaction for all of a page's queries: one snapshot, and one
                // round of file locking instead of one per statement.
                let mut conn = self.conn()?;
                conn.execute("BEGIN", &[])?;
                let out = f(&mut conn);
                conn.execute(if out.is_ok() { "COMMIT" } else { "ROLLBACK" }, &[])?;
                out
            }
            Backend::Postgres => self.blocking(f).await,
        }
    }

    /// Reads one record with [`Db::run`]; none is not found (404).
    pub async fn found<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Conn) -> DbResult<Option<T>> + Send + 'static,
    {
        self.run(move |c| Ok(f(c)?))
            .await?
            .ok_or(AppError::NotFound)
    }

    /// Reads one record with [`Db::cached`]; none is not found (404).
    pub async fn cached_found<T, F>(&self, key: String, f: F) -> Result<T, AppError>
    where
        T: Clone + Send + Sync + 'static,
        F: FnOnce(&mut Conn) -> DbResult<Option<T>> + Send + 'static,
    {
        self.cached(key, move |c| Ok(f(c)?))
            .await?
            .ok_or(AppError::NotFound)
    }

    /// Like [`Db::run`], but reuses the value last computed for `key` while no write has
    /// happened since (see `cache.rs`). For pages read far more often than written.
    pub async fn cached<T, F>(&self, key: String, f: F) -> Result<T, AppError>
    where
        T: Clone + Send + Sync + 'static,
        F: FnOnce(&mut Conn) -> Result<T, AppError> + Send + 'static,
    {
        self.cached_in(self.cache.clone(), key, f).await
    }

    /// Like [`Db::cached`], in a cache of 256 entries: for values of several kilobytes, so
    /// that memory stays bounded whatever visitors ask.
    pub async fn cached_bulky<T, F>(&self, key: String, f: F) -> Result<T, AppError>
    where
        T: Clone + Send + Sync + 'static,
        F: FnOnce(&mut Conn) -> Result<T, AppError> + Send + 'static,
    {
        self.cached_in(self.bulky.clone(), key, f).await
    }

    async fn cached_in<T, F>(
        &self,
        cache: Arc<cache::Cache>,
        key: String,
        f: F,
    ) -> Result<T, AppError>
    where
        T: Clone + Send + Sync + 'static,
        F: FnOnce(&mut Conn) -> Result<T, AppError> + Send + 'static,
    {
        // A hit costs one statement, outside any explicit transaction.
        let (_, hit) = self
            .with_conn({
                let cache = cache.clone();
                let key = key.clone();
                move |c| {
                    let v = site_version(c)?;
                    Ok((v, cache.get::<T>(v, &key)))
                }
            })
            .await?;
        if let Some(hit) = hit {
            return Ok(hit);
        }
        // A miss reads the version again with the data, in one snapshot.
        self.run(move |c| {
            let version = site_version(c)?;
            let value = f(c)?;
            cache.put(version, key, value.clone());
            Ok(value)
        })
        .await
    }

    /// Runs `f` on a connection, inline on SQLite and on the blocking pool for PostgreSQL,
    /// without opening a transaction.
    async fn with_conn<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Conn) -> Result<T, AppError> + Send + 'static,
    {
        match self.backend() {
            Backend::Sqlite => {
                let mut conn = self.conn()?;
                f(&mut conn)
            }
            Backend::Postgres => self.blocking(f).await,
        }
    }

    /// Runs `f` inside one transaction, on the blocking pool (a writer may wait for the
    /// write lock): all of its writes land, or none.
    pub async fn tx<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Conn) -> Result<T, AppError> + Send + 'static,
    {
        self.blocking(move |conn| conn.transaction(f)).await
    }

    /// Writes what no page's cached read shows (the audit entry of a download, a report), in
    /// a transaction that leaves the site version alone: visitors who download do not retire
    /// every cached page. The audit journal reads without the cache.
    pub async fn log<F>(&self, f: F) -> Result<(), AppError>
    where
        F: FnOnce(&mut Conn) -> DbResult<()> + Send + 'static,
    {
        self.blocking(move |conn| conn.transaction_unversioned(|c| Ok(f(c)?)))
            .await
    }

    /// Reads or writes one record with [`Db::tx`] (a read that is audited); none is not
    /// found (404).
    pub async fn tx_found<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Conn) -> DbResult<Option<T>> + Send + 'static,
    {
        self.tx(move |c| Ok(f(c)?)).await?.ok_or(AppError::NotFound)
    }

    /// Writes with [`Db::tx`]; a change that finds no record to change (`f` answers
    /// `false`) is not found (404).
    pub async fn tx_changed<F>(&self, f: F) -> Result<(), AppError>
    where
        F: FnOnce(&mut Conn) -> DbResult<bool> + Send + 'static,
    {
        self.tx_found(move |c| Ok(f(c)?.then_some(()))).await
    }

    async fn blocking<T, F>(&self, f: F) -> Result<T, AppError>
    where
        T: Send + 'static,
        F: FnOnce(&mut Conn) -> Result<T, AppError> + Send + 'static,
    {
        let db = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = db.conn()?;
            f(&mut conn)
        })
        .await
        .map_err(|e| AppError::Internal(format!("blocking task: {e}")))?
    }

    /// Applies the pending migrations, with nothing to run after those that need the search
    /// index rebuilt (the schema alone; the application migrates with `app::migrate`).
    pub fn migrate(&self) -> DbResult<Vec<String>> {
        self.migrate_then(&|_| Ok(()))
    }

    /// Applies the pending migrations; `after` runs once if any of them asks for a reindex,
    /// inside the transaction of the last one.
    pub fn migrate_then(&self, after: migrate::After) -> DbResult<Vec<String>> {
        let mut conn = self.conn()?;
        migrate::run(&mut conn, after)
    }

    /// Applies migrations up to `version` only: the tests use it to check that each
    /// migration applies on a database populated by the ones before.
    pub fn migrate_up_to(&self, version: &str) -> DbResult<Vec<String>> {
        let mut conn = self.conn()?;
        migrate::run_up_to(&mut conn, Some(version), &|_| Ok(()))
    }

    pub fn migration_versions() -> Vec<&'static str> {
        migrate::versions()
    }
}

impl Conn {
    pub fn backend(&self) -> Backend {
        match self {
            Conn::Sqlite(_) => Backend::Sqlite,
            Conn::Postgres(_) => Backend::Postgres,
        }
    }

    /// Runs a statement that returns no rows; gives the number of rows changed.
    pub fn execute(&mut self, sql: &str, params: &[Value]) -> DbResult<u64> {
        match self {
            Conn::Sqlite(c) => sqlite::execute(c, sql, params),
            Conn::Postgres(c) => postgres::execute(c, sql, params),
        }
    }

    /// Runs several statements without parameters (migrations, pragmas).
    pub fn batch(&mut self, sql: &str) -> DbResult<()> {
        match self {
            Conn::Sqlite(c) => Ok(c.execute_batch(sql)?),
            Conn::Postgres(c) => Ok(c.client().batch_execute(sql)?),
        }
    }

    /// Maps every row of a query.
    pub fn query<T>(
        &mut self,
        sql: &str,
        params: &[Value],
        map: impl FnMut(&Row) -> DbResult<T>,
    ) -> DbResult<Vec<T>> {
        match self {
            Conn::Sqlite(c) => sqlite::query(c, sql, params, map),
            Conn::Postgres(c) => postgres::query(c, sql, params, map),
        }
    }

    /// The first column of every row of a query (a list of ids).
    pub fn column<T: FromCol>(&mut self, sql: &str, params: &[Value]) -> DbResult<Vec<T>> {
        self.query(sql, params, |r| r.first())
    }

    /// The first row of a query, if any.
    pub fn query_opt<T>(
        &mut self,
        sql: &str,
        params: &[Value],
        map: impl FnMut(&Row) -> DbResult<T>,
    ) -> DbResult<Option<T>> {
        Ok(self.query(sql, params, map)?.into_iter().next())
    }

    /// A single value from a query that must return one row (`COUNT(*)`, `RETURNING id`).
    pub fn scalar<T: FromCol>(&mut self, sql: &str, params: &[Value]) -> DbResult<T> {
        self.query_opt(sql, params, |r| r.first())?
            .ok_or_else(|| DbError::Other(format!("no row for: {sql}")))
    }

    /// One page of a list and the total of matching rows. `sql` ends with
    /// `LIMIT ${n+1} OFFSET ${n+2}` after the `n` given parameters, and its column
    /// `total` is `COUNT(*) OVER () AS total`. Past the last page the window sees no row, so
    /// `count_sql` (the same filter, the same first `n` parameters) counts apart.
    #[allow(clippy::too_many_arguments)]
    pub fn page<T>(
        &mut self,
        sql: &str,
        count_sql: &str,
        mut params: Vec<Value>,
        limit: i64,
        offset: i64,
        mut map: impl FnMut(&Row) -> DbResult<T>,
    ) -> DbResult<(i64, Vec<T>)> {
        let n = params.len();
        params.push(limit.into());
        params.push(offset.into());
        let mut total = 0;
        let rows = self.query(sql, &params, |r| {
            total = r.get("total")?;
            map(r)
        })?;
        if rows.is_empty() && offset > 0 {
            total = self.scalar(count_sql, &params[..n])?;
        }
        Ok((total, rows))
    }

    /// Runs `f` in a transaction; a returned error rolls everything back. A committed
    /// transaction bumps the site version, which retires every cached read.
    pub fn transaction<T, E>(&mut self, f: impl FnOnce(&mut Conn) -> Result<T, E>) -> Result<T, E>
    where
        E: From<DbError>,
    {
        // The bump comes first: on PostgreSQL a statement that fails (a duplicate caught by
        // `db::unique`) leaves the transaction unusable for anything after it.
        self.transaction_unversioned(|c| {
            c.execute("UPDATE site_version SET n = n + 1 WHERE id = 1", &[])?;
            f(c)
        })
    }

    /// Runs one batch of a background worker: claim rows (with [`Backend::claim_clause`]),
    /// act on them, mark them done. PostgreSQL, where several nodes may run the worker: the
    /// whole batch is one transaction (leaving the site version alone), whose row locks keep
    /// other nodes off the claimed rows until it ends. SQLite, one process: no transaction
    /// around the batch, each statement commits on its own, so that slow work between them
    /// (a mail relay) holds no lock and does not block the site's writes.
    pub fn worker_batch<T, E>(&mut self, f: impl FnOnce(&mut Conn) -> Result<T, E>) -> Result<T, E>
    where
        E: From<DbError>,
    {
        match self.backend() {
            Backend::Postgres => self.transaction_unversioned(f),
            Backend::Sqlite => f(self),
        }
    }

    /// A transaction that leaves the site version alone (migrations, which may run before
    /// the version table exists).
    pub fn transaction_unversioned<T, E>(
        &mut self,
        f: impl FnOnce(&mut Conn) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<DbError>,
    {
        // SQLite: take the write lock up front so that two writers queue on busy_timeout
        // instead of failing when a read lock would have to be upgraded.
        let begin = match self {
            Conn::Sqlite(_) => "BEGIN IMMEDIATE",
            Conn::Postgres(_) => "BEGIN",
        };
        self.execute(begin, &[])?;
        match f(self) {
            Ok(v) => {
                self.execute("COMMIT", &[])?;
                Ok(v)
            }
            Err(e) => {
                let _ = self.execute("ROLLBACK", &[]);
                Err(e)
            }
        }
    }
}

impl Row<'_> {
    /// Reads a column by its name (its alias in the SELECT list, or the column's own name):
    /// the rule for every query, so that a SELECT list and its mapping cannot drift apart. A
    /// position (`0`) is only for queries of a single column. An unknown name is an error.
    pub fn get<T: FromCol>(&self, column: impl Column) -> DbResult<T> {
        match self {
            Row::Sqlite(r) => T::from_sqlite(r, column),
            Row::Postgres(r) => T::from_postgres(r, column),
        }
    }

    /// The only column of a one-column query ([`Conn::scalar`]).
    pub fn first<T: FromCol>(&self) -> DbResult<T> {
        self.get(0)
    }
}

fn site_version(c: &mut Conn) -> DbResult<i64> {
    c.scalar("SELECT n FROM site_version WHERE id = 1", &[])
}

/// Builds a `&[Value]` from a list of Rust values.
#[macro_export]
macro_rules! params {
    () => { &[] as &[$crate::db::Value] };
    ($($v:expr),+ $(,)?) => { &[$($crate::db::Value::from($v)),+] as &[$crate::db::Value] };
}
