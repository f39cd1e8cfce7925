//! The maintainer's loop on a scratch copy of the repository's `spec/` and `generated/`:
//! spec edits → `cargo xtask codegen` → CHANGELOG.md's Unreleased
//! section → `cargo xtask release`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// An optional field added to `UserInvite`.
const ADDITIVE: (&str, &str) = (
    "        invite_url:\n          type: string\n",
    "        invite_url:\n          type: string\n        nickname:\n          type: string\n",
);
/// `UserInvite.invite_url` removed.
const BREAKING: (&str, &str) = ("        invite_url:\n          type: string\n", "");
/// A description: generated code changes, the API does not.
const DOCS: (&str, &str) = (
    "    UserInvite:\n      type: object\n",
    "    UserInvite:\n      description: An invitation.\n      type: object\n",
);

struct Scratch {
    root: PathBuf,
}

impl Scratch {
    /// A copy of the repository's `spec/` and `generated/`, released afresh as 0.1.0 on
    /// 2026-11-29, so that the repository's own releases do not change the expectations.
    fn new() -> Scratch {
        static COUNT: AtomicUsize = AtomicUsize::new(0);
        let repository = Path::new(env!("CARGO_MANIFEST_DIR")).parent().expect("workspace root");
        let name = format!("release-{}-{}", std::process::id(), COUNT.fetch_add(1, Ordering::Relaxed));
        let root = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
        let _ = std::fs::remove_dir_all(&root);
        for dir in ["spec", "generated"] {
            copy_dir(&repository.join(dir), &root.join(dir));
        }
        let scratch = Scratch { root };
        for file in ["API.released.txt", "CHANGELOG.md"] {
            std::fs::remove_file(scratch.root.join("generated").join(file)).expect("a released crate");
        }
        let printed = scratch.ok(&["codegen"]);
        assert!(
            printed.contains("[Unreleased]: not released yet: `cargo xtask release` makes the first release, 0.1.0")
        );
        let printed = scratch.ok(&["release", "--date", "2026-11-29"]);
        assert!(printed.contains("released redpanda-cloud 0.1.0 (2026-11-29): the first release"), "{printed}");
        assert!(printed.contains("then publish it: cargo publish --manifest-path generated/Cargo.toml"), "{printed}");
        scratch
    }

    fn xtask(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_xtask"))
            .arg("--root")
            .arg(&self.root)
            .args(args)
            .current_dir(&self.root)
            .output()
            .expect("run xtask")
    }

    /// Runs a command that must succeed; its standard output.
    fn ok(&self, args: &[&str]) -> String {
        let output = self.xtask(args);
        let (stdout, stderr) = (String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
        assert!(output.status.success(), "xtask {args:?} failed:\n{stdout}\n{stderr}");
        stdout.into_owned()
    }

    /// Runs a command that must be refused, changing nothing; its standard error.
    fn refused(&self, args: &[&str]) -> String {
        let before = snapshot(&self.root);
        let output = self.xtask(args);
        assert!(!output.status.success(), "xtask {args:?} succeeded");
        assert!(snapshot(&self.root) == before, "xtask {args:?} was refused but changed files");
        String::from_utf8_lossy(&output.stderr).into_owned()
    }

    fn edit(&self, (from, to): (&str, &str)) {
        let path = self.root.join("spec/user_invites.yaml");
        let text = std::fs::read_to_string(&path).expect("read spec");
        assert_eq!(text.matches(from).count(), 1, "the spec has exactly one {from:?}");
        std::fs::write(&path, text.replace(from, to)).expect("write spec");
    }

    fn read(&self, path: &str) -> String {
        std::fs::read_to_string(self.root.join(path)).expect("read")
    }

    /// The Unreleased section of the changelog, without its heading.
    fn unreleased(&self) -> String {
        let changelog = self.read("generated/CHANGELOG.md");
        let (_, section) = changelog.split_once("## [Unreleased]\n\n").expect("an Unreleased section");
        section.split("\n## [").next().unwrap_or_default().to_owned()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.root);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create dir");
    for entry in std::fs::read_dir(from).expect("read dir").map(|entry| entry.expect("entry")) {
        let path = entry.path();
        if path.is_dir() {
            copy_dir(&path, &to.join(entry.file_name()));
        } else {
            std::fs::copy(&path, to.join(entry.file_name())).expect("copy");
        }
    }
}

fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut files = BTreeMap::new();
    for entry in std::fs::read_dir(dir).expect("read dir").map(|entry| entry.expect("entry")) {
        let path = entry.path();
        if path.is_dir() {
            files.extend(snapshot(&path));
        } else {
            files.insert(path.clone(), std::fs::read(&path).expect("read"));
        }
    }
    files
}

