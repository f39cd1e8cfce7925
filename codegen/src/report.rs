//! The change report: two API surfaces ([`crate::surface`]) compared item by item, each
//! change classified as breaking or additive for users of the generated crate, and the
//! version bump the changes need.
//!
//! The rules follow the generated API: models and enums are `#[non_exhaustive]` and built
//! from `Default` with setters, so adding a field, a variant, a type or a method breaks no
//! caller; removing or renaming anything, changing a type or a signature, or losing a trait
//! does. A new required field is breaking only in a type callers send: their code still
//! compiles, but sends an empty value where the API now needs one.

use crate::surface::{Item, Kind};
pub use crate::version::{Bump, Version};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;

/// Whether a change can break code written against the previous crate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Class {
    Breaking,
    Additive,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verb {
    Added,
    Removed,
    Changed,
}

impl Verb {
    pub fn as_str(self) -> &'static str {
        match self {
            Verb::Added => "added",
            Verb::Removed => "removed",
            Verb::Changed => "changed",
        }
    }
}

/// The detail of a change that deprecates an item.
const NOW_DEPRECATED: &str = ": now deprecated";

/// One line of the report.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    pub class: Class,
    pub verb: Verb,
    pub kind: Kind,
    /// `UserInvite.nickname`, `ScopeResourceType::KafkaTopic`, `Client::get_thing`.
    pub path: String,
    /// The signature (added, removed) or what changed (changed).
    pub detail: String,
}

impl Change {
    /// The item itself and what changed, without class and verb: `field A.b: Option<String>`.
    pub fn item(&self) -> String {
        format!("{} {}{}", self.kind.as_str(), self.path, self.detail)
    }

    pub fn is_deprecation(&self) -> bool {
        self.verb == Verb::Changed && self.detail == NOW_DEPRECATED
    }
}

/// Why a breaking change needs the bump it does.
pub const WHY_BREAKING: &str = "breaking changes bump the minor version before 1.0, the major version from 1.0";
/// Why an addition needs the bump it does.
pub const WHY_ADDITIVE: &str = "additions bump the patch version before 1.0, the minor version from 1.0";

/// What replacing one surface with another means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// There was no previous surface to compare with.
    pub first: bool,
    /// The version of the crate being replaced, from its `crate` line.
    pub version: Option<Version>,
    /// Breaking changes first, then by path.
    pub changes: Vec<Change>,
}

impl Report {
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(|change| change.class == Class::Breaking)
    }

    /// The kind of release, as cargo-semver-checks' `--release-type` names it: by the change,
    /// not by the version number (it does not shift 0.x versions down as Cargo does), so
    /// breaking is `major` even where the bump is a minor one.
    pub fn release_type(&self) -> &'static str {
        match (self.is_breaking(), self.changes.is_empty()) {
            (true, _) => "major",
            (false, false) => "minor",
            (false, true) => "patch",
        }
    }

    /// The bump the changes need; a crate without a readable version counts as 1.0 or later.
    pub fn bump(&self) -> Bump {
        let additive = self.changes.iter().any(|change| change.class == Class::Additive);
        self.version.unwrap_or(Version { major: 1, minor: 0, patch: 0 }).bump_for(self.is_breaking(), additive)
    }
}

/// A surface file, parsed: its version and its items by path.
struct Surface {
    version: Option<Version>,
    items: BTreeMap<String, Item>,
}

impl Surface {
    fn parse(text: &str) -> Surface {
        let mut version = None;
        let mut items = BTreeMap::new();
        for item in text.lines().filter_map(Item::parse) {
            if item.kind == Kind::Crate {
                version = Version::parse(item.rest.trim());
            } else {
                items.insert(item.path.clone(), item);
            }
        }
        Surface { version, items }
    }

    /// Types reachable from a method's arguments: values callers build and send.
    fn sent_types(&self) -> BTreeSet<&str> {
        let mut sent = BTreeSet::new();
        let mut queue: Vec<&str> = Vec::new();
        for item in self.items.values().filter(|item| matches!(item.kind, Kind::AsyncFn | Kind::Fn)) {
            let arguments = item.rest.split(" -> ").next().unwrap_or_default();
            queue.extend(words(arguments));
        }
        while let Some(name) = queue.pop() {
            let Some(def) = self.items.get(name).filter(|item| item.kind.is_type()) else { continue };
            if !sent.insert(def.path.as_str()) {
                continue;
            }
            queue.extend(words(&def.rest));
            let members = self.items.values().filter(|item| item.owner() == Some(name));
            queue.extend(members.flat_map(|member| words(&member.rest)));
        }
        sent
    }
}

