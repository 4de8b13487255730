//! French text analysis for the search index, done in Rust so that SQLite and PostgreSQL see
//! the very same terms: fold accents and case, cut into words, drop the little words, stem
//! with the French Snowball stemmer. Documents and queries go through the same steps, so
//! "egalite" finds "Égalité" and "mariages" finds "mariage".
//!
//! Folding comes before stemming on purpose: the stemmer's rules differ for "ité" and "ite",
//! and a query typed without accents must reach the same stem as the accented text.

use std::sync::OnceLock;

use rust_stemmers::{Algorithm, Stemmer};

use crate::text::fold_char;

/// Words that carry no meaning for search (folded).
const STOP_WORDS: &[&str] = &[
    "a", "au", "aux", "avec", "ce", "ces", "cet", "cette", "d", "dans", "de", "des", "du", "elle",
    "en", "est", "et", "il", "ils", "l", "la", "le", "les", "leur", "leurs", "lui", "mais", "n",
    "ne", "nous", "on", "ou", "par", "pas", "pour", "qu", "que", "qui", "s", "sa", "se", "ses",
    "son", "sur", "un", "une", "vous", "y", "the", "of", "and", "to", "in",
];

fn stemmer() -> &'static Stemmer {
    static STEMMER: OnceLock<Stemmer> = OnceLock::new();
    STEMMER.get_or_init(|| Stemmer::create(Algorithm::French))
}

/// Calls `f` with each word of `text`, folded (lower case, no accents), with its byte range
/// in `text`. A word is a run of letters and digits; apostrophes and hyphens cut words.
pub fn for_each_word(text: &str, mut f: impl FnMut(&str, usize, usize)) {
    words_until(text, |w, s, e| {
        f(w, s, e);
        true
    });
}

/// Like [`for_each_word`], stopping as soon as `f` returns false.
fn words_until(text: &str, mut f: impl FnMut(&str, usize, usize) -> bool) {
    let mut word = String::with_capacity(32);
    let mut start = None;
    for (i, c) in text.char_indices() {
        if c.is_alphanumeric() {
            if start.is_none() {
                start = Some(i);
                word.clear();
            }
            fold_char(c, &mut word);
        } else if let Some(s) = start.take()
            && !f(&word, s, i)
        {
            return;
        }
    }
    if let Some(s) = start {
        f(&word, s, text.len());
    }
}

/// The stem of one folded word, or `None` for a stop word.
pub fn stem(folded: &str) -> Option<String> {
    if folded.is_empty() || STOP_WORDS.contains(&folded) {
        return None;
    }
    // Bound the work on a pathological "word" (a pasted hash, a run of letters).
    let word = match folded.char_indices().nth(40) {
        Some((i, _)) => &folded[..i],
        None => folded,
    };
    Some(stemmer().stem(word).into_owned())
}

/// The index terms of a text: its stems, space-separated, in order.
pub fn terms(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for_each_word(text, |w, _, _| {
        if let Some(s) = stem(w) {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(&s);
        }
    });
    out
}

/// The distinct stems of a query, in the order typed (at most 8: a search box, not an essay).
pub fn query_stems(query: &str) -> Vec<String> {
    let mut stems: Vec<String> = Vec::new();
    for_each_word(query, |w, _, _| {
        if let Some(s) = stem(w)
            && stems.len() < 8
            && !stems.contains(&s)
        {
            stems.push(s);
        }
    });
    stems
}

/// Does this folded word stem to one of `stems`? Cheap first test: a stem is a prefix of
/// the folded word in nearly every case, so only candidates pay for the stemmer.
fn matches(folded: &str, stems: &[String]) -> bool {
    stems.iter().any(|s| {
        let head = s.get(..s.len().min(3)).unwrap_or(s);
        folded.starts_with(head) && stem(folded).is_some_and(|w| &w == s)
    })
}

