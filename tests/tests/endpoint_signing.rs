//! Requests through the client go to the endpoint the generated rules resolve, signed with the
//! scope that endpoint demands (the global endpoint signs for us-east-1, whatever the region).

use sts::config::{Config, Credentials};
use sts::Client;
use stsgen_runtime::datetime::DateTime;
use stsgen_runtime::retry::RetryConfig;
use stsgen_runtime::transport::test_util::{response, RecordingTransport};

const IDENTITY: &str =
    "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">\
    <GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/alice</Arn>\
    <UserId>AIDA</UserId><Account>123456789012</Account></GetCallerIdentityResult>\
    <ResponseMetadata><RequestId>r-1</RequestId></ResponseMetadata></GetCallerIdentityResponse>";

/// Sends GetCallerIdentity with `configure` applied and returns (URI, credential scope).
async fn uri_and_scope(
    configure: impl FnOnce(sts::config::ConfigBuilder) -> sts::config::ConfigBuilder,
) -> (String, String) {
    let transport = RecordingTransport::new([response(200, IDENTITY)]);
    let builder = Config::builder()
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .http_client(transport.clone())
        .retry(RetryConfig::disabled())
        .time_source(|| DateTime::from_secs(1_767_225_600)); // 2026-01-01T00:00:00Z
    let output = Client::new(configure(builder).build())
        .get_caller_identity()
        .send()
        .await
        .expect("the call succeeds");
    assert_eq!(output.account(), Some("123456789012"));
    let requests = transport.requests();
    assert_eq!(requests.len(), 1);
    let authorization = requests[0]
        .header("authorization")
        .expect("signed")
        .to_owned();
    let scope = authorization
        .split("Credential=AKIDEXAMPLE/")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .expect("a credential scope")
        .to_owned();
    (requests[0].uri.clone(), scope)
}

#[tokio::test]
async fn us_east_1_is_regional() {
    let (uri, scope) = uri_and_scope(|b| b.region("us-east-1")).await;
    assert_eq!(uri, "https://sts.us-east-1.amazonaws.com/");
    assert_eq!(scope, "20260101/us-east-1/sts/aws4_request");
}

#[tokio::test]
async fn aws_global_signs_for_us_east_1() {
    let (uri, scope) = uri_and_scope(|b| b.region("aws-global")).await;
    assert_eq!(uri, "https://sts.amazonaws.com/");
    assert_eq!(scope, "20260101/us-east-1/sts/aws4_request");
}

#[tokio::test]
async fn legacy_global_endpoint_signs_for_us_east_1() {
    let (uri, scope) =
        uri_and_scope(|b| b.region("ap-northeast-1").use_global_endpoint(true)).await;
    assert_eq!(uri, "https://sts.amazonaws.com/");
    assert_eq!(scope, "20260101/us-east-1/sts/aws4_request");
}

#[tokio::test]
async fn global_endpoint_setting_leaves_new_regions_regional() {
    let (uri, scope) = uri_and_scope(|b| b.region("af-south-1").use_global_endpoint(true)).await;
    assert_eq!(uri, "https://sts.af-south-1.amazonaws.com/");
    assert_eq!(scope, "20260101/af-south-1/sts/aws4_request");
}

#[tokio::test]
async fn fips_region() {
    let (uri, scope) = uri_and_scope(|b| b.region("us-east-1").use_fips(true)).await;
    assert_eq!(uri, "https://sts-fips.us-east-1.amazonaws.com/");
    assert_eq!(scope, "20260101/us-east-1/sts/aws4_request");
}

#[tokio::test]
async fn dual_stack_region() {
    let (uri, scope) = uri_and_scope(|b| b.region("us-east-1").use_dual_stack(true)).await;
    assert_eq!(uri, "https://sts.us-east-1.api.aws/");
    assert_eq!(scope, "20260101/us-east-1/sts/aws4_request");
}

#[tokio::test]
async fn china_region() {
    let (uri, scope) = uri_and_scope(|b| b.region("cn-north-1")).await;
    assert_eq!(uri, "https://sts.cn-north-1.amazonaws.com.cn/");
    assert_eq!(scope, "20260101/cn-north-1/sts/aws4_request");
}

#[tokio::test]
async fn gov_cloud_region() {
    let (uri, scope) = uri_and_scope(|b| b.region("us-gov-west-1")).await;
    assert_eq!(uri, "https://sts.us-gov-west-1.amazonaws.com/");
    assert_eq!(scope, "20260101/us-gov-west-1/sts/aws4_request");
}

#[tokio::test]
async fn endpoint_override_keeps_the_configured_region() {
    let (uri, scope) =
        uri_and_scope(|b| b.region("eu-west-1").endpoint_url("http://127.0.0.1:4566")).await;
    assert_eq!(uri, "http://127.0.0.1:4566/");
    assert_eq!(scope, "20260101/eu-west-1/sts/aws4_request");
}

#[tokio::test]
async fn fips_with_an_override_is_rejected_before_sending() {
    let transport = RecordingTransport::new([response(200, IDENTITY)]);
    let config = Config::builder()
        .region("us-east-1")
        .use_fips(true)
        .endpoint_url("https://example.com")
        .credentials(Credentials::new("AKIDEXAMPLE", "secret", None))
        .http_client(transport.clone())
        .build();
    let error = Client::new(config)
        .get_caller_identity()
        .send()
        .await
        .expect_err("the rules reject FIPS with a custom endpoint");
    assert!(
        error
            .to_string()
            .contains("Invalid Configuration: FIPS and custom endpoint are not supported"),
        "{error}"
    );
    assert!(transport.requests().is_empty());
}
