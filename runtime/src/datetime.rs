//! A UTC instant with nanosecond precision, and the three Smithy timestamp text formats.
//!
//! The type is deliberately small: seconds since the Unix epoch plus nanoseconds, with calendar
//! conversion done by Howard Hinnant's `days_from_civil` / `civil_from_days` algorithms so that
//! no date library is needed. Every conversion is total: any `i64` second count can be turned into
//! calendar fields and formatted, and parsing reports bad text as a [`DateTimeParseError`].

use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const NANOS_PER_SEC: u32 = 1_000_000_000;
const SECS_PER_DAY: i64 = 86_400;
/// Longest input text echoed in a parse error; the rest is elided so hostile input stays short.
const MAX_ECHOED_TEXT: usize = 64;

const DAY_NAMES: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// An instant in UTC: whole seconds since the Unix epoch plus a nanosecond fraction.
///
/// `Default` is the Unix epoch. Ordering is chronological.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct DateTime {
    /// Seconds since the epoch, rounded towards negative infinity.
    seconds: i64,
    /// Always below one second, so `(seconds, subsec_nanos)` is a unique representation.
    subsec_nanos: u32,
}

/// The timestamp text formats of Smithy's `@timestampFormat` trait.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// RFC 3339 `date-time`, e.g. `2015-01-25T08:00:00Z` (the awsQuery default).
    DateTime,
    /// Seconds since the Unix epoch, optionally fractional, e.g. `1422172800.5`.
    EpochSeconds,
    /// HTTP `IMF-fixdate`, e.g. `Sun, 25 Jan 2015 08:00:00 GMT`.
    HttpDate,
}

impl Format {
    fn describe(self) -> &'static str {
        match self {
            Format::DateTime => "date-time",
            Format::EpochSeconds => "epoch-seconds",
            Format::HttpDate => "http-date",
        }
    }
}

/// UTC calendar fields of a [`DateTime`] (proleptic Gregorian calendar, astronomical years).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Civil {
    /// Year, e.g. `2015`; year 0 is 1 BC.
    pub year: i64,
    /// Month, `1..=12`.
    pub month: u8,
    /// Day of the month, `1..=31`.
    pub day: u8,
    /// Hour, `0..=23`.
    pub hour: u8,
    /// Minute, `0..=59`.
    pub minute: u8,
    /// Second, `0..=59`.
    pub second: u8,
}

impl DateTime {
    /// The Unix epoch, `1970-01-01T00:00:00Z`.
    pub const UNIX_EPOCH: DateTime = DateTime {
        seconds: 0,
        subsec_nanos: 0,
    };

    /// The instant `secs` whole seconds after (or before, if negative) the epoch.
    pub fn from_secs(secs: i64) -> Self {
        DateTime {
            seconds: secs,
            subsec_nanos: 0,
        }
    }

    /// The instant `secs` seconds plus `nanos` nanoseconds after the epoch.
    ///
    /// `nanos` of a second or more carry into the seconds (saturating at the `i64` limit).
    pub fn from_secs_and_nanos(secs: i64, nanos: u32) -> Self {
        let carry = i64::from(nanos / NANOS_PER_SEC);
        DateTime {
            seconds: secs.saturating_add(carry),
            subsec_nanos: nanos % NANOS_PER_SEC,
        }
    }

    /// The instant `f` seconds after the epoch, rounded to the nearest nanosecond.
    ///
    /// Values outside the `i64` range saturate; NaN gives the epoch.
    pub fn from_fractional_secs(f: f64) -> Self {
        if f.is_nan() {
            return Self::UNIX_EPOCH;
        }
        let whole = f.floor();
        // `as` saturates for out-of-range floats, which is the documented behaviour.
        let seconds = whole as i64;
        let nanos = ((f - whole) * f64::from(NANOS_PER_SEC)).round() as u32;
        Self::from_secs_and_nanos(seconds, nanos)
    }

    /// Whole seconds since the epoch (rounded towards negative infinity).
    pub fn secs(&self) -> i64 {
        self.seconds
    }

