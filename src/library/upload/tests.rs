use super::*;
use std::io::{Cursor, Write};
use std::time::Instant;
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

    let huge = format!("{CMAP_HEAD}1 beginbfrange <00000000> <FFFFFFFF> <0041> endbfrange endcmap");
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
