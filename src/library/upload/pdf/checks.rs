//! Document checks after loading, before pdf-extract sees the document.

use pdf_extract::{Dictionary, Document, Object, ObjectId};
use std::collections::{HashMap, HashSet};
use std::time::Instant;

/// Bracket nesting allowed in any stream (pdf-extract's CMap and Type 1
/// parsers recurse on it).
const MAX_NESTING: usize = 2_000;
/// Codes a ToUnicode `bfrange` section may expand to, per stream.
const MAX_CMAP_RANGE: u64 = 1 << 20;
/// Bytes of content streams pdf-extract may interpret, over all pages.
const CONTENT_WORK_CAP: usize = 1 << 30;
/// Form XObject invocations, over all pages.
const MAX_FORM_VISITS: usize = 100_000;
const MAX_FORM_DEPTH: usize = 32;
const MAX_TREE_DEPTH: usize = 64;

/// Drops image data (never needed for text, and pdf-extract would parse
/// it as content on `Do`), stores every other stream decoded once, and
/// refuses font streams that would make pdf-extract's recursive CMap and
/// Type 1 parsers overflow the stack or loop without bound.
pub(super) fn prepare_streams(doc: &mut Document, deadline: Instant) -> Option<()> {
    let font_streams = font_streams(doc);
    for (id, object) in doc.objects.iter_mut() {
        if Instant::now() > deadline {
            return None;
        }
        let Object::Stream(stream) = object else {
            continue;
        };
        let is_image = stream
            .dict
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|n| n == b"Image");
        if is_image {
            stream.set_plain_content(b" ".to_vec());
            continue;
        }
        if stream.filters().is_ok_and(|f| !f.is_empty()) {
            // Bounded by the pre-scan.
            if let Ok(decoded) = stream.decompressed_content() {
                stream.set_plain_content(decoded);
            }
        }
        if font_streams.contains(id)
            && (nesting_depth(&stream.content) > MAX_NESTING
                || cmap_range_total(&stream.content) > MAX_CMAP_RANGE)
        {
            return None;
        }
    }
    Some(())
}

/// Streams referenced as `ToUnicode`, `Encoding` or `FontFile` (Type 1)
/// anywhere in the document: those go to pdf-extract's text parsers.
fn font_streams(doc: &Document) -> HashSet<ObjectId> {
    let mut found = HashSet::new();
    let mut pending: Vec<&Object> = doc.objects.values().collect();
    while let Some(object) = pending.pop() {
        let dict = match object {
            Object::Dictionary(dict) => dict,
            Object::Stream(stream) => &stream.dict,
            Object::Array(items) => {
                pending.extend(items.iter());
                continue;
            }
            _ => continue,
        };
        for (key, value) in dict.iter() {
            match value {
                Object::Reference(id)
                    if matches!(key.as_slice(), b"ToUnicode" | b"Encoding" | b"FontFile") =>
                {
                    found.insert(*id);
                }
                Object::Dictionary(_) | Object::Array(_) => pending.push(value),
                _ => {}
            }
        }
    }
    found
}

/// Deepest nesting of `[ { ( <<`, counted generously.
pub(in crate::library::upload) fn nesting_depth(data: &[u8]) -> usize {
    let mut depth = 0usize;
    let mut max = 0usize;
    let mut previous = 0u8;
    for &c in data {
        match c {
            b'[' | b'{' | b'(' => depth += 1,
            b'<' if previous == b'<' => depth += 1,
            b']' | b'}' | b')' => depth = depth.saturating_sub(1),
            b'>' if previous == b'>' => depth = depth.saturating_sub(1),
            _ => {}
        }
        max = max.max(depth);
        // "<<<" counts as one opening plus a hex string start.
        previous = if (c == b'<' || c == b'>') && previous == c {
            0
        } else {
            c
        };
    }
    max
}

