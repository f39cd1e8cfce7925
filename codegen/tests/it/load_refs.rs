//! `$ref`s resolved as bundlers resolve them: the split fixture and its bundle are one API.

use crate::common::{SpecDir, file, fixtures_dir, generated};
use codegen::bundle;

/// The bundle is one standalone document that generates exactly what the split spec does.
#[test]
fn bundle_generates_the_same_crate() {
    let split = fixtures_dir().join("refs");
    let text = bundle(&split).unwrap_or_else(|error| panic!("{error}"));
    assert!(!text.contains(".yaml"), "a reference to a file is left:\n{text}");
    let dir = SpecDir::new("refs-bundle", &[("openapi.yaml", text)]);
    assert_eq!(generated(&split, "refs"), generated(&dir.0.join("openapi.yaml"), "refs"));
}

/// A property really named `$ref` (SCIM's group members have one) stays a property; only a
/// string `$ref` stands in for the whole map.
#[test]
fn a_property_named_ref_is_a_property() {
    let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\ncomponents:\n  schemas:\n    Member:\n      type: object\n      properties:\n        value: {type: string}\n        $ref: {type: string}\n";
    let files = generated(&SpecDir::yaml("refs-property", text).0, "refs");
    let models = file(&files, "src/models.rs").expect("models.rs");
    assert!(models.contains(r#"#[serde(rename = "$ref""#), "{models}");
}
