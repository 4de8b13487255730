//! What the migrated schema holds, read from the database itself: its tables, their columns,
//! keys and foreign keys. The data set (`kafo export` / `kafo import`, src/dataset/) walks it,
//! so that a table added by a migration travels without anyone listing it.
//! The catalogue queries are the only dialect-specific part: `pragma_*` on SQLite,
//! `pg_catalog` on PostgreSQL (in the connection's current schema).

use super::{Backend, Conn, DbResult};
use crate::params;

/// How a column's values are written in the data set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A 64-bit integer.
    Integer,
    /// A boolean: an integer column on SQLite, `BOOLEAN` on PostgreSQL; 0 or 1 in the data set.
    Boolean,
    Real,
    Text,
    Blob,
    /// A type the data set does not carry (`tsvector`): only in tables it rebuilds.
    Other,
}

impl Kind {
    /// The type's name in the data set's manifest. A boolean is an integer there, as SQLite
    /// stores it, so that both backends write the same file.
    pub fn format_name(self) -> &'static str {
        match self {
            Kind::Integer | Kind::Boolean => "integer",
            Kind::Real => "real",
            Kind::Text => "text",
            Kind::Blob => "blob",
            Kind::Other => "other",
        }
    }
}

#[derive(Clone, Debug)]
pub struct ColumnInfo {
    pub name: String,
    pub kind: Kind,
    /// The type as the schema declares it.
    pub declared: String,
    pub nullable: bool,
}

#[derive(Clone, Debug)]
pub struct ForeignKey {
    pub columns: Vec<String>,
    pub parent: String,
    pub parent_columns: Vec<String>,
}

#[derive(Clone, Debug)]
pub struct TableInfo {
    pub name: String,
    /// In the order the schema declares them.
    pub columns: Vec<ColumnInfo>,
    /// The primary key's columns (empty when the table has none).
    pub primary_key: Vec<String>,
    /// Every set of columns that must be unique: the primary key, UNIQUE constraints and
    /// unique indexes on plain columns without a WHERE clause.
    pub unique: Vec<Vec<String>>,
    pub foreign_keys: Vec<ForeignKey>,
    /// PostgreSQL: the column whose identity sequence gives new ids.
    pub identity: Option<String>,
}

impl TableInfo {
    pub fn column(&self, name: &str) -> Option<&ColumnInfo> {
        self.columns.iter().find(|c| c.name == name)
    }
}

/// Every ordinary table of the schema (not SQLite's own, virtual or shadow tables), by name.
pub fn tables(c: &mut Conn) -> DbResult<Vec<TableInfo>> {
    match c.backend() {
        Backend::Sqlite => sqlite_tables(c),
        Backend::Postgres => postgres_tables(c),
    }
}

fn push_unique(unique: &mut Vec<Vec<String>>, cols: Vec<String>) {
    if !cols.is_empty() && !unique.contains(&cols) {
        unique.push(cols);
    }
}

fn sqlite_kind(declared: &str) -> Kind {
    let ty = declared.to_ascii_uppercase();
    if ty.contains("INT") {
        Kind::Integer
    } else if ty.contains("BOOL") {
        Kind::Boolean
    } else if ty.contains("CHAR") || ty.contains("TEXT") || ty.contains("CLOB") {
        Kind::Text
    } else if ty.contains("BLOB") {
        Kind::Blob
    } else if ty.contains("REAL") || ty.contains("FLOA") || ty.contains("DOUB") {
        Kind::Real
    } else {
        Kind::Other
    }
}

