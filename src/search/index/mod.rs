//! The search index on each backend. SQLite: `search_docs` holds what results show, a
//! contentless FTS5 table `search_terms` (same row id) holds the terms and the scope tags and
//! ranks with BM25. PostgreSQL: `search_docs` also holds the terms and tags as `tsvector`s
//! with GIN indexes and ranks with `ts_rank`. Both get the terms from [`analysis`], so a query
//! finds the same records on both.
//!
//! Elsewhere, dialect-specific code lives only in `db/`, and areas write their SQL once for
//! both engines. The index cannot: FTS5 and `tsvector` are two different search engines, with
//! their own tables, match syntax and ranking, and not a difference of spelling that a `db/`
//! helper could paper over. So this area keeps each engine's SQL in its own module,
//! [`sqlite`] and [`postgres`]; this module is the backend-neutral API the rest of the code
//! calls, holds what both share (excerpts, scope tags, results), and chooses the backend once
//! per operation. No other code in the area looks at the backend.
//!
//! [`analysis`]: super::analysis

mod postgres;
mod sqlite;

use super::analysis::terms;
use super::{COUNT_CAP, Doc, Hit, Kind, Query};
use crate::db::{Backend, Conn, DbResult, Row};
use crate::params;

/// How much of a record's text is kept for result excerpts.
const EXCERPT_CHARS: usize = 1200;

fn excerpt(body: &str) -> String {
    match body.char_indices().nth(EXCERPT_CHARS) {
        Some((i, _)) => body[..i].to_owned(),
        None => body.to_owned(),
    }
}

/// Adds or replaces a record in the index. Call it in the transaction that writes the record.
pub fn put(c: &mut Conn, doc: &Doc) -> DbResult<()> {
    let title_terms = terms(&doc.title);
    let mut body_terms = terms(&doc.body);
    if !doc.more.is_empty() {
        body_terms.push(' ');
        body_terms.push_str(&terms(&doc.more));
    }
    let tags = doc.tags();
    let excerpt = excerpt(&doc.body);
    match c.backend() {
        Backend::Sqlite => sqlite::put(c, doc, excerpt, title_terms, body_terms, tags),
        Backend::Postgres => postgres::put(c, doc, excerpt, title_terms, body_terms, tags),
    }
}

/// Puts a record's current state in the index, or takes it out when it is no longer findable
/// (`doc` is `None`: deleted, hidden, no community left).
pub fn sync(c: &mut Conn, kind: Kind, id: impl Into<i64>, doc: Option<Doc>) -> DbResult<()> {
    let id: i64 = id.into();
    match doc {
        Some(doc) => put(c, &doc),
        None => remove(c, kind, id),
    }
}

/// Takes a record out of the index (deleted, hidden by a moderator).
pub fn remove(c: &mut Conn, kind: Kind, id: impl Into<i64>) -> DbResult<()> {
    let id: i64 = id.into();
    match c.backend() {
        Backend::Sqlite => sqlite::remove_terms(c, kind, id)?,
        // The terms are columns of the `search_docs` row.
        Backend::Postgres => {}
    }
    c.execute(
        "DELETE FROM search_docs WHERE kind = $1 AND ref_id = $2",
        params![kind.code(), id],
    )?;
    Ok(())
}

/// Empties the index (before a rebuild).
pub fn clear(c: &mut Conn) -> DbResult<()> {
    match c.backend() {
        Backend::Sqlite => sqlite::clear_terms(c)?,
        // The terms are columns of the `search_docs` rows.
        Backend::Postgres => {}
    }
    c.execute("DELETE FROM search_docs", &[])?;
    Ok(())
}

/// The scope part of a query as tag tokens, each inner list being alternatives.
fn tag_groups(q: &Query) -> Vec<Vec<String>> {
    let mut groups = Vec::new();
    if let Some(v) = &q.visible {
        groups.push(v.clone());
    }
    if !q.kinds.is_empty() {
        groups.push(q.kinds.iter().map(|k| format!("k{}", k.code())).collect());
    }
    if let Some(t) = q.theme {
        groups.push(vec![format!("t{t}")]);
    }
    if let Some(c) = q.community {
        groups.push(vec![format!("c{c}")]);
    }
    groups
}

fn hit(r: &Row) -> DbResult<Option<Hit>> {
    let kind: String = r.get("kind")?;
    let Some(kind) = Kind::parse(&kind) else {
        return Ok(None);
    };
    Ok(Some(Hit {
        kind,
        id: r.get("ref_id")?,
        title: r.get("title")?,
        excerpt: r.get("excerpt")?,
        updated_at: r.get("updated_at")?,
        community_slug: r.get("community_slug")?,
        community_name: r.get("community_name")?,
    }))
}

