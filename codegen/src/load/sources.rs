//! The text of every spec file, and the diagnostics located in it: a JSON pointer (through
//! the `$ref`s and YAML merge keys on its way) or a serde_yaml error becomes
//! file:line:column.

use super::locate;
use crate::error::Diagnostic;
use crate::pointer::FileId;
use std::cell::OnceCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The text of every spec file, to turn JSON pointers into file:line:column.
#[derive(Debug, Default)]
pub struct Sources {
    pub(super) files: Vec<(PathBuf, String)>,
    /// Built on a file's first diagnostic, reused by the rest.
    locators: Vec<OnceCell<locate::Locator>>,
    /// Per file: pointers whose value was inlined from a `$ref` target, and that target.
    redirects: Vec<HashMap<String, (FileId, String)>>,
    /// Per file: keys a YAML merge brought in, and the `<<` entry they were written under
    /// (the place a diagnostic about them points at; its pointer stays the merged one).
    merges: Vec<HashMap<String, String>>,
    /// The merged documents (the other files are `$ref` targets).
    pub(super) documents: Vec<FileId>,
    /// Schemas outside `#/components/schemas` that became components, by (file, pointer).
    pub(super) external_schemas: HashMap<(FileId, String), String>,
}

impl Sources {
    pub(super) fn add(&mut self, path: PathBuf, text: String) -> FileId {
        self.files.push((path, text));
        self.locators.push(OnceCell::new());
        self.redirects.push(HashMap::new());
        self.merges.push(HashMap::new());
        self.files.len() - 1
    }

    /// How many files the spec has; their ids are `0..count`.
    pub fn count(&self) -> usize {
        self.files.len()
    }

    /// The text of a spec file, as read.
    pub fn text(&self, file: FileId) -> &str {
        &self.files[file].1
    }

    /// Records that the value at `pointer` in `file` was read from `to_pointer` in `to_file`.
    pub(super) fn redirect(&mut self, file: FileId, pointer: String, to_file: FileId, to_pointer: String) {
        self.redirects[file].insert(pointer, (to_file, to_pointer));
    }

    /// Records the keys a YAML merge brought into `file` (see [`untyped::Parsed::merged`]).
    pub(super) fn merged(&mut self, file: FileId, merged: Vec<(String, String)>) {
        self.merges[file].extend(merged);
    }

    /// The pointer whose text holds the node at `pointer`: a key brought in by a merge key
    /// is written at its `<<` entry.
    fn written_at(&self, file: FileId, pointer: &str) -> String {
        let mut prefix = pointer;
        loop {
            if let Some(merge_at) = self.merges[file].get(prefix) {
                return format!("{merge_at}{}", &pointer[prefix.len()..]);
            }
            match prefix.rfind('/') {
                Some(slash) => prefix = &prefix[..slash],
                None => return pointer.to_owned(),
            }
        }
    }

    /// Where the node at `pointer` in `file` was written: through every inlined `$ref`
    /// on its way, the longest recorded prefix first.
    fn origin(&self, mut file: FileId, pointer: &str) -> (FileId, String) {
        let mut pointer = pointer.to_owned();
        // Bounded: load rejects cycles, so a chain of redirects is at most as long as the files.
        for _ in 0..=self.files.len() {
            let mut prefix = pointer.as_str();
            let hit = loop {
                if let Some(target) = self.redirects[file].get(prefix) {
                    break Some((target, prefix.len()));
                }
                match prefix.rfind('/') {
                    Some(slash) => prefix = &prefix[..slash],
                    None => break None,
                }
            };
            let Some(((to_file, to_pointer), matched)) = hit else { break };
            pointer = format!("{to_pointer}{}", &pointer[matched..]);
            file = *to_file;
        }
        (file, pointer)
    }

    pub fn path(&self, file: FileId) -> &Path {
        &self.files[file].0
    }

    /// A diagnostic for the node at `pointer` (JSON pointer, without `#`) in `file`.
    pub fn diagnostic(&self, file: FileId, pointer: &str, message: String, hint: Option<String>) -> Diagnostic {
        let (file, pointer) = self.origin(file, pointer);
        let pointer = pointer.as_str();
        let (path, text) = &self.files[file];
        let written = self.written_at(file, pointer);
        let position = self.locators[file].get_or_init(|| locate::Locator::new(text)).locate(text, &written);
        // A spec name quoted in the message may hold a line break; a diagnostic is one line.
        let one_line = |text: String| text.replace('\n', "\\n");
        Diagnostic {
            file: path.clone(),
            line: position.line,
            column: position.column,
            pointer: pointer.to_owned(),
            message: one_line(message),
            hint: hint.map(one_line),
        }
    }
}

/// A serde_yaml error in `text` (the file at `path`), located at its line and column.
pub(super) fn yaml_diagnostic(path: &Path, text: &str, error: &serde_yaml::Error) -> Diagnostic {
    let (line, column) = error.location().map_or((1, 1), |location| (location.line(), location.column()));
    let (line, column) = within(text, line, column);
    Diagnostic {
        file: path.to_owned(),
        line,
        column,
        pointer: String::new(),
        message: without_location(&error.to_string()),
        hint: None,
    }
}

/// serde_yaml places an error at the end of input one line past a last line without a
/// newline; point at the end of that last line instead.
pub(super) fn within(text: &str, line: usize, column: usize) -> (usize, usize) {
    let last = text.lines().count().max(1);
    if line <= last {
        return (line, column);
    }
    (last, text.lines().last().map_or(0, str::len) + 1)
}

/// serde_yaml appends " at line L column C", which the diagnostic already leads with.
pub(super) fn without_location(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(index) if message[index..].contains(" column ") => message[..index].to_owned(),
        _ => message.to_owned(),
    }
}
