//! `README.md`: the crate's page on crates.io and, through `#![doc = include_str!]` in
//! `lib.rs`, its front page on docs.rs. Every Rust block is a doctest, so none can rot;
//! a section is written only when the spec has what it shows (a crate of models only has
//! no client sections).

use super::{CrateOptions, ident};
use crate::ir::{Api, Operation};
use crate::plan::{Need, Uses};
use crate::render;
use proc_macro2::TokenStream;
use quote::quote;
use std::fmt::Write;

/// The README of `api`'s crate, without its header.
pub fn readme(api: &Api, uses: Uses, options: &CrateOptions) -> String {
    let krate = crate::naming::crate_ident(&options.name);
    let mut out = format!("# {}\n\n{}\n", api.title.trim(), super::crate_files::what_it_is(api, uses));
    if !api.docs.is_empty() {
        let _ = write!(out, "\n{}\n", api.docs.join("\n"));
    }
    install(&mut out, api, uses, options);
    if uses.has(Need::Client) {
        first_call(&mut out, api, &krate);
        page_streams(&mut out, api, &krate);
        masks(&mut out, api);
        long_running(&mut out, api, &krate);
    }
    unknown(&mut out, api);
    if uses.has(Need::Client) {
        testing(&mut out, api, &krate);
        tracing_and_tls(&mut out, options);
    }
    out
}

/// A `rust,no_run` block of `tokens`, rendered like any emitted file; none when it does not
/// render (a generator bug the snapshots would show).
fn rust_block(out: &mut String, tokens: TokenStream) {
    if let Ok(code) = render::render("README example", tokens) {
        let _ = write!(out, "\n```rust,no_run\n{code}```\n");
    }
}

fn install(out: &mut String, api: &Api, uses: Uses, options: &CrateOptions) {
    let _ = write!(out, "\n## Install\n\n```toml\n[dependencies]\n{} = \"{}\"\n", options.name, options.version);
    if api.fake.is_some() {
        let _ = write!(
            out,
            "\n[dev-dependencies]\n{} = {{ version = \"{}\", features = [\"fake\"] }}\n",
            options.name, options.version
        );
    }
    out.push_str("```\n");
    if !uses.has(Need::Client) {
        return;
    }
    out.push_str(
        "\nFeatures:\n\n\
         - `rustls` (default): TLS with rustls and the aws-lc-rs crypto provider.\n\
         - `native-tls`: the platform's TLS instead (OpenSSL on Linux); use it with\n  `default-features = false`.\n\
         - `tracing` (default): a span for every operation call, HTTP attempt, token fetch and page.\n",
    );
    if api.fake.is_some() {
        out.push_str("- `fake`: `fake::FakeServer`, a stateful fake of the API on 127.0.0.1, for tests.\n");
    }
}

/// Credentials, a first call and its errors: the usage example `lib.rs` had.
fn first_call(out: &mut String, api: &Api, krate: &str) {
    out.push_str("\n## Credentials\n\n");
    out.push_str(match &api.client_credentials {
        Some(_) => {
            "The API takes OAuth2 client credentials: `auth::ClientCredentials` fetches a token from the\n\
             spec's token endpoint and caches it until it expires; concurrent calls share one fetch.\n\
             `Debug` and errors never show the secret.\n"
        }
        None => "Give the client a token with `Client::with_bearer_token`, or a `TokenSource` of your own.\n",
    });
    let Some(example) = super::crate_files::usage_example(api, krate) else { return };
    out.push_str(
        "\n## A first call, and its errors\n\n\
         Every operation is an async method on `Client`. It returns the decoded body in a\n\
         `Response` (with the status and headers), or an `Error`: the API's error body with its\n\
         status, a transport failure, or a response the spec does not document. Idempotent\n\
         requests are sent again on 429, 500, 502, 503, 504 and timeouts, any request whose\n\
         connection was refused, with backoff or as `Retry-After` says, within a retry budget\n\
         that the client and its clones share (`RetryPolicy`, `RetryBudget`).\n",
    );
    let _ = write!(out, "\n```rust,no_run\n{example}```\n");
}

