//! A document as a list of blocks, written once and printed as PDF (`pdf.rs`) or as an
//! editable Word file (`docx.rs`). Texts arrive translated and formatted; the printers only
//! lay them out.

#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    Title(String),
    /// A line under the title: the period, who wrote it.
    Subtitle(String),
    Heading(String),
    Subheading(String),
    Paragraph(String),
    /// A short line in small type: a date, a place.
    Note(String),
    Bullets(Vec<String>),
    Table(Table),
    Chart(BarChart),
}

#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
    /// The columns' shares of the width, in any unit.
    pub widths: Vec<u16>,
}

/// Bars over periods, with targets as marks and the baseline as a dashed line.
#[derive(Clone, Debug, PartialEq)]
pub struct BarChart {
    pub bars: Vec<Bar>,
    pub baseline: Option<i64>,
    /// The chart said in words, for whoever cannot see it.
    pub summary: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    pub label: String,
    /// `None`: not drawn (no value, or hidden under the public threshold).
    pub value: Option<i64>,
    /// What is written over the bar.
    pub shown: String,
    pub target: Option<i64>,
}

impl BarChart {
    /// The top of the scale: the largest value, target or baseline drawn.
    pub fn max(&self) -> i64 {
        self.bars
            .iter()
            .flat_map(|b| [b.value, b.target])
            .flatten()
            .chain(self.baseline)
            .max()
            .unwrap_or(1)
            .max(1)
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    pub title: String,
    /// BCP 47 code of its language ("fr", "en").
    pub lang: String,
    pub blocks: Vec<Block>,
    /// "Page {page} of {pages}", with both placeholders.
    pub page_label: String,
}

impl Document {
    pub fn push(&mut self, b: Block) {
        self.blocks.push(b);
    }
}
