//! Spec prose → rustdoc-safe Markdown lines.
//!
//! Spec descriptions are CommonMark written for HTML renderers; rustdoc would run their
//! untagged code blocks as doctests and warn on bare URLs and stray `<tags>`.

/// Doc lines from an optional title and description; empty when both are absent.
pub fn docs(title: Option<&str>, description: Option<&str>) -> Vec<String> {
    let mut lines = Vec::new();
    let title = title.map(str::trim).filter(|title| !title.is_empty());
    let description = description.map(str::trim).filter(|description| !description.is_empty());
    if let Some(title) = title {
        lines.extend(sanitize(title));
    }
    if let Some(description) = description.filter(|description| Some(*description) != title) {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(sanitize(description));
    }
    lines
}

/// Doc lines for the item `name` (a type or a variant): a title that only spells its name,
/// or the end of it (`BadRequest` above `pub struct BadRequest`, `range` above the inline
/// `ListQueryRange`), is no prose and is left out.
pub fn named_docs(name: &str, title: Option<&str>, description: Option<&str>) -> Vec<String> {
    let name = crate::naming::unraw(name);
    docs(title.filter(|title| !name.ends_with(&crate::naming::type_name(title))), description)
}

/// One line of plain text for a doc heading: control and bidi characters removed.
pub fn plain(text: &str) -> String {
    sanitize(&text.replace(['\n', '\r', '\t'], " ")).join(" ").chars().filter(|c| !c.is_control()).collect()
}

/// Rewrites Markdown so rustdoc renders it as the author meant.
pub fn sanitize(text: &str) -> Vec<String> {
    // rustc rejects bidirectional-override characters in comments; tabs upset clippy.
    let text: String = text
        .chars()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .collect::<String>()
        .replace('\t', "    ")
        .replace('\r', "");
    let text = text.as_str();
    let mut out = Vec::new();
    let mut in_fence = false;
    let mut in_indented = false;
    let mut previous_blank = true;
    // The content column of the list item being written, for its continuation lines.
    let mut list_indent: Option<usize> = None;
    for line in text.lines() {
        let line = line.trim_end();
        let trimmed = line.trim_start();
        if trimmed.starts_with("```") {
            out.push(if !in_fence && trimmed == "```" { "```text".to_owned() } else { trimmed.to_owned() });
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(line.to_owned());
            continue;
        }
        let indented = line.starts_with("    ") || line.starts_with('\t');
        if in_indented && !indented && !trimmed.is_empty() {
            close_indented(&mut out);
            in_indented = false;
        }
        if indented && (previous_blank || in_indented) && !trimmed.is_empty() {
            if !in_indented {
                out.push("```text".to_owned());
                in_indented = true;
            }
            out.push(line.to_owned());
        } else if in_indented {
            out.push(String::new());
        } else {
            out.push(escape_prose(&continue_list(line, &mut list_indent)));
        }
        previous_blank = trimmed.is_empty();
    }
    if in_indented {
        close_indented(&mut out);
    }
    if in_fence {
        out.push("```".to_owned());
    }
    out
}

/// Indents a list item's continuation lines under its text, as rustdoc (and clippy's
/// `doc_lazy_continuation`) want; specs often wrap list items flush left.
fn continue_list(line: &str, list_indent: &mut Option<usize>) -> String {
    let trimmed = line.trim_start();
    let indent = line.len() - trimmed.len();
    if trimmed.is_empty() {
        *list_indent = None;
        return String::new();
    }
    if let Some(marker) = list_marker(trimmed) {
        *list_indent = Some(indent + marker);
        return line.to_owned();
    }
    match *list_indent {
        Some(content) if indent < content => format!("{}{trimmed}", " ".repeat(content)),
        _ => line.to_owned(),
    }
}

/// The width of a list marker and the spaces after it (`- `, `*   `, `1. `) at the start of `text`.
fn list_marker(text: &str) -> Option<usize> {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let marker = match text.as_bytes().get(digits) {
        Some(b'-' | b'*' | b'+') if digits == 0 => 1,
        Some(b'.' | b')') if digits > 0 && digits < 10 => digits + 1,
        _ => return None,
    };
    let spaces = text[marker..].chars().take_while(|c| *c == ' ').count();
    (1..=4).contains(&spaces).then_some(marker + spaces)
}

