//! The data set: every record of an installation in one directory that another installation,
//! on either database, loads whole (`kafo export PATH`, `kafo import PATH`). It is how an
//! installation moves from SQLite to PostgreSQL. The format is documented, with its versions,
//! in docs/dataset.md.
//!
//! Nothing here knows the areas: the tables, columns, keys and foreign keys are read from the
//! migrated schema (`db::schema`), and the tables are walked parents first, in the order their
//! foreign keys give. A table a migration adds travels by itself; the few that are rebuilt
//! rather than carried are listed in [`REBUILT`].

pub mod export;
pub mod import;

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::io::BufRead;
use std::path::Path;

use crate::db::schema::{ColumnInfo, Kind, TableInfo};
use crate::db::{Conn, DbError};

pub use export::export;
pub use import::import;

/// The format's name, written first in every manifest.
pub const FORMAT: &str = "kafo-dataset";
/// The format's version; a change to how rows or the manifest are written raises it.
pub const FORMAT_VERSION: i64 = 1;
/// The manifest's file name inside the data set's directory.
pub const MANIFEST: &str = "manifest.json";

/// Tables that are not carried: the migrations' own book-keeping, the cache version, logins
/// in progress (sessions: everyone logs in again after a move) and the search index, which
/// the import rebuilds from the records.
pub const REBUILT: &[&str] = &[
    "schema_migrations",
    "site_version",
    "sessions",
    "search_docs",
    "search_terms",
];

/// At most this many reasons are listed when a data set is refused.
pub const MAX_REASONS: usize = 50;

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct Manifest {
    pub format: String,
    pub format_version: i64,
    /// The last migration of the installation that wrote it; an import needs the same.
    pub schema_version: String,
    /// When it was written, UTC (RFC 3339).
    pub created_at: String,
    /// The fingerprint of the data key that sealed the sensitive values (src/crypto.rs).
    pub data_key: String,
    /// In load order: every parent before the tables that refer to it.
    pub tables: Vec<TableEntry>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct TableEntry {
    pub name: String,
    pub file: String,
    pub rows: u64,
    pub sha256: String,
    pub columns: Vec<ColumnEntry>,
}

#[derive(Clone, Debug, Serialize, Deserialize, PartialEq)]
pub struct ColumnEntry {
    pub name: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub nullable: bool,
}

/// What went wrong: a data set refused for the reasons listed (nothing was written), or a
/// failure of the disk or the database.
#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    #[error("{0}")]
    Refused(Reasons),
    #[error("{0}")]
    Io(String),
    #[error("{0}")]
    Db(#[from] DbError),
}

pub type DatasetResult<T> = Result<T, DatasetError>;

fn io(what: impl fmt::Display, e: impl fmt::Display) -> DatasetError {
    DatasetError::Io(format!("{what}: {e}"))
}

/// The reasons a data set is refused, the first [`MAX_REASONS`] of them kept.
#[derive(Debug, Default)]
pub struct Reasons {
    pub list: Vec<String>,
    /// How many more were found and not kept.
    pub more: usize,
}

impl Reasons {
    pub fn push(&mut self, reason: String) {
        if self.list.len() < MAX_REASONS {
            self.list.push(reason);
        } else {
            self.more += 1;
        }
    }

    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// True when the list is full: reading on would only count.
    pub fn full(&self) -> bool {
        self.list.len() >= MAX_REASONS
    }
}

impl fmt::Display for Reasons {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "the data set is refused and nothing was written:")?;
        for r in &self.list {
            writeln!(f, "  - {r}")?;
        }
        if self.more > 0 {
            writeln!(f, "  … and {} more", self.more)?;
        }
        Ok(())
    }
}

/// Where a step is: `done` of `total` rows of `table` (the search index is `search index`).
pub struct Progress<'a> {
    pub table: &'a str,
    pub done: u64,
    pub total: u64,
}

/// Reports progress to the operator (the CLI prints it on stderr).
pub type OnProgress<'a> = &'a mut dyn FnMut(Progress);

/// The last migration of this build: the schema version a data set must carry.
pub fn schema_version() -> String {
    crate::db::Db::migration_versions()
        .last()
        .map(|v| (*v).to_owned())
        .unwrap_or_default()
}

