//! PDF output: the embedded fonts and a page flow that lays blocks out top to bottom on A4,
//! starting a new page when one is full, with the page number at the foot of each.

use printpdf::{
    Color, IndirectFontRef, Line, LineDashPattern, Mm, PdfDocument, PdfDocumentReference,
    PdfLayerReference, Point, Rect, Rgb,
};

use super::document::{BarChart, Block, Document, Table};
use super::{BOLD, REGULAR, composed, fit, width_mm, wrap};
use crate::error::AppError;

pub fn pdf_error(e: printpdf::Error) -> AppError {
    AppError::Internal(format!("pdf: {e}"))
}

/// The two faces of the embedded font, as a document refers to them.
pub struct Fonts {
    pub regular: IndirectFontRef,
    pub bold: IndirectFontRef,
}

impl Fonts {
    pub fn embed(doc: &PdfDocumentReference) -> Result<Fonts, AppError> {
        Ok(Fonts {
            regular: doc.add_external_font(REGULAR).map_err(pdf_error)?,
            bold: doc.add_external_font(BOLD).map_err(pdf_error)?,
        })
    }

    pub fn face(&self, bold: bool) -> &IndirectFontRef {
        if bold { &self.bold } else { &self.regular }
    }
}

/// Writes a text with its baseline at (x, y), in millimetres from the page's bottom left.
pub fn text(layer: &PdfLayerReference, font: &IndirectFontRef, s: &str, size: f32, x: f32, y: f32) {
    layer.use_text(composed(s), size, Mm(x), Mm(y), font);
}

pub fn line(layer: &PdfLayerReference, x1: f32, y1: f32, x2: f32, y2: f32) {
    layer.add_line(Line {
        points: vec![
            (Point::new(Mm(x1), Mm(y1)), false),
            (Point::new(Mm(x2), Mm(y2)), false),
        ],
        is_closed: false,
    });
}

fn rgb(r: u8, g: u8, b: u8) -> Color {
    Color::Rgb(Rgb::new(
        f32::from(r) / 255.0,
        f32::from(g) / 255.0,
        f32::from(b) / 255.0,
        None,
    ))
}

const WIDTH: f32 = 210.0;
const HEIGHT: f32 = 297.0;
const MARGIN: f32 = 18.0;
const BOTTOM: f32 = 20.0;
const BODY: f32 = 10.0;
/// Line height as a multiple of the size, in millimetres per point.
const LEADING: f32 = 1.35 * super::MM_PER_PT;

/// The ink colours: text, the accent of headings and bars, targets, rules.
const INK: (u8, u8, u8) = (29, 27, 25);
const ACCENT: (u8, u8, u8) = (47, 111, 94);
const TARGET: (u8, u8, u8) = (179, 38, 30);
const RULE: (u8, u8, u8) = (107, 100, 93);
const SHADE: (u8, u8, u8) = (234, 240, 237);

struct Flow {
    doc: PdfDocumentReference,
    fonts: Fonts,
    layers: Vec<PdfLayerReference>,
    /// Where the next line's top is, from the page's bottom.
    y: f32,
}

impl Flow {
    fn layer(&self) -> &PdfLayerReference {
        // A flow always has its first page.
        &self.layers[self.layers.len() - 1]
    }

    fn new_page(&mut self) {
        let (page, layer) = self.doc.add_page(Mm(WIDTH), Mm(HEIGHT), "page");
        self.layers.push(self.doc.get_page(page).get_layer(layer));
        self.y = HEIGHT - MARGIN;
    }

    /// Makes room for `h` millimetres, on a new page if this one has not enough.
    fn room(&mut self, h: f32) {
        if self.y - h < BOTTOM {
            self.new_page();
        }
    }

    fn set_fill(&self, c: (u8, u8, u8)) {
        self.layer().set_fill_color(rgb(c.0, c.1, c.2));
    }

    fn lines(&mut self, s: &str, size: f32, bold: bool, indent: f32, colour: (u8, u8, u8)) {
        let width = WIDTH - 2.0 * MARGIN - indent;
        let step = size * LEADING;
        for l in wrap(s, size, bold, width) {
            self.room(step);
            self.y -= step;
            self.set_fill(colour);
            let font = self.fonts.face(bold).clone();
            text(
                self.layer(),
                &font,
                &l,
                size,
                MARGIN + indent,
                self.y + step * 0.25,
            );
        }
    }

