//! The search index on each backend. SQLite: `search_docs` holds what results show, a
//! contentless FTS5 table `search_terms` (same row id) holds the terms and the scope tags and
//! ranks with BM25. PostgreSQL: `search_docs` also holds the terms and tags as `tsvector`s
//! with GIN indexes and ranks with `ts_rank`. Both get the terms from [`analysis`], so a query
//! finds the same records on both.

use super::analysis::terms;
use super::{COUNT_CAP, Doc, Hit, Kind, Query};
use crate::db::{Backend, Conn, DbResult, Row, Value};
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
        Backend::Sqlite => {
            let existing: Option<i64> = c.query_opt(
                "SELECT id FROM search_docs WHERE kind = $1 AND ref_id = $2",
                params![doc.kind.code(), doc.id],
                |r| r.get(0),
            )?;
            let rowid = match existing {
                Some(rowid) => {
                    c.execute(
                        "UPDATE search_docs SET community_id = $2, title = $3, excerpt = $4, \
                         updated_at = $5 WHERE id = $1",
                        params![
                            rowid,
                            doc.community_id,
                            doc.title.as_str(),
                            excerpt,
                            doc.updated_at
                        ],
                    )?;
                    c.execute("DELETE FROM search_terms WHERE rowid = $1", params![rowid])?;
                    rowid
                }
                None => c.scalar(
                    "INSERT INTO search_docs (kind, ref_id, community_id, title, excerpt, \
                     updated_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
                    params![
                        doc.kind.code(),
                        doc.id,
                        doc.community_id,
                        doc.title.as_str(),
                        excerpt,
                        doc.updated_at
                    ],
                )?,
            };
            c.execute(
                "INSERT INTO search_terms (rowid, title, body, tags) VALUES ($1, $2, $3, $4)",
                params![rowid, title_terms, body_terms, tags],
            )?;
        }
        Backend::Postgres => {
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
        }
    }
    Ok(())
}

/// Puts a record's current state in the index, or takes it out when it is no longer findable
/// (`doc` is `None`: deleted, hidden, no community left).
pub fn sync(c: &mut Conn, kind: Kind, id: i64, doc: Option<Doc>) -> DbResult<()> {
    match doc {
        Some(doc) => put(c, &doc),
        None => remove(c, kind, id),
    }
}

/// Takes a record out of the index (deleted, hidden by a moderator).
pub fn remove(c: &mut Conn, kind: Kind, id: i64) -> DbResult<()> {
    if c.backend() == Backend::Sqlite {
        c.execute(
            "DELETE FROM search_terms WHERE rowid IN \
             (SELECT id FROM search_docs WHERE kind = $1 AND ref_id = $2)",
            params![kind.code(), id],
        )?;
    }
    c.execute(
        "DELETE FROM search_docs WHERE kind = $1 AND ref_id = $2",
        params![kind.code(), id],
    )?;
    Ok(())
}

/// Empties the index (before a rebuild).
pub fn clear(c: &mut Conn) -> DbResult<()> {
    if c.backend() == Backend::Sqlite {
        c.execute("DELETE FROM search_terms", &[])?;
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
    let kind: String = r.get(0)?;
    let Some(kind) = Kind::parse(&kind) else {
        return Ok(None);
    };
    Ok(Some(Hit {
        kind,
        id: r.get(1)?,
        title: r.get(2)?,
        excerpt: r.get(3)?,
        updated_at: r.get(4)?,
        community_slug: r.get(5)?,
        community_name: r.get(6)?,
    }))
}

/// FTS5 text of the scope groups: each group one `tags` column filter of alternatives.
fn fts_tags(groups: &[Vec<String>]) -> Vec<String> {
    groups
        .iter()
        .map(|g| {
            let alts: Vec<String> = g.iter().map(|t| format!("\"{t}\"")).collect();
            format!("tags : ({})", alts.join(" OR "))
        })
        .collect()
}

/// PostgreSQL tsquery text of the scope groups.
fn pg_tags(groups: &[Vec<String>]) -> String {
    let expr: Vec<String> = groups
        .iter()
        .map(|g| format!("({})", g.join(" | ")))
        .collect();
    expr.join(" & ")
}

/// Records in scope without words (expertise by theme), by title, counted like [`find`].
pub fn browse(c: &mut Conn, q: &Query, limit: i64, offset: i64) -> DbResult<(i64, Vec<Hit>)> {
    let groups = tag_groups(q);
    if groups.is_empty() {
        return Ok((0, Vec::new()));
    }
    let (filter, arg) = match c.backend() {
        Backend::Sqlite => (
            "d.id IN (SELECT rowid FROM search_terms WHERE search_terms MATCH $1)",
            fts_tags(&groups).join(" AND "),
        ),
        Backend::Postgres => ("d.tags @@ to_tsquery('simple', $1)", pg_tags(&groups)),
    };
    let rows = c.query(
        &format!(
            "SELECT d.kind, d.ref_id, d.title, d.excerpt, d.updated_at, cm.slug, cm.name \
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
        Backend::Sqlite => sqlite_rank(c, q, &groups, limit, offset),
        Backend::Postgres => pg_rank(c, q, &groups, limit, offset),
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
            Ok(hit(r)?.map(|h| (r.get::<i64>(7).unwrap_or_default(), h)))
        })?
        .into_iter()
        .flatten()
        .collect();
    rows.sort_by_key(|(id, _)| ids.iter().position(|p| p == id));
    Ok(rows.into_iter().map(|(_, h)| h).collect())
}

/// A word is common when this many documents hold it.
const COMMON_DOCS: i64 = 10_000;

type SeenWords = std::sync::Mutex<std::collections::HashMap<String, (bool, i64)>>;

fn seen_words() -> &'static SeenWords {
    static SEEN: std::sync::OnceLock<SeenWords> = std::sync::OnceLock::new();
    SEEN.get_or_init(SeenWords::default)
}

