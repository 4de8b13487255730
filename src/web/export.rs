//! Lists as spreadsheets: a [`Table`] of typed columns, written as CSV (UTF-8 with a byte
//! order mark, CRLF, RFC 4180 quoting) or as an XLSX workbook written here with `zip`
//! (numbers as numbers, dates as dates, a frozen header row). Knows no area: each area
//! builds its table from its own queries and answers with [`send`], which writes the
//! download to the audit log first. Why no XLSX crate: `docs/decisions/0007-spreadsheets.md`.

use std::io::Write;

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Response};
use quick_xml::escape::escape;

use crate::AppState;
use crate::error::{AppError, AppResult};
use crate::i18n::Tr;
use crate::ids::{CommunityId, UserId};

/// The two formats, told apart by the end of the path (`….csv`, `….xlsx`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }
}

impl<S: Send + Sync> FromRequestParts<S> for Format {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, AppError> {
        let path = parts.uri.path();
        if path.ends_with(".csv") {
            Ok(Format::Csv)
        } else if path.ends_with(".xlsx") {
            Ok(Format::Xlsx)
        } else {
            Err(AppError::NotFound)
        }
    }
}

/// The routes of one list's downloads: `{path}.csv` and `{path}.xlsx`, to one handler that
/// takes a [`Format`].
pub fn routes<H, T>(path: &str, handler: H) -> axum::Router<AppState>
where
    H: axum::handler::Handler<T, AppState> + Clone,
    T: 'static,
{
    axum::Router::new()
        .route(&format!("{path}.csv"), axum::routing::get(handler.clone()))
        .route(&format!("{path}.xlsx"), axum::routing::get(handler))
}

/// The address of a list's download from the list page's own `path_and_query`: the path,
/// then `suffix` (`""`, or `/participation` for a list beside the page), the extension, and
/// the page's filters (without its page number: a download is the whole list).
pub fn link(path_and_query: &str, suffix: &str, ext: &str) -> String {
    let (path, query) = path_and_query
        .split_once('?')
        .unwrap_or((path_and_query, ""));
    let filters: Vec<&str> = query
        .split('&')
        .filter(|p| !p.is_empty() && !p.starts_with("page=") && !p.starts_with("ok="))
        .collect();
    let mut out = format!("{}{suffix}.{ext}", path.trim_end_matches('/'));
    if !filters.is_empty() {
        out.push('?');
        out.push_str(&filters.join("&"));
    }
    out
}

/// What a column holds, which decides how its cells are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Text,
    Integer,
    Decimal,
    /// A day, or a day and time: a real date in the workbook, ISO text in the CSV.
    Date,
}

#[derive(Clone, Debug)]
pub struct Column {
    pub header: String,
    pub kind: Kind,
}

/// One value. A cell may differ from its column's kind: a count hidden in public is the
/// text "< 5" in a column of integers.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Empty,
    Text(String),
    Int(i64),
    Decimal(f64),
    /// A day (`time` of `None`) or a day and time in minutes since midnight.
    Date(time::Date, Option<u16>),
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    /// Text that may be missing.
    pub fn opt(s: Option<impl Into<String>>) -> Cell {
        s.map_or(Cell::Empty, |s| Cell::Text(s.into()))
    }

    /// A number that may be missing.
    pub fn int(n: Option<i64>) -> Cell {
        n.map_or(Cell::Empty, Cell::Int)
    }

    /// ISO text as Kafo stores it: `YYYY-MM-DD` or `YYYY-MM-DDTHH:MM`; anything else stays
    /// text, so that nothing is lost.
    pub fn iso(s: &str) -> Cell {
        if let Some(dt) = crate::clock::parse_datetime(s) {
            let minutes = u16::from(dt.hour()) * 60 + u16::from(dt.minute());
            return Cell::Date(dt.date(), Some(minutes));
        }
        match crate::clock::parse_date(s) {
            Some(d) => Cell::Date(d, None),
            None if s.is_empty() => Cell::Empty,
            None => Cell::Text(s.to_owned()),
        }
    }

    /// An optional ISO date.
    pub fn iso_opt(s: Option<&str>) -> Cell {
        s.map_or(Cell::Empty, Cell::iso)
    }

    /// The day of a Unix instant (UTC, Mali's time).
    pub fn day_of(instant: i64) -> Cell {
        time::OffsetDateTime::from_unix_timestamp(instant)
            .map(|t| Cell::Date(t.date(), None))
            .unwrap_or(Cell::Empty)
    }
}

/// The label of a closed set's value in the reader's language.
pub fn label<T: crate::codes::Code>(tr: &Tr, value: T) -> Cell {
    Cell::Text(tr.t(&value.label_key()).into_owned())
}

