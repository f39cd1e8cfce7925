//! Finds the line of a JSON pointer in a spec file's text, for diagnostics.
//!
//! serde_yaml reports positions only for syntax and type errors; semantic errors found
//! later carry a JSON pointer, which this maps back to a line by walking the block
//! structure of the text. It is best effort: it returns the deepest key it could find,
//! which is always a line inside the right block.

/// A 1-based line and column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

/// Where the search for the next segment starts: the node found so far.
#[derive(Clone, Copy)]
struct Node {
    /// First line of the node's content.
    start: usize,
    /// Indentation of the node's own line; its content is indented further.
    indent: Option<usize>,
    /// A mapping value may be a sequence written at the key's own indentation.
    under_key: bool,
}

/// The position of the node at `pointer` (`/paths/~1v1~1users/get`), or of its deepest
/// ancestor that could be found.
pub fn locate(text: &str, pointer: &str) -> Position {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Position { line: 1, column: 1 };
    let mut node = Node { start: 0, indent: None, under_key: false };
    for segment in pointer.split('/').skip(1).map(unescape) {
        // `200` may be a mapping key (a status code) or an index into a sequence.
        let hit = find_key(&lines, node, &segment)
            .map(|(line, column)| (line, column, Node { start: line + 1, indent: Some(column - 1), under_key: true }))
            .or_else(|| {
                let index = segment.parse::<usize>().ok()?;
                let (line, indent) = find_item(&lines, node, index)?;
                Some((line, indent + 1, Node { start: line, indent: Some(indent), under_key: false }))
            });
        let Some((line, column, next)) = hit else { break };
        found = Position { line: line + 1, column };
        node = next;
    }
    found
}

fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start().len()
}

fn is_blank(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.is_empty() || trimmed.starts_with('#')
}

/// Lines of the node's content: from its start until a line at or left of its indentation.
/// The start line itself always belongs (an item's first key shares the `- ` line).
fn block<'a>(lines: &'a [&'a str], node: Node) -> impl Iterator<Item = (usize, &'a str)> + 'a {
    lines.iter().copied().enumerate().skip(node.start).filter(|(_, line)| !is_blank(line)).take_while(
        move |(index, line)| {
            let inside = |parent: usize| {
                let indent = indent_of(line);
                indent > parent || (node.under_key && indent == parent && line.trim_start().starts_with('-'))
            };
            *index == node.start || node.indent.is_none_or(inside)
        },
    )
}

/// A key in the node's mapping, as `(line, 1-based column)`.
fn find_key(lines: &[&str], node: Node, key: &str) -> Option<(usize, usize)> {
    let forms = [format!("{key}:"), format!("\"{key}\":"), format!("'{key}':")];
    let content_indent = block(lines, node).map(|(_, line)| key_column(line)).next()?;
    block(lines, node).find_map(|(index, line)| {
        let column = key_column(line);
        let entry = &line[column..];
        (column == content_indent && forms.iter().any(|form| entry.starts_with(form.as_str())))
            .then_some((index, column + 1))
    })
}

/// The column where a line's key starts, after indentation and any `- ` item markers.
fn key_column(line: &str) -> usize {
    let mut column = indent_of(line);
    while line[column..].starts_with("- ") {
        column += 2 + indent_of(&line[column + 2..]);
    }
    column
}

/// The `wanted`th item of the node's sequence, as `(line, indent of its dash)`.
fn find_item(lines: &[&str], node: Node, wanted: usize) -> Option<(usize, usize)> {
    let mut items = block(lines, node).filter(|(_, line)| line.trim_start().starts_with('-')).peekable();
    let item_indent = indent_of(items.peek()?.1);
    items.filter(|(_, line)| indent_of(line) == item_indent).nth(wanted).map(|(index, line)| (index, indent_of(line)))
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "openapi: 3.0.3\npaths:\n  /a/{id}:\n    get:\n      parameters:\n        - name: x\n        - name: y\n          in: query\n  /b:\n    get: {}\n";

    #[test]
    fn finds_nested_keys_and_items() {
        assert_eq!(locate(TEXT, "/paths/~1a~1{id}/get").line, 4);
        assert_eq!(locate(TEXT, "/paths/~1a~1{id}/get/parameters/1/in"), Position { line: 8, column: 11 });
        assert_eq!(locate(TEXT, "/paths/~1a~1{id}/get/parameters/1/name"), Position { line: 7, column: 11 });
        assert_eq!(locate(TEXT, "/paths/~1b/get").line, 10);
        assert_eq!(locate("r:\n  '200':\n    a: 1\n", "/r/200/a").line, 3);
    }

    #[test]
    fn finds_items_at_their_keys_indentation() {
        let text = "get:\n  parameters:\n  - name: x\n  - name: y\n    in: cookie\n  responses: {}\n";
        assert_eq!(locate(text, "/get/parameters/1/in"), Position { line: 5, column: 5 });
        assert_eq!(locate(text, "/get/responses").line, 6);
    }

    #[test]
    fn does_not_match_deeper_keys_of_the_same_name() {
        let text = "a:\n  b:\n    c: 1\n  c: 2\n";
        assert_eq!(locate(text, "/a/c").line, 4);
    }

    #[test]
    fn stops_at_the_deepest_ancestor_found() {
        assert_eq!(locate(TEXT, "/paths/~1a~1{id}/post/responses").line, 3);
    }
}
