//! Text helpers shared by every area.

use unicode_normalization::UnicodeNormalization;

/// Lower-case, accent-free form of a text, for matching ("Égalité" -> "egalite").
/// Stored beside names so that filters work the same on SQLite and PostgreSQL.
pub fn fold(s: &str) -> String {
    s.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .map(|c| match c {
            '’' | '\'' => ' ',
            c => c,
        })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Appends the folded form of one character (lower case, no accent, "œ" as "oe") to `out`:
/// the word-by-word counterpart of [`fold`], used by the search analysis.
pub fn fold_char(c: char, out: &mut String) {
    if c.is_ascii() {
        out.push(c.to_ascii_lowercase());
        return;
    }
    match c {
        'œ' | 'Œ' => out.push_str("oe"),
        'æ' | 'Æ' => out.push_str("ae"),
        _ => {
            for d in std::iter::once(c).nfd() {
                if !unicode_normalization::char::is_combining_mark(d) {
                    out.extend(d.to_lowercase());
                }
            }
        }
    }
}

/// Renders text written in Markdown as safe HTML: user text is never trusted markup.
pub fn markdown(source: &str) -> String {
    let parser = pulldown_cmark::Parser::new_ext(source, pulldown_cmark::Options::ENABLE_TABLES);
    let mut html = String::with_capacity(source.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, parser);
    ammonia::Builder::default()
        .link_rel(Some("nofollow noopener"))
        .clean(&html)
        .to_string()
}

/// The words of a Markdown text without its markup, for search excerpts and mail.
pub fn plain_text(source: &str) -> String {
    use pulldown_cmark::{Event, Parser, TagEnd};
    let mut out = String::with_capacity(source.len());
    for event in Parser::new(source) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak
            | Event::HardBreak
            | Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item) => out.push(' '),
            _ => {}
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A `LIKE` pattern that matches `needle` anywhere, with LIKE's wildcards taken literally.
pub fn like_pattern(needle: &str) -> String {
    let mut p = String::with_capacity(needle.len() + 2);
    p.push('%');
    for c in fold(needle).chars() {
        if matches!(c, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(c);
    }
    p.push('%');
    p
}

/// A URL slug: "Ségou" -> "segou".
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    for c in fold(s).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_is_sanitised() {
        let html = markdown(
            "# Compte rendu\n\n<script>alert(1)</script>\n\n[lien](javascript:alert(1)) **gras** <img src=x onerror=alert(1)>",
        );
        assert!(html.contains("<h1>Compte rendu</h1>"));
        assert!(html.contains("<strong>gras</strong>"));
        assert!(!html.contains("<script"));
        assert!(!html.contains("javascript:"));
        assert!(!html.contains("onerror"));
    }

    #[test]
    fn plain_text_drops_markup() {
        assert_eq!(
            plain_text("# Titre\n\nUn **mot** et [un lien](http://x).\n\n- a\n- b"),
            "Titre Un mot et un lien. a b"
        );
    }

    #[test]
    fn folds_accents_and_case() {
        assert_eq!(fold("  Égalité  Femme/Homme "), "egalite femme/homme");
        assert_eq!(
            fold("Association pour l’Enfant"),
            "association pour l enfant"
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("CdP de Ségou"), "cdp-de-segou");
        assert_eq!(slugify("  Kayes!! "), "kayes");
    }

    #[test]
    fn like_escapes_wildcards() {
        assert_eq!(like_pattern("50%_x"), "%50\\%\\_x%");
    }
}
