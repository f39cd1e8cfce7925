//! codegen-runtime's integration tests, against real HTTP servers on 127.0.0.1: one test
//! binary, so the dependency tree is linked once, with a module per runtime component. Run
//! one with its module's name: `cargo test -p codegen-runtime --test it retry::`.

mod common;

mod auth;
mod client;
mod errors;
mod fake;
mod hooks;
mod paging;
mod poller;
mod query;
mod retry;
