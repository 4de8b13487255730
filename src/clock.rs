//! Time in one place: instants are Unix seconds, dates are `time::Date`.

use time::{Date, OffsetDateTime};

pub fn now() -> i64 {
    OffsetDateTime::now_utc().unix_timestamp()
}

/// Today in Mali (UTC+0, no daylight saving).
pub fn today() -> Date {
    OffsetDateTime::now_utc().date()
}

/// Parses an ISO date (`2021-02-01`) as typed in a date field.
pub fn parse_date(s: &str) -> Option<Date> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s.trim(), &format).ok()
}

pub fn iso(d: Date) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), u8::from(d.month()), d.day())
}

/// Parses a local date and time as a `datetime-local` field sends it (`2024-03-12T09:00`).
pub fn parse_datetime(s: &str) -> Option<time::PrimitiveDateTime> {
    let s = s.trim();
    let s = s.get(..16).unwrap_or(s);
    let format = time::macros::format_description!("[year]-[month]-[day]T[hour]:[minute]");
    time::PrimitiveDateTime::parse(s, &format).ok()
}

pub fn iso_datetime(d: time::PrimitiveDateTime) -> String {
    format!("{}T{:02}:{:02}", iso(d.date()), d.hour(), d.minute())
}

/// Now in Mali, as `datetime-local` text.
pub fn now_local() -> String {
    let n = OffsetDateTime::now_utc();
    iso_datetime(time::PrimitiveDateTime::new(n.date(), n.time()))
}
