//! The attendance sheet to print and have signed on paper: numbered lines, the invited names
//! already written in, blank lines for the others. A4 landscape, in the embedded font of every
//! printed document (Bambara names print as written), subset to the letters used.

use printpdf::{IndirectFontRef, Mm, PdfDocument, PdfLayerReference};

use super::Activity;
use crate::error::AppResult;
use crate::i18n::Tr;
use crate::print::pdf::{Fonts, line, pdf_error};

const WIDTH: f32 = 297.0;
const HEIGHT: f32 = 210.0;
const MARGIN: f32 = 10.0;
const ROW: f32 = 8.0;
/// Column widths in mm: number, name, sex, organisation, commune, phone, signature.
const COLUMNS: [f32; 7] = [12.0, 72.0, 14.0, 62.0, 38.0, 34.0, 45.0];
const KEYS: [&str; 7] = [
    "sheet-col-number",
    "sheet-col-name",
    "sheet-col-sex",
    "sheet-col-organisation",
    "sheet-col-commune",
    "sheet-col-phone",
    "sheet-col-signature",
];

/// Cuts a text to what fits a column at 9 pt.
fn fit(text: &str, width_mm: f32) -> String {
    crate::print::fit(&crate::print::composed(text), 9.0, false, width_mm - 3.0)
}

/// `names`: (name, organisation) of the people expected, written on the first lines.
pub fn attendance_sheet(
    tr: Tr,
    a: &Activity,
    names: &[(String, Option<String>)],
) -> AppResult<Vec<u8>> {
    let title = tr.t("attendance-title").into_owned();
    let (doc, first_page, first_layer) = PdfDocument::new(
        format!("{title} — {}", a.title),
        Mm(WIDTH),
        Mm(HEIGHT),
        "sheet",
    );
    let Fonts { regular, bold } = Fonts::embed(&doc)?;
    let rows = (names.len() + 15).max(40);
    let header_height = 34.0;
    let per_page = ((HEIGHT - 2.0 * MARGIN - header_height - ROW) / ROW) as usize;
    let pages = rows.div_ceil(per_page);
    let when = format!("{} {}–{}", tr.date(a.day()), a.start_time(), a.end_time());
    let place = a
        .place
        .clone()
        .or_else(|| a.online_url.clone())
        .unwrap_or_default();
    for p in 0..pages {
        let layer = if p == 0 {
            doc.get_page(first_page).get_layer(first_layer)
        } else {
            let (page, layer) = doc.add_page(Mm(WIDTH), Mm(HEIGHT), "sheet");
            doc.get_page(page).get_layer(layer)
        };
        write_header(
            &layer,
            &bold,
            &regular,
            tr,
            a,
            &title,
            &when,
            &place,
            p + 1,
            pages,
        );
        let top = HEIGHT - MARGIN - header_height;
        // Column titles.
        let mut x = MARGIN;
        for (w, key) in COLUMNS.iter().zip(KEYS) {
            layer.use_text(
                tr.t(key).as_ref(),
                9.0,
                Mm(x + 1.5),
                Mm(top - ROW + 2.5),
                &bold,
            );
            x += w;
        }
        let first_row = p * per_page;
        let last_row = (first_row + per_page).min(rows);
        let table_bottom = top - ROW * (1 + last_row - first_row) as f32;
        for i in first_row..last_row {
            let y = top - ROW * (2 + i - first_row) as f32 + 2.5;
            layer.use_text((i + 1).to_string(), 9.0, Mm(MARGIN + 1.5), Mm(y), &regular);
            if let Some((name, org)) = names.get(i) {
                layer.use_text(
                    fit(name, COLUMNS[1]),
                    9.0,
                    Mm(MARGIN + COLUMNS[0] + 1.5),
                    Mm(y),
                    &regular,
                );
                if let Some(org) = org {
                    let x = MARGIN + COLUMNS[0] + COLUMNS[1] + COLUMNS[2] + 1.5;
                    layer.use_text(fit(org, COLUMNS[3]), 9.0, Mm(x), Mm(y), &regular);
                }
            }
        }
        // The grid.
        layer.set_outline_thickness(0.4);
        for r in 0..=(1 + last_row - first_row) {
            let y = top - ROW * r as f32;
            line(&layer, MARGIN, y, WIDTH - MARGIN, y);
        }
        let mut x = MARGIN;
        line(&layer, x, top, x, table_bottom);
        for w in COLUMNS {
            x += w;
            line(&layer, x, top, x, table_bottom);
        }
    }
    doc.save_to_bytes().map_err(pdf_error)
}

#[allow(clippy::too_many_arguments)]
fn write_header(
    layer: &PdfLayerReference,
    bold: &IndirectFontRef,
    regular: &IndirectFontRef,
    tr: Tr,
    a: &Activity,
    title: &str,
    when: &str,
    place: &str,
    page: usize,
    pages: usize,
) {
    let top = HEIGHT - MARGIN;
    layer.use_text(title, 14.0, Mm(MARGIN), Mm(top - 6.0), bold);
    layer.use_text(
        crate::print::fit(
            &crate::print::composed(&a.title),
            12.0,
            true,
            WIDTH - 2.0 * MARGIN,
        ),
        12.0,
        Mm(MARGIN),
        Mm(top - 13.0),
        bold,
    );
    let meta = format!(
        "{} · {} · {} · {}",
        tr.t(&a.kind.label_key()),
        a.community_name,
        when,
        place
    );
    layer.use_text(
        crate::print::fit(
            &crate::print::composed(&meta),
            10.0,
            false,
            WIDTH - 2.0 * MARGIN,
        ),
        10.0,
        Mm(MARGIN),
        Mm(top - 20.0),
        regular,
    );
    let page_label = tr.t2(
        "pager-position",
        "page",
        page.to_string(),
        "pages",
        pages.to_string(),
    );
    layer.use_text(
        page_label,
        9.0,
        Mm(WIDTH - MARGIN - 30.0),
        Mm(top - 6.0),
        regular,
    );
    layer.use_text(
        tr.t("sheet-note").as_ref(),
        8.0,
        Mm(MARGIN),
        Mm(top - 27.0),
        regular,
    );
}