/// "oui" or "non" in the reader's language.
pub fn yes_no(tr: &Tr, b: bool) -> Cell {
    Cell::Text(
        tr.t(if b { "export-yes" } else { "export-no" })
            .into_owned(),
    )
}

/// At most this many rows in one download (a community's lists are far shorter).
pub const MAX_ROWS: i64 = 100_000;

impl From<i64> for Cell {
    fn from(n: i64) -> Cell {
        Cell::Int(n)
    }
}

impl From<String> for Cell {
    fn from(s: String) -> Cell {
        Cell::Text(s)
    }
}

impl From<&str> for Cell {
    fn from(s: &str) -> Cell {
        Cell::Text(s.to_owned())
    }
}

/// A list as a spreadsheet: its title (the sheet's name), typed columns and rows.
#[derive(Clone, Debug)]
pub struct Table {
    pub title: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
}

impl Table {
    /// A table whose title and headers are locale keys, read in the visitor's language.
    pub fn new(tr: &Tr, title_key: &str, columns: &[(&str, Kind)]) -> Table {
        Table {
            title: tr.t(title_key).into_owned(),
            columns: columns
                .iter()
                .map(|(key, kind)| Column {
                    header: tr.t(key).into_owned(),
                    kind: *kind,
                })
                .collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row; a short row is filled with empty cells, a long one cut to the columns.
    pub fn push(&mut self, mut row: Vec<Cell>) {
        row.resize(self.columns.len(), Cell::Empty);
        self.rows.push(row);
    }

    /// UTF-8 with a byte order mark (so that Excel reads the accents), CRLF line ends, a
    /// field quoted when it holds a comma, a quote or a line break.
    pub fn csv(&self) -> Vec<u8> {
        let mut out = String::from('\u{feff}');
        let headers: Vec<String> = self.columns.iter().map(|c| csv_field(&c.header)).collect();
        out.push_str(&headers.join(","));
        out.push_str("\r\n");
        for row in &self.rows {
            let fields: Vec<String> = row.iter().map(csv_cell).collect();
            out.push_str(&fields.join(","));
            out.push_str("\r\n");
        }
        out.into_bytes()
    }

    /// An XLSX workbook of one sheet: inline strings, numbers, dates with a date format, the
    /// header row in bold and frozen, column widths from the content.
    pub fn xlsx(&self) -> Result<Vec<u8>, AppError> {
        let parts = [
            ("[Content_Types].xml", CONTENT_TYPES.to_owned()),
            ("_rels/.rels", ROOT_RELS.to_owned()),
            ("xl/workbook.xml", self.workbook_xml()),
            ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.to_owned()),
            ("xl/styles.xml", STYLES.to_owned()),
            ("xl/worksheets/sheet1.xml", self.sheet_xml()),
        ];
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        let options = zip::write::SimpleFileOptions::default()
            .compression_method(zip::CompressionMethod::Deflated);
        for (name, body) in parts {
            zip.start_file(name, options).map_err(zip_error)?;
            zip.write_all(body.as_bytes())
                .map_err(|e| AppError::Internal(format!("xlsx: {e}")))?;
        }
        Ok(zip.finish().map_err(zip_error)?.into_inner())
    }

    fn workbook_xml(&self) -> String {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView/></bookViews><sheets><sheet name="{}" sheetId="1" r:id="rId1"/></sheets></workbook>"#,
            escape(sheet_name(&self.title).as_str())
        )
    }

