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

/// The position of the node at `pointer` (`/paths/~1v1~1users/get`), or of its deepest
/// ancestor that could be found.
pub fn locate(text: &str, pointer: &str) -> Position {
    let lines: Vec<&str> = text.lines().collect();
    let mut found = Position { line: 1, column: 1 };
    let mut start = 0;
    let mut parent_indent: Option<usize> = None;
    for segment in pointer.split('/').skip(1).map(unescape) {
        // `200` may be a mapping key (a status code) or an index into a sequence.
        let hit = find_key(&lines, start, parent_indent, &segment)
            .or_else(|| segment.parse::<usize>().ok().and_then(|index| find_item(&lines, start, parent_indent, index)));
        let Some((line, indent)) = hit else { break };
        found = Position { line: line + 1, column: indent + 1 };
        start = line + 1;
        parent_indent = Some(indent);
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

/// Lines of the block under the parent: from `start` until a line at or left of the parent.
fn block<'a>(
    lines: &'a [&'a str],
    start: usize,
    parent_indent: Option<usize>,
) -> impl Iterator<Item = (usize, &'a str)> + 'a {
    lines
        .iter()
        .copied()
        .enumerate()
        .skip(start)
        .filter(|(_, line)| !is_blank(line))
        .take_while(move |(_, line)| parent_indent.is_none_or(|parent| indent_of(line) > parent))
}

fn find_key(lines: &[&str], start: usize, parent_indent: Option<usize>, key: &str) -> Option<(usize, usize)> {
    let forms = [format!("{key}:"), format!("\"{key}\":"), format!("'{key}':")];
    block(lines, start, parent_indent).find_map(|(index, line)| {
        let trimmed = line.trim_start();
        let entry = trimmed.strip_prefix("- ").unwrap_or(trimmed);
        let column = indent_of(line) + (trimmed.len() - entry.len());
        forms.iter().any(|form| entry.starts_with(form.as_str())).then_some((index, column))
    })
}

fn find_item(lines: &[&str], start: usize, parent_indent: Option<usize>, wanted: usize) -> Option<(usize, usize)> {
    let mut items =
        block(lines, start, parent_indent).filter(|(_, line)| line.trim_start().starts_with('-')).peekable();
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
        assert_eq!(locate(TEXT, "/paths/~1b/get").line, 10);
        assert_eq!(locate("r:\n  '200':\n    a: 1\n", "/r/200/a").line, 3);
    }

    #[test]
    fn stops_at_the_deepest_ancestor_found() {
        assert_eq!(locate(TEXT, "/paths/~1a~1{id}/post/responses").line, 3);
    }
}
