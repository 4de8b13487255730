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