    /// Nanoseconds past [`secs`](Self::secs), always below one second.
    pub fn subsec_nanos(&self) -> u32 {
        self.subsec_nanos
    }

    /// The current time from the system clock.
    pub fn now() -> Self {
        SystemTime::now().into()
    }

    /// The UTC calendar fields of this instant (the fraction of a second is dropped).
    pub fn civil(&self) -> Civil {
        let days = self.seconds.div_euclid(SECS_PER_DAY);
        let secs_of_day = self.seconds.rem_euclid(SECS_PER_DAY);
        let (year, month, day) = civil_from_days(days);
        // All three values are bounded by the day length, so the narrowing cannot truncate.
        Civil {
            year,
            month,
            day,
            hour: (secs_of_day / 3600) as u8,
            minute: (secs_of_day / 60 % 60) as u8,
            second: (secs_of_day % 60) as u8,
        }
    }

    /// Parses `text` in the given format.
    ///
    /// * `DateTime`: RFC 3339 with `Z`/`z` or a `±HH:MM` offset, `T`/`t` separator and any
    ///   number of fractional-second digits (kept to nanoseconds, further digits truncated).
    /// * `EpochSeconds`: an integer or decimal number of seconds, optionally negative.
    /// * `HttpDate`: IMF-fixdate, optionally with fractional seconds.
    pub fn parse(format: Format, text: &str) -> Result<Self, DateTimeParseError> {
        let result = match format {
            Format::DateTime => parse_date_time(text.as_bytes()),
            Format::EpochSeconds => parse_epoch_seconds(text.as_bytes()),
            Format::HttpDate => parse_http_date(text.as_bytes()),
        };
        result.map_err(|reason| DateTimeParseError::new(format, text, reason))
    }

    /// Formats this instant in the given format.
    ///
    /// Fractional seconds are written only when nonzero, with trailing zeros trimmed
    /// (`2000-01-02T20:34:56.123Z`, `946845296.123`, `Sun, 02 Jan 2000 20:34:56.123 GMT`).
    /// Years outside `0..=9999` are written with as many digits as they need (and a sign if
    /// negative), which the text formats do not strictly allow but keeps formatting total.
    pub fn fmt(&self, format: Format) -> String {
        let mut out = String::with_capacity(32);
        // Writing into a String cannot fail, so the fmt::Result carries no information.
        let _ = self.write_format(format, &mut out);
        out
    }

    fn write_format(&self, format: Format, out: &mut impl fmt::Write) -> fmt::Result {
        match format {
            Format::DateTime => {
                let c = self.civil();
                write_year(out, c.year)?;
                write!(
                    out,
                    "-{:02}-{:02}T{:02}:{:02}:{:02}",
                    c.month, c.day, c.hour, c.minute, c.second
                )?;
                write_fraction(out, self.subsec_nanos)?;
                out.write_char('Z')
            }
            Format::EpochSeconds => {
                if self.seconds < 0 && self.subsec_nanos > 0 {
                    // -1.5 s is stored as (-2, 0.5 s); print the magnitude of (-1, 0.5 s).
                    let whole = (self.seconds + 1).unsigned_abs();
                    write!(out, "-{whole}")?;
                    write_fraction(out, NANOS_PER_SEC - self.subsec_nanos)
                } else {
                    write!(out, "{}", self.seconds)?;
                    write_fraction(out, self.subsec_nanos)
                }
            }
            Format::HttpDate => {
                let c = self.civil();
                let weekday = (self.seconds.div_euclid(SECS_PER_DAY) + 4).rem_euclid(7);
                write!(
                    out,
                    "{}, {:02} {} ",
                    DAY_NAMES[weekday as usize],
                    c.day,
                    MONTH_NAMES[usize::from(c.month - 1)]
                )?;
                write_year(out, c.year)?;
                write!(out, " {:02}:{:02}:{:02}", c.hour, c.minute, c.second)?;
                write_fraction(out, self.subsec_nanos)?;
                out.write_str(" GMT")
            }
        }
    }
}