#[test]
fn additive_release_then_breaking_change() {
    let scratch = Scratch::new();
    assert!(scratch.ok(&["codegen", "--check"]).contains("up to date"));
    assert_eq!(scratch.unreleased(), "Nothing to release: the crate is the same as 0.1.0.\n");
    assert!(scratch.refused(&["release", "--date", "2026-12-01"]).contains("nothing to release"));

    scratch.edit(ADDITIVE);
    // The spec changed and generated/ did not: release what was reviewed, or nothing.
    assert!(scratch.refused(&["release"]).contains("run `cargo xtask codegen`"));
    let printed = scratch.ok(&["codegen"]);
    assert!(printed.contains("updated generated/CHANGELOG.md"), "{printed}");
    assert!(printed.contains("generated/CHANGELOG.md [Unreleased]: the release needs 0.1.1"), "{printed}");
    assert_eq!(
        scratch.unreleased(),
        "### Added\n\n- added `field UserInvite.nickname: Option<String>`\n\n\
         The release needs 0.1.1, a patch bump from 0.1.0 (additions bump the patch version before 1.0, the minor version from 1.0).\n"
    );
    assert!(scratch.ok(&["codegen"]).contains("up to date"), "codegen twice changes nothing");

    let printed = scratch.ok(&["release", "--date", "2026-12-01"]);
    assert!(printed.contains("released redpanda-cloud 0.1.1 (2026-12-01): 1 change(s) to the public API since 0.1.0"));
    assert!(scratch.read("generated/Cargo.toml").contains("\nversion = \"0.1.1\"\n"));
    assert!(scratch.read("generated/API.txt").contains("\ncrate redpanda-cloud 0.1.1\n"));
    assert!(scratch.read("generated/API.released.txt").contains("\ncrate redpanda-cloud 0.1.1\n"));
    let changelog = scratch.read("generated/CHANGELOG.md");
    assert!(
        changelog
            .contains("## [0.1.1] - 2026-12-01\n\n### Added\n\n- added `field UserInvite.nickname: Option<String>`\n"),
        "{changelog}"
    );
    assert!(changelog.contains("\n## [0.1.0] - "), "older sections are kept: {changelog}");
    assert_eq!(scratch.unreleased(), "Nothing to release: the crate is the same as 0.1.1.\n");
    scratch.ok(&["codegen", "--check"]);
    assert!(scratch.refused(&["release"]).contains("nothing to release: the crate is the same as 0.1.1"));

    scratch.edit(BREAKING);
    scratch.ok(&["codegen"]);
    let unreleased = scratch.unreleased();
    assert!(unreleased.starts_with("### Breaking\n\n- removed `field UserInvite.invite_url: Option<String>`\n"));
    assert!(unreleased.contains("The release needs 0.2.0, a minor bump from 0.1.1"), "{unreleased}");
    let refusal = scratch.refused(&["release", "--version", "0.1.2"]);
    assert!(refusal.contains("0.1.2 is too low: the release needs 0.2.0"), "{refusal}");
    assert!(
        scratch
            .ok(&["release", "--version", "1.0.0", "--date", "2026-12-02"])
            .contains("released redpanda-cloud 1.0.0")
    );
    assert!(scratch.read("generated/Cargo.toml").contains("\nversion = \"1.0.0\"\n"));
}

#[test]
fn a_reverted_change_leaves_the_changelog() {
    let scratch = Scratch::new();
    scratch.edit(ADDITIVE);
    scratch.ok(&["codegen"]);
    assert!(scratch.unreleased().contains("nickname"));
    scratch.edit((ADDITIVE.1, ADDITIVE.0));
    scratch.ok(&["codegen"]);
    assert_eq!(scratch.unreleased(), "Nothing to release: the crate is the same as 0.1.0.\n");
    scratch.edit(BREAKING);
    scratch.ok(&["codegen"]);
    assert_eq!(
        scratch.unreleased(),
        "### Breaking\n\n- removed `field UserInvite.invite_url: Option<String>`\n\n\
         The release needs 0.2.0, a minor bump from 0.1.0 (breaking changes bump the minor version before 1.0, the major version from 1.0).\n"
    );
}

#[test]
fn check_fails_on_a_stale_changelog() {
    let scratch = Scratch::new();
    let path = scratch.root.join("generated/CHANGELOG.md");
    let changelog = scratch.read("generated/CHANGELOG.md");
    std::fs::write(&path, changelog.replace("Nothing to release", "Everything to release")).expect("write");
    let stale = scratch.refused(&["codegen", "--check"]);
    assert!(stale.contains("generated code is out of date:\n  generated/CHANGELOG.md\n"), "{stale}");
    scratch.ok(&["codegen"]);
    assert_eq!(scratch.read("generated/CHANGELOG.md"), changelog);
}

#[test]
fn a_code_only_change_needs_a_patch_release() {
    let scratch = Scratch::new();
    scratch.edit(DOCS);
    let printed = scratch.ok(&["codegen"]);
    assert!(printed.contains("no change to the public API"), "{printed}");
    assert_eq!(
        scratch.unreleased(),
        "### Changed\n\n- generated code in `src/models.rs`, the public API unchanged\n\n\
         The release needs 0.1.1, a patch bump from 0.1.0 (the generated code changed and the public API did not: a patch release).\n"
    );
    scratch.ok(&["release", "--date", "2026-12-01"]);
    assert!(scratch.read("generated/CHANGELOG.md").contains(
        "## [0.1.1] - 2026-12-01\n\n### Changed\n\n- generated code in `src/models.rs`, the public API unchanged\n"
    ));
    scratch.ok(&["codegen", "--check"]);
}
