//! A large YAML document read in pieces, on every core. serde_yaml reads a document by
//! first buffering every event of it (24 times the text's size in memory), on one core.
//! The entries of `paths` and of each `components` section are independent, so a
//! block-style document is cut between them, each piece (re-opened under its parents'
//! keys) is read on its own, and the pieces' documents are joined in order.
//!
//! The cuts are made only where YAML leaves no doubt: at a line that starts an entry of a
//! block mapping, at that mapping's indentation, under a header line that is just `key:`.
//! A scalar or flow collection cut in two fails to parse, and so does an alias cut from its
//! anchor; any piece that fails, or a layout this does not recognize, sends the document to
//! be read whole, as before, which also gives its errors their lines.

use super::spec::Document;
use crate::cores::on_every_core;

/// Below this, a document is read whole: threads would cost more than they save.
const SMALLEST: usize = 256 * 1024;
/// A piece's size: its events are what a reading thread holds at a time.
const PIECE: usize = 64 * 1024;

/// `text`'s document, read in pieces, or `None`: read it whole.
pub(super) fn read(text: &str) -> Option<Document> {
    if text.len() < SMALLEST {
        return None;
    }
    read_in(text, PIECE)
}

/// [`read`] with pieces of about `size` bytes. A piece's text is made by the thread that
/// reads it, so at most one piece's text and events per thread are alive.
fn read_in(text: &str, size: usize) -> Option<Document> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let pieces = split(&lines, size)?;
    let read = |index: usize| serde_yaml::from_str::<Document>(&piece_text(&lines, &pieces[index])).ok();
    let mut whole = Document::default();
    for document in on_every_core(pieces.len(), read) {
        join(&mut whole, document?);
    }
    Some(whole)
}

/// A piece: runs of lines (its parents' header lines, then entries), read as one document.
type Piece = Vec<Lines>;
type Lines = std::ops::Range<usize>;

fn piece_text(lines: &[&str], piece: &Piece) -> String {
    piece.iter().flat_map(|run| &lines[run.clone()]).copied().collect()
}

fn one_line(index: usize) -> Lines {
    index..index + 1
}

fn length(lines: &[&str], run: &Lines) -> usize {
    lines[run.clone()].iter().map(|line| line.len()).sum()
}

/// Adds a piece's document to the ones before it. A key is in one piece only, except the
/// entries of the maps that were cut, which are added in order (a repeated name keeps its
/// last definition, as reading the whole document does).
fn join(whole: &mut Document, piece: Document) {
    let Document { openapi, swagger, info, servers, paths, components, external_docs } = piece;
    whole.openapi = whole.openapi.take().or(openapi);
    whole.external_docs = whole.external_docs.take().or(external_docs);
    whole.swagger = whole.swagger.take().or(swagger);
    whole.info = whole.info.take().or(info);
    whole.servers.extend(servers);
    whole.paths.extend(paths);
    let super::spec::Components { schemas, parameters, request_bodies, responses, security_schemes } = components;
    whole.components.schemas.extend(schemas);
    whole.components.parameters.extend(parameters);
    whole.components.request_bodies.extend(request_bodies);
    whole.components.responses.extend(responses);
    whole.components.security_schemes.extend(security_schemes);
}

/// The pieces of a document: the top-level entries other than `paths` and `components`,
/// whole, then `paths`' entries and each `components` section's, in runs of about `size`
/// bytes, each under its parents' header lines. `None` when the layout is not one to cut.
fn split(lines: &[&str], size: usize) -> Option<Vec<Piece>> {
    let top = entries(lines, 0..lines.len(), 0)?;
    if !distinct(&top, lines) {
        return None;
    }
    let mut head = Piece::new();
    let mut pieces = Vec::new();
    for entry in top {
        match key(lines[entry.start]) {
            Some("paths") => cut(lines, entry, &[], size, &mut pieces),
            Some("components") => {
                let header = [one_line(entry.start)];
                let sections = children(lines, entry)?;
                if !distinct(&sections, lines) {
                    return None;
                }
                for section in sections {
                    cut(lines, section, &header, size, &mut pieces);
                }
            }
            _ => head.push(entry),
        }
    }
    if !head.is_empty() {
        pieces.insert(0, head);
    }
    Some(pieces)
}

