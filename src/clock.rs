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

/// The same `datetime-local` moment `months` months later, the day kept (28 at most, so
/// that every month has it); text that is not a moment comes back unchanged.
pub fn months_later(s: &str, months: u32) -> String {
    let Some(d) = parse_datetime(s) else {
        return s.to_owned();
    };
    let index = d.year() as i64 * 12 + i64::from(u8::from(d.month())) - 1 + i64::from(months);
    let (year, month) = ((index / 12) as i32, (index % 12) as u8 + 1);
    match time::Month::try_from(month)
        .ok()
        .and_then(|m| time::Date::from_calendar_date(year, m, d.day().min(28)).ok())
    {
        Some(date) => iso_datetime(time::PrimitiveDateTime::new(date, d.time())),
        None => s.to_owned(),
    }
}

/// Now in Mali, as `datetime-local` text.
pub fn now_local() -> String {
    let n = OffsetDateTime::now_utc();
    iso_datetime(time::PrimitiveDateTime::new(n.date(), n.time()))
}

#[cfg(test)]
mod series_tests {
    use super::*;

    #[test]
    fn months_later_keeps_the_day_and_crosses_years() {
        assert_eq!(months_later("2025-11-30T09:00", 6), "2026-05-28T09:00");
        assert_eq!(months_later("2025-03-12T14:30", 6), "2025-09-12T14:30");
        assert_eq!(months_later("2025-03-12T14:30", 24), "2027-03-12T14:30");
        assert_eq!(months_later("not a date", 6), "not a date");
    }
}
