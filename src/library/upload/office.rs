//! Text of office documents (OOXML and ODF).

use super::{FileKind, MAX_ZIP_INFLATE, TextSink};
use quick_xml::events::Event;
use std::io::{BufReader, Cursor, Read};

/// Which XML elements carry text, which end a "paragraph", which are
/// skipped with everything inside them. Names are local (no prefix).
struct Style {
    /// Text is taken only inside these elements.
    text_in: &'static [&'static str],
    /// End (or empty form) of these inserts a space.
    breaks: &'static [&'static str],
    /// Subtrees ignored entirely.
    skip: &'static [&'static str],
}

const DOCX: Style = Style {
    text_in: &["t"],
    breaks: &["p", "tab", "br", "cr", "tc"],
    skip: &[],
};
const XLSX: Style = Style {
    text_in: &["t"],
    breaks: &["si", "c", "is"],
    skip: &["rPh"],
};
const PPTX: Style = Style {
    text_in: &["t"],
    breaks: &["p", "br"],
    skip: &[],
};
const ODF: Style = Style {
    text_in: &["body"],
    breaks: &[
        "p",
        "h",
        "s",
        "tab",
        "line-break",
        "table-cell",
        "list-item",
    ],
    skip: &["tracked-changes", "annotation", "note-citation"],
};

pub(super) fn extract(kind: FileKind, bytes: &[u8]) -> Option<String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).ok()?;
    let names: Vec<String> = archive
        .file_names_raw()
        .filter_map(|n| std::str::from_utf8(n).ok().map(str::to_owned))
        .collect();
    let (parts, style): (Vec<String>, &Style) = match kind {
        FileKind::Docx => (
            [
                "word/document.xml",
                "word/footnotes.xml",
                "word/endnotes.xml",
            ]
            .iter()
            .map(|s| (*s).to_owned())
            .collect(),
            &DOCX,
        ),
        FileKind::Xlsx => {
            let mut parts = vec!["xl/sharedStrings.xml".to_owned()];
            parts.extend(numbered(&names, "xl/worksheets/sheet"));
            (parts, &XLSX)
        }
        FileKind::Pptx => (numbered(&names, "ppt/slides/slide"), &PPTX),
        FileKind::Odt | FileKind::Ods => (vec!["content.xml".to_owned()], &ODF),
        _ => return None,
    };
    let mut sink = TextSink::new();
    let mut budget = MAX_ZIP_INFLATE;
    for part in parts {
        if sink.full || budget == 0 {
            break;
        }
        let Some(index) = archive.index_for_name(&part) else {
            continue;
        };
        let Ok(entry) = archive.by_index(index) else {
            continue;
        };
        let mut limited = entry.take(budget);
        walk_xml(BufReader::new(&mut limited), style, &mut sink);
        budget = limited.limit();
    }
    sink.finish()
}

/// `prefix` + number + ".xml", sorted by number, at most 5000.
fn numbered(names: &[String], prefix: &str) -> Vec<String> {
    let mut found: Vec<(u32, String)> = names
        .iter()
        .filter_map(|n| {
            let number = n.strip_prefix(prefix)?.strip_suffix(".xml")?;
            Some((number.parse().ok()?, n.clone()))
        })
        .collect();
    found.sort();
    found.into_iter().take(5000).map(|(_, n)| n).collect()
}

fn walk_xml<R: std::io::BufRead>(input: R, style: &Style, sink: &mut TextSink) {
    let mut reader = quick_xml::Reader::from_reader(input);
    let mut buf = Vec::new();
    let mut capture = 0usize;
    let mut skip = 0usize;
    loop {
        if sink.full {
            break;
        }
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                let name = e.local_name();
                let name = name.as_ref();
                if skip > 0 || style.skip.contains(&name) {
                    skip += 1;
                } else if style.text_in.contains(&name) {
                    capture += 1;
                }
            }
            Ok(Event::End(e)) => {
                let name = e.local_name();
                let name = name.as_ref();
                if skip > 0 {
                    skip -= 1;
                } else {
                    if style.text_in.contains(&name) {
                        capture = capture.saturating_sub(1);
                    }
                    if style.breaks.contains(&name) {
                        sink.space();
                    }
                }
            }
            Ok(Event::Empty(e)) => {
                if skip == 0 && style.breaks.contains(&e.local_name().as_ref()) {
                    sink.space();
                }
            }
            Ok(Event::Text(t)) => {
                if skip == 0 && capture > 0 {
                    sink.push_str(&t.xml10_content());
                }
            }
            Ok(Event::CData(t)) => {
                if skip == 0 && capture > 0 {
                    sink.push_str(&t.xml10_content());
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if skip == 0 && capture > 0 {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        sink.push_char(c);
                    } else if let Some(s) =
                        quick_xml::escape::resolve_predefined_entity(&r.xml10_content())
                    {
                        sink.push_str(s);
                    }
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
        buf.clear();
    }
}