fn push_escaped(out: &mut String, s: &str) {
    // Copy runs of plain text whole; only the five special characters are rewritten.
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let rep = match b {
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'&' => "&amp;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(rep);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

/// `text` as escaped HTML with the words that match `stems` in `<mark>`.
pub fn highlight(text: &str, stems: &[String]) -> String {
    let mut out = String::with_capacity(text.len() + 32);
    let mut last = 0;
    for_each_word(text, |w, s, e| {
        if matches(w, stems) {
            push_escaped(&mut out, &text[last..s]);
            out.push_str("<mark>");
            push_escaped(&mut out, &text[s..e]);
            out.push_str("</mark>");
            last = e;
        }
    });
    push_escaped(&mut out, &text[last..]);
    out
}

/// A short passage of `text` around its first match, as escaped HTML with the matches marked;
/// the opening of the text when no word matches (the match was in a file's text or a title).
pub fn snippet(text: &str, stems: &[String], max_chars: usize) -> String {
    let mut first = None;
    words_until(text, |w, s, _| {
        if matches(w, stems) {
            first = Some(s);
        }
        first.is_none()
    });
    let begin = match first {
        // Start a little before the match, on a word boundary.
        Some(at) if at > max_chars / 4 => {
            let mut target = at - max_chars / 4;
            while !text.is_char_boundary(target) {
                target -= 1;
            }
            text[..target]
                .rfind(char::is_whitespace)
                .map_or(target, |i| i + 1)
        }
        _ => 0,
    };
    let mut end = text.len();
    if let Some((i, _)) = text[begin..].char_indices().nth(max_chars) {
        end = text[..begin + i]
            .rfind(char::is_whitespace)
            .filter(|&j| j > begin)
            .unwrap_or(begin + i);
    }
    let mut out = String::new();
    if begin > 0 {
        out.push('…');
    }
    out.push_str(&highlight(&text[begin..end], stems));
    if end < text.len() {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accents_and_plurals_reach_the_same_stem() {
        assert_eq!(query_stems("egalite"), query_stems("Égalité"));
        assert_eq!(query_stems("mariages"), query_stems("mariage"));
        assert_eq!(
            query_stems("Mariages précoces"),
            query_stems("mariage precoce")
        );
        assert_eq!(query_stems("femmes"), query_stems("FEMME"));
    }

    #[test]
    fn little_words_are_dropped_and_numbers_kept() {
        assert_eq!(terms("La loi 052 et l’égalité"), "loi 052 egalit");
        assert!(query_stems("de la et").is_empty());
    }

    #[test]
    fn highlight_marks_matches_and_escapes() {
        let stems = query_stems("mariage");
        assert_eq!(
            highlight("Les <b>mariages</b> d'enfants", &stems),
            "Les &lt;b&gt;<mark>mariages</mark>&lt;/b&gt; d&#39;enfants"
        );
    }

    #[test]
    fn snippet_cuts_between_letters_never_inside_one() {
        let stems = query_stems("village");
        for pad in 0..12 {
            let text = format!(
                "{} déclaration de terre réunion et céréales {}la village",
                "é".repeat(pad),
                "é".repeat(pad)
            );
            let s = snippet(&text, &stems, 40);
            assert!(s.contains("<mark>village</mark>"), "{s}");
        }
    }

    #[test]
    fn snippet_centres_on_the_first_match() {
        let text = format!(
            "{} Convention d’abandon signée à Ségou. {}",
            "mot ".repeat(100),
            "fin ".repeat(100)
        );
        let s = snippet(&text, &query_stems("conventions"), 80);
        assert!(s.starts_with('…') && s.ends_with('…'), "{s}");
        assert!(s.contains("<mark>Convention</mark>"), "{s}");
        assert!(s.chars().count() < 120, "{s}");
        let none = snippet("Rien à voir", &query_stems("excision"), 80);
        assert_eq!(none, "Rien à voir");
    }
}
