//! `$ref`s resolved as bundlers resolve them: the split fixture and its bundle are one API.

use codegen::{CrateOptions, GeneratedFile, bundle, generate};
use std::path::Path;

fn files(spec: &Path) -> Vec<GeneratedFile> {
    let options = CrateOptions {
        name: "refs".to_owned(),
        dev_dependencies: Vec::new(),
        standalone: false,
        version: codegen::release::INITIAL.to_string(),
    };
    generate(spec, &options).unwrap_or_else(|error| panic!("{}: {error}", spec.display()))
}

/// The bundle is one standalone document that generates exactly what the split spec does.
#[test]
fn bundle_generates_the_same_crate() {
    let split = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/refs");
    let text = bundle(&split).unwrap_or_else(|error| panic!("{error}"));
    assert!(!text.contains(".yaml"), "a reference to a file is left:\n{text}");
    let dir = std::env::temp_dir().join(format!("codegen-refs-bundle-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let single = dir.join("openapi.yaml");
    std::fs::write(&single, text).expect("write bundle");
    let from_bundle = files(&single);
    std::fs::remove_dir_all(&dir).expect("cleanup");
    assert_eq!(files(&split), from_bundle);
}

/// A property really named `$ref` (SCIM's group members have one) stays a property; only a
/// string `$ref` stands in for the whole map.
#[test]
fn a_property_named_ref_is_a_property() {
    let dir = std::env::temp_dir().join(format!("codegen-refs-property-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let spec = dir.join("api.yaml");
    let text = "openapi: 3.0.3\ninfo: {title: T, version: '1'}\ncomponents:\n  schemas:\n    Member:\n      type: object\n      properties:\n        value: {type: string}\n        $ref: {type: string}\n";
    std::fs::write(&spec, text).expect("write spec");
    let generated = files(&spec);
    std::fs::remove_dir_all(&dir).expect("cleanup");
    let models = generated.iter().find(|file| file.path.ends_with("models.rs")).expect("models.rs");
    assert!(models.contents.contains(r#"#[serde(rename = "$ref""#), "{}", models.contents);
}
