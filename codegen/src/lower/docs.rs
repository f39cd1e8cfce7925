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
    let text: String = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .filter(|c| !c.is_control() && !is_invisible(*c))
        .collect();
    sanitize(&text).join(" ")
}

/// Rewrites Markdown so that rustdoc renders it as the author meant and neither rustdoc nor
/// clippy (`-D warnings`) has anything to say about it.
///
/// The lints this answers: clippy's `doc_lazy_continuation` and `doc_overindented_list_items`
/// (a list item's continuation lines must sit exactly at its content column, the sum of the
/// markers' widths: lists are re-indented from column 0), `tabs_in_doc_comments`; rustdoc's
/// `broken_intra_doc_links` (brackets that are no URL link are escaped), `bare_urls`,
/// `invalid_html_tags` (`<` and `>` are escaped), `invalid_codeblock_attributes` and
/// `invalid_rust_codeblocks` (a fence keeps its language only when rustdoc reads it as not
/// Rust); and rustc, which rejects bidirectional-override characters in comments.
pub fn sanitize(text: &str) -> Vec<String> {
    let text = escape_characters(&expand_tabs(&text.replace("\r\n", "\n").replace('\r', "\n")));
    let mut blocks = Blocks::default();
    text.lines().for_each(|line| blocks.line(line.trim_end_matches(' ')));
    blocks.finish()
}

