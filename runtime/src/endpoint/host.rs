//! `isValidHostLabel`.

/// `isValidHostLabel(value, allowSubDomains)`: whether `value` is an RFC 1123 host label:
/// 1 to 63 ASCII letters, digits and hyphens, not starting with a hyphen. With
/// `allow_sub_domains`, every `.`-separated part must be such a label (so empty parts, as in
/// `a..b` or a trailing dot, are rejected).
///
/// A trailing hyphen is accepted, as the Smithy reference implementation and smithy-rs do.
pub fn is_valid_host_label(value: &str, allow_sub_domains: bool) -> bool {
    if allow_sub_domains {
        value.split('.').all(is_valid_label)
    } else {
        is_valid_label(value)
    }
}

fn is_valid_label(label: &str) -> bool {
    (1..=63).contains(&label.len())
        && !label.starts_with('-')
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_labels() {
        assert!(is_valid_host_label("a", false));
        assert!(is_valid_host_label("us-east-1", false));
        assert!(is_valid_host_label("a-", false));
        assert!(is_valid_host_label("0abc", false));
        assert!(!is_valid_host_label("", false));
        assert!(!is_valid_host_label("-foo", false));
        assert!(!is_valid_host_label("a_b", false));
        assert!(!is_valid_host_label("a.b", false));
        assert!(!is_valid_host_label("é", false));
        assert!(!is_valid_host_label("a b", false));
    }

    #[test]
    fn length_limit_is_63() {
        assert!(is_valid_host_label(&"a".repeat(63), false));
        assert!(!is_valid_host_label(&"a".repeat(64), false));
        let two = format!("{}.{}", "a".repeat(63), "b".repeat(63));
        assert!(is_valid_host_label(&two, true));
        assert!(!is_valid_host_label(&two, false));
    }

    #[test]
    fn sub_domains() {
        assert!(is_valid_host_label("a.b", true));
        assert!(is_valid_host_label("a.b.c", true));
        assert!(is_valid_host_label("a-b.foo", true));
        assert!(!is_valid_host_label("", true));
        assert!(!is_valid_host_label(".", true));
        assert!(!is_valid_host_label("a.b.", true));
        assert!(!is_valid_host_label(".foo", true));
        assert!(!is_valid_host_label("a..b", true));
        assert!(!is_valid_host_label("a.-b", true));
    }
}
