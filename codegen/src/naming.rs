//! Every Rust name the generator emits is decided here, once, from a spec name.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::BTreeSet;

/// Words Rust reserves: strict, reserved and edition-2024 keywords.
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate", "do", "dyn", "else",
    "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "macro", "match", "mod",
    "move", "mut", "override", "priv", "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait",
    "true", "try", "type", "typeof", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers.
const NOT_RAW: &[&str] = &["crate", "self", "Self", "super", "_"];

/// Names Cargo or the crates every program links refuse as a package (beside keywords).
const RESERVED_PACKAGES: &[&str] = &["alloc", "core", "proc-macro", "proc_macro", "std", "test"];

/// Rust's prelude names that emitted code writes unqualified: no model takes one.
pub const PRELUDE_TYPE_NAMES: &[&str] = &[
    "Box",
    "Clone",
    "Debug",
    "Default",
    "Err",
    "None",
    "Ok",
    "Option",
    "PartialEq",
    "Result",
    "Some",
    "String",
    "Vec",
];

/// A package name from a directory name: `My Api` → `my-api`; one that cannot stand as a
/// crate's name (a keyword, a reserved name, a leading digit, nothing left) gets `api-` before
/// it: `box` → `api-box`, `2024` → `api-2024`.
pub fn package_name(text: &str) -> String {
    let name: String = text.to_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect();
    let name = name.trim_matches('-');
    if is_package_name(name) { name.to_owned() } else { format!("api-{name}").trim_end_matches('-').to_owned() }
}

/// What [`is_package_name`] asks, for messages.
pub const PACKAGE_NAME_RULE: &str = "is not a package name Cargo and Rust accept (ASCII letters, digits, `-` and `_`, \
     not starting with a digit, not a Rust keyword nor `std`, `core`, `alloc`, `test`)";

/// The crate's name in Rust code for package `name`, as Cargo makes it: `-` becomes `_`
/// (`redpanda-cloud` → `redpanda_cloud`; `_0` stays `_0`, `MyApi` stays `MyApi`).
pub fn crate_ident(package: &str) -> String {
    package.replace('-', "_")
}

/// Whether Cargo takes `name` as a package name that is also a crate name Rust accepts:
/// ASCII letters, digits, `-` and `_`, not starting with a digit, not a keyword or reserved.
pub fn is_package_name(name: &str) -> bool {
    let snake = crate_ident(name);
    name.starts_with(|c: char| c.is_ascii_alphabetic() || c == '_')
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && snake != "_"
        && !KEYWORDS.contains(&snake.as_str())
        && !RESERVED_PACKAGES.contains(&name)
}

/// A type name: `UserInvite.RoleBinding` → `UserInviteRoleBinding`, `rpc.Status` → `RpcStatus`.
pub fn type_name(spec_name: &str) -> String {
    let name = clean(spec_name).to_upper_camel_case();
    match name.chars().next() {
        None => "Unnamed".to_owned(),
        Some(first) if first.is_ascii_digit() => format!("Type{name}"),
        Some(_) if name == "Self" => "SelfType".to_owned(),
        Some(_) => name,
    }
}

/// An enum variant name from a wire value, after the shared prefix is stripped.
pub fn variant_name(value: &str) -> String {
    let name = clean(value).to_upper_camel_case();
    match name.chars().next() {
        None => "Empty".to_owned(),
        Some(first) if first.is_ascii_digit() => format!("V{name}"),
        Some(_) if name == "Self" => "SelfValue".to_owned(),
        Some(_) => name,
    }
}

/// A field, argument or method name: snake_case, keywords as raw identifiers (`r#type`).
pub fn snake_name(spec_name: &str) -> String {
    let name = clean(spec_name).to_snake_case();
    if name.is_empty() {
        return "value".to_owned();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        return format!("_{name}");
    }
    if NOT_RAW.contains(&name.as_str()) {
        return format!("{name}_");
    }
    if KEYWORDS.contains(&name.as_str()) {
        return format!("r#{name}");
    }
    name
}

/// A method name from an operationId: `UserInviteService_UpdateUserInvite` → `update_user_invite`.
pub fn method_name(operation_id: &str) -> String {
    snake_name(strip_service(operation_id))
}

