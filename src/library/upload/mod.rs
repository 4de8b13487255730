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

mod office;
mod pdf;
mod sniff;
#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

use crate::codes::{Code, from_stored};
use crate::db::{Column, DbResult, FromCol, Value};
use sniff::{check_mp4_audio, check_ogg, check_zip, is_executable, is_mpeg_audio_frame};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::Duration;

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

    /// Stable code stored in the database: the extension.
    pub fn code(self) -> &'static str {
        self.extension()
    }

    pub fn from_code(s: &str) -> Option<FileKind> {
        <FileKind as Code>::parse(s)
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

/// A closed set like the others, stored by its code, but written by hand: its codes are its
/// extensions and [`ALL_KINDS`] lists it. It has no labels: pages show the code in capitals.
impl Code for FileKind {
    const ALL: &'static [Self] = &ALL_KINDS;
    const PREFIX: &'static str = "file-kind";
    fn code(self) -> &'static str {
        self.extension()
    }
}

impl std::fmt::Display for FileKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

impl From<FileKind> for Value {
    fn from(k: FileKind) -> Value {
        Value::Text(k.code().to_owned())
    }
}

impl FromCol for FileKind {
    fn from_sqlite<C: Column>(row: &rusqlite::Row, col: C) -> DbResult<Self> {
        from_stored(String::from_sqlite(row, col)?)
    }
    fn from_postgres<C: Column>(row: &::postgres::Row, col: C) -> DbResult<Self> {
        from_stored(String::from_postgres(row, col)?)
    }
}

impl FromCol for Option<FileKind> {
    fn from_sqlite<C: Column>(row: &rusqlite::Row, col: C) -> DbResult<Self> {
        Option::<String>::from_sqlite(row, col)?
            .map(from_stored)
            .transpose()
    }
    fn from_postgres<C: Column>(row: &::postgres::Row, col: C) -> DbResult<Self> {
        Option::<String>::from_postgres(row, col)?
            .map(from_stored)
            .transpose()
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
