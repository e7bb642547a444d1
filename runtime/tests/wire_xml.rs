//! The XML tree and the scalar readers (aws-query.md §4).

use stsgen_runtime::datetime::{DateTime, Format};
use stsgen_runtime::xml::{self, parse, Element, XmlError, MAX_DEPTH};

fn doc(body: &str) -> Element<'_> {
    match parse(body.as_bytes()) {
        Ok(root) => root,
        Err(e) => panic!("{body:?} should parse: {e}"),
    }
}

fn parse_err(body: &[u8]) -> String {
    match parse(body) {
        Ok(root) => panic!("{body:?} should not parse, got {root:?}"),
        Err(e) => e.to_string(),
    }
}

fn child<'e, 'a>(el: &'e Element<'a>, name: &str) -> &'e Element<'a> {
    el.child(name)
        .unwrap_or_else(|| panic!("<{}> has no <{name}>: {el:?}", el.name()))
}

const ASSUME_ROLE: &str = r#"<AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
  <AssumeRoleResult>
    <SourceIdentity>Alice</SourceIdentity>
    <AssumedRoleUser>
      <Arn>arn:aws:sts::123456789012:assumed-role/demo/TestAR</Arn>
      <AssumedRoleId>ARO123EXAMPLE123:TestAR</AssumedRoleId>
    </AssumedRoleUser>
    <Credentials>
      <AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>
      <SecretAccessKey>wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY</SecretAccessKey>
      <SessionToken>IQoJb3JpZ2luX2VjEXAMPLE</SessionToken>
      <Expiration>2019-11-09T13:34:41Z</Expiration>
    </Credentials>
    <PackedPolicySize>6</PackedPolicySize>
    <SomethingNew>ignored</SomethingNew>
  </AssumeRoleResult>
  <ResponseMetadata><RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId></ResponseMetadata>
</AssumeRoleResponse>
"#;

#[test]
fn sts_assume_role_response() {
    let root = doc(ASSUME_ROLE);
    assert_eq!(root.expect_name("AssumeRoleResponse"), Ok(()));
    assert_eq!(root.text(), "");
    assert_eq!(root.attr("xmlns"), None);
    let result = child(&root, "AssumeRoleResult");
    let names: Vec<&str> = result.children().map(Element::name).collect();
    assert_eq!(
        names,
        [
            "SourceIdentity",
            "AssumedRoleUser",
            "Credentials",
            "PackedPolicySize",
            "SomethingNew"
        ]
    );
    assert_eq!(xml::read_string(child(result, "SourceIdentity")), "Alice");
    let user = child(result, "AssumedRoleUser");
    assert_eq!(
        child(user, "Arn").text(),
        "arn:aws:sts::123456789012:assumed-role/demo/TestAR"
    );
    let creds = child(result, "Credentials");
    assert_eq!(child(creds, "AccessKeyId").text(), "ASIAIOSFODNN7EXAMPLE");
    assert_eq!(
        child(creds, "SecretAccessKey").text(),
        "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"
    );
    assert_eq!(
        xml::read_timestamp(child(creds, "Expiration"), Format::DateTime),
        Ok(DateTime::from_secs(1_573_306_481))
    );
    assert_eq!(xml::read_i32(child(result, "PackedPolicySize")), Ok(6));
    let metadata = child(&root, "ResponseMetadata");
    assert_eq!(
        child(metadata, "RequestId").text(),
        "c6104cbe-af31-11e0-8154-cbc7ccf896c7"
    );
    assert!(result.child("Missing").is_none());

    let moved = root
        .into_child("AssumeRoleResult")
        .and_then(|r| r.into_child("Credentials"));
    assert_eq!(moved.map(|c| c.children().count()), Some(4));
}

#[test]
fn namespace_prefixes_are_stripped() {
    let root = doc(
        r#"<x:GetCallerIdentityResponse xmlns:x="https://sts.amazonaws.com/doc/2011-06-15/">
             <x:GetCallerIdentityResult>
               <x:Arn>arn:aws:iam::123456789012:user/Alice</x:Arn>
               <Account xmlns="https://example.com/">123456789012</Account>
             </x:GetCallerIdentityResult>
           </x:GetCallerIdentityResponse>"#,
    );
    assert_eq!(root.name(), "GetCallerIdentityResponse");
    let result = child(&root, "GetCallerIdentityResult");
    assert_eq!(
        child(result, "Arn").text(),
        "arn:aws:iam::123456789012:user/Alice"
    );
    assert_eq!(child(result, "Account").text(), "123456789012");
}

