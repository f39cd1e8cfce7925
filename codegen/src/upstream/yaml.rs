//! Writing imported spec values as block-style YAML, and splicing them into a spec
//! file's text without touching the rest of it (its comments, order and quoting stay).

use crate::load::{Json, raw};

/// Appends `key: value` at `indent`, block style, sequences indented under their key
/// (the layout of the hand-written spec files).
pub fn write_entry(out: &mut String, indent: usize, key: &str, value: &Json) {
    push_indent(out, indent);
    out.push_str(&key_scalar(key));
    out.push(':');
    write_value(out, indent, value);
}

/// The value after `key:` or `-`: nested on the next lines, or inline after a space.
fn write_value(out: &mut String, indent: usize, value: &Json) {
    match value {
        Json::Object(entries) if !entries.is_empty() => {
            out.push('\n');
            for (key, value) in entries {
                write_entry(out, indent + 2, key, value);
            }
        }
        Json::Array(items) if !items.is_empty() => {
            out.push('\n');
            for item in items {
                write_item(out, indent + 2, item);
            }
        }
        scalar => {
            out.push(' ');
            out.push_str(&inline(scalar, indent));
            out.push('\n');
        }
    }
}

/// A sequence item: `- ` then a mapping's first entry on the same line.
fn write_item(out: &mut String, indent: usize, value: &Json) {
    match value {
        Json::Object(entries) if !entries.is_empty() => {
            let mut nested = String::new();
            for (key, value) in entries {
                write_entry(&mut nested, indent + 2, key, value);
            }
            push_indent(out, indent);
            out.push_str("- ");
            out.push_str(&nested[indent + 2..]);
        }
        other => {
            push_indent(out, indent);
            out.push('-');
            write_value(out, indent, other);
        }
    }
}

fn push_indent(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// A scalar, or an empty mapping or sequence, on one line (a block string continues on
/// the following lines, indented past `indent`).
fn inline(value: &Json, indent: usize) -> String {
    match value {
        Json::Null => "null".to_owned(),
        Json::Bool(value) => value.to_string(),
        Json::Int(value) => value.to_string(),
        Json::UInt(value) => value.to_string(),
        Json::Float(value) if value.is_nan() => ".nan".to_owned(),
        Json::Float(value) if value.is_infinite() => if *value > 0.0 { ".inf" } else { "-.inf" }.to_owned(),
        Json::Float(value) => format!("{value:?}"),
        Json::String(text) => {
            let scalar = raw::string_scalar(text);
            let mut lines = scalar.split('\n');
            let mut out = lines.next().unwrap_or_default().to_owned();
            for line in lines {
                out.push('\n');
                if !line.is_empty() {
                    out.push_str(&" ".repeat(indent));
                    out.push_str(line);
                }
            }
            out
        }
        Json::Object(_) => "{}".to_owned(),
        Json::Array(_) => "[]".to_owned(),
    }
}

/// A mapping key: plain or quoted, always on one line.
fn key_scalar(key: &str) -> String {
    if key.contains(['\n', '\r']) { Json::String(key.to_owned()).to_json_string() } else { raw::string_scalar(key) }
}

/// A block-style mapping entry found in a file's text: lines are 0-based.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    /// The line holding `key:`.
    pub line: usize,
    pub indent: usize,
    /// One past the last line of its content (the key line itself when empty).
    pub end: usize,
    /// The indentation of its entries, when it has any.
    pub child_indent: Option<usize>,
    /// The value is written on the key's line (`key: {}`): entries cannot be appended.
    pub inline: bool,
}

/// Finds the entry `key` directly inside `parent` (`None`: the top level).
fn find(text: &str, parent: Option<Block>, key: &str) -> Option<Block> {
    let lines: Vec<&str> = text.lines().collect();
    let (start, end, indent) = match parent {
        Some(block) => (block.line + 1, block.end, block.child_indent?),
        None => (0, lines.len(), 0),
    };
    let forms = [format!("{key}:"), format!("\"{key}\":"), format!("'{key}':")];
    let line = (start..end).find(|&index| {
        let line = lines[index];
        indent_of(line) == indent && forms.iter().any(|form| line[indent..].starts_with(form.as_str()))
    })?;
    let after_colon = lines[line][indent..].split_once(':').map_or("", |(_, rest)| rest).trim();
    let content: Vec<usize> = (line + 1..lines.len())
        .filter(|&index| !is_blank(lines[index]))
        .take_while(|&index| indent_of(lines[index]) > indent)
        .collect();
    Some(Block {
        line,
        indent,
        end: content.last().map_or(line + 1, |last| last + 1),
        child_indent: content.first().map(|&first| indent_of(lines[first])),
        inline: !after_colon.is_empty() && !after_colon.starts_with('#'),
    })
}

