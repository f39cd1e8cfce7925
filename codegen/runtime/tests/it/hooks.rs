//! Hooks against a real HTTP server: what they see of each attempt (operation, number,
//! invocation id, headers, outcome), what they add, and their order.

use crate::common::{Sequence, fast_retry, grant, header, json, refused_url, requests_to};
use codegen_runtime::{Attempt, Client, Hook};
use reqwest::StatusCode;
use reqwest::header::HeaderValue;
use std::sync::{Arc, Mutex};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// One hook call, as recorded.
#[derive(Debug, Clone, PartialEq)]
enum Event {
    Before { operation: String, number: u32, invocation: String, authorization: Option<String> },
    After { operation: String, number: u32, invocation: String, status: Option<StatusCode> },
}

#[derive(Clone, Default)]
struct Recorder(Arc<Mutex<Vec<Event>>>);

impl Recorder {
    fn events(&self) -> Vec<Event> {
        self.0.lock().unwrap().clone()
    }
}

impl Hook for Recorder {
    fn before_attempt(&self, attempt: &Attempt, request: &mut reqwest::Request) {
        let authorization = request.headers().get("authorization").map(|value| value.to_str().unwrap().to_owned());
        self.0.lock().unwrap().push(Event::Before {
            operation: attempt.operation_id().to_owned(),
            number: attempt.number(),
            invocation: attempt.invocation_id().to_owned(),
            authorization,
        });
    }

    fn after_attempt(&self, attempt: &Attempt, status: Option<StatusCode>) {
        self.0.lock().unwrap().push(Event::After {
            operation: attempt.operation_id().to_owned(),
            number: attempt.number(),
            invocation: attempt.invocation_id().to_owned(),
            status,
        });
    }
}

/// Sends the call's invocation id as a header.
struct InvocationHeader;

impl Hook for InvocationHeader {
    fn before_attempt(&self, attempt: &Attempt, request: &mut reqwest::Request) {
        let value = HeaderValue::from_str(attempt.invocation_id()).unwrap();
        request.headers_mut().insert("x-invocation-id", value);
    }
}

fn page() -> ResponseTemplate {
    json(200, serde_json::json!({"things": []}))
}

fn invocations(events: &[Event]) -> Vec<&str> {
    events
        .iter()
        .map(|event| match event {
            Event::Before { invocation, .. } | Event::After { invocation, .. } => invocation.as_str(),
        })
        .collect()
}

#[tokio::test]
async fn hooks_see_the_operation_each_attempt_and_one_invocation_id_per_call() {
    let server = MockServer::start().await;
    let answers = Sequence::new([json(503, serde_json::json!({})), page(), page()]);
    Mock::given(method("GET")).and(path("/things")).respond_with(answers).mount(&server).await;
    let recorder = Recorder::default();
    let client = Client::new(&server.uri()).unwrap().with_retry(fast_retry()).with_hook(recorder.clone());

    client.list_things(None).await.unwrap();
    let first = recorder.events();
    client.list_things(None).await.unwrap();
    let all = recorder.events();

    let id = invocations(&first)[0].to_owned();
    let event = |before: bool, number, status| {
        let (operation, invocation) = ("ListThings".to_owned(), id.clone());
        match before {
            true => Event::Before { operation, number, invocation, authorization: None },
            false => Event::After { operation, number, invocation, status },
        }
    };
    assert_eq!(
        first,
        [
            event(true, 1, None),
            event(false, 1, Some(StatusCode::SERVICE_UNAVAILABLE)),
            event(true, 2, None),
            event(false, 2, Some(StatusCode::OK)),
        ]
    );
    let second = invocations(&all[4..]);
    assert_eq!(second.len(), 2);
    assert!(second.iter().all(|invocation| *invocation == second[0] && *invocation != id), "{all:?}");
}

