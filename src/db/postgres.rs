//! PostgreSQL backend: a client with its own cache of prepared statements, so that a hot
//! query costs one round trip instead of two.

use super::{DbResult, Row, Value};
use postgres::types::ToSql;
use postgres::{Client, NoTls, Statement};
use std::collections::HashMap;

pub struct Manager {
    config: postgres::Config,
}

impl Manager {
    pub fn new(url: &str) -> DbResult<Self> {
        Ok(Manager {
            config: url.parse()?,
        })
    }
}

pub struct PgConn {
    /// Always `Some` until dropped.
    client: Option<Client>,
    statements: HashMap<String, Statement>,
}

impl Drop for PgConn {
    fn drop(&mut self) {
        self.statements.clear();
        if let Some(client) = self.client.take()
            && tokio::runtime::Handle::try_current().is_ok()
        {
            // The sync client closes its socket by blocking on a runtime of its own, which a
            // thread of the server's runtime may not do (a pool dropped at shutdown).
            std::thread::spawn(move || drop(client));
        }
    }
}

impl r2d2::ManageConnection for Manager {
    type Connection = PgConn;
    type Error = postgres::Error;

    fn connect(&self) -> Result<PgConn, postgres::Error> {
        let client = self.config.connect(NoTls)?;
        Ok(PgConn {
            client: Some(client),
            statements: HashMap::new(),
        })
    }

    fn is_valid(&self, conn: &mut PgConn) -> Result<(), postgres::Error> {
        conn.client().simple_query("").map(|_| ())
    }

    fn has_broken(&self, conn: &mut PgConn) -> bool {
        conn.client().is_closed()
    }
}

impl PgConn {
    pub fn client(&mut self) -> &mut Client {
        self.client.as_mut().expect("client lives until drop")
    }

    fn statement(&mut self, sql: &str) -> DbResult<Statement> {
        if let Some(s) = self.statements.get(sql) {
            return Ok(s.clone());
        }
        let stmt = self.client().prepare(sql)?;
        if self.statements.len() > 512 {
            self.statements.clear();
        }
        self.statements.insert(sql.to_owned(), stmt.clone());
        Ok(stmt)
    }
}

fn refs(params: &[Value]) -> Vec<&(dyn ToSql + Sync)> {
    params.iter().map(|p| p as &(dyn ToSql + Sync)).collect()
}

pub fn execute(conn: &mut PgConn, sql: &str, params: &[Value]) -> DbResult<u64> {
    let stmt = conn.statement(sql)?;
    Ok(conn.client().execute(&stmt, &refs(params))?)
}

pub fn query<T>(
    conn: &mut PgConn,
    sql: &str,
    params: &[Value],
    mut map: impl FnMut(&Row) -> DbResult<T>,
) -> DbResult<Vec<T>> {
    let stmt = conn.statement(sql)?;
    let rows = conn.client().query(&stmt, &refs(params))?;
    rows.iter().map(|r| map(&Row::Postgres(r))).collect()
}