fn write_year(out: &mut impl fmt::Write, year: i64) -> fmt::Result {
    if year < 0 {
        write!(out, "-{:04}", year.unsigned_abs())
    } else {
        write!(out, "{year:04}")
    }
}

/// Writes `.ddd` with trailing zeros trimmed, or nothing for a zero fraction.
fn write_fraction(out: &mut impl fmt::Write, nanos: u32) -> fmt::Result {
    if nanos == 0 {
        return Ok(());
    }
    let mut digits = 9;
    let mut value = nanos;
    while value.is_multiple_of(10) {
        value /= 10;
        digits -= 1;
    }
    write!(out, ".{value:0digits$}")
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_format(Format::DateTime, f)
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.write_format(Format::DateTime, f)
    }
}

impl From<SystemTime> for DateTime {
    fn from(time: SystemTime) -> Self {
        match time.duration_since(UNIX_EPOCH) {
            Ok(after) => DateTime::from_secs_and_nanos(
                i64::try_from(after.as_secs()).unwrap_or(i64::MAX),
                after.subsec_nanos(),
            ),
            Err(before) => {
                let before = before.duration();
                // i128 because 2^63 seconds before the epoch is i64::MIN but not -(i64::MAX).
                let secs = -i128::from(before.as_secs());
                let (secs, nanos) = match before.subsec_nanos() {
                    0 => (secs, 0),
                    nanos => (secs - 1, NANOS_PER_SEC - nanos),
                };
                DateTime::from_secs_and_nanos(i64::try_from(secs).unwrap_or(i64::MIN), nanos)
            }
        }
    }
}

impl TryFrom<DateTime> for SystemTime {
    type Error = DateTimeRangeError;

    fn try_from(value: DateTime) -> Result<Self, Self::Error> {
        let result = if value.seconds >= 0 {
            UNIX_EPOCH.checked_add(Duration::new(
                value.seconds.unsigned_abs(),
                value.subsec_nanos,
            ))
        } else {
            UNIX_EPOCH
                .checked_sub(Duration::from_secs(value.seconds.unsigned_abs()))
                .and_then(|t| t.checked_add(Duration::from_nanos(u64::from(value.subsec_nanos))))
        };
        result.ok_or(DateTimeRangeError { value })
    }
}

/// A [`DateTime`] that the platform's [`SystemTime`] cannot represent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateTimeRangeError {
    value: DateTime,
}

impl fmt::Display for DateTimeRangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "timestamp {} ({} seconds since the epoch) is outside the range of the system clock",
            self.value, self.value.seconds
        )
    }
}

impl std::error::Error for DateTimeRangeError {}

/// Timestamp text that could not be parsed in the expected format.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateTimeParseError {
    format: Format,
    text: String,
    reason: &'static str,
}

impl DateTimeParseError {
    fn new(format: Format, text: &str, reason: &'static str) -> Self {
        let text = match text.char_indices().nth(MAX_ECHOED_TEXT) {
            Some((cut, _)) => format!("{}...", &text[..cut]),
            None => text.to_owned(),
        };
        DateTimeParseError {
            format,
            text,
            reason,
        }
    }

    /// The format the text was expected to be in.
    pub fn format(&self) -> Format {
        self.format
    }
}

impl fmt::Display for DateTimeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid {} timestamp `{}`: {}",
            self.format.describe(),
            self.text,
            self.reason
        )
    }
}

impl std::error::Error for DateTimeParseError {}

type ParseResult<T> = Result<T, &'static str>;

