//! What every printed document shares: the embedded font (DejaVu Sans, regular and bold:
//! every French and Bambara letter — ɛ ɔ ɲ ŋ, their capitals and the combining tone marks —
//! and the narrow no-break space of French punctuation), its metrics for measuring and
//! wrapping text, and the PDF helpers built on them. Fonts are subset when a PDF is saved,
//! so a one-page document stays a few tens of kilobytes. See `docs/decisions/0008-documents.md`.

pub mod document;
pub mod docx;
pub mod pdf;

use std::sync::OnceLock;

use unicode_normalization::UnicodeNormalization;

pub const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
pub const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Millimetres in a typographic point.
pub const MM_PER_PT: f32 = 25.4 / 72.0;

/// Advance widths of a face, in font units, and its units per em.
struct Metrics {
    face: ttf_parser::Face<'static>,
    units_per_em: f32,
}

fn metrics(bold: bool) -> Option<&'static Metrics> {
    static REG: OnceLock<Option<Metrics>> = OnceLock::new();
    static BLD: OnceLock<Option<Metrics>> = OnceLock::new();
    let (cell, bytes) = if bold { (&BLD, BOLD) } else { (&REG, REGULAR) };
    cell.get_or_init(|| {
        let face = ttf_parser::Face::parse(bytes, 0).ok()?;
        let units_per_em = f32::from(face.units_per_em());
        Some(Metrics { face, units_per_em })
    })
    .as_ref()
}

/// Text as it is printed: composed (NFC), so that "é" is one glyph where the font has it;
/// combining marks with no composed form (a tone on ɛ) stay as marks over their letter.
pub fn composed(text: &str) -> String {
    text.nfc().collect()
}

/// The width of a text at a size, in millimetres.
pub fn width_mm(text: &str, size_pt: f32, bold: bool) -> f32 {
    let Some(m) = metrics(bold) else {
        // Without metrics, an average glyph is half an em.
        return text.chars().count() as f32 * size_pt * 0.5 * MM_PER_PT;
    };
    let units: f32 = text
        .chars()
        .map(|ch| {
            m.face
                .glyph_index(ch)
                .and_then(|g| m.face.glyph_hor_advance(g))
                .map(f32::from)
                .unwrap_or(m.units_per_em * 0.5)
        })
        .sum();
    units / m.units_per_em * size_pt * MM_PER_PT
}

/// The text cut to fit a width, with an ellipsis when it had to be cut.
pub fn fit(text: &str, size_pt: f32, bold: bool, width: f32) -> String {
    if width_mm(text, size_pt, bold) <= width {
        return text.to_owned();
    }
    let mut out = String::new();
    for ch in text.chars() {
        out.push(ch);
        if width_mm(&out, size_pt, bold) + width_mm("…", size_pt, bold) > width {
            out.pop();
            break;
        }
    }
    out.push('…');
    out
}

/// The text broken into lines no wider than `width`: at ordinary spaces only (a no-break
/// space, narrow or not, keeps "41 participants" and "question ?" together), a word longer
/// than a line cut where it must.
pub fn wrap(text: &str, size_pt: f32, bold: bool, width: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for word in paragraph.split(' ').filter(|w| !w.is_empty()) {
            let candidate = if line.is_empty() {
                word.to_owned()
            } else {
                format!("{line} {word}")
            };
            if width_mm(&candidate, size_pt, bold) <= width {
                line = candidate;
                continue;
            }
            if !line.is_empty() {
                lines.push(std::mem::take(&mut line));
            }
            // A word wider than the line is cut into pieces that fit.
            let mut piece = String::new();
            for ch in word.chars() {
                piece.push(ch);
                if width_mm(&piece, size_pt, bold) > width && piece.chars().count() > 1 {
                    piece.pop();
                    lines.push(std::mem::take(&mut piece));
                    piece.push(ch);
                }
            }
            line = piece;
        }
        lines.push(line);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_font_has_every_bambara_and_french_sign() {
        let m = metrics(false).expect("regular face");
        let b = metrics(true).expect("bold face");
        for ch in "ɛɔɲŋƐƆƝŊàâçéèêëîïôùûüÿœ«»’–…\u{202f}\u{a0}\u{300}\u{301}\u{30c}\u{302}".chars()
        {
            assert!(m.face.glyph_index(ch).is_some(), "regular lacks {ch:?}");
            assert!(b.face.glyph_index(ch).is_some(), "bold lacks {ch:?}");
        }
    }

    #[test]
    fn lines_break_at_spaces_but_not_at_no_break_spaces() {
        let lines = wrap(
            "une question\u{202f}? oui",
            10.0,
            false,
            width_mm("une question", 10.0, false) + 0.5,
        );
        assert_eq!(lines, ["une", "question\u{202f}?", "oui"]);
    }

    #[test]
    fn a_long_word_is_cut_and_a_fitted_text_ends_with_an_ellipsis() {
        let lines = wrap("Ségou-Kayes-Bamako-Sikasso-Mopti", 10.0, false, 20.0);
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| width_mm(l, 10.0, false) <= 20.0));
        let f = fit(
            "Association pour la Promotion de la Femme",
            9.0,
            false,
            30.0,
        );
        assert!(f.ends_with('…') && width_mm(&f, 9.0, false) <= 30.0);
        assert_eq!(composed("e\u{301}"), "é");
    }
}
