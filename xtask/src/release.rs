//! The crate's version, changelog and releases; and cargo-semver-checks against the last release.
//!
//! - Every generation reads the baseline (`API.released.txt`, the crate as last released):
//!   its version goes into `Cargo.toml` and `API.txt`, and `CHANGELOG.md`'s Unreleased
//!   section is written from the comparison with it.
//! - `cargo xtask release` applies the version that section needs (or a higher one), dates
//!   the section, and makes the released crate the new baseline.
//! - `cargo xtask semver-checks` runs cargo-semver-checks on `generated/` against the crate
//!   at the commit that last wrote its baseline: the release commit.

use crate::{Error, relative, write};
use codegen::release::{self as rel, Baseline, Unreleased};
use codegen::report::Version;
use codegen::{CrateOptions, Diagnostic, GeneratedFile};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A crate as it would be written now, beside its last release.
pub struct Generation {
    /// Every file, the changelog included.
    pub files: Vec<GeneratedFile>,
    pub warnings: Vec<Diagnostic>,
    pub unreleased: Unreleased,
}

/// Generates the crate for `out` at the version of its last release (`release::INITIAL`
/// before the first; `options.version` is ignored), with its changelog.
pub fn generate(root: &Path, spec: &Path, out: &Path, options: &CrateOptions) -> Result<Generation, Error> {
    let baseline = read_baseline(out)?;
    let version = match &baseline {
        Some(baseline) => baseline.version().ok_or_else(|| {
            Error::Usage(format!("{}: no `crate NAME VERSION` line", out.join(rel::BASELINE_FILE).display()))
        })?,
        None => rel::INITIAL,
    };
    let options = CrateOptions { version: version.to_string(), ..options.clone() };
    let output = codegen::run(&relative(root, spec), &options)?;
    let mut files = output.files;
    let unreleased = rel::unreleased(baseline.as_ref(), &files);
    let existing = read_optional(&out.join(rel::CHANGELOG_FILE))?.unwrap_or_default();
    let changelog = rel::changelog(rel::released_sections(&existing), &unreleased);
    files.push(GeneratedFile { path: PathBuf::from(rel::CHANGELOG_FILE), contents: changelog });
    Ok(Generation { files, warnings: output.warnings, unreleased })
}

fn read_baseline(out: &Path) -> Result<Option<Baseline>, Error> {
    Ok(read_optional(&out.join(rel::BASELINE_FILE))?.map(|text| Baseline::parse(&text)))
}

fn read_optional(path: &Path) -> Result<Option<String>, Error> {
    match std::fs::read_to_string(path) {
        Ok(text) => Ok(Some(text)),
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(source) => Err(Error::Io { path: path.to_owned(), source }),
    }
}

/// What `cargo xtask release` was asked for.
pub struct Request {
    pub version: Option<String>,
    pub date: Option<String>,
}

/// Releases the crate in `out`: refuses, changing nothing, when it is stale, when nothing
/// changed since the last release, or when the version asked for is lower than it needs.
pub fn release(root: &Path, spec: &Path, out: &Path, options: &CrateOptions, request: Request) -> Result<(), Error> {
    let shown = relative(root, out).display().to_string();
    let asked = request.version.as_deref().map(parse_version).transpose()?;
    let date = match request.date {
        Some(date) => valid_date(date)?,
        None => today(),
    };
    let generation = generate(root, spec, out, options)?;
    let stale = write::plan(out, &generation.files).map_err(|(path, source)| Error::Io { path, source })?;
    if !stale.is_empty() {
        return Err(Error::Refused(format!(
            "{shown} is not what its spec generates: run `cargo xtask codegen`, review, then release"
        )));
    }
    let unreleased = generation.unreleased;
    if unreleased.is_empty() {
        return Err(Error::Refused(unreleased.summary()));
    }
    let version = match asked {
        Some(asked) if asked < unreleased.needs() => {
            return Err(Error::Refused(format!("{asked} is too low: {}", unreleased.summary())));
        }
        Some(asked) => asked,
        None => unreleased.needs(),
    };
    let options = CrateOptions { version: version.to_string(), ..options.clone() };
    let mut files = codegen::run(&relative(root, spec), &options)?.files;
    let baseline = Baseline::of(&files);
    let existing = read_optional(&out.join(rel::CHANGELOG_FILE))?.unwrap_or_default();
    let sections =
        format!("{}{}", rel::release_section(&unreleased, version, &date), rel::released_sections(&existing));
    let changelog = rel::changelog(&sections, &rel::unreleased(Some(&baseline), &files));
    files.push(GeneratedFile { path: PathBuf::from(rel::CHANGELOG_FILE), contents: changelog });
    files.push(GeneratedFile { path: PathBuf::from(rel::BASELINE_FILE), contents: baseline.render() });
    let plan = write::plan(out, &files).map_err(|(path, source)| Error::Io { path, source })?;
    for change in &plan.changes {
        println!("{:>9} {}", change.verb(), relative(root, change.path()).display());
    }
    write::apply(&plan).map_err(|(path, source)| Error::Io { path, source })?;
    let what = match unreleased.released {
        Some(released) => format!("{} change(s) to the public API since {released}", unreleased.report.changes.len()),
        None => "the first release".to_owned(),
    };
    println!("released {} {version} ({date}): {what}", options.name);
    println!(
        "commit {shown}/ now: that commit is the release, which `cargo xtask semver-checks` compares later crates with"
    );
    println!("{}", publish_step(&shown, &options));
    Ok(())
}