/// Control, bidirectional and invisible characters as HTML character references: the page
/// shows the same text, and the source shows where they are (clippy's `invisible_characters`).
fn escape_characters(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c != '\n' && (c.is_control() || is_invisible(c)) {
            out.push_str(&format!("&#x{:X};", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

/// Format characters that print as nothing, and the bidi controls rustc rejects in comments.
pub(crate) fn is_invisible(c: char) -> bool {
    matches!(c, '\u{AD}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// Tabs to spaces at CommonMark's tab stops of 4.
fn expand_tabs(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut column = 0;
    for c in text.chars() {
        match c {
            '\t' => {
                let spaces = 4 - column % 4;
                out.extend(std::iter::repeat_n(' ', spaces));
                column += spaces;
            }
            '\n' => {
                out.push(c);
                column = 0;
            }
            c => {
                out.push(c);
                column += 1;
            }
        }
    }
    out
}

/// An open list item: where its content starts in the spec's text and in the output.
#[derive(Clone, Copy)]
struct Item {
    source: usize,
    out: usize,
}

/// An open fence: its character and length, the indentation its lines drop and the one
/// they get.
struct Fence {
    marker: char,
    len: usize,
    source: usize,
    out: usize,
}

/// The block structure of the text, line by line, as CommonMark reads it (far enough to
/// place every line where rustdoc and clippy want it).
#[derive(Default)]
struct Blocks {
    out: Vec<String>,
    items: Vec<Item>,
    fence: Option<Fence>,
    /// An indented code block, written as a `text` fence: the indentation its lines drop,
    /// and where its opener is in `out` (made longer, when it closes, than any run of
    /// backticks inside, so that a fence in the code is text).
    indented: Option<(usize, usize)>,
    /// The previous line is paragraph text, which a lazy line may continue.
    paragraph: bool,
    /// An item's marker with no text after it (`1.`): its content, on the next line, is
    /// written after it, since clippy measures an item's indentation to its first text.
    marker_alone: Option<String>,
}

impl Blocks {
    fn line(&mut self, line: &str) {
        let Some(marker) = self.marker_alone.take() else {
            self.block_line(line);
            return;
        };
        if line.trim().is_empty() {
            // An item that starts with a blank line and then another is empty: it ends there.
            self.items.pop();
            self.out.push(marker.trim_end().to_owned());
            self.block_line(line);
            return;
        }
        let first = self.out.len();
        self.block_line(line);
        match self.out.get_mut(first) {
            Some(text) if !text.trim().is_empty() && text.starts_with(&" ".repeat(marker.len())) => {
                text.replace_range(..marker.len(), &marker);
            }
            _ => self.out.insert(first, marker.trim_end().to_owned()),
        }
    }

    fn block_line(&mut self, line: &str) {
        if let Some(fence) = &self.fence {
            self.fenced(line, fence.marker, fence.len, fence.source, fence.out);
            return;
        }
        // Indentation is spaces (tabs are expanded): other whitespace is text, and the
        // columns count bytes that are all one-byte spaces.
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        // A line of other whitespace (an ideographic space) is blank to pulldown-cmark too.
        if trimmed.trim().is_empty() {
            self.out.push(String::new());
            self.paragraph = false;
            return;
        }
        if let Some((source, _)) = self.indented {
            if indent >= source + 4 {
                let out = self.content_column();
                self.out.push(format!("{}{}", " ".repeat(out), &line[source..]));
                return;
            }
            self.close_indented();
        }
        if !self.paragraph || !self.continues(indent, trimmed) {
            self.items_reached_by(indent);
            self.block(indent, trimmed);
        } else {
            // A paragraph's next line: at its item's content column, however it was indented.
            let out = self.content_column();
            self.out.push(format!("{}{}", " ".repeat(out), escape_prose(&inert(trimmed))));
        }
    }

    /// Whether a line after paragraph text continues that paragraph (rather than starting a
    /// block that interrupts it).
    fn continues(&self, indent: usize, trimmed: &str) -> bool {
        // The deepest open item the line's indentation reaches: a block may start within
        // three spaces of its content column; further in, the line is paragraph text.
        let reached = self.items.iter().rposition(|item| indent >= item.source);
        let base = reached.map_or(0, |index| self.items[index].source);
        if indent - base >= 4 {
            return true;
        }
        if fence_opener(trimmed).is_some() || is_heading(trimmed) || is_break(trimmed) {
            return false;
        }
        if reached.is_some_and(|index| index + 1 == self.items.len()) && is_underline(trimmed, '-') {
            return false;
        }
        match list_marker(trimmed) {
            // A sibling of an open item may always start; a new list only with `-`, `*`, `+`
            // or `1.` and some text.
            Some((marker, _)) => {
                let sibling = reached.map_or(0, |index| index + 1) < self.items.len();
                let content = trimmed[marker..].trim();
                !(sibling
                    || (!content.is_empty()
                        && (!trimmed.starts_with(|c: char| c.is_ascii_digit())
                            || trimmed.starts_with("1.")
                            || trimmed.starts_with("1)"))))
            }
            None => true,
        }
    }

    /// Closes the items whose content column a line does not reach.
    fn items_reached_by(&mut self, indent: usize) {
        while self.items.last().is_some_and(|item| indent < item.source) {
            self.items.pop();
        }
    }

    fn content_column(&self) -> usize {
        self.items.last().map_or(0, |item| item.out)
    }

    /// A line that starts a block inside the open items.
    fn block(&mut self, indent: usize, trimmed: &str) {
        let base = self.items.last().map_or(0, |item| item.source);
        let out = self.content_column();
        self.paragraph = false;
        if indent >= base + 4 {
            self.indented = Some((base, self.out.len()));
            self.out.push(format!("{}```text", " ".repeat(out)));
            self.out.push(format!("{}{}{trimmed}", " ".repeat(out), " ".repeat(indent - base)));
            return;
        }
        if let Some((marker, len, info)) = fence_opener(trimmed) {
            let fence = marker.to_string().repeat(len);
            self.out.push(format!("{}{fence}{}", " ".repeat(out), fence_language(info)));
            self.fence = Some(Fence { marker, len, source: indent, out });
            return;
        }
        if is_break(trimmed) || is_underline(trimmed, '-') || is_underline(trimmed, '=') {
            self.out.push(format!("{}{trimmed}", " ".repeat(out)));
            return;
        }
        let mut line = " ".repeat(out);
        let mut source = indent;
        let mut rest = trimmed;
        // `- - a` opens two items on one line.
        while let Some((marker, spaces)) = list_marker(rest) {
            let spaces = if rest[marker..].trim().is_empty() || spaces > 4 { 1 } else { spaces };
            line.push_str(&rest[..marker]);
            line.push(' ');
            source += marker + spaces;
            self.items.push(Item { source, out: line.len() });
            rest = rest[marker..].trim_start_matches(' ');
        }
        if let Some((marker, len, info)) = fence_opener(rest) {
            let fence = marker.to_string().repeat(len);
            self.out.push(format!("{line}{fence}{}", fence_language(info)));
            self.fence = Some(Fence { marker, len, source, out: line.len() });
            return;
        }
        if rest.is_empty() {
            self.marker_alone = Some(line);
            return;
        }
        self.paragraph = !is_heading(rest) && !is_break(rest);
        line.push_str(&escape_prose(rest));
        self.out.push(line.trim_end().to_owned());
    }

    fn fenced(&mut self, line: &str, marker: char, len: usize, source: usize, out: usize) {
        // Indentation is spaces (tabs are expanded): other whitespace is text, and the
        // columns count bytes that are all one-byte spaces.
        let trimmed = line.trim_start_matches(' ');
        let indent = line.len() - trimmed.len();
        let closes = indent < source + 4
            && trimmed.chars().take_while(|c| *c == marker).count() >= len
            && trimmed.trim_start_matches(marker).trim().is_empty();
        if closes {
            self.out.push(format!("{}{}", " ".repeat(out), marker.to_string().repeat(len)));
            self.fence = None;
        } else {
            // The opener's indentation comes off each line, as CommonMark takes it.
            let drop = indent.min(source);
            self.out.push(format!("{}{}", " ".repeat(out), &line[drop..]).trim_end().to_owned());
        }
    }

    fn close_indented(&mut self) {
        let Some((_, opener)) = self.indented else { return };
        let blank_tail = self.out.iter().rev().take_while(|line| line.is_empty()).count();
        self.out.truncate(self.out.len() - blank_tail);
        let longest = self.out[opener + 1..].iter().map(|line| backtick_run(line)).max().unwrap_or(0);
        let fence = "`".repeat(longest.max(2) + 1);
        // The opener may follow an item's marker (`1. ```text`): only its fence changes.
        if let Some(at) = self.out[opener].rfind("```text") {
            self.out[opener].replace_range(at.., &format!("{fence}text"));
        }
        self.out.push(format!("{}{fence}", " ".repeat(self.content_column())));
        self.out.extend(std::iter::repeat_n(String::new(), blank_tail));
        self.indented = None;
    }

    fn finish(mut self) -> Vec<String> {
        if let Some(marker) = self.marker_alone.take() {
            self.out.push(marker.trim_end().to_owned());
        }
        if self.indented.is_some() {
            self.close_indented();
        }
        if let Some(fence) = self.fence.take() {
            self.out.push(format!("{}{}", " ".repeat(fence.out), fence.marker.to_string().repeat(fence.len)));
        }
        while self.out.last().is_some_and(String::is_empty) {
            self.out.pop();
        }
        self.out
    }
}

/// The longest run of backticks in `line`.
fn backtick_run(line: &str) -> usize {
    line.split(|c| c != '`').map(str::len).max().unwrap_or(0)
}

/// A paragraph's continuation text, moved to its item's content column, where it must not
/// start a block: a marker, heading, fence, break or underline gets a backslash.
fn inert(text: &str) -> String {
    let starts_block = list_marker(text).is_some()
        || is_heading(text)
        || fence_opener(text).is_some()
        || is_break(text)
        || is_underline(text, '=')
        || is_underline(text, '-');
    if !starts_block {
        return text.to_owned();
    }
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    format!("{}\\{}", &text[..digits], &text[digits..])
}

/// A code fence's marker, length and info string: three or more backticks or tildes (a
/// backtick fence's info has no backtick, or it is inline code).
fn fence_opener(text: &str) -> Option<(char, usize, &str)> {
    let marker = text.chars().next().filter(|c| matches!(c, '`' | '~'))?;
    let len = text.chars().take_while(|c| *c == marker).count();
    let info = text[len..].trim();
    (len >= 3 && !(marker == '`' && info.contains('`'))).then_some((marker, len, info))
}

/// The fence's language when rustdoc would read it as one that is not Rust (so neither test
/// nor check it), `text` otherwise: a bare fence, `rust`, test attributes and their
/// misspellings, anything but one lowercase word.
fn fence_language(info: &str) -> &str {
    let word = info.split_whitespace().next().unwrap_or_default();
    let plain = !word.is_empty() && word.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    let rustdoc = ["rust", "norun", "shouldpanic", "compilefail", "testharness", "standalone"].contains(&word)
        || ["edition", "ignore", "standalone"].iter().any(|prefix| word.starts_with(prefix));
    if plain && !rustdoc { word } else { "text" }
}

/// `# Title`: an ATX heading (`#tag` is text).
fn is_heading(text: &str) -> bool {
    let level = text.chars().take_while(|c| *c == '#').count();
    (1..=6).contains(&level) && text[level..].chars().next().is_none_or(|c| c == ' ')
}

/// `***`, `___`, `- - -`: a thematic break.
fn is_break(text: &str) -> bool {
    ['*', '_', '-']
        .iter()
        .any(|&mark| text.chars().filter(|c| *c == mark).count() >= 3 && text.chars().all(|c| c == mark || c == ' '))
}

/// A setext heading's underline of `mark`s.
fn is_underline(text: &str, mark: char) -> bool {
    !text.is_empty() && text.chars().all(|c| c == mark)
}

/// The width of a list marker (`-`, `*`, `+`, `1.`, `1)`) at the start of `text`, and the
/// spaces after it (none when the line ends there).
fn list_marker(text: &str) -> Option<(usize, usize)> {
    let digits = text.chars().take_while(char::is_ascii_digit).count();
    let marker = match text.as_bytes().get(digits) {
        Some(b'-' | b'*' | b'+') if digits == 0 => 1,
        Some(b'.' | b')') if digits > 0 && digits < 10 => digits + 1,
        _ => return None,
    };
    let spaces = text[marker..].chars().take_while(|c| *c == ' ').count();
    (spaces > 0 || marker == text.len()).then_some((marker, spaces))
}

/// Outside code spans: `<url>` for bare URLs, `<` and `>` as character references, and
/// brackets escaped unless they are a link to a URL (rustdoc resolves any other as a path).
fn escape_prose(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    let mut open_brackets = 0usize;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('`') {
            // A code span: copy through the closing run of backticks untouched.
            let ticks = 1 + after.chars().take_while(|c| *c == '`').count();
            let body = &rest[ticks..];
            // Without a closing run of the same length the backticks are text.
            let end = code_span_end(body, ticks).unwrap_or(0);
            out.push_str(&rest[..ticks + end]);
            rest = &body[end..];
        } else if let Some(len) = autolink_len(rest) {
            out.push_str(&rest[..len]);
            rest = &rest[len..];
        } else if let Some((text, target, len)) = markdown_link(rest).filter(|(_, target, _)| !resolves_as_path(target))
        {
            let bang = if rest.starts_with('!') { "!" } else { "" };
            out.push_str(&format!("{bang}[{}]({target})", escape_prose(text)));
            rest = &rest[len..];
        } else if (rest.starts_with("http://") || rest.starts_with("https://")) && !out.ends_with('(') {
            let end = rest
                .find(|c: char| c.is_whitespace() || matches!(c, '"' | '\'' | '<' | '>' | ')' | '`' | '[' | ']'))
                .unwrap_or(rest.len());
            // An escaped invisible character is not part of the URL.
            let end = rest[..end].find("&#x").unwrap_or(end);
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?', '*', '_', '~']);
            if url.len() > "https://".len() {
                out.push('<');
                out.push_str(url);
                out.push('>');
                rest = &rest[url.len()..];
            } else {
                out.push_str(&rest[..url.len()]);
                rest = &rest[url.len()..];
            }
        } else {
            let c = rest.chars().next().unwrap_or_default();
            match c {
                '<' => out.push_str("&lt;"),
                '>' => out.push_str("&gt;"),
                '\\' if rest.len() > 1 => {
                    // An escape stays one: the character after it is copied as it is.
                    let next = rest[1..].chars().next().unwrap_or_default();
                    out.push('\\');
                    match next {
                        '<' => out.push_str("&lt;"),
                        '>' => out.push_str("&gt;"),
                        next => out.push(next),
                    }
                    rest = &rest[1 + next.len_utf8()..];
                    continue;
                }
                '[' if rest[1..].contains(']') => {
                    out.push_str("\\[");
                    open_brackets += 1;
                }
                ']' if open_brackets > 0 => {
                    out.push_str("\\]");
                    open_brackets -= 1;
                }
                c => out.push(c),
            }
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Where a code span opened by `ticks` backticks ends in `body`: after a run of exactly as many.
fn code_span_end(body: &str, ticks: usize) -> Option<usize> {
    let mut at = 0;
    while let Some(start) = body[at..].find('`').map(|start| at + start) {
        let run = body[start..].chars().take_while(|c| *c == '`').count();
        if run == ticks {
            return Some(start + run);
        }
        at = start + run;
    }
    None
}

/// Whether rustdoc would take a link target for a path to resolve (as its
/// `preprocess_link` decides): no `/`, not only an anchor, and only path characters.
fn resolves_as_path(target: &str) -> bool {
    if target.contains('/') {
        return false;
    }
    let target = target.replace('`', "");
    let mut parts = target.split('#');
    let path = parts.next().unwrap_or_default().trim();
    !path.is_empty() && (parts.count() > 1 || path.chars().all(|c| c.is_alphanumeric() || ":_<>, !*&;@()".contains(c)))
}

/// `<scheme:…>`, a CommonMark autolink, at the start of `text`: its length.
fn autolink_len(text: &str) -> Option<usize> {
    let inner = text.strip_prefix('<')?;
    let end = inner.find('>')?;
    let target = &inner[..end];
    let (scheme, rest) = target.split_once(':')?;
    let scheme_ok = scheme.len() >= 2 && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c));
    let rest_ok = !rest.is_empty() && !rest.contains(|c: char| c.is_whitespace() || c.is_control() || c == '<');
    (scheme_ok && rest_ok && scheme.starts_with(|c: char| c.is_ascii_alphabetic())).then_some(end + 2)
}

/// `[text](target)` or `![text](target)` at the start of `text`: the text, the target and
/// the whole length.
fn markdown_link(text: &str) -> Option<(&str, &str, usize)> {
    let bang = usize::from(text.starts_with('!'));
    let after_bracket = text[bang..].strip_prefix('[')?;
    let close = after_bracket.find(']')?;
    let target = after_bracket[close + 1..].strip_prefix('(')?;
    let end = target.find(')')?;
    let target_text = &target[..end];
    if target_text.contains(char::is_whitespace) || target_text.contains('<') {
        return None;
    }
    Some((&after_bracket[..close], target_text, bang + 1 + close + 2 + end + 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_item_ends_at_a_blank_line_and_code_after_it_is_text() {
        // Found by the prose property test: `10.`, a blank line, then code indented four
        // spaces is an empty item and an indented code block (holding a fence) at the top.
        let lines = sanitize("10.\n\n    ```text\n        <b> a\n    ```\n - b");
        assert_eq!(lines, ["10.", "", "````text", "    ```text", "        <b> a", "    ```", "````", "- b"]);
    }

    #[test]
    fn code_right_after_an_items_marker_stays_in_the_item() {
        let lines = sanitize("10. \n    \t -> x");
        assert_eq!(lines, ["10. ```text", "         -> x", "    ```"]);
    }

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
            sanitize("- one\ntwo\n\n1. ten\neleven\n   - nested\n        more"),
            ["- one", "  two", "", "1. ten", "   eleven", "   - nested", "     more"]
        );
        // Only spaces indent: a no-break or ideographic space is text.
        assert_eq!(
            sanitize("- a\n\u{A0}\u{A0}\u{A0}\u{A0}\u{A0}b\n\n\u{3000}    c"),
            ["- a", "  \u{A0}\u{A0}\u{A0}\u{A0}\u{A0}b", "", "\u{3000}    c"]
        );
        // An item's text on the line after its marker goes up beside it.
        assert_eq!(sanitize("1.\n   word\n-\n\nx"), ["1. word", "-", "", "x"]);
        // Four spaces in from the paragraph's container is no list: the paragraph's text.
        assert_eq!(sanitize("- a\n  b\n      - c"), ["- a", "  b", "  \\- c"]);
        assert_eq!(sanitize("- a\n  b\n    - c"), ["- a", "  b", "  - c"]);
        assert_eq!(sanitize("See https://x.y/z.\u{200B} Or"), ["See <https://x.y/z>.&#x200B; Or"]);
        // `10.` cannot interrupt a paragraph: it is the paragraph's text, and stays text.
        assert_eq!(sanitize("three\n10. ten\neleven"), ["three", "10\\. ten", "eleven"]);
        // Lists start at column 0, markers take one space.
        assert_eq!(sanitize("   *   see [Git\nTrees](https://x.y/z)"), ["* see [Git", "  Trees](https://x.y/z)"]);
    }

    #[test]
    fn invisible_characters_are_escaped_and_tabs_expanded() {
        assert_eq!(sanitize("a\u{202E}b\tc\u{200B}d\u{7}"), ["a&#x202E;b c&#x200B;d&#x7;"]);
        assert_eq!(plain("a\u{202E}b\tc"), "ab c");
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