fn sqlite_tables(c: &mut Conn) -> DbResult<Vec<TableInfo>> {
    let names: Vec<String> = c.column(
        "SELECT name FROM pragma_table_list WHERE schema = 'main' AND type = 'table' \
         AND name NOT LIKE 'sqlite_%' ORDER BY name",
        &[],
    )?;
    let mut out = Vec::new();
    for name in names {
        let mut columns = Vec::new();
        let mut pk: Vec<(i64, String)> = Vec::new();
        let rows = c.query(
            "SELECT name, type, \"notnull\" AS nn, pk FROM pragma_table_info($1) ORDER BY cid",
            params![name.as_str()],
            |r| {
                Ok((
                    r.get::<String>("name")?,
                    r.get::<String>("type")?,
                    r.get::<i64>("nn")?,
                    r.get::<i64>("pk")?,
                ))
            },
        )?;
        for (col, ty, notnull, pk_pos) in rows {
            if pk_pos > 0 {
                pk.push((pk_pos, col.clone()));
            }
            columns.push(ColumnInfo {
                kind: sqlite_kind(&ty),
                declared: ty,
                // A primary key is never null, declared so or not.
                nullable: notnull == 0 && pk_pos == 0,
                name: col,
            });
        }
        pk.sort();
        let primary_key: Vec<String> = pk.into_iter().map(|(_, c)| c).collect();
        let mut unique = Vec::new();
        push_unique(&mut unique, primary_key.clone());
        let indexes = c.query(
            "SELECT name, \"unique\" AS u, partial FROM pragma_index_list($1) ORDER BY name",
            params![name.as_str()],
            |r| {
                Ok((
                    r.get::<String>("name")?,
                    r.get::<i64>("u")?,
                    r.get::<i64>("partial")?,
                ))
            },
        )?;
        for (index, is_unique, partial) in indexes {
            if is_unique == 0 || partial != 0 {
                continue;
            }
            let cols: Vec<Option<String>> = c.column(
                "SELECT name FROM pragma_index_info($1) ORDER BY seqno",
                params![index.as_str()],
            )?;
            // An index on an expression has a column without a name: not checked here.
            if let Some(cols) = cols.into_iter().collect::<Option<Vec<String>>>() {
                push_unique(&mut unique, cols);
            }
        }
        let fk_rows = c.query(
            "SELECT id, \"table\" AS parent, \"from\" AS col, \"to\" AS parent_col \
             FROM pragma_foreign_key_list($1) ORDER BY id, seq",
            params![name.as_str()],
            |r| {
                Ok((
                    r.get::<i64>("id")?,
                    r.get::<String>("parent")?,
                    r.get::<String>("col")?,
                    r.get::<Option<String>>("parent_col")?,
                ))
            },
        )?;
        let mut foreign_keys: Vec<(i64, ForeignKey)> = Vec::new();
        for (id, parent, col, parent_col) in fk_rows {
            match foreign_keys.last_mut() {
                Some((last, fk)) if *last == id => {
                    fk.columns.push(col);
                    fk.parent_columns.push(parent_col.unwrap_or_default());
                }
                _ => foreign_keys.push((
                    id,
                    ForeignKey {
                        columns: vec![col],
                        parent,
                        parent_columns: vec![parent_col.unwrap_or_default()],
                    },
                )),
            }
        }
        out.push(TableInfo {
            name,
            columns,
            primary_key,
            unique,
            foreign_keys: foreign_keys.into_iter().map(|(_, fk)| fk).collect(),
            identity: None,
        });
    }
    // `REFERENCES t` without columns names the parent's primary key.
    let pks: Vec<(String, Vec<String>)> = out
        .iter()
        .map(|t| (t.name.clone(), t.primary_key.clone()))
        .collect();
    for t in &mut out {
        for fk in &mut t.foreign_keys {
            if fk.parent_columns.iter().any(String::is_empty)
                && let Some((_, pk)) = pks.iter().find(|(n, _)| *n == fk.parent)
            {
                fk.parent_columns = pk.clone();
            }
        }
    }
    Ok(out)
}

fn postgres_kind(ty: &str) -> Kind {
    match ty {
        "bigint" => Kind::Integer,
        "boolean" => Kind::Boolean,
        "text" => Kind::Text,
        "bytea" => Kind::Blob,
        "double precision" => Kind::Real,
        _ => Kind::Other,
    }
}

/// Groups `(group, column)` rows, in order, into lists of columns.
fn grouped(rows: Vec<(String, String)>) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for (group, col) in rows {
        match out.last_mut() {
            Some((g, cols)) if *g == group => cols.push(col),
            _ => out.push((group, vec![col])),
        }
    }
    out
}