/// The method name from the full operationId, for when stripping the service makes a clash.
pub fn full_method_name(operation_id: &str) -> String {
    snake_name(operation_id)
}

/// A method name for an operation without operationId: `get /v1/users/{id}` → `get_v1_users_by_id`.
pub fn method_name_from_path(method: &str, path: &str) -> String {
    let mut words = vec![method.to_owned()];
    for segment in path.split('/').filter(|segment| !segment.is_empty()) {
        match segment.strip_prefix('{').and_then(|rest| rest.strip_suffix('}')) {
            Some(param) => words.push(format!("by {param}")),
            None => words.push(segment.to_owned()),
        }
    }
    snake_name(&words.join(" "))
}

fn strip_service(operation_id: &str) -> &str {
    match operation_id.split_once('_') {
        Some((service, rest)) if service.ends_with("Service") && !rest.is_empty() => rest,
        _ => operation_id,
    }
}

/// Keeps ASCII letters and digits as words; everything else (`@`, `$`, brackets, and
/// non-ASCII characters, some of which cannot start or even continue an identifier) separates.
fn clean(spec_name: &str) -> String {
    spec_name.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' }).collect::<String>()
}

/// The identifier without a raw prefix, for deriving other names from it.
pub fn unraw(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

/// The setters of fields, in field order: `set_<field>`, unique among themselves. A field
/// that starts with `_` (a leading digit: `_2x`) does not double the underscore (`set_2x`).
pub fn setter_names<'f>(fields: impl IntoIterator<Item = &'f str>) -> Vec<String> {
    let mut names = Namespace::default();
    fields.into_iter().map(|field| names.claim(&format!("set_{}", unraw(field).trim_start_matches('_')))).collect()
}

/// Parameter names for fields (a constructor's arguments): the field names, made safe as
/// bindings by [`Namespace::bindings`]. Unique among themselves.
pub fn param_names<'f>(fields: impl IntoIterator<Item = &'f str>) -> Vec<String> {
    let mut names = Namespace::bindings();
    fields.into_iter().map(|field| names.claim(field)).collect()
}

/// clippy's `disallowed_names` (and `bar`): placeholders it rejects as binding names.
const PLACEHOLDERS: &[&str] = &["foo", "bar", "baz", "quux"];

/// A name clippy accepts for a binding: only underscores and digits (`_1`, from a property
/// `1`) becomes `field_1`, a placeholder (`foo`) `foo_value`.
fn binding(name: &str) -> String {
    let bare = unraw(name);
    if bare.chars().all(|c| c == '_' || c.is_ascii_digit()) {
        format!("field{bare}")
    } else if PLACEHOLDERS.contains(&bare) {
        format!("{bare}_value")
    } else {
        name.to_owned()
    }
}

/// Names already used in one scope.
///
/// A clash is settled by what each item is, never by where the spec writes it, so that an
/// item added to a spec takes a suffixed name and the names already there stay:
///
/// - A scope claims in classes, and an earlier class keeps its names: the crate's own names
///   (the runtime's, the fallback variant `Unknown`) first, then what the spec names itself
///   (component schemas, operations, properties, enum values), then what lower synthesises
///   from context (an inline schema's type, a query struct, a response enum, a poller method).
/// - Within a class, the items that want one name are [`Claim`]s handed to [`Namespace::settle`]
///   together: the bare name goes to the one whose spelling *is* it (`UserInvite` before
///   `user_invite`, `type` before `@type`), else the one nearest it (fewest separators, then
///   fewest letters of another case), then by spelling, then by the claim's `tie` (a
///   duplicate operationId's path, fewer segments first, and method).
/// - The others take their `qualified` name, made from their own identity (a duplicate
///   operationId: `list_things_get_v2_things`; a synthesised type: the words of its
///   pointer, through [`Namespace::claim_or`]), or, with none, `wanted2`, `wanted_2`… in
///   rank order.
///
/// Limits: an added item that ranks above the one holding a name takes it (a schema
/// `UserInvite` added beside `user_invite`; a component named as a synthesised type was);
/// items numbered in one clash are numbered in rank order, so an addition that ranks between
/// them renumbers the later; synthesised names that clash with each other are claimed as
/// lowering meets them (components in name order, then operations in path order).
#[derive(Debug, Default)]
pub struct Namespace {
    taken: BTreeSet<String>,
    /// Names of bindings (arguments): see [`binding`].
    bindings: bool,
}

