//! What the spans cost when no subscriber is installed (issue 19): run once without and once
//! with the `tracing` feature, and compare.
//!
//!     cargo bench -p codegen-runtime --features bench
//!     cargo bench -p codegen-runtime --features bench,tracing
//!
//! `spans/one_call` is the span work of one operation call, done by the runtime's own
//! `trace.rs` (compiled into this bench): the operation span around the call, one attempt span
//! around the send, its status, and a page span. `client/list_things` is a whole call through
//! the client to a server on 127.0.0.1, for scale.

use codegen_runtime::{Client, RetryPolicy};
use criterion::{Criterion, criterion_group, criterion_main};
use futures_util::FutureExt;
use std::hint::black_box;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// The runtime's trace module, as every generated crate has it.
#[allow(dead_code)]
#[path = "../src/trace.rs"]
mod trace;

fn spans(c: &mut Criterion) {
    let request =
        reqwest::Request::new(reqwest::Method::GET, "http://127.0.0.1:1/v1/things?page_size=10".parse().unwrap());
    c.bench_function("spans/one_call", |b| {
        b.iter(|| {
            // What paging.rs's `page_span` makes.
            #[cfg(feature = "tracing")]
            let page = tracing::info_span!("page", page.number = black_box(1u64));
            #[cfg(not(feature = "tracing"))]
            let page = trace::Span;
            let operation = trace::operation_span!("ThingService_ListThings", "/v1/things");
            let call = async {
                let attempt = trace::attempt_span(black_box(&request), 0, "a1b2c3d4-0000-4000-8000-000000000000");
                let sent = trace::instrument(attempt.clone(), async { black_box(reqwest::StatusCode::OK) }).await;
                trace::record_status(&attempt, sent);
                sent
            };
            trace::instrument(page, trace::instrument(operation, call)).now_or_never()
        })
    });
}

fn call(c: &mut Criterion) {
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(1).enable_all().build().unwrap();
    let server = runtime.block_on(async {
        let server = MockServer::start().await;
        let page =
            ResponseTemplate::new(200).set_body_json(serde_json::json!({"things": ["a"], "next_page_token": ""}));
        Mock::given(method("GET")).and(path("/things")).respond_with(page).mount(&server).await;
        server
    });
    let client = Client::new(&server.uri()).unwrap().with_retry(RetryPolicy::none());
    c.bench_function("client/list_things", |b| {
        b.iter(|| runtime.block_on(client.list_things(None)).unwrap());
    });
}

criterion_group!(benches, spans, call);
criterion_main!(benches);
