//! `kafo export PATH`: every carried table to its file, from one snapshot of the database,
//! then the manifest (written last: a directory without one is not a data set).

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use sha2::{Digest, Sha256};
use std::fmt::Write as _;
use std::io::Write;
use std::path::Path;

use super::{
    DatasetError, DatasetResult, FORMAT, FORMAT_VERSION, MANIFEST, Manifest, OnProgress, Progress,
    TableEntry, carried_tables, column_entries, file_columns, file_name, io,
};
use crate::crypto::DataKey;
use crate::db::schema::{ColumnInfo, Kind, TableInfo};
use crate::db::{Backend, Conn, Db, DbResult, Row, Value};

/// Rows read per query: memory stays flat whatever the size of a table.
const PAGE: i64 = 5000;

/// Writes the data set of `db` into the directory `dir` (made if needed; it must be empty)
/// and gives its manifest.
pub fn export(db: &Db, key: &DataKey, dir: &Path, progress: OnProgress) -> DatasetResult<Manifest> {
    if dir.exists() {
        let mut entries = std::fs::read_dir(dir).map_err(|e| io(dir.display(), e))?;
        if entries.next().is_some() {
            return Err(DatasetError::Io(format!(
                "{} is not empty: the data set is written into a new directory",
                dir.display()
            )));
        }
    }
    std::fs::create_dir_all(dir).map_err(|e| io(dir.display(), e))?;
    let mut conn = db.conn()?;
    // One snapshot for every table, while the site may go on writing.
    let begin = match conn.backend() {
        Backend::Sqlite => "BEGIN",
        Backend::Postgres => "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
    };
    conn.execute(begin, &[])?;
    let written = write_tables(&mut conn, dir, progress);
    let _ = conn.execute("COMMIT", &[]);
    let tables = written?;
    let manifest = Manifest {
        format: FORMAT.to_owned(),
        format_version: FORMAT_VERSION,
        schema_version: super::schema_version(),
        created_at: created_at(),
        data_key: key.fingerprint(),
        tables,
    };
    let text = serde_json::to_string_pretty(&manifest).map_err(|e| io("manifest", e))?;
    std::fs::write(dir.join(MANIFEST), text + "\n").map_err(|e| io(MANIFEST, e))?;
    Ok(manifest)
}

