//! Writes a generated crate: plan every change in memory, then apply each atomically.
//!
//! Nothing is written unless generation succeeded, and a file is replaced only when its
//! bytes change, by a rename of a complete temporary file.

use codegen::GeneratedFile;
use std::io;
use std::path::{Path, PathBuf};

/// The files under `src/` (at any depth) that the generator owns, by extension: Rust, and the
/// fake's JSON tables. Any it did not emit are removed.
const OWNED_DIR: &str = "src";
const OWNED_EXTENSIONS: [&str; 2] = ["rs", "json"];

pub enum Change {
    Create(PathBuf, String),
    Update(PathBuf, String),
    Remove(PathBuf),
}

impl Change {
    pub fn path(&self) -> &Path {
        match self {
            Self::Create(path, _) | Self::Update(path, _) | Self::Remove(path) => path,
        }
    }

    pub fn verb(&self) -> &'static str {
        match self {
            Self::Create(..) => "created",
            Self::Update(..) => "updated",
            Self::Remove(_) => "removed",
        }
    }
}

pub struct Plan {
    pub changes: Vec<Change>,
}

impl Plan {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// What writing `files` into `out` would change.
pub fn plan(out: &Path, files: &[GeneratedFile]) -> Result<Plan, (PathBuf, io::Error)> {
    let mut changes = Vec::new();
    for file in files {
        let path = out.join(&file.path);
        match std::fs::read(&path) {
            Ok(existing) if existing == file.contents.as_bytes() => {}
            Ok(_) => changes.push(Change::Update(path, file.contents.clone())),
            Err(error) if error.kind() == io::ErrorKind::NotFound => {
                changes.push(Change::Create(path, file.contents.clone()))
            }
            Err(error) => return Err((path, error)),
        }
    }
    let mut owned = Vec::new();
    owned_files(&out.join(OWNED_DIR), &mut owned);
    let mut stale: Vec<PathBuf> =
        owned.into_iter().filter(|path| !files.iter().any(|file| out.join(&file.path) == *path)).collect();
    stale.sort();
    changes.extend(stale.into_iter().map(Change::Remove));
    Ok(Plan { changes })
}

/// The generator's files under `dir` (a directory that does not exist has none).
fn owned_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for path in entries.filter_map(Result::ok).map(|entry| entry.path()) {
        if path.is_dir() {
            owned_files(&path, out);
        } else if path.extension().is_some_and(|ext| OWNED_EXTENSIONS.iter().any(|owned| ext == *owned)) {
            out.push(path);
        }
    }
}

pub fn apply(plan: &Plan) -> Result<(), (PathBuf, io::Error)> {
    for change in &plan.changes {
        let result = match change {
            Change::Create(path, contents) | Change::Update(path, contents) => atomic(path, contents.as_bytes()),
            Change::Remove(path) => std::fs::remove_file(path),
        };
        result.map_err(|error| (change.path().to_owned(), error))?;
    }
    Ok(())
}

/// Writes a sibling temporary file, then renames it over `path`.
pub fn atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let file_name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    let temporary = path.with_file_name(format!(".{file_name}.{}.tmp", std::process::id()));
    std::fs::write(&temporary, contents)?;
    std::fs::rename(&temporary, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&temporary);
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A crate that loses its fake loses `src/fake/`'s files, the JSON tables too; other
    /// files are left alone.
    #[test]
    fn files_the_generator_no_longer_emits_are_removed_at_any_depth() {
        let out = std::env::temp_dir().join(format!("xtask-write-{}", std::process::id()));
        for (path, contents) in [
            ("src/lib.rs", "lib"),
            ("src/fake/spec.rs", "spec"),
            ("src/fake/spec.json", "{}"),
            ("src/notes.txt", "mine"),
            ("README.md", "mine"),
        ] {
            atomic(&out.join(path), contents.as_bytes()).expect("write a file");
        }
        let files = [GeneratedFile { path: PathBuf::from("src/lib.rs"), contents: "lib".to_owned() }];
        let plan = plan(&out, &files);
        std::fs::remove_dir_all(&out).expect("clean up");
        let changes: Vec<(&str, PathBuf)> = plan
            .expect("plan")
            .changes
            .iter()
            .map(|change| (change.verb(), change.path().strip_prefix(&out).expect("under out").to_owned()))
            .collect();
        let removed = |path: &str| ("removed", PathBuf::from(path));
        assert_eq!(changes, [removed("src/fake/spec.json"), removed("src/fake/spec.rs")]);
    }
}