/// Appends the pieces of the entry at `entry` (its header line, then its children): runs of
/// children under `parents` and the header, or the entry whole when its header line is
/// not a bare `key:`.
fn cut(lines: &[&str], entry: Lines, parents: &[Lines], size: usize, pieces: &mut Vec<Piece>) {
    let mut header = parents.to_vec();
    header.push(one_line(entry.start));
    let Some(children) = children(lines, entry.clone()) else {
        header.push(entry.start + 1..entry.end);
        return pieces.push(header);
    };
    let mut piece = header.clone();
    let mut bytes = 0;
    for child in children {
        bytes += length(lines, &child);
        piece.push(child);
        if bytes >= size {
            pieces.push(std::mem::replace(&mut piece, header.clone()));
            bytes = 0;
        }
    }
    if piece.len() > header.len() {
        pieces.push(piece);
    }
}

/// The entries of the block mapping under the header line at `range.start`: `None` when
/// that line is not a bare `key:` or its body is not a block mapping with simple keys.
fn children(lines: &[&str], range: Lines) -> Option<Vec<Lines>> {
    let header = lines[range.start].trim_end();
    if !header.ends_with(':') || key(header).is_none() {
        return None;
    }
    let body = range.start + 1..range.end;
    let first = body.clone().find(|&index| !is_blank(lines[index]))?;
    let indent = indentation(lines[first]);
    if indent <= indentation(header) {
        return None;
    }
    entries(lines, first..range.end, indent)
}

/// The entries of a block mapping at `indent` over `range`, each from its key line to the
/// next (blank and comment lines go with the entry before them): `None` when a line at
/// that indentation or less is not a simple key, or a tab or document marker is in the way.
fn entries(lines: &[&str], range: Lines, indent: usize) -> Option<Vec<Lines>> {
    let mut starts = Vec::new();
    for index in range.clone() {
        let line = lines[index];
        if is_blank(line) {
            continue;
        }
        let own = indentation(line);
        if own < indent {
            return None;
        }
        // A deeper line is inside the entry above, whatever it holds.
        if own == indent {
            if line.starts_with("---") || line.starts_with("...") || line[own..].starts_with('\t') {
                return None;
            }
            key(line)?;
            starts.push(index);
        }
    }
    // Leading blank and comment lines belong to no entry.
    if starts.first().copied() != range.clone().find(|&index| !is_blank(lines[index])) {
        return None;
    }
    let ends = starts.iter().skip(1).copied().chain([range.end]);
    Some(starts.iter().zip(ends).map(|(&start, end)| start..end).collect())
}

/// Whether no two entries have the same key: a repeated field is an error that only
/// reading the whole document reports.
fn distinct(entries: &[Lines], lines: &[&str]) -> bool {
    let mut keys: Vec<&str> = entries.iter().filter_map(|entry| key(lines[entry.start])).collect();
    let count = keys.len();
    keys.sort_unstable();
    keys.dedup();
    keys.len() == count && count == entries.len()
}

/// The key of a line that starts a block mapping entry with a plain key (`paths:`,
/// `/v1/users/{id}:`, `Pet.Status:`), or `None`.
fn key(line: &str) -> Option<&str> {
    let trimmed = line.trim_start_matches(' ');
    let first = trimmed.chars().next()?;
    if first.is_whitespace() || "-?:,[]{}#&*!|>'\"%@`".contains(first) {
        return None;
    }
    let end = trimmed.find(": ").or_else(|| trimmed.trim_end().strip_suffix(':').map(str::len))?;
    let key = &trimmed[..end];
    (!key.contains(" #") && !key.contains('\t')).then_some(key)
}

/// A line with only spaces, or a comment.
fn is_blank(line: &str) -> bool {
    let trimmed = line.trim_start_matches(' ').trim_end();
    trimmed.is_empty() || trimmed.starts_with('#')
}

