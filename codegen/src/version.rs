//! Crate versions and the bumps between them: a leaf that the stages (a crate's first
//! version, in `emit::CrateOptions`) and the side tools (report, release) share.

use std::fmt;

/// The version of a crate never released.
pub const INITIAL: Version = Version { major: 0, minor: 1, patch: 0 };

/// The version bump a set of changes needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Bump {
    None,
    Patch,
    Minor,
    Major,
}

impl Bump {
    /// `major`, `minor`, `patch`, as cargo-semver-checks' `--release-type` spells them.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::Major => "major",
            Bump::Minor => "minor",
            Bump::Patch | Bump::None => "patch",
        }
    }
}

/// `MAJOR.MINOR.PATCH` of the crate being replaced; pre-release and build parts are ignored.
/// Ordered as semver orders release versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
}

impl Version {
    pub fn parse(text: &str) -> Option<Version> {
        let core = text.split(['-', '+']).next()?;
        let mut parts = core.split('.').map(|part| part.parse::<u64>().ok());
        let version = Version { major: parts.next()??, minor: parts.next()??, patch: parts.next()?? };
        parts.next().is_none().then_some(version)
    }

    /// Under Cargo's semver rules: before 1.0 the minor number is the breaking one.
    pub fn bump_for(self, breaking: bool, additive: bool) -> Bump {
        match (breaking, additive, self.major) {
            (true, _, 0) => Bump::Minor,
            (true, _, _) => Bump::Major,
            (false, true, 0) => Bump::Patch,
            (false, true, _) => Bump::Minor,
            (false, false, _) => Bump::None,
        }
    }

    pub fn bumped(self, bump: Bump) -> Version {
        let Version { major, minor, patch } = self;
        match bump {
            Bump::None => self,
            Bump::Patch => Version { major, minor, patch: patch + 1 },
            Bump::Minor => Version { major, minor: minor + 1, patch: 0 },
            Bump::Major => Version { major: major + 1, minor: 0, patch: 0 },
        }
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}
