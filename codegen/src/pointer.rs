//! JSON pointers (RFC 6901) into spec files, the `$ref`s that name components, and [`At`],
//! a place in the spec. A leaf: every stage that locates something uses these, none of
//! them spells `~0`/`~1` or `/components/…` itself.

use std::borrow::Cow;

/// Index of a file in the loaded spec's sources.
pub type FileId = usize;

/// A place in the spec: a file and a JSON pointer into it (without `#`).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct At {
    pub file: FileId,
    pub pointer: String,
}

impl At {
    pub fn new(file: FileId, pointer: impl Into<String>) -> At {
        At { file, pointer: pointer.into() }
    }

    /// The definition of the component `kind`/`name` in `file`.
    pub fn component(file: FileId, kind: &str, name: &str) -> At {
        At { file, pointer: component(kind, name) }
    }

    /// The path item `path` in `file`.
    pub fn path_item(file: FileId, path: &str) -> At {
        At { file, pointer: path_item(path) }
    }

    /// The child `segment` (a key or an index, not yet escaped).
    pub fn join(&self, segment: &str) -> At {
        let segment = escape(segment);
        let mut pointer = String::with_capacity(self.pointer.len() + 1 + segment.len());
        pointer.push_str(&self.pointer);
        pointer.push('/');
        pointer.push_str(&segment);
        At { file: self.file, pointer }
    }
}

/// Escapes one pointer segment: `~` → `~0`, `/` → `~1`.
pub fn escape(segment: &str) -> Cow<'_, str> {
    if segment.contains(['~', '/']) { segment.replace('~', "~0").replace('/', "~1").into() } else { segment.into() }
}

/// Unescapes one pointer segment; `~1` first, so that `~01` is `~1`.
pub fn unescape(segment: &str) -> Cow<'_, str> {
    if segment.contains('~') { segment.replace("~1", "/").replace("~0", "~").into() } else { segment.into() }
}

/// The pointer of the path item `path`: `/paths/~1v1~1users`.
pub fn path_item(path: &str) -> String {
    format!("/paths/{}", escape(path))
}

/// The pointer of the component `kind`/`name`: `/components/schemas/A~1B`.
pub fn component(kind: &str, name: &str) -> String {
    format!("/components/{kind}/{}", escape(name))
}

/// The `$ref` to the component `kind`/`name` of the same document: `#/components/schemas/A~1B`.
pub fn component_ref_to(kind: &str, name: &str) -> String {
    format!("#{}", component(kind, name))
}

/// A reference split into its file part and its pointer: `a.yaml#/b` → `("a.yaml", "/b")`,
/// `#/b` → `("", "/b")`; without `#` it names a whole file (`a.yaml` → `("a.yaml", "")`).
pub fn split_reference(reference: &str) -> (&str, &str) {
    reference.split_once('#').unwrap_or((reference, ""))
}

/// The pointer a reference names inside its file.
pub fn fragment(reference: &str) -> &str {
    split_reference(reference).1
}

/// `/components/<kind>/<name>` → `(kind, name)`, the name still escaped. `None` for any
/// other pointer, one into a component included.
pub fn parse_component(pointer: &str) -> Option<(&str, &str)> {
    let (kind, name) = pointer.strip_prefix("/components/")?.split_once('/')?;
    (!name.contains('/')).then_some((kind, name))
}

/// The component a `$ref` names (`#/components/schemas/A~1B`, or in another file
/// `other.yaml#/components/…`): its kind and its name, unescaped.
pub fn component_ref(reference: &str) -> Option<(&str, Cow<'_, str>)> {
    parse_component(fragment(reference)).map(|(kind, name)| (kind, unescape(name)))
}

/// What a `$ref` asks for among the components of `kind`: the rest of its pointer after
/// `/components/<kind>/`, unescaped. A pointer deeper than a component gives a name no
/// component has, which the caller reports as missing; `None` when the pointer is not
/// under `/components/<kind>/` at all.
pub fn component_name<'r>(reference: &'r str, kind: &str) -> Option<Cow<'r, str>> {
    let rest = fragment(reference).strip_prefix("/components/")?.strip_prefix(kind)?.strip_prefix('/')?;
    Some(unescape(rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_unescapes_segments() {
        assert_eq!(escape("/v1/a~b"), "~1v1~1a~0b");
        assert_eq!(unescape("~1v1~1a~0b"), "/v1/a~b");
        // `~01` is an escaped `~` followed by `1`, not an escaped `/`.
        assert_eq!(unescape("~01"), "~1");
        assert_eq!(escape("~1"), "~01");
        assert!(matches!(escape("plain"), Cow::Borrowed(_)));
        assert!(matches!(unescape("plain"), Cow::Borrowed(_)));
    }

    #[test]
    fn places() {
        let at = At::path_item(2, "/v1/users");
        assert_eq!(at.join("get").join("responses").join("200"), At::new(2, "/paths/~1v1~1users/get/responses/200"));
        assert_eq!(At::component(0, "schemas", "a/b").pointer, "/components/schemas/a~1b");
        assert_eq!(
            At::component(0, "schemas", "a/b").join("application/json").pointer,
            "/components/schemas/a~1b/application~1json"
        );
    }

    #[test]
    fn references() {
        assert_eq!(split_reference("other.yaml#/components/schemas/A"), ("other.yaml", "/components/schemas/A"));
        assert_eq!(split_reference("#/a"), ("", "/a"));
        assert_eq!(split_reference("other.yaml"), ("other.yaml", ""));
        assert_eq!(fragment("other.yaml"), "");
    }

    #[test]
    fn component_references() {
        assert_eq!(component_ref("#/components/schemas/rpc.Status"), Some(("schemas", "rpc.Status".into())));
        assert_eq!(component_ref("other.yaml#/components/parameters/A~1B"), Some(("parameters", "A/B".into())));
        assert_eq!(component_ref("#/definitions/A"), None);
        assert_eq!(component_ref("#/components/schemas/A/properties/b"), None);
        assert_eq!(component_ref("#/components/schemas"), None);
        assert_eq!(parse_component("/components/schemas/A~1B"), Some(("schemas", "A~1B")));
        assert_eq!(parse_component("/components/schemas/A/properties"), None);
        let written = component_ref_to("securitySchemes", "a/b~c");
        assert_eq!(written, "#/components/securitySchemes/a~1b~0c");
        assert_eq!(component_ref(&written), Some(("securitySchemes", "a/b~c".into())));
    }

    #[test]
    fn component_names_by_kind() {
        assert_eq!(component_name("#/components/schemas/A~1B", "schemas").as_deref(), Some("A/B"));
        assert_eq!(component_name("x.yaml#/components/responses/NotFound", "responses").as_deref(), Some("NotFound"));
        // Another kind, or a kind that only starts the same, is not one of `kind`.
        assert_eq!(component_name("#/components/schemas/A", "parameters"), None);
        assert_eq!(component_name("#/components/schemasX/A", "schemas"), None);
        // Deeper than a component: a name that no component has, reported as missing.
        assert_eq!(component_name("#/components/schemas/A/properties/b", "schemas").as_deref(), Some("A/properties/b"));
    }
}
