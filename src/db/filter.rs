//! The WHERE clause of a filtered list, built condition by condition with numbered
//! parameters, and the page query around it. Every list query uses it, so the numbering of
//! parameters and the page's LIMIT/OFFSET are written once.

use super::{Backend, Conn, DbResult, Row, Value};

pub struct Filter {
    conds: Vec<String>,
    params: Vec<Value>,
}

impl Filter {
    /// The first condition (usually the community); `?` in it stands for `value`.
    pub fn new(cond: &str, value: impl Into<Value>) -> Self {
        let mut f = Filter {
            conds: Vec::new(),
            params: Vec::new(),
        };
        f.and(cond, value);
        f
    }

    /// Adds a condition; `?` in it stands for the new parameter.
    pub fn and(&mut self, cond: &str, value: impl Into<Value>) {
        self.params.push(value.into());
        self.conds
            .push(cond.replace('?', &format!("${}", self.params.len())));
    }

    /// Adds a condition when a filter value was given.
    pub fn and_some<V: Into<Value>>(&mut self, cond: &str, value: Option<V>) {
        if let Some(v) = value {
            self.and(cond, v);
        }
    }

    /// Adds a condition that takes no parameter.
    pub fn also(&mut self, cond: impl Into<String>) {
        self.conds.push(cond.into());
    }

    /// Each word of `q` (at most 8) must appear in the folded `column`.
    pub fn words(&mut self, backend: Backend, column: &str, q: &str) {
        for word in q.split_whitespace().take(8) {
            let cond = backend.contains(column, "?");
            self.and(&cond, crate::text::fold(word));
        }
    }

    pub fn sql(&self) -> String {
        self.conds.join(" AND ")
    }

    /// One page of rows and the total that match. `select` holds `{where}` where the
    /// conditions go and `{page}` where the LIMIT and OFFSET go, and selects the window count
    /// as `total`; `from` is what the total is counted over when the page is past the end.
    pub fn page<T>(
        self,
        c: &mut Conn,
        select: &str,
        from: &str,
        limit: i64,
        offset: i64,
        map: impl FnMut(&Row) -> DbResult<T>,
    ) -> DbResult<(i64, Vec<T>)> {
        let cond = self.sql();
        let n = self.params.len();
        let page = format!("LIMIT ${} OFFSET ${}", n + 1, n + 2);
        let sql = select.replace("{where}", &cond).replace("{page}", &page);
        let count = format!("SELECT COUNT(*) FROM {from} WHERE {cond}");
        c.page(&sql, &count, self.params, limit, offset, map)
    }
}