fn close_indented(out: &mut Vec<String>) {
    let blank_tail = out.iter().rev().take_while(|line| line.is_empty()).count();
    out.truncate(out.len() - blank_tail);
    out.push("```".to_owned());
    out.extend(std::iter::repeat_n(String::new(), blank_tail));
}

/// Outside code spans: `<url>` for bare URLs, escaped `<`, `>`, `[`, `]` unless a Markdown link.
fn escape_prose(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    let mut bracket_escaped = false;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('`') {
            // A code span: copy through the closing backtick untouched.
            let end = after.find('`').map_or(after.len(), |end| end + 1);
            out.push('`');
            out.push_str(&after[..end]);
            rest = &after[end..];
        } else if let Some(len) = markdown_link_len(rest) {
            out.push_str(&rest[..len]);
            rest = &rest[len..];
        } else if (rest.starts_with("http://") || rest.starts_with("https://")) && !out.ends_with('(') {
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | ')' | '`'))
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
        } else {
            let c = rest.chars().next().unwrap_or_default();
            match c {
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                // rustdoc resolves `[word]` as an intra-doc link; text with spaces, or a
                // bracket whose partner is on another line, it leaves alone.
                '[' if looks_like_link_target(rest) => {
                    out.push_str("\\[");
                    bracket_escaped = true;
                }
                ']' if bracket_escaped => {
                    out.push_str("\\]");
                    bracket_escaped = false;
                }
                c => out.push(c),
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// `[word]` not followed by `(`: what rustdoc would try to resolve as a path.
fn looks_like_link_target(text: &str) -> bool {
    let Some(close) = text.find(']') else { return false };
    let inner = &text[1..close];
    !inner.is_empty() && !inner.contains(char::is_whitespace) && !text[close + 1..].starts_with('(')
}

/// The length of `[text](target)` at the start of `text`, if it is one.
fn markdown_link_len(text: &str) -> Option<usize> {
    let after_bracket = text.strip_prefix('[')?;
    let close = after_bracket.find(']')?;
    let target = after_bracket[close + 1..].strip_prefix('(')?;
    let end = target.find(')')?;
    Some(1 + close + 2 + end + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indented_code_becomes_text_block() {
        let lines = sanitize("Example:\n\n    { \"reason\": 1 }\n\nAfter.");
        assert_eq!(lines, ["Example:", "", "```text", "    { \"reason\": 1 }", "```", "", "After."]);
    }

    #[test]
    fn prose_is_escaped_but_links_and_code_are_kept() {
        assert_eq!(
            sanitize("See https://example.com/x. Or [here](https://a.b/c) `a[0]<b>` <ip> [x]"),
            ["See <https://example.com/x>. Or [here](https://a.b/c) `a[0]<b>` &lt;ip&gt; \\[x\\]"]
        );
    }

    #[test]
    fn list_continuations_are_indented() {
        assert_eq!(
            sanitize("- one\ntwo\n\nthree\n10. ten\neleven"),
            ["- one", "  two", "", "three", "10. ten", "    eleven"]
        );
        assert_eq!(sanitize("*   see [Git\nTrees](https://x.y/z)"), ["*   see [Git", "    Trees](https://x.y/z)"]);
    }

    #[test]
    fn bidi_controls_and_tabs_are_removed() {
        assert_eq!(sanitize("a\u{202E}b\tc"), ["ab    c"]);
    }

    #[test]
    fn bare_fences_are_text() {
        assert_eq!(sanitize("```\nlet x;\n```"), ["```text", "let x;", "```"]);
    }

    #[test]
    fn a_title_that_only_names_the_item_is_left_out() {
        assert!(named_docs("BadRequest", Some("BadRequest"), None).is_empty());
        assert!(named_docs("ListQueryRange", Some("range"), None).is_empty());
        assert_eq!(named_docs("Id", Some("id"), Some("The id.")), ["The id."]);
        assert_eq!(named_docs("BadRequest", Some("A bad request"), None), ["A bad request"]);
        assert_eq!(named_docs("Range", Some("Ranges"), None), ["Ranges"]);
    }

    #[test]
    fn title_and_description() {
        assert_eq!(docs(Some("T"), Some("D")), ["T", "", "D"]);
        assert_eq!(docs(Some("Same"), Some("Same")), ["Same"]);
        assert!(docs(None, Some("  ")).is_empty());
    }
}
