//! Writes a generated crate: plan every change in memory, then apply each atomically.
//!
//! Nothing is written unless generation succeeded, and a file is replaced only when its
//! bytes change, by a rename of a complete temporary file.

use codegen::GeneratedFile;
use std::io;
use std::path::{Path, PathBuf};

/// Rust files under `src/` that the generator owns: any it did not emit are removed.
const OWNED_DIR: &str = "src";

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
    let owned = out.join(OWNED_DIR);
    if let Ok(entries) = std::fs::read_dir(&owned) {
        let mut stale: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|entry| entry.path())
            .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
            .filter(|path| !files.iter().any(|file| out.join(&file.path) == *path))
            .collect();
        stale.sort();
        changes.extend(stale.into_iter().map(Change::Remove));
    }
    Ok(Plan { changes })
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
