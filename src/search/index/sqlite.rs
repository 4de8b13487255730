//! The search index on SQLite: `search_docs` holds what results show, a contentless FTS5 table
//! `search_terms` (same row id) holds the terms and the scope tags. Only [`super`] calls this
//! module, once it has chosen the backend.

use super::WINDOW;
use crate::db::{Conn, DbResult};
use crate::params;
use crate::search::{Doc, Kind, Query};

/// Adds or replaces a record: its row in `search_docs`, then its terms in `search_terms` under
/// the same row id.
pub(super) fn put(
    c: &mut Conn,
    doc: &Doc,
    excerpt: String,
    title_terms: String,
    body_terms: String,
    tags: String,
) -> DbResult<()> {
    let existing: Option<i64> = c.query_opt(
        "SELECT id FROM search_docs WHERE kind = $1 AND ref_id = $2",
        params![doc.kind.code(), doc.id],
        |r| r.get("id"),
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
    Ok(())
}

/// Takes a record's terms out of `search_terms`, before its `search_docs` row goes.
pub(super) fn remove_terms(c: &mut Conn, kind: Kind, id: i64) -> DbResult<()> {
    c.execute(
        "DELETE FROM search_terms WHERE rowid IN \
         (SELECT id FROM search_docs WHERE kind = $1 AND ref_id = $2)",
        params![kind.code(), id],
    )?;
    Ok(())
}

/// Empties `search_terms`, before `search_docs` is emptied.
pub(super) fn clear_terms(c: &mut Conn) -> DbResult<()> {
    c.execute("DELETE FROM search_terms", &[])?;
    Ok(())
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

/// The condition on `search_docs d` that keeps the records in scope, and its one parameter
/// (`$1`), for [`super::browse`].
pub(super) fn scope_filter(groups: &[Vec<String>]) -> (&'static str, String) {
    (
        "d.id IN (SELECT rowid FROM search_terms WHERE search_terms MATCH $1)",
        fts_tags(groups).join(" AND "),
    )
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
pub(super) fn learn_common_words(c: &mut Conn) -> DbResult<usize> {
    c.batch(
        "CREATE VIRTUAL TABLE IF NOT EXISTS temp.search_vocab \
         USING fts5vocab(main, search_terms, 'row')",
    )?;
    let terms: Vec<(String, i64)> =
        c.query("SELECT term, doc FROM temp.search_vocab", &[], |r| {
            Ok((r.get("term")?, r.get("doc")?))
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

/// SQLite: the newest matches in scope come straight off the FTS5 posting lists (newest
/// first, stopping at the window); they are ranked by where the query words are (all in the
/// title, one in the title, anywhere), then by date. BM25 proper would count every document of
/// each word for every search, the scope tags included: tens of milliseconds on a common word.
pub(super) fn rank(
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
        |r| r.get("rowid"),
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
            |r| r.get("rowid"),
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

/// The bytes of the term index: the FTS5 table's data and document sizes.
pub(super) fn terms_size(c: &mut Conn) -> DbResult<i64> {
    c.scalar(
        "SELECT CAST(COALESCE(SUM(length(block)), 0) AS INTEGER) + \
         (SELECT CAST(COALESCE(SUM(length(sz)), 0) AS INTEGER) FROM search_terms_docsize) \
         FROM search_terms_data",
        &[],
    )
}
