//! Tests of the HTML → rustdoc Markdown converter: golden tests per rule, properties over every
//! documentation string of the STS model, and a rustdoc run over all of them.

use std::path::{Path, PathBuf};
use std::process::Command;

use stsgen_codegen::docs::{doc_attrs, escape_markdown, html_to_markdown};

/// Converts and joins with newlines, for compact golden comparisons.
fn md(html: &str) -> String {
    html_to_markdown(html).join("\n")
}

// ---------------------------------------------------------------------------------------------
// Golden tests, one rule at a time

#[test]
fn whitespace_folds_and_indentation_never_survives() {
    assert_eq!(
        md("<p>Hello\n            pretty   printed\tworld. </p>"),
        "Hello pretty printed world."
    );
    assert_eq!(
        md("<p>one</p>\n         <p>\n            two\n         </p>"),
        "one\n\ntwo"
    );
    assert_eq!(md("<p>   </p><p></p>"), "");
    assert_eq!(md(""), "");
}

#[test]
fn paragraphs_are_separated_by_one_empty_line() {
    assert_eq!(md("<p>a</p><p>b</p>\n\n\n<p>c</p>"), "a\n\nb\n\nc");
    // Loose text around block elements forms paragraphs of its own.
    assert_eq!(md("intro<p>para</p>outro"), "intro\n\npara\n\noutro");
}

#[test]
fn bold_paragraph_becomes_pseudo_heading() {
    assert_eq!(
        md("<p>\n            <b>Permissions</b>\n         </p>\n         <p>Text.</p>"),
        "**Permissions**\n\nText."
    );
}

#[test]
fn unordered_list_items_are_tight() {
    let html =
        "<p>Intro:</p>\n<ul>\n  <li>\n    <p>The <code>Issuer</code> value.</p>\n  </li>\n  \
                <li>\n    <p>The account ID.</p>\n  </li>\n</ul>\n<p>After.</p>";
    assert_eq!(
        md(html),
        "Intro:\n\n- The `Issuer` value.\n- The account ID.\n\nAfter."
    );
}

#[test]
fn list_item_with_several_paragraphs_indents_continuations() {
    assert_eq!(
        md("<ul><li><p>first</p><p>second</p></li><li><p>third</p></li></ul>"),
        "- first\n\n  second\n- third"
    );
    assert_eq!(md("<ol><li><p>a</p><p>b</p></li></ol>"), "1. a\n\n   b");
}

#[test]
fn ordered_lists_number_items_and_honour_start() {
    assert_eq!(md("<ol><li>x</li><li>y</li></ol>"), "1. x\n2. y");
    assert_eq!(
        md("<ol start=\"9\"><li>x</li><li>y</li></ol>"),
        "9. x\n10. y"
    );
}

#[test]
fn nested_lists_are_indented_by_the_parent_marker_width() {
    assert_eq!(
        md("<ul><li><p>a</p><ul><li><p>b</p></li><li>c</li></ul></li><li>d</li></ul>"),
        "- a\n\n  - b\n  - c\n- d"
    );
    assert_eq!(
        md("<ol><li>a<ul><li>b</li></ul></li></ol>"),
        "1. a\n\n   - b"
    );
}

#[test]
fn adjacent_lists_do_not_merge() {
    assert_eq!(
        md("<ul><li>a</li></ul><ul><li>b</li></ul><ul><li>c</li></ul>"),
        "- a\n\n+ b\n\n- c"
    );
    assert_eq!(md("<ol><li>a</li></ol><ol><li>b</li></ol>"), "1. a\n\n1) b");
}

#[test]
fn empty_list_items_are_dropped() {
    assert_eq!(md("<ul><li> </li><li>x</li><li><p></p></li></ul>"), "- x");
    assert_eq!(md("<ul>\n  <li></li>\n</ul>"), "");
}

