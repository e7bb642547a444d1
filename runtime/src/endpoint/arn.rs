//! `aws.parseArn`.

/// A parsed ARN, `arn:partition:service:region:account-id:resource`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Arn<'a> {
    /// `aws`, `aws-cn`, ...
    pub partition: &'a str,
    /// The service namespace (`s3`, `iam`).
    pub service: &'a str,
    /// The region; may be empty.
    pub region: &'a str,
    /// The account id; may be empty.
    pub account_id: &'a str,
    /// The resource part split on `:` and `/` (`outpost/op-1` -> `["outpost", "op-1"]`).
    pub resource_id: Vec<&'a str>,
}

/// `aws.parseArn(value)`: the ARN's parts, or `None` when `value` does not have six
/// `:`-separated parts starting with `arn`, or its partition, service or resource is empty.
pub fn parse_arn(value: &str) -> Option<Arn<'_>> {
    let mut parts = value.splitn(6, ':');
    if parts.next()? != "arn" {
        return None;
    }
    let partition = parts.next()?;
    let service = parts.next()?;
    let region = parts.next()?;
    let account_id = parts.next()?;
    let resource = parts.next()?;
    if partition.is_empty() || service.is_empty() || resource.is_empty() {
        return None;
    }
    Some(Arn {
        partition,
        service,
        region,
        account_id,
        resource_id: resource.split([':', '/']).collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_all_parts() {
        assert_eq!(
            parse_arn("arn:aws:s3:us-east-2:012345678:outpost:op-1234"),
            Some(Arn {
                partition: "aws",
                service: "s3",
                region: "us-east-2",
                account_id: "012345678",
                resource_id: vec!["outpost", "op-1234"],
            })
        );
    }

    #[test]
    fn resource_splits_on_slash_and_colon() {
        let arn = parse_arn("arn:aws:iam::123456789012:role/path/name:x").expect("valid");
        assert_eq!(arn.resource_id, ["role", "path", "name", "x"]);
        assert_eq!(arn.region, "");
    }

    #[test]
    fn region_and_account_may_be_empty() {
        let arn = parse_arn("arn:aws:s3:::my_bucket/Development/*").expect("valid");
        assert_eq!((arn.region, arn.account_id), ("", ""));
        assert_eq!(arn.resource_id, ["my_bucket", "Development", "*"]);
    }

    #[test]
    fn rejects_malformed_arns() {
        assert_eq!(parse_arn(""), None);
        assert_eq!(parse_arn("arn:aws:s3:us-east-1:123"), None);
        assert_eq!(parse_arn("urn:aws:s3:us-east-1:123:bucket"), None);
        assert_eq!(parse_arn("ARN:aws:s3:us-east-1:123:bucket"), None);
        assert_eq!(parse_arn("arn::s3:us-east-1:123:bucket"), None);
        assert_eq!(parse_arn("arn:aws::us-east-1:123:bucket"), None);
        assert_eq!(parse_arn("arn:aws:s3:us-east-1:123:"), None);
    }
}