/// Days since 1970-01-01 of a proleptic Gregorian date (Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: u8, day: u8) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (i64::from(month) + 9) % 12;
    let doy = (153 * mp + 2) / 5 + i64::from(day) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date `days` after 1970-01-01 (Hinnant's `civil_from_days`); total for any `i64` that
/// comes from dividing an `i64` second count by 86 400.
fn civil_from_days(days: i64) -> (i64, u8, u8) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

fn days_in_month(year: i64, month: u8) -> u8 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A byte cursor for the fixed-layout formats.
struct Cursor<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(bytes: &'a [u8]) -> Self {
        Cursor { bytes, pos: 0 }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn expect(&mut self, byte: u8, reason: &'static str) -> ParseResult<()> {
        if self.eat(byte) {
            Ok(())
        } else {
            Err(reason)
        }
    }

    /// Exactly `count` ASCII digits (`count <= 4`, so the value fits).
    fn digits(&mut self, count: usize, reason: &'static str) -> ParseResult<u32> {
        let end = self.pos + count;
        let slice = self.bytes.get(self.pos..end).ok_or(reason)?;
        let mut value = 0u32;
        for &b in slice {
            if !b.is_ascii_digit() {
                return Err(reason);
            }
            value = value * 10 + u32::from(b - b'0');
        }
        self.pos = end;
        Ok(value)
    }

    /// Optional `.digits`; returns nanoseconds (digits past the ninth are truncated).
    fn fraction(&mut self) -> ParseResult<u32> {
        if !self.eat(b'.') {
            return Ok(0);
        }
        let start = self.pos;
        let mut nanos = 0u32;
        while let Some(b) = self.peek().filter(u8::is_ascii_digit) {
            if self.pos - start < 9 {
                nanos = nanos * 10 + u32::from(b - b'0');
            }
            self.pos += 1;
        }
        let count = self.pos - start;
        if count == 0 {
            return Err("expected digits after the decimal point");
        }
        for _ in count..9 {
            nanos *= 10;
        }
        Ok(nanos)
    }

    fn take(&mut self, count: usize) -> Option<&'a [u8]> {
        let slice = self.bytes.get(self.pos..self.pos + count)?;
        self.pos += count;
        Some(slice)
    }

    fn finish(&self) -> ParseResult<()> {
        if self.pos == self.bytes.len() {
            Ok(())
        } else {
            Err("unexpected text after the timestamp")
        }
    }
}

/// Validated calendar fields to seconds since the epoch.
fn to_seconds(
    year: u32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
) -> ParseResult<i64> {
    let year = i64::from(year);
    if !(1..=12).contains(&month) {
        return Err("month out of range");
    }
    let month = month as u8;
    if day == 0 || day > u32::from(days_in_month(year, month)) {
        return Err("day out of range for the month");
    }
    if hour > 23 {
        return Err("hour out of range");
    }
    if minute > 59 {
        return Err("minute out of range");
    }
    if second > 59 {
        return Err("second out of range");
    }
    let days = days_from_civil(year, month, day as u8);
    Ok(days * SECS_PER_DAY + i64::from(hour * 3600 + minute * 60 + second))
}

/// `HH:MM:SS` with optional fractional seconds, shared by the RFC 3339 and HTTP-date parsers.
fn time_of_day(c: &mut Cursor<'_>) -> ParseResult<(u32, u32, u32, u32)> {
    let hour = c.digits(2, "expected a two-digit hour")?;
    c.expect(b':', "expected `:` after the hour")?;
    let minute = c.digits(2, "expected a two-digit minute")?;
    c.expect(b':', "expected `:` after the minute")?;
    let second = c.digits(2, "expected two-digit seconds")?;
    let nanos = c.fraction()?;
    Ok((hour, minute, second, nanos))
}

fn parse_date_time(bytes: &[u8]) -> ParseResult<DateTime> {
    let mut c = Cursor::new(bytes);
    let year = c.digits(4, "expected a four-digit year")?;
    c.expect(b'-', "expected `-` after the year")?;
    let month = c.digits(2, "expected a two-digit month")?;
    c.expect(b'-', "expected `-` after the month")?;
    let day = c.digits(2, "expected a two-digit day")?;
    if !(c.eat(b'T') || c.eat(b't')) {
        return Err("expected `T` between date and time");
    }
    let (hour, minute, second, nanos) = time_of_day(&mut c)?;
    let offset = match c.peek() {
        Some(b'Z' | b'z') => {
            c.pos += 1;
            0
        }
        Some(sign @ (b'+' | b'-')) => {
            c.pos += 1;
            let hours = c.digits(2, "expected a two-digit offset hour")?;
            c.expect(b':', "expected `:` in the offset")?;
            let minutes = c.digits(2, "expected two-digit offset minutes")?;
            if hours > 23 || minutes > 59 {
                return Err("offset out of range");
            }
            let offset = i64::from(hours * 3600 + minutes * 60);
            if sign == b'-' {
                -offset
            } else {
                offset
            }
        }
        _ => return Err("expected `Z` or a `+HH:MM`/`-HH:MM` offset"),
    };
    c.finish()?;
    let local = to_seconds(year, month, day, hour, minute, second)?;
    // The offset is local time minus UTC.
    Ok(DateTime::from_secs_and_nanos(local - offset, nanos))
}