fn postgres_tables(c: &mut Conn) -> DbResult<Vec<TableInfo>> {
    let names: Vec<String> = c.column(
        "SELECT c.relname::text FROM pg_class c \
         WHERE c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema()) \
           AND c.relkind = 'r' \
         ORDER BY c.relname",
        &[],
    )?;
    let mut out = Vec::new();
    for name in names {
        let rows = c.query(
            "SELECT a.attname::text AS name, format_type(a.atttypid, a.atttypmod) AS ty, \
                    a.attnotnull AS notnull, a.attidentity <> '' AS is_identity \
             FROM pg_attribute a \
             WHERE a.attrelid = ($1::text)::regclass AND a.attnum > 0 AND NOT a.attisdropped \
             ORDER BY a.attnum",
            params![name.as_str()],
            |r| {
                Ok((
                    r.get::<String>("name")?,
                    r.get::<String>("ty")?,
                    r.get::<bool>("notnull")?,
                    r.get::<bool>("is_identity")?,
                ))
            },
        )?;
        let mut columns = Vec::new();
        let mut identity = None;
        for (col, ty, notnull, is_identity) in rows {
            if is_identity {
                identity = Some(col.clone());
            }
            columns.push(ColumnInfo {
                kind: postgres_kind(&ty),
                declared: ty,
                nullable: !notnull,
                name: col,
            });
        }
        let index_rows = c.query(
            "SELECT i.indexrelid::regclass::text AS ix, i.indisprimary AS is_pk, \
                    a.attname::text AS col \
             FROM pg_index i \
             CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, ord) \
             JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum \
             WHERE i.indrelid = ($1::text)::regclass AND i.indisunique \
               AND i.indpred IS NULL AND i.indexprs IS NULL \
             ORDER BY NOT i.indisprimary, 1, k.ord",
            params![name.as_str()],
            |r| {
                Ok((
                    r.get::<String>("ix")?,
                    r.get::<bool>("is_pk")?,
                    r.get::<String>("col")?,
                ))
            },
        )?;
        let pk_index = index_rows
            .iter()
            .find(|(_, is_pk, _)| *is_pk)
            .map(|(ix, _, _)| ix.clone());
        let mut primary_key = Vec::new();
        let mut unique = Vec::new();
        for (ix, cols) in grouped(
            index_rows
                .into_iter()
                .map(|(ix, _, col)| (ix, col))
                .collect(),
        ) {
            if Some(&ix) == pk_index.as_ref() {
                primary_key = cols.clone();
            }
            push_unique(&mut unique, cols);
        }
        let fk_rows = c.query(
            "SELECT con.conname::text AS fk, cf.relname::text AS parent, \
                    a.attname::text AS col, pa.attname::text AS parent_col \
             FROM pg_constraint con \
             JOIN pg_class cf ON cf.oid = con.confrelid \
             CROSS JOIN LATERAL unnest(con.conkey, con.confkey) WITH ORDINALITY AS k(attnum, pattnum, ord) \
             JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = k.attnum \
             JOIN pg_attribute pa ON pa.attrelid = con.confrelid AND pa.attnum = k.pattnum \
             WHERE con.conrelid = ($1::text)::regclass AND con.contype = 'f' \
             ORDER BY con.conname, k.ord",
            params![name.as_str()],
            |r| {
                Ok((
                    r.get::<String>("fk")?,
                    r.get::<String>("parent")?,
                    r.get::<String>("col")?,
                    r.get::<String>("parent_col")?,
                ))
            },
        )?;
        let mut foreign_keys: Vec<(String, ForeignKey)> = Vec::new();
        for (fk_name, parent, col, parent_col) in fk_rows {
            match foreign_keys.last_mut() {
                Some((last, fk)) if *last == fk_name => {
                    fk.columns.push(col);
                    fk.parent_columns.push(parent_col);
                }
                _ => foreign_keys.push((
                    fk_name,
                    ForeignKey {
                        columns: vec![col],
                        parent,
                        parent_columns: vec![parent_col],
                    },
                )),
            }
        }
        out.push(TableInfo {
            name,
            columns,
            primary_key,
            unique,
            foreign_keys: foreign_keys.into_iter().map(|(_, fk)| fk).collect(),
            identity,
        });
    }
    Ok(out)
}
