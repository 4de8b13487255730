//! Parameter values and column conversions shared by both backends.

use super::{DbError, DbResult};
use ::postgres::types::{IsNull, ToSql, Type, to_sql_checked};
use bytes::BytesMut;

/// A statement parameter. Integers are 64-bit and booleans real booleans on both backends,
/// matching the column types the migrations use (INTEGER/BIGINT, INTEGER/BOOLEAN).
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Int(i64),
    Float(f64),
    Text(String),
    Bool(bool),
    Bytes(Vec<u8>),
}

impl From<Vec<u8>> for Value {
    fn from(v: Vec<u8>) -> Self {
        Value::Bytes(v)
    }
}

impl From<i64> for Value {
    fn from(v: i64) -> Self {
        Value::Int(v)
    }
}
impl From<i32> for Value {
    fn from(v: i32) -> Self {
        Value::Int(v.into())
    }
}
impl From<u32> for Value {
    fn from(v: u32) -> Self {
        Value::Int(v.into())
    }
}
impl From<usize> for Value {
    fn from(v: usize) -> Self {
        Value::Int(i64::try_from(v).unwrap_or(i64::MAX))
    }
}
impl From<f64> for Value {
    fn from(v: f64) -> Self {
        Value::Float(v)
    }
}
impl From<bool> for Value {
    fn from(v: bool) -> Self {
        Value::Bool(v)
    }
}
impl From<String> for Value {
    fn from(v: String) -> Self {
        Value::Text(v)
    }
}
impl From<&String> for Value {
    fn from(v: &String) -> Self {
        Value::Text(v.clone())
    }
}
impl From<&str> for Value {
    fn from(v: &str) -> Self {
        Value::Text(v.to_owned())
    }
}
impl<T: Into<Value>> From<Option<T>> for Value {
    fn from(v: Option<T>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}
impl From<&Option<String>> for Value {
    fn from(v: &Option<String>) -> Self {
        v.as_deref().map_or(Value::Null, Into::into)
    }
}
impl From<&Option<i64>> for Value {
    fn from(v: &Option<i64>) -> Self {
        v.map_or(Value::Null, Into::into)
    }
}
impl From<&Value> for Value {
    fn from(v: &Value) -> Self {
        v.clone()
    }
}

impl rusqlite::ToSql for Value {
    fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
        use rusqlite::types::{ToSqlOutput, ValueRef};
        Ok(match self {
            Value::Null => ToSqlOutput::Borrowed(ValueRef::Null),
            Value::Int(i) => ToSqlOutput::Borrowed(ValueRef::Integer(*i)),
            Value::Float(f) => ToSqlOutput::Borrowed(ValueRef::Real(*f)),
            Value::Text(s) => ToSqlOutput::Borrowed(ValueRef::Text(s.as_bytes())),
            Value::Bool(b) => ToSqlOutput::Borrowed(ValueRef::Integer(i64::from(*b))),
            Value::Bytes(b) => ToSqlOutput::Borrowed(ValueRef::Blob(b)),
        })
    }
}

impl ToSql for Value {
    fn to_sql(
        &self,
        ty: &Type,
        out: &mut BytesMut,
    ) -> Result<IsNull, Box<dyn std::error::Error + Sync + Send>> {
        match self {
            Value::Null => Ok(IsNull::Yes),
            Value::Int(i) => match *ty {
                Type::INT4 => i32::try_from(*i)?.to_sql(ty, out),
                Type::INT2 => i16::try_from(*i)?.to_sql(ty, out),
                Type::FLOAT8 => (*i as f64).to_sql(ty, out),
                _ => i.to_sql(ty, out),
            },
            Value::Float(f) => f.to_sql(ty, out),
            Value::Text(s) => s.as_str().to_sql(ty, out),
            Value::Bool(b) => b.to_sql(ty, out),
            Value::Bytes(b) => b.as_slice().to_sql(ty, out),
        }
    }

    fn accepts(_ty: &Type) -> bool {
        true
    }

    to_sql_checked!();
}

/// How a column is named when it is read: by its name (what queries do) or, for the one
/// column of a scalar query, by position 0. Both drivers take either.
pub trait Column:
    rusqlite::RowIndex + ::postgres::row::RowIndex + std::fmt::Display + Copy
{
}
impl Column for &str {}
impl Column for usize {}

/// A Rust type that a column can be read into, on both backends. An unknown column name is
/// an error of the driver, never a panic.
pub trait FromCol: Sized {
    fn from_sqlite<C: Column>(row: &rusqlite::Row, col: C) -> DbResult<Self>;
    fn from_postgres<C: Column>(row: &::postgres::Row, col: C) -> DbResult<Self>;
}

macro_rules! from_col {
    ($($t:ty),*) => {$(
        impl FromCol for $t {
            fn from_sqlite<C: Column>(row: &rusqlite::Row, col: C) -> DbResult<Self> {
                Ok(row.get(col)?)
            }
            fn from_postgres<C: Column>(row: &::postgres::Row, col: C) -> DbResult<Self> {
                Ok(row.try_get(col)?)
            }
        }
    )*};
}
from_col!(
    i64,
    String,
    bool,
    f64,
    Option<i64>,
    Option<String>,
    Option<bool>,
    Option<f64>,
    Vec<u8>,
    Option<Vec<u8>>
);

impl From<std::num::TryFromIntError> for DbError {
    fn from(e: std::num::TryFromIntError) -> Self {
        DbError::Other(e.to_string())
    }
}
