//! `kafo import PATH`: checks the whole data set against this installation's schema, then
//! loads it in one transaction, keeping every id, and rebuilds the search index. A data set
//! with anything wrong is refused with the reasons, before anything is written.
//!
//! The check reads every file once: the manifest (format, versions, data key), that the
//! installation is empty, then every row: its columns and their types, the checksums and row
//! counts, every unique key, and every foreign key against the keys of the file (the tables
//! come parents first; a table's references to itself are checked once it is read whole).

use base64::Engine;
use base64::engine::general_purpose::STANDARD as B64;
use std::collections::{HashMap, HashSet};
use std::hash::{Hash, Hasher};
use std::path::Path;

use super::{
    DatasetError, DatasetResult, FORMAT, FORMAT_VERSION, MANIFEST, Manifest, OnProgress, Progress,
    Reasons, carried_tables, column_entries, each_line, file_columns,
};
use crate::crypto::DataKey;
use crate::db::schema::{ColumnInfo, Kind, TableInfo};
use crate::db::{Backend, Conn, Db, Value};

/// What an import loaded.
#[derive(Debug)]
pub struct Loaded {
    /// Rows per table, in load order.
    pub tables: Vec<(String, u64)>,
    /// Records in the rebuilt search index.
    pub indexed: usize,
}

/// Loads the data set in `dir` into `db`, which must be migrated and empty.
pub fn import(db: &Db, key: &DataKey, dir: &Path, progress: OnProgress) -> DatasetResult<Loaded> {
    let manifest = read_manifest(dir)?;
    let mut conn = db.conn()?;
    let tables = carried_tables(&mut conn)?;
    let mut reasons = Reasons::default();
    check_manifest(&manifest, key, &tables, &mut reasons);
    check_empty(&mut conn, &tables, &mut reasons)?;
    // The rows are only worth reading against a schema they were written for.
    if reasons.is_empty() {
        check_rows(dir, &manifest, &tables, &mut reasons, &mut *progress)?;
    }
    if !reasons.is_empty() {
        return Err(DatasetError::Refused(reasons));
    }
    crate::app::register_search_sources();
    conn.transaction(|c| load(c, dir, &manifest, &tables, progress))
}

fn refused(reason: String) -> DatasetError {
    let mut r = Reasons::default();
    r.push(reason);
    DatasetError::Refused(r)
}

/// The manifest, checked for its format and version before anything else is read.
fn read_manifest(dir: &Path) -> DatasetResult<Manifest> {
    let path = dir.join(MANIFEST);
    let text = std::fs::read_to_string(&path).map_err(|e| {
        refused(format!(
            "{} cannot be read ({e}): {} is not a Kafo data set",
            path.display(),
            dir.display()
        ))
    })?;
    let value: serde_json::Value = serde_json::from_str(&text)
        .map_err(|e| refused(format!("{MANIFEST} is not valid JSON: {e}")))?;
    let format = value.get("format").and_then(|f| f.as_str());
    if format != Some(FORMAT) {
        return Err(refused(format!(
            "{MANIFEST}: the format is {}, not {FORMAT}",
            format.unwrap_or("missing")
        )));
    }
    let version = value.get("format_version").and_then(|v| v.as_i64());
    if version != Some(FORMAT_VERSION) {
        return Err(refused(format!(
            "{MANIFEST}: format version {} — this Kafo reads version {FORMAT_VERSION} only",
            version.map_or_else(|| "missing".to_owned(), |v| v.to_string())
        )));
    }
    serde_json::from_value(value).map_err(|e| refused(format!("{MANIFEST}: {e}")))
}

