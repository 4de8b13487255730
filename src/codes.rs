//! Closed sets of values (kinds, statuses, roles, visibilities...): each is an enum, parsed
//! once where it comes in (a form, a query string), stored by a stable code, and shown through
//! the locale files as `<prefix>-<code>`. Declared with [`closed_set!`](crate::closed_set).

use crate::db::{DbError, DbResult};

/// What every closed set offers; `closed_set!` implements it.
pub trait Code: Sized + Copy + 'static {
    /// Every value, in the order forms and filters list them.
    const ALL: &'static [Self];
    /// The prefix of the locale keys of the labels.
    const PREFIX: &'static str;
    /// The stable code stored in the database and sent by forms.
    fn code(self) -> &'static str;

    fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.iter().copied().find(|v| v.code() == s)
    }

    /// The locale key of the label: `activity-kind-webinar`.
    fn label_key(self) -> String {
        format!("{}-{}", Self::PREFIX, self.code())
    }
}

/// Reads a stored code; a code this build does not know is a clear error.
pub fn from_stored<T: Code>(s: String) -> DbResult<T> {
    T::parse(&s).ok_or_else(|| DbError::Other(format!("unknown {} code: {s}", T::PREFIX)))
}

/// Declares a closed set: `closed_set! { pub enum Sex("sex") { F = "F", M = "M" } }`.
#[macro_export]
macro_rules! closed_set {
    ($(#[$doc:meta])* pub enum $name:ident ($prefix:literal) {
        $($(#[$vdoc:meta])* $variant:ident = $code:literal),+ $(,)?
    }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum $name {
            $($(#[$vdoc])* $variant),+
        }

        impl $crate::codes::Code for $name {
            const ALL: &'static [Self] = &[$($name::$variant),+];
            const PREFIX: &'static str = $prefix;
            fn code(self) -> &'static str {
                match self {
                    $($name::$variant => $code),+
                }
            }
        }

        impl $name {
            /// The stable code (also for templates, which cannot name the trait).
            pub fn code(self) -> &'static str {
                $crate::codes::Code::code(self)
            }

            pub fn parse(s: &str) -> Option<Self> {
                <Self as $crate::codes::Code>::parse(s)
            }

            /// Every value, in the order forms list them.
            pub fn all() -> &'static [Self] {
                <Self as $crate::codes::Code>::ALL
            }

            pub fn label_key(self) -> String {
                $crate::codes::Code::label_key(self)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.code())
            }
        }

        impl From<$name> for $crate::db::Value {
            fn from(v: $name) -> $crate::db::Value {
                $crate::db::Value::Text(v.code().to_owned())
            }
        }

        impl $crate::db::FromCol for $name {
            fn from_sqlite<C: $crate::db::Column>(row: &rusqlite::Row, idx: C) -> $crate::db::DbResult<Self> {
                $crate::codes::from_stored(<String as $crate::db::FromCol>::from_sqlite(row, idx)?)
            }
            fn from_postgres<C: $crate::db::Column>(row: &::postgres::Row, idx: C) -> $crate::db::DbResult<Self> {
                $crate::codes::from_stored(<String as $crate::db::FromCol>::from_postgres(row, idx)?)
            }
        }

        impl $crate::db::FromCol for Option<$name> {
            fn from_sqlite<C: $crate::db::Column>(row: &rusqlite::Row, idx: C) -> $crate::db::DbResult<Self> {
                <Option<String> as $crate::db::FromCol>::from_sqlite(row, idx)?
                    .map($crate::codes::from_stored)
                    .transpose()
            }
            fn from_postgres<C: $crate::db::Column>(row: &::postgres::Row, idx: C) -> $crate::db::DbResult<Self> {
                <Option<String> as $crate::db::FromCol>::from_postgres(row, idx)?
                    .map($crate::codes::from_stored)
                    .transpose()
            }
        }
    };
}
