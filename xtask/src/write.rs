//! Writes a generated crate: plan every change in memory, then apply them all or none.
//!
//! Nothing is written unless generation succeeded, and a file is replaced only when its
//! bytes change, by a rename of a complete temporary file. Every new file is written beside
//! its target first; only then are they renamed into place, each replaced or removed file kept
//! aside until all are. An I/O error at any step puts back what was done: the directory is as
//! it was (short of the machine stopping mid-apply, or the undo itself failing).

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

/// Applies every change of `plan`, or, on an I/O error, none: see the module doc.
pub fn apply(plan: &Plan) -> Result<(), (PathBuf, io::Error)> {
    let mut undo = Undo::default();
    let result = stage(plan, &mut undo).and_then(|staged| commit(plan, staged, &mut undo));
    match result {
        Ok(()) => {
            undo.forget();
            Ok(())
        }
        Err(error) => {
            undo.roll_back();
            Err(error)
        }
    }
}

/// What `apply` has done so far, to put back on an error.
#[derive(Default)]
struct Undo {
    /// Directories it created, outermost first.
    directories: Vec<PathBuf>,
    /// Complete new files not yet renamed into place.
    temporaries: Vec<PathBuf>,
    /// Files now at their target that were not there before.
    created: Vec<PathBuf>,
    /// (target, its old contents set aside), for files replaced or removed.
    kept: Vec<(PathBuf, PathBuf)>,
}

impl Undo {
    fn roll_back(self) {
        for path in self.temporaries.iter().chain(&self.created) {
            let _ = std::fs::remove_file(path);
        }
        for (target, aside) in self.kept.iter().rev() {
            let _ = std::fs::rename(aside, target);
        }
        for directory in self.directories.iter().rev() {
            let _ = std::fs::remove_dir(directory);
        }
    }

    fn forget(self) {
        for (_, aside) in &self.kept {
            let _ = std::fs::remove_file(aside);
        }
    }
}

/// A sibling of `path` named for this process: `.name.<pid>.<what>`.
fn sibling(path: &Path, what: &str) -> PathBuf {
    let file_name = path.file_name().map(|name| name.to_string_lossy().into_owned()).unwrap_or_default();
    path.with_file_name(format!(".{file_name}.{}.{what}", std::process::id()))
}

/// Writes every new file beside its target; returns (target, temporary) pairs in plan order.
fn stage(plan: &Plan, undo: &mut Undo) -> Result<Vec<(PathBuf, PathBuf)>, (PathBuf, io::Error)> {
    let mut staged = Vec::new();
    for change in &plan.changes {
        let (Change::Create(path, contents) | Change::Update(path, contents)) = change else { continue };
        create_parents(path, undo).map_err(|error| (path.clone(), error))?;
        let temporary = sibling(path, "tmp");
        std::fs::write(&temporary, contents).map_err(|error| (path.clone(), error))?;
        undo.temporaries.push(temporary.clone());
        staged.push((path.clone(), temporary));
    }
    Ok(staged)
}

/// The missing directories above `path`, created and recorded.
fn create_parents(path: &Path, undo: &mut Undo) -> io::Result<()> {
    let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) else { return Ok(()) };
    let missing: Vec<&Path> = parent.ancestors().take_while(|dir| !dir.exists()).collect();
    for dir in missing.into_iter().rev() {
        std::fs::create_dir(dir)?;
        undo.directories.push(dir.to_owned());
    }
    Ok(())
}

