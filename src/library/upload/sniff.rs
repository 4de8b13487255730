//! Magic-byte checks behind [`check`](super::check): executables, MPEG audio,
//! Ogg, MP4 audio and zip containers (OOXML, ODF).

use super::{FileKind, Refusal};
use std::io::{Cursor, Read};

pub(super) fn is_executable(bytes: &[u8]) -> bool {
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
pub(super) fn is_mpeg_audio_frame(bytes: &[u8]) -> bool {
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

pub(super) fn check_ogg(bytes: &[u8]) -> Result<FileKind, Refusal> {
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
pub(super) fn check_mp4_audio(bytes: &[u8]) -> Result<FileKind, Refusal> {
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

pub(super) fn check_zip(bytes: &[u8]) -> Result<FileKind, Refusal> {
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