/// Sum of the spans of all `beginbfrange` entries of a CMap, which
/// adobe-cmap-parser expands code by code.
pub(in crate::library::upload) fn cmap_range_total(data: &[u8]) -> u64 {
    let mut total = 0u64;
    for begin in memchr::memmem::find_iter(data, b"beginbfrange") {
        let section = data.get(begin + 12..).unwrap_or(&[]);
        let end = memchr::memmem::find(section, b"endbfrange").unwrap_or(section.len());
        let section = section.get(..end).unwrap_or(&[]);
        // Entries are: <lo> <hi> (<dst> | [ ... ]).
        let mut codes: Vec<u64> = Vec::new();
        let mut i = 0;
        let mut in_array = 0usize;
        while let Some(&c) = section.get(i) {
            match c {
                b'[' => in_array += 1,
                b']' => {
                    in_array = in_array.saturating_sub(1);
                    if in_array == 0 {
                        codes.push(0);
                    }
                }
                b'<' => {
                    let close = memchr::memchr(b'>', section.get(i..).unwrap_or(&[]))
                        .map_or(section.len(), |p| i + p);
                    if in_array == 0 {
                        let hex = section.get(i + 1..close).unwrap_or(&[]);
                        codes.push(hex_value(hex));
                    }
                    i = close;
                }
                _ => {}
            }
            if codes.len() == 3 {
                let (lo, hi) = (codes[0], codes[1]);
                total = total.saturating_add(hi.saturating_sub(lo).saturating_add(1));
                codes.clear();
            }
            i += 1;
        }
    }
    total
}

fn hex_value(hex: &[u8]) -> u64 {
    let mut value = 0u64;
    let mut digits = 0;
    for &c in hex {
        let Some(d) = (c as char).to_digit(16) else {
            continue;
        };
        digits += 1;
        if digits > 8 {
            // adobe-cmap-parser keeps 32 bits.
            break;
        }
        value = (value << 4) | u64::from(d);
    }
    value
}

/// Refuses cyclic or absurdly deep page trees (pdf-extract follows
/// `Parent` recursively) and gives pages without a usable MediaBox a
/// default one (pdf-extract panics without). Returns the pages.
pub(super) fn fix_page_tree(
    doc: &mut Document,
) -> Option<std::collections::BTreeMap<u32, ObjectId>> {
    let pages = doc.get_pages();
    let mut missing_box = Vec::new();
    for &page_id in pages.values() {
        let mut seen = HashSet::new();
        let mut current = Some(page_id);
        let mut media_box_ok = None;
        while let Some(id) = current {
            if !seen.insert(id) || seen.len() > MAX_TREE_DEPTH {
                return None;
            }
            let dict = doc.get_dictionary(id).ok()?;
            if media_box_ok.is_none()
                && let Ok(value) = dict.get(b"MediaBox")
            {
                media_box_ok = Some(is_usable_box(doc, value));
            }
            current = dict.get(b"Parent").and_then(Object::as_reference).ok();
        }
        if media_box_ok != Some(true) {
            missing_box.push(page_id);
        }
    }
    for page_id in missing_box {
        if let Ok(Object::Dictionary(dict)) = doc.get_object_mut(page_id) {
            let letter = vec![
                Object::Integer(0),
                Object::Integer(0),
                Object::Integer(612),
                Object::Integer(792),
            ];
            dict.set("MediaBox", Object::Array(letter));
        }
    }
    Some(pages)
}

fn is_usable_box(doc: &Document, value: &Object) -> bool {
    let value = match value {
        Object::Reference(id) => match doc.get_object(*id) {
            Ok(v) => v,
            Err(_) => return false,
        },
        v => v,
    };
    match value.as_array() {
        Ok(items) => {
            items.len() >= 4
                && items
                    .iter()
                    .all(|i| matches!(i, Object::Integer(_) | Object::Real(_)))
        }
        Err(_) => false,
    }
}

fn deref<'a>(doc: &'a Document, object: &'a Object) -> &'a Object {
    match object {
        Object::Reference(id) => doc.get_object(*id).unwrap_or(object),
        other => other,
    }
}