    fn sheet_xml(&self) -> String {
        let mut x = String::with_capacity(256 + self.rows.len() * self.columns.len() * 32);
        x.push_str(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">"#,
        );
        let last = column_name(self.columns.len().max(1) - 1);
        x.push_str(&format!(
            r#"<dimension ref="A1:{last}{}"/>"#,
            self.rows.len() + 1
        ));
        x.push_str(
            r#"<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews><sheetFormatPr defaultRowHeight="15"/>"#,
        );
        if !self.columns.is_empty() {
            x.push_str("<cols>");
            for (i, w) in self.widths().iter().enumerate() {
                x.push_str(&format!(
                    r#"<col min="{n}" max="{n}" width="{w}" customWidth="1"/>"#,
                    n = i + 1
                ));
            }
            x.push_str("</cols>");
        }
        x.push_str(r#"<sheetData><row r="1">"#);
        for (i, c) in self.columns.iter().enumerate() {
            inline_string(
                &mut x,
                &format!("{}1", column_name(i)),
                &c.header,
                STYLE_HEADER,
            );
        }
        x.push_str("</row>");
        for (r, row) in self.rows.iter().enumerate() {
            let n = r + 2;
            x.push_str(&format!(r#"<row r="{n}">"#));
            for (i, cell) in row.iter().enumerate() {
                let at = format!("{}{n}", column_name(i));
                match cell {
                    Cell::Empty => {}
                    Cell::Text(s) => inline_string(&mut x, &at, s, 0),
                    Cell::Int(v) => x.push_str(&format!(r#"<c r="{at}"><v>{v}</v></c>"#)),
                    Cell::Decimal(v) if v.is_finite() => x.push_str(&format!(
                        r#"<c r="{at}" s="{STYLE_DECIMAL}"><v>{v}</v></c>"#
                    )),
                    Cell::Decimal(_) => {}
                    Cell::Date(d, minutes) => {
                        let (serial, style) = match minutes {
                            None => (serial_day(*d).to_string(), STYLE_DATE),
                            Some(m) => (
                                format!("{}", serial_day(*d) as f64 + f64::from(*m) / 1440.0),
                                STYLE_DATETIME,
                            ),
                        };
                        x.push_str(&format!(r#"<c r="{at}" s="{style}"><v>{serial}</v></c>"#));
                    }
                }
            }
            x.push_str("</row>");
        }
        x.push_str("</sheetData></worksheet>");
        x
    }

    /// Each column's width in characters: its longest header or value, within bounds.
    fn widths(&self) -> Vec<usize> {
        self.columns
            .iter()
            .enumerate()
            .map(|(i, c)| {
                let longest = self
                    .rows
                    .iter()
                    .take(500)
                    .filter_map(|r| r.get(i))
                    .map(|cell| match cell {
                        Cell::Empty => 0,
                        Cell::Text(s) => s.lines().map(|l| l.chars().count()).max().unwrap_or(0),
                        Cell::Int(v) => v.to_string().len(),
                        Cell::Decimal(v) => format!("{v:.2}").len(),
                        Cell::Date(_, None) => 10,
                        Cell::Date(_, Some(_)) => 16,
                    })
                    .max()
                    .unwrap_or(0)
                    .max(c.header.chars().count());
                (longest + 2).clamp(8, 60)
            })
            .collect()
    }
}

fn zip_error(e: zip::result::ZipError) -> AppError {
    AppError::Internal(format!("xlsx: {e}"))
}

/// Escapes a CSV field: quoted when it holds a comma, a quote, a line break, or spaces at
/// its ends.
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\r', '\n']) || s.starts_with(' ') || s.ends_with(' ') {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

/// Text that a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, or a tab or carriage
/// return before one) gets a leading apostrophe (OWASP's CSV injection advice).
fn guarded(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{s}").into()
    } else {
        s.into()
    }
}

fn csv_cell(cell: &Cell) -> String {
    match cell {
        Cell::Empty => String::new(),
        Cell::Text(s) => csv_field(&guarded(s)),
        Cell::Int(v) => v.to_string(),
        Cell::Decimal(v) if v.is_finite() => v.to_string(),
        Cell::Decimal(_) => String::new(),
        Cell::Date(d, None) => crate::clock::iso(*d),
        Cell::Date(d, Some(m)) => format!("{} {:02}:{:02}", crate::clock::iso(*d), m / 60, m % 60),
    }
}

/// Days since 1899-12-30, the spreadsheet epoch (1900 date system, whose day 60 is the
/// non-existent 29 February 1900: every date after it is counted this way).
fn serial_day(d: time::Date) -> i64 {
    // Julian day number of 1899-12-30.
    i64::from(d.to_julian_day()) - 2_415_019
}

/// `A`, …, `Z`, `AA`, … for column index `i` (from 0).
fn column_name(mut i: usize) -> String {
    let mut name = Vec::new();
    loop {
        name.push(b'A' + (i % 26) as u8);
        if i < 26 {
            break;
        }
        i = i / 26 - 1;
    }
    name.reverse();
    String::from_utf8(name).unwrap_or_default()
}

/// A sheet's name: at most 31 characters, none of `[ ] : * ? / \`.
fn sheet_name(title: &str) -> String {
    let clean: String = title
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\'))
        .take(31)
        .collect();
    let clean = clean.trim().to_owned();
    if clean.is_empty() {
        "Kafo".to_owned()
    } else {
        clean
    }
}

/// Characters XML 1.0 cannot carry (control characters but tab and line ends) are dropped.
fn xml_text(s: &str) -> std::borrow::Cow<'_, str> {
    if s.chars()
        .any(|c| (c as u32) < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
    {
        s.chars()
            .filter(|&c| (c as u32) >= 0x20 || matches!(c, '\t' | '\n' | '\r'))
            .collect::<String>()
            .into()
    } else {
        s.into()
    }
}

fn inline_string(x: &mut String, at: &str, s: &str, style: u8) {
    let s = xml_text(s);
    let style = if style == 0 {
        String::new()
    } else {
        format!(r#" s="{style}""#)
    };
    let space = if s.starts_with(char::is_whitespace) || s.ends_with(char::is_whitespace) {
        r#" xml:space="preserve""#
    } else {
        ""
    };
    x.push_str(&format!(
        r#"<c r="{at}" t="inlineStr"{style}><is><t{space}>{}</t></is></c>"#,
        escape(s.as_ref())
    ));
}

// Cell styles: their index in `cellXfs` of STYLES.
const STYLE_HEADER: u8 = 1;
const STYLE_DATE: u8 = 2;
const STYLE_DATETIME: u8 = 3;
const STYLE_DECIMAL: u8 = 4;

const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>"#;

const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;

const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>"#;

const STYLES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="164" formatCode="yyyy\-mm\-dd"/><numFmt numFmtId="165" formatCode="yyyy\-mm\-dd\ hh:mm"/></numFmts><fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts><fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/><xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/><xf numFmtId="2" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs><cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>"#;

/// Writes the download to the audit log (`exported`, the list's name, the community), then
/// answers with the file: `kafo-<slug>-<list>-<date>.<ext>`, as an attachment, never cached.
pub async fn send(
    state: &AppState,
    user: Option<UserId>,
    (community_id, slug): (CommunityId, &str),
    list: &'static str,
    format: Format,
    table: Table,
) -> AppResult<Response> {
    let detail = format!("{} {}", format.extension(), table.rows.len());
    state
        .db
        .log(move |c| crate::audit::record(c, user, "exported", list, community_id, &detail))
        .await?;
    let body = match format {
        Format::Csv => table.csv(),
        Format::Xlsx => table.xlsx()?,
    };
    let name = format!(
        "kafo-{slug}-{list}-{}.{}",
        crate::clock::iso(crate::clock::today()),
        format.extension()
    );
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
            (header::CACHE_CONTROL, "private, no-store".to_owned()),
        ],
        body,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        Table {
            title: "Liste : test".to_owned(),
            columns: vec![
                Column {
                    header: "Nom".to_owned(),
                    kind: Kind::Text,
                },
                Column {
                    header: "Nombre".to_owned(),
                    kind: Kind::Integer,
                },
            ],
            rows: Vec::new(),
        }
    }

    #[test]
    fn csv_quotes_only_what_needs_it_and_guards_formulas() {
        let mut t = table();
        t.push(vec![Cell::text("Équipe, \"A\"\nsuite"), Cell::Int(-3)]);
        t.push(vec![Cell::text("=SUM(A1)"), Cell::Empty]);
        t.push(vec![Cell::text("-x"), Cell::Decimal(2.5)]);
        let text = String::from_utf8(t.csv()).expect("utf-8");
        assert_eq!(
            text,
            "\u{feff}Nom,Nombre\r\n\"Équipe, \"\"A\"\"\nsuite\",-3\r\n'=SUM(A1),\r\n'-x,2.5\r\n"
        );
    }

    #[test]
    fn dates_are_counted_from_the_spreadsheet_epoch() {
        let d = |s| crate::clock::parse_date(s).expect("date");
        assert_eq!(serial_day(d("1900-03-01")), 61);
        assert_eq!(serial_day(d("2026-12-04")), 46360);
        assert_eq!(
            Cell::iso("2026-03-04T09:30"),
            Cell::Date(d("2026-03-04"), Some(570))
        );
        assert_eq!(Cell::iso("bientôt"), Cell::text("bientôt"));
    }

    #[test]
    fn a_download_keeps_the_filters_but_not_the_page() {
        assert_eq!(
            link("/c/segou/organisations?kind=ngo&page=2", "", "csv"),
            "/c/segou/organisations.csv?kind=ngo"
        );
        assert_eq!(
            link("/c/segou/activites", "/participation", "xlsx"),
            "/c/segou/activites/participation.xlsx"
        );
    }

    #[test]
    fn columns_are_named_like_a_spreadsheet() {
        assert_eq!(column_name(0), "A");
        assert_eq!(column_name(25), "Z");
        assert_eq!(column_name(26), "AA");
        assert_eq!(column_name(27 * 26), "AAA");
        assert_eq!(sheet_name("Liste : test [1]"), "Liste  test 1");
    }
}
