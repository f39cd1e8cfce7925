//! Spec files as written, untyped: for tools that copy or compare spec text
//! (`crate::upstream`) rather than generate from it. The YAML side of those tools
//! (parsing into [`Json`], quoting scalars) lives here, with the rest of serde_yaml.

use super::json::Json;
use super::sources::{Sources, yaml_diagnostic};
use crate::error::{Diagnostics, Error};
use std::path::Path;

/// Every file of a loaded spec as an untyped tree, indexed by [`FileId`](crate::pointer::FileId).
pub fn documents(sources: &Sources) -> Result<Vec<Json>, Error> {
    sources.files.iter().map(|(path, text)| parse(path, text)).collect()
}

/// One document's text as an untyped tree, keys in written order; a YAML error is located
/// like [`super::load`]'s (which spec text has usually passed already).
pub fn parse(path: &Path, text: &str) -> Result<Json, Error> {
    serde_yaml::from_str(text).map_err(|error| Diagnostics(vec![yaml_diagnostic(path, text, &error)]).into())
}

/// A string as a plain YAML scalar when that reads back as the same string, quoted
/// otherwise (`'200'`, `'@type'`, `'true'`); a multi-line string is a `|-` block whose
/// continuation lines start at column 0, to be indented by the caller.
pub fn string_scalar(value: &str) -> String {
    let text = match serde_yaml::to_string(value) {
        Ok(text) => text.strip_suffix('\n').unwrap_or(&text).to_owned(),
        // Unreachable for a string; JSON's quoting is valid YAML anyway.
        Err(_) => return Json::String(value.to_owned()).to_json_string(),
    };
    if yaml_1_1_reads_otherwise(&text) { format!("'{}'", value.replace('\'', "''")) } else { text }
}

/// serde_yaml follows YAML 1.2, but other tools that read the spec (mock servers,
/// validators) follow 1.1, where `2025-05-04T09:42:00Z` is a timestamp, `1:30` a number
/// and `yes` a boolean: such strings are quoted, as the hand-written files do.
fn yaml_1_1_reads_otherwise(plain: &str) -> bool {
    let starts_with_digit = plain.starts_with(|c: char| c.is_ascii_digit());
    let single_line = !plain.contains('\n') && !plain.starts_with(['\'', '"']);
    let boolean = ["y", "n", "yes", "no", "on", "off"].contains(&plain.to_ascii_lowercase().as_str());
    single_line && (boolean || (starts_with_digit && plain.contains(['-', ':'])))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_only_what_yaml_would_misread() {
        assert_eq!(string_scalar("plain text"), "plain text");
        assert_eq!(string_scalar("200"), "'200'");
        assert_eq!(string_scalar("@type"), "'@type'");
        assert_eq!(string_scalar("true"), "'true'");
        assert_eq!(string_scalar("a\nb"), "|-\n  a\n  b");
        assert_eq!(string_scalar("2023-01-01T00:00:00Z"), "'2023-01-01T00:00:00Z'");
        assert_eq!(string_scalar("yes"), "'yes'");
        assert_eq!(string_scalar("it's 1:30"), "it's 1:30");
        assert_eq!(string_scalar("1:30 o'clock"), "'1:30 o''clock'");
    }

    #[test]
    fn parses_keys_in_written_order() {
        let json = parse(Path::new("x.yaml"), "b: 1\na: [x, '2']\n").expect("valid");
        let Json::Object(entries) = json else { panic!("not an object") };
        let keys: Vec<&str> = entries.iter().map(|(key, _)| key.as_str()).collect();
        assert_eq!(keys, ["b", "a"]);
    }
}
