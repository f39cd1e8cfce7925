//! What a call through the client costs beside the same request made by hand (issue 31): a
//! GET of one thing from the fake server on 127.0.0.1, through `Client::get_thing` (shaped as
//! an emitted operation: span, URL, request, token, retries, hooks, decoding) and through
//! `reqwest` + `serde_json` directly, in one process, in alternating rounds.
//!
//!     cargo bench -p codegen-runtime --features bench,tracing --bench call
//!     cargo bench -p codegen-runtime --features bench,tracing --bench call -- --hook
//!
//! Prints the median time per call of each over the rounds and the median of the rounds'
//! ratios. `--hook` adds a hook that does nothing, to see what one costs. `--only=sdk:N` or
//! `--only=raw:N` makes N calls of one kind and nothing else, for an instruction count that
//! the machine's load does not move:
//!
//!     valgrind --tool=callgrind --callgrind-out-file=/dev/null target/release/deps/call-… --only=sdk:1000

use codegen_runtime::client::GetThingResponse;
use codegen_runtime::fake::FakeServer;
use codegen_runtime::models::Thing;
use codegen_runtime::{Attempt, Hook};
use std::hint::black_box;
use std::time::{Duration, Instant};

const ROUNDS: usize = 101;
const CALLS: u32 = 200;

/// The hand-written call: what a caller would write without the SDK.
async fn by_hand(http: &reqwest::Client, url: &str, token: &str) -> GetThingResponse {
    let response = http.get(url).bearer_auth(token).send().await.unwrap();
    assert!(response.status().is_success());
    serde_json::from_slice(&response.bytes().await.unwrap()).unwrap()
}

struct Nothing;

impl Hook for Nothing {
    fn before_attempt(&self, attempt: &Attempt, _: &mut reqwest::Request) {
        black_box(attempt);
    }
}

async fn per_call<F: Future>(mut call: impl FnMut() -> F) -> Duration {
    let started = Instant::now();
    for _ in 0..CALLS {
        black_box(call().await);
    }
    started.elapsed() / CALLS
}

fn median(mut values: Vec<f64>) -> f64 {
    values.sort_by(f64::total_cmp);
    values[values.len() / 2]
}

fn main() {
    let hook = std::env::args().any(|arg| arg == "--hook");
    let runtime = tokio::runtime::Builder::new_multi_thread().worker_threads(2).enable_all().build().unwrap();
    runtime.block_on(async {
        let fake = FakeServer::start().await;
        let mut thing = Thing::default();
        thing.name = Some("benchmarked".to_owned());
        let id = fake.things().insert(thing);
        let mut client = fake.client();
        if hook {
            client = client.with_hook(Nothing);
        }
        let http = reqwest::Client::new();
        let token = fake.credentials();
        let token = codegen_runtime::auth::TokenSource::token(&token, &http).await.unwrap().secret().to_owned();
        let url = format!("{}/v1/things/{id}", fake.base_url());
        let sdk = || async { client.get_thing(&id).await.unwrap().into_inner() };
        let raw = || by_hand(&http, &url, &token);
        assert_eq!(sdk().await, raw().await, "both read the same thing");
        if let Some(only) = std::env::args().find_map(|arg| arg.strip_prefix("--only=").map(str::to_owned)) {
            let (kind, count) = only.split_once(':').expect("--only=sdk:N or --only=raw:N");
            for _ in 0..count.parse::<u32>().expect("a count") {
                match kind {
                    "sdk" => drop(black_box(sdk().await)),
                    _ => drop(black_box(raw().await)),
                }
            }
            return;
        }
        // Warm both paths' connections and caches.
        per_call(sdk).await;
        per_call(raw).await;
        let (mut sdk_times, mut raw_times, mut ratios) = (Vec::new(), Vec::new(), Vec::new());
        for round in 0..ROUNDS {
            // Alternating which goes first cancels drift within a round.
            let (s, r) = if round % 2 == 0 {
                let s = per_call(sdk).await;
                (s, per_call(raw).await)
            } else {
                let r = per_call(raw).await;
                (per_call(sdk).await, r)
            };
            sdk_times.push(s.as_secs_f64() * 1e6);
            raw_times.push(r.as_secs_f64() * 1e6);
            ratios.push(s.as_secs_f64() / r.as_secs_f64());
        }
        let tracing = cfg!(feature = "tracing");
        println!("{ROUNDS} rounds of {CALLS} calls each, tracing feature: {tracing}, hook: {hook}");
        println!("client    {:7.2} µs/call (median of rounds)", median(sdk_times));
        println!("by hand   {:7.2} µs/call", median(raw_times));
        println!("ratio     {:7.3}× (median of the rounds' ratios)", median(ratios));
    });
}
