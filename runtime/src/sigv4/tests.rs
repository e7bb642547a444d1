//! End-to-end signing tests against the worked STS examples of the SigV4 digest.

use std::time::Duration;

use super::*;

const ACCESS_KEY_ID: &str = "AKIDEXAMPLE";
const SECRET: &str = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
/// 2015-08-30T12:36:00Z
const TIME: i64 = 1_440_938_160;
const FORM_CONTENT_TYPE: &str = "application/x-www-form-urlencoded; charset=utf-8";

fn params(session_token: Option<&'static str>) -> SigningParams<'static> {
    SigningParams {
        access_key_id: ACCESS_KEY_ID,
        secret_access_key: SECRET,
        session_token,
        region: "us-east-1",
        service: "sts",
        time: DateTime::from_secs(TIME),
        settings: SigningSettings::default(),
    }
}

fn get_caller_identity() -> HttpRequest {
    HttpRequest {
        method: "POST".to_owned(),
        uri: "https://sts.us-east-1.amazonaws.com/".to_owned(),
        headers: vec![("Content-Type".to_owned(), FORM_CONTENT_TYPE.to_owned())],
        body: b"Action=GetCallerIdentity&Version=2011-06-15".to_vec(),
    }
}

fn header_pairs(request: &HttpRequest) -> Vec<(&str, &str)> {
    request
        .headers
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect()
}

#[test]
fn signs_get_caller_identity_headers() {
    let mut request = get_caller_identity();
    let output = sign(&mut request, &params(None)).expect("signs");
    assert_eq!(
        output.canonical_request,
        "POST\n/\n\n\
         content-type:application/x-www-form-urlencoded; charset=utf-8\n\
         host:sts.us-east-1.amazonaws.com\n\
         x-amz-date:20150830T123600Z\n\n\
         content-type;host;x-amz-date\n\
         ab821ae955788b0e33ebd34c208442ccfc2d406e2edc5e7a39bd6458fbb4f843"
    );
    assert_eq!(
        output.string_to_sign,
        "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/sts/aws4_request\n\
         74f85d64795bc5f30af8b92378344f5c25c0d305498fca44ea38f6a5a1d5860f"
    );
    assert_eq!(
        output.signature,
        "52a8540fea00e731072179f763577cbe2a45eac2c5d32fb4d785f3eefac88165"
    );
    assert_eq!(
        header_pairs(&request),
        [
            ("Content-Type", FORM_CONTENT_TYPE),
            ("Host", "sts.us-east-1.amazonaws.com"),
            ("X-Amz-Date", "20150830T123600Z"),
            (
                "Authorization",
                "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sts/aws4_request, \
                 SignedHeaders=content-type;host;x-amz-date, \
                 Signature=52a8540fea00e731072179f763577cbe2a45eac2c5d32fb4d785f3eefac88165"
            ),
        ]
    );
    assert_eq!(request.uri, "https://sts.us-east-1.amazonaws.com/");
    assert_eq!(request.body, b"Action=GetCallerIdentity&Version=2011-06-15");
}

#[test]
fn signs_the_session_token_header() {
    let mut request = get_caller_identity();
    let output = sign(&mut request, &params(Some("SESSIONTOKENEXAMPLE"))).expect("signs");
    assert_eq!(
        output.signature,
        "9076b73f8e7b9ea0bfd1d0a6969cf5332cfe6e006f5cb747a032c3e37dbc7fea"
    );
    assert_eq!(
        request.header("X-Amz-Security-Token"),
        Some("SESSIONTOKENEXAMPLE")
    );
    assert_eq!(
        request.header("authorization"),
        Some(
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/sts/aws4_request, \
             SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, \
             Signature=9076b73f8e7b9ea0bfd1d0a6969cf5332cfe6e006f5cb747a032c3e37dbc7fea"
        )
    );
}

#[test]
fn excluded_session_token_is_added_unsigned() {
    let mut request = get_caller_identity();
    let mut params = params(Some("SESSIONTOKENEXAMPLE"));
    params.settings.session_token_mode = SessionTokenMode::Exclude;
    let output = sign(&mut request, &params).expect("signs");
    // Same signature as without a token: the token is not covered.
    assert_eq!(
        output.signature,
        "52a8540fea00e731072179f763577cbe2a45eac2c5d32fb4d785f3eefac88165"
    );
    assert_eq!(
        request
            .headers
            .last()
            .map(|(n, v)| (n.as_str(), v.as_str())),
        Some(("X-Amz-Security-Token", "SESSIONTOKENEXAMPLE"))
    );
}

#[test]
fn presigns_get_caller_identity() {
    let mut request = HttpRequest {
        method: "GET".to_owned(),
        uri: "https://sts.us-east-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15"
            .to_owned(),
        headers: Vec::new(),
        body: Vec::new(),
    };
    let params = params(Some("SESSIONTOKEN/EXAMPLE+="))
        .with_settings(SigningSettings::presigned(Duration::from_secs(60)));
    let output = sign(&mut request, &params).expect("signs");
    assert_eq!(
        output.canonical_request,
        "GET\n/\n\
         Action=GetCallerIdentity&Version=2011-06-15&X-Amz-Algorithm=AWS4-HMAC-SHA256&\
         X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fsts%2Faws4_request&\
         X-Amz-Date=20150830T123600Z&X-Amz-Expires=60&\
         X-Amz-Security-Token=SESSIONTOKEN%2FEXAMPLE%2B%3D&X-Amz-SignedHeaders=host\n\
         host:sts.us-east-1.amazonaws.com\n\n\
         host\n\
         e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    );
    assert_eq!(
        output.signature,
        "6ed8020c61d24be7dc6d714a98f11c36e3812436de0ea8a201321593b4b0ae5d"
    );
    let expected_uri =
        "https://sts.us-east-1.amazonaws.com/?Action=GetCallerIdentity&Version=2011-06-15\
         &X-Amz-Algorithm=AWS4-HMAC-SHA256\
         &X-Amz-Credential=AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fsts%2Faws4_request\
         &X-Amz-Date=20150830T123600Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host\
         &X-Amz-Security-Token=SESSIONTOKEN%2FEXAMPLE%2B%3D\
         &X-Amz-Signature=6ed8020c61d24be7dc6d714a98f11c36e3812436de0ea8a201321593b4b0ae5d";
    assert_eq!(request.uri, expected_uri);
    assert_eq!(
        header_pairs(&request),
        [("Host", "sts.us-east-1.amazonaws.com")]
    );

    // Presigning the presigned request again replaces the old parameters.
    let again = sign(&mut request, &params).expect("signs");
    assert_eq!(again, output);
    assert_eq!(request.uri, expected_uri);
}

#[test]
fn presigning_requires_a_bounded_expiry() {
    let mut request = get_caller_identity();
    let mut params = params(None);
    params.settings.signature_location = SignatureLocation::QueryParams;
    assert_eq!(
        sign(&mut request, &params),
        Err(SigningError::MissingExpiry)
    );
    params.settings.expires_in = Some(Duration::from_secs(604_801));
    let error = sign(&mut request, &params).expect_err("too long");
    assert_eq!(error, SigningError::ExpiryTooLong { seconds: 604_801 });
    assert_eq!(
        error.to_string(),
        "presigned requests may be valid for at most 604800 seconds (7 days), not 604801"
    );
    params.settings.expires_in = Some(Duration::from_secs(604_800));
    assert!(sign(&mut request, &params).is_ok());
}

#[test]
fn cached_key_gives_the_same_signature() {
    let cache = SigningKeyCache::new();
    let mut fresh = get_caller_identity();
    let expected = sign(&mut fresh, &params(None)).expect("signs");
    for _ in 0..2 {
        let mut cached = get_caller_identity();
        let output = sign_with_cache(&mut cached, &params(None), &cache).expect("signs");
        assert_eq!(output, expected);
        assert_eq!(cached, fresh);
    }
    assert_eq!(cache.len(), 1);
}

#[test]
fn re_signing_replaces_stale_signature_headers() {
    let mut request = get_caller_identity();
    sign(&mut request, &params(Some("OLD"))).expect("signs");
    let mut later = params(None);
    later.time = DateTime::from_secs(TIME + 60);
    let output = sign(&mut request, &later).expect("signs");

    let mut expected = get_caller_identity();
    let fresh = sign(&mut expected, &later).expect("signs");
    assert_eq!(output, fresh);
    assert_eq!(request, expected);
    assert_eq!(request.header("x-amz-date"), Some("20150830T123700Z"));
    assert_eq!(request.header("x-amz-security-token"), None);
}

#[test]
fn host_header_keeps_only_non_default_ports() {
    for (uri, host) in [
        ("https://sts.amazonaws.com:443", "sts.amazonaws.com"),
        ("http://localhost:80/", "localhost"),
        ("http://localhost:4566/", "localhost:4566"),
    ] {
        let mut request = HttpRequest {
            method: "POST".to_owned(),
            uri: uri.to_owned(),
            ..HttpRequest::default()
        };
        let output = sign(&mut request, &params(None)).expect("signs");
        assert_eq!(request.header("host"), Some(host), "{uri}");
        assert!(output
            .canonical_request
            .contains(&format!("\nhost:{host}\n")));
    }
}

#[test]
fn existing_host_header_is_kept() {
    let mut request = get_caller_identity();
    request
        .headers
        .push(("HOST".to_owned(), "custom.example".to_owned()));
    let output = sign(&mut request, &params(None)).expect("signs");
    assert!(output.canonical_request.contains("\nhost:custom.example\n"));
    assert_eq!(
        request
            .headers
            .iter()
            .filter(|(n, _)| n.eq_ignore_ascii_case("host"))
            .count(),
        1
    );
}

#[test]
fn content_sha256_header_is_added_and_signed() {
    let mut request = get_caller_identity();
    let mut params = params(None);
    params.settings.content_sha256_header = true;
    let output = sign(&mut request, &params).expect("signs");
    let body_hash = hex(&sha256(b"Action=GetCallerIdentity&Version=2011-06-15"));
    assert_eq!(
        request.header("x-amz-content-sha256"),
        Some(body_hash.as_str())
    );
    assert!(output.canonical_request.ends_with(&format!(
        "\ncontent-type;host;x-amz-content-sha256;x-amz-date\n{body_hash}"
    )));
}

#[test]
fn explicit_payload_hash_header_is_used() {
    let mut request = get_caller_identity();
    request.headers.push((
        "X-Amz-Content-SHA256".to_owned(),
        "UNSIGNED-PAYLOAD".to_owned(),
    ));
    let output = sign(&mut request, &params(None)).expect("signs");
    assert!(output.canonical_request.ends_with("\nUNSIGNED-PAYLOAD"));
}

#[test]
fn invalid_parameters_are_reported_without_secrets() {
    type Change = fn(&mut SigningParams<'static>);
    let cases: [(Change, SigningError); 5] = [
        (
            |p| p.region = "",
            SigningError::InvalidParameter {
                name: "region",
                reason: "it is empty",
            },
        ),
        (
            |p| p.service = "sts/evil",
            SigningError::InvalidParameter {
                name: "service",
                reason: "it contains `/`, `,`, whitespace or a control character",
            },
        ),
        (
            |p| p.secret_access_key = "",
            SigningError::InvalidParameter {
                name: "secret access key",
                reason: "it is empty",
            },
        ),
        (
            |p| p.session_token = Some("tok\r\nen"),
            SigningError::InvalidParameter {
                name: "session token",
                reason: "it is empty or contains control characters",
            },
        ),
        (
            |p| p.time = DateTime::from_secs(253_402_300_800),
            SigningError::TimeOutOfRange {
                time: DateTime::from_secs(253_402_300_800),
            },
        ),
    ];
    for (change, expected) in cases {
        let mut params = params(None);
        change(&mut params);
        let error = sign(&mut get_caller_identity(), &params).expect_err("invalid");
        assert_eq!(error, expected);
        assert!(!error.to_string().contains(SECRET));
    }
    let mut request = get_caller_identity();
    request.uri = "sts.amazonaws.com/".to_owned();
    assert_eq!(
        sign(&mut request, &params(None)).map_err(|e| e.to_string()),
        Err(
            "cannot sign request to `sts.amazonaws.com/`: it is not absolute (no `scheme://`)"
                .to_owned()
        )
    );
}

#[test]
fn debug_output_redacts_secrets() {
    let token = "SESSIONTOKENEXAMPLE";
    let params = params(Some(token));
    let params_debug = format!("{params:?}");
    assert!(params_debug.contains("access_key_id: \"AKIDEXAMPLE\""));
    assert!(!params_debug.contains(SECRET) && !params_debug.contains(token));

    let output = sign(&mut get_caller_identity(), &params).expect("signs");
    assert!(output.canonical_request.contains(token));
    let output_debug = format!("{output:?}");
    assert!(!output_debug.contains(token));
    assert!(output_debug.contains("x-amz-security-token:** redacted **"));

    let presigned = params.with_settings(SigningSettings::presigned(Duration::from_secs(60)));
    let output = sign(&mut get_caller_identity(), &presigned).expect("signs");
    let output_debug = format!("{output:?}");
    assert!(!output_debug.contains(token));
    assert!(output_debug.contains("X-Amz-Security-Token=** redacted **&X-Amz-SignedHeaders"));
}
