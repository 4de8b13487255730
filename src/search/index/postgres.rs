//! The search index on PostgreSQL: `search_docs` holds what results show and also the terms
//! and the scope tags as `tsvector`s, with GIN indexes. Only [`super`] calls this module, once
//! it has chosen the backend.

use super::WINDOW;
use crate::db::{Conn, DbResult, Value};
use crate::params;
use crate::search::{Doc, Query};

/// Adds or replaces a record: one upsert of its `search_docs` row, terms and tags included
/// (title terms weigh `A`, the rest `D`).
pub(super) fn put(
    c: &mut Conn,
    doc: &Doc,
    excerpt: String,
    title_terms: String,
    body_terms: String,
    tags: String,
) -> DbResult<()> {
    c.execute(
        "INSERT INTO search_docs (kind, ref_id, community_id, title, excerpt, updated_at, \
         terms, tags) VALUES ($1, $2, $3, $4, $5, $6, \
         setweight(to_tsvector('simple', $7), 'A') || \
         setweight(to_tsvector('simple', $8), 'D'), to_tsvector('simple', $9)) \
         ON CONFLICT (kind, ref_id) DO UPDATE SET community_id = EXCLUDED.community_id, \
         title = EXCLUDED.title, excerpt = EXCLUDED.excerpt, \
         updated_at = EXCLUDED.updated_at, terms = EXCLUDED.terms, tags = EXCLUDED.tags",
        params![
            doc.kind.code(),
            doc.id,
            doc.community_id,
            doc.title.as_str(),
            excerpt,
            doc.updated_at,
            title_terms,
            body_terms,
            tags
        ],
    )?;
    Ok(())
}

/// PostgreSQL tsquery text of the scope groups.
fn pg_tags(groups: &[Vec<String>]) -> String {
    let expr: Vec<String> = groups
        .iter()
        .map(|g| format!("({})", g.join(" | ")))
        .collect();
    expr.join(" & ")
}

/// The condition on `search_docs d` that keeps the records in scope, and its one parameter
/// (`$1`), for [`super::browse`].
pub(super) fn scope_filter(groups: &[Vec<String>]) -> (&'static str, String) {
    ("d.tags @@ to_tsquery('simple', $1)", pg_tags(groups))
}

/// PostgreSQL: the same window of newest matches in scope, ranked by `ts_rank` (title terms
/// weigh more), then by date.
pub(super) fn rank(
    c: &mut Conn,
    q: &Query,
    groups: &[Vec<String>],
    limit: i64,
    offset: i64,
) -> DbResult<(i64, Vec<i64>)> {
    let mut params: Vec<Value> = vec![q.stems.join(" ").into()];
    let mut conds = vec!["d.terms @@ plainto_tsquery('simple', $1)".to_owned()];
    if !groups.is_empty() {
        params.push(pg_tags(groups).into());
        conds.push(format!("d.tags @@ to_tsquery('simple', ${})", params.len()));
    }
    let filter = conds.join(" AND ");
    let n = params.len();
    params.push(WINDOW.into());
    params.push(limit.into());
    params.push(offset.into());
    let mut total = 0;
    let ids = c.query(
        &format!(
            "WITH w AS (SELECT d.id, d.terms FROM search_docs d WHERE {filter} \
                        ORDER BY d.id DESC LIMIT ${}) \
             SELECT w.id, (SELECT COUNT(*) FROM w) AS total FROM w \
             ORDER BY ts_rank(w.terms, plainto_tsquery('simple', $1)) DESC, w.id DESC \
             LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2,
            n + 3
        ),
        &params,
        |r| {
            total = r.get("total")?;
            r.get::<i64>("id")
        },
    )?;
    if ids.is_empty() && offset > 0 {
        total = c.scalar(
            &format!(
                "SELECT COUNT(*) FROM (SELECT 1 FROM search_docs d WHERE {filter} LIMIT ${}) x",
                n + 1
            ),
            &params[..n + 1],
        )?;
    }
    Ok((total, ids))
}

/// The bytes of the term index: the two GIN indexes and the `tsvector` columns.
pub(super) fn terms_size(c: &mut Conn) -> DbResult<i64> {
    c.scalar(
        "SELECT CAST(pg_relation_size('search_docs_terms') + pg_relation_size('search_docs_tags') \
         + COALESCE(SUM(pg_column_size(terms) + pg_column_size(tags)), 0) AS BIGINT) \
         FROM search_docs",
        &[],
    )
}