/// The last step of a release: the command that publishes it, or why there is none.
fn publish_step(shown: &str, options: &CrateOptions) -> String {
    if options.package.publish {
        format!("then publish it: cargo publish --manifest-path {shown}/Cargo.toml")
    } else {
        format!("{} is not published (its Cargo.toml says `publish = false`)", options.name)
    }
}

fn parse_version(text: &str) -> Result<Version, Error> {
    Version::parse(text)
        .filter(|version| version.to_string() == text)
        .ok_or_else(|| Error::Usage(format!("--version {text}: expected MAJOR.MINOR.PATCH, e.g. 0.2.0")))
}

/// `YYYY-MM-DD`, as Keep a Changelog dates releases.
fn valid_date(date: String) -> Result<String, Error> {
    let parts: Vec<&str> = date.split('-').collect();
    let number = |index: usize, len: usize| {
        parts
            .get(index)
            .filter(|part| part.len() == len && part.bytes().all(|b| b.is_ascii_digit()))?
            .parse::<u32>()
            .ok()
    };
    match (parts.len(), number(0, 4), number(1, 2), number(2, 2)) {
        (3, Some(_), Some(1..=12), Some(1..=31)) => Ok(date),
        _ => Err(Error::Usage(format!("--date {date}: expected YYYY-MM-DD, e.g. 2026-12-01"))),
    }
}

/// Today's date in UTC.
fn today() -> String {
    let seconds = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| elapsed.as_secs())
        .unwrap_or_default();
    let (year, month, day) = civil(i64::try_from(seconds / 86_400).unwrap_or_default());
    format!("{year:04}-{month:02}-{day:02}")
}

/// Days since 1970-01-01 → (year, month, day) in the proleptic Gregorian calendar
/// (Howard Hinnant's `civil_from_days`).
fn civil(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// cargo-semver-checks on `out` against its last release, as the kind of change the
/// Unreleased section holds. The released crate is `out` at the commit that last wrote
/// its baseline: `cargo xtask release` writes it, and its commit is the release.
pub fn semver_checks(root: &Path, spec: &Path, out: &Path, options: &CrateOptions) -> Result<(), Error> {
    let generation = generate(root, spec, out, options)?;
    let dir = relative(root, out);
    let baseline = dir.join(rel::BASELINE_FILE);
    let commit = git(root, &["log", "-1", "--format=%H", "--", &baseline.to_string_lossy()])?;
    if commit.is_empty() {
        return Err(Error::Refused(format!(
            "no commit has {}: commit a release first (a shallow clone lacks the history: fetch it)",
            baseline.display()
        )));
    }
    let scratch = std::env::temp_dir().join(format!("xtask-semver-checks-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&scratch);
    std::fs::create_dir_all(&scratch).map_err(|source| Error::Io { path: scratch.clone(), source })?;
    let archive = scratch.join("released.tar");
    git(root, &["archive", "--format=tar", "-o", &archive.to_string_lossy(), &commit, &dir.to_string_lossy()])?;
    run(Command::new("tar").arg("-xf").arg(&archive).arg("-C").arg(&scratch))?;
    let release_type = generation.unreleased.release_type();
    let released = generation.unreleased.released.map(|version| version.to_string()).unwrap_or_default();
    println!("cargo-semver-checks: {} against {released} (commit {commit}), as a {release_type} change", dir.display());
    let status = Command::new("cargo")
        .args(["semver-checks", "check-release", "--manifest-path"])
        .arg(out.join("Cargo.toml"))
        // Named, or a workspace member with `publish = false` is skipped (and passes).
        .args(["--package", &options.name])
        .arg("--baseline-root")
        .arg(scratch.join(&dir))
        .args(["--release-type", release_type])
        // The TLS features change no API; without them neither TLS stack is compiled.
        .arg("--only-explicit-features")
        .status();
    let _ = std::fs::remove_dir_all(&scratch);
    match status {
        Ok(status) if status.success() => Ok(()),
        Ok(_) => Err(Error::Refused(format!(
            "cargo-semver-checks found changes that a {release_type} change may not make (see above)"
        ))),
        Err(source) => Err(Error::Io { path: PathBuf::from("cargo"), source }),
    }
}

fn git(root: &Path, args: &[&str]) -> Result<String, Error> {
    let output = Command::new("git")
        .arg("-C")
        .arg(root)
        .args(args)
        .output()
        .map_err(|source| Error::Io { path: PathBuf::from("git"), source })?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        return Err(Error::Usage(format!("git {}: {}", args.join(" "), stderr.trim())));
    }
    Ok(String::from_utf8_lossy(&output.stdout).trim().to_owned())
}

fn run(command: &mut Command) -> Result<(), Error> {
    let status = command.status().map_err(|source| Error::Io { path: PathBuf::from("tar"), source })?;
    if status.success() { Ok(()) } else { Err(Error::Usage(format!("{command:?} failed: {status}"))) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_dates() {
        assert_eq!(civil(0), (1970, 1, 1));
        assert_eq!(civil(-1), (1969, 12, 31));
        assert_eq!(civil(20_000), (2024, 10, 4));
        assert_eq!(civil(11_016), (2000, 2, 29));
    }

    #[test]
    fn dates_and_versions_are_checked() {
        assert!(valid_date("2026-12-01".to_owned()).is_ok());
        for bad in ["2026-13-01", "2026-12-1", "26-12-01", "2026-12-01-1", "tomorrow"] {
            assert!(valid_date(bad.to_owned()).is_err(), "{bad}");
        }
        assert!(parse_version("0.2.0").is_ok());
        assert!(parse_version("0.2").is_err() && parse_version("0.2.0-rc.1").is_err());
    }
}