fn check_manifest(manifest: &Manifest, key: &DataKey, tables: &[TableInfo], r: &mut Reasons) {
    let ours = super::schema_version();
    if manifest.schema_version != ours {
        r.push(format!(
            "the data set's schema is {}, this installation's is {ours}: import it with the \
             Kafo version that wrote it, or export it again from an installation at {ours}",
            manifest.schema_version
        ));
        // Tables and columns would differ for that reason alone.
        return;
    }
    if manifest.data_key != key.fingerprint() {
        r.push(format!(
            "the data set was sealed with another data key (fingerprint {}, this \
             installation's is {}): give this installation the key of the one exported \
             (KAFO_DATA_KEY or KAFO_DATA_KEY_FILE, see docs/operations.md)",
            manifest.data_key,
            key.fingerprint()
        ));
    }
    for t in tables {
        match manifest.tables.iter().find(|e| e.name == t.name) {
            None => r.push(format!("the table {} is missing from {MANIFEST}", t.name)),
            Some(entry) => {
                if entry.file != super::file_name(&t.name) {
                    r.push(format!(
                        "{MANIFEST}: the file of {} is {}, not {}",
                        t.name,
                        entry.file,
                        super::file_name(&t.name)
                    ));
                }
                let ours = column_entries(t);
                for c in &ours {
                    match entry.columns.iter().find(|e| e.name == c.name) {
                        None => r.push(format!("{}: the column {} is missing", t.name, c.name)),
                        Some(e) if e.kind != c.kind => r.push(format!(
                            "{}.{}: the type is {}, this installation's is {}",
                            t.name, c.name, e.kind, c.kind
                        )),
                        Some(_) => {}
                    }
                }
                for e in &entry.columns {
                    if !ours.iter().any(|c| c.name == e.name) {
                        r.push(format!("{}: unknown column {}", t.name, e.name));
                    }
                }
            }
        }
    }
    for e in &manifest.tables {
        if !tables.iter().any(|t| t.name == e.name) {
            r.push(format!("unknown table {}", e.name));
        }
    }
}

fn check_empty(c: &mut Conn, tables: &[TableInfo], r: &mut Reasons) -> DatasetResult<()> {
    let mut full = Vec::new();
    for t in tables {
        let any: Vec<i64> = c.column(
            &format!("SELECT CAST(1 AS BIGINT) FROM \"{}\" LIMIT 1", t.name),
            &[],
        )?;
        if !any.is_empty() {
            full.push(t.name.as_str());
        }
    }
    if !full.is_empty() {
        r.push(format!(
            "this installation is not empty (records in {}): a data set is loaded into a \
             new, empty installation only",
            full.join(", ")
        ));
    }
    Ok(())
}

/// A key's values, hashed: the check holds millions of keys in little memory (a collision
/// of 64-bit hashes among a few million keys is less likely than a disk error). `None`
/// when a value is null: such a key neither clashes nor refers to anything.
fn key_hash(values: &[&Value]) -> Option<u64> {
    let mut h = std::hash::DefaultHasher::new();
    for v in values {
        match v {
            Value::Null => return None,
            Value::Int(i) => (1u8, i).hash(&mut h),
            Value::Bool(b) => (1u8, i64::from(*b)).hash(&mut h),
            Value::Text(s) => (2u8, s).hash(&mut h),
            Value::Bytes(b) => (3u8, b).hash(&mut h),
            Value::Float(f) => (4u8, f.to_bits()).hash(&mut h),
        }
    }
    Some(h.finish())
}

