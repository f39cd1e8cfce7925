//! A stateful fake of the API for tests: a real HTTP server on 127.0.0.1 that keeps
//! resources in memory and answers as the spec says the service does.
//!
//! [`FakeServer::start`] serves every operation of the spec. Standard methods work on
//! in-memory collections: create stores the resource with a new id, get and delete find it
//! (404 otherwise), list pages with `page_size`/`page_token` and filters with
//! `filter.<field>` parameters, update applies the fields its field mask names (clearing
//! those it leaves unset). Requests that break the spec are 400 in the spec's error model,
//! and nothing changes. Requests go through the crate's real client: credentials (the fake
//! issues its own tokens), retries and page streams.

mod engine;
mod errors;
mod operations;
mod server;
mod spec;
mod store;
mod tables;
mod validate;

use crate::Client;
use crate::auth::ClientCredentials;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::fmt;
use std::marker::PhantomData;
use std::sync::{Arc, LazyLock, Mutex, MutexGuard, PoisonError};
use store::State;
use tables::FakeSpec;

/// The spec's tables, read from `spec.json` (generated with the crate) when the first fake
/// starts.
static SPEC: LazyLock<FakeSpec> = LazyLock::new(|| FakeSpec::from_json(spec::JSON));

impl FakeSpec {
    /// The tables of `spec.json`, which `codegen` writes with this module.
    ///
    /// Panics if they do not parse: they are not input but generated with the crate, so that
    /// is a bug in the generator.
    #[allow(
        clippy::expect_used,
        reason = "the tables are generated with the crate; a table that does not parse is a generator bug"
    )]
    pub(crate) fn from_json(json: &str) -> FakeSpec {
        serde_json::from_str(json)
            .expect("the fake's spec.json does not parse as its tables: a bug in codegen, which writes both")
    }
}

/// A fake of the API on a free port of 127.0.0.1. Dropping it stops the server; two fakes
/// share nothing.
pub struct FakeServer {
    base_url: String,
    shared: Arc<Shared>,
    server: tokio::task::JoinHandle<()>,
}

/// What the server task and the handles share.
pub(crate) struct Shared {
    pub(crate) spec: &'static FakeSpec,
    state: Mutex<State>,
    pub(crate) client_id: String,
    pub(crate) client_secret: String,
}

impl Shared {
    /// The state; a test that panicked while holding it does not poison later requests.
    pub(crate) fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

impl FakeServer {
    /// Starts a fake on a free port of 127.0.0.1, with empty collections.
    ///
    /// Needs a Tokio runtime (as `#[tokio::test]` provides). Panics if no local port can be
    /// bound.
    #[allow(clippy::expect_used, reason = "a test fixture with no port to serve on cannot run the test")]
    pub async fn start() -> FakeServer {
        let listener = tokio::net::TcpListener::bind(("127.0.0.1", 0)).await.expect("bind a port on 127.0.0.1");
        let address = listener.local_addr().expect("the bound address");
        let spec: &'static FakeSpec = &SPEC;
        let shared = Arc::new(Shared {
            spec,
            state: Mutex::new(State::new(spec)),
            client_id: format!("fake-client-{:08x}", engine::random() as u32),
            client_secret: format!("fake-secret-{:016x}", engine::random()),
        });
        let server = tokio::spawn(server::serve(listener, Arc::clone(&shared)));
        FakeServer { base_url: format!("http://{address}"), shared, server }
    }

    /// The fake's URL, `http://127.0.0.1:<port>`: the base URL for a [`Client`].
    pub fn base_url(&self) -> String {
        self.base_url.clone()
    }

    /// Client credentials that the fake's own token endpoint accepts, with
    /// [`with_token_url`](ClientCredentials::with_token_url) pointing at it.
    pub fn credentials(&self) -> ClientCredentials {
        ClientCredentials::new(self.shared.client_id.clone(), self.shared.client_secret.clone())
            .with_token_url(&format!("{}{}", self.base_url, engine::TOKEN_PATH))
    }

    /// A client for [`base_url`](Self::base_url) with [`credentials`](Self::credentials).
    ///
    /// Panics if the HTTP client cannot be built (its TLS backend fails to initialise).
    #[allow(clippy::expect_used, reason = "the machine's TLS setup, not input; a test cannot go on without it")]
    pub fn client(&self) -> Client {
        Client::new(&self.base_url).expect("an HTTP client for the fake").with_credentials(self.credentials())
    }

    /// The next `count` API requests answer `status` with an error body in the spec's error
    /// model (429 and 503 with `Retry-After: 0`). Token requests are not counted.
    pub fn fail_next(&self, count: usize, status: StatusCode) {
        self.shared.lock().faults = (count > 0).then_some((count, status));
    }

    /// Long-running operations started from now on answer their first `polls` polls in
    /// progress and complete on the next one. The default, 0, completes an operation on its
    /// first poll.
    pub fn set_operation_polls(&self, polls: u32) {
        self.shared.lock().long_running.polls = polls;
    }

