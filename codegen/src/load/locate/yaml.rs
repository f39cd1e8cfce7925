//! YAML block structure: a pointer's line found by walking the indentation of the text.
//! Best effort: it returns the deepest key it could find, which is always a line inside the
//! right block.

use super::Position;
use crate::pointer::unescape;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

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

/// A file's lines (with their indentation, measured once) and the keys of every block
/// searched so far: built once per file and shared by all its diagnostics, so N diagnostics
/// cost one pass over the text plus one per block they enter, not N passes over the file.
#[derive(Debug, Default)]
pub struct YamlLocator {
    lines: Vec<Line>,
    children: RefCell<HashMap<NodeKey, Rc<Children>>>,
}

type NodeKey = (usize, Option<usize>, bool);

/// One line of the text, measured once.
#[derive(Debug, Clone, Copy)]
struct Line {
    /// Byte range, without the line break.
    start: usize,
    end: usize,
    /// Leading spaces and tabs, in bytes.
    indent: usize,
    /// Empty, whitespace or a comment.
    blank: bool,
    /// Starts (after the indentation) with `-`: a sequence item.
    dash: bool,
}

/// The entries of one block: its keys (first occurrence wins) and its sequence items.
#[derive(Debug, Default)]
struct Children {
    /// Key → (line index, 1-based column).
    keys: HashMap<String, (usize, usize)>,
    /// Items as (line index, indent of the dash).
    items: Vec<(usize, usize)>,
}

/// The lines of one text, by index, without allocating.
#[derive(Clone, Copy)]
struct Lines<'t> {
    text: &'t str,
    lines: &'t [Line],
}

impl<'t> Lines<'t> {
    fn text(self, line: &Line) -> &'t str {
        &self.text[line.start..line.end]
    }
}

impl YamlLocator {
    /// Splits `text` into lines and measures them, once.
    pub fn new(text: &str) -> Self {
        let mut lines = Vec::new();
        let mut offset = 0;
        for raw in text.split_inclusive('\n') {
            let content = raw.strip_suffix('\n').map_or(raw, |line| line.strip_suffix('\r').unwrap_or(line));
            let bytes = content.as_bytes();
            let mut indent = 0;
            while indent < bytes.len() && matches!(bytes[indent], b' ' | b'\t') {
                indent += 1;
            }
            let first = bytes.get(indent).copied();
            lines.push(Line {
                start: offset,
                end: offset + content.len(),
                indent,
                blank: matches!(first, None | Some(b'#')),
                dash: first == Some(b'-'),
            });
            offset += raw.len();
        }
        YamlLocator { lines, children: RefCell::default() }
    }

    /// The position of the node at `pointer` (`/paths/~1v1~1users/get`) in `text` (the text
    /// this locator was built from), or of its deepest ancestor that could be found.
    pub fn locate(&self, text: &str, pointer: &str) -> Position {
        let lines = Lines { text, lines: &self.lines };
        let mut found = Position { line: 1, column: 1 };
        let mut node = Node { start: 0, indent: None, under_key: false };
        for segment in pointer.split('/').skip(1).map(unescape) {
            let children = self.children(lines, node);
            // `200` may be a mapping key (a status code) or an index into a sequence.
            let hit = children
                .keys
                .get(&*segment)
                .map(|&(line, column)| {
                    (line, column, Node { start: line + 1, indent: Some(column - 1), under_key: true })
                })
                .or_else(|| {
                    let &(line, indent) = children.items.get(segment.parse::<usize>().ok()?)?;
                    Some((line, indent + 1, Node { start: line, indent: Some(indent), under_key: false }))
                });
            let Some((line, column, next)) = hit else { break };
            found = Position { line: line + 1, column };
            node = next;
        }
        found
    }

    /// The entries of `node`'s block, indexed on first use.
    fn children(&self, lines: Lines<'_>, node: Node) -> Rc<Children> {
        let key = (node.start, node.indent, node.under_key);
        if let Some(children) = self.children.borrow().get(&key) {
            return Rc::clone(children);
        }
        let children = Rc::new(index_block(lines, node));
        self.children.borrow_mut().insert(key, Rc::clone(&children));
        children
    }
}

/// Lines of the node's content: from its start until a line at or left of its indentation.
/// The start line itself always belongs (an item's first key shares the `- ` line). A plain
/// loop over the measured lines: this is the locator's hot path, in debug builds too.
fn block<'t>(lines: Lines<'t>, node: Node) -> impl Iterator<Item = (usize, &'t Line)> {
    let mut index = node.start;
    std::iter::from_fn(move || {
        loop {
            let line = lines.lines.get(index)?;
            let current = index;
            index += 1;
            if line.blank {
                continue;
            }
            let inside = |parent: usize| line.indent > parent || (node.under_key && line.indent == parent && line.dash);
            return (current == node.start || node.indent.is_none_or(inside)).then_some((current, line));
        }
    })
}

/// One pass over the block: the keys at its content indentation and its items.
fn index_block(lines: Lines<'_>, node: Node) -> Children {
    let mut children = Children::default();
    let mut content_indent = None;
    let mut item_indent = None;
    for (index, line) in block(lines, node) {
        let text = lines.text(line);
        let column = if line.dash { key_column(text, line.indent) } else { line.indent };
        if *content_indent.get_or_insert(column) == column {
            if let Some(key) = key_of(&text[column..]) {
                children.keys.entry(key.to_owned()).or_insert((index, column + 1));
            }
        }
        if line.dash && *item_indent.get_or_insert(line.indent) == line.indent {
            children.items.push((index, line.indent));
        }
    }
    children
}

/// The key an entry starts with: `key:`, `"key":` or `'key':`.
fn key_of(entry: &str) -> Option<&str> {
    for quote in ['"', '\''] {
        if let Some(rest) = entry.strip_prefix(quote) {
            let end = rest.find(quote)?;
            return rest[end + 1..].starts_with(':').then_some(&rest[..end]);
        }
    }
    // A plain key ends at `: ` or at a `:` that ends the line (`/v1/{id}:cancel:` keeps its colon).
    let entry = entry.trim_end();
    entry.find(": ").or_else(|| entry.strip_suffix(':').map(str::len)).map(|end| &entry[..end])
}

/// The column where a line's key starts, after indentation and any `- ` item markers.
fn key_column(line: &str, indent: usize) -> usize {
    let mut column = indent;
    while line[column..].starts_with("- ") {
        let rest = &line[column + 2..];
        column += 2 + (rest.len() - rest.trim_start().len());
    }
    column
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locate(text: &str, pointer: &str) -> Position {
        YamlLocator::new(text).locate(text, pointer)
    }

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