#[test]
fn note_and_important_become_labelled_block_quotes() {
    assert_eq!(
        md("<note>\n  <p>First.</p>\n  <p>Second.</p>\n</note>"),
        "> **Note:** First.\n>\n> Second."
    );
    assert_eq!(
        md("<important><p>Careful.</p></important>"),
        "> **Important:** Careful."
    );
    // A note whose first block is not a paragraph gets the label on a line of its own.
    assert_eq!(
        md("<note><ul><li>x</li></ul></note>"),
        "> **Note:**\n>\n> - x"
    );
    assert_eq!(md("<note>\n  <p> </p>\n</note>"), "");
}

#[test]
fn wrapped_quote_lines_keep_the_prefix() {
    let words = vec!["word"; 40].join(" ");
    let lines = html_to_markdown(&format!("<note><p>{words}</p></note>"));
    assert_eq!(lines.len(), 3);
    assert!(lines.iter().all(|l| l.starts_with("> ")), "{lines:?}");
    assert!(lines.iter().all(|l| l.chars().count() <= 100), "{lines:?}");
    assert_eq!(
        lines[0],
        format!("> **Note:** {}", vec!["word"; 17].join(" "))
    );
}

#[test]
fn fullname_is_dropped() {
    let html = "<fullname>Security Token Service</fullname>\n<p>Security Token Service (STS) enables \
                you. See <a href=\"https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp.html\">\
                Temporary Security\n            Credentials</a>.</p>";
    assert_eq!(
        html_to_markdown(html),
        vec![
            "Security Token Service (STS) enables you. See [Temporary Security",
            "Credentials](https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp.html).",
        ]
    );
}

#[test]
fn bold_and_italic_use_asterisks() {
    assert_eq!(
        md("<p><b>b</b> <strong>s</strong> <i>i</i> <em>e</em></p>"),
        "**b** **s** *i* *e*"
    );
    assert_eq!(md("<p>in<i>tra</i>word</p>"), "in*tra*word");
    assert_eq!(md("<p><b><i>both</i></b></p>"), "***both***");
}

#[test]
fn emphasis_hygiene_moves_spaces_out_and_skips_empty_emphasis() {
    assert_eq!(md("<p>a<b> x </b>b</p>"), "a **x** b");
    assert_eq!(md("<p>a <i>\n   x\n</i> b</p>"), "a *x* b");
    assert_eq!(md("<p>a<b> </b>b</p>"), "a b");
    assert_eq!(md("<p>a<b></b>b</p>"), "ab");
    // Same-kind emphasis does not nest (`**a **b****` would not parse as intended).
    assert_eq!(md("<p><b>a <b>b</b></b></p>"), "**a b**");
    // No emphasis inside code.
    assert_eq!(md("<p><code>a <b>b</b></code></p>"), "`a b`");
}

#[test]
fn code_spans_pick_a_safe_delimiter() {
    assert_eq!(md("<p><code>AssumeRole*</code></p>"), "`AssumeRole*`");
    assert_eq!(
        md("<p><code>[{\"a\":1}] &lt;x&gt; _y_ \\z</code></p>"),
        "`[{\"a\":1}] <x> _y_ \\z`"
    );
    assert_eq!(md("<p><code>a`b</code></p>"), "``a`b``");
    assert_eq!(md("<p><code>a``b`c</code></p>"), "```a``b`c```");
    assert_eq!(md("<p><code>`x</code></p>"), "`` `x ``");
    assert_eq!(md("<p><code>x`</code></p>"), "`` x` ``");
    assert_eq!(md("<p><code>  a \n   b  </code>!</p>"), "`a b` !");
    assert_eq!(md("<p>x<code></code>y</p>"), "xy");
}

#[test]
fn adjacent_code_spans_merge_instead_of_running_together() {
    assert_eq!(md("<p><code>a</code><code>b</code></p>"), "`ab`");
    assert_eq!(md("<p><code>a</code> <code>b</code></p>"), "`a` `b`");
}

