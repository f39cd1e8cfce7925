//! JSON documents: a pointer's key found by scanning the brackets of the text, one
//! container at a time (a container is scanned when a pointer first enters it).

use super::Position;
use crate::pointer::unescape;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Line starts, measured once, and the entries of every container entered so far.
#[derive(Debug, Default)]
pub struct JsonLocator {
    /// Byte offset of each line's first character.
    line_starts: Vec<usize>,
    /// Byte offset of the root value.
    root: usize,
    /// Container offset → its entries.
    children: RefCell<HashMap<usize, Rc<Children>>>,
}

/// The entries of one object or array, by byte offset.
#[derive(Debug, Default)]
struct Children {
    /// Key → (offset of the key, offset of its value); the first occurrence wins.
    keys: HashMap<String, (usize, usize)>,
    /// Offsets of the items.
    items: Vec<usize>,
}

impl JsonLocator {
    pub fn new(text: &str) -> Self {
        let line_starts = std::iter::once(0).chain(text.match_indices('\n').map(|(at, _)| at + 1)).collect();
        JsonLocator { line_starts, root: skip_space(text.as_bytes(), 0), children: RefCell::default() }
    }

    /// The position of the node at `pointer`, or of its deepest ancestor that could be found.
    pub fn locate(&self, text: &str, pointer: &str) -> Position {
        let mut found = self.position(text, self.root);
        let mut node = self.root;
        for segment in pointer.split('/').skip(1).map(unescape) {
            let children = self.children(text, node);
            let hit = match children.keys.get(&*segment) {
                Some(&(key, value)) => Some((key, value)),
                None => {
                    segment.parse::<usize>().ok().and_then(|index| children.items.get(index)).map(|&item| (item, item))
                }
            };
            let Some((at, value)) = hit else { break };
            found = self.position(text, at);
            node = value;
        }
        found
    }

    fn position(&self, text: &str, offset: usize) -> Position {
        let line = self.line_starts.partition_point(|&start| start <= offset).saturating_sub(1);
        let start = self.line_starts.get(line).copied().unwrap_or(0);
        let column = text.get(start..offset).map_or(0, |before| before.chars().count());
        Position { line: line + 1, column: column + 1 }
    }

    /// The entries of the container at `offset`, indexed on first use.
    fn children(&self, text: &str, offset: usize) -> Rc<Children> {
        if let Some(children) = self.children.borrow().get(&offset) {
            return Rc::clone(children);
        }
        let children = Rc::new(index_container(text, offset));
        self.children.borrow_mut().insert(offset, Rc::clone(&children));
        children
    }
}

/// One pass over the container at `offset`: its keys or items, nested values skipped. The
/// text has parsed already; anything unexpected ends the scan with what was found.
fn index_container(text: &str, offset: usize) -> Children {
    let bytes = text.as_bytes();
    let mut children = Children::default();
    let (object, close) = match bytes.get(offset) {
        Some(b'{') => (true, b'}'),
        Some(b'[') => (false, b']'),
        _ => return children,
    };
    let mut at = skip_space(bytes, offset + 1);
    while at < bytes.len() && bytes[at] != close {
        let entry = at;
        if object {
            if bytes[at] != b'"' {
                break;
            }
            let end = skip_string(bytes, at);
            let key = string_value(&text[at..end]);
            at = skip_space(bytes, end);
            if bytes.get(at) != Some(&b':') {
                break;
            }
            at = skip_space(bytes, at + 1);
            children.keys.entry(key).or_insert((entry, at));
        } else {
            children.items.push(entry);
        }
        at = skip_space(bytes, skip_value(bytes, at));
        match bytes.get(at) {
            Some(b',') => at = skip_space(bytes, at + 1),
            _ => break,
        }
    }
    children
}

/// A JSON string literal's value (a JSON string is a YAML double-quoted scalar).
fn string_value(literal: &str) -> String {
    let inner = literal.get(1..literal.len().saturating_sub(1)).unwrap_or_default();
    if !inner.contains('\\') {
        return inner.to_owned();
    }
    serde_yaml::from_str(literal).unwrap_or_else(|_| inner.to_owned())
}

fn skip_space(bytes: &[u8], mut at: usize) -> usize {
    while bytes.get(at).is_some_and(|byte| matches!(byte, b' ' | b'\t' | b'\r' | b'\n')) {
        at += 1;
    }
    at
}

/// The offset after the string literal starting at `at`.
fn skip_string(bytes: &[u8], mut at: usize) -> usize {
    at += 1;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'\\' => at += 2,
            b'"' => return at + 1,
            _ => at += 1,
        }
    }
    bytes.len()
}

/// The offset after the value starting at `at`.
fn skip_value(bytes: &[u8], mut at: usize) -> usize {
    match bytes.get(at) {
        Some(b'"') => skip_string(bytes, at),
        Some(b'{' | b'[') => {
            let mut depth = 0usize;
            while let Some(&byte) = bytes.get(at) {
                match byte {
                    b'"' => {
                        at = skip_string(bytes, at);
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return at + 1;
                        }
                    }
                    _ => {}
                }
                at += 1;
            }
            bytes.len()
        }
        _ => {
            while bytes.get(at).is_some_and(|byte| !matches!(byte, b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n')) {
                at += 1;
            }
            at
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn locate(text: &str, pointer: &str) -> Position {
        JsonLocator::new(text).locate(text, pointer)
    }

    const PRETTY: &str = "{\n  \"openapi\": \"3.1.0\",\n  \"paths\": {\n    \"/a/{id}\": {\n      \"get\": {\n        \"parameters\": [\n          {\"name\": \"x\"},\n          {\n            \"name\": \"y\",\n            \"in\": \"query\"\n          }\n        ]\n      }\n    }\n  }\n}\n";

    #[test]
    fn finds_keys_and_items_of_a_pretty_printed_document() {
        assert_eq!(locate(PRETTY, "/paths/~1a~1{id}/get"), Position { line: 5, column: 7 });
        assert_eq!(locate(PRETTY, "/paths/~1a~1{id}/get/parameters/0/name"), Position { line: 7, column: 12 });
        assert_eq!(locate(PRETTY, "/paths/~1a~1{id}/get/parameters/1/in"), Position { line: 10, column: 13 });
    }

    #[test]
    fn finds_columns_on_one_line() {
        let text = r#"{"a": {"b\"c": [1, {"d": "x,}]"}], "e": {"f": 2}}, "é": {"g": 3}}"#;
        assert_eq!(locate(text, "/a/e/f"), Position { line: 1, column: 42 });
        assert_eq!(locate(text, "/a/b\"c/1/d"), Position { line: 1, column: 21 });
        assert_eq!(locate(text, "/é/g"), Position { line: 1, column: 58 });
    }

    #[test]
    fn stops_at_the_deepest_ancestor_found() {
        assert_eq!(locate(PRETTY, "/paths/~1a~1{id}/post/responses"), Position { line: 4, column: 5 });
        assert_eq!(locate(PRETTY, "/paths/~1a~1{id}/get/parameters/7"), Position { line: 6, column: 9 });
        assert_eq!(locate(PRETTY, ""), Position { line: 1, column: 1 });
    }
}
