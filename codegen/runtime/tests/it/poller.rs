//! Long-running operations against a real HTTP server: a poller starts the operation, polls
//! it through progress, retries, failures and timeouts, and resumes one by its id.

use crate::common::{Sequence, fast_retry, json, requests_to};
use codegen_runtime::{Client, Error, PollPolicy, PollingResult};
use serde_json::json;
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer) -> Client {
    Client::new(&server.uri()).unwrap().with_retry(fast_retry())
}

/// Polls every millisecond or so.
fn fast() -> PollPolicy {
    PollPolicy::default().with_backoff(Duration::from_millis(1), Duration::from_millis(4))
}

fn job(state: &str, extra: serde_json::Value) -> ResponseTemplate {
    let mut body = json!({"id": "j1", "state": state});
    if let (Some(body), Some(extra)) = (body.as_object_mut(), extra.as_object()) {
        body.extend(extra.clone());
    }
    json(200, body)
}

async fn started(server: &MockServer) {
    let body = json!({"job": {"id": "j1", "state": "RUNNING"}});
    Mock::given(method("POST")).and(path("/jobs")).respond_with(json(202, body)).expect(1).mount(server).await;
}

async fn polled(server: &MockServer, answers: impl IntoIterator<Item = ResponseTemplate>) {
    Mock::given(method("GET")).and(path("/jobs/j1")).respond_with(Sequence::new(answers)).mount(server).await;
}

#[tokio::test]
async fn until_done_polls_through_progress_and_a_503_to_the_typed_result() {
    let server = MockServer::start().await;
    started(&server).await;
    let done = job("SUCCEEDED", json!({"response": {"output": "built"}}));
    let unavailable = json(503, json!({"message": "try later"}));
    polled(&server, [job("RUNNING", json!({})), unavailable, job("RUNNING", json!({})), done]).await;

    let result = client(&server).start_job_poller(&json!({"name": "j"})).with_policy(fast()).until_done().await;

    assert_eq!(result.unwrap(), "built");
    // The 503 was retried by the client, and polling went on.
    assert_eq!(requests_to(&server, "/jobs/j1").await.len(), 4);
}

#[tokio::test]
async fn poll_reports_each_look_then_none() {
    let server = MockServer::start().await;
    started(&server).await;
    let step = |n: u64| job("RUNNING", json!({"metadata": {"step": n}}));
    polled(&server, [step(1), step(2), job("SUCCEEDED", json!({"response": {"output": "ok"}}))]).await;
    let mut poller = client(&server).start_job_poller(&json!({})).with_policy(fast());
    assert_eq!(poller.operation_id(), None);

    let mut seen = Vec::new();
    while let Some(result) = poller.poll().await {
        seen.push(match result {
            PollingResult::InProgress(step) => format!("in progress {step:?}"),
            PollingResult::Completed(result) => format!("completed {:?}", result.map_err(|error| error.to_string())),
            PollingResult::PollingError(error) => format!("polling error {error}"),
        });
    }

    assert_eq!(
        seen,
        ["in progress None", "in progress Some(1)", "in progress Some(2)", "completed Ok(\"ok\")"],
        "the start answers the first look, without metadata here"
    );
    assert_eq!(poller.operation_id(), Some("j1"));
    assert!(poller.poll().await.is_none(), "a completed poller stays completed");
}

#[tokio::test]
async fn a_failed_operation_is_an_error_with_its_body_and_no_status() {
    let server = MockServer::start().await;
    started(&server).await;
    polled(&server, [job("FAILED", json!({"error": {"code": 8, "message": "quota exceeded"}}))]).await;

    let error = client(&server).start_job_poller(&json!({})).with_policy(fast()).until_done().await.unwrap_err();

    assert!(matches!(&error, Error::OperationFailed { operation_id, .. } if operation_id == "j1"), "{error:?}");
    assert_eq!(error.status(), None);
    assert_eq!(error.body(), Some(&json!({"code": 8, "message": "quota exceeded"})));
    assert_eq!(error.to_string(), "operation j1 failed: quota exceeded");
}

#[tokio::test]
async fn a_stalled_operation_times_out_naming_its_id() {
    let server = MockServer::start().await;
    started(&server).await;
    polled(&server, [job("RUNNING", json!({}))]).await;
    let policy = fast().with_timeout(Duration::from_millis(30));

    let error = client(&server).start_job_poller(&json!({})).with_policy(policy).until_done().await.unwrap_err();

    let Error::OperationTimeout { operation_id, waited } = &error else { panic!("{error:?}") };
    assert_eq!(operation_id, "j1");
    assert!(*waited >= Duration::from_millis(30), "{waited:?}");
    assert!(error.to_string().starts_with("operation j1 was still running after "), "{error}");
    assert_eq!((error.status(), error.body()), (None, None));
}

#[tokio::test]
async fn a_resumed_poller_polls_at_once_and_never_starts_the_operation() {
    let server = MockServer::start().await;
    polled(&server, [job("SUCCEEDED", json!({"response": {"output": "resumed"}}))]).await;

    let result = client(&server).resume_start_job("j1").until_done().await;

    assert_eq!(result.unwrap(), "resumed");
    assert!(requests_to(&server, "/jobs").await.is_empty(), "no POST: the operation was started earlier");
}

#[tokio::test]
async fn a_start_that_fails_completes_the_poller_with_its_error() {
    let server = MockServer::start().await;
    let refusal = json(400, json!({"message": "bad name"}));
    Mock::given(method("POST")).and(path("/jobs")).respond_with(refusal).mount(&server).await;
    let mut poller = client(&server).start_job_poller(&json!({}));

    let Some(PollingResult::Completed(Err(error))) = poller.poll().await else { panic!("the start's error completes") };

    assert_eq!(error.status().map(|status| status.as_u16()), Some(400));
    assert!(poller.poll().await.is_none());
    assert!(requests_to(&server, "/jobs/j1").await.is_empty());
}

#[tokio::test]
async fn a_failed_poll_is_a_polling_error_and_polling_can_go_on() {
    let server = MockServer::start().await;
    started(&server).await;
    let missing = json(404, json!({"message": "no such job"}));
    polled(&server, [missing, job("SUCCEEDED", json!({"response": {"output": "late"}}))]).await;
    let mut poller = client(&server).start_job_poller(&json!({})).with_policy(fast());

    assert!(matches!(poller.poll().await, Some(PollingResult::InProgress(None))));
    let Some(PollingResult::PollingError(error)) = poller.poll().await else { panic!("the 404 is a polling error") };
    assert_eq!(error.status().map(|status| status.as_u16()), Some(404));
    let Some(PollingResult::Completed(result)) = poller.poll().await else { panic!("the next poll completes") };
    assert_eq!(result.unwrap(), "late");
}

#[tokio::test]
async fn until_done_ends_at_a_failed_poll() {
    let server = MockServer::start().await;
    started(&server).await;
    polled(&server, [json(404, json!({"message": "no such job"}))]).await;

    let error = client(&server).start_job_poller(&json!({})).with_policy(fast()).until_done().await.unwrap_err();

    assert_eq!(error.status().map(|status| status.as_u16()), Some(404));
}

#[tokio::test]
async fn a_result_of_another_type_is_an_unexpected_result() {
    let server = MockServer::start().await;
    started(&server).await;
    polled(&server, [job("SUCCEEDED", json!({"response": {"unrelated": true}}))]).await;

    let error = client(&server).start_job_poller(&json!({})).with_policy(fast()).until_done().await.unwrap_err();

    assert!(matches!(&error, Error::UnexpectedOperationResult { operation_id } if operation_id == "j1"), "{error:?}");
}