/// The tables the data set carries, parents first; ties by name, so that both backends walk
/// them in the same order. A foreign key to a table that is not carried, or a cycle of
/// foreign keys, is an error of the schema.
pub fn ordered(tables: Vec<TableInfo>) -> Result<Vec<TableInfo>, String> {
    let carried: Vec<TableInfo> = tables
        .into_iter()
        .filter(|t| !REBUILT.contains(&t.name.as_str()))
        .collect();
    let names: BTreeSet<&str> = carried.iter().map(|t| t.name.as_str()).collect();
    let mut parents: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for t in &carried {
        let mut ps = BTreeSet::new();
        if let Some(c) = t.columns.iter().find(|c| c.kind == Kind::Other) {
            return Err(format!(
                "the column {}.{} has the type {}, which the data set cannot carry",
                t.name, c.name, c.declared
            ));
        }
        for fk in &t.foreign_keys {
            if !names.contains(fk.parent.as_str()) {
                return Err(format!(
                    "{} refers to {}, which the data set does not carry",
                    t.name, fk.parent
                ));
            }
            if fk.parent != t.name {
                ps.insert(fk.parent.as_str());
            }
        }
        parents.insert(t.name.as_str(), ps);
    }
    let mut order: Vec<String> = Vec::new();
    let mut placed: BTreeSet<&str> = BTreeSet::new();
    while placed.len() < names.len() {
        let ready = names
            .iter()
            .find(|n| !placed.contains(*n) && parents[*n].iter().all(|p| placed.contains(p)));
        match ready {
            Some(n) => {
                placed.insert(*n);
                order.push((*n).to_owned());
            }
            None => {
                let left: Vec<&str> = names
                    .iter()
                    .filter(|n| !placed.contains(*n))
                    .copied()
                    .collect();
                return Err(format!(
                    "the foreign keys of these tables form a cycle: {}",
                    left.join(", ")
                ));
            }
        }
    }
    let mut by_name: BTreeMap<String, TableInfo> =
        carried.into_iter().map(|t| (t.name.clone(), t)).collect();
    Ok(order
        .into_iter()
        .filter_map(|n| by_name.remove(&n))
        .collect())
}

/// The carried tables of the schema `c` is connected to, parents first.
pub fn carried_tables(c: &mut Conn) -> DatasetResult<Vec<TableInfo>> {
    let tables = crate::db::schema::tables(c)?;
    ordered(tables).map_err(|e| DatasetError::Db(DbError::Other(e)))
}

/// The columns in the order a row's file writes them: the primary key's, then the others by
/// name (the same on both backends, whatever order the migrations added them in).
pub fn file_columns(t: &TableInfo) -> Vec<&ColumnInfo> {
    let mut cols: Vec<&ColumnInfo> = t.primary_key.iter().filter_map(|k| t.column(k)).collect();
    let mut rest: Vec<&ColumnInfo> = t
        .columns
        .iter()
        .filter(|c| !t.primary_key.contains(&c.name))
        .collect();
    rest.sort_by(|a, b| a.name.cmp(&b.name));
    cols.extend(rest);
    cols
}

/// The manifest's description of a table's columns.
pub fn column_entries(t: &TableInfo) -> Vec<ColumnEntry> {
    file_columns(t)
        .into_iter()
        .map(|c| ColumnEntry {
            name: c.name.clone(),
            kind: c.kind.format_name().to_owned(),
            nullable: c.nullable,
        })
        .collect()
}

/// The name of a table's file in the data set.
pub fn file_name(table: &str) -> String {
    format!("{table}.jsonl")
}

/// Reads a table's file line by line (`f` gets the line's number and its text without the
/// end of line) and gives the SHA-256 of the whole file. `f` answering `false` stops early.
pub fn each_line(
    path: &Path,
    mut f: impl FnMut(u64, &str) -> DatasetResult<bool>,
) -> DatasetResult<String> {
    use sha2::{Digest, Sha256};
    let file = std::fs::File::open(path).map_err(|e| io(path.display(), e))?;
    let mut reader = std::io::BufReader::with_capacity(1 << 16, file);
    let mut hasher = Sha256::new();
    let mut buf = Vec::new();
    let mut n = 0;
    let mut going = true;
    loop {
        buf.clear();
        let read = reader
            .read_until(b'\n', &mut buf)
            .map_err(|e| io(path.display(), e))?;
        if read == 0 {
            break;
        }
        hasher.update(&buf);
        if !going {
            continue;
        }
        n += 1;
        let line = std::str::from_utf8(&buf)
            .map_err(|_| DatasetError::Io(format!("{} line {n}: not UTF-8", path.display())))?;
        let line = line.strip_suffix('\n').unwrap_or(line);
        going = f(n, line)?;
    }
    Ok(hex::encode(hasher.finalize()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::schema::ForeignKey;

    fn table(name: &str, parents: &[&str]) -> TableInfo {
        TableInfo {
            name: name.to_owned(),
            columns: Vec::new(),
            primary_key: Vec::new(),
            unique: Vec::new(),
            foreign_keys: parents
                .iter()
                .map(|p| ForeignKey {
                    columns: vec!["x".into()],
                    parent: (*p).to_owned(),
                    parent_columns: vec!["id".into()],
                })
                .collect(),
            identity: None,
        }
    }

    fn names(t: Vec<TableInfo>) -> Vec<String> {
        t.into_iter().map(|t| t.name).collect()
    }

    #[test]
    fn parents_come_first_and_rebuilt_tables_are_left_out() {
        let order = ordered(vec![
            table("attendance", &["activities", "people"]),
            table("activities", &["activities", "communities"]),
            table("people", &[]),
            table("communities", &[]),
            table("sessions", &["people"]),
        ])
        .expect("order");
        assert_eq!(
            names(order),
            ["communities", "activities", "people", "attendance"]
        );
    }

    #[test]
    fn a_cycle_or_a_reference_to_a_rebuilt_table_is_an_error_of_the_schema() {
        let cycle = ordered(vec![table("a", &["b"]), table("b", &["a"])]);
        assert!(cycle.expect_err("cycle").contains("cycle: a, b"));
        let to_rebuilt = ordered(vec![table("a", &["sessions"]), table("sessions", &[])]);
        assert!(
            to_rebuilt
                .expect_err("rebuilt")
                .contains("a refers to sessions")
        );
    }
}