#[test]
fn links_with_href_become_markdown_links() {
    assert_eq!(
        md("<p>see <a href=\"https://example.com/a#b\">the\n   docs</a>.</p>"),
        "see [the docs](https://example.com/a#b)."
    );
    assert_eq!(
        md("<p><a href=\"https://x.io/r\"><code>sts:RoleSessionName</code></a></p>"),
        "[`sts:RoleSessionName`](https://x.io/r)"
    );
    assert_eq!(
        md("<p><a href=\"http://aws.amazon.com/sdkforios/\">SDK</a></p>"),
        "[SDK](http://aws.amazon.com/sdkforios/)"
    );
    assert_eq!(
        md("<p>a<a href=\"https://x.io\"> spaced </a>b</p>"),
        "a [spaced](https://x.io) b"
    );
}

#[test]
fn link_text_equal_to_url_or_empty_becomes_autolink() {
    assert_eq!(
        md("<p><a href=\"https://x.io/a\">https://x.io/a</a></p>"),
        "<https://x.io/a>"
    );
    assert_eq!(
        md("<p>at <a href=\"https://x.io/a\"></a></p>"),
        "at <https://x.io/a>"
    );
}

#[test]
fn link_destinations_are_encoded() {
    assert_eq!(
        md("<p><a href=\"https://x.io/a b(c)&lt;d&gt;\\e\">t</a></p>"),
        "[t](https://x.io/a%20b%28c%29%3Cd%3E%5Ce)"
    );
    assert_eq!(
        md("<p><a href=\"https://x.io/?a=1&amp;copy;=2\">t</a></p>"),
        "[t](https://x.io/?a=1&amp;copy;=2)"
    );
}

#[test]
fn links_without_href_become_code_spans() {
    assert_eq!(
        md("<p>Contains the response to a successful <a>GetCallerIdentity</a> request.</p>"),
        "Contains the response to a successful `GetCallerIdentity` request."
    );
    assert_eq!(md("<p><a> </a>x</p>"), "x");
}

#[test]
fn relative_links_keep_only_their_label() {
    assert_eq!(
        md("<p><a href=\"AssumeRole.html\">Assume</a> it</p>"),
        "Assume it"
    );
    assert_eq!(md("<p><a href=\"#frag\">here</a></p>"), "here");
}

#[test]
fn nested_links_are_flattened() {
    assert_eq!(
        md("<p><a href=\"https://a.io\">x <a href=\"https://b.io\">y</a></a></p>"),
        "[x y](https://a.io)"
    );
}

#[test]
fn bang_before_link_is_escaped_so_it_is_no_image() {
    assert_eq!(
        md("<p>Hey!<a href=\"https://x.io\">t</a></p>"),
        "Hey\\![t](https://x.io)"
    );
}

#[test]
fn br_becomes_a_backslash_hard_break() {
    assert_eq!(md("<p>a<br>b<br/>c</p>"), "a\\\nb\\\nc");
    // Breaks at the edges, or repeated, add nothing.
    assert_eq!(md("<p><br>a<br><br>b<br></p>"), "a\\\nb");
    // A line after a break that would start a list is escaped.
    assert_eq!(md("<p>a<br>- b</p>"), "a\\\n\\- b");
}

#[test]
fn pre_becomes_a_text_fence() {
    assert_eq!(
        md("<pre>\n    fn x() {}\n      y  \n</pre>"),
        "```text\nfn x() {}\n  y\n```"
    );
    assert_eq!(
        md("<pre><code>a ```b``` &lt;c&gt;</code></pre>"),
        "````text\na ```b``` <c>\n````"
    );
    assert_eq!(
        md("<ul><li><pre>x\n\ny</pre></li></ul>"),
        "- ```text\n  x\n\n  y\n  ```"
    );
    assert_eq!(md("<pre>\n  \n</pre>"), "");
}

