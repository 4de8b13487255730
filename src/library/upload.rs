//! Interim: replaced by the content checker with text extraction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Pdf,
    Png,
}
impl FileKind {
    pub fn mime(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Png => "image/png",
        }
    }
    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Pdf => "pdf",
            FileKind::Png => "png",
        }
    }
    pub fn code(self) -> &'static str {
        self.extension()
    }
    pub fn from_code(s: &str) -> Option<FileKind> {
        match s {
            "pdf" => Some(FileKind::Pdf),
            "png" => Some(FileKind::Png),
            _ => None,
        }
    }
    pub fn is_image(self) -> bool {
        self == FileKind::Png
    }
    pub fn is_audio(self) -> bool {
        false
    }
}
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    Empty,
    TooLarge,
    NotAllowed,
    Damaged,
}
impl Refusal {
    pub fn code(self) -> &'static str {
        match self {
            Refusal::Empty => "empty",
            Refusal::TooLarge => "too-large",
            Refusal::NotAllowed => "not-allowed",
            Refusal::Damaged => "damaged",
        }
    }
}
pub const MAX_BYTES: usize = 20 * 1024 * 1024;
pub fn check(bytes: &[u8]) -> Result<FileKind, Refusal> {
    if bytes.is_empty() {
        return Err(Refusal::Empty);
    }
    if bytes.len() > MAX_BYTES {
        return Err(Refusal::TooLarge);
    }
    if bytes.starts_with(b"%PDF-") {
        Ok(FileKind::Pdf)
    } else if bytes.starts_with(b"\x89PNG") {
        Ok(FileKind::Png)
    } else {
        Err(Refusal::NotAllowed)
    }
}
pub fn extract_text(_kind: FileKind, _bytes: &[u8]) -> Option<String> {
    None
}
