//! Text of PDF documents: `pdf-extract` run on its own thread with a deadline,
//! after the decompression-bomb pre-scan (`prescan`, before loading) and the
//! document checks (`checks`, after).

mod checks;
mod prescan;

use super::{PDF_TIME_LIMIT, TextSink};
use checks::{check_forms, fix_page_tree, prepare_streams};
#[cfg(test)]
pub(super) use checks::{cmap_range_total, do_names, nesting_depth};
use pdf_extract::{Document, MediaBox, OutputDev, OutputError, PlainTextOutput, Transform};
pub(super) use prescan::prescan;
use std::cell::Cell;
use std::io;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Up to this many pages each page runs separately, so a panic on one
/// page loses only that page.
const MAX_PAGES_SEPARATELY: usize = 2_000;

pub(super) fn extract(bytes: &[u8]) -> Option<String> {
    let data = bytes.to_vec();
    let deadline = Instant::now() + PDF_TIME_LIMIT;
    let (tx, rx) = mpsc::sync_channel(1);
    // A generous stack: pdf-extract's parsers are recursive. The memory is
    // only reserved, not committed, until used.
    let spawned = std::thread::Builder::new()
        .name("pdf-text".to_owned())
        .stack_size(256 << 20)
        .spawn(move || {
            let text = catch_unwind(AssertUnwindSafe(|| extract_inner(&data, deadline)))
                .ok()
                .flatten();
            let _ = tx.send(text);
        });
    if spawned.is_err() {
        return None;
    }
    // On time-out the thread is left to finish on its own; its output
    // checks the deadline and stops soon after.
    rx.recv_timeout(PDF_TIME_LIMIT + Duration::from_secs(5))
        .ok()
        .flatten()
}

fn extract_inner(bytes: &[u8], deadline: Instant) -> Option<String> {
    // Encrypted documents are decrypted (and their object streams
    // inflated) by lopdf while loading, out of reach of the checks below.
    if memchr::memmem::find(bytes, b"/Encrypt").is_some() {
        return None;
    }
    if !prescan(bytes, deadline) {
        return None;
    }
    let mut doc = Document::load_mem(bytes).ok()?;
    if doc.is_encrypted() || doc.was_encrypted() {
        return None;
    }
    prepare_streams(&mut doc, deadline)?;
    let pages = fix_page_tree(&mut doc)?;
    check_forms(&doc, &pages)?;

    let full = Cell::new(false);
    let mut sink = Sink {
        text: TextSink::new(),
        deadline,
        full: &full,
    };
    {
        let writer: &mut dyn io::Write = &mut sink;
        let mut out = Guarded {
            inner: PlainTextOutput::new(writer),
            deadline,
        };
        if pages.len() <= MAX_PAGES_SEPARATELY {
            for &number in pages.keys() {
                if full.get() || Instant::now() > deadline {
                    break;
                }
                let _ = catch_unwind(AssertUnwindSafe(|| {
                    pdf_extract::output_doc_page(&doc, &mut out, number)
                }));
            }
        } else {
            let _ = catch_unwind(AssertUnwindSafe(|| pdf_extract::output_doc(&doc, &mut out)));
        }
    }
    sink.text.finish()
}

/// Receives pdf-extract's text; refuses more once full or late.
struct Sink<'a> {
    text: TextSink,
    deadline: Instant,
    full: &'a Cell<bool>,
}

impl io::Write for Sink<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if Instant::now() > self.deadline {
            return Err(io::Error::other("time limit"));
        }
        match std::str::from_utf8(buf) {
            Ok(s) => self.text.push_str(s),
            Err(_) => self.text.push_str(&String::from_utf8_lossy(buf)),
        }
        if self.text.full {
            self.full.set(true);
            return Err(io::Error::other("text limit"));
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// pdf-extract's plain-text layout, stopped at the deadline.
struct Guarded<'a> {
    inner: PlainTextOutput<&'a mut dyn io::Write>,
    deadline: Instant,
}

impl Guarded<'_> {
    fn in_time(&self) -> Result<(), OutputError> {
        if Instant::now() > self.deadline {
            Err(OutputError::IoError(io::Error::other("time limit")))
        } else {
            Ok(())
        }
    }
}

impl OutputDev for Guarded<'_> {
    fn begin_page(
        &mut self,
        page_num: u32,
        media_box: &MediaBox,
        art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.in_time()?;
        self.inner.begin_page(page_num, media_box, art_box)
    }

    fn end_page(&mut self) -> Result<(), OutputError> {
        self.inner.end_page()?;
        // A page break separates words.
        self.inner
            .output_character(&Transform::identity(), 0.0, 0.0, 1.0, " ")?;
        self.inner.begin_word()
    }

    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), OutputError> {
        self.in_time()?;
        self.inner
            .output_character(trm, width, spacing, font_size, char)
    }

    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.in_time()?;
        self.inner.begin_word()
    }

    fn end_word(&mut self) -> Result<(), OutputError> {
        self.inner.end_word()
    }

    fn end_line(&mut self) -> Result<(), OutputError> {
        self.inner.end_line()
    }
}
