//! Word output (Office Open XML, ISO/IEC 29500): the blocks as styled paragraphs, real
//! bulleted lists and tables, charts as PNG pictures with their text alternative, so that a
//! coordinator can edit the report before sending it. Written with the zip crate and plain
//! XML; the parts are the minimum Word and LibreOffice need.

use std::io::{Cursor, Write};

use image::{ImageFormat, Rgb, RgbImage};
use zip::write::SimpleFileOptions;

use super::composed;
use super::document::{BarChart, Block, Document, Table};
use crate::error::AppError;

fn zip_error(e: impl std::fmt::Display) -> AppError {
    AppError::Internal(format!("docx: {e}"))
}

/// Text for XML content and attributes.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in composed(s).chars() {
        match ch {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            // Characters XML 1.0 cannot carry are left out.
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' => {}
            c => out.push(c),
        }
    }
    out
}

fn run(text: &str, bold: bool) -> String {
    let props = if bold { "<w:rPr><w:b/></w:rPr>" } else { "" };
    format!(
        "<w:r>{props}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
        esc(text)
    )
}

fn paragraph(style: Option<&str>, text: &str) -> String {
    let props = style
        .map(|s| format!("<w:pPr><w:pStyle w:val=\"{s}\"/></w:pPr>"))
        .unwrap_or_default();
    format!("<w:p>{props}{}</w:p>", run(text, false))
}

fn bullet(text: &str) -> String {
    format!(
        "<w:p><w:pPr><w:pStyle w:val=\"ListBullet\"/><w:numPr><w:ilvl w:val=\"0\"/>\
         <w:numId w:val=\"1\"/></w:numPr></w:pPr>{}</w:p>",
        run(text, false)
    )
}

/// The usable width of an A4 page with 18 mm margins, in twentieths of a point.
const TEXT_WIDTH: u32 = 9866;

fn table(t: &Table) -> String {
    let total: u32 = t.widths.iter().map(|w| u32::from(*w)).sum::<u32>().max(1);
    let cols: Vec<u32> = t
        .widths
        .iter()
        .map(|w| u32::from(*w) * TEXT_WIDTH / total)
        .collect();
    let mut x = String::from(
        "<w:tbl><w:tblPr><w:tblStyle w:val=\"KafoTable\"/><w:tblW w:w=\"5000\" w:type=\"pct\"/>\
         <w:tblLook w:val=\"0020\" w:firstRow=\"1\"/></w:tblPr><w:tblGrid>",
    );
    for w in &cols {
        x.push_str(&format!("<w:gridCol w:w=\"{w}\"/>"));
    }
    x.push_str("</w:tblGrid>");
    let row = |cells: &[String], header: bool| -> String {
        let mut r = String::from("<w:tr>");
        if header {
            r.push_str("<w:trPr><w:tblHeader/></w:trPr>");
        }
        for (cell, w) in cells.iter().zip(&cols) {
            let shade = if header {
                "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"EAF0ED\"/>"
            } else {
                ""
            };
            r.push_str(&format!(
                "<w:tc><w:tcPr><w:tcW w:w=\"{w}\" w:type=\"dxa\"/>{shade}</w:tcPr>\
                 <w:p><w:pPr><w:pStyle w:val=\"TableText\"/></w:pPr>{}</w:p></w:tc>",
                run(cell, header)
            ));
        }
        r.push_str("</w:tr>");
        r
    };
    x.push_str(&row(&t.header, true));
    for r in &t.rows {
        x.push_str(&row(r, false));
    }
    x.push_str("</w:tbl><w:p/>");
    x
}

/// The chart as a picture: bars, target marks, the dashed baseline; its words are in the
/// caption and the table beside it.
fn chart_png(c: &BarChart) -> Result<Vec<u8>, AppError> {
    const W: u32 = 960;
    const H: u32 = 320;
    const AXIS: u32 = 300;
    const TOP: u32 = 20;
    let mut img = RgbImage::from_pixel(W, H, Rgb([255, 255, 255]));
    let max = c.max();
    let y_of = |v: i64| -> u32 {
        let v = v.clamp(0, max);
        AXIS - ((v as u64 * u64::from(AXIS - TOP)) / max as u64) as u32
    };
    let mut fill = |x0: u32, y0: u32, x1: u32, y1: u32, colour: [u8; 3]| {
        for x in x0.min(W - 1)..x1.min(W) {
            for y in y0.min(H - 1)..y1.min(H) {
                img.put_pixel(x, y, Rgb(colour));
            }
        }
    };
    let n = c.bars.len().max(1) as u32;
    let slot = W / n;
    let bar_w = (slot * 3 / 5).max(2);
    for (k, b) in c.bars.iter().enumerate() {
        let x = k as u32 * slot + (slot - bar_w) / 2;
        if let Some(v) = b.value.filter(|v| *v > 0) {
            fill(x, y_of(v), x + bar_w, AXIS, [47, 111, 94]);
        }
        if let Some(t) = b.target {
            let y = y_of(t);
            fill(
                x.saturating_sub(6),
                y.saturating_sub(3),
                x + bar_w + 6,
                y + 3,
                [179, 38, 30],
            );
        }
    }
    if let Some(b) = c.baseline {
        let y = y_of(b);
        let mut x = 0;
        while x < W {
            fill(x, y.saturating_sub(1), x + 14, y + 1, [138, 90, 0]);
            x += 24;
        }
    }
    fill(0, AXIS, W, AXIS + 2, [107, 100, 93]);
    let mut out = Cursor::new(Vec::new());
    img.write_to(&mut out, ImageFormat::Png)
        .map_err(zip_error)?;
    Ok(out.into_inner())
}