fn parse_epoch_seconds(bytes: &[u8]) -> ParseResult<DateTime> {
    let mut c = Cursor::new(bytes);
    let negative = c.eat(b'-');
    let start = c.pos;
    let mut whole: i64 = 0;
    while let Some(b) = c.peek().filter(u8::is_ascii_digit) {
        whole = whole
            .checked_mul(10)
            .and_then(|w| w.checked_add(i64::from(b - b'0')))
            .ok_or("seconds out of range")?;
        c.pos += 1;
    }
    if c.pos == start {
        return Err("expected a number of seconds");
    }
    let nanos = c.fraction()?;
    c.finish()?;
    if !negative {
        return Ok(DateTime::from_secs_and_nanos(whole, nanos));
    }
    match nanos {
        0 => Ok(DateTime::from_secs(-whole)),
        // -1.25 s is -2 s plus 0.75 s.
        _ => Ok(DateTime::from_secs_and_nanos(
            -whole - 1,
            NANOS_PER_SEC - nanos,
        )),
    }
}

fn parse_http_date(bytes: &[u8]) -> ParseResult<DateTime> {
    let mut c = Cursor::new(bytes);
    let day_name = c.take(3).ok_or("expected a day name")?;
    if !DAY_NAMES.iter().any(|d| d.as_bytes() == day_name) {
        return Err("expected a day name such as `Tue`");
    }
    c.expect(b',', "expected `,` after the day name")?;
    c.expect(b' ', "expected a space after the day name")?;
    let day = c.digits(2, "expected a two-digit day")?;
    c.expect(b' ', "expected a space after the day")?;
    let month_name = c.take(3).ok_or("expected a month name")?;
    let month = MONTH_NAMES
        .iter()
        .position(|m| m.as_bytes() == month_name)
        .ok_or("expected a month name such as `Apr`")?;
    c.expect(b' ', "expected a space after the month")?;
    let year = c.digits(4, "expected a four-digit year")?;
    c.expect(b' ', "expected a space after the year")?;
    let (hour, minute, second, nanos) = time_of_day(&mut c)?;
    if c.take(4) != Some(b" GMT".as_slice()) {
        return Err("expected ` GMT` after the time");
    }
    c.finish()?;
    let secs = to_seconds(year, month as u32 + 1, day, hour, minute, second)?;
    Ok(DateTime::from_secs_and_nanos(secs, nanos))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trips_across_eras() {
        for days in [
            -719_468 - 146_097,
            -1,
            0,
            1,
            10_957,
            2_932_896,
            1_000_000_000,
        ] {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days, "{y}-{m}-{d}");
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
        assert_eq!(civil_from_days(11_016), (2000, 2, 29));
    }

    #[test]
    fn extreme_seconds_do_not_panic() {
        for secs in [i64::MIN, i64::MAX] {
            let dt = DateTime::from_secs_and_nanos(secs, 999_999_999);
            let _ = dt.civil();
            for f in [Format::DateTime, Format::EpochSeconds, Format::HttpDate] {
                assert!(!dt.fmt(f).is_empty());
            }
        }
        assert_eq!(
            DateTime::from_secs(i64::MIN).fmt(Format::EpochSeconds),
            "-9223372036854775808"
        );
    }

    #[test]
    fn fraction_trimming() {
        let mut s = String::new();
        write_fraction(&mut s, 123_000_000).unwrap();
        write_fraction(&mut s, 1).unwrap();
        write_fraction(&mut s, 0).unwrap();
        assert_eq!(s, ".123.000000001");
    }
}