fn indent_of(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

fn is_blank(line: &str) -> bool {
    let trimmed = line.trim_start();
    trimmed.is_empty() || trimmed.starts_with('#')
}

/// Inserts `lines` (each ending in `\n`) before 0-based line `at` of `text`.
pub fn insert_lines(text: &mut String, at: usize, lines: &str) {
    let offset = text.split_inclusive('\n').take(at).map(str::len).sum::<usize>();
    if offset == text.len() && !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    let offset = offset.min(text.len());
    text.insert_str(offset, lines);
}

/// The block at `keys` (`["paths", "/v1/users"]`), top level first.
pub fn find_path(text: &str, keys: &[&str]) -> Option<Block> {
    keys.iter().try_fold(None, |parent, key| find(text, parent, key).map(Some)).flatten()
}

/// Adds `entries` to the mapping at `keys`, creating it (and its parents) at the end of
/// the enclosing block when missing.
pub fn add_section(text: &mut String, keys: &[&str], new: &[(String, Json)]) -> Result<(), (String, String)> {
    let pointer = |depth: usize| keys[..depth].iter().map(|key| format!("/{key}")).collect::<String>();
    // The deepest existing block along `keys`.
    let mut depth = 0;
    let mut block = None;
    while depth < keys.len() {
        match find(text, block, keys[depth]) {
            Some(found) => {
                block = Some(found);
                depth += 1;
            }
            None => break,
        }
    }
    if block.is_some_and(|found| found.inline) {
        return Err((pointer(depth), "written inline (`{}`): rewrite it in block style to import into it".to_owned()));
    }
    let mut lines = String::new();
    let base = block.map_or(0, |found| found.child_indent.unwrap_or(found.indent + 2));
    for (level, key) in keys[depth..].iter().enumerate() {
        lines.push_str(&" ".repeat(base + 2 * level));
        lines.push_str(key);
        lines.push_str(":\n");
    }
    let indent = if depth == keys.len() { base } else { base + 2 * (keys.len() - depth) };
    for (key, value) in new {
        write_entry(&mut lines, indent, key, value);
    }
    let at = block.map_or_else(|| text.lines().count(), |found| found.end);
    insert_lines(text, at, &lines);
    Ok(())
}

/// Adds `key: value` as the last entry of `block`.
pub fn append(text: &mut String, block: Block, key: &str, value: &Json, pointer: &str) -> Result<(), (String, String)> {
    if block.inline {
        return Err((pointer.to_owned(), "written inline: rewrite it in block style to import into it".to_owned()));
    }
    let mut lines = String::new();
    write_entry(&mut lines, block.child_indent.unwrap_or(block.indent + 2), key, value);
    insert_lines(text, block.end, &lines);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(key: &str, value: &Json) -> String {
        let mut out = String::new();
        write_entry(&mut out, 2, key, value);
        out
    }

    #[test]
    fn writes_block_style_like_the_hand_written_files() {
        let value = raw::parse(
            std::path::Path::new("x.yaml"),
            "get:\n  parameters:\n    - {in: path, name: id, required: true}\n  responses:\n    '200': {description: \"a\\nb\", content: {}}\n  tags: [x]\n",
        )
        .expect("valid");
        let expected = "  /v1/x/{id}:\n    get:\n      parameters:\n        - in: path\n          name: id\n          required: true\n      responses:\n        '200':\n          description: |-\n            a\n            b\n          content: {}\n      tags:\n        - x\n";
        assert_eq!(render("/v1/x/{id}", &value), expected);
        // What was written reads back as the same value.
        let back = raw::parse(std::path::Path::new("x.yaml"), expected).expect("valid");
        assert_eq!(back, Json::Object(vec![("/v1/x/{id}".to_owned(), value)]));
    }

    #[test]
    fn finds_blocks_and_their_ends() {
        let text = "# c\npaths:\n  /a:\n    get: {}\n\n# next\ncomponents:\n  schemas:\n    A:\n      type: object\n  responses: {}\n";
        let paths = find(text, None, "paths").expect("paths");
        assert_eq!((paths.line, paths.end, paths.child_indent, paths.inline), (1, 4, Some(2), false));
        let components = find(text, None, "components").expect("components");
        let schemas = find(text, Some(components), "schemas").expect("schemas");
        assert_eq!((schemas.line, schemas.end, schemas.child_indent), (7, 10, Some(4)));
        assert!(find(text, Some(components), "responses").expect("responses").inline);
        assert_eq!(find(text, Some(components), "parameters"), None);
        let mut edited = text.to_owned();
        insert_lines(&mut edited, paths.end, "  /b:\n    get: {}\n");
        assert!(edited.starts_with("# c\npaths:\n  /a:\n    get: {}\n  /b:\n    get: {}\n\n# next\n"));
    }

    #[test]
    fn adds_sections_to_block_files_and_refuses_inline_ones() {
        let mut text =
            "openapi: 3.0.3\ncomponents:\n  schemas:\n    A:\n      type: string\n# trailing comment\n".to_owned();
        let new = [("B".to_owned(), Json::Object(vec![("type".to_owned(), Json::String("integer".to_owned()))]))];
        add_section(&mut text, &["components", "schemas"], &new).expect("block style");
        add_section(&mut text, &["components", "parameters"], &new).expect("new kind");
        add_section(&mut text, &["paths"], &new).expect("new section");
        let expected = "openapi: 3.0.3\ncomponents:\n  schemas:\n    A:\n      type: string\n    B:\n      type: integer\n  parameters:\n    B:\n      type: integer\n# trailing comment\npaths:\n  B:\n    type: integer\n";
        assert_eq!(text, expected);
        let mut inline = "paths: {}\n".to_owned();
        assert!(add_section(&mut inline, &["paths"], &new).is_err());
    }
}