    fn gap(&mut self, mm: f32) {
        self.y -= mm;
    }

    fn block(&mut self, b: &Block) {
        match b {
            Block::Title(s) => {
                self.lines(s, 20.0, true, 0.0, ACCENT);
                self.gap(2.0);
            }
            Block::Subtitle(s) => {
                self.lines(s, 11.0, false, 0.0, RULE);
                self.gap(4.0);
            }
            Block::Heading(s) => {
                // A heading is never the last line of a page.
                self.room(20.0);
                self.gap(3.0);
                self.lines(s, 14.0, true, 0.0, ACCENT);
                self.gap(1.5);
            }
            Block::Subheading(s) => {
                // Room for the heading and the first lines under it.
                self.room(30.0);
                self.gap(2.0);
                self.lines(s, 11.0, true, 0.0, INK);
                self.gap(0.5);
            }
            Block::Paragraph(s) => {
                self.lines(s, BODY, false, 0.0, INK);
                self.gap(2.0);
            }
            Block::Note(s) => {
                self.lines(s, 8.5, false, 0.0, RULE);
                self.gap(1.0);
            }
            Block::Bullets(items) => {
                for item in items {
                    let step = BODY * LEADING;
                    self.room(step);
                    self.set_fill(ACCENT);
                    let font = self.fonts.regular.clone();
                    text(
                        self.layer(),
                        &font,
                        "•",
                        BODY,
                        MARGIN + 1.0,
                        self.y - step * 0.75,
                    );
                    self.lines(item, BODY, false, 5.0, INK);
                    self.gap(0.8);
                }
                self.gap(1.5);
            }
            Block::Table(t) => self.table(t),
            Block::Chart(c) => self.chart(c),
        }
    }

    fn table(&mut self, t: &Table) {
        const SIZE: f32 = 8.5;
        const PAD: f32 = 1.2;
        let total: f32 = t.widths.iter().map(|w| f32::from(*w)).sum::<f32>().max(1.0);
        let widths: Vec<f32> = t
            .widths
            .iter()
            .map(|w| f32::from(*w) / total * (WIDTH - 2.0 * MARGIN))
            .collect();
        let step = SIZE * LEADING;
        let cells = |row: &[String], bold: bool| -> Vec<Vec<String>> {
            row.iter()
                .zip(&widths)
                .map(|(s, w)| wrap(s, SIZE, bold, w - 2.0 * PAD))
                .collect()
        };
        let header = cells(&t.header, true);
        let draw_row = |flow: &mut Flow, lines: &[Vec<String>], bold: bool, first: bool| {
            let h = lines.iter().map(Vec::len).max().unwrap_or(1) as f32 * step + 2.0 * PAD;
            if flow.y - h < BOTTOM {
                flow.new_page();
                if !first {
                    // The header again at the top of each page the table runs onto.
                    let hh =
                        header.iter().map(Vec::len).max().unwrap_or(1) as f32 * step + 2.0 * PAD;
                    flow.row(&header, &widths, hh, true, step, PAD, SIZE);
                }
            }
            flow.row(lines, &widths, h, bold, step, PAD, SIZE);
        };
        draw_row(self, &header, true, true);
        for r in &t.rows {
            let lines = cells(r, false);
            draw_row(self, &lines, false, false);
        }
        self.gap(3.0);
    }

    #[allow(clippy::too_many_arguments)]
    fn row(
        &mut self,
        lines: &[Vec<String>],
        widths: &[f32],
        h: f32,
        bold: bool,
        step: f32,
        pad: f32,
        size: f32,
    ) {
        let top = self.y;
        if bold {
            self.set_fill(SHADE);
            self.layer().add_rect(Rect::new(
                Mm(MARGIN),
                Mm(top - h),
                Mm(WIDTH - MARGIN),
                Mm(top),
            ));
        }
        self.set_fill(INK);
        let font = self.fonts.face(bold).clone();
        let mut x = MARGIN;
        for (cell, w) in lines.iter().zip(widths) {
            for (k, l) in cell.iter().enumerate() {
                let baseline = top - pad - step * (k as f32 + 1.0) + step * 0.25;
                text(self.layer(), &font, l, size, x + pad, baseline);
            }
            x += w;
        }
        self.layer().set_outline_color(rgb(RULE.0, RULE.1, RULE.2));
        self.layer().set_outline_thickness(0.3);
        line(self.layer(), MARGIN, top - h, WIDTH - MARGIN, top - h);
        self.y = top - h;
    }

