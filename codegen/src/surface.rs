//! The API surface's format: one line per public item of a generated crate.
//!
//! [`crate::emit`] writes it (`emit/surface.rs`) as `API.txt` beside the crate's `Cargo.toml`;
//! it is snapshotted, and read back here by [`crate::report`], which compares two of them,
//! and [`crate::release`]. A line is `[#[deprecated] ]KIND PATH REST`:
//!
//! ```text
//! crate redpanda-cloud 0.1.0
//! const DEFAULT_BASE_URL: &str = "https://api.redpanda.com"
//! async fn Client::update_user_invite(id: &str, body: &UpdateUserInviteBody) -> Result<Response<UpdateUserInviteResponse>, Error<RpcStatus>>
//! struct UserInvite: Default
//! field UserInvite.email: Option<String>
//! enum ScopeResourceType: Display
//! variant ScopeResourceType::Cluster = "SCOPE_RESOURCE_TYPE_CLUSTER"
//! fallback ScopeResourceType::Unknown
//! type Labels = std::collections::BTreeMap<String, String>
//! fn *::unknown_fields() -> &UnknownFields
//! ```
//!
//! `*::unknown_fields`, the accessor of the fields a value was sent that its schema does not
//! name, is the same method on every struct: it is listed once, when the crate has a struct.
//!
//! The fake's collection accessors are listed under their module path
//! (`fn fake::FakeServer::user_invites() -> FakeCollection<UserInvite>`), with a comment line
//! saying they need the `fake` feature.
//!
//! The crate's fixed runtime (`Client::new`, `Response`, `Error`, `FakeServer::start`, …) is
//! the same for every spec and is not listed; nor are what follows from a listed item (setters from fields,
//! `as_str` from string enums, `as_i64` from integer enums). Types are listed by name; they live in `models`.

use std::fmt;

/// The surface file's path in the crate.
pub const FILE: &str = "API.txt";

/// What a line lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    Crate,
    /// A root re-export of a runtime item that only some crates carry (`use Poller`).
    Use,
    Const,
    AsyncFn,
    Fn,
    Struct,
    Enum,
    Type,
    Field,
    Variant,
    /// The variant that keeps values or shapes this version does not know.
    Fallback,
}

impl Kind {
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Crate => "crate",
            Kind::Use => "use",
            Kind::Const => "const",
            Kind::AsyncFn => "async fn",
            Kind::Fn => "fn",
            Kind::Struct => "struct",
            Kind::Enum => "enum",
            Kind::Type => "type",
            Kind::Field => "field",
            Kind::Variant => "variant",
            Kind::Fallback => "fallback",
        }
    }

    /// A type definition, as opposed to a member of one.
    pub fn is_type(self) -> bool {
        matches!(self, Kind::Struct | Kind::Enum | Kind::Type)
    }

    fn parse(line: &str) -> Option<(Kind, &str)> {
        const ALL: [Kind; 11] = [
            Kind::Crate,
            Kind::Use,
            Kind::Const,
            Kind::AsyncFn,
            Kind::Fn,
            Kind::Struct,
            Kind::Enum,
            Kind::Type,
            Kind::Field,
            Kind::Variant,
            Kind::Fallback,
        ];
        ALL.into_iter().find_map(|kind| Some((kind, line.strip_prefix(kind.as_str())?.strip_prefix(' ')?)))
    }
}

/// One public item: `field UserInvite.email: Option<String>` is kind `Field`, path
/// `UserInvite.email`, rest `: Option<String>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Item {
    pub kind: Kind,
    /// Unique in a surface: `Type`, `Type.field`, `Type::Variant`, `Client::method`.
    pub path: String,
    /// The signature after the path, as printed.
    pub rest: String,
    pub deprecated: bool,
}

impl Item {
    pub fn new(kind: Kind, path: impl Into<String>, rest: impl Into<String>) -> Self {
        Item { kind, path: path.into(), rest: rest.into(), deprecated: false }
    }

    pub fn deprecated(mut self, deprecated: bool) -> Self {
        self.deprecated = deprecated;
        self
    }

    /// The type a member belongs to: `UserInvite` for `UserInvite.email`; `None` for types and functions.
    pub fn owner(&self) -> Option<&str> {
        match self.kind {
            Kind::Field => self.path.split_once('.').map(|(owner, _)| owner),
            Kind::Variant | Kind::Fallback => self.path.split_once("::").map(|(owner, _)| owner),
            _ => None,
        }
    }

    /// Parses one line; `None` for comments, blank lines and lines of no known kind.
    pub fn parse(line: &str) -> Option<Item> {
        let (deprecated, line) = match line.strip_prefix("#[deprecated] ") {
            Some(rest) => (true, rest),
            None => (false, line),
        };
        let (kind, rest) = Kind::parse(line)?;
        // A package name may hold `-`: the crate line's path is its first word.
        let split = if kind == Kind::Crate { rest.find(' ').unwrap_or(rest.len()) } else { path_len(rest) };
        (split > 0).then(|| Item::new(kind, &rest[..split], &rest[split..]).deprecated(deprecated))
    }
}

/// The length of the item path at the start of `text`: identifier characters, `.` and `::`.
fn path_len(text: &str) -> usize {
    let bytes = text.as_bytes();
    let mut end = 0;
    while end < bytes.len() {
        match bytes[end] {
            b'a'..=b'z' | b'A'..=b'Z' | b'0'..=b'9' | b'_' | b'#' | b'.' | b'*' => end += 1,
            b':' if bytes.get(end + 1) == Some(&b':') => end += 2,
            _ => break,
        }
    }
    end
}

impl fmt::Display for Item {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.deprecated {
            f.write_str("#[deprecated] ")?;
        }
        write!(f, "{} {}{}", self.kind.as_str(), self.path, self.rest)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_parse_back() {
        for line in [
            "crate redpanda-cloud 0.1.0",
            "async fn Client::update_user_invite(id: &str, body: &UpdateUserInviteBody) -> Result<Response<()>, Error<RpcStatus>>",
            "#[deprecated] field UserInvite.r#type: Option<String>",
            "variant ScopeResourceType::Cluster = \"SCOPE_RESOURCE_TYPE_CLUSTER\"",
            "struct Wrapper(Vec<Wrapper>): ErrorBody",
            "fallback RpcStatusCode::Other",
            "fn *::unknown_fields() -> &UnknownFields",
        ] {
            let item = Item::parse(line).unwrap_or_else(|| panic!("{line}"));
            assert_eq!(item.to_string(), line);
        }
        let field = Item::parse("field UserInvite.email: Option<String>").expect("a field");
        assert_eq!(
            (field.kind, field.path.as_str(), field.rest.as_str()),
            (Kind::Field, "UserInvite.email", ": Option<String>")
        );
        assert_eq!(field.owner(), Some("UserInvite"));
        let krate = Item::parse("crate redpanda-cloud 0.1.0").expect("the crate line");
        assert_eq!((krate.path.as_str(), krate.rest.as_str()), ("redpanda-cloud", " 0.1.0"));
        assert_eq!(Item::parse("# a comment"), None);
        assert_eq!(Item::parse("gadget Foo"), None);
    }
}
