//! The `mutated_repository_spec` target's inputs: byte- and line-level mutations of the
//! repository's `spec/`.

use proptest::prelude::*;
use proptest::sample::{Index, select};
use std::path::PathBuf;

/// YAML syntax, anchors and tags, BOM and NUL, numbers serde reads oddly, schema fragments.
#[rustfmt::skip]
const TOKENS: &[&str] = &[
    ":", ": ", "- ", "{", "}", "[", "]", "'", "\"", "&a ", "*a", "!!binary ", "!!str ", "!Custom ", "? ", "|", ">",
    "#", "\t", "\n", "\r", "$ref: '#/components/schemas/X'", "$ref: ", "null", "~", "<<: *a", "---\n", "...\n",
    "%YAML 1.2\n", "\u{feff}", "\0", "\u{2028}", "type: ", "items: ", "allOf: []", "oneOf: [{}]", "enum: []", "{id}",
    "0x1F", "1e999", ".nan", "-.inf", "properties: {a: {$ref: '#/components/schemas/rpc.Status'}}", "required: [x]",
];

#[derive(Debug, Clone)]
pub enum Mutation {
    DeleteBytes(Index, u8),
    InsertToken(Index, &'static str),
    /// Any byte, including ones that make the file invalid UTF-8.
    ReplaceByte(Index, u8),
    DeleteLine(Index),
    DuplicateLine(Index),
    SwapLines(Index, Index),
    MoveLine(Index, Index),
    /// Adds (positive) or strips (negative) leading spaces.
    Indent(Index, i8),
    Truncate(Index),
}

pub fn mutation() -> BoxedStrategy<Mutation> {
    prop_oneof![
        (any::<Index>(), 1..32u8).prop_map(|(at, len)| Mutation::DeleteBytes(at, len)),
        (any::<Index>(), select(TOKENS)).prop_map(|(at, token)| Mutation::InsertToken(at, token)),
        (any::<Index>(), any::<u8>()).prop_map(|(at, byte)| Mutation::ReplaceByte(at, byte)),
        any::<Index>().prop_map(Mutation::DeleteLine),
        any::<Index>().prop_map(Mutation::DuplicateLine),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::SwapLines(a, b)),
        (any::<Index>(), any::<Index>()).prop_map(|(a, b)| Mutation::MoveLine(a, b)),
        (any::<Index>(), -4..=4i8).prop_map(|(at, by)| Mutation::Indent(at, by)),
        any::<Index>().prop_map(Mutation::Truncate),
    ]
    .boxed()
}

pub fn apply(text: &mut Vec<u8>, mutation: &Mutation) {
    if text.is_empty() {
        return;
    }
    let len = text.len();
    let mut lines: Vec<Vec<u8>> = text.split(|&byte| byte == b'\n').map(<[u8]>::to_vec).collect();
    let count = lines.len();
    match mutation {
        Mutation::DeleteBytes(at, n) => {
            let start = at.index(len);
            text.drain(start..(start + usize::from(*n)).min(len));
            return;
        }
        Mutation::InsertToken(at, token) => {
            let at = at.index(len + 1);
            text.splice(at..at, token.bytes());
            return;
        }
        Mutation::ReplaceByte(at, byte) => {
            text[at.index(len)] = *byte;
            return;
        }
        Mutation::Truncate(at) => {
            text.truncate(at.index(len));
            return;
        }
        Mutation::DeleteLine(at) => {
            lines.remove(at.index(count));
        }
        Mutation::DuplicateLine(at) => {
            let at = at.index(count);
            lines.insert(at, lines[at].clone());
        }
        Mutation::SwapLines(a, b) => lines.swap(a.index(count), b.index(count)),
        Mutation::MoveLine(from, to) => {
            let line = lines.remove(from.index(count));
            lines.insert(to.index(count), line);
        }
        Mutation::Indent(at, by) => {
            let line = &mut lines[at.index(count)];
            let amount = usize::from(by.unsigned_abs());
            if *by < 0 {
                let spaces = line.iter().take_while(|&&byte| byte == b' ').count();
                line.drain(..spaces.min(amount));
            } else {
                line.splice(0..0, std::iter::repeat_n(b' ', amount));
            }
        }
    }
    *text = lines.join(&b'\n');
}

/// The repository's spec files, by name.
pub fn repository_spec() -> Vec<(String, Vec<u8>)> {
    let dir = crate::common::repository_spec();
    let mut paths: Vec<PathBuf> =
        std::fs::read_dir(&dir).expect("spec dir").map(|entry| entry.expect("dir entry").path()).collect();
    paths.sort();
    let read = |path: PathBuf| {
        let name = path.file_name().expect("file name").to_string_lossy().into_owned();
        (name, std::fs::read(&path).expect("read spec file"))
    };
    paths.into_iter().map(read).collect()
}