    fn chart(&mut self, c: &BarChart) {
        const H: f32 = 42.0;
        const W: f32 = 120.0;
        self.room(H + 8.0);
        let top = self.y - 4.0;
        let axis = top - H + 8.0;
        let plot = H - 16.0;
        let max = c.max() as f32;
        let n = c.bars.len().max(1) as f32;
        let slot = W / n;
        let bar_w = (slot * 0.6).max(1.0);
        let y_of = |v: i64| axis + (v as f32).min(max) / max * plot;
        let font = self.fonts.regular.clone();
        self.layer().set_outline_color(rgb(RULE.0, RULE.1, RULE.2));
        self.layer().set_outline_thickness(0.4);
        line(self.layer(), MARGIN, axis, MARGIN + W, axis);
        for (k, b) in c.bars.iter().enumerate() {
            let x = MARGIN + k as f32 * slot + (slot - bar_w) / 2.0;
            let cx = x + bar_w / 2.0;
            let mut label_y = axis + 1.5;
            if let Some(v) = b.value.filter(|v| *v > 0) {
                self.set_fill(ACCENT);
                self.layer()
                    .add_rect(Rect::new(Mm(x), Mm(axis), Mm(x + bar_w), Mm(y_of(v))));
                label_y = y_of(v) + 1.5;
            }
            self.set_fill(INK);
            let shown = fit(&b.shown, 7.5, false, slot);
            text(
                self.layer(),
                &font,
                &shown,
                7.5,
                cx - width_mm(&shown, 7.5, false) / 2.0,
                label_y,
            );
            let label = fit(&b.label, 7.5, false, slot);
            text(
                self.layer(),
                &font,
                &label,
                7.5,
                cx - width_mm(&label, 7.5, false) / 2.0,
                axis - 4.5,
            );
            if let Some(t) = b.target {
                self.layer()
                    .set_outline_color(rgb(TARGET.0, TARGET.1, TARGET.2));
                self.layer().set_outline_thickness(1.2);
                line(self.layer(), x - 1.0, y_of(t), x + bar_w + 1.0, y_of(t));
            }
        }
        if let Some(b) = c.baseline {
            self.layer().set_outline_color(rgb(138, 90, 0));
            self.layer().set_outline_thickness(0.5);
            self.layer().set_line_dash_pattern(LineDashPattern {
                dash_1: Some(3),
                gap_1: Some(2),
                ..Default::default()
            });
            line(self.layer(), MARGIN, y_of(b), MARGIN + W, y_of(b));
            self.layer()
                .set_line_dash_pattern(LineDashPattern::default());
        }
        self.y = top - H;
        self.lines(&c.summary, 8.0, false, 0.0, RULE);
        self.gap(3.0);
    }
}

/// The document as PDF bytes.
pub fn document(d: &Document) -> Result<Vec<u8>, AppError> {
    let (doc, page, layer) = PdfDocument::new(composed(&d.title), Mm(WIDTH), Mm(HEIGHT), "page");
    let fonts = Fonts::embed(&doc)?;
    let first = doc.get_page(page).get_layer(layer);
    let mut flow = Flow {
        doc,
        fonts,
        layers: vec![first],
        y: HEIGHT - MARGIN,
    };
    for b in &d.blocks {
        flow.block(b);
    }
    let pages = flow.layers.len();
    for (k, layer) in flow.layers.iter().enumerate() {
        let label = d
            .page_label
            .replace("{page}", &(k + 1).to_string())
            .replace("{pages}", &pages.to_string());
        layer.set_fill_color(rgb(RULE.0, RULE.1, RULE.2));
        let w = width_mm(&label, 8.0, false);
        text(
            layer,
            &flow.fonts.regular,
            &label,
            8.0,
            WIDTH - MARGIN - w,
            10.0,
        );
        let title = fit(&d.title, 8.0, false, WIDTH - 2.0 * MARGIN - w - 5.0);
        text(layer, &flow.fonts.regular, &title, 8.0, MARGIN, 10.0);
    }
    flow.doc.save_to_bytes().map_err(pdf_error)
}