/// A picture in the flow of text, `n` its number, 15.9 cm wide.
fn picture(n: usize, summary: &str) -> String {
    let cx = 5_724_000; // EMU: 15.9 cm
    let cy = 1_908_000; // 960 × 320 px kept in proportion
    let alt = esc(summary);
    format!(
        "<w:p><w:r><w:drawing><wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\">\
         <wp:extent cx=\"{cx}\" cy=\"{cy}\"/><wp:docPr id=\"{n}\" name=\"chart{n}\" descr=\"{alt}\"/>\
         <a:graphic xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\">\
         <a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">\
         <pic:pic xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\">\
         <pic:nvPicPr><pic:cNvPr id=\"{n}\" name=\"chart{n}.png\" descr=\"{alt}\"/><pic:cNvPicPr/></pic:nvPicPr>\
         <pic:blipFill><a:blip r:embed=\"rIdChart{n}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
         <pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm>\
         <a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>\
         </wp:inline></w:drawing></w:r></w:p>{}",
        paragraph(Some("Caption"), summary)
    )
}

const CONTENT_TYPES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">\
<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>\
<Default Extension=\"xml\" ContentType=\"application/xml\"/>\
<Default Extension=\"png\" ContentType=\"image/png\"/>\
<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>\
<Override PartName=\"/word/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml\"/>\
<Override PartName=\"/word/numbering.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml\"/>\
<Override PartName=\"/word/footer1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml\"/>\
<Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/>\
</Types>";

const ROOT_RELS: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/>\
<Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/>\
</Relationships>";

/// Arial prints ɛ ɔ ɲ ŋ on the machines the report is edited on; the PDF embeds its own font.
const STYLES: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<w:styles xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" w:cs=\"Arial\"/>\
<w:sz w:val=\"21\"/><w:lang w:val=\"{lang}\"/></w:rPr></w:rPrDefault>\
<w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"276\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>\
<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/>\
<w:pPr><w:spacing w:after=\"80\"/></w:pPr><w:rPr><w:b/><w:color w:val=\"2F6F5E\"/><w:sz w:val=\"40\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Subtitle\"><w:name w:val=\"Subtitle\"/><w:basedOn w:val=\"Normal\"/>\
<w:rPr><w:color w:val=\"6B645D\"/><w:sz w:val=\"22\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Heading1\"><w:name w:val=\"heading 1\"/><w:basedOn w:val=\"Normal\"/>\
<w:next w:val=\"Normal\"/><w:pPr><w:keepNext/><w:spacing w:before=\"240\" w:after=\"80\"/><w:outlineLvl w:val=\"0\"/></w:pPr>\
<w:rPr><w:b/><w:color w:val=\"2F6F5E\"/><w:sz w:val=\"28\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Heading2\"><w:name w:val=\"heading 2\"/><w:basedOn w:val=\"Normal\"/>\
<w:next w:val=\"Normal\"/><w:pPr><w:keepNext/><w:spacing w:before=\"160\" w:after=\"40\"/><w:outlineLvl w:val=\"1\"/></w:pPr>\
<w:rPr><w:b/><w:sz w:val=\"23\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Note\"><w:name w:val=\"Note\"/><w:basedOn w:val=\"Normal\"/>\
<w:rPr><w:color w:val=\"6B645D\"/><w:sz w:val=\"17\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Caption\"><w:name w:val=\"caption\"/><w:basedOn w:val=\"Normal\"/>\
<w:rPr><w:i/><w:color w:val=\"6B645D\"/><w:sz w:val=\"16\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"ListBullet\"><w:name w:val=\"List Bullet\"/><w:basedOn w:val=\"Normal\"/>\
<w:pPr><w:spacing w:after=\"40\"/><w:ind w:left=\"360\" w:hanging=\"240\"/></w:pPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"TableText\"><w:name w:val=\"Table Text\"/><w:basedOn w:val=\"Normal\"/>\
<w:pPr><w:spacing w:after=\"0\"/></w:pPr><w:rPr><w:sz w:val=\"17\"/></w:rPr></w:style>\
<w:style w:type=\"table\" w:styleId=\"KafoTable\"><w:name w:val=\"Kafo Table\"/><w:tblPr>\
<w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:color=\"6B645D\"/><w:bottom w:val=\"single\" w:sz=\"4\" w:color=\"6B645D\"/>\
<w:insideH w:val=\"single\" w:sz=\"4\" w:color=\"C9C2BA\"/></w:tblBorders>\
<w:tblCellMar><w:left w:w=\"80\" w:type=\"dxa\"/><w:right w:w=\"80\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
</w:styles>";