fn indentation(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The pieces' texts.
    fn split_text(text: &str, size: usize) -> Option<Vec<String>> {
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        Some(split(&lines, size)?.iter().map(|piece| piece_text(&lines, piece)).collect())
    }

    const SPEC: &str = "\
openapi: 3.0.3
info:
  title: T
  version: v1
paths:
  /a:
    get:
      operationId: A
      description: |
        text
      responses: {}
  # a comment
  /b:
    get: {operationId: B, responses: {}}
components:
  schemas:
    A:
      type: string
    B: {type: integer}
  parameters:
    P: {name: p, in: query}
";

    #[test]
    fn cuts_between_entries_and_reads_what_the_whole_document_reads() {
        let pieces = split_text(SPEC, 1).unwrap();
        assert_eq!(pieces.len(), 6);
        assert_eq!(pieces[0], "openapi: 3.0.3\ninfo:\n  title: T\n  version: v1\n");
        assert_eq!(pieces[2], "paths:\n  /b:\n    get: {operationId: B, responses: {}}\n");
        assert_eq!(pieces[4], "components:\n  schemas:\n    B: {type: integer}\n");
        let whole: Document = serde_yaml::from_str(SPEC).unwrap();
        assert_eq!(format!("{:?}", read_in(SPEC, 1).unwrap()), format!("{whole:?}"));
    }

    /// Every YAML document of `spec/` and the fixtures, cut before each entry it can cut,
    /// reads as it reads whole.
    #[test]
    fn the_repository_specs_read_the_same_in_pieces() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        for dir in [root.join("../spec"), root.join("tests/fixtures")] {
            files.extend(crate::load::spec_files(&dir).unwrap());
        }
        let mut cut = 0;
        for file in files.iter().filter(|file| file.extension().is_some_and(|ext| ext != "json")) {
            let text = std::fs::read_to_string(file).unwrap();
            let Ok(whole) = serde_yaml::from_str::<Document>(&text) else { continue };
            if let Some(pieces) = read_in(&text, 1) {
                assert_eq!(format!("{pieces:?}"), format!("{whole:?}"), "{}", file.display());
                cut += 1;
            }
        }
        assert!(cut >= 20, "only {cut} of {} files were cut", files.len());
    }

    #[test]
    fn what_it_does_not_cut() {
        // A repeated top-level key, a document marker, a top-level sequence, a tab.
        assert!(split_text("paths:\n  /a: {}\npaths:\n  /b: {}\n", 1).is_none());
        assert!(split_text("---\nopenapi: 3.0.3\n", 1).is_none());
        assert!(split_text("- a\n- b\n", 1).is_none());
        assert!(split_text("openapi: 3.0.3\n\tinfo: {}\n", 1).is_none());
        // `paths` with a flow value is kept whole.
        assert_eq!(split_text("# flow\npaths: {/a: {}}\n", 1).unwrap(), ["paths: {/a: {}}\n"]);
    }

    #[test]
    fn a_piece_that_fails_sends_the_document_to_be_read_whole() {
        // A quoted scalar whose second line is at the entries' indentation: cut in two.
        let text = "paths:\n  /a:\n    description: \"one\n  two: three\"\n  /b: {}\n";
        assert!(split_text(text, 1).is_some());
        assert!(read_in(text, 1).is_none());
        // An alias whose anchor is in another piece.
        let text = "components:\n  schemas:\n    A: &a {type: string}\n    B: *a\n";
        assert!(read_in(text, 1).is_none());
    }

    /// Line-level damage to the repository's spec: reading it in pieces never accepts what
    /// reading it whole rejects, and reads what it accepts the same.
    mod damaged {
        use super::*;
        use proptest::prelude::*;
        use proptest::sample::{Index, select};

        const STARTS: &[&str] =
            &["", " ", "  ", "\t", "- ", "? ", "\"", "'", "{", "[", "&a ", "*a ", "---", "#", "%", "paths:"];

        /// The files of `spec/`, each a document.
        fn specs() -> Vec<String> {
            let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
            let files = crate::load::spec_files(&dir).unwrap();
            files.iter().map(|file| std::fs::read_to_string(file).unwrap()).collect()
        }

        fn damage(text: &str, edits: &[(Index, u8, &str)]) -> String {
            let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
            for (at, kind, start) in edits {
                let at = at.index(lines.len());
                match kind % 4 {
                    0 => drop(lines.remove(at)),
                    1 => lines.insert(at, lines[at].clone()),
                    2 => lines[at].insert_str(0, start),
                    _ => lines[at] = lines[at].trim_start_matches(' ').to_owned(),
                }
            }
            lines.join("\n") + "\n"
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]
            #[test]
            fn never_accepts_more_than_the_whole_document(
                file in any::<Index>(),
                edits in proptest::collection::vec((any::<Index>(), any::<u8>(), select(STARTS)), 1..4)
            ) {
                let specs = specs();
                let text = damage(&specs[file.index(specs.len())], &edits);
                let whole = serde_yaml::from_str::<Document>(&text);
                match (whole, read_in(&text, 1)) {
                    (Err(error), Some(_)) => prop_assert!(false, "whole: {error}; pieces accepted it"),
                    (Ok(whole), Some(pieces)) => prop_assert_eq!(format!("{pieces:?}"), format!("{whole:?}")),
                    _ => {}
                }
            }
        }
    }
}