#[test]
fn text_escapes_markdown_punctuation() {
    assert_eq!(
        md("<p>a\\b `c` *d* _e_ [f] &lt;g&gt; #h |i| ~j~ &amp;k; {l}</p>"),
        "a\\\\b \\`c\\` \\*d\\* \\_e\\_ \\[f\\] \\<g\\> \\#h \\|i\\| \\~j\\~ &amp;k; {l}"
    );
    // AssumeRoleRequest.ExternalId: the backslash must survive rendering.
    assert_eq!(
        md("<p>any of the following characters: +=,.@:\\/-</p>"),
        "any of the following characters: +=,.@:\\\\/-"
    );
    assert_eq!(
        md("<p>\\u0020 through \\u00FF</p>"),
        "\\\\u0020 through \\\\u00FF"
    );
}

#[test]
fn line_starts_that_would_open_blocks_are_escaped() {
    assert_eq!(md("<p>- not a list</p>"), "\\- not a list");
    assert_eq!(md("<p>+ nor this</p>"), "\\+ nor this");
    assert_eq!(md("<p>1. no</p>"), "1\\. no");
    assert_eq!(md("<p>2) no</p>"), "2\\) no");
    assert_eq!(md("<p>---</p>"), "\\---");
    assert_eq!(md("<p>==</p>"), "\\==");
    assert_eq!(md("<ul><li>- x</li></ul>"), "- \\- x");
    assert_eq!(md("<p>-x 1.5 a - b</p>"), "-x 1.5 a - b");
}

#[test]
fn wrapping_never_starts_a_continuation_line_with_a_block_marker() {
    // Each `abc` takes 4 columns: after 25 of them (99 columns) a naive wrap would start the
    // next line with `- x`, and later with `1. y`; the break moves one word earlier instead.
    let mut words: Vec<&str> = vec!["abc"; 25];
    words.extend(["-", "x"]);
    words.extend(vec!["abc"; 23]);
    words.extend(["1.", "y"]);
    let text = words.join(" ");
    let lines = html_to_markdown(&format!("<p>{text}</p>"));
    assert_eq!(
        lines,
        vec![
            vec!["abc"; 24].join(" "),
            format!("abc - x {}", vec!["abc"; 22].join(" ")),
            "abc 1. y".to_owned(),
        ]
    );
    assert_eq!(lines.join(" "), text);
}

#[test]
fn wrapping_breaks_only_at_spaces_and_keeps_code_spans_whole() {
    let code = "a b c d e f g h i j";
    let html = format!(
        "<p>{} <code>{code}</code> tail</p>",
        vec!["word"; 18].join(" ")
    );
    assert_eq!(
        html_to_markdown(&html),
        vec![vec!["word"; 18].join(" "), format!("`{code}` tail"),]
    );
    let long = "x".repeat(150);
    assert_eq!(
        html_to_markdown(&format!("<p>a {long} b</p>")),
        vec!["a".to_owned(), long.clone(), "b".to_owned()]
    );
    // Widths count characters, not bytes.
    let curly = vec!["’’’’"; 20].join(" ");
    assert_eq!(html_to_markdown(&format!("<p>{curly}</p>")), vec![curly]);
}

#[test]
fn bare_urls_in_text_become_autolinks() {
    assert_eq!(
        md("<p>Go to https://example.com/a_b.</p>"),
        "Go to <https://example.com/a_b>."
    );
    assert_eq!(
        md("<p>(see http://x.io/p(1)), or <https://y.io>!</p>"),
        "(see <http://x.io/p(1)>), or <https://y.io>!"
    );
    assert_eq!(
        md("<p>q https://x.io/?a=1&amp;b=2 end</p>"),
        "q [https://x.io/?a=1&amp;b=2](https://x.io/?a=1&amp;b=2) end"
    );
    assert_eq!(md("<p>https:// alone</p>"), "https:// alone");
    // Inside code a URL is just code.
    assert_eq!(
        md("<p><code>BASE64 ( \"https://example.com/saml\" )</code></p>"),
        "`BASE64 ( \"https://example.com/saml\" )`"
    );
}

