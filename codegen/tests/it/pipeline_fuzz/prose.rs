//! The `prose` target: spec descriptions of generated Markdown never fail the build.
//!
//! The oracle is the real lints, not a copy of their conditions: each case is a batch of
//! Markdown texts, put as descriptions on schemas, properties and operations of one spec;
//! `generate` turns them into doc comments, and every doc comment block of the emitted files
//! goes above an item of a dependency-free scratch crate, which `cargo clippy -- -D warnings`
//! and `cargo doc` with `RUSTDOCFLAGS=-D warnings` then check, in a few seconds a batch.

use proptest::prelude::*;
use proptest::sample::select;
use serde_json::{Value, json};
use std::path::Path;
use std::process::Command;

/// Pieces of a Markdown line that authors write and renderers forgive.
#[rustfmt::skip]
const INLINE: &[&str] = &[
    "word", "two words", "`code`", "`a[0] <b>`", "``", "*emph*", "**strong**", "_under_", "a_b", "\\", "\\*",
    "[word]", "[two words]", "[a.b]", "[x::y]", "[Foo][bar]", "[text](https://example.com/a)", "[t](#frag)",
    "[](x)", "[x]:", "[^1]", "![img](https://example.com/i.png)", "https://example.com/path?q=1.",
    "http://x.y/(paren)", "www.example.com", "mailto:a@b.c", "a@b.com", "<https://example.com>", "<b>", "</b>",
    "<br>", "<br/>", "<p>", "<unclosed", "<!-- comment -->", "<a href=\"x\">x</a>", "<T>", "Vec<String>",
    "&amp;", "&lt;", "&#x200B;", "&nbsp;", "1 < 2 > 0", "{placeholder}", "|", "a | b", "#", "#tag", "*", "-",
    "+", "1.", ">", ">>", "'quote'", "\"dq\"", "->", "=>", "~~strike~~", "$x$", "@user", "%s", "\u{200B}",
    "\u{200C}", "\u{200D}", "\u{2060}", "\u{FEFF}", "\u{AD}", "\u{7}", "\u{1B}[0m", "\u{0}", "\u{202E}",
    "\u{2066}", "\t", "é", "日本", "😀", "e\u{301}", "...", "TODO:", "Note:", "*/", "/*", "//", "r#\"x\"#",
];

/// How a line starts: indentation, list markers, quotes, headings, fences, tables, rules.
#[rustfmt::skip]
const LEADS: &[&str] = &[
    "", "", "", "", " ", "  ", "   ", "    ", "     ", "      ", "        ", "\t", " \t", "- ", "-   ", "-     ",
    "* ", "+ ", "  - ", "   - ", "    - ", "      - ", "1. ", "2) ", "10. ", "  1. ", "    1. ", "- - ", "> ",
    ">", "> > ", "> - ", "- > ", "# ", "### ", "#", "| ", "---", "***", "===", "- [ ] ", "- [x] ", "```",
    "```json", "```rust", "```should-panic", "```no_run", "```text", "``` yaml", "```{.x}", "```a b", "````",
    "~~~", "~~~python", "<div>", "</div>", "<table>", "[ref]: https://example.com", "[^1]: note", "\\- ",
    "\u{A0}", "\u{A0}\u{A0}  ", "\u{3000}", " \u{2003}- ",
];

fn line() -> impl Strategy<Value = String> {
    (select(LEADS), prop::collection::vec(select(INLINE), 0..5), 0..3usize)
        .prop_map(|(lead, words, trailing)| format!("{lead}{}{}", words.join(" "), ["", "  ", " \\"][trailing]))
}

/// One description: a few lines, blank lines among them.
pub fn markdown() -> impl Strategy<Value = String> {
    prop::collection::vec(prop_oneof![4 => line(), 1 => Just(String::new())], 1..10).prop_map(|lines| lines.join("\n"))
}