/// The identifiers in a signature, candidates for type names.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).filter(|word| !word.is_empty())
}

/// Compares the surface being replaced (`None` on the first generation) with the new one.
pub fn compare(old: Option<&str>, new: &str) -> Report {
    let Some(old) = old else {
        return Report { first: true, version: Surface::parse(new).version, changes: Vec::new() };
    };
    let (old, new) = (Surface::parse(old), Surface::parse(new));
    let sent = old.sent_types();
    // Members of a type added or removed as a whole are reported with that type.
    let whole = |item: &Item, other: &Surface| item.owner().is_some_and(|owner| !other.items.contains_key(owner));
    let mut changes = Vec::new();
    for (path, item) in &old.items {
        match new.items.get(path) {
            None if !whole(item, &new) => changes.push(removed(item)),
            Some(now) if now != item => changes.extend(changed(item, now)),
            _ => {}
        }
    }
    for (path, item) in &new.items {
        if !old.items.contains_key(path) && !whole(item, &old) {
            changes.push(added(item, &sent));
        }
    }
    changes.sort_by(|a, b| (a.class, &a.path).cmp(&(b.class, &b.path)));
    Report { first: false, version: old.version, changes }
}

fn change(class: Class, verb: Verb, item: &Item, detail: String) -> Change {
    Change { class, verb, kind: item.kind, path: item.path.clone(), detail }
}

fn removed(item: &Item) -> Change {
    change(Class::Breaking, Verb::Removed, item, item.rest.clone())
}

/// Additive, except a required field in a type callers send: a new required argument.
fn added(item: &Item, sent: &BTreeSet<&str>) -> Change {
    let required = item.kind == Kind::Field && !item.rest.starts_with(": Option<");
    let in_request = item.owner().is_some_and(|owner| sent.contains(owner));
    if required && in_request {
        let detail = format!("{} (required in a request: existing callers do not set it)", item.rest);
        return change(Class::Breaking, Verb::Added, item, detail);
    }
    change(Class::Additive, Verb::Added, item, item.rest.clone())
}

/// What differs between two items of one path: the signature, then deprecation.
fn changed(old: &Item, new: &Item) -> Vec<Change> {
    let mut changes = Vec::new();
    if old.kind != new.kind {
        let detail =
            format!(": was {} {}{}, now {}{}", old.kind.as_str(), old.path, old.rest, new.kind.as_str(), new.rest);
        changes.push(change(Class::Breaking, Verb::Changed, new, detail));
    } else if old.rest != new.rest {
        changes.extend(signature_change(old, new));
    }
    if old.deprecated != new.deprecated {
        let detail = if new.deprecated { NOW_DEPRECATED } else { ": no longer deprecated" };
        changes.push(change(Class::Additive, Verb::Changed, new, detail.to_owned()));
    }
    changes
}

fn signature_change(old: &Item, new: &Item) -> Vec<Change> {
    match new.kind {
        Kind::Struct | Kind::Enum => type_change(old, new),
        // Rust passes arguments by position: new names over the same types break no caller.
        Kind::AsyncFn | Kind::Fn if positional_types(&old.rest) == positional_types(&new.rest) => {
            vec![change(Class::Additive, Verb::Changed, new, format!(": arguments renamed, now `{}`", new.rest))]
        }
        Kind::AsyncFn | Kind::Fn => {
            vec![change(Class::Breaking, Verb::Changed, new, method_change(&old.rest, &new.rest))]
        }
        // A constant's value is not part of its type: code using it still compiles.
        Kind::Const if const_type(&old.rest) == const_type(&new.rest) => {
            vec![change(Class::Additive, Verb::Changed, new, format!("{} (was{})", new.rest, value(&old.rest)))]
        }
        _ => vec![change(Class::Breaking, Verb::Changed, new, format!("{} (was{})", new.rest, old.rest))],
    }
}

fn const_type(rest: &str) -> &str {
    rest.split(" = ").next().unwrap_or_default()
}

