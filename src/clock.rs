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
