//! The awsQuery form writer against exact bodies (aws-query.md §3).

use stsgen_runtime::datetime::{DateTime, Format};
use stsgen_runtime::query::QueryWriter;

/// Runs `build` on a writer for `Action=Op&Version=V` and returns the body after that prefix.
fn members(build: impl FnOnce(&mut QueryWriter<'_>)) -> String {
    let mut out = String::new();
    let mut writer = QueryWriter::new(&mut out, "Op", "V");
    build(&mut writer);
    out.strip_prefix("Action=Op&Version=V")
        .unwrap_or_else(|| panic!("body lost its Action/Version prefix: {out}"))
        .to_owned()
}

#[test]
fn assume_role_worked_example() {
    let mut out = String::new();
    let mut w = QueryWriter::new(&mut out, "AssumeRole", "2011-06-15");
    w.prefix("RoleArn")
        .string("arn:aws:iam::123456789012:role/demo");
    w.prefix("RoleSessionName").string("testAssumeRoleSession");
    w.prefix("Policy").string(r#"{"Version":"2012-10-17"}"#);
    let mut tags = w.prefix("Tags").start_list(false, None);
    for (key, value) in [("Project", "Unicorn"), ("Cost-Center", "12345")] {
        let mut tag = tags.entry();
        tag.prefix("Key").string(key);
        tag.prefix("Value").string(value);
    }
    tags.finish();
    let mut transitive = w.prefix("TransitiveTagKeys").start_list(false, None);
    transitive.entry().string("Project");
    transitive.entry().string("Cost-Center");
    transitive.finish();
    w.prefix("ExternalId").string("123ABC");
    w.prefix("DurationSeconds").integer(3600);
    let mut arns = w.prefix("PolicyArns").start_list(false, None);
    arns.entry()
        .prefix("arn")
        .string("arn:aws:iam::aws:policy/ReadOnlyAccess");
    arns.finish();
    assert_eq!(
        out,
        "Action=AssumeRole&Version=2011-06-15\
         &RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo\
         &RoleSessionName=testAssumeRoleSession\
         &Policy=%7B%22Version%22%3A%222012-10-17%22%7D\
         &Tags.member.1.Key=Project&Tags.member.1.Value=Unicorn\
         &Tags.member.2.Key=Cost-Center&Tags.member.2.Value=12345\
         &TransitiveTagKeys.member.1=Project&TransitiveTagKeys.member.2=Cost-Center\
         &ExternalId=123ABC&DurationSeconds=3600\
         &PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess"
    );
}

#[test]
fn no_members_and_empty_list_with_space() {
    let mut out = String::new();
    let _ = QueryWriter::new(&mut out, "GetCallerIdentity", "2011-06-15");
    assert_eq!(out, "Action=GetCallerIdentity&Version=2011-06-15");

    let body = members(|w| {
        w.prefix("RoleSessionName").string("x y");
        w.prefix("TransitiveTagKeys")
            .start_list(false, None)
            .finish();
    });
    assert_eq!(body, "&RoleSessionName=x%20y&TransitiveTagKeys=");
}

#[test]
fn writer_appends_to_existing_text() {
    let mut out = String::from("prefix:");
    let _ = QueryWriter::new(&mut out, "A", "B");
    assert_eq!(out, "prefix:Action=A&Version=B");
}

#[test]
fn action_and_version_are_escaped() {
    let mut out = String::new();
    let _ = QueryWriter::new(&mut out, "Some Action&x=y", "1.0/2~3");
    assert_eq!(out, "Action=Some%20Action%26x%3Dy&Version=1.0%2F2~3");
}

#[test]
fn nested_structures() {
    let body = members(|w| {
        let mut nested = w.prefix("Nested");
        nested.prefix("StringArg").string("foo");
        let mut recursive = nested.prefix("RecursiveArg");
        recursive.prefix("StringArg").string("baz");
        recursive.prefix("Other").prefix("Deep").integer(1);
    });
    assert_eq!(
        body,
        "&Nested.StringArg=foo&Nested.RecursiveArg.StringArg=baz&Nested.RecursiveArg.Other.Deep=1"
    );
}

#[test]
fn lists_of_lists_and_lists_in_structures() {
    let body = members(|w| {
        let mut outer = w.prefix("A").start_list(false, None);
        {
            let mut inner = outer.entry().start_list(false, None);
            inner.entry().string("x");
            inner.entry().string("y");
            inner.finish();
        }
        outer.entry().start_list(false, None).finish();
        outer.finish();
        let mut nested = w.prefix("S");
        let mut list = nested.prefix("L").start_list(false, None);
        list.entry().boolean(true);
        list.finish();
        nested.prefix("Empty").start_list(false, None).finish();
    });
    assert_eq!(
        body,
        "&A.member.1.member.1=x&A.member.1.member.2=y&A.member.2=&S.L.member.1=true&S.Empty="
    );
}

#[test]
fn flattened_and_renamed_lists() {
    let body = members(|w| {
        let mut flat = w.prefix("Hi").start_list(true, Some("item"));
        flat.entry().string("A");
        flat.entry().string("B");
        flat.finish();
        let mut renamed = w
            .prefix("ListArgWithXmlNameMember")
            .start_list(false, Some("item"));
        renamed.entry().string("A");
        renamed.finish();
        let mut flat_structs = w.prefix("Flat").start_list(true, None);
        flat_structs.entry().prefix("Key").string("k");
        flat_structs.finish();
        w.prefix("EmptyFlat").start_list(true, None).finish();
        w.prefix("EmptyRenamed")
            .start_list(false, Some("item"))
            .finish();
    });
    assert_eq!(
        body,
        "&Hi.1=A&Hi.2=B&ListArgWithXmlNameMember.item.1=A&Flat.1.Key=k&EmptyFlat=&EmptyRenamed="
    );
}

#[test]
fn maps() {
    let body = members(|w| {
        let mut plain = w.prefix("MapArg").start_map(false, "key", "value");
        plain.entry("bar").string("Bar");
        plain.entry("foo").string("Foo");
        plain.finish();
        let mut flat = w.prefix("Hi").start_map(true, "K", "V");
        flat.entry("a").string("A");
        flat.finish();
        let mut renamed = w.prefix("MapWithXmlMemberName").start_map(false, "K", "V");
        renamed.entry("b").integer(2);
        renamed.finish();
        let mut of_structs = w.prefix("ComplexMapArg").start_map(false, "key", "value");
        of_structs.entry("x").prefix("hi").string("Bar");
        of_structs.finish();
        w.prefix("EmptyMap")
            .start_map(false, "key", "value")
            .finish();
        w.prefix("EmptyFlatMap")
            .start_map(true, "key", "value")
            .finish();
    });
    assert_eq!(
        body,
        "&MapArg.entry.1.key=bar&MapArg.entry.1.value=Bar\
         &MapArg.entry.2.key=foo&MapArg.entry.2.value=Foo\
         &Hi.1.K=a&Hi.1.V=A\
         &MapWithXmlMemberName.entry.1.K=b&MapWithXmlMemberName.entry.1.V=2\
         &ComplexMapArg.entry.1.key=x&ComplexMapArg.entry.1.value.hi=Bar"
    );
}

#[test]
fn maps_of_lists_and_escaped_keys() {
    let body = members(|w| {
        let mut map = w.prefix("MapOfLists").start_map(false, "key", "value");
        {
            let mut list = map.entry("foo").start_list(false, None);
            list.entry().string("A");
            list.entry().string("B");
            list.finish();
        }
        map.entry("a b=&").start_list(false, None).finish();
        map.finish();
    });
    assert_eq!(
        body,
        "&MapOfLists.entry.1.key=foo&MapOfLists.entry.1.value.member.1=A\
         &MapOfLists.entry.1.value.member.2=B\
         &MapOfLists.entry.2.key=a%20b%3D%26&MapOfLists.entry.2.value="
    );
}

#[test]
fn scalars() {
    let t = DateTime::from_secs(1_422_172_800);
    let body = members(|w| {
        w.prefix("Str").string("");
        w.prefix("T").boolean(true);
        w.prefix("F").boolean(false);
        w.prefix("Int").integer(-5);
        w.prefix("Long").integer(i64::MAX);
        w.prefix("Float").float(10.8);
        w.prefix("Whole").float(2.0);
        w.prefix("Single").float32(10.8);
        w.prefix("Nan").float(f64::NAN);
        w.prefix("Inf").float(f64::INFINITY);
        w.prefix("NegInf").float(f64::NEG_INFINITY);
        w.prefix("Big").number_text("1E+3");
        w.prefix("Blob").blob(b"value");
        w.prefix("EmptyBlob").blob(b"");
        w.prefix("Ts").date_time(&t, Format::DateTime);
        w.prefix("Epoch").date_time(&t, Format::EpochSeconds);
        w.prefix("Http").date_time(&t, Format::HttpDate);
        w.prefix("Frac").date_time(
            &DateTime::from_secs_and_nanos(0, 500_000_000),
            Format::EpochSeconds,
        );
    });
    assert_eq!(
        body,
        "&Str=&T=true&F=false&Int=-5&Long=9223372036854775807\
         &Float=10.8&Whole=2&Single=10.8&Nan=NaN&Inf=Infinity&NegInf=-Infinity&Big=1E%2B3\
         &Blob=dmFsdWU%3D&EmptyBlob=\
         &Ts=2015-01-25T08%3A00%3A00Z&Epoch=1422172800\
         &Http=Sun%2C%2025%20Jan%202015%2008%3A00%3A00%20GMT&Frac=0.5"
    );
}

#[test]
fn unicode_and_reserved_characters() {
    let body = members(|w| {
        w.prefix("Name").string("é日本😀");
        w.prefix("Clé").string("a+b/c?d#e[f]g@h!i$j'k(l)m*n,o;p");
        w.prefix("Ok").string("AZaz09-_.~");
        w.prefix("Ctl").string("\n\t\0%");
    });
    assert_eq!(
        body,
        "&Name=%C3%A9%E6%97%A5%E6%9C%AC%F0%9F%98%80\
         &Cl%C3%A9=a%2Bb%2Fc%3Fd%23e%5Bf%5Dg%40h%21i%24j%27k%28l%29m%2An%2Co%3Bp\
         &Ok=AZaz09-_.~&Ctl=%0A%09%00%25"
    );
}