const NUMBERING: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
<w:numbering xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">\
<w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"singleLevel\"/>\
<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/><w:lvlText w:val=\"•\"/>\
<w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"360\" w:hanging=\"240\"/></w:pPr></w:lvl></w:abstractNum>\
<w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>";

const NS: &str = "xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" \
xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\"";

/// The document as DOCX bytes.
pub fn document(d: &Document, created: &str) -> Result<Vec<u8>, AppError> {
    let mut body = String::new();
    let mut pictures = Vec::new();
    for b in &d.blocks {
        match b {
            Block::Title(s) => body.push_str(&paragraph(Some("Title"), s)),
            Block::Subtitle(s) => body.push_str(&paragraph(Some("Subtitle"), s)),
            Block::Heading(s) => body.push_str(&paragraph(Some("Heading1"), s)),
            Block::Subheading(s) => body.push_str(&paragraph(Some("Heading2"), s)),
            Block::Paragraph(s) => body.push_str(&paragraph(None, s)),
            Block::Note(s) => body.push_str(&paragraph(Some("Note"), s)),
            Block::Bullets(items) => {
                for i in items {
                    body.push_str(&bullet(i));
                }
            }
            Block::Table(t) => body.push_str(&table(t)),
            Block::Chart(c) => {
                pictures.push(chart_png(c)?);
                body.push_str(&picture(pictures.len(), &c.summary));
            }
        }
    }
    let document = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:document {NS}><w:body>{body}\
         <w:sectPr><w:footerReference w:type=\"default\" r:id=\"rIdFooter\"/>\
         <w:pgSz w:w=\"11906\" w:h=\"16838\"/>\
         <w:pgMar w:top=\"1021\" w:right=\"1021\" w:bottom=\"1134\" w:left=\"1021\" w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/>\
         </w:sectPr></w:body></w:document>"
    );
    let mut rels = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rIdStyles\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles\" Target=\"styles.xml\"/>\
         <Relationship Id=\"rIdNumbering\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering\" Target=\"numbering.xml\"/>\
         <Relationship Id=\"rIdFooter\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/footer\" Target=\"footer1.xml\"/>",
    );
    for n in 1..=pictures.len() {
        rels.push_str(&format!(
            "<Relationship Id=\"rIdChart{n}\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/image\" Target=\"media/chart{n}.png\"/>"
        ));
    }
    rels.push_str("</Relationships>");
    // "Page {page} of {pages}" with Word's own fields for both numbers.
    let field = |name: &str| {
        format!("<w:fldSimple w:instr=\" {name} \"><w:r><w:t>1</w:t></w:r></w:fldSimple>")
    };
    let mut footer_runs = String::new();
    let label = &d.page_label;
    let (before, rest) = label.split_once("{page}").unwrap_or((label.as_str(), ""));
    let (middle, after) = rest.split_once("{pages}").unwrap_or((rest, ""));
    footer_runs.push_str(&run(before, false));
    footer_runs.push_str(&field("PAGE"));
    footer_runs.push_str(&run(middle, false));
    footer_runs.push_str(&field("NUMPAGES"));
    footer_runs.push_str(&run(after, false));
    let footer = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?><w:ftr {NS}>\
         <w:p><w:pPr><w:pStyle w:val=\"Note\"/><w:jc w:val=\"right\"/></w:pPr>{footer_runs}</w:p></w:ftr>"
    );
    let core = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\
         <cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
         xmlns:dc=\"http://purl.org/dc/elements/1.1/\" xmlns:dcterms=\"http://purl.org/dc/terms/\" \
         xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\">\
         <dc:title>{}</dc:title><dc:language>{}</dc:language><dc:creator>Kafo</dc:creator>\
         <dcterms:created xsi:type=\"dcterms:W3CDTF\">{created}</dcterms:created></cp:coreProperties>",
        esc(&d.title),
        esc(&d.lang)
    );
    let mut zip = zip::ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let styles = STYLES.replace("{lang}", &esc(&d.lang));
    let parts: [(&str, &[u8]); 8] = [
        ("[Content_Types].xml", CONTENT_TYPES.as_bytes()),
        ("_rels/.rels", ROOT_RELS.as_bytes()),
        ("docProps/core.xml", core.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("word/_rels/document.xml.rels", rels.as_bytes()),
        ("word/styles.xml", styles.as_bytes()),
        ("word/numbering.xml", NUMBERING.as_bytes()),
        ("word/footer1.xml", footer.as_bytes()),
    ];
    for (name, bytes) in parts {
        zip.start_file(name, opts).map_err(zip_error)?;
        zip.write_all(bytes).map_err(zip_error)?;
    }
    for (k, png) in pictures.iter().enumerate() {
        // PNG is compressed already.
        zip.start_file(
            format!("word/media/chart{}.png", k + 1),
            opts.compression_method(zip::CompressionMethod::Stored),
        )
        .map_err(zip_error)?;
        zip.write_all(png).map_err(zip_error)?;
    }
    Ok(zip.finish().map_err(zip_error)?.into_inner())
}
