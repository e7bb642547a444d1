//! Step 2 of SigV4: the request date, credential scope and string to sign.

use super::crypto::{push_hex, sha256};
use super::error::SigningError;
use crate::datetime::DateTime;

/// The only algorithm this signer implements.
pub(crate) const ALGORITHM: &str = "AWS4-HMAC-SHA256";

/// The signing time as `YYYYMMDD'T'HHMMSS'Z'` (the `X-Amz-Date` value).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct AmzDate(String);

impl AmzDate {
    /// Formats `time` (UTC); fails outside years 0–9999.
    pub(crate) fn new(time: DateTime) -> Result<Self, SigningError> {
        let civil = time.civil();
        let year = u16::try_from(civil.year)
            .ok()
            .filter(|year| *year <= 9999)
            .ok_or(SigningError::TimeOutOfRange { time })?;
        let mut text = String::with_capacity(16);
        push_digits(&mut text, u32::from(year), 4);
        push_digits(&mut text, u32::from(civil.month), 2);
        push_digits(&mut text, u32::from(civil.day), 2);
        text.push('T');
        push_digits(&mut text, u32::from(civil.hour), 2);
        push_digits(&mut text, u32::from(civil.minute), 2);
        push_digits(&mut text, u32::from(civil.second), 2);
        text.push('Z');
        Ok(AmzDate(text))
    }

    /// `YYYYMMDDTHHMMSSZ`.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// `YYYYMMDD`, the date part used in the credential scope.
    pub(crate) fn date(&self) -> &str {
        self.0.get(..8).unwrap_or_default()
    }
}

/// Appends `value` as exactly `width` decimal digits (callers guarantee it fits).
fn push_digits(out: &mut String, value: u32, width: u32) {
    for position in (0..width).rev() {
        let digit = value / 10u32.pow(position) % 10;
        out.push(char::from(b'0' + digit as u8));
    }
}

/// `YYYYMMDD/region/service/aws4_request`.
pub(crate) fn credential_scope(date: &str, region: &str, service: &str) -> String {
    let mut scope = String::with_capacity(date.len() + region.len() + service.len() + 15);
    scope.push_str(date);
    scope.push('/');
    scope.push_str(region);
    scope.push('/');
    scope.push_str(service);
    scope.push_str("/aws4_request");
    scope
}

/// `ALGORITHM \n X-Amz-Date \n scope \n hex(SHA-256(canonical request))`.
pub(crate) fn string_to_sign(amz_date: &str, scope: &str, canonical_request: &str) -> String {
    let mut out = String::with_capacity(ALGORITHM.len() + amz_date.len() + scope.len() + 67);
    out.push_str(ALGORITHM);
    out.push('\n');
    out.push_str(amz_date);
    out.push('\n');
    out.push_str(scope);
    out.push('\n');
    push_hex(&mut out, &sha256(canonical_request.as_bytes()));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_the_signing_time() {
        let date = AmzDate::new(DateTime::from_secs(1_440_938_160)).expect("in range");
        assert_eq!(date.as_str(), "20150830T123600Z");
        assert_eq!(date.date(), "20150830");
        let early = AmzDate::new(DateTime::from_secs(-62_135_596_800)).expect("year 1");
        assert_eq!(early.as_str(), "00010101T000000Z");
    }

    #[test]
    fn rejects_years_that_do_not_fit_four_digits() {
        let time = DateTime::from_secs(253_402_300_800); // 10000-01-01T00:00:00Z
        assert_eq!(
            AmzDate::new(time),
            Err(SigningError::TimeOutOfRange { time })
        );
        let time = DateTime::from_secs(-62_167_219_201); // 0000-01-01T00:00:00Z minus 1 s
        assert_eq!(
            AmzDate::new(time),
            Err(SigningError::TimeOutOfRange { time })
        );
    }

    #[test]
    fn builds_scope_and_string_to_sign() {
        let scope = credential_scope("20150830", "us-east-1", "service");
        assert_eq!(scope, "20150830/us-east-1/service/aws4_request");
        let canonical = "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\n\
                         host;x-amz-date\n\
                         e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        assert_eq!(
            string_to_sign("20150830T123600Z", &scope, canonical),
            "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n\
             bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63"
        );
    }
}
