//! Checking of files uploaded to the document library, and extraction of
//! their text for full-text search.
//!
//! [`check`] decides what a file is from its bytes alone (never from its
//! name) and refuses anything that is not on a short allow-list of document,
//! image and audio formats. [`extract_text`] turns documents into plain text.
//!
//! Everything here is written for hostile input: third-party parsers run
//! under `catch_unwind`, zip entries are read through a byte budget, PDFs
//! are checked for decompression bombs, reference cycles and absurd nesting
//! before `pdf-extract` sees them, and the PDF work runs on its own thread
//! with a deadline. Extraction is CPU-bound: call it from a blocking task.

use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::io::{self, BufReader, Cursor, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

/// Largest upload accepted, in bytes.
pub const MAX_BYTES: usize = 20 * 1024 * 1024;

/// Longest text returned by [`extract_text`], in chars.
const MAX_TEXT_CHARS: usize = 200_000;

/// Total bytes inflated from one zip container during extraction.
const MAX_ZIP_INFLATE: u64 = 50 * 1024 * 1024;

/// Wall-clock budget for one PDF.
const PDF_TIME_LIMIT: Duration = Duration::from_secs(30);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Pdf,
    Docx,
    Xlsx,
    Odt,
    Ods,
    Pptx,
    Png,
    Jpeg,
    Gif,
    Webp,
    Mp3,
    Ogg,
    Wav,
    M4a,
    Amr,
}

const ALL_KINDS: [FileKind; 15] = [
    FileKind::Pdf,
    FileKind::Docx,
    FileKind::Xlsx,
    FileKind::Odt,
    FileKind::Ods,
    FileKind::Pptx,
    FileKind::Png,
    FileKind::Jpeg,
    FileKind::Gif,
    FileKind::Webp,
    FileKind::Mp3,
    FileKind::Ogg,
    FileKind::Wav,
    FileKind::M4a,
    FileKind::Amr,
];

impl FileKind {
    /// The Content-Type the file is served with.
    pub fn mime(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            FileKind::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            FileKind::Odt => "application/vnd.oasis.opendocument.text",
            FileKind::Ods => "application/vnd.oasis.opendocument.spreadsheet",
            FileKind::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            FileKind::Png => "image/png",
            FileKind::Jpeg => "image/jpeg",
            FileKind::Gif => "image/gif",
            FileKind::Webp => "image/webp",
            FileKind::Mp3 => "audio/mpeg",
            FileKind::Ogg => "audio/ogg",
            FileKind::Wav => "audio/wav",
            FileKind::M4a => "audio/mp4",
            FileKind::Amr => "audio/amr",
        }
    }

    /// File name extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Docx => "docx",
            FileKind::Xlsx => "xlsx",
            FileKind::Odt => "odt",
            FileKind::Ods => "ods",
            FileKind::Pptx => "pptx",
            FileKind::Png => "png",
            FileKind::Jpeg => "jpg",
            FileKind::Gif => "gif",
            FileKind::Webp => "webp",
            FileKind::Mp3 => "mp3",
            FileKind::Ogg => "ogg",
            FileKind::Wav => "wav",
            FileKind::M4a => "m4a",
            FileKind::Amr => "amr",
        }
    }

    /// Stable code stored in the database.
    pub fn code(self) -> &'static str {
        self.extension()
    }

    pub fn from_code(s: &str) -> Option<FileKind> {
        ALL_KINDS.into_iter().find(|k| k.code() == s)
    }

    pub fn is_image(self) -> bool {
        matches!(
            self,
            FileKind::Png | FileKind::Jpeg | FileKind::Gif | FileKind::Webp
        )
    }

    pub fn is_audio(self) -> bool {
        matches!(
            self,
            FileKind::Mp3 | FileKind::Ogg | FileKind::Wav | FileKind::M4a | FileKind::Amr
        )
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Empty,
    TooLarge,
    /// Executable, HTML, script, unknown: anything not on the allow-list.
    NotAllowed,
    /// Claims a known type but cannot be opened.
    Damaged,
}

impl Refusal {
    /// Locale message key.
    pub fn code(self) -> &'static str {
        match self {
            Refusal::Empty => "empty",
            Refusal::TooLarge => "too-large",
            Refusal::NotAllowed => "not-allowed",
            Refusal::Damaged => "damaged",
        }
    }
}

// ---------------------------------------------------------------------------
// check
// ---------------------------------------------------------------------------

/// Decide the kind of an upload from its content only.
pub fn check(bytes: &[u8]) -> Result<FileKind, Refusal> {
    if bytes.is_empty() {
        return Err(Refusal::Empty);
    }
    if bytes.len() > MAX_BYTES {
        return Err(Refusal::TooLarge);
    }
    // AMR files start with "#!AMR", which must not be taken for a shebang.
    if bytes.starts_with(b"#!AMR\n") || bytes.starts_with(b"#!AMR-WB\n") {
        return Ok(FileKind::Amr);
    }
    if is_executable(bytes) {
        return Err(Refusal::NotAllowed);
    }
    if bytes.starts_with(b"%PDF-") {
        return if memchr::memmem::find(bytes, b"%%EOF").is_some() {
            Ok(FileKind::Pdf)
        } else {
            Err(Refusal::Damaged)
        };
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return if bytes.get(12..16) == Some(b"IHDR") {
            Ok(FileKind::Png)
        } else {
            Err(Refusal::Damaged)
        };
    }
    if bytes.starts_with(b"\xff\xd8\xff") {
        return Ok(FileKind::Jpeg);
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Ok(FileKind::Gif);
    }
    if bytes.starts_with(b"RIFF") {
        return match bytes.get(8..12) {
            Some(b"WEBP") => Ok(FileKind::Webp),
            Some(b"WAVE") => Ok(FileKind::Wav),
            _ => Err(Refusal::NotAllowed),
        };
    }
    if bytes.starts_with(b"OggS") {
        return check_ogg(bytes);
    }
    if bytes.get(4..8) == Some(b"ftyp") {
        return check_mp4_audio(bytes);
    }
    if bytes.starts_with(b"ID3") || is_mpeg_audio_frame(bytes) {
        return Ok(FileKind::Mp3);
    }
    if bytes.starts_with(b"PK\x03\x04") {
        return check_zip(bytes);
    }
    // Everything else (text, HTML, SVG, XML, scripts, archives, video, ...)
    // is not on the allow-list.
    Err(Refusal::NotAllowed)
}

