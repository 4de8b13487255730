//! Themes: the shared list, and the themes tagged on any record through a link table.

use crate::db::{Conn, DbResult, Row};
use crate::directory::Theme;
use crate::ids::ThemeId;
use crate::params;
use crate::text::fold;

fn theme(r: &Row) -> DbResult<Theme> {
    Ok(Theme {
        id: r.get("id")?,
        slug: r.get("slug")?,
        name_fr: r.get("name_fr")?,
        name_en: r.get("name_en")?,
        name_bm: r.get("name_bm")?,
    })
}

/// Every theme, in French alphabetical order ("Égalité" among the E, not after "V").
pub fn all_themes(c: &mut Conn) -> DbResult<Vec<Theme>> {
    let mut themes = c.query(
        "SELECT id, slug, name_fr, name_en, name_bm FROM themes",
        &[],
        theme,
    )?;
    themes.sort_by_cached_key(|t| fold(&t.name_fr));
    Ok(themes)
}

/// Themes tagged on a record through a link table (`table`, keyed by `owner`). Names are
/// trusted identifiers from the code, never user input.
pub fn themes_of(
    c: &mut Conn,
    table: &str,
    owner: &str,
    id: impl Into<i64>,
) -> DbResult<Vec<Theme>> {
    let id: i64 = id.into();
    c.query(
        &format!(
            "SELECT t.id, t.slug, t.name_fr, t.name_en, t.name_bm FROM {table} x JOIN themes t ON t.id = x.theme_id
             WHERE x.{owner} = $1 ORDER BY t.name_fr"
        ),
        params![id],
        theme,
    )
}

/// Replaces the themes tagged on a record (same link-table convention as `themes_of`).
pub fn set_themes(
    c: &mut Conn,
    table: &str,
    owner: &str,
    id: impl Into<i64>,
    themes: &[ThemeId],
) -> DbResult<()> {
    let id: i64 = id.into();
    c.execute(
        &format!("DELETE FROM {table} WHERE {owner} = $1"),
        params![id],
    )?;
    for t in themes {
        c.execute(
            &format!("INSERT INTO {table} ({owner}, theme_id) VALUES ($1, $2)"),
            params![id, *t],
        )?;
    }
    Ok(())
}

pub struct ThemeFields {
    pub slug: String,
    pub name_fr: String,
    pub name_en: String,
    pub name_bm: Option<String>,
}

/// Creates a theme; `Ok(None)` when one of that name exists.
pub fn create_theme(c: &mut Conn, f: &ThemeFields) -> DbResult<Option<ThemeId>> {
    let n: i64 = c.scalar(
        "SELECT COUNT(*) FROM themes WHERE slug = $1",
        params![&f.slug],
    )?;
    if n > 0 {
        return Ok(None);
    }
    crate::db::unique(c.scalar(
        "INSERT INTO themes (slug, name_fr, name_en, name_bm) VALUES ($1, $2, $3, $4) RETURNING id",
        params![&f.slug, &f.name_fr, &f.name_en, &f.name_bm],
    ))
}

pub fn update_theme(c: &mut Conn, id: ThemeId, f: &ThemeFields) -> DbResult<bool> {
    Ok(c.execute(
        "UPDATE themes SET name_fr = $1, name_en = $2, name_bm = $3 WHERE id = $4",
        params![&f.name_fr, &f.name_en, &f.name_bm, id],
    )? > 0)
}

/// The names of themes in every language, for the search index.
pub(super) fn theme_names(themes: &[Theme]) -> String {
    themes
        .iter()
        .map(|t| format!("{} {}", t.name_fr, t.name_en))
        .collect::<Vec<_>>()
        .join(" ")
}
