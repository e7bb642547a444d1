//! What a resolver returns: an [`Endpoint`] or an [`EndpointError`].

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fmt;

/// A resolved endpoint: where to send the request, and how.
///
/// `properties` carries rule-set specific data; AWS rule sets put the signing overrides in
/// `authSchemes` (read them with [`Endpoint::auth_scheme`]). `headers` are extra request
/// headers, each with its values in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Endpoint {
    /// The URL, scheme and host included (`https://sts.us-east-1.amazonaws.com`).
    pub url: String,
    /// Endpoint properties by name (`authSchemes`, ...).
    pub properties: BTreeMap<String, PropertyValue>,
    /// Extra headers to send, by name.
    pub headers: BTreeMap<String, Vec<String>>,
}

impl Endpoint {
    /// An endpoint with this URL and no properties or headers.
    pub fn new(url: impl Into<String>) -> Endpoint {
        Endpoint {
            url: url.into(),
            properties: BTreeMap::new(),
            headers: BTreeMap::new(),
        }
    }

    /// Sets the property `name`, replacing an earlier value.
    pub fn with_property(mut self, name: impl Into<String>, value: PropertyValue) -> Endpoint {
        self.properties.insert(name.into(), value);
        self
    }

    /// Appends `value` to the values of header `name`.
    pub fn with_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Endpoint {
        self.headers
            .entry(name.into())
            .or_default()
            .push(value.into());
        self
    }

    /// The entries of the `authSchemes` property that are objects with a string `name`, in
    /// the rule set's order of preference.
    pub fn auth_schemes(&self) -> impl Iterator<Item = AuthScheme<'_>> {
        let entries = match self.properties.get("authSchemes") {
            Some(PropertyValue::Array(entries)) => entries.as_slice(),
            _ => &[],
        };
        entries.iter().filter_map(|entry| match entry {
            PropertyValue::Map(properties)
                if properties
                    .get("name")
                    .and_then(PropertyValue::as_str)
                    .is_some() =>
            {
                Some(AuthScheme { properties })
            }
            _ => None,
        })
    }

    /// The `authSchemes` entry named `name` (`sigv4`), if the endpoint has one.
    ///
    /// Clients pick the auth scheme from the model's auth traits, then apply the matching
    /// entry's overrides (signing name and region); no matching entry means no overrides.
    pub fn auth_scheme(&self, name: &str) -> Option<AuthScheme<'_>> {
        self.auth_schemes().find(|scheme| scheme.name() == name)
    }
}

/// One `authSchemes` entry of an [`Endpoint`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AuthScheme<'a> {
    properties: &'a BTreeMap<String, PropertyValue>,
}

impl<'a> AuthScheme<'a> {
    /// The scheme name (`sigv4`, `sigv4a`).
    pub fn name(&self) -> &'a str {
        self.string("name").unwrap_or_default()
    }

    /// `signingName`, overriding the service's signing name.
    pub fn signing_name(&self) -> Option<&'a str> {
        self.string("signingName")
    }

    /// `signingRegion`, overriding the configured region for signing (SigV4).
    pub fn signing_region(&self) -> Option<&'a str> {
        self.string("signingRegion")
    }

    /// Any property of the entry.
    pub fn property(&self, name: &str) -> Option<&'a PropertyValue> {
        self.properties.get(name)
    }

    fn string(&self, name: &str) -> Option<&'a str> {
        self.properties.get(name).and_then(PropertyValue::as_str)
    }
}

/// The value of an endpoint property: the JSON subset rule sets use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PropertyValue {
    /// A string.
    String(String),
    /// A boolean.
    Bool(bool),
    /// An ordered list.
    Array(Vec<PropertyValue>),
    /// An object, by key.
    Map(BTreeMap<String, PropertyValue>),
}

impl PropertyValue {
    /// An array of `items`.
    pub fn array(items: impl IntoIterator<Item = PropertyValue>) -> PropertyValue {
        PropertyValue::Array(items.into_iter().collect())
    }

    /// A map from `(key, value)` pairs.
    pub fn map<'k>(entries: impl IntoIterator<Item = (&'k str, PropertyValue)>) -> PropertyValue {
        PropertyValue::Map(
            entries
                .into_iter()
                .map(|(key, value)| (key.to_owned(), value))
                .collect(),
        )
    }

    /// The text, if this is a string.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            PropertyValue::String(text) => Some(text),
            _ => None,
        }
    }

    /// The value, if this is a boolean.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            PropertyValue::Bool(value) => Some(*value),
            _ => None,
        }
    }

    /// The items, if this is an array.
    pub fn as_array(&self) -> Option<&[PropertyValue]> {
        match self {
            PropertyValue::Array(items) => Some(items),
            _ => None,
        }
    }

    /// The entries, if this is a map.
    pub fn as_map(&self) -> Option<&BTreeMap<String, PropertyValue>> {
        match self {
            PropertyValue::Map(entries) => Some(entries),
            _ => None,
        }
    }
}

