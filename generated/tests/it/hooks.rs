//! The README's "Hooks" example: a header on every attempt, and a test that fails when an
//! operation is called more than once.

use redpanda_cloud::fake::FakeServer;
use redpanda_cloud::models::ListUserInvitesQuery;
use redpanda_cloud::reqwest::{Request, header::HeaderValue};
use redpanda_cloud::{Attempt, Hook, StatusCode};
use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};

/// Sends the call's invocation id, the same on each of its attempts, so that the server's
/// logs can join a call's retries.
struct RequestId;

impl Hook for RequestId {
    fn before_attempt(&self, attempt: &Attempt, request: &mut Request) {
        if let Ok(id) = HeaderValue::from_str(attempt.invocation_id()) {
            request.headers_mut().insert("x-request-id", id);
        }
    }
}

/// Counts the calls of each operation: their first attempts.
#[derive(Clone, Default)]
struct Calls(Arc<Mutex<BTreeMap<String, u32>>>);

impl Hook for Calls {
    fn after_attempt(&self, attempt: &Attempt, _status: Option<StatusCode>) {
        if attempt.number() == 1 {
            *self.0.lock().unwrap().entry(attempt.operation_id().to_owned()).or_default() += 1;
        }
    }
}

#[tokio::test]
async fn the_list_is_called_once_and_its_retry_has_the_same_request_id() {
    let fake = FakeServer::start().await;
    let calls = Calls::default();
    let client = fake.client().with_hook(RequestId).with_hook(calls.clone());
    fake.fail_next(1, StatusCode::SERVICE_UNAVAILABLE);

    client.list_user_invites(&ListUserInvitesQuery::default()).await.unwrap();

    let requests = fake.requests();
    assert_eq!(requests.len(), 2, "the 503 and its retry");
    assert_eq!(requests[0].headers["x-request-id"], requests[1].headers["x-request-id"]);
    let called = calls.0.lock().unwrap().clone();
    assert_eq!(called, BTreeMap::from([("UserInviteService_ListUserInvites".to_owned(), 1)]));
}
