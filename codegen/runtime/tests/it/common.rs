//! Helpers shared by the test modules.

use codegen_runtime::RetryPolicy;
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};
use wiremock::{MockServer, Request, Respond, ResponseTemplate};

/// The default policy with millisecond backoffs, so that retries do not slow the tests down.
pub fn fast_retry() -> RetryPolicy {
    RetryPolicy::default().with_backoff(Duration::from_millis(1), Duration::from_millis(10))
}

/// Answers the n-th request with the n-th response, and every later one with the last.
/// Also records when each request arrived.
pub struct Sequence {
    responses: Vec<ResponseTemplate>,
    next: AtomicUsize,
    arrivals: std::sync::Arc<Mutex<Vec<Instant>>>,
}

impl Sequence {
    pub fn new(responses: impl IntoIterator<Item = ResponseTemplate>) -> Self {
        let responses: Vec<_> = responses.into_iter().collect();
        assert!(!responses.is_empty());
        Self { responses, next: AtomicUsize::new(0), arrivals: Default::default() }
    }

    /// The arrival times of the requests answered, shared with the responder once it is mounted.
    pub fn arrivals(&self) -> std::sync::Arc<Mutex<Vec<Instant>>> {
        self.arrivals.clone()
    }
}

impl Respond for Sequence {
    fn respond(&self, _: &Request) -> ResponseTemplate {
        self.arrivals.lock().unwrap().push(Instant::now());
        let index = self.next.fetch_add(1, Ordering::SeqCst).min(self.responses.len() - 1);
        self.responses[index].clone()
    }
}

/// A JSON response.
pub fn json(status: u16, body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

/// A token endpoint's grant.
pub fn grant(token: &str, expires_in: Option<u64>) -> ResponseTemplate {
    let mut body = serde_json::json!({"access_token": token, "token_type": "Bearer"});
    if let Some(seconds) = expires_in {
        body["expires_in"] = seconds.into();
    }
    json(200, body)
}

/// The requests the server received whose path is `path`, in order.
pub async fn requests_to(server: &MockServer, path: &str) -> Vec<Request> {
    let all = server.received_requests().await.expect("request recording is on");
    all.into_iter().filter(|request| request.url.path() == path).collect()
}

/// A request header as text.
pub fn header<'a>(request: &'a Request, name: &str) -> Option<&'a str> {
    request.headers.get(name).map(|value| value.to_str().expect("a text header"))
}

/// The `Authorization` headers of `requests`, in order.
pub fn authorizations(requests: &[Request]) -> Vec<String> {
    requests.iter().map(|request| header(request, "authorization").unwrap_or("<none>").to_owned()).collect()
}

/// An `application/x-www-form-urlencoded` body, decoded into its pairs.
pub fn form_pairs(body: &[u8]) -> Vec<(String, String)> {
    let body = std::str::from_utf8(body).expect("a form body is ASCII");
    let url = reqwest::Url::parse(&format!("http://form.invalid/?{body}")).unwrap();
    url.query_pairs().map(|(key, value)| (key.into_owned(), value.into_owned())).collect()
}

/// A local URL where nothing listens: connecting to it is refused.
pub fn refused_url() -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}")
}

/// A new, empty directory of this test's own under the system's temporary directory.
pub fn scratch_dir(test: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("codegen-runtime-{test}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}