/// A spec whose schemas, properties, operations, parameters and responses carry `texts`.
pub fn spec(texts: &[String]) -> Value {
    let mut schemas = serde_json::Map::new();
    let mut paths = serde_json::Map::new();
    for (index, text) in texts.iter().enumerate() {
        schemas.insert(
            format!("S{index}"),
            json!({
                "type": "object",
                "description": text,
                "properties": {
                    "p": {"type": "string", "description": text},
                    "e": {"type": "string", "enum": ["a", "b"], "description": text},
                },
            }),
        );
        paths.insert(
            format!("/s{index}"),
            json!({"get": {
                "operationId": format!("getS{index}"),
                "summary": text,
                "description": text,
                "parameters": [{"name": "q", "in": "query", "description": text, "schema": {"type": "string"}}],
                "responses": {"200": {"description": text, "content": {"application/json": {
                    "schema": {"$ref": format!("#/components/schemas/S{index}")},
                }}}},
            }}),
        );
    }
    json!({
        "openapi": "3.0.3",
        "info": {"title": "Prose", "version": "1", "description": texts.first().cloned().unwrap_or_default()},
        "paths": paths,
        "components": {"schemas": schemas},
    })
}

/// The files whose docs hold spec prose; the runtime's are the same in every crate.
const SPEC_FILES: &[&str] = &["src/lib.rs", "src/models.rs", "src/client.rs"];

/// Every block of consecutive `///` or `//!` lines in the files of spec prose, as `///` lines.
pub fn doc_blocks(files: &[codegen::GeneratedFile]) -> Vec<String> {
    let mut blocks = Vec::new();
    for file in files.iter().filter(|file| SPEC_FILES.iter().any(|path| file.path == Path::new(path))) {
        let mut block = String::new();
        for line in file.contents.lines() {
            let trimmed = line.trim_start();
            match trimmed.strip_prefix("///").or_else(|| trimmed.strip_prefix("//!")) {
                Some(doc) => {
                    block.push_str("///");
                    // The generator's own links to the item's members, which the scratch
                    // crate's stand-in does not have.
                    block.push_str(&doc.replace("](Self::", "](#").replace("](crate::Client::", "](#"));
                    block.push('\n');
                }
                None if !block.is_empty() => blocks.push(std::mem::take(&mut block)),
                None => {}
            }
        }
    }
    blocks.sort();
    blocks.dedup();
    blocks
}

/// The scratch crate's `lib.rs`: one unit struct under each block, in a module (where the
/// root's `Client`, which generated docs link to, is not in scope).
fn scratch_source(blocks: &[String]) -> String {
    let mut source = String::from("//! Doc comments of a generated crate.\n\npub struct Client;\n\npub mod docs {\n");
    for (index, block) in blocks.iter().enumerate() {
        source.push_str(&format!("\n{block}pub struct Doc{index};\n"));
    }
    source.push_str("}\n");
    source
}

/// What clippy and rustdoc say about the doc blocks, or `None` when both pass.
pub fn lint(scratch: &Path, blocks: &[String]) -> Option<String> {
    std::fs::create_dir_all(scratch.join("src")).expect("scratch crate dir");
    let manifest = "[package]\nname = \"prose\"\nversion = \"0.0.0\"\nedition = \"2024\"\n\n[workspace]\n";
    std::fs::write(scratch.join("Cargo.toml"), manifest).expect("scratch manifest");
    std::fs::write(scratch.join("src/lib.rs"), scratch_source(blocks)).expect("scratch lib.rs");
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let run = |args: &[&str]| {
        let output = Command::new(&cargo)
            .args(args)
            .current_dir(scratch)
            .env("RUSTDOCFLAGS", "-D warnings")
            .env_remove("RUSTFLAGS")
            .env_remove("CARGO_TARGET_DIR")
            .output()
            .expect("run cargo");
        (!output.status.success()).then(|| String::from_utf8_lossy(&output.stderr).into_owned())
    };
    let clippy = run(&["clippy", "--quiet", "--offline", "--", "-D", "warnings"]);
    let doc = run(&["doc", "--quiet", "--offline", "--no-deps"]);
    let source = std::fs::read_to_string(scratch.join("src/lib.rs")).unwrap_or_default();
    match (clippy, doc) {
        (None, None) => None,
        (clippy, doc) => {
            Some(format!("{}{}\n--- src/lib.rs\n{source}", clippy.unwrap_or_default(), doc.unwrap_or_default()))
        }
    }
}