fn value(rest: &str) -> &str {
    rest.split_once(" =").map(|(_, value)| value).unwrap_or(rest)
}

/// A struct or enum line: its shape (a newtype's field) and its traits.
fn type_change(old: &Item, new: &Item) -> Vec<Change> {
    let (old_shape, old_traits) = shape_and_traits(&old.rest);
    let (new_shape, new_traits) = shape_and_traits(&new.rest);
    let mut changes = Vec::new();
    if old_shape != new_shape {
        let detail = format!("{new_shape} (was {old_shape})");
        changes.push(change(Class::Breaking, Verb::Changed, new, format!(": now {}", detail.trim_start())));
    }
    for lost in old_traits.difference(&new_traits) {
        changes.push(change(Class::Breaking, Verb::Changed, new, format!(": no longer implements {lost}")));
    }
    for gained in new_traits.difference(&old_traits) {
        changes.push(change(Class::Additive, Verb::Changed, new, format!(": now implements {gained}")));
    }
    changes
}

fn shape_and_traits(rest: &str) -> (&str, BTreeSet<&str>) {
    match rest.rsplit_once(": ") {
        Some((shape, traits)) => (shape, traits.split(" + ").collect()),
        None => (rest, BTreeSet::new()),
    }
}

/// A signature without its argument names: the argument types in order, and the return type.
fn positional_types(rest: &str) -> (Vec<String>, &str) {
    let (args, returns) = signature_parts(rest);
    let types = args.iter().map(|arg| arg.split_once(": ").map_or(arg.as_str(), |(_, ty)| ty).to_owned()).collect();
    (types, returns)
}

/// Names the arguments added, removed or retyped, and a changed return type.
fn method_change(old: &str, new: &str) -> String {
    let (old_args, old_returns) = signature_parts(old);
    let (new_args, new_returns) = signature_parts(new);
    let mut parts = Vec::new();
    let name = |arg: &str| arg.split(": ").next().unwrap_or(arg).to_owned();
    let old_names: Vec<String> = old_args.iter().map(|arg| name(arg)).collect();
    let new_names: Vec<String> = new_args.iter().map(|arg| name(arg)).collect();
    for arg in &new_args {
        match old_args.iter().find(|old| name(old) == name(arg)) {
            None => parts.push(format!("new argument `{arg}`")),
            Some(old) if old != arg => parts.push(format!("argument `{arg}` (was `{old}`)")),
            Some(_) => {}
        }
    }
    for arg in old_args.iter().filter(|arg| !new_names.contains(&name(arg))) {
        parts.push(format!("argument `{arg}` removed"));
    }
    let kept_old: Vec<&String> = old_names.iter().filter(|name| new_names.contains(name)).collect();
    let kept_new: Vec<&String> = new_names.iter().filter(|name| old_names.contains(name)).collect();
    if kept_old != kept_new {
        parts.push("arguments reordered".to_owned());
    }
    if old_returns != new_returns {
        parts.push(format!("returns `{new_returns}` (was `{old_returns}`)"));
    }
    format!(": {}", parts.join("; "))
}

/// `(a: &str, b: &T) -> R` → (["a: &str", "b: &T"], "R"), splitting on commas outside brackets.
fn signature_parts(rest: &str) -> (Vec<String>, &str) {
    let (arguments, returns) = rest.split_once(" -> ").unwrap_or((rest, ""));
    let inner = arguments.strip_prefix('(').and_then(|text| text.strip_suffix(')')).unwrap_or(arguments);
    let mut args = Vec::new();
    let (mut depth, mut start) = (0i32, 0);
    for (index, c) in inner.char_indices() {
        match c {
            '<' | '(' | '[' => depth += 1,
            '>' | ')' | ']' => depth -= 1,
            ',' if depth == 0 => {
                args.push(inner[start..index].trim().to_owned());
                start = index + 1;
            }
            _ => {}
        }
    }
    if !inner.trim().is_empty() {
        args.push(inner[start..].trim().to_owned());
    }
    (args, returns)
}

impl fmt::Display for Change {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let class = match self.class {
            Class::Breaking => "breaking",
            Class::Additive => "additive",
        };
        let verb = self.verb.as_str();
        write!(f, "{class}  {verb:<7}  {}", self.item())
    }
}