    /// The next long-running operation started ends failed when it completes, its error in the
    /// spec's error model: `code` as the model's code, as text (`"RESOURCE_EXHAUSTED"`; a
    /// model with numeric codes gets the code's number), and `message`. A failed create
    /// leaves no resource behind.
    pub fn fail_next_operation(&self, code: &str, message: &str) {
        self.shared.lock().long_running.fail_next = Some((code.to_owned(), message.to_owned()));
    }

    /// While on, long-running operations started never complete: every poll answers in
    /// progress (a poller's timeout is then what ends the wait). Turning it off does not
    /// finish the operations started while it was on.
    pub fn stall_operations(&self, yes: bool) {
        self.shared.lock().long_running.stall = yes;
    }

    /// The API requests received, in order; token requests are not listed.
    pub fn requests(&self) -> Vec<FakeRequest> {
        self.shared.lock().requests.clone()
    }

    /// The collection at `index` of the spec's tables, as items of type `T`.
    #[allow(dead_code, reason = "called by the accessors of a spec whose fake has collections, only")]
    pub(crate) fn collection<T>(&self, index: usize) -> FakeCollection<T> {
        FakeCollection { shared: Arc::clone(&self.shared), index, item: PhantomData }
    }
}

impl Drop for FakeServer {
    fn drop(&mut self) {
        // The server task owns the listener and every connection: aborting it closes them.
        self.server.abort();
    }
}

impl fmt::Debug for FakeServer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FakeServer").field("base_url", &self.base_url).finish_non_exhaustive()
    }
}

/// The resources of one collection of a [`FakeServer`], as the list operation returns them.
pub struct FakeCollection<T> {
    shared: Arc<Shared>,
    index: usize,
    item: PhantomData<fn() -> T>,
}

impl<T: Serialize + DeserializeOwned> FakeCollection<T> {
    /// Stores `item`, as the fake would after a create, and returns its id: the item's own,
    /// or a new one when its id field is unset. An item with the same id is replaced.
    ///
    /// Panics if `item` does not serialize to JSON (a map with non-string keys; the crate's
    /// models always do).
    #[allow(clippy::expect_used, reason = "the crate's models always serialize; a test's own type is its bug")]
    pub fn insert(&self, item: T) -> String {
        let value = serde_json::to_value(item).expect("the item serializes to JSON");
        self.shared.lock().insert(self.shared.spec, self.index, value, false)
    }

    /// The item with this id.
    pub fn get(&self, id: &str) -> Option<T> {
        let state = self.shared.lock();
        state.get(self.index, id).and_then(|value| serde_json::from_value(value.clone()).ok())
    }

    /// Every item, in the order the list operation returns them.
    pub fn list(&self) -> Vec<T> {
        let state = self.shared.lock();
        state.collections[self.index]
            .iter()
            .filter_map(|(_, value)| serde_json::from_value(value.clone()).ok())
            .collect()
    }

    /// How many items the collection holds.
    pub fn len(&self) -> usize {
        self.shared.lock().collections[self.index].len()
    }

    /// Whether the collection holds no item.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<T> Clone for FakeCollection<T> {
    fn clone(&self) -> Self {
        FakeCollection { shared: Arc::clone(&self.shared), index: self.index, item: PhantomData }
    }
}

impl<T> fmt::Debug for FakeCollection<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = &self.shared.spec.collections[self.index].name;
        f.debug_struct("FakeCollection").field("name", &name).finish_non_exhaustive()
    }
}

/// An API request the fake received.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct FakeRequest {
    /// The method.
    pub method: Method,
    /// The path as sent, still percent-encoded.
    pub path: String,
    /// The query string as sent, without `?`; empty when there is none.
    pub query: String,
    /// The headers; `Authorization` is marked sensitive, so `Debug` does not show it.
    pub headers: HeaderMap,
    /// The body as JSON; a body that is not JSON as a JSON string; `None` when empty.
    pub body: Option<serde_json::Value>,
}

#[cfg(test)]
mod tests {
    use super::tables::FakeSpec;
    use serde_json::Value;

    #[test]
    #[should_panic(expected = "a bug in codegen")]
    fn tables_that_do_not_parse_are_a_generator_bug() {
        FakeSpec::from_json(r#"{"routes": [{"operation": "list_things", "method": "GET"}]}"#);
    }

    /// The crate's tables read back as written: nothing in them is dropped or misread, and
    /// what the JSON leaves out is what serializing leaves out (false, empty, absent).
    #[test]
    fn the_tables_read_back_as_written() {
        let json = super::spec::JSON;
        let mut written: Value = serde_json::from_str(json).expect("spec.json is JSON");
        if let Value::Object(object) = &mut written {
            object.remove("@generated");
        }
        let read = serde_json::to_value(FakeSpec::from_json(json)).expect("the tables serialize");
        assert_eq!(read, written);
    }
}