/// Renames the staged files into place and removes the stale ones, each old file set aside.
fn commit(plan: &Plan, staged: Vec<(PathBuf, PathBuf)>, undo: &mut Undo) -> Result<(), (PathBuf, io::Error)> {
    let mut staged = staged.into_iter();
    for change in &plan.changes {
        let path = change.path();
        let failed = |error| (path.to_owned(), error);
        match change {
            Change::Create(..) | Change::Update(..) => {
                let Some((target, temporary)) = staged.next() else { continue };
                if matches!(change, Change::Update(..)) {
                    // A copy, so that the target is replaced by one rename: readers see the
                    // old file or the new one, never neither.
                    let aside = sibling(&target, "old");
                    std::fs::copy(&target, &aside).map_err(failed)?;
                    undo.kept.push((target.clone(), aside));
                }
                std::fs::rename(&temporary, &target).map_err(failed)?;
                undo.temporaries.retain(|staged| *staged != temporary);
                if matches!(change, Change::Create(..)) {
                    undo.created.push(target);
                }
            }
            Change::Remove(path) => {
                let aside = sibling(path, "old");
                std::fs::rename(path, &aside).map_err(failed)?;
                undo.kept.push((path.clone(), aside));
            }
        }
    }
    Ok(())
}

/// Writes a sibling temporary file, then renames it over `path`.
pub fn atomic(path: &Path, contents: &[u8]) -> io::Result<()> {
    if let Some(parent) = path.parent().filter(|parent| !parent.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)?;
    }
    let temporary = sibling(path, "tmp");
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

    /// An I/O error halfway (here: a file to create where a directory stands) leaves every
    /// file as it was, the ones already replaced or removed too, and no temporary behind.
    #[test]
    fn an_io_error_while_applying_leaves_the_directory_as_it_was() {
        let out = std::env::temp_dir().join(format!("xtask-write-undo-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        for (path, contents) in [("a.txt", "old a"), ("src/gone.rs", "stale"), ("z/blocker/x", "in the way")] {
            atomic(&out.join(path), contents.as_bytes()).expect("write a file");
        }
        let snapshot = |out: &Path| {
            let mut found = Vec::new();
            fn walk(dir: &Path, found: &mut Vec<(PathBuf, String)>) {
                for entry in std::fs::read_dir(dir).expect("read dir").map(|entry| entry.expect("entry").path()) {
                    if entry.is_dir() {
                        walk(&entry, found);
                    } else {
                        found.push((entry.clone(), std::fs::read_to_string(&entry).expect("read")));
                    }
                }
            }
            walk(out, &mut found);
            found.sort();
            found
        };
        let before = snapshot(&out);
        let plan = Plan {
            changes: vec![
                Change::Update(out.join("a.txt"), "new a".to_owned()),
                Change::Create(out.join("new/dir/b.txt"), "b".to_owned()),
                Change::Remove(out.join("src/gone.rs")),
                // A directory is there: the rename fails, after the changes above.
                Change::Create(out.join("z/blocker"), "c".to_owned()),
            ],
        };
        let error = apply(&plan).expect_err("the last change cannot be made");
        let after = snapshot(&out);
        let new_dir_left = out.join("new").exists();
        std::fs::remove_dir_all(&out).expect("clean up");
        assert_eq!(error.0, out.join("z/blocker"));
        assert_eq!(after, before, "every file as it was, no temporary left");
        assert!(!new_dir_left, "the directories it created are gone");
    }

    #[test]
    fn a_plan_applied_replaces_creates_and_removes_leaving_nothing_aside() {
        let out = std::env::temp_dir().join(format!("xtask-write-apply-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&out);
        atomic(&out.join("a.txt"), b"old").expect("write");
        atomic(&out.join("gone.txt"), b"stale").expect("write");
        let plan = Plan {
            changes: vec![
                Change::Update(out.join("a.txt"), "new".to_owned()),
                Change::Create(out.join("d/b.txt"), "b".to_owned()),
                Change::Remove(out.join("gone.txt")),
            ],
        };
        apply(&plan).expect("applies");
        let mut names: Vec<String> = std::fs::read_dir(&out)
            .expect("read dir")
            .map(|entry| entry.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let (a, b) = (std::fs::read_to_string(out.join("a.txt")), std::fs::read_to_string(out.join("d/b.txt")));
        std::fs::remove_dir_all(&out).expect("clean up");
        assert_eq!(names, ["a.txt", "d"]);
        assert_eq!((a.expect("a").as_str(), b.expect("b").as_str()), ("new", "b"));
    }
}
