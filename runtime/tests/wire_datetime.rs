//! Timestamp parsing and formatting in the three Smithy formats (aws-query.md §3.3, §4.2).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use stsgen_runtime::datetime::{Civil, DateTime, Format};

fn parse(format: Format, text: &str) -> DateTime {
    match DateTime::parse(format, text) {
        Ok(dt) => dt,
        Err(e) => panic!("{text:?} should parse: {e}"),
    }
}

fn parse_err(format: Format, text: &str) -> String {
    match DateTime::parse(format, text) {
        Ok(dt) => panic!("{text:?} should not parse, got {dt}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn date_time_basic_and_fractional() {
    assert_eq!(
        parse(Format::DateTime, "2014-04-29T18:30:38Z"),
        DateTime::from_secs(1_398_796_238)
    );
    assert_eq!(
        parse(Format::DateTime, "2000-01-02T20:34:56.123Z"),
        DateTime::from_secs_and_nanos(946_845_296, 123_000_000)
    );
    assert_eq!(
        parse(Format::DateTime, "2011-07-15T23:28:33.359Z"),
        DateTime::from_secs_and_nanos(1_310_772_513, 359_000_000)
    );
    // Digits past nanoseconds are truncated, not rounded.
    assert_eq!(
        parse(Format::DateTime, "2000-01-02T20:34:56.1234567899Z"),
        DateTime::from_secs_and_nanos(946_845_296, 123_456_789)
    );
    assert_eq!(
        parse(Format::DateTime, "1970-01-01T00:00:00.000000001Z"),
        DateTime::from_secs_and_nanos(0, 1)
    );
}

#[test]
fn date_time_offsets_and_lowercase() {
    let expected = DateTime::from_secs(1_576_540_098);
    assert_eq!(
        parse(Format::DateTime, "2019-12-16T22:48:18-01:00"),
        expected
    );
    assert_eq!(
        parse(Format::DateTime, "2019-12-17T00:48:18+01:00"),
        expected
    );
    assert_eq!(parse(Format::DateTime, "2019-12-16t23:48:18z"), expected);
    assert_eq!(
        parse(Format::DateTime, "2019-12-16T23:48:18+00:00"),
        expected
    );
    assert_eq!(
        parse(Format::DateTime, "2019-12-17T05:18:18.5+05:30"),
        DateTime::from_secs_and_nanos(1_576_540_098, 500_000_000)
    );
    // An offset can move the instant across a year boundary.
    assert_eq!(
        parse(Format::DateTime, "1970-01-01T00:30:00+01:00"),
        DateTime::from_secs(-1800)
    );
}

#[test]
fn date_time_calendar_validation() {
    assert_eq!(
        parse(Format::DateTime, "2000-02-29T00:00:00Z"),
        DateTime::from_secs(951_782_400)
    );
    assert_eq!(
        parse_err(Format::DateTime, "1900-02-29T00:00:00Z"),
        "invalid date-time timestamp `1900-02-29T00:00:00Z`: day out of range for the month"
    );
    assert_eq!(
        parse_err(Format::DateTime, "2014-13-01T00:00:00Z"),
        "invalid date-time timestamp `2014-13-01T00:00:00Z`: month out of range"
    );
    assert_eq!(
        parse_err(Format::DateTime, "2014-04-31T00:00:00Z"),
        "invalid date-time timestamp `2014-04-31T00:00:00Z`: day out of range for the month"
    );
    assert_eq!(
        parse_err(Format::DateTime, "2014-04-29T24:00:00Z"),
        "invalid date-time timestamp `2014-04-29T24:00:00Z`: hour out of range"
    );
    assert_eq!(
        parse_err(Format::DateTime, "2014-04-29T23:60:00Z"),
        "invalid date-time timestamp `2014-04-29T23:60:00Z`: minute out of range"
    );
    assert_eq!(
        parse_err(Format::DateTime, "2014-04-29T23:59:60Z"),
        "invalid date-time timestamp `2014-04-29T23:59:60Z`: second out of range"
    );
    assert_eq!(
        parse_err(Format::DateTime, "2014-04-29T23:59:59+24:00"),
        "invalid date-time timestamp `2014-04-29T23:59:59+24:00`: offset out of range"
    );
}

#[test]
fn date_time_syntax_errors() {
    let cases = [
        ("", "expected a four-digit year"),
        ("2014", "expected `-` after the year"),
        ("14-04-29T18:30:38Z", "expected a four-digit year"),
        ("2014-04-29 18:30:38Z", "expected `T` between date and time"),
        (
            "2014-04-29T18:30:38",
            "expected `Z` or a `+HH:MM`/`-HH:MM` offset",
        ),
        (
            "2014-04-29T18:30:38.Z",
            "expected digits after the decimal point",
        ),
        (
            "2014-04-29T18:30:38Zjunk",
            "unexpected text after the timestamp",
        ),
        ("2014-04-29T18:30:38+0100", "expected `:` in the offset"),
        ("2014-04-29T18:30Z", "expected `:` after the minute"),
        ("２０１４-04-29T18:30:38Z", "expected a four-digit year"),
        ("2014-4-29T18:30:38Z", "expected a two-digit month"),
    ];
    for (text, reason) in cases {
        assert_eq!(
            parse_err(Format::DateTime, text),
            format!("invalid date-time timestamp `{text}`: {reason}")
        );
    }
}

#[test]
fn long_bad_text_is_cut_in_the_message() {
    let text = "x".repeat(200);
    let message = parse_err(Format::DateTime, &text);
    assert_eq!(
        message,
        format!(
            "invalid date-time timestamp `{}...`: expected a four-digit year",
            "x".repeat(64)
        )
    );
}

#[test]
fn epoch_seconds() {
    assert_eq!(
        parse(Format::EpochSeconds, "1398796238"),
        DateTime::from_secs(1_398_796_238)
    );
    assert_eq!(
        parse(Format::EpochSeconds, "1398796238.123"),
        DateTime::from_secs_and_nanos(1_398_796_238, 123_000_000)
    );
    assert_eq!(parse(Format::EpochSeconds, "0"), DateTime::UNIX_EPOCH);
    assert_eq!(
        parse(Format::EpochSeconds, "-1.25"),
        DateTime::from_secs_and_nanos(-2, 750_000_000)
    );
    assert_eq!(
        parse(Format::EpochSeconds, "-0.5"),
        DateTime::from_secs_and_nanos(-1, 500_000_000)
    );
    assert_eq!(parse(Format::EpochSeconds, "-7"), DateTime::from_secs(-7));
    for (text, reason) in [
        ("", "expected a number of seconds"),
        ("abc", "expected a number of seconds"),
        ("-", "expected a number of seconds"),
        ("1e9", "unexpected text after the timestamp"),
        ("12.", "expected digits after the decimal point"),
        ("99999999999999999999", "seconds out of range"),
        (" 12", "expected a number of seconds"),
    ] {
        assert_eq!(
            parse_err(Format::EpochSeconds, text),
            format!("invalid epoch-seconds timestamp `{text}`: {reason}")
        );
    }
}

#[test]
fn http_date() {
    assert_eq!(
        parse(Format::HttpDate, "Tue, 29 Apr 2014 18:30:38 GMT"),
        DateTime::from_secs(1_398_796_238)
    );
    assert_eq!(
        parse(Format::HttpDate, "Sun, 02 Jan 2000 20:34:56.456 GMT"),
        DateTime::from_secs_and_nanos(946_845_296, 456_000_000)
    );
    for (text, reason) in [
        (
            "Tue, 29 Apr 2014 18:30:38 UTC",
            "expected ` GMT` after the time",
        ),
        (
            "Xyz, 29 Apr 2014 18:30:38 GMT",
            "expected a day name such as `Tue`",
        ),
        (
            "Tue, 29 Foo 2014 18:30:38 GMT",
            "expected a month name such as `Apr`",
        ),
        (
            "Tue, 31 Apr 2014 18:30:38 GMT",
            "day out of range for the month",
        ),
        (
            "Tue 29 Apr 2014 18:30:38 GMT",
            "expected `,` after the day name",
        ),
        (
            "Tue, 29 Apr 2014 18:30:38 GMT ",
            "unexpected text after the timestamp",
        ),
        ("2014-04-29T18:30:38Z", "expected a day name such as `Tue`"),
        ("Tu", "expected a day name"),
    ] {
        assert_eq!(
            parse_err(Format::HttpDate, text),
            format!("invalid http-date timestamp `{text}`: {reason}")
        );
    }
}

#[test]
fn formatting() {
    let t = DateTime::from_secs(1_422_172_800);
    assert_eq!(t.fmt(Format::DateTime), "2015-01-25T08:00:00Z");
    assert_eq!(t.fmt(Format::EpochSeconds), "1422172800");
    assert_eq!(t.fmt(Format::HttpDate), "Sun, 25 Jan 2015 08:00:00 GMT");
    assert_eq!(
        DateTime::from_secs(1_445_412_480).fmt(Format::HttpDate),
        "Wed, 21 Oct 2015 07:28:00 GMT"
    );

    let frac = DateTime::from_secs_and_nanos(946_845_296, 123_000_000);
    assert_eq!(frac.fmt(Format::DateTime), "2000-01-02T20:34:56.123Z");
    assert_eq!(frac.fmt(Format::EpochSeconds), "946845296.123");
    assert_eq!(
        frac.fmt(Format::HttpDate),
        "Sun, 02 Jan 2000 20:34:56.123 GMT"
    );
    assert_eq!(
        DateTime::from_secs_and_nanos(0, 1).fmt(Format::DateTime),
        "1970-01-01T00:00:00.000000001Z"
    );

    let before = DateTime::from_secs_and_nanos(-2, 500_000_000);
    assert_eq!(before.fmt(Format::EpochSeconds), "-1.5");
    assert_eq!(before.fmt(Format::DateTime), "1969-12-31T23:59:58.5Z");
    assert_eq!(
        before.fmt(Format::HttpDate),
        "Wed, 31 Dec 1969 23:59:58.5 GMT"
    );
    assert_eq!(
        DateTime::from_secs_and_nanos(-1, 500_000_000).fmt(Format::EpochSeconds),
        "-0.5"
    );
    assert_eq!(
        DateTime::from_secs(-62_135_596_800).fmt(Format::DateTime),
        "0001-01-01T00:00:00Z"
    );
}

#[test]
fn every_format_round_trips() {
    let samples = [
        DateTime::UNIX_EPOCH,
        DateTime::from_secs(1_398_796_238),
        DateTime::from_secs_and_nanos(946_845_296, 123_456_789),
        DateTime::from_secs_and_nanos(-2, 500_000_000),
        DateTime::from_secs(951_782_400),
        DateTime::from_secs(253_402_300_799), // 9999-12-31T23:59:59Z
        DateTime::from_secs(-62_135_596_800), // 0001-01-01T00:00:00Z
    ];
    for dt in samples {
        for format in [Format::DateTime, Format::EpochSeconds, Format::HttpDate] {
            let text = dt.fmt(format);
            assert_eq!(parse(format, &text), dt, "{format:?} {text}");
        }
    }
}

#[test]
fn civil_fields() {
    assert_eq!(
        DateTime::from_secs(1_422_172_800).civil(),
        Civil {
            year: 2015,
            month: 1,
            day: 25,
            hour: 8,
            minute: 0,
            second: 0
        }
    );
    assert_eq!(
        DateTime::from_secs_and_nanos(-1, 999_999_999).civil(),
        Civil {
            year: 1969,
            month: 12,
            day: 31,
            hour: 23,
            minute: 59,
            second: 59
        }
    );
    let leap = DateTime::from_secs(951_825_599).civil(); // 2000-02-29T11:59:59Z
    assert_eq!(
        (leap.year, leap.month, leap.day, leap.hour),
        (2000, 2, 29, 11)
    );
}

#[test]
fn constructors_normalize() {
    let dt = DateTime::from_secs_and_nanos(5, 2_500_000_000);
    assert_eq!((dt.secs(), dt.subsec_nanos()), (7, 500_000_000));
    assert_eq!(
        DateTime::from_fractional_secs(1.5),
        DateTime::from_secs_and_nanos(1, 500_000_000)
    );
    assert_eq!(
        DateTime::from_fractional_secs(-1.5),
        DateTime::from_secs_and_nanos(-2, 500_000_000)
    );
    assert_eq!(
        DateTime::from_fractional_secs(f64::NAN),
        DateTime::UNIX_EPOCH
    );
    assert_eq!(DateTime::from_fractional_secs(1e300).secs(), i64::MAX);
    assert_eq!(
        DateTime::from_fractional_secs(f64::NEG_INFINITY).secs(),
        i64::MIN
    );
    assert_eq!(DateTime::default(), DateTime::UNIX_EPOCH);
    assert!(DateTime::from_secs_and_nanos(-1, 999_999_999) < DateTime::UNIX_EPOCH);
    assert!(DateTime::from_secs_and_nanos(0, 1) > DateTime::UNIX_EPOCH);
}

#[test]
fn system_time_conversions() {
    let after = UNIX_EPOCH + Duration::from_millis(1500);
    assert_eq!(
        DateTime::from(after),
        DateTime::from_secs_and_nanos(1, 500_000_000)
    );
    let before = UNIX_EPOCH - Duration::from_millis(1500);
    let dt = DateTime::from(before);
    assert_eq!(dt, DateTime::from_secs_and_nanos(-2, 500_000_000));
    assert_eq!(SystemTime::try_from(dt), Ok(before));
    assert_eq!(
        SystemTime::try_from(DateTime::from_secs(1_398_796_238)),
        Ok(UNIX_EPOCH + Duration::from_secs(1_398_796_238))
    );
    // Platforms differ in SystemTime's range: either the extreme converts back exactly, or the
    // error names the value.
    for extreme in [
        DateTime::from_secs(i64::MIN),
        DateTime::from_secs_and_nanos(i64::MAX, 999_999_999),
    ] {
        match SystemTime::try_from(extreme) {
            Ok(time) => assert_eq!(DateTime::from(time), extreme),
            Err(e) => assert!(
                e.to_string()
                    .contains(&format!("({} seconds since the epoch)", extreme.secs())),
                "{e}"
            ),
        }
    }

    // 2020-01-01; the clock of any machine running these tests is later.
    let now = DateTime::now();
    assert!(now.secs() > 1_577_836_800, "{now}");
}

#[test]
fn display_and_debug_are_rfc3339() {
    let dt = DateTime::from_secs_and_nanos(946_845_296, 123_000_000);
    assert_eq!(dt.to_string(), "2000-01-02T20:34:56.123Z");
    assert_eq!(format!("{dt:?}"), "2000-01-02T20:34:56.123Z");
    assert_eq!(
        format!("{:?}", Some(DateTime::UNIX_EPOCH)),
        "Some(1970-01-01T00:00:00Z)"
    );
}