impl From<&str> for PropertyValue {
    fn from(text: &str) -> Self {
        PropertyValue::String(text.to_owned())
    }
}

impl From<String> for PropertyValue {
    fn from(text: String) -> Self {
        PropertyValue::String(text)
    }
}

impl From<bool> for PropertyValue {
    fn from(value: bool) -> Self {
        PropertyValue::Bool(value)
    }
}

/// Endpoint resolution failed: an `error` rule matched, a required parameter was missing or no
/// rule matched. The message is the rule set's text, verbatim.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EndpointError {
    message: Cow<'static, str>,
}

impl EndpointError {
    /// An error with this message.
    pub fn new(message: impl Into<Cow<'static, str>>) -> EndpointError {
        EndpointError {
            message: message.into(),
        }
    }

    /// The message.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for EndpointError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for EndpointError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn sigv4(region: &str) -> PropertyValue {
        PropertyValue::map([
            ("name", "sigv4".into()),
            ("signingName", "sts".into()),
            ("signingRegion", region.into()),
        ])
    }

    #[test]
    fn builders_fill_properties_and_headers_in_order() {
        let endpoint = Endpoint::new("https://example.com")
            .with_property("flag", true.into())
            .with_header("x-a", "1")
            .with_header("x-a", "2");
        assert_eq!(endpoint.url, "https://example.com");
        assert_eq!(
            endpoint.properties.get("flag"),
            Some(&PropertyValue::Bool(true))
        );
        assert_eq!(
            endpoint.headers.get("x-a"),
            Some(&vec!["1".to_owned(), "2".to_owned()])
        );
    }

    #[test]
    fn auth_scheme_finds_the_named_entry() {
        let endpoint = Endpoint::new("https://sts.amazonaws.com").with_property(
            "authSchemes",
            PropertyValue::Array(vec![
                PropertyValue::map([("name", "sigv4a".into()), ("signingName", "other".into())]),
                sigv4("us-east-1"),
            ]),
        );
        let scheme = endpoint.auth_scheme("sigv4").expect("sigv4 entry");
        assert_eq!(scheme.name(), "sigv4");
        assert_eq!(scheme.signing_name(), Some("sts"));
        assert_eq!(scheme.signing_region(), Some("us-east-1"));
        assert_eq!(scheme.property("missing"), None);
        let names: Vec<&str> = endpoint.auth_schemes().map(|s| s.name()).collect();
        assert_eq!(names, ["sigv4a", "sigv4"]);
        assert_eq!(endpoint.auth_scheme("bearer"), None);
    }

    #[test]
    fn malformed_auth_schemes_are_ignored() {
        let endpoint = Endpoint::new("https://x").with_property(
            "authSchemes",
            PropertyValue::Array(vec![
                "sigv4".into(),
                PropertyValue::map([("signingName", "sts".into())]),
                PropertyValue::map([("name", false.into())]),
            ]),
        );
        assert_eq!(endpoint.auth_schemes().count(), 0);
        let not_an_array = Endpoint::new("https://x").with_property("authSchemes", "sigv4".into());
        assert_eq!(not_an_array.auth_schemes().count(), 0);
        assert_eq!(Endpoint::new("https://x").auth_scheme("sigv4"), None);
    }

    #[test]
    fn property_value_accessors() {
        let value = sigv4("eu-west-1");
        assert_eq!(
            value
                .as_map()
                .and_then(|m| m.get("signingRegion"))
                .and_then(PropertyValue::as_str),
            Some("eu-west-1")
        );
        assert_eq!(value.as_str(), None);
        assert_eq!(PropertyValue::Bool(false).as_bool(), Some(false));
        assert_eq!(PropertyValue::from(String::from("s")).as_bool(), None);
        assert_eq!(
            PropertyValue::array([true.into(), "a".into()]).as_array(),
            Some(&[PropertyValue::Bool(true), PropertyValue::String("a".into())][..])
        );
    }

    #[test]
    fn error_displays_the_message_verbatim() {
        let error = EndpointError::new("Invalid Configuration: Missing Region");
        assert_eq!(error.to_string(), "Invalid Configuration: Missing Region");
        assert_eq!(error.message(), "Invalid Configuration: Missing Region");
        assert_eq!(EndpointError::new(format!("bad {}", 1)).message(), "bad 1");
    }
}