fn show(values: &[&Value]) -> String {
    values
        .iter()
        .map(|v| match v {
            Value::Null => "null".to_owned(),
            Value::Int(i) => i.to_string(),
            Value::Bool(b) => i64::from(*b).to_string(),
            Value::Text(s) => format!("{s:?}"),
            Value::Bytes(b) => format!("<{} bytes>", b.len()),
            Value::Float(f) => f.to_string(),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// A line of a table's file as the values of `cols`, in their order, or why it cannot be.
fn parse_row(line: &str, t: &TableInfo, cols: &[&ColumnInfo]) -> Result<Vec<Value>, String> {
    let (values, mut errors) = parse_row_lenient(line, t, cols);
    if errors.is_empty() {
        Ok(values.into_iter().flatten().collect())
    } else {
        Err(errors.swap_remove(0))
    }
}

/// A line's values where they are right (`None` where not), and every fault of the line:
/// the check goes on with the keys of a row that has a wrong column elsewhere, so that one
/// bad value is reported once, not again in every row that refers to its row.
fn parse_row_lenient(
    line: &str,
    t: &TableInfo,
    cols: &[&ColumnInfo],
) -> (Vec<Option<Value>>, Vec<String>) {
    let mut object: serde_json::Map<String, serde_json::Value> = match serde_json::from_str(line) {
        Ok(o) => o,
        Err(e) => {
            return (
                vec![None; cols.len()],
                vec![format!("not a JSON object ({e})")],
            );
        }
    };
    let mut values = Vec::with_capacity(cols.len());
    let mut errors = Vec::new();
    for col in cols {
        match object.remove(&col.name) {
            None => {
                errors.push(format!("the column {} is missing", col.name));
                values.push(None);
            }
            Some(v) => match typed(v, col) {
                Ok(v) => values.push(Some(v)),
                Err(e) => {
                    errors.push(e);
                    values.push(None);
                }
            },
        }
    }
    for extra in object.keys() {
        errors.push(format!("unknown column {extra} in {}", t.name));
    }
    (values, errors)
}

fn typed(v: serde_json::Value, col: &ColumnInfo) -> Result<Value, String> {
    use serde_json::Value as J;
    let wrong = |v: &J| {
        format!(
            "{} must be {}, not {v}",
            col.name,
            match col.kind {
                Kind::Integer => "an integer",
                Kind::Boolean => "0 or 1",
                Kind::Real => "a number",
                Kind::Text => "a string",
                Kind::Blob => "a base64 string",
                Kind::Other => "of a type the data set does not carry",
            }
        )
    };
    Ok(match (col.kind, v) {
        (_, J::Null) if col.nullable => Value::Null,
        (_, J::Null) => return Err(format!("{} must not be null", col.name)),
        (Kind::Integer, J::Number(n)) if n.is_i64() => Value::Int(n.as_i64().unwrap_or(0)),
        (Kind::Boolean, J::Number(n)) if n.as_i64() == Some(0) => Value::Bool(false),
        (Kind::Boolean, J::Number(n)) if n.as_i64() == Some(1) => Value::Bool(true),
        (Kind::Real, J::Number(n)) => Value::Float(n.as_f64().unwrap_or(0.0)),
        (Kind::Text, J::String(s)) => Value::Text(s),
        (Kind::Blob, J::String(s)) => Value::Bytes(
            B64.decode(s.as_bytes())
                .map_err(|e| format!("{} is not valid base64 ({e})", col.name))?,
        ),
        (_, other) => return Err(wrong(&other)),
    })
}

/// The positions in `cols` of the named columns.
fn positions(cols: &[&ColumnInfo], names: &[String]) -> Vec<usize> {
    names
        .iter()
        .filter_map(|n| cols.iter().position(|c| c.name == *n))
        .collect()
}

fn check_rows(
    dir: &Path,
    manifest: &Manifest,
    tables: &[TableInfo],
    r: &mut Reasons,
    progress: OnProgress,
) -> DatasetResult<()> {
    // The keys seen so far, per table and set of columns (unique ones and those referred to).
    let mut keys: HashMap<(String, Vec<String>), HashSet<u64>> = HashMap::new();
    for t in tables {
        let Some(entry) = manifest.tables.iter().find(|e| e.name == t.name) else {
            continue;
        };
        let cols = file_columns(t);
        // The key sets this table fills: its unique keys, then those others refer to.
        let mut sets: Vec<(Vec<String>, bool)> =
            t.unique.iter().map(|u| (u.clone(), true)).collect();
        for other in tables {
            for fk in &other.foreign_keys {
                if fk.parent == t.name && !sets.iter().any(|(s, _)| *s == fk.parent_columns) {
                    sets.push((fk.parent_columns.clone(), false));
                }
            }
        }
        let set_pos: Vec<Vec<usize>> = sets.iter().map(|(s, _)| positions(&cols, s)).collect();
        let mut seen: Vec<HashSet<u64>> = sets.iter().map(|_| HashSet::new()).collect();
        let fk_pos: Vec<Vec<usize>> = t
            .foreign_keys
            .iter()
            .map(|fk| positions(&cols, &fk.columns))
            .collect();
        let parent_sets: Vec<Option<&HashSet<u64>>> = t
            .foreign_keys
            .iter()
            .map(|fk| keys.get(&(fk.parent.clone(), fk.parent_columns.clone())))
            .collect();
        // References of the table to itself: checked when it is read whole.
        let mut pending: Vec<(u64, usize, u64, String)> = Vec::new();
        let path = dir.join(&entry.file);
        if !path.exists() {
            r.push(format!("the file {} is missing", entry.file));
            continue;
        }
        let mut rows = 0u64;
        progress(Progress {
            table: &t.name,
            done: 0,
            total: entry.rows,
        });
        let sha = each_line(&path, |n, line| {
            rows += 1;
            let (values, errors) = parse_row_lenient(line, t, &cols);
            for e in errors {
                r.push(format!("{} line {n}: {e}", entry.file));
            }
            for (i, pos) in set_pos.iter().enumerate() {
                let Some(vals) = pos
                    .iter()
                    .map(|&p| values[p].as_ref())
                    .collect::<Option<Vec<&Value>>>()
                else {
                    continue;
                };
                if let Some(h) = key_hash(&vals)
                    && !seen[i].insert(h)
                    && sets[i].1
                {
                    r.push(format!(
                        "{} line {n}: ({}) = ({}) appears twice",
                        entry.file,
                        sets[i].0.join(", "),
                        show(&vals)
                    ));
                }
            }
            for (i, fk) in t.foreign_keys.iter().enumerate() {
                let Some(vals) = fk_pos[i]
                    .iter()
                    .map(|&p| values[p].as_ref())
                    .collect::<Option<Vec<&Value>>>()
                else {
                    continue;
                };
                let Some(h) = key_hash(&vals) else { continue };
                if fk.parent == t.name {
                    pending.push((n, i, h, show(&vals)));
                    continue;
                }
                let found = parent_sets[i].is_some_and(|s| s.contains(&h));
                if !found {
                    r.push(broken(&entry.file, n, fk, &vals));
                }
            }
            if rows.is_multiple_of(50_000) {
                progress(Progress {
                    table: &t.name,
                    done: rows,
                    total: entry.rows,
                });
            }
            Ok(!r.full())
        })?;
        for (n, i, h, shown) in pending {
            let fk = &t.foreign_keys[i];
            let found = sets
                .iter()
                .position(|(s, _)| *s == fk.parent_columns)
                .is_some_and(|p| seen[p].contains(&h));
            if !found {
                r.push(format!(
                    "{} line {n}: {} = {shown} refers to no row of {}",
                    entry.file,
                    fk.columns.join(", "),
                    fk.parent
                ));
            }
        }
        if r.full() {
            return Ok(());
        }
        if sha != entry.sha256 {
            r.push(format!(
                "{}: the checksum differs from the manifest's (the file was changed or cut short)",
                entry.file
            ));
        }
        if rows != entry.rows {
            r.push(format!(
                "{}: {rows} rows, the manifest says {}",
                entry.file, entry.rows
            ));
        }
        progress(Progress {
            table: &t.name,
            done: rows,
            total: entry.rows,
        });
        for ((cols, _), set) in sets.into_iter().zip(seen) {
            keys.insert((t.name.clone(), cols), set);
        }
    }
    Ok(())
}

fn broken(file: &str, n: u64, fk: &crate::db::schema::ForeignKey, vals: &[&Value]) -> String {
    format!(
        "{file} line {n}: {} = {} refers to no row of {}",
        fk.columns.join(", "),
        show(vals),
        fk.parent
    )
}

/// Rows per INSERT on PostgreSQL (one round trip each). SQLite inserts one row per
/// statement: it has no round trip to save, and binds parameters by name in linear time.
const PG_BATCH_PARAMS: usize = 20_000;

fn load(
    c: &mut Conn,
    dir: &Path,
    manifest: &Manifest,
    tables: &[TableInfo],
    progress: OnProgress,
) -> DatasetResult<Loaded> {
    let backend = c.backend();
    let mut loaded = Vec::new();
    for t in tables {
        let Some(entry) = manifest.tables.iter().find(|e| e.name == t.name) else {
            continue;
        };
        let cols = file_columns(t);
        // A nullable reference of the table to itself is written after its rows, so that
        // the order of the rows does not matter.
        let self_refs: Vec<usize> = if t.primary_key.is_empty() {
            Vec::new()
        } else {
            t.foreign_keys
                .iter()
                .filter(|fk| fk.parent == t.name && fk.columns.len() == 1)
                .filter_map(|fk| positions(&cols, &fk.columns).first().copied())
                .filter(|&p| cols[p].nullable)
                .collect()
        };
        let pk_pos = positions(&cols, &t.primary_key);
        let mut later: Vec<(usize, Value, Vec<Value>)> = Vec::new();
        let names: Vec<String> = cols.iter().map(|c| format!("\"{}\"", c.name)).collect();
        let per_batch = match backend {
            Backend::Sqlite => 1,
            Backend::Postgres => (PG_BATCH_PARAMS / cols.len().max(1)).clamp(1, 1000),
        };
        let full_sql = insert_sql(&t.name, &names, per_batch);
        let mut batch: Vec<Value> = Vec::with_capacity(per_batch * cols.len());
        let mut in_batch = 0usize;
        let mut rows = 0u64;
        let path = dir.join(&entry.file);
        let sha = each_line(&path, |n, line| {
            let mut values = parse_row(line, t, &cols)
                .map_err(|e| refused(format!("{} line {n}: {e}", entry.file)))?;
            for &p in &self_refs {
                if values[p] != Value::Null {
                    let v = std::mem::replace(&mut values[p], Value::Null);
                    let key = pk_pos.iter().map(|&k| values[k].clone()).collect();
                    later.push((p, v, key));
                }
            }
            batch.extend(values);
            in_batch += 1;
            rows += 1;
            if in_batch == per_batch {
                insert(c, &t.name, &full_sql, &batch)?;
                batch.clear();
                in_batch = 0;
            }
            if rows.is_multiple_of(10_000) {
                progress(Progress {
                    table: &t.name,
                    done: rows,
                    total: entry.rows,
                });
            }
            Ok(true)
        })?;
        if in_batch > 0 {
            insert(c, &t.name, &insert_sql(&t.name, &names, in_batch), &batch)?;
        }
        // The files were checked a moment ago; one changed since is not loaded.
        if sha != entry.sha256 {
            return Err(refused(format!(
                "{} changed while it was being imported",
                entry.file
            )));
        }
        for (p, v, key) in later {
            let wheres: Vec<String> = t
                .primary_key
                .iter()
                .enumerate()
                .map(|(i, k)| format!("\"{k}\" = ${}", i + 2))
                .collect();
            let sql = format!(
                "UPDATE \"{}\" SET \"{}\" = $1 WHERE {}",
                t.name,
                cols[p].name,
                wheres.join(" AND ")
            );
            let mut params = vec![v];
            params.extend(key);
            c.execute(&sql, &params)?;
        }
        progress(Progress {
            table: &t.name,
            done: rows,
            total: entry.rows,
        });
        loaded.push((t.name.clone(), rows));
    }
    if backend == Backend::Postgres {
        // New records get ids after the imported ones.
        for t in tables {
            if let Some(id) = &t.identity {
                c.scalar::<i64>(
                    &format!(
                        "SELECT setval(pg_get_serial_sequence($1, $2), \
                         COALESCE((SELECT MAX(\"{id}\") FROM \"{}\"), 0) + 1, false)",
                        t.name
                    ),
                    crate::params![t.name.as_str(), id.as_str()],
                )?;
            }
        }
    }
    progress(Progress {
        table: "search index",
        done: 0,
        total: 0,
    });
    let indexed = crate::search::reindex_all(c)?;
    progress(Progress {
        table: "search index",
        done: indexed as u64,
        total: indexed as u64,
    });
    Ok(Loaded {
        tables: loaded,
        indexed,
    })
}

fn insert_sql(table: &str, names: &[String], rows: usize) -> String {
    let width = names.len();
    let mut tuples = Vec::with_capacity(rows);
    for r in 0..rows {
        let marks: Vec<String> = (1..=width).map(|i| format!("${}", r * width + i)).collect();
        tuples.push(format!("({})", marks.join(", ")));
    }
    format!(
        "INSERT INTO \"{table}\" ({}) VALUES {}",
        names.join(", "),
        tuples.join(", ")
    )
}

/// A statement that fails (a CHECK constraint the file breaks) refuses the data set: the
/// transaction rolls back and nothing stays written.
fn insert(c: &mut Conn, table: &str, sql: &str, values: &[Value]) -> DatasetResult<()> {
    c.execute(sql, values)
        .map_err(|e| refused(format!("{table}: the database refused a row: {e}")))?;
    Ok(())
}