/// A list operation that pages, called with the default query: its stream.
fn page_streams(out: &mut String, api: &Api, krate: &str) {
    let Some((op, stream)) = api.operations.iter().find_map(|op| Some((op, streamable(op)?))) else { return };
    let krate = ident(krate);
    let stream = ident(stream);
    let query = op.query.as_ref().map(|query| {
        let ty = ident(&query.type_name);
        quote!(&#krate::models::#ty::default())
    });
    out.push_str(
        "\n## Page streams\n\n\
         A list operation that pages has a `…_stream` method: every item, page after page,\n\
         fetching the next page only when the stream is read that far.\n",
    );
    rust_block(
        out,
        quote! {
            use #krate::{Client, TryStreamExt};

            async fn example(client: &Client) -> Result<(), Box<dyn std::error::Error>> {
                let mut items = client.#stream(#query);
                while let Some(item) = items.try_next().await? {
                    println!("{item:?}");
                }
                Ok(())
            }
        },
    );
}

/// The stream method of `op`, when it can be called with nothing but a default query.
fn streamable(op: &Operation) -> Option<&str> {
    let pages = op.pages.as_ref()?;
    let query = op.query.as_ref()?;
    let simple = op.path_params.is_empty() && op.headers.is_empty() && op.cookies.is_empty() && op.body.is_none();
    (simple && query.fields.iter().all(|field| !field.required)).then_some(pages.stream_method.as_str())
}

fn masks(out: &mut String, api: &Api) {
    let masked = api.types.iter().any(|def| match &def.kind {
        crate::ir::TypeKind::Struct(body) => body.update_mask.is_some(),
        _ => false,
    });
    if masked {
        out.push_str(
            "\n## Update masks\n\n\
             An update body with a field mask has `from_set_fields(resource)`: the mask lists exactly\n\
             the fields set on `resource`, so fields left `None` are left as they are on the server.\n\
             `with_mask_path(path)` adds a path, which clears that field when it is unset.\n",
        );
    }
}

/// Long-running operations, when the spec has them: the first one's resumed poller.
fn long_running(out: &mut String, api: &Api, krate: &str) {
    let Some((op, lr)) = api.operations.iter().find_map(|op| Some((op, op.long_running.as_ref()?))) else { return };
    let (krate, resume) = (ident(krate), ident(&lr.resume_method));
    let _ = write!(
        out,
        "\n## Long-running operations\n\n\
         A call that starts long-running work (`{}`, …) also has `{}(args…)`, which starts it and\n\
         returns a `Poller`, and `{}(operation_id)`, which picks up one started earlier, in this\n\
         process or another. `until_done()` waits for the typed result; `poll()` looks once at a\n\
         time and reports progress with the operation's metadata. `PollPolicy::default()` polls\n\
         after 1 s, doubling to 60 s with jitter, and never gives up: `with_timeout` bounds the\n\
         wait. A failed operation is `Error::OperationFailed`, its `body()` the server's error.\n",
        crate::naming::unraw(&op.method_name),
        lr.poller_method,
        lr.resume_method,
    );
    rust_block(
        out,
        quote! {
            use #krate::{Client, PollPolicy, PollingResult};
            use std::time::Duration;

            async fn example(client: &Client, operation_id: &str) -> Result<(), Box<dyn std::error::Error>> {
                let policy = PollPolicy::default().with_timeout(Duration::from_secs(3600));
                let mut poller = client.#resume(operation_id).with_policy(policy);
                while let Some(result) = poller.poll().await {
                    match result {
                        PollingResult::InProgress(metadata) => println!("in progress: {metadata:?}"),
                        PollingResult::Completed(result) => {
                            let result = result?;
                            println!("done: {result:?}");
                        }
                        PollingResult::PollingError(error) => eprintln!("a poll failed, polling on: {error}"),
                    }
                }
                Ok(())
            }
        },
    );
}

fn unknown(out: &mut String, api: &Api) {
    if api.types.is_empty() {
        return;
    }
    out.push_str(
        "\n## What this version does not know\n\n\
         Nothing the server sends is lost. An enum value added to the API later decodes as the\n\
         enum's `Unknown` variant, kept as sent; a field added later is kept in the value's\n\
         `unknown_fields()`, shown by `Debug`, counted by `==`, and written back when the value is\n\
         encoded.\n",
    );
}

/// The fake: started, its client, a collection, a fault and the requests it saw.
fn testing(out: &mut String, api: &Api, krate: &str) {
    let Some(fake) = &api.fake else { return };
    let krate = ident(krate);
    // A collection whose list operation takes no more than a default query: listed through
    // the client, past an injected fault.
    let listed = fake.collections.iter().find_map(|collection| {
        let op = api.operations.iter().find(|op| op.method_name == collection.list_operation)?;
        let simple = op.path_params.is_empty() && op.headers.is_empty() && op.cookies.is_empty() && op.body.is_none();
        let query = op.query.as_ref();
        (simple && query.is_none_or(|query| query.fields.iter().all(|field| !field.required)))
            .then_some((collection, op))
    });
    let exercise = match listed {
        Some((collection, op)) => {
            let accessor = ident(&collection.accessor);
            let method = ident(&op.method_name);
            let query = op.query.as_ref().map(|query| {
                let ty = ident(&query.type_name);
                quote!(&#krate::models::#ty::default())
            });
            quote! {
                let client = fake.client();
                fake.fail_next(1, #krate::StatusCode::SERVICE_UNAVAILABLE);
                // Retried past the fault: an empty page, as nothing was stored yet.
                client.#method(#query).await?;
                assert!(fake.#accessor().is_empty());
                assert_eq!(fake.requests().len(), 2);
            }
        }
        None => quote! {
            // The client the code under test is given: it fetches tokens from the fake.
            let _client = fake.client();
            fake.fail_next(1, #krate::StatusCode::SERVICE_UNAVAILABLE);
        },
    };
    out.push_str(
        "\n## Testing with the fake\n\n\
         With the `fake` feature, `fake::FakeServer` serves the API on 127.0.0.1 from memory: its\n\
         standard methods keep state, requests are validated against the spec, its own token\n\
         endpoint issues credentials, and faults can be injected. Give your code its client.\n",
    );
    rust_block(
        out,
        quote! {
            use #krate::fake::FakeServer;

            async fn example() -> Result<(), Box<dyn std::error::Error>> {
                let fake = FakeServer::start().await;
                #exercise
                Ok(())
            }
        },
    );
}

fn tracing_and_tls(out: &mut String, options: &CrateOptions) {
    let _ = write!(
        out,
        "\n## Tracing\n\n\
         With the `tracing` feature (on by default), every operation call, HTTP attempt, token fetch\n\
         and page is a span with OpenTelemetry's HTTP client attributes; URLs in spans carry no\n\
         credentials. Install any `tracing` subscriber to see them; with none, a span costs ~40 ns.\n\
         \n## TLS\n\n\
         rustls is the default. For the platform's TLS:\n\n\
         ```toml\n[dependencies]\n{} = {{ version = \"{}\", default-features = false, features = [\"native-tls\", \"tracing\"] }}\n```\n",
        options.name, options.version
    );
}