#[tokio::test]
async fn a_header_a_hook_adds_is_sent_on_every_attempt_after_the_credentials() {
    let server = MockServer::start().await;
    Mock::given(method("POST")).and(path("/oauth/token")).respond_with(grant("tok", Some(3600))).mount(&server).await;
    let answers = Sequence::new([json(502, serde_json::json!({})), page()]);
    Mock::given(method("GET")).and(path("/things")).respond_with(answers).mount(&server).await;
    let credentials = codegen_runtime::auth::ClientCredentials::new("id", "secret")
        .with_token_url(&format!("{}/oauth/token", server.uri()));
    let recorder = Recorder::default();
    let client = Client::new(&server.uri())
        .unwrap()
        .with_retry(fast_retry())
        .with_credentials(credentials)
        .with_hook(InvocationHeader)
        .with_hook(recorder.clone());

    client.list_things(None).await.unwrap();

    let sent = requests_to(&server, "/things").await;
    let ids: Vec<_> = sent.iter().map(|request| header(request, "x-invocation-id").unwrap()).collect();
    assert_eq!(ids.len(), 2);
    assert_eq!(ids[0], ids[1], "one id across the retry");
    let seen: Vec<_> = recorder
        .events()
        .into_iter()
        .filter_map(|event| match event {
            Event::Before { authorization, invocation, .. } => Some((authorization, invocation)),
            Event::After { .. } => None,
        })
        .collect();
    let expected = (Some("Bearer tok".to_owned()), ids[0].to_owned());
    assert_eq!(seen, [expected.clone(), expected], "hooks run after the credentials are set");
    assert!(!format!("{client:?}").contains("tok\""), "{client:?}");
}

#[tokio::test]
async fn a_refused_connection_has_no_status() {
    let recorder = Recorder::default();
    let client = Client::new(&refused_url()).unwrap().with_retry(fast_retry()).with_hook(recorder.clone());

    client.delete_thing("1").await.unwrap_err();

    let outcomes: Vec<_> = recorder
        .events()
        .into_iter()
        .filter_map(|event| match event {
            Event::After { number, status, operation, .. } => Some((operation, number, status)),
            Event::Before { .. } => None,
        })
        .collect();
    let deleted = |number| ("DeleteThing".to_owned(), number, None);
    assert_eq!(outcomes, [deleted(1), deleted(2), deleted(3)]);
}

#[tokio::test]
async fn the_resend_after_a_401_is_the_next_attempt() {
    let server = MockServer::start().await;
    let tokens = Sequence::new([grant("old", Some(3600)), grant("new", Some(3600))]);
    Mock::given(method("POST")).and(path("/oauth/token")).respond_with(tokens).mount(&server).await;
    let answers = Sequence::new([ResponseTemplate::new(401), page()]);
    Mock::given(method("GET")).and(path("/things")).respond_with(answers).mount(&server).await;
    let credentials = codegen_runtime::auth::ClientCredentials::new("id", "secret")
        .with_token_url(&format!("{}/oauth/token", server.uri()));
    let recorder = Recorder::default();
    let client = Client::new(&server.uri())
        .unwrap()
        .with_retry(fast_retry())
        .with_credentials(credentials)
        .with_hook(recorder.clone());

    client.list_things(None).await.unwrap();

    let attempts: Vec<_> = recorder
        .events()
        .into_iter()
        .map(|event| match event {
            Event::Before { number, authorization, .. } => (number, authorization.unwrap()),
            Event::After { number, status, .. } => (number, status.unwrap().to_string()),
        })
        .collect();
    let at = |number, text: &str| (number, text.to_owned());
    assert_eq!(attempts, [at(1, "Bearer old"), at(1, "401 Unauthorized"), at(2, "Bearer new"), at(2, "200 OK")]);
}

/// Logs its name into a shared list.
struct Named(&'static str, Arc<Mutex<Vec<String>>>);

impl Hook for Named {
    fn before_attempt(&self, _: &Attempt, _: &mut reqwest::Request) {
        self.1.lock().unwrap().push(format!("{} before", self.0));
    }

    fn after_attempt(&self, _: &Attempt, _: Option<StatusCode>) {
        self.1.lock().unwrap().push(format!("{} after", self.0));
    }
}

/// Implements neither method: both do nothing.
struct Silent;

impl Hook for Silent {}

#[tokio::test]
async fn hooks_run_in_the_order_they_were_added_and_clones_keep_them() {
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/things")).respond_with(page()).mount(&server).await;
    let log = Arc::new(Mutex::new(Vec::new()));
    let client = Client::new(&server.uri())
        .unwrap()
        .with_hook(Named("a", log.clone()))
        .with_hook(Silent)
        .with_hook(Named("b", log.clone()));

    client.clone().list_things(None).await.unwrap();

    assert_eq!(*log.lock().unwrap(), ["a before", "b before", "a after", "b after"]);
}