#[test]
fn entities_are_decoded() {
    assert_eq!(
        md("<p>&lt;b&gt; &amp; &quot;q&quot; &apos;s&apos; &#65;&#x42;&#X43; &bogus; &#xZZ; &#0;</p>"),
        "\\<b\\> &amp; \"q\" 's' ABC &amp;bogus; &amp;\\#xZZ; \u{fffd}"
    );
    assert_eq!(md("<p>a&nbsp;b</p>"), "a b");
}

#[test]
fn lenient_parsing_never_panics_and_keeps_text() {
    assert_eq!(md("<p>a</p></p></li></ul>b"), "a\n\nb");
    assert_eq!(md("<p><b>unclosed <i>tags"), "**unclosed *tags***");
    assert_eq!(md("<p>a<p>b"), "a\n\nb");
    assert_eq!(md("<ul><li>a<li>b</ul>"), "- a\n- b");
    assert_eq!(md("<li>stray</li><li>items</li>"), "- stray\n- items");
    assert_eq!(md("<p>x < y > z</p>"), "x \\< y \\> z");
    assert_eq!(md("<p>a <!-- comment --> b</p>"), "a b");
    assert_eq!(md("<p>Vec<String> stays</p>"), "Vec\\<String\\> stays");
    for input in [
        "<",
        "<a",
        "</",
        "</p",
        "<p",
        "<a href='x",
        "<a href=\"x>y",
        "&",
        "&#",
        "&#x;",
        "<!--",
        "<!",
        "<?",
        ">>",
        "<<p>>",
        "</ >",
        "<p/><p/>",
        "<a href=>x</a>",
        "<p =x>y</p>",
    ] {
        let lines = html_to_markdown(input);
        for line in &lines {
            assert_eq!(line.trim_end(), line, "input {input:?}");
        }
    }
    assert_eq!(md("<a href='x"), "\\<a href='x");
    // Many stray `<` stay text (and stay fast).
    let many = "<a ".repeat(20_000);
    assert_eq!(md(&many).matches("\\<a").count(), 20_000);
}

#[test]
fn unknown_tags_render_their_children() {
    assert_eq!(
        md("<p><span class=\"x\">in</span> <foo>side</foo></p>"),
        "in side"
    );
    assert_eq!(md("<div><custom><p>a</p><p>b</p></custom></div>"), "a\n\nb");
    assert_eq!(md("<h2>Title</h2><p>x</p>"), "**Title**\n\nx");
}

#[test]
fn deep_nesting_does_not_overflow_the_stack() {
    let html = "<b><i>".repeat(20_000) + "x";
    assert_eq!(md(&html), "***x***");
    let html = "<ul><li>".repeat(5_000) + "x";
    let lines = html_to_markdown(&html);
    assert!(lines.iter().any(|l| l.ends_with('x')), "{lines:?}");
}

#[test]
fn plain_text_is_escaped_and_keeps_paragraphs() {
    assert_eq!(
        md(
            "Use Vec<String> for *lists* & more.\n    Indented continuation.\n\n\
            Second paragraph, see https://x.io."
        ),
        "Use Vec\\<String\\> for \\*lists\\* &amp; more. Indented continuation.\n\n\
         Second paragraph, see <https://x.io>."
    );
    assert_eq!(md("    fn main() {}"), "fn main() {}");
    assert_eq!(md("- item"), "\\- item");
    // Entities are only decoded in HTML.
    assert_eq!(md("AT&amp;T"), "AT&amp;amp;T");
}

#[test]
fn escape_markdown_escapes_like_text_nodes() {
    assert_eq!(
        escape_markdown("The `Foo_Bar` field [x] <y> a&b"),
        "The \\`Foo\\_Bar\\` field \\[x\\] \\<y\\> a&amp;b"
    );
    assert_eq!(escape_markdown("see https://x.io."), "see <https://x.io>.");
    assert_eq!(escape_markdown("a  b\nc"), "a  b\nc");
    assert_eq!(escape_markdown(""), "");
}