fn is_executable(bytes: &[u8]) -> bool {
    const MAGICS: [&[u8]; 8] = [
        b"MZ",               // Windows PE / DOS
        b"\x7fELF",          // ELF
        b"\xfe\xed\xfa\xce", // Mach-O 32
        b"\xfe\xed\xfa\xcf", // Mach-O 64
        b"\xce\xfa\xed\xfe", // Mach-O 32, little-endian
        b"\xcf\xfa\xed\xfe", // Mach-O 64, little-endian
        b"\xca\xfe\xba\xbe", // Mach-O fat binary / Java class
        b"#!",               // shebang script
    ];
    MAGICS.iter().any(|m| bytes.starts_with(m))
}

/// An MPEG-1/2/2.5 Layer III frame header (MP3 without an ID3 tag).
fn is_mpeg_audio_frame(bytes: &[u8]) -> bool {
    let [b0, b1, b2, ..] = *bytes else {
        return false;
    };
    let sync = b0 == 0xff && b1 & 0xe0 == 0xe0;
    let version_ok = (b1 >> 3) & 0b11 != 0b01;
    let layer3 = (b1 >> 1) & 0b11 == 0b01;
    let bitrate_ok = b2 >> 4 != 0b1111;
    let rate_ok = (b2 >> 2) & 0b11 != 0b11;
    sync && version_ok && layer3 && bitrate_ok && rate_ok
}

fn check_ogg(bytes: &[u8]) -> Result<FileKind, Refusal> {
    let head = &bytes[..bytes.len().min(4096)];
    let audio_codecs: [&[u8]; 4] = [b"OpusHead", b"\x01vorbis", b"\x7fFLAC", b"Speex   "];
    if audio_codecs
        .iter()
        .any(|c| memchr::memmem::find(head, c).is_some())
    {
        Ok(FileKind::Ogg)
    } else {
        // Ogg video (Theora) or something unknown.
        Err(Refusal::NotAllowed)
    }
}

/// ISO base media (MP4 family): accepted only as audio, i.e. an "M4A "/"M4B "
/// brand, or a generic MP4 brand with a sound track and no video track.
fn check_mp4_audio(bytes: &[u8]) -> Result<FileKind, Refusal> {
    let box_len = bytes
        .get(0..4)
        .and_then(|b| <[u8; 4]>::try_from(b).ok())
        .map_or(0, |b| u32::from_be_bytes(b) as usize);
    let ftyp = bytes.get(8..box_len.clamp(8, 256)).unwrap_or(&[]);
    let major = ftyp.get(0..4).unwrap_or(&[]);
    // Compatible brands start after major brand (4) and minor version (4).
    let compatible: Vec<&[u8]> = ftyp.get(8..).unwrap_or(&[]).chunks_exact(4).collect();
    let audio_brand = |b: &[u8]| b == b"M4A " || b == b"M4B ";
    if audio_brand(major) || compatible.iter().any(|b| audio_brand(b)) {
        return Ok(FileKind::M4a);
    }
    let generic = [&b"isom"[..], b"iso2", b"mp41", b"mp42", b"dash"];
    if !generic.contains(&major) {
        // 3GP, QuickTime, HEIC/AVIF images, ...
        return Err(Refusal::NotAllowed);
    }
    let mut has_sound = false;
    for pos in memchr::memmem::find_iter(bytes, b"hdlr") {
        match bytes.get(pos + 12..pos + 16) {
            Some(b"vide") => return Err(Refusal::NotAllowed),
            Some(b"soun") => has_sound = true,
            _ => {}
        }
    }
    if has_sound {
        Ok(FileKind::M4a)
    } else {
        Err(Refusal::NotAllowed)
    }
}

fn check_zip(bytes: &[u8]) -> Result<FileKind, Refusal> {
    let Ok(mut archive) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Err(Refusal::Damaged);
    };
    let names: Vec<Vec<u8>> = archive.file_names_raw().map(<[u8]>::to_vec).collect();
    let has = |wanted: &[u8]| names.iter().any(|n| n.eq_ignore_ascii_case(wanted));
    // Macros are executable content (docm/xlsm/pptm renamed, ODF Basic).
    let has_macros = names.iter().any(|n| {
        let lower = n.to_ascii_lowercase();
        lower.ends_with(b"vbaproject.bin")
            || lower.ends_with(b"vbadata.xml")
            || lower.starts_with(b"basic/")
            || lower.starts_with(b"scripts/")
    });
    if has_macros {
        return Err(Refusal::NotAllowed);
    }

    if has(b"mimetype") {
        let mut mimetype = Vec::new();
        let read_ok = match archive.by_name("mimetype") {
            Ok(entry) => entry.take(200).read_to_end(&mut mimetype).is_ok(),
            Err(_) => false,
        };
        if !read_ok {
            return Err(Refusal::Damaged);
        }
        let mimetype = mimetype.trim_ascii();
        let kind = match mimetype {
            b"application/vnd.oasis.opendocument.text" => FileKind::Odt,
            b"application/vnd.oasis.opendocument.spreadsheet" => FileKind::Ods,
            // Other ODF flavours, EPUB, JAR-like containers, ...
            _ => return Err(Refusal::NotAllowed),
        };
        return if has(b"content.xml") {
            Ok(kind)
        } else {
            Err(Refusal::Damaged)
        };
    }

    let ooxml = has(b"[Content_Types].xml");
    let main_parts = [
        (&b"word/document.xml"[..], FileKind::Docx),
        (b"xl/workbook.xml", FileKind::Xlsx),
        (b"ppt/presentation.xml", FileKind::Pptx),
    ];
    for (part, kind) in main_parts {
        if has(part) {
            return if ooxml {
                Ok(kind)
            } else {
                Err(Refusal::Damaged)
            };
        }
    }
    if ooxml {
        // An Office Open XML package without a main part we know.
        return Err(Refusal::Damaged);
    }
    // A plain zip archive.
    Err(Refusal::NotAllowed)
}

// ---------------------------------------------------------------------------
// extract_text
// ---------------------------------------------------------------------------