/// Names used with `Do` in a content stream, found by a light scan
/// (parsing every page with lopdf costs more than the extraction).
/// Names inside strings are counted too, which only errs on the safe side.
pub(in crate::library::upload) fn do_names(content: &[u8]) -> Vec<Vec<u8>> {
    fn is_space(c: u8) -> bool {
        matches!(c, b' ' | b'\t' | b'\r' | b'\n' | b'\x0c' | b'\0')
    }
    fn is_delimiter(c: u8) -> bool {
        matches!(
            c,
            b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
        )
    }
    let mut names = Vec::new();
    for at in memchr::memmem::find_iter(content, b"Do") {
        let after_ok = content
            .get(at + 2)
            .is_none_or(|&c| is_space(c) || is_delimiter(c));
        let mut end = at;
        while end > 0 && content.get(end - 1).is_some_and(|&c| is_space(c)) {
            end -= 1;
        }
        if !after_ok || end == at {
            continue;
        }
        let mut start = end;
        while start > 0
            && content
                .get(start - 1)
                .is_some_and(|&c| !is_space(c) && !is_delimiter(c))
        {
            start -= 1;
        }
        if start == 0 || content.get(start - 1) != Some(&b'/') {
            continue;
        }
        names.push(unescape_name(content.get(start..end).unwrap_or(&[])));
    }
    names
}

/// `#xx` escapes in a name, as lopdf decodes them.
fn unescape_name(raw: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(raw.len());
    let mut i = 0;
    while let Some(&c) = raw.get(i) {
        let hex = raw
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (c, hex) {
            (b'#', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// pdf-extract runs form XObjects by recursion, as often as they are
/// invoked: refuse cycles, deep nesting and exponential fan-out.
pub(super) fn check_forms(
    doc: &Document,
    pages: &std::collections::BTreeMap<u32, ObjectId>,
) -> Option<()> {
    let empty = Dictionary::new();
    let mut walk = FormWalk {
        doc,
        names: HashMap::new(),
        work: 0,
        visits: 0,
    };
    for &page_id in pages.values() {
        let content = doc.get_page_content(page_id).unwrap_or_default();
        walk.work += content.len();
        if walk.work > CONTENT_WORK_CAP {
            return None;
        }
        let names = do_names(&content);
        if names.is_empty() {
            continue;
        }
        let resources = inherited_resources(doc, page_id).unwrap_or(&empty);
        walk.visit(&names, resources, &mut Vec::new())?;
    }
    Some(())
}

fn inherited_resources(doc: &Document, page_id: ObjectId) -> Option<&Dictionary> {
    let mut current = doc.get_dictionary(page_id).ok()?;
    // The page tree depth was checked by `fix_page_tree`.
    for _ in 0..=MAX_TREE_DEPTH {
        if let Ok(resources) = current.get(b"Resources") {
            return deref(doc, resources).as_dict().ok();
        }
        let parent = current.get(b"Parent").and_then(Object::as_reference).ok()?;
        current = doc.get_dictionary(parent).ok()?;
    }
    None
}

struct FormWalk<'a> {
    doc: &'a Document,
    names: HashMap<ObjectId, Vec<Vec<u8>>>,
    work: usize,
    visits: usize,
}

impl<'a> FormWalk<'a> {
    fn visit(
        &mut self,
        names: &[Vec<u8>],
        resources: &'a Dictionary,
        path: &mut Vec<ObjectId>,
    ) -> Option<()> {
        if path.len() > MAX_FORM_DEPTH {
            return None;
        }
        let Ok(xobjects) = resources
            .get(b"XObject")
            .and_then(|x| deref(self.doc, x).as_dict())
        else {
            return Some(());
        };
        for name in names {
            let Ok(Object::Reference(id)) = xobjects.get(name) else {
                continue;
            };
            let Ok(stream) = self.doc.get_object(*id).and_then(Object::as_stream) else {
                continue;
            };
            if path.contains(id) {
                return None;
            }
            self.visits += 1;
            self.work += stream.content.len();
            if self.visits > MAX_FORM_VISITS || self.work > CONTENT_WORK_CAP {
                return None;
            }
            let inner_resources = stream
                .dict
                .get(b"Resources")
                .ok()
                .and_then(|r| deref(self.doc, r).as_dict().ok())
                .unwrap_or(resources);
            let inner_names = self
                .names
                .entry(*id)
                .or_insert_with(|| do_names(&stream.content))
                .clone();
            if inner_names.is_empty() {
                continue;
            }
            path.push(*id);
            self.visit(&inner_names, inner_resources, path)?;
            path.pop();
        }
        Some(())
    }
}