#[test]
fn doc_attrs_emits_one_attribute_per_line() {
    let lines = vec![
        "First \"line\" \\".to_owned(),
        String::new(),
        "Third.".to_owned(),
    ];
    assert_eq!(
        doc_attrs(&lines).to_string(),
        r#"# [doc = " First \"line\" \\"] # [doc = ""] # [doc = " Third."]"#
    );
    assert_eq!(doc_attrs(&[]).to_string(), "");
}

#[test]
fn spec_example_name_qualifier() {
    let html = "<p>A hash value based on the concatenation of the following:</p>
         <ul>
            <li>
               <p>The <code>Issuer</code> response value.</p>
            </li>
            <li>
               <p>The Amazon Web Services account ID.</p>
            </li>
         </ul>
         <p>The following pseudocode shows how the hash value is calculated:</p>
         <p>
            <code>BASE64 ( SHA1 ( \"https://example.com/saml\" + \"123456789012\" + \"/MySAMLIdP\" ) )</code>
         </p>";
    assert_eq!(
        html_to_markdown(html),
        vec![
            "A hash value based on the concatenation of the following:",
            "",
            "- The `Issuer` response value.",
            "- The Amazon Web Services account ID.",
            "",
            "The following pseudocode shows how the hash value is calculated:",
            "",
            "`BASE64 ( SHA1 ( \"https://example.com/saml\" + \"123456789012\" + \"/MySAMLIdP\" ) )`",
        ]
    );
}

#[test]
fn spec_examples_from_the_model() {
    let docs = sts_docs();
    let doc = |name: &str| {
        docs.iter()
            .find(|(n, _)| n == name)
            .map(|(_, d)| html_to_markdown(d))
            .unwrap_or_else(|| panic!("{name} has no documentation in the model"))
    };
    let external_id = doc("com.amazonaws.sts#AssumeRoleRequest$ExternalId");
    assert_eq!(
        external_id.last().map(String::as_str),
        Some("following characters: +=,.@:\\\\/-")
    );
    let policy = doc("com.amazonaws.sts#AssumeRoleRequest$Policy");
    let note_start = policy
        .iter()
        .position(|l| l.starts_with("> **Note:**"))
        .unwrap_or_else(|| panic!("no note in {policy:?}"));
    assert_eq!(
        &policy[note_start..note_start + 2],
        [
            "> **Note:** An Amazon Web Services conversion compresses the passed inline session policy, managed",
            "> policy ARNs, and session tags into a packed binary format that has a separate limit. Your request",
        ]
    );
    assert_eq!(
        doc("com.amazonaws.sts#GetCallerIdentityResponse"),
        vec![
            "Contains the response to a successful `GetCallerIdentity` request, including information about the",
            "entity making the request.",
        ]
    );
    assert_eq!(
        doc("com.amazonaws.sts#AWSSecurityTokenServiceV20110615"),
        vec![
            "Security Token Service (STS) enables you to request temporary, limited-privilege credentials for",
            "users. This guide provides descriptions of the STS API. For more information about using this",
            "service, see [Temporary Security",
            "Credentials](https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp.html).",
        ]
    );
    let name_qualifier = doc("com.amazonaws.sts#AssumeRoleWithSAMLResponse$NameQualifier");
    assert_eq!(
        name_qualifier.last().map(String::as_str),
        Some("`BASE64 ( SHA1 ( \"https://example.com/saml\" + \"123456789012\" + \"/MySAMLIdP\" ) )`")
    );
}

// ---------------------------------------------------------------------------------------------
// Properties over every STS documentation string

fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// Every `smithy.api#documentation` string of the STS model, named `shape` or `shape$member`.
fn sts_docs() -> Vec<(String, String)> {
    let path = workspace_root().join("../shared/models/sts.json");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read the STS model at {}: {e}", path.display()));
    let model: serde_json::Value = serde_json::from_str(&text)
        .unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()));
    let shapes = model["shapes"]
        .as_object()
        .unwrap_or_else(|| panic!("{} has no `shapes` object", path.display()));
    let doc_of = |traits: &serde_json::Value| {
        traits["smithy.api#documentation"]
            .as_str()
            .map(str::to_owned)
    };
    let mut docs = Vec::new();
    for (name, shape) in shapes {
        if let Some(doc) = doc_of(&shape["traits"]) {
            docs.push((name.clone(), doc));
        }
        if let Some(members) = shape["members"].as_object() {
            for (member, value) in members {
                if let Some(doc) = doc_of(&value["traits"]) {
                    docs.push((format!("{name}${member}"), doc));
                }
            }
        }
    }
    docs
}