/// Plain text of a document for search indexing, whitespace collapsed to
/// single spaces and cut at 200 000 chars. `None` when nothing can be
/// extracted (images, audio, encrypted or broken files).
pub fn extract_text(kind: FileKind, bytes: &[u8]) -> Option<String> {
    if bytes.is_empty() || bytes.len() > MAX_BYTES {
        return None;
    }
    match kind {
        FileKind::Pdf => pdf::extract(bytes),
        FileKind::Docx | FileKind::Xlsx | FileKind::Pptx | FileKind::Odt | FileKind::Ods => {
            catch_unwind(AssertUnwindSafe(|| office::extract(kind, bytes)))
                .ok()
                .flatten()
        }
        FileKind::Png
        | FileKind::Jpeg
        | FileKind::Gif
        | FileKind::Webp
        | FileKind::Mp3
        | FileKind::Ogg
        | FileKind::Wav
        | FileKind::M4a
        | FileKind::Amr => None,
    }
}

/// Accumulates text, collapsing whitespace and stopping at the char limit.
struct TextSink {
    out: String,
    chars: usize,
    pending_space: bool,
    full: bool,
}

impl TextSink {
    fn new() -> Self {
        TextSink {
            out: String::new(),
            chars: 0,
            pending_space: false,
            full: false,
        }
    }

    fn push_str(&mut self, s: &str) {
        for c in s.chars() {
            if self.full {
                return;
            }
            self.push_char(c);
        }
    }

    fn push_char(&mut self, c: char) {
        if self.full {
            return;
        }
        if c.is_whitespace() || c.is_control() {
            self.space();
            return;
        }
        let needed = if self.pending_space { 2 } else { 1 };
        if self.chars + needed > MAX_TEXT_CHARS {
            self.full = true;
            return;
        }
        if self.pending_space {
            self.out.push(' ');
            self.chars += 1;
            self.pending_space = false;
        }
        self.out.push(c);
        self.chars += 1;
    }

    fn space(&mut self) {
        if !self.out.is_empty() {
            self.pending_space = true;
        }
    }

    fn finish(self) -> Option<String> {
        if self.out.is_empty() {
            None
        } else {
            Some(self.out)
        }
    }
}

// ---------------------------------------------------------------------------
// Office documents (OOXML and ODF)
// ---------------------------------------------------------------------------

mod office {
    use super::{BufReader, Cursor, FileKind, MAX_ZIP_INFLATE, Read, TextSink};
    use quick_xml::events::Event;

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
}

// ---------------------------------------------------------------------------
// PDF
// ---------------------------------------------------------------------------

mod pdf {
    use super::{
        AssertUnwindSafe, Cell, HashMap, HashSet, Instant, PDF_TIME_LIMIT, Read, TextSink,
        catch_unwind, io,
    };
    use pdf_extract::{
        Dictionary, Document, MediaBox, Object, ObjectId, OutputDev, OutputError, PlainTextOutput,
        Transform,
    };
    use std::sync::mpsc;
    use std::time::Duration;

    /// Largest decoded size of one stream.
    const STREAM_CAP: usize = 64 << 20;
    /// Total bytes the pre-scan may decode.
    const PROBE_WORK_CAP: usize = 384 << 20;
    /// Longest filter chain the pre-scan follows.
    const PROBE_DEPTH: u8 = 4;
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
    /// Up to this many pages each page runs separately, so a panic on one
    /// page loses only that page.
    const MAX_PAGES_SEPARATELY: usize = 2_000;

    pub(super) fn extract(bytes: &[u8]) -> Option<String> {
        let data = bytes.to_vec();
        let deadline = Instant::now() + PDF_TIME_LIMIT;
        let (tx, rx) = mpsc::sync_channel(1);
        // A generous stack: pdf-extract's parsers are recursive. The memory is
        // only reserved, not committed, until used.
        let spawned = std::thread::Builder::new()
            .name("pdf-text".to_owned())
            .stack_size(256 << 20)
            .spawn(move || {
                let text = catch_unwind(AssertUnwindSafe(|| extract_inner(&data, deadline)))
                    .ok()
                    .flatten();
                let _ = tx.send(text);
            });
        if spawned.is_err() {
            return None;
        }
        // On time-out the thread is left to finish on its own; its output
        // checks the deadline and stops soon after.
        rx.recv_timeout(PDF_TIME_LIMIT + Duration::from_secs(5))
            .ok()
            .flatten()
    }

    fn extract_inner(bytes: &[u8], deadline: Instant) -> Option<String> {
        // Encrypted documents are decrypted (and their object streams
        // inflated) by lopdf while loading, out of reach of the checks below.
        if memchr::memmem::find(bytes, b"/Encrypt").is_some() {
            return None;
        }
        if !prescan(bytes, deadline) {
            return None;
        }
        let mut doc = Document::load_mem(bytes).ok()?;
        if doc.is_encrypted() || doc.was_encrypted() {
            return None;
        }
        prepare_streams(&mut doc, deadline)?;
        let pages = fix_page_tree(&mut doc)?;
        check_forms(&doc, &pages)?;

        let full = Cell::new(false);
        let mut sink = Sink {
            text: TextSink::new(),
            deadline,
            full: &full,
        };
        {
            let writer: &mut dyn io::Write = &mut sink;
            let mut out = Guarded {
                inner: PlainTextOutput::new(writer),
                deadline,
            };
            if pages.len() <= MAX_PAGES_SEPARATELY {
                for &number in pages.keys() {
                    if full.get() || Instant::now() > deadline {
                        break;
                    }
                    let _ = catch_unwind(AssertUnwindSafe(|| {
                        pdf_extract::output_doc_page(&doc, &mut out, number)
                    }));
                }
            } else {
                let _ = catch_unwind(AssertUnwindSafe(|| pdf_extract::output_doc(&doc, &mut out)));
            }
        }
        sink.text.finish()
    }

