//! `aws.isVirtualHostableS3Bucket`.

use super::host::is_valid_host_label;

/// `aws.isVirtualHostableS3Bucket(value, allowSubDomains)`: whether `value` can be used as a
/// bucket host name (`bucket.s3.amazonaws.com`).
///
/// It must be a valid host label (see [`is_valid_host_label`]) and every `.`-separated part
/// must be 3 to 63 lower-case letters, digits and `-`, starting and ending with a letter or
/// digit (so `.-` and `-.` never occur); the whole value must not look like an IPv4 address
/// (`192.168.100.200`).
pub fn is_virtual_hostable_s3_bucket(value: &str, allow_sub_domains: bool) -> bool {
    if !is_valid_host_label(value, allow_sub_domains) {
        return false;
    }
    // Each part is checked on its own (as smithy-rs does); the IP check needs the whole value.
    value.split('.').all(is_virtual_hostable_segment) && !looks_like_ipv4(value)
}

fn is_virtual_hostable_segment(segment: &str) -> bool {
    let bytes = segment.as_bytes();
    let edge = |b: u8| b.is_ascii_lowercase() || b.is_ascii_digit();
    (3..=63).contains(&bytes.len())
        && bytes.first().copied().is_some_and(edge)
        && bytes.last().copied().is_some_and(edge)
        && bytes.iter().all(|&b| edge(b) || b == b'-')
}

/// Four dot-separated runs of digits (any length, as the reference pattern `^(\d+\.){3}\d+$`).
fn looks_like_ipv4(text: &str) -> bool {
    text.split('.').count() == 4
        && text
            .split('.')
            .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_bucket_names() {
        assert!(is_virtual_hostable_s3_bucket("bucket", false));
        assert!(is_virtual_hostable_s3_bucket("a--b--x-s3", false));
        assert!(is_virtual_hostable_s3_bucket("abc", false));
        assert!(is_virtual_hostable_s3_bucket(&"a".repeat(63), false));
    }

    #[test]
    fn rejects_bad_shapes() {
        assert!(!is_virtual_hostable_s3_bucket("ab", false));
        assert!(!is_virtual_hostable_s3_bucket(&"a".repeat(64), false));
        assert!(!is_virtual_hostable_s3_bucket("Bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("bucket-", false));
        assert!(!is_virtual_hostable_s3_bucket("-bucket", false));
        assert!(!is_virtual_hostable_s3_bucket("bu_cket", false));
    }

    #[test]
    fn dots_need_sub_domains_and_clean_edges() {
        assert!(!is_virtual_hostable_s3_bucket("abc.bucket", false));
        assert!(is_virtual_hostable_s3_bucket("abc.bucket", true));
        // Every part needs three characters, as in smithy-rs.
        assert!(!is_virtual_hostable_s3_bucket("my.bucket", true));
        assert!(!is_virtual_hostable_s3_bucket("a-.b-.c", true));
        assert!(!is_virtual_hostable_s3_bucket("abc.-def", true));
        assert!(!is_virtual_hostable_s3_bucket("abc.de", true));
    }

    #[test]
    fn rejects_ip_addresses() {
        assert!(!is_virtual_hostable_s3_bucket("192.168.100.200", true));
        assert!(is_virtual_hostable_s3_bucket("192.168.100", true));
        assert!(is_virtual_hostable_s3_bucket("123", false));
    }
}