/// Learns every common word of the SQLite index at once, from the FTS5 vocabulary (a third of
/// a second on 100,000 documents), so that no search pays for counting one: `kafo serve` runs
/// it at start and every half hour.
pub fn learn_common_words(c: &mut Conn) -> DbResult<usize> {
    if c.backend() != Backend::Sqlite {
        return Ok(0);
    }
    c.batch(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab \
         USING fts5vocab(main, search_terms, 'row')",
    )?;
    let terms: Vec<(String, i64)> =
        c.query("SELECT term, doc FROM temp.search_vocab", &[], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })?;
    let now = crate::clock::now();
    let mut seen = seen_words().lock().unwrap_or_else(|e| e.into_inner());
    seen.clear();
    let mut common = 0;
    for (term, docs) in terms.into_iter().take(20_000) {
        let v = docs >= COMMON_DOCS;
        common += usize::from(v);
        seen.insert(term, (v, now));
    }
    Ok(common)
}

/// Which of the query's words are common, each remembered for an hour (so that they expire
/// one by one, not all at once): counting stops at [`COMMON_DOCS`], so a miss costs at most
/// one bounded walk.
fn common_words(c: &mut Conn, stems: &[String]) -> DbResult<Vec<bool>> {
    if stems.len() < 2 {
        return Ok(vec![false; stems.len()]);
    }
    let seen = seen_words();
    let now = crate::clock::now();
    let mut out = Vec::with_capacity(stems.len());
    for s in stems {
        let known = {
            let mut guard = seen.lock().unwrap_or_else(|e| e.into_inner());
            if guard.len() > 20_000 {
                guard.clear();
            }
            guard
                .get(s)
                .filter(|(_, at)| now - at < 3600)
                .map(|(v, _)| *v)
        };
        let common = match known {
            Some(v) => v,
            None => {
                let n: i64 = c.scalar(
                    "SELECT COUNT(*) FROM (SELECT rowid FROM search_terms \
                     WHERE search_terms MATCH $1 LIMIT $2) x",
                    params![format!("{{title body}} : \"{s}\""), COMMON_DOCS],
                )?;
                let v = n >= COMMON_DOCS;
                seen.lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(s.clone(), (v, now));
                v
            }
        };
        out.push(common);
    }
    Ok(out)
}

const HIT_COLUMNS: &str = "SELECT d.kind, d.ref_id, d.title, d.excerpt, d.updated_at, cm.slug, cm.name, d.id \
     FROM search_docs d JOIN communities cm ON cm.id = d.community_id";