    /// Receives pdf-extract's text; refuses more once full or late.
    struct Sink<'a> {
        text: TextSink,
        deadline: Instant,
        full: &'a Cell<bool>,
    }

    impl io::Write for Sink<'_> {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if Instant::now() > self.deadline {
                return Err(io::Error::other("time limit"));
            }
            match std::str::from_utf8(buf) {
                Ok(s) => self.text.push_str(s),
                Err(_) => self.text.push_str(&String::from_utf8_lossy(buf)),
            }
            if self.text.full {
                self.full.set(true);
                return Err(io::Error::other("text limit"));
            }
            Ok(buf.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    /// pdf-extract's plain-text layout, stopped at the deadline.
    struct Guarded<'a> {
        inner: PlainTextOutput<&'a mut dyn io::Write>,
        deadline: Instant,
    }

    impl Guarded<'_> {
        fn in_time(&self) -> Result<(), OutputError> {
            if Instant::now() > self.deadline {
                Err(OutputError::IoError(io::Error::other("time limit")))
            } else {
                Ok(())
            }
        }
    }

    impl OutputDev for Guarded<'_> {
        fn begin_page(
            &mut self,
            page_num: u32,
            media_box: &MediaBox,
            art_box: Option<(f64, f64, f64, f64)>,
        ) -> Result<(), OutputError> {
            self.in_time()?;
            self.inner.begin_page(page_num, media_box, art_box)
        }

        fn end_page(&mut self) -> Result<(), OutputError> {
            self.inner.end_page()?;
            // A page break separates words.
            self.inner
                .output_character(&Transform::identity(), 0.0, 0.0, 1.0, " ")?;
            self.inner.begin_word()
        }

        fn output_character(
            &mut self,
            trm: &Transform,
            width: f64,
            spacing: f64,
            font_size: f64,
            char: &str,
        ) -> Result<(), OutputError> {
            self.in_time()?;
            self.inner
                .output_character(trm, width, spacing, font_size, char)
        }

        fn begin_word(&mut self) -> Result<(), OutputError> {
            self.in_time()?;
            self.inner.begin_word()
        }

        fn end_word(&mut self) -> Result<(), OutputError> {
            self.inner.end_word()
        }

        fn end_line(&mut self) -> Result<(), OutputError> {
            self.inner.end_line()
        }
    }

    // -- decompression-bomb pre-scan --------------------------------------

    /// Before lopdf parses anything (it inflates cross-reference and object
    /// streams while loading, without limits), decode every stream in the
    /// file the ways lopdf could (Flate, LZW, ASCII85, chained) with caps.
    /// `false` when some stream inflates past [`STREAM_CAP`] or the total
    /// past [`PROBE_WORK_CAP`].
    pub(super) fn prescan(bytes: &[u8], deadline: Instant) -> bool {
        let mut work = 0usize;
        for keyword in memchr::memmem::find_iter(bytes, b"stream") {
            if keyword >= 3 && bytes.get(keyword - 3..keyword) == Some(b"end") {
                continue;
            }
            let mut at = keyword + 6;
            while matches!(bytes.get(at), Some(b' ' | b'\t')) {
                at += 1;
            }
            let start = match (bytes.get(at), bytes.get(at + 1)) {
                (Some(b'\r'), Some(b'\n')) => at + 2,
                (Some(b'\r' | b'\n'), _) => at + 1,
                _ => continue,
            };
            if Instant::now() > deadline {
                return false;
            }
            let Some(data) = bytes.get(start..) else {
                continue;
            };
            if !probe(data, 0, &mut work) {
                return false;
            }
        }
        true
    }

    struct TooBig;

    type Decoder = fn(&[u8]) -> Result<Vec<u8>, TooBig>;

    fn probe(data: &[u8], depth: u8, work: &mut usize) -> bool {
        let decoders: [Decoder; 4] = [
            inflate_capped,
            |d| lzw_capped(d, true),
            |d| lzw_capped(d, false),
            ascii85,
        ];
        for decode in decoders {
            let Ok(out) = decode(data) else {
                return false;
            };
            *work += out.len();
            if *work > PROBE_WORK_CAP {
                return false;
            }
            if depth + 1 < PROBE_DEPTH && out.len() >= 8 && !probe(&out, depth + 1, work) {
                return false;
            }
        }
        true
    }

    fn read_capped<R: Read>(mut reader: R, out: &mut Vec<u8>) -> Result<bool, TooBig> {
        let mut buf = vec![0u8; 64 * 1024];
        loop {
            match reader.read(&mut buf) {
                Ok(0) => return Ok(true),
                Ok(n) => {
                    if out.len() + n > STREAM_CAP {
                        return Err(TooBig);
                    }
                    out.extend_from_slice(buf.get(..n).unwrap_or(&[]));
                }
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(_) => return Ok(false),
            }
        }
    }

    /// zlib, falling back to raw deflate after the 2-byte header like lopdf.
    fn inflate_capped(data: &[u8]) -> Result<Vec<u8>, TooBig> {
        let mut out = Vec::new();
        let complete = read_capped(flate2::read::ZlibDecoder::new(data), &mut out)?;
        if (!complete || out.is_empty()) && data.len() > 2 {
            let mut raw = Vec::new();
            read_capped(
                flate2::read::DeflateDecoder::new(data.get(2..).unwrap_or(&[])),
                &mut raw,
            )?;
            if raw.len() > out.len() {
                out = raw;
            }
        }
        Ok(out)
    }

    fn lzw_capped(data: &[u8], early_change: bool) -> Result<Vec<u8>, TooBig> {
        use weezl::{BitOrder, LzwStatus, decode::Decoder};
        let mut decoder = if early_change {
            Decoder::with_tiff_size_switch(BitOrder::Msb, 8)
        } else {
            Decoder::new(BitOrder::Msb, 8)
        };
        let mut out = Vec::new();
        let mut buf = vec![0u8; 64 * 1024];
        let mut input = data;
        loop {
            let result = decoder.decode_bytes(input, &mut buf);
            input = input.get(result.consumed_in..).unwrap_or(&[]);
            if out.len() + result.consumed_out > STREAM_CAP {
                return Err(TooBig);
            }
            out.extend_from_slice(buf.get(..result.consumed_out).unwrap_or(&[]));
            match result.status {
                Ok(LzwStatus::Ok) if result.consumed_in > 0 || result.consumed_out > 0 => {}
                _ => return Ok(out),
            }
        }
    }

    /// ASCII85 as lopdf decodes it (stops at the first byte outside the
    /// alphabet). Never larger than its input.
    fn ascii85(data: &[u8]) -> Result<Vec<u8>, TooBig> {
        let mut out = Vec::new();
        let mut group: u32 = 0;
        let mut count = 0usize;
        for &c in data {
            if c == b'z' && count == 0 {
                out.extend_from_slice(&[0; 4]);
                continue;
            }
            if c.is_ascii_whitespace() {
                continue;
            }
            if !(b'!'..=b'u').contains(&c) {
                break;
            }
            group = group.wrapping_mul(85).wrapping_add(u32::from(c - b'!'));
            count += 1;
            if count == 5 {
                out.extend_from_slice(&group.to_be_bytes());
                group = 0;
                count = 0;
            }
        }
        Ok(out)
    }

    // -- document checks after loading ----------------------------------------

    /// Drops image data (never needed for text, and pdf-extract would parse
    /// it as content on `Do`), stores every other stream decoded once, and
    /// refuses font streams that would make pdf-extract's recursive CMap and
    /// Type 1 parsers overflow the stack or loop without bound.
    fn prepare_streams(doc: &mut Document, deadline: Instant) -> Option<()> {
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
    pub(super) fn nesting_depth(data: &[u8]) -> usize {
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
    pub(super) fn cmap_range_total(data: &[u8]) -> u64 {
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
    fn fix_page_tree(doc: &mut Document) -> Option<std::collections::BTreeMap<u32, ObjectId>> {
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
    pub(super) fn do_names(content: &[u8]) -> Vec<Vec<u8>> {
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
    fn check_forms(
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
}

// ---------------------------------------------------------------------------
// tests
// ---------------------------------------------------------------------------

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use std::io::Write;
    use zip::write::SimpleFileOptions;

    const SAMPLE: &str = "Convention d'abandon de l'excision — Égalité";

    fn zip_file(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        for (name, data) in entries {
            let options = if *name == "mimetype" {
                SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored)
            } else {
                SimpleFileOptions::default()
            };
            writer.start_file(*name, options).unwrap();
            writer.write_all(data).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;

    const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

    fn docx(document_xml: &[u8]) -> Vec<u8> {
        zip_file(&[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("_rels/.rels", RELS.as_bytes()),
            ("word/document.xml", document_xml),
        ])
    }

    fn sample_docx() -> Vec<u8> {
        let xml = concat!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>"#,
            "\n",
            r#"<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Convention d&apos;abandon</w:t></w:r><w:r><w:t xml:space="preserve"> de l'excision — </w:t></w:r><w:r><w:t>Égalité</w:t></w:r></w:p><w:p><w:r><w:t>Deuxième</w:t></w:r><w:r><w:tab/><w:t>paragraphe &amp; fin</w:t></w:r></w:p><w:sectPr/></w:body></w:document>"#,
        );
        docx(xml.as_bytes())
    }

    fn sample_odt() -> Vec<u8> {
        let content = r#"<?xml version="1.0" encoding="UTF-8"?>
<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.3"><office:body><office:text><text:h text:outline-level="1">Titre</text:h><text:p>Convention d'abandon de <text:span>l'excision</text:span><text:s/>— Égalité</text:p><text:p>Suite<text:line-break/>ligne</text:p></office:text></office:body></office:document-content>"#;
        let manifest = r#"<?xml version="1.0" encoding="UTF-8"?>
<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.text"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;
        zip_file(&[
            ("mimetype", b"application/vnd.oasis.opendocument.text"),
            ("content.xml", content.as_bytes()),
            ("META-INF/manifest.xml", manifest.as_bytes()),
        ])
    }

    fn printpdf_document(lines: &[&str]) -> Vec<u8> {
        use printpdf::{BuiltinFont, Mm, PdfDocument};
        let (doc, page, layer) = PdfDocument::new("Test", Mm(210.0), Mm(297.0), "Layer 1");
        let font = doc.add_builtin_font(BuiltinFont::Helvetica).unwrap();
        let layer = doc.get_page(page).get_layer(layer);
        for (i, line) in lines.iter().enumerate() {
            layer.use_text(*line, 12.0, Mm(20.0), Mm(270.0 - 8.0 * i as f32), &font);
        }
        doc.save_to_bytes().unwrap()
    }

    #[test]
    fn kinds_round_trip() {
        for kind in ALL_KINDS {
            assert_eq!(FileKind::from_code(kind.code()), Some(kind));
            assert!(!kind.mime().is_empty());
            assert!(!(kind.is_image() && kind.is_audio()));
        }
        assert_eq!(FileKind::from_code("exe"), None);
        assert_eq!(Refusal::TooLarge.code(), "too-large");
    }

    #[test]
    fn empty_and_too_large() {
        assert_eq!(check(b""), Err(Refusal::Empty));
        let mut big = vec![0u8; MAX_BYTES + 1];
        big[..8].copy_from_slice(b"%PDF-1.7");
        assert_eq!(check(&big), Err(Refusal::TooLarge));
    }

    #[test]
    fn executables_and_markup_are_refused() {
        let mut exe = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff".to_vec();
        exe.extend_from_slice(b"This program cannot be run in DOS mode.");
        assert_eq!(check(&exe), Err(Refusal::NotAllowed));
        assert_eq!(check(b"\x7fELF\x02\x01\x01"), Err(Refusal::NotAllowed));
        assert_eq!(check(b"\xcf\xfa\xed\xfe\x07"), Err(Refusal::NotAllowed));
        assert_eq!(check(b"#!/bin/sh\nrm -rf /\n"), Err(Refusal::NotAllowed));
        assert_eq!(
            check(b"<html><script>alert(1)</script></html>"),
            Err(Refusal::NotAllowed)
        );
        assert_eq!(
            check(b"<?xml version=\"1.0\"?><svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
            Err(Refusal::NotAllowed)
        );
        assert_eq!(check(b"just some text"), Err(Refusal::NotAllowed));
        // A plain zip is not a document.
        let plain = zip_file(&[("readme.txt", b"hello")]);
        assert_eq!(check(&plain), Err(Refusal::NotAllowed));
        // Macros.
        let macro_docx = zip_file(&[
            ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
            ("word/document.xml", b"<w:document/>"),
            ("word/vbaProject.bin", b"\xd0\xcf\x11\xe0"),
        ]);
        assert_eq!(check(&macro_docx), Err(Refusal::NotAllowed));
    }

    #[test]
    fn image_and_audio_magic() {
        let png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02";
        assert_eq!(check(png), Ok(FileKind::Png));
        assert_eq!(check(b"\x89PNG\r\n\x1a\n"), Err(Refusal::Damaged));
        assert_eq!(
            check(b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01"),
            Ok(FileKind::Jpeg)
        );
        assert_eq!(check(b"GIF89a\x01\x00\x01\x00"), Ok(FileKind::Gif));
        assert_eq!(check(b"RIFF\x24\x00\x00\x00WEBPVP8 "), Ok(FileKind::Webp));
        assert_eq!(check(b"RIFF\x24\x00\x00\x00WAVEfmt "), Ok(FileKind::Wav));
        assert_eq!(
            check(b"RIFF\x24\x00\x00\x00AVI LIST"),
            Err(Refusal::NotAllowed)
        );
        assert_eq!(check(b"ID3\x04\x00\x00\x00\x00\x00\x00"), Ok(FileKind::Mp3));
        assert_eq!(check(b"\xff\xfb\x90\x64\x00"), Ok(FileKind::Mp3));
        assert_eq!(check(b"#!AMR\n\x3c\x00"), Ok(FileKind::Amr));
        let mut ogg = b"OggS\x00\x02".to_vec();
        ogg.extend_from_slice(&[0; 22]);
        ogg.extend_from_slice(b"OpusHead\x01\x02");
        assert_eq!(check(&ogg), Ok(FileKind::Ogg));
        let m4a = b"\x00\x00\x00\x1cftypM4A \x00\x00\x00\x00M4A mp42isom\x00\x00\x00\x08free";
        assert_eq!(check(m4a), Ok(FileKind::M4a));
        let mp4_video =
            b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp42....hdlr\x00\x00\x00\x00\x00\x00\x00\x00vide";
        assert_eq!(check(mp4_video), Err(Refusal::NotAllowed));
    }

    #[test]
    fn zip_documents_are_recognised() {
        assert_eq!(check(&sample_docx()), Ok(FileKind::Docx));
        assert_eq!(check(&sample_odt()), Ok(FileKind::Odt));
        let xlsx = zip_file(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/workbook.xml", b"<workbook/>"),
        ]);
        assert_eq!(check(&xlsx), Ok(FileKind::Xlsx));
        let pptx = zip_file(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("ppt/presentation.xml", b"<p:presentation/>"),
        ]);
        assert_eq!(check(&pptx), Ok(FileKind::Pptx));
        let ods = zip_file(&[
            (
                "mimetype",
                b"application/vnd.oasis.opendocument.spreadsheet",
            ),
            ("content.xml", b"<office:document-content/>"),
        ]);
        assert_eq!(check(&ods), Ok(FileKind::Ods));
        // Claims to be OOXML but has no main part / ODF without content.
        let broken = zip_file(&[("[Content_Types].xml", CONTENT_TYPES.as_bytes())]);
        assert_eq!(check(&broken), Err(Refusal::Damaged));
        let broken_odt = zip_file(&[("mimetype", b"application/vnd.oasis.opendocument.text")]);
        assert_eq!(check(&broken_odt), Err(Refusal::Damaged));
        // Truncated zip: local header only.
        let mut truncated = sample_docx();
        truncated.truncate(100);
        assert_eq!(check(&truncated), Err(Refusal::Damaged));
        // The extension is ignored: a renamed exe is still refused, whatever
        // the caller thinks it is.
        assert_eq!(check(b"MZ fake.docx"), Err(Refusal::NotAllowed));
    }

    #[test]
    fn docx_text() {
        let text = extract_text(FileKind::Docx, &sample_docx()).unwrap();
        assert!(text.contains(SAMPLE), "{text}");
        assert!(text.contains("Deuxième paragraphe & fin"), "{text}");
        assert!(!text.contains("  "));
    }

    #[test]
    fn odt_text() {
        let text = extract_text(FileKind::Odt, &sample_odt()).unwrap();
        assert_eq!(
            text,
            format!("Titre {SAMPLE} Suite ligne"),
            "unexpected text {text:?}"
        );
    }

    #[test]
    fn xlsx_and_pptx_text() {
        let shared = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="2"><si><t>Égalité</t></si><si><r><t>des </t></r><r><t>droits</t></r><rPh><t>ignored</t></rPh></si></sst>"#;
        let sheet = r#"<worksheet><sheetData><row><c t="s"><v>0</v></c><c t="inlineStr"><is><t>mariage précoce</t></is></c><c><v>42</v></c></row></sheetData></worksheet>"#;
        let xlsx = zip_file(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("xl/workbook.xml", b"<workbook/>"),
            ("xl/sharedStrings.xml", shared.as_bytes()),
            ("xl/worksheets/sheet1.xml", sheet.as_bytes()),
        ]);
        let text = extract_text(FileKind::Xlsx, &xlsx).unwrap();
        assert_eq!(text, "Égalité des droits mariage précoce");

        let slide = |t: &str| {
            format!(
                r#"<p:sld xmlns:p="p" xmlns:a="a"><p:cSld><p:spTree><p:sp><p:txBody><a:p><a:r><a:t>{t}</a:t></a:r></a:p></p:txBody></p:sp></p:spTree></p:cSld></p:sld>"#
            )
        };
        let (s1, s2, s10) = (slide("un"), slide("deux"), slide("dix"));
        let pptx = zip_file(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("ppt/presentation.xml", b"<p:presentation/>"),
            ("ppt/slides/slide10.xml", s10.as_bytes()),
            ("ppt/slides/slide2.xml", s2.as_bytes()),
            ("ppt/slides/slide1.xml", s1.as_bytes()),
        ]);
        assert_eq!(extract_text(FileKind::Pptx, &pptx).unwrap(), "un deux dix");
    }

    #[test]
    fn zip_bomb_docx_is_capped() {
        // ~100 MB of document.xml, highly compressible.
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        writer
            .start_file("[Content_Types].xml", SimpleFileOptions::default())
            .unwrap();
        writer.write_all(CONTENT_TYPES.as_bytes()).unwrap();
        writer
            .start_file(
                "word/document.xml",
                SimpleFileOptions::default()
                    .compression_level(Some(1))
                    .large_file(true),
            )
            .unwrap();
        writer
            .write_all(b"<w:document xmlns:w=\"w\"><w:body><w:p><w:r><w:t>")
            .unwrap();
        let chunk = "égalité  ".repeat(1024 * 1024 / 11);
        let mut written = 0;
        while written < 100 * 1024 * 1024 {
            writer.write_all(chunk.as_bytes()).unwrap();
            written += chunk.len();
        }
        writer
            .write_all(b"</w:t></w:r></w:p></w:body></w:document>")
            .unwrap();
        let bytes = writer.finish().unwrap().into_inner();
        assert!(bytes.len() < MAX_BYTES, "{}", bytes.len());
        assert_eq!(check(&bytes), Ok(FileKind::Docx));

        let started = Instant::now();
        let text = extract_text(FileKind::Docx, &bytes).unwrap();
        let elapsed = started.elapsed();
        let chars = text.chars().count();
        assert!(
            (MAX_TEXT_CHARS - 1..=MAX_TEXT_CHARS).contains(&chars),
            "{chars}"
        );
        assert!(text.starts_with("égalité égalité"));
        assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
    }

    #[test]
    fn text_is_capped_on_a_char_boundary() {
        let mut sink = TextSink::new();
        for _ in 0..MAX_TEXT_CHARS {
            sink.push_str("é \n\t");
        }
        let text = sink.finish().unwrap();
        assert_eq!(text.chars().count(), MAX_TEXT_CHARS - 1);
        assert!(text.ends_with('é'));
        assert!(!text.contains("  "));
    }

    #[test]
    fn pdf_made_by_printpdf() {
        let bytes = printpdf_document(&["Egalite des droits mariage precoce", "Deuxieme ligne"]);
        assert_eq!(check(&bytes), Ok(FileKind::Pdf));
        let text = extract_text(FileKind::Pdf, &bytes).unwrap();
        assert!(text.contains("mariage"), "{text:?}");
        assert!(
            text.contains("Egalite des droits mariage precoce"),
            "{text:?}"
        );
        assert!(text.contains("Deuxieme"), "{text:?}");
    }

    #[test]
    fn pdf_garbage_never_panics() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for round in 0..20 {
            let mut bytes = b"%PDF-1.4\n".to_vec();
            for _ in 0..(200 + round * 500) {
                bytes.push(next() as u8);
            }
            if round % 2 == 0 {
                bytes.extend_from_slice(b"\n%%EOF\n");
            }
            let checked = check(&bytes);
            assert!(
                checked == Ok(FileKind::Pdf) || checked == Err(Refusal::Damaged),
                "{checked:?}"
            );
            assert_eq!(extract_text(FileKind::Pdf, &bytes), None);
        }
        // A real PDF with bytes flipped in the middle.
        let good = printpdf_document(&["Egalite des droits mariage precoce"]);
        for i in (0..good.len()).step_by(37) {
            let mut bad = good.clone();
            bad[i] ^= 0x5a;
            let _ = extract_text(FileKind::Pdf, &bad);
            let mut cut = good.clone();
            cut.truncate(i);
            let _ = check(&cut);
            let _ = extract_text(FileKind::Pdf, &cut);
        }
    }

    /// A PDF from numbered object bodies (object i+1 = bodies[i]) with a
    /// correct cross-reference table; object 1 is the catalog.
    fn hand_pdf(bodies: &[Vec<u8>]) -> Vec<u8> {
        let mut pdf = b"%PDF-1.4\n".to_vec();
        let mut offsets = Vec::new();
        for (i, body) in bodies.iter().enumerate() {
            offsets.push(pdf.len());
            pdf.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
            pdf.extend_from_slice(body);
            pdf.extend_from_slice(b"\nendobj\n");
        }
        let xref = pdf.len();
        pdf.extend_from_slice(
            format!("xref\n0 {}\n0000000000 65535 f \n", bodies.len() + 1).as_bytes(),
        );
        for offset in offsets {
            pdf.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
        }
        pdf.extend_from_slice(
            format!(
                "trailer\n<</Size {}/Root 1 0 R>>\nstartxref\n{xref}\n%%EOF\n",
                bodies.len() + 1
            )
            .as_bytes(),
        );
        pdf
    }

    fn stream_body(dict: &str, data: &[u8]) -> Vec<u8> {
        let mut body = format!("<<{dict}/Length {}>>stream\n", data.len()).into_bytes();
        body.extend_from_slice(data);
        body.extend_from_slice(b"\nendstream");
        body
    }

    #[test]
    fn hand_made_pdf_loads() {
        let pdf = hand_pdf(&[
            b"<</Type/Catalog/Pages 2 0 R>>".to_vec(),
            b"<</Type/Pages/Kids[3 0 R]/Count 1>>".to_vec(),
            b"<</Type/Page/Parent 2 0 R/Resources<</Font<</F1 5 0 R>>>>/Contents 4 0 R>>".to_vec(),
            stream_body("", b"BT /F1 12 Tf 72 700 Td (Mariage precoce) Tj ET"),
            b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>".to_vec(),
        ]);
        assert_eq!(check(&pdf), Ok(FileKind::Pdf));
        // No MediaBox anywhere: a default one is supplied.
        let text = extract_text(FileKind::Pdf, &pdf).unwrap();
        assert_eq!(text, "Mariage precoce");
    }

    /// A hand-written PDF whose single content stream is a deflate bomb.
    #[test]
    fn pdf_deflate_bomb_is_refused() {
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        let spaces = vec![b' '; 1 << 20];
        for _ in 0..200 {
            encoder.write_all(&spaces).unwrap();
        }
        let bomb = encoder.finish().unwrap();
        let pdf = hand_pdf(&[
            b"<</Type/Catalog/Pages 2 0 R>>".to_vec(),
            b"<</Type/Pages/Kids[3 0 R]/Count 1>>".to_vec(),
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R>>".to_vec(),
            stream_body("/Filter/FlateDecode", &bomb),
        ]);
        assert_eq!(check(&pdf), Ok(FileKind::Pdf));
        assert!(pdf_extract::Document::load_mem(&pdf).is_ok());
        let deadline = Instant::now() + Duration::from_secs(30);
        assert!(!pdf::prescan(&pdf, deadline));
        assert_eq!(extract_text(FileKind::Pdf, &pdf), None);
        // The same structure with a small stream passes the pre-scan.
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::best());
        encoder.write_all(&spaces).unwrap();
        let small = hand_pdf(&[
            b"<</Type/Catalog/Pages 2 0 R>>".to_vec(),
            b"<</Type/Pages/Kids[3 0 R]/Count 1>>".to_vec(),
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R>>".to_vec(),
            stream_body("/Filter/FlateDecode", &encoder.finish().unwrap()),
        ]);
        assert!(pdf::prescan(&small, deadline));
    }

    /// A form XObject that invokes itself: pdf-extract would recurse until
    /// the stack overflows (an abort, not a panic).
    #[test]
    fn pdf_recursive_form_is_refused() {
        let pdf = hand_pdf(&[
            b"<</Type/Catalog/Pages 2 0 R>>".to_vec(),
            b"<</Type/Pages/Kids[3 0 R]/Count 1>>".to_vec(),
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Resources<</XObject<</X1 5 0 R>>>>/Contents 4 0 R>>".to_vec(),
            stream_body("", b"/X1 Do"),
            stream_body("/Type/XObject/Subtype/Form/BBox[0 0 10 10]", b"/X1 Do"),
        ]);
        assert!(pdf_extract::Document::load_mem(&pdf).is_ok());
        assert_eq!(extract_text(FileKind::Pdf, &pdf), None);
        // The same form, used twice and not recursive, is fine.
        let pdf = hand_pdf(&[
            b"<</Type/Catalog/Pages 2 0 R>>".to_vec(),
            b"<</Type/Pages/Kids[3 0 R]/Count 1>>".to_vec(),
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Resources<</XObject<</X1 5 0 R>>/Font<</F1 6 0 R>>>>/Contents 4 0 R>>".to_vec(),
            stream_body("", b"/X1 Do /X1 Do"),
            stream_body("/Type/XObject/Subtype/Form/BBox[0 0 10 10]", b"BT /F1 12 Tf (Forme) Tj ET"),
            b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>".to_vec(),
        ]);
        let text = extract_text(FileKind::Pdf, &pdf).unwrap();
        assert_eq!(text.matches("Forme").count(), 2, "{text}");
    }

    /// A page tree whose Parent links form a loop.
    #[test]
    fn pdf_parent_cycle_is_refused() {
        let pdf = hand_pdf(&[
            b"<</Type/Catalog/Pages 2 0 R>>".to_vec(),
            b"<</Type/Pages/Kids[3 0 R]/Count 1/Parent 3 0 R>>".to_vec(),
            b"<</Type/Page/Parent 2 0 R/Contents 4 0 R>>".to_vec(),
            stream_body("", b"BT ET"),
        ]);
        assert!(pdf_extract::Document::load_mem(&pdf).is_ok());
        assert_eq!(extract_text(FileKind::Pdf, &pdf), None);
    }

    fn pdf_with_to_unicode(cmap: &[u8]) -> Vec<u8> {
        hand_pdf(&[
            b"<</Type/Catalog/Pages 2 0 R>>".to_vec(),
            b"<</Type/Pages/Kids[3 0 R]/Count 1>>".to_vec(),
            b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Resources<</Font<</F1 5 0 R>>>>/Contents 4 0 R>>".to_vec(),
            stream_body("", b"BT /F1 12 Tf 72 700 Td <00010002> Tj ET"),
            b"<</Type/Font/Subtype/Type0/BaseFont/Foo/Encoding/Identity-H/DescendantFonts[7 0 R]/ToUnicode 6 0 R>>".to_vec(),
            stream_body("", cmap),
            b"<</Type/Font/Subtype/CIDFontType2/BaseFont/Foo/CIDSystemInfo<</Registry(Adobe)/Ordering(Identity)/Supplement 0>>/FontDescriptor 8 0 R/DW 500>>".to_vec(),
            b"<</Type/FontDescriptor/FontName/Foo/Flags 32/FontBBox[0 0 1000 1000]/ItalicAngle 0/Ascent 800/Descent -200/CapHeight 700/StemV 80>>".to_vec(),
        ])
    }

    const CMAP_HEAD: &str = "/CIDInit /ProcSet findresource begin 12 dict begin begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange ";

    /// ToUnicode CMaps: a normal one works; one whose range would expand to
    /// 4 billion entries, or one nested 100 000 deep, is refused.
    #[test]
    fn pdf_to_unicode_cmaps() {
        let good = format!("{CMAP_HEAD}1 beginbfrange <0001> <0002> <00C9> endbfrange endcmap");
        let text = extract_text(FileKind::Pdf, &pdf_with_to_unicode(good.as_bytes()));
        assert_eq!(text.as_deref(), Some("ÉÊ"));

        let huge =
            format!("{CMAP_HEAD}1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange endcmap");
        assert_eq!(
            extract_text(FileKind::Pdf, &pdf_with_to_unicode(huge.as_bytes())),
            None
        );
        assert_eq!(pdf::cmap_range_total(huge.as_bytes()), 1 << 32);
        assert_eq!(pdf::cmap_range_total(good.as_bytes()), 2);
        assert_eq!(
            pdf::cmap_range_total(
                b"2 beginbfrange <00> <0F> [<0041> <0042>] <10> <1F> <0030> endbfrange"
            ),
            32
        );
        assert_eq!(
            pdf::do_names(b"q /Im1 Do Q /F#6fo\nDo /x (Do) /Y Done /Z  Do"),
            vec![b"Im1".to_vec(), b"Foo".to_vec(), b"Z".to_vec()]
        );
        assert_eq!(
            pdf::nesting_depth(b"<< /A [ (x) <41> << /B [[ ]] >> ] >>"),
            5
        );
        let mut nested = CMAP_HEAD.as_bytes().to_vec();
        nested.extend_from_slice(&[b'['; 100_000]);
        assert_eq!(
            extract_text(FileKind::Pdf, &pdf_with_to_unicode(&nested)),
            None
        );
    }

    #[test]
    fn damaged_office_files_never_panic() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for original in [sample_docx(), sample_odt()] {
            for i in 0..original.len() {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let mut bad = original.clone();
                bad[i] ^= (seed as u8) | 1;
                if let Ok(kind) = check(&bad) {
                    let _ = extract_text(kind, &bad);
                }
                let _ = extract_text(FileKind::Docx, &bad);
                let _ = extract_text(FileKind::Odt, &bad[..i]);
            }
        }
    }

    #[test]
    fn images_and_audio_have_no_text() {
        assert_eq!(extract_text(FileKind::Png, b"\x89PNG\r\n\x1a\n"), None);
        assert_eq!(extract_text(FileKind::Mp3, b"ID3"), None);
        assert_eq!(extract_text(FileKind::Docx, b"PK\x03\x04garbage"), None);
        assert_eq!(extract_text(FileKind::Odt, &sample_docx()), None);
    }
}
