//! Regressions: minimal inputs of problems the fuzzer found, each with the outcome its fix
//! gave.

use super::check_in_child;
use crate::common::{ROOT, SpecDir, file, generate_files};
use codegen::{Error, GeneratedFile};

/// The crate generated from `spec` (one file, `api.yaml`), which must generate.
fn generated(name: &str, spec: &str) -> Vec<GeneratedFile> {
    generate_files(name, &[("api.yaml", spec)]).unwrap_or_else(|error| panic!("{name}: {error}"))
}

/// The lines of the crate's `API.txt` that declare types, fields and variants, in order.
fn declared(files: &[GeneratedFile]) -> Vec<&str> {
    let surface = file(files, codegen::surface::FILE).expect("API.txt");
    let declares =
        |line: &&str| ["struct ", "field ", "type ", "enum ", "variant "].iter().any(|kind| line.starts_with(kind));
    surface.lines().filter(declares).collect()
}

/// An inline `allOf` of two or more members that `$ref`s its own component: lowering inlined
/// the component's properties, met the same inline `allOf` again, and overflowed the stack.
/// Each component now merges once: the inline type holds `A`'s properties, its cycle boxed.
#[test]
fn inline_all_of_referencing_its_own_component() {
    let spec = format!(
        "{ROOT}components:\n  schemas:\n    A:\n      properties:\n        x:\n          allOf:\n            - $ref: '#/components/schemas/A'\n            - {{}}\n"
    );
    let files = generated("inline-all-of-cycle", &spec);
    assert_eq!(
        declared(&files),
        ["struct A: Default", "field A.x: Option<Ax>", "struct Ax: Default", "field Ax.x: Option<Box<Ax>>"]
    );
}

/// A name whose first character is alphanumeric but cannot start an identifier (`᪐` is a digit
/// outside ASCII, `²` is not even XID_Continue): `Ident::new` panicked in emit. Such a name now
/// passes through `naming` like any other: a field keeps it as its wire name, a type is unnamed.
#[test]
fn identifier_from_a_non_start_character() {
    for name in ["᪐", "²"] {
        let spec =
            format!("{ROOT}components:\n  schemas:\n    A:\n      properties:\n        '{name}': {{type: string}}\n");
        let files = generated("non-start-character", &spec);
        assert_eq!(declared(&files), ["struct A: Default", "field A.value: Option<String>"], "{name}");
        let models = file(&files, "src/models.rs").expect("models.rs");
        assert!(models.contains(&format!("#[serde(rename = \"{name}\"")), "{name}: {models}");
        let spec = format!("{ROOT}components:\n  schemas:\n    '{name}': {{type: string}}\n");
        assert_eq!(declared(&generated("non-start-character", &spec)), ["type Unnamed = String"], "{name}");
    }
}

/// The first diagnostic of `files`, as `line:col: message`, the path left out.
fn first_diagnostic(name: &str, files: &[(&str, &str)]) -> String {
    match generate_files(name, files) {
        Err(Error::Spec(diagnostics)) => {
            let first = &diagnostics.0[0];
            format!("{}:{}: {}", first.line, first.column, first.message)
        }
        other => panic!("expected a spec error, got {:?}", other.map(|files| files.len())),
    }
}

/// Sequences written at their key's indentation (`parameters:\n- name: x`, as serde_yaml and
/// kubectl print them): the locator stopped at the key.
#[test]
fn diagnostic_inside_a_sequence_at_its_keys_indentation() {
    let spec = format!(
        "{ROOT}paths:\n  /a:\n    get:\n      parameters:\n      - name: x\n        in: body\n      responses:\n        '204': {{description: ok}}\n"
    );
    let diagnostic = first_diagnostic("compact-sequence", &[("api.yaml", &spec)]);
    assert!(diagnostic.starts_with("8:9: "), "{diagnostic}");
}

/// A syntax error at the end of a file without a final newline was placed one line past the end.
#[test]
fn syntax_error_at_the_end_of_the_file_is_inside_it() {
    let diagnostic = first_diagnostic("end-of-file", &[("api.yaml", "openapi: 3.0.3\nfoo")]);
    assert!(diagnostic.starts_with("2:"), "{diagnostic}");
}

/// Spec names were quoted verbatim, so a name with a line break split the `error: …` line.
#[test]
fn diagnostic_of_a_name_with_a_line_break_is_one_line() {
    let spec = format!(
        "{ROOT}paths:\n  /a:\n    get:\n      parameters:\n        - {{name: \"x\\ny\", in: body}}\n      responses:\n        '204': {{description: ok}}\n"
    );
    let diagnostic = first_diagnostic("line-break", &[("api.yaml", &spec)]);
    assert!(!diagnostic.contains('\n'), "{diagnostic}");
}

/// The name of an inline type is the parent's name plus the property's, and that concatenation
/// skipped `naming`: a property `²` holding an enum made a type `A²`, and `Ident::new` panicked.
/// The joined name now passes through `naming` too (here `A`, taken, so the words of the
/// enum's pointer name it).
#[test]
fn inline_type_named_after_a_non_identifier_property() {
    let spec = format!("{ROOT}components:\n  schemas:\n    A:\n      properties:\n        '²': {{enum: [x, y]}}\n");
    let files = generated("inline-type-name", &spec);
    let expected = [
        "struct A: Default",
        "field A.value: Option<AProperties>",
        "enum AProperties: Display",
        "variant AProperties::X = \"x\"",
        "variant AProperties::Y = \"y\"",
    ];
    assert_eq!(declared(&files), expected);
}

/// The JSON pointer in a diagnostic quotes the spec name verbatim: a property named `x⏎y`
/// still splits the `error: …` line (messages are escaped, pointers are not).
#[test]
fn diagnostic_pointer_with_a_line_break_is_one_line() {
    let spec =
        format!("{ROOT}components:\n  schemas:\n    A:\n      properties:\n        \"x\\ny\": {{type: integr}}\n");
    let diagnostic = match generate_files("pointer-line-break", &[("api.yaml", &spec)]) {
        Err(error) => error.to_string(),
        Ok(_) => panic!("an unknown type is an error"),
    };
    assert_eq!(diagnostic.lines().count(), 2, "{diagnostic}");
}

/// `allOf` members that `$ref` the schema itself, more than once: each level of the allOf walk
/// branches again before the depth limit (32) stops it, so time and memory grow exponentially
/// (two refs: 0.6 s; three: over 13 GB within minutes). Run in a memory-limited child.
#[test]
fn all_of_repeating_a_self_reference() {
    let refs = "      - $ref: '#/components/schemas/S'\n".repeat(3);
    let dir = SpecDir::yaml("all-of-repeat", &format!("{ROOT}components:\n  schemas:\n    S:\n      allOf:\n{refs}"));
    let verdict = check_in_child(&dir.0);
    assert_eq!(verdict.failure, None);
}

/// An operationId that starts with a digit (`2fa`): its method is `_2fa`, and the fake's
/// `const` of its route was `2FA`, which `Ident::new` refused. The fake's routes are JSON
/// data now, named by the method.
#[test]
fn route_of_an_operation_id_starting_with_a_digit() {
    let spec = format!(
        "{ROOT}paths:\n  /codes:\n    get:\n      operationId: 2fa\n      responses: {{'204': {{description: ok}}}}\n"
    );
    let files = generated("digit-operation-id", &spec);
    let tables = file(&files, "src/fake/spec.json").expect("the fake's tables");
    assert!(tables.contains("\"operation\": \"_2fa\","), "{tables}");
}