/// SQLite: the newest matches in scope come straight off the FTS5 posting lists (newest
/// first, stopping at the window); they are ranked by where the query words are (all in the
/// title, one in the title, anywhere), then by date. BM25 proper would count every document of
/// each word for every search, the scope tags included: tens of milliseconds on a common word.
fn sqlite_rank(
    c: &mut Conn,
    q: &Query,
    groups: &[Vec<String>],
    limit: i64,
    offset: i64,
) -> DbResult<(i64, Vec<i64>)> {
    // Terms are letters and digits only, quoted all the same so that no word is read as an
    // operator.
    let words: Vec<String> = q.stems.iter().map(|s| format!("\"{s}\"")).collect();
    // A word found in most documents narrows nothing but makes the engine walk its whole
    // posting list: beside rarer words, it is left out of the match (it still ranks and is
    // highlighted).
    let common = common_words(c, &q.stems)?;
    let required: Vec<&String> = words
        .iter()
        .zip(&common)
        .filter(|(_, common)| !**common)
        .map(|(w, _)| w)
        .collect();
    let required: Vec<&String> = if required.is_empty() {
        words.iter().collect()
    } else {
        required
    };
    let required: Vec<&str> = required.iter().map(|w| w.as_str()).collect();
    let mut expr = format!("{{title body}} : ({})", required.join(" AND "));
    for t in fts_tags(groups) {
        expr.push_str(" AND ");
        expr.push_str(&t);
    }
    let candidates: Vec<i64> = c.query(
        "SELECT rowid FROM search_terms WHERE search_terms MATCH $1 ORDER BY rowid DESC LIMIT $2",
        params![expr.as_str(), WINDOW],
        |r| r.get(0),
    )?;
    let Some(&floor) = candidates.last() else {
        return Ok((0, Vec::new()));
    };
    // Relevance in tiers, best first: every word in the title; one of the words in the title;
    // the words anywhere. Title lists are short, and each walk stops at the window's oldest
    // row; rows outside the candidates are skipped by the binary search.
    let mut score = vec![0u8; candidates.len()];
    let mut tiers = vec![(2u8, format!("title : ({})", words.join(" AND ")))];
    if words.len() > 1 {
        tiers.push((1u8, format!("title : ({})", words.join(" OR "))));
    }
    for (tier, tier_expr) in tiers {
        let ids: Vec<i64> = c.query(
            "SELECT rowid FROM search_terms WHERE search_terms MATCH $1 AND rowid >= $2",
            params![tier_expr.as_str(), floor],
            |r| r.get(0),
        )?;
        for id in ids {
            if let Ok(i) = candidates.binary_search_by(|probe| id.cmp(probe)) {
                score[i] = score[i].max(tier);
            }
        }
    }
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    // Stable: equal scores keep the newest first.
    order.sort_by(|a, b| score[*b].cmp(&score[*a]));
    let ranked: Vec<i64> = order.into_iter().map(|i| candidates[i]).collect();
    let page: Vec<i64> = ranked
        .iter()
        .skip(usize::try_from(offset).unwrap_or(0))
        .take(usize::try_from(limit).unwrap_or(0))
        .copied()
        .collect();
    Ok((ranked.len() as i64, page))
}

/// PostgreSQL: the same window of newest matches in scope, ranked by `ts_rank` (title terms
/// weigh more), then by date.
fn pg_rank(
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
             SELECT w.id, (SELECT COUNT(*) FROM w) FROM w \
             ORDER BY ts_rank(w.terms, plainto_tsquery('simple', $1)) DESC, w.id DESC \
             LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2,
            n + 3
        ),
        &params,
        |r| {
            total = r.get(1)?;
            r.get::<i64>(0)
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

/// Index size: the documents, the bytes of the term index, and the bytes of what results
/// show (titles and excerpts).
pub fn size(c: &mut Conn) -> DbResult<(i64, i64, i64)> {
    let (docs, shown): (i64, i64) = c
        .query_opt(
            "SELECT COUNT(*), CAST(COALESCE(SUM(length(title) + length(excerpt)), 0) AS BIGINT) \
             FROM search_docs",
            &[],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?
        .unwrap_or((0, 0));
    let terms: i64 = match c.backend() {
        Backend::Sqlite => c.scalar(
            "SELECT CAST(COALESCE(SUM(length(block)), 0) AS INTEGER) + \
             (SELECT CAST(COALESCE(SUM(length(sz)), 0) AS INTEGER) FROM search_terms_docsize) \
             FROM search_terms_data",
            &[],
        )?,
        Backend::Postgres => c.scalar(
            "SELECT CAST(pg_relation_size('search_docs_terms') + pg_relation_size('search_docs_tags') \
             + COALESCE(SUM(pg_column_size(terms) + pg_column_size(tags)), 0) AS BIGINT) \
             FROM search_docs",
            &[],
        )?,
    };
    Ok((docs, terms, shown))
}