fn created_at() -> String {
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

fn write_tables(c: &mut Conn, dir: &Path, progress: OnProgress) -> DatasetResult<Vec<TableEntry>> {
    let tables = carried_tables(c)?;
    let mut entries = Vec::new();
    for t in &tables {
        let total: i64 = c.scalar(&format!("SELECT COUNT(*) FROM \"{}\"", t.name), &[])?;
        let total = u64::try_from(total).unwrap_or(0);
        let file = file_name(&t.name);
        let path = dir.join(&file);
        let out = std::fs::File::create(&path).map_err(|e| io(path.display(), e))?;
        let mut out = std::io::BufWriter::with_capacity(1 << 16, out);
        let mut hasher = Sha256::new();
        let mut rows = 0u64;
        progress(Progress {
            table: &t.name,
            done: 0,
            total,
        });
        let cols = file_columns(t);
        let mut after: Option<Vec<Value>> = None;
        loop {
            let page = read_page(c, t, &cols, after.as_deref())?;
            let n = page.len();
            for (line, _) in &page {
                hasher.update(line.as_bytes());
                out.write_all(line.as_bytes())
                    .map_err(|e| io(path.display(), e))?;
            }
            rows += n as u64;
            if n > 0 {
                progress(Progress {
                    table: &t.name,
                    done: rows,
                    total,
                });
            }
            // A table without a primary key is read whole, in one query.
            if (n as i64) < PAGE || t.primary_key.is_empty() {
                break;
            }
            after = page.into_iter().last().map(|(_, key)| key);
        }
        out.flush().map_err(|e| io(path.display(), e))?;
        entries.push(TableEntry {
            name: t.name.clone(),
            file,
            rows,
            sha256: hex::encode(hasher.finalize()),
            columns: column_entries(t),
        });
    }
    Ok(entries)
}

/// A column in ORDER BY and in the page's comparison: text compared byte by byte on both
/// backends (PostgreSQL's default collation would sort otherwise than SQLite).
fn ordered_column(t: &TableInfo, name: &str, backend: Backend) -> String {
    match (backend, t.column(name).map(|c| c.kind)) {
        (Backend::Postgres, Some(Kind::Text)) => format!("\"{name}\" COLLATE \"C\""),
        _ => format!("\"{name}\""),
    }
}

/// One page of rows, each as its line of the file and its primary key, in key order.
fn read_page(
    c: &mut Conn,
    t: &TableInfo,
    cols: &[&ColumnInfo],
    after: Option<&[Value]>,
) -> DbResult<Vec<(String, Vec<Value>)>> {
    let backend = c.backend();
    let select: Vec<String> = cols.iter().map(|c| format!("\"{}\"", c.name)).collect();
    let order_cols: Vec<String> = if t.primary_key.is_empty() {
        cols.iter()
            .map(|c| ordered_column(t, &c.name, backend))
            .collect()
    } else {
        t.primary_key
            .iter()
            .map(|k| ordered_column(t, k, backend))
            .collect()
    };
    let mut sql = format!("SELECT {} FROM \"{}\"", select.join(", "), t.name);
    let mut params = Vec::new();
    if let Some(after) = after {
        let marks: Vec<String> = (1..=after.len()).map(|i| format!("${i}")).collect();
        let _ = write!(
            sql,
            " WHERE ({}) > ({})",
            order_cols.join(", "),
            marks.join(", ")
        );
        params.extend_from_slice(after);
    }
    let _ = write!(sql, " ORDER BY {}", order_cols.join(", "));
    if !t.primary_key.is_empty() {
        let _ = write!(sql, " LIMIT {PAGE}");
    }
    c.query(&sql, &params, |r| {
        let line = row_line(r, cols)?;
        let mut key = Vec::with_capacity(t.primary_key.len());
        for k in &t.primary_key {
            key.push(match t.column(k).map(|c| c.kind) {
                Some(Kind::Text) => Value::from(r.get::<String>(k.as_str())?),
                _ => Value::from(r.get::<i64>(k.as_str())?),
            });
        }
        Ok((line, key))
    })
}

/// A row as one line of JSON: `{"column": value, ...}` in the file's column order.
fn row_line(r: &Row, cols: &[&ColumnInfo]) -> DbResult<String> {
    let mut line = String::with_capacity(256);
    line.push('{');
    for (i, col) in cols.iter().enumerate() {
        if i > 0 {
            line.push(',');
        }
        line.push('"');
        line.push_str(&col.name);
        line.push_str("\":");
        let name = col.name.as_str();
        match col.kind {
            Kind::Integer => match r.get::<Option<i64>>(name)? {
                Some(v) => {
                    let _ = write!(line, "{v}");
                }
                None => line.push_str("null"),
            },
            Kind::Boolean => match r.get::<Option<bool>>(name)? {
                Some(v) => line.push(if v { '1' } else { '0' }),
                None => line.push_str("null"),
            },
            Kind::Real => match r.get::<Option<f64>>(name)? {
                Some(v) if v.is_finite() => {
                    line.push_str(&serde_json::Value::from(v).to_string());
                }
                _ => line.push_str("null"),
            },
            Kind::Text => match r.get::<Option<String>>(name)? {
                Some(v) => line.push_str(&serde_json::Value::from(v).to_string()),
                None => line.push_str("null"),
            },
            Kind::Blob | Kind::Other => match r.get::<Option<Vec<u8>>>(name)? {
                Some(v) => {
                    line.push('"');
                    line.push_str(&B64.encode(v));
                    line.push('"');
                }
                None => line.push_str("null"),
            },
        }
    }
    line.push_str("}\n");
    Ok(line)
}