impl fmt::Display for Report {
    /// One line per change, then the bump; the word "breaking" only when a change is.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.first {
            return write!(f, "API report: no previous {} to compare with (first generation)", crate::surface::FILE);
        }
        if self.changes.is_empty() {
            return write!(f, "API report: no change to the public API ({} is unchanged)", crate::surface::FILE);
        }
        writeln!(f, "API report: {} change(s) to the public API ({}):", self.changes.len(), crate::surface::FILE)?;
        for change in &self.changes {
            writeln!(f, "  {change}")?;
        }
        let bump = self.bump().as_str();
        let (what, why) = if self.is_breaking() { ("breaking", WHY_BREAKING) } else { ("additive", WHY_ADDITIVE) };
        match self.version {
            Some(version) => {
                let next = version.bumped(self.bump());
                write!(f, "{what}: release as {next}, a {bump} bump from {version} ({why})")
            }
            None => write!(f, "{what}: needs a {bump} version bump ({why})"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn surface(version: &str, lines: &[&str]) -> String {
        format!("# a comment\ncrate demo-crate {version}\n{}\n", lines.join("\n"))
    }

    #[test]
    fn bumps_follow_cargo_semver() {
        let zero = Version::parse("0.3.1").expect("version");
        assert_eq!((zero.bump_for(true, true), zero.bump_for(false, true)), (Bump::Minor, Bump::Patch));
        assert_eq!(zero.bumped(Bump::Minor).to_string(), "0.4.0");
        let one = Version::parse("1.2.3-rc.1").expect("version");
        assert_eq!((one.bump_for(true, false), one.bump_for(false, true)), (Bump::Major, Bump::Minor));
        assert_eq!(one.bumped(Bump::Major).to_string(), "2.0.0");
        assert_eq!(one.bump_for(false, false), Bump::None);
        assert_eq!(Version::parse("1.2"), None);
    }

    #[test]
    fn after_one_point_oh_breaking_is_major() {
        let old = surface("1.4.2", &["struct A: Default", "field A.x: Option<String>"]);
        let new = surface("1.4.2", &["struct A: Default"]);
        let report = compare(Some(&old), &new);
        assert_eq!(report.bump(), Bump::Major);
        assert!(report.to_string().ends_with("breaking: release as 2.0.0, a major bump from 1.4.2 (breaking changes bump the minor version before 1.0, the major version from 1.0)"), "{report}");
    }

    #[test]
    fn renamed_arguments_are_additive() {
        let item = |rest: &str| Item::parse(&format!("fn T::from_set_fields{rest}")).expect("an item");
        let changes = signature_change(&item("(user_invite: U) -> Self"), &item("(resource: U) -> Self"));
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].class, Class::Additive);
        let retyped = signature_change(&item("(user_invite: U) -> Self"), &item("(resource: V) -> Self"));
        assert_eq!(retyped[0].class, Class::Breaking);
    }

    #[test]
    fn method_changes_name_the_argument() {
        let old = "(id: &str, body: &Body) -> Result<Response<()>, Error<()>>";
        let new = "(id: &str, body: &Body, x_request_id: Option<&str>) -> Result<Response<Thing>, Error<()>>";
        assert_eq!(
            method_change(old, new),
            ": new argument `x_request_id: Option<&str>`; returns `Result<Response<Thing>, Error<()>>` (was `Result<Response<()>, Error<()>>`)"
        );
        assert_eq!(method_change("(a: &str, b: &str) -> R", "(b: &str, a: &str) -> R"), ": arguments reordered");
    }

    #[test]
    fn members_of_a_new_type_are_reported_with_it() {
        let old = surface("0.1.0", &["struct A: Default"]);
        let new = surface("0.1.0", &["struct A: Default", "struct B", "field B.id: String", "fallback B::Unknown"]);
        let report = compare(Some(&old), &new);
        let paths: Vec<&str> = report.changes.iter().map(|change| change.path.as_str()).collect();
        assert_eq!(paths, ["B"]);
    }

    #[test]
    fn first_generation_says_so() {
        let report = compare(None, &surface("0.1.0", &["struct A"]));
        assert!(report.first && report.changes.is_empty());
        assert!(report.to_string().contains("first generation"));
    }
}
