//! The narrative report of a community or of the network over a period, written from the
//! records (`build.rs`) and printed as PDF or as an editable DOCX (`crate::print`); from the
//! web (`routes.rs`) and from the command line (`kafo report`). Visitors who are not members
//! get the public version: public records only, counts of people under the threshold hidden.

pub mod build;
pub mod queries;
pub mod routes;

use time::Date;

use crate::community::Community;
use crate::db::Conn;
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;

crate::closed_set! {
    /// The file a report is printed to.
    pub enum Format("report-format") {
        Pdf = "pdf",
        Docx = "docx",
    }
}

impl Format {
    /// From a file name's extension ("rapport.pdf").
    pub fn of_path(path: &str) -> Option<Format> {
        let ext = path.rsplit_once('.')?.1.to_ascii_lowercase();
        Format::parse(&ext)
    }

    pub fn content_type(self) -> &'static str {
        match self {
            Format::Pdf => "application/pdf",
            Format::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
        }
    }
}

/// What to report on and for whom.
#[derive(Clone, Debug)]
pub struct Request {
    pub from: Date,
    /// The last day, included.
    pub to: Date,
    pub locale: Locale,
    /// The public version: public records only, small counts of people hidden.
    pub public: bool,
    pub threshold: i64,
}

/// The report as file bytes.
pub fn generate(
    c: &mut Conn,
    req: &Request,
    community: Option<&Community>,
    format: Format,
) -> AppResult<Vec<u8>> {
    let doc = build::report(c, req, community)?;
    match format {
        Format::Pdf => crate::print::pdf::document(&doc),
        Format::Docx => {
            let created = time::OffsetDateTime::now_utc()
                .format(&time::format_description::well_known::Rfc3339)
                .map_err(|e| AppError::Internal(e.to_string()))?;
            crate::print::docx::document(&doc, &created)
        }
    }
}

/// The file name a report is downloaded as: "rapport-segou-2026-01-01-2026-12-31.pdf".
pub fn file_name(slug: &str, req: &Request, format: Format) -> String {
    format!(
        "rapport-{slug}-{}-{}.{}",
        crate::clock::iso(req.from),
        crate::clock::iso(req.to),
        format.code()
    )
}