/// An item that wants a name in a [`Namespace`], with what tells it from others.
#[derive(Debug, Clone)]
pub struct Claim {
    /// The identifier it wants.
    pub wanted: String,
    /// How the spec spells the item (its component name, operationId, property, value).
    pub spelling: String,
    /// What orders items spelt alike: a duplicate operationId's path length, path and method.
    pub tie: (usize, String),
    /// Its name when another keeps `wanted`, made from its identity.
    pub qualified: Option<String>,
}

impl Claim {
    /// A claim of `wanted` by the item spelt `spelling`, with nothing else to tell it apart.
    pub fn new(wanted: impl Into<String>, spelling: impl Into<String>) -> Claim {
        Claim { wanted: wanted.into(), spelling: spelling.into(), tie: (0, String::new()), qualified: None }
    }

    /// Its rank among the claims of one name: the lowest keeps it.
    fn rank(&self) -> (bool, usize, usize, &str, &(usize, String)) {
        let (converted, separators, case) = distance(&self.spelling, unraw(&self.wanted));
        (converted, separators, case, &self.spelling, &self.tie)
    }
}

/// How far a spelling is from the identifier made of it: whether it differs at all, its
/// characters that are not letters or digits (and letters added or dropped), and the
/// letters whose case changed.
fn distance(spelling: &str, wanted: &str) -> (bool, usize, usize) {
    if spelling == wanted {
        return (false, 0, 0);
    }
    let letters: Vec<char> = spelling.chars().filter(char::is_ascii_alphanumeric).collect();
    let target: Vec<char> = wanted.chars().filter(char::is_ascii_alphanumeric).collect();
    let separators = spelling.chars().count() - letters.len() + letters.len().abs_diff(target.len());
    let case = letters.iter().zip(&target).filter(|(a, b)| a != b).count();
    (true, separators, case)
}

impl Namespace {
    /// A scope of bindings: every claimed name is one clippy accepts as a binding.
    pub fn bindings() -> Self {
        Namespace { taken: BTreeSet::new(), bindings: true }
    }

    /// Names for one class of items, in their order, settled as [`Namespace`] says: first
    /// the best claim of each wanted name takes it, then the others take theirs.
    pub fn settle(&mut self, claims: &[Claim]) -> Vec<String> {
        let mut order: Vec<usize> = (0..claims.len()).collect();
        order.sort_by(|&a, &b| claims[a].rank().cmp(&claims[b].rank()));
        let mut names: Vec<Option<String>> = vec![None; claims.len()];
        for &index in &order {
            if !self.contains(&claims[index].wanted) {
                names[index] = Some(self.claim(&claims[index].wanted));
            }
        }
        for &index in &order {
            if names[index].is_none() {
                let claim = &claims[index];
                names[index] = Some(self.claim(claim.qualified.as_deref().unwrap_or(&claim.wanted)));
            }
        }
        names.into_iter().flatten().collect()
    }

    /// `wanted` if free, else `qualified` (the item's name from its own identity), numbered
    /// if that is taken too.
    pub fn claim_or(&mut self, wanted: &str, qualified: impl FnOnce() -> String) -> String {
        if self.contains(wanted) { self.claim(&qualified()) } else { self.claim(wanted) }
    }

    /// `wanted` if free, else `wanted2`, `wanted3`… (`wanted_2` for snake_case names).
    pub fn claim(&mut self, wanted: &str) -> String {
        let safe;
        let wanted = if self.bindings {
            safe = binding(wanted);
            safe.as_str()
        } else {
            wanted
        };
        let separator = if wanted.contains('_') || wanted.starts_with(|c: char| c.is_lowercase()) { "_" } else { "" };
        // `self_` (a keyword that cannot be raw) must become `self_2`: `self__2` is not snake case.
        let stem = if separator.is_empty() { unraw(wanted) } else { unraw(wanted).trim_end_matches('_') };
        let mut name = wanted.to_owned();
        let mut counter = 2;
        while self.taken.contains(unraw(&name)) {
            name = format!("{stem}{separator}{counter}");
            counter += 1;
        }
        self.taken.insert(unraw(&name).to_owned());
        name
    }