#[test]
fn attributes() {
    let root =
        doc(r#"<a xmlns="u" xmlns:p="v" p:id="1" plain='x &amp; y &#x41;' spaced="a&#10;b"/>"#);
    assert_eq!(root.attr("id"), Some("1"));
    assert_eq!(root.attr("plain"), Some("x & y A"));
    assert_eq!(root.attr("spaced"), Some("a\nb"));
    assert_eq!(root.attr("xmlns"), None);
    assert_eq!(root.attr("p"), None);
    assert_eq!(root.attr("missing"), None);
    assert!(parse_err(b"<a b=1/>").starts_with("malformed XML at byte "));
    assert!(parse_err(b"<a b=\"1\" b=\"2\"/>").starts_with("malformed XML at byte "));
}

#[test]
fn self_closing_and_empty_elements() {
    let root = doc("<a><b/><c></c><d>\n</d></a>");
    let texts: Vec<&str> = root.children().map(Element::text).collect();
    assert_eq!(texts, ["", "", "\n"]);
    assert_eq!(doc("<a/>").text(), "");
    assert_eq!(doc("<a/>").children().count(), 0);
}

#[test]
fn entities_and_character_references() {
    let root = doc("<a>&amp; &lt; &gt; &quot; &apos; &#38; &#x26; &#x1F600; x&amp;y</a>");
    assert_eq!(root.text(), "& < > \" ' & & 😀 x&y");
    assert_eq!(
        parse_err(b"<a>&nbsp;</a>"),
        "malformed XML at byte 9: unknown entity `&nbsp;`"
    );
    assert!(parse_err(b"<a>&#0;</a>").contains("bad character reference"));
    assert!(parse_err(b"<a>a & b</a>").starts_with("malformed XML at byte "));
}

#[test]
fn cdata_and_line_endings() {
    assert_eq!(
        doc("<a>x<![CDATA[<b>&amp;</b>]]>y</a>").text(),
        "x<b>&amp;</b>y"
    );
    assert_eq!(doc("<a>1\r\n2\r3</a>").text(), "1\n2\n3");
}

#[test]
fn whitespace_between_children_is_not_text() {
    let root = doc("<a>\n  <b> </b>\n  <c>x</c>\n</a>");
    assert_eq!(root.text(), "");
    assert_eq!(child(&root, "b").text(), " ");
    let mixed = doc("<a>one <b/> two</a>");
    assert_eq!(mixed.text(), "one  two");
}

#[test]
fn comments_declarations_and_processing_instructions_are_skipped() {
    let root = doc(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- lead -->\n\
         <a><!-- in -->t<?pi x?>u<b/></a>\n<!-- after -->\n",
    );
    assert_eq!(root.text(), "tu");
    assert_eq!(root.children().count(), 1);
}

#[test]
fn unknown_elements_are_plain_children() {
    let root = doc("<r><Known>1</Known><New><Deep><Er/></Deep></New><Known>2</Known></r>");
    let known: Vec<&str> = root.children_named("Known").map(Element::text).collect();
    assert_eq!(known, ["1", "2"]);
    let names: Vec<String> = root.into_children().map(|c| c.name().to_owned()).collect();
    assert_eq!(names, ["Known", "New", "Known"]);
}

#[test]
fn rejected_documents() {
    assert_eq!(parse_err(b""), "no root element in the XML document");
    assert_eq!(parse_err(b"  \n "), "no root element in the XML document");
    assert_eq!(
        parse_err(b"<!-- only a comment -->"),
        "no root element in the XML document"
    );
    assert_eq!(
        parse_err(b"<a>\xff</a>"),
        "response body is not UTF-8 (invalid byte at offset 3)"
    );
    assert_eq!(
        parse_err(b"<a><b>text"),
        "truncated XML: end of input inside <b>"
    );
    assert_eq!(
        parse_err(b"<a/><b/>"),
        "malformed XML at byte 8: a second element after the root element"
    );
    assert_eq!(
        parse_err(b"<a/>junk"),
        "malformed XML at byte 8: text outside the root element"
    );
    assert_eq!(
        parse_err(b"junk<a/>"),
        "malformed XML at byte 4: text outside the root element"
    );
    assert_eq!(
        parse_err(b"<!DOCTYPE a [<!ENTITY e \"x\">]><a>&e;</a>"),
        "malformed XML at byte 30: DOCTYPE is not allowed"
    );
    let html = parse_err(b"<html><body><p>Bad gateway<br></p></body></html>");
    assert!(html.starts_with("malformed XML at byte 30: "), "{html}");
    assert!(parse_err(b"<a></b>").starts_with("malformed XML at byte "));
    assert!(parse_err(b"<a").starts_with("malformed XML at byte "));
    assert_eq!(doc("<a/>\n  ").name(), "a");
}

#[test]
fn nesting_depth_is_limited() {
    let nested = |depth: usize| format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
    let ok = nested(MAX_DEPTH);
    let mut el = doc(&ok);
    let mut depth = 1;
    while let Some(inner) = el.into_child("a") {
        el = inner;
        depth += 1;
    }
    assert_eq!(depth, MAX_DEPTH);
    assert_eq!(
        parse_err(nested(MAX_DEPTH + 1).as_bytes()),
        format!(
            "malformed XML at byte {}: elements nested more than 256 deep",
            3 * (MAX_DEPTH + 1)
        )
    );
    // Far deeper input fails the same way instead of overflowing the stack.
    let hostile = "<a>".repeat(1_000_000);
    assert!(parse_err(hostile.as_bytes()).ends_with("elements nested more than 256 deep"));
}

#[test]
fn expect_name_and_custom_errors() {
    let root = doc("<Bar/>");
    assert_eq!(
        root.expect_name("Foo").map_err(|e| e.to_string()),
        Err("expected <Foo>, found <Bar>".to_owned())
    );
    let custom = XmlError::custom("missing required member `X` in <Y>");
    assert_eq!(custom.to_string(), "missing required member `X` in <Y>");
    let as_std: Box<dyn std::error::Error + Send + Sync> = Box::new(custom);
    assert!(as_std.source().is_none());
}

#[test]
fn debug_output_shows_the_tree() {
    let root = doc("<a k=\"v\"><b>x</b></a>");
    assert_eq!(
        format!("{root:?}"),
        "Element { name: \"a\", attributes: [(\"k\", \"v\")], children: [Element { name: \"b\", text: \"x\" }] }"
    );
}

fn scalar(name: &str, text: &str) -> String {
    format!("<{name}>{text}</{name}>")
}

#[test]
fn booleans() {
    assert_eq!(xml::read_bool(&doc("<B>true</B>")), Ok(true));
    assert_eq!(xml::read_bool(&doc("<B> false\n</B>")), Ok(false));
    for bad in ["TRUE", "1", ""] {
        let body = scalar("B", bad);
        assert_eq!(
            xml::read_bool(&doc(&body)).map_err(|e| e.to_string()),
            Err(format!(
                "<B>: invalid boolean `{bad}` (expected `true` or `false`)"
            ))
        );
    }
}

#[test]
fn integers() {
    assert_eq!(xml::read_i8(&doc("<N>-128</N>")), Ok(-128));
    assert_eq!(xml::read_i16(&doc("<N>32767</N>")), Ok(32767));
    assert_eq!(xml::read_i32(&doc("<N> 42 </N>")), Ok(42));
    assert_eq!(
        xml::read_i64(&doc("<N>-9223372036854775808</N>")),
        Ok(i64::MIN)
    );
    let err = |r: Result<i64, XmlError>| r.map_err(|e| e.to_string());
    assert_eq!(
        err(xml::read_i32(&doc("<DurationSeconds>abc</DurationSeconds>")).map(i64::from)),
        Err("<DurationSeconds>: invalid integer `abc`".to_owned())
    );
    assert_eq!(
        err(xml::read_i32(&doc("<N/>")).map(i64::from)),
        Err("<N>: invalid integer ``".to_owned())
    );
    assert_eq!(
        err(xml::read_i32(&doc("<N>1.5</N>")).map(i64::from)),
        Err("<N>: invalid integer `1.5`".to_owned())
    );
    assert_eq!(
        err(xml::read_i8(&doc("<N>128</N>")).map(i64::from)),
        Err("<N>: integer `128` is out of range for a byte".to_owned())
    );
    assert_eq!(
        err(xml::read_i16(&doc("<N>-40000</N>")).map(i64::from)),
        Err("<N>: integer `-40000` is out of range for a short".to_owned())
    );
    assert_eq!(
        err(xml::read_i32(&doc("<N>3000000000</N>")).map(i64::from)),
        Err("<N>: integer `3000000000` is out of range for an integer".to_owned())
    );
    assert_eq!(
        err(xml::read_i64(&doc("<N>9223372036854775808</N>"))),
        Err("<N>: integer `9223372036854775808` is out of range for a long".to_owned())
    );
    let long_text = "9".repeat(100);
    assert_eq!(
        err(xml::read_i64(&doc(&scalar("N", &long_text)))),
        Err(format!(
            "<N>: integer `{}...` is out of range for a long",
            "9".repeat(64)
        ))
    );
}

#[test]
fn floats() {
    assert_eq!(xml::read_f64(&doc("<F>10.8</F>")), Ok(10.8));
    assert_eq!(xml::read_f64(&doc("<F>-1e3</F>")), Ok(-1000.0));
    assert_eq!(xml::read_f32(&doc("<F>1.5</F>")), Ok(1.5));
    assert_eq!(xml::read_f32(&doc("<F>10.8</F>")), Ok(10.8f32));
    assert_eq!(xml::read_f64(&doc("<F>Infinity</F>")), Ok(f64::INFINITY));
    assert_eq!(
        xml::read_f32(&doc("<F>-Infinity</F>")),
        Ok(f32::NEG_INFINITY)
    );
    assert!(xml::read_f64(&doc("<F>NaN</F>")).is_ok_and(f64::is_nan));
    assert!(xml::read_f32(&doc("<F>NaN</F>")).is_ok_and(f32::is_nan));
    assert_eq!(xml::read_f32(&doc("<F>1e39</F>")), Ok(f32::INFINITY));
    for bad in ["inf", "nan", "1,5", "", "Infinity1"] {
        assert_eq!(
            xml::read_f64(&doc(&scalar("F", bad))).map_err(|e| e.to_string()),
            Err(format!("<F>: invalid number `{bad}`"))
        );
    }
}

#[test]
fn big_numbers() {
    assert_eq!(
        xml::read_number_text(&doc("<N>123456789012345678901234567890</N>")),
        Ok("123456789012345678901234567890".to_owned())
    );
    assert_eq!(
        xml::read_number_text(&doc("<N> -1.5E-10 </N>")),
        Ok("-1.5E-10".to_owned())
    );
    assert_eq!(
        xml::read_number_text(&doc("<N>12abc</N>")).map_err(|e| e.to_string()),
        Err("<N>: invalid number `12abc`".to_owned())
    );
}

#[test]
fn timestamps() {
    let expected = DateTime::from_secs(1_576_540_098);
    assert_eq!(
        xml::read_timestamp(&doc("<T>2019-12-16T22:48:18-01:00</T>"), Format::DateTime),
        Ok(expected)
    );
    assert_eq!(
        xml::read_timestamp(&doc("<T>2019-12-17T00:48:18+01:00</T>"), Format::DateTime),
        Ok(expected)
    );
    assert_eq!(
        xml::read_timestamp(&doc("<T>2000-01-02T20:34:56.123Z</T>"), Format::DateTime),
        Ok(DateTime::from_secs_and_nanos(946_845_296, 123_000_000))
    );
    assert_eq!(
        xml::read_timestamp(&doc("<T>1398796238</T>"), Format::EpochSeconds),
        Ok(DateTime::from_secs(1_398_796_238))
    );
    assert_eq!(
        xml::read_timestamp(&doc("<T>1398796238.123</T>"), Format::EpochSeconds),
        Ok(DateTime::from_secs_and_nanos(1_398_796_238, 123_000_000))
    );
    assert_eq!(
        xml::read_timestamp(
            &doc("<T>Tue, 29 Apr 2014 18:30:38 GMT</T>"),
            Format::HttpDate
        ),
        Ok(DateTime::from_secs(1_398_796_238))
    );
    assert_eq!(
        xml::read_timestamp(
            &doc("<T>Sun, 02 Jan 2000 20:34:56.456 GMT</T>"),
            Format::HttpDate
        ),
        Ok(DateTime::from_secs_and_nanos(946_845_296, 456_000_000))
    );
    assert_eq!(
        xml::read_timestamp(&doc("<Expiration>soon</Expiration>"), Format::DateTime)
            .map_err(|e| e.to_string()),
        Err(
            "<Expiration>: invalid date-time timestamp `soon`: expected a four-digit year"
                .to_owned()
        )
    );
}

#[test]
fn blobs_and_strings() {
    assert_eq!(
        xml::read_blob(&doc("<data>dmFsdWU=</data>")).map(|b| b.into_inner()),
        Ok(b"value".to_vec())
    );
    assert_eq!(
        xml::read_blob(&doc("<data></data>")).map(|b| b.into_inner()),
        Ok(Vec::new())
    );
    assert_eq!(
        xml::read_blob(&doc("<data/>")).map(|b| b.into_inner()),
        Ok(Vec::new())
    );
    assert_eq!(
        xml::read_blob(&doc("<data>dm*sdWU=</data>")).map_err(|e| e.to_string()),
        Err("<data>: invalid base64: unexpected character '*' at offset 2".to_owned())
    );
    assert_eq!(xml::read_string(&doc("<s/>")), "");
    assert_eq!(xml::read_string(&doc("<s> a &amp; b </s>")), " a & b ");
}
