//! The generated crate's hand-written tests: one test binary, so the dependency tree is linked
//! once, with a module per subject (`tests/examples.rs`, written by the generator, is its own).
//! Run one with its module's name: `cargo test -p redpanda-cloud --test it fake::`.

mod caching_tokens;
mod client;
mod fake;
mod hooks;
mod prism;
mod retries;
mod sdk;
mod testing_your_code;
mod tracing;