    pub fn contains(&self, name: &str) -> bool {
        self.taken.contains(unraw(name))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn params_are_never_just_underscores_and_digits() {
        let params = super::param_names(["_1", "_1_2", "r#type", "field_1"]);
        assert_eq!(params, ["field_1", "field_1_2", "r#type", "field_1_3"]);
        let params = super::param_names(["foo", "foo_value", "r#bar", "quux_2"]);
        assert_eq!(params, ["foo_value", "foo_value_2", "bar_value", "quux_2"]);
    }

    #[test]
    fn setters_are_snake_case_and_unique() {
        let setters = super::setter_names(["r#type", "_2x", "x2", "__x", "x"]);
        assert_eq!(setters, ["set_type", "set_2x", "set_x2", "set_x", "set_x_2"]);
    }

    use super::*;

    #[test]
    fn type_names() {
        assert_eq!(type_name("UserInvite.RoleBinding"), "UserInviteRoleBinding");
        assert_eq!(type_name("rpc.Status"), "RpcStatus");
        assert_eq!(type_name("v1.Cluster"), "V1Cluster");
        assert_eq!(type_name("2fa"), "Type2fa");
        assert_eq!(type_name("Self"), "SelfType");
    }

    #[test]
    fn snake_names() {
        assert_eq!(snake_name("@type"), "r#type");
        assert_eq!(snake_name("filter.labels[string]"), "filter_labels_string");
        assert_eq!(snake_name("self"), "self_");
        assert_eq!(snake_name("3d"), "_3d");
        assert_eq!(snake_name("createdAt"), "created_at");
        assert_eq!(snake_name("᪐"), "value");
        assert_eq!(type_name("²"), "Unnamed");
    }

    #[test]
    fn method_names() {
        assert_eq!(method_name("UserInviteService_UpdateUserInvite"), "update_user_invite");
        assert_eq!(method_name("find pet by id"), "find_pet_by_id");
        assert_eq!(method_name_from_path("get", "/v1/users/{user.id}"), "get_v1_users_by_user_id");
    }

    #[test]
    fn settled_names_do_not_depend_on_order() {
        let claims = [
            Claim::new("FooBar", "foo_bar"),
            Claim::new("FooBar", "FooBar"),
            Claim::new("FooBar", "Foo.Bar"),
            Claim::new("Baz", "baz"),
        ];
        let names = Namespace::default().settle(&claims);
        assert_eq!(names, ["FooBar3", "FooBar", "FooBar2", "Baz"]);
        let reversed: Vec<Claim> = claims.iter().rev().cloned().collect();
        let names = Namespace::default().settle(&reversed);
        assert_eq!(names, ["Baz", "FooBar2", "FooBar", "FooBar3"]);
    }

    #[test]
    fn the_others_take_their_qualified_names() {
        let duplicate = |path: &str, segments| Claim {
            wanted: "list_things".to_owned(),
            spelling: "listThings".to_owned(),
            tie: (segments, format!("{path} get")),
            qualified: Some(format!("list_things_get{}", path.replace('/', "_"))),
        };
        let claims = [duplicate("/v2/things", 2), duplicate("/things", 1), duplicate("/v1/things", 2)];
        let names = Namespace::default().settle(&claims);
        assert_eq!(names, ["list_things_get_v2_things", "list_things", "list_things_get_v1_things"]);
        let mut names = Namespace::default();
        names.claim("UserInvite");
        assert_eq!(names.claim_or("UserInvite", || "UserPropertiesInvite".to_owned()), "UserPropertiesInvite");
        assert_eq!(names.claim_or("Other", || unreachable!("free")), "Other");
    }

    #[test]
    fn namespace_suffixes_clashes() {
        let mut names = Namespace::default();
        assert_eq!(names.claim("Foo"), "Foo");
        assert_eq!(names.claim("Foo"), "Foo2");
        assert_eq!(names.claim("r#type"), "r#type");
        assert_eq!(names.claim("r#type"), "type_2");
        // A keyword that cannot be raw ends in `_`; its clash must not add a second one.
        assert_eq!(names.claim("self_"), "self_");
        assert_eq!(names.claim("self_"), "self_2");
        assert_eq!(names.claim("self_2"), "self_2_2");
    }
}