#[test]
fn model_has_128_documentation_strings() {
    assert_eq!(sts_docs().len(), 128);
}

/// Whether every backtick run outside code spans in `line` opens a span that closes on the
/// same line (escaped backticks excepted). Code spans never span lines in our output.
fn backticks_balanced(line: &str) -> bool {
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        match chars[i] {
            '\\' => i += 2,
            '`' => {
                let run = chars[i..].iter().take_while(|&&c| c == '`').count();
                let mut j = i + run;
                let mut closed = false;
                while j < chars.len() {
                    if chars[j] == '`' {
                        let other = chars[j..].iter().take_while(|&&c| c == '`').count();
                        if other == run {
                            closed = true;
                            j += other;
                            break;
                        }
                        j += other;
                    } else {
                        j += 1;
                    }
                }
                if !closed {
                    return false;
                }
                i = j;
            }
            _ => i += 1,
        }
    }
    true
}

/// The line's words, with code spans counted as part of the word they touch.
fn tokens_outside_code(line: &str) -> usize {
    let mut tokens = 0;
    let mut in_token = false;
    let mut code_fence: Option<usize> = None;
    let chars: Vec<char> = line.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '`' {
            let run = chars[i..].iter().take_while(|&&c| c == '`').count();
            code_fence = match code_fence {
                None => Some(run),
                Some(open) if open == run => None,
                other => other,
            };
            if !in_token {
                tokens += 1;
                in_token = true;
            }
            i += run;
            continue;
        }
        if c == ' ' && code_fence.is_none() {
            in_token = false;
        } else if !in_token {
            tokens += 1;
            in_token = true;
        }
        i += 1;
    }
    tokens
}

#[test]
fn sts_docs_convert_to_clean_markdown() {
    let docs = sts_docs();
    assert_eq!(docs.len(), 128);
    for (name, html) in &docs {
        let lines = html_to_markdown(html);
        assert!(!lines.is_empty(), "{name}: no output");
        assert!(
            !lines[0].is_empty() && !lines[lines.len() - 1].is_empty(),
            "{name}: leading/trailing empty line"
        );
        for (i, line) in lines.iter().enumerate() {
            let at = format!("{name} line {}: {line:?}", i + 1);
            for bad in ["<p", "<note", "</"] {
                assert!(!line.contains(bad), "{at} contains {bad}");
            }
            assert!(!line.starts_with("    "), "{at} starts with 4+ spaces");
            assert_eq!(line.trim_end(), line, "{at} has trailing whitespace");
            assert!(
                !(line.is_empty() && i > 0 && lines[i - 1].is_empty()),
                "{at}: two empty lines in a row"
            );
            assert!(backticks_balanced(line), "{at}: unbalanced backticks");
            if line.chars().count() > 100 {
                let body = line
                    .trim_start_matches("> ")
                    .trim_start_matches("- ")
                    .trim_start();
                assert_eq!(
                    tokens_outside_code(body),
                    1,
                    "{at}: longer than 100 columns but breakable"
                );
            }
        }
    }
}

#[test]
fn test_helpers_detect_what_they_check() {
    assert!(backticks_balanced("a `b` ``c`d`` \\` e"));
    assert!(!backticks_balanced("a `b"));
    assert!(!backticks_balanced("a ``b`"));
    assert_eq!(tokens_outside_code("`a b c`"), 1);
    assert_eq!(tokens_outside_code("x`a b`y [l](u)"), 2);
}

// ---------------------------------------------------------------------------------------------
// rustdoc over all converted docs