/// Records in scope without words (expertise by theme), by title, counted like [`find`].
pub fn browse(c: &mut Conn, q: &Query, limit: i64, offset: i64) -> DbResult<(i64, Vec<Hit>)> {
    let groups = tag_groups(q);
    if groups.is_empty() {
        return Ok((0, Vec::new()));
    }
    let (filter, arg) = match c.backend() {
        Backend::Sqlite => sqlite::scope_filter(&groups),
        Backend::Postgres => postgres::scope_filter(&groups),
    };
    let rows = c.query(
        &format!(
            "SELECT d.kind, d.ref_id, d.title, d.excerpt, d.updated_at, cm.slug AS community_slug, cm.name AS community_name \
             FROM search_docs d JOIN communities cm ON cm.id = d.community_id \
             WHERE {filter} ORDER BY d.title, d.id LIMIT $2 OFFSET $3"
        ),
        params![arg.as_str(), limit, offset],
        hit,
    )?;
    let total = c.scalar(
        &format!("SELECT COUNT(*) FROM (SELECT 1 FROM search_docs d WHERE {filter} LIMIT $2) x"),
        params![arg.as_str(), COUNT_CAP],
    )?;
    Ok((total, rows.into_iter().flatten().collect()))
}

/// How many of the most recent matches a search ranks. A precise query has fewer matches
/// and is ranked whole; a broad one ("femmes") is ranked within its newest matches, so that
/// every search costs about the same (docs/decisions/0005-search.md).
pub const WINDOW: i64 = 500;

/// One page of results, best first, and how many matched (up to [`WINDOW`]).
pub fn find(c: &mut Conn, q: &Query, limit: i64, offset: i64) -> DbResult<(i64, Vec<Hit>)> {
    let (total, ids) = rank(c, q, limit, offset)?;
    Ok((total, hits(c, &ids)?))
}

/// The index rows of one page of results, best first, and how many matched (up to
/// [`WINDOW`]): small enough to keep in the read cache for a popular search.
pub fn rank(c: &mut Conn, q: &Query, limit: i64, offset: i64) -> DbResult<(i64, Vec<i64>)> {
    if q.stems.is_empty() {
        return Ok((0, Vec::new()));
    }
    let groups = tag_groups(q);
    match c.backend() {
        Backend::Sqlite => sqlite::rank(c, q, &groups, limit, offset),
        Backend::Postgres => postgres::rank(c, q, &groups, limit, offset),
    }
}

/// The results to show for index rows, in the order given.
pub fn hits(c: &mut Conn, ids: &[i64]) -> DbResult<Vec<Hit>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let list = ids.iter().map(i64::to_string).collect::<Vec<_>>().join(",");
    // The ids are integers from the index, never user text.
    let mut rows: Vec<(i64, Hit)> = c
        .query(&format!("{HIT_COLUMNS} WHERE d.id IN ({list})"), &[], |r| {
            Ok(match hit(r)? {
                Some(h) => Some((r.get::<i64>("doc_id")?, h)),
                None => None,
            })
        })?
        .into_iter()
        .flatten()
        .collect();
    rows.sort_by_key(|(id, _)| ids.iter().position(|p| p == id));
    Ok(rows.into_iter().map(|(_, h)| h).collect())
}

/// Learns every common word of the SQLite index at once, from the FTS5 vocabulary (a third of
/// a second on 100,000 documents), so that no search pays for counting one: `kafo serve` runs
/// it at start and every half hour. PostgreSQL leaves no word out of a match: nothing to learn.
pub fn learn_common_words(c: &mut Conn) -> DbResult<usize> {
    match c.backend() {
        Backend::Sqlite => sqlite::learn_common_words(c),
        Backend::Postgres => Ok(0),
    }
}

const HIT_COLUMNS: &str = "SELECT d.kind, d.ref_id, d.title, d.excerpt, d.updated_at, cm.slug AS community_slug, \
     cm.name AS community_name, d.id AS doc_id \
     FROM search_docs d JOIN communities cm ON cm.id = d.community_id";

/// Index size: the documents, the bytes of the term index, and the bytes of what results
/// show (titles and excerpts).
pub fn size(c: &mut Conn) -> DbResult<(i64, i64, i64)> {
    let (docs, shown): (i64, i64) = c
        .query_opt(
            "SELECT COUNT(*) AS docs, CAST(COALESCE(SUM(length(title) + length(excerpt)), 0) AS BIGINT) AS shown_bytes \
             FROM search_docs",
            &[],
            |r| Ok((r.get("docs")?, r.get("shown_bytes")?)),
        )?
        .unwrap_or((0, 0));
    let terms: i64 = match c.backend() {
        Backend::Sqlite => sqlite::terms_size(c)?,
        Backend::Postgres => postgres::terms_size(c)?,
    };
    Ok((docs, terms, shown))
}