/// Extra inputs exercising escaping and link rules rustdoc lints about.
const TRICKY_DOCS: &[&str] = &[
    "<p>Vec<String> and [Foo] and `tick` and *star* _under_ a\\b &amp;amp; |pipe| ~t~ #h</p>",
    "<p>see https://example.com/x_y. or (http://x.io/p(1))</p>",
    "<p>q https://x.io/?a=1&amp;copy;=2 <a href=\"https://x.io/?a=1&amp;b=2\">t</a></p>",
    "<p><code>[x]</code> <code>a``b`c</code> <code>`x</code> <a>AssumeRole</a></p>",
    "<p>- a</p><p>1. b</p><p>---</p><p>==</p><p>+ c</p>",
    "<p>a<br>- b<br>1. c</p>",
    "<pre>\n    fn main() { panic!() }\n</pre>",
    "<ul><li><pre>fn x() {}</pre></li></ul>",
    "<note><ul><li>x</li></ul></note><important><p>y</p></important>",
    "<ul><li>a</li></ul><ul><li>b</li></ul><ol><li>c</li></ol><ol><li>d</li></ol>",
    "Plain text:\n    fn indented() {}\n\nwith Vec<u8> https://x.io/a.",
    "<p>Hey!<a href=\"https://x.io\">t</a> <a href=\"https://x.io/a b\">https://x.io/a b</a></p>",
];

/// Writes a crate with one documented item per doc string and runs `rustdoc` on it with
/// warnings denied, then `rustdoc --test`, which must find no doctests.
#[test]
fn rustdoc_accepts_all_converted_docs_without_warnings_or_doctests() {
    let mut source = String::from(
        "//! Rustdoc check of converted STS documentation.\n#![deny(missing_docs)]\n\n",
    );
    let docs = sts_docs();
    let inputs = docs
        .iter()
        .map(|(_, d)| d.as_str())
        .chain(TRICKY_DOCS.iter().copied());
    for (i, html) in inputs.enumerate() {
        let lines = html_to_markdown(html);
        assert!(!lines.is_empty(), "doc {i} converted to nothing");
        source.push_str(&doc_attrs(&lines).to_string());
        source.push_str(&format!("\npub struct Doc{i};\n\n"));
    }
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("docs-check");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir)
        .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
    let lib = dir.join("lib.rs");
    std::fs::write(&lib, &source).unwrap_or_else(|e| panic!("cannot write {}: {e}", lib.display()));
    let rustdoc = std::env::var("RUSTDOC").unwrap_or_else(|_| "rustdoc".to_owned());

    let run = |args: &[&str]| {
        let output = Command::new(&rustdoc)
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap_or_else(|e| panic!("cannot run {rustdoc}: {e}"));
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(
            output.status.success(),
            "rustdoc {args:?} failed ({}) on {}:\n{stderr}\n{stdout}",
            output.status,
            lib.display()
        );
        assert_eq!(stderr.trim(), "", "rustdoc {args:?} printed diagnostics");
        stdout
    };
    run(&[
        "--edition",
        "2021",
        "--crate-name",
        "docs_check",
        "-D",
        "warnings",
        "-W",
        "rustdoc::all",
        "-W",
        "rustdoc::unescaped_backticks",
        "lib.rs",
        "--out-dir",
        "doc",
    ]);
    let stdout = run(&[
        "--edition",
        "2021",
        "--crate-name",
        "docs_check",
        "--test",
        "lib.rs",
    ]);
    assert!(
        stdout.contains("running 0 tests") && stdout.contains("0 passed; 0 failed"),
        "doctests were generated:\n{stdout}"
    );
}

#[test]
fn plain_text_keeps_code_spans() {
    assert_eq!(
        html_to_markdown("Snake-cased to `self`; a `` a`b `` span; Tree -> Branch."),
        ["Snake-cased to `self`; a ``a`b`` span; Tree -\\> Branch."]
    );
    assert_eq!(
        html_to_markdown("An unmatched ` backtick"),
        ["An unmatched \\` backtick"]
    );
}
