//! The pollers of Redpanda's published control-plane spec, against the crate's own fake:
//! copied into the crate CI generates from the cluster, network and operation services
//! imported into a scratch copy of `spec/` (`.ci/run`), and run there.

use controlplane::models::{Cluster, CreateClusterRequest, OperationState, V1Operation};
use controlplane::{Error, PollPolicy, PollingResult, fake::FakeServer};
use std::time::Duration;

/// Polls every few milliseconds, so that the scenarios do not wait for seconds.
fn fast() -> PollPolicy {
    PollPolicy::default().with_backoff(Duration::from_millis(1), Duration::from_millis(5))
}

/// The request of the spec's own example.
fn request(name: &str) -> CreateClusterRequest {
    serde_json::from_value(serde_json::json!({
        "cluster": {
            "cloud_provider": "CLOUD_PROVIDER_GCP",
            "connection_type": "CONNECTION_TYPE_PUBLIC",
            "name": name,
            "network_id": "cjb69k1c4vs45df9bee0",
            "region": "us-west1",
            "resource_group_id": "6c09e47b-f426-4ec7-a7b4-8048caf8ae47",
            "throughput_tier": "tier-1-gcp-v2-x86",
            "type": "TYPE_DEDICATED",
            "zones": ["us-west1-a", "us-west1-b", "us-west1-c"]
        }
    }))
    .expect("the spec's example is a CreateClusterRequest")
}

fn cluster_id(cluster: &Cluster) -> String {
    cluster.id.clone().expect("the fake gives the cluster an id")
}

#[tokio::test]
async fn create_then_until_done_is_the_typed_cluster() {
    let fake = FakeServer::start().await;
    fake.set_operation_polls(2);
    let client = fake.client();

    let created = client.create_cluster_poller(&request("prod")).with_policy(fast()).until_done().await.unwrap();

    let cluster = created.cluster.expect("the result holds the cluster");
    assert_eq!(cluster.name.as_deref(), Some("prod"));
    assert_eq!(fake.clusters().get(&cluster_id(&cluster)), Some(cluster.clone()), "the fake holds it");
    let operations: Vec<V1Operation> = fake.operations().list();
    let [operation] = &operations[..] else { panic!("one operation: {operations:?}") };
    assert_eq!(operation.state, Some(OperationState::Completed));
    assert!(operation.finished_at.is_some(), "a completed operation has finished_at");
    assert_eq!(operation.resource_id.as_deref(), Some(cluster_id(&cluster).as_str()));
    // The start, then 3 polls: 2 in progress and the one that completed.
    let polls = fake.requests().iter().filter(|request| request.path.starts_with("/v1/operations/")).count();
    assert_eq!(polls, 3);
}

#[tokio::test]
async fn poll_reports_progress_with_the_typed_metadata() {
    let fake = FakeServer::start().await;
    fake.set_operation_polls(1);
    let mut poller = fake.client().create_cluster_poller(&request("staging")).with_policy(fast());

    let Some(PollingResult::InProgress(Some(metadata))) = poller.poll().await else {
        panic!("the start is in progress")
    };
    let id = metadata.cluster_id.expect("the metadata names the cluster");
    assert!(fake.clusters().get(&id).is_some(), "a create inserts the cluster at once");
    assert!(matches!(poller.poll().await, Some(PollingResult::InProgress(Some(_)))));
    let Some(PollingResult::Completed(Ok(created))) = poller.poll().await else { panic!("the second poll completes") };
    assert_eq!(created.cluster.and_then(|cluster| cluster.id), Some(id));
    assert!(poller.poll().await.is_none());
}

#[tokio::test]
async fn a_failed_create_is_an_error_in_the_error_model_and_leaves_no_cluster() {
    let fake = FakeServer::start().await;
    fake.fail_next_operation("RESOURCE_EXHAUSTED", "no capacity in us-west1");

    let error =
        fake.client().create_cluster_poller(&request("big")).with_policy(fast()).until_done().await.unwrap_err();

    let Error::OperationFailed { operation_id, .. } = &error else { panic!("{error:?}") };
    assert_eq!(error.status(), None);
    let body = error.body().expect("the operation's error");
    assert_eq!(body.message.as_deref(), Some("no capacity in us-west1"));
    assert_eq!(body.code.as_ref().map(|code| code.as_str()), Some("RESOURCE_EXHAUSTED"));
    assert_eq!(error.to_string(), format!("operation {operation_id} failed: no capacity in us-west1"));
    assert!(fake.clusters().is_empty(), "a failed create leaves no cluster");
}

#[tokio::test]
async fn a_stalled_operation_ends_at_the_timeout_and_can_be_resumed() {
    let fake = FakeServer::start().await;
    fake.stall_operations(true);
    let client = fake.client();
    let policy = fast().with_timeout(Duration::from_millis(50));

    let error = client.create_cluster_poller(&request("slow")).with_policy(policy).until_done().await.unwrap_err();

    let Error::OperationTimeout { operation_id, .. } = &error else { panic!("{error:?}") };
    assert!(error.to_string().contains(operation_id.as_str()), "{error}");
    // Still running: a resumed poller polls it again, and keeps waiting.
    let mut resumed = client.resume_create_cluster(operation_id).with_policy(fast());
    assert!(matches!(resumed.poll().await, Some(PollingResult::InProgress(_))));
    assert_eq!(resumed.operation_id(), Some(operation_id.as_str()));
}

#[tokio::test]
async fn a_delete_removes_the_cluster_when_its_operation_completes() {
    let fake = FakeServer::start().await;
    let client = fake.client();
    let created = client.create_cluster_poller(&request("old")).with_policy(fast()).until_done().await.unwrap();
    let id = cluster_id(&created.cluster.expect("the cluster"));
    fake.set_operation_polls(1);

    let mut poller = client.delete_cluster_poller(&id).with_policy(fast());
    assert!(matches!(poller.poll().await, Some(PollingResult::InProgress(_))));
    assert!(fake.clusters().get(&id).is_some(), "still there while the delete runs");
    while let Some(result) = poller.poll().await {
        if let PollingResult::Completed(result) = result {
            result.unwrap();
        }
    }

    assert!(fake.clusters().get(&id).is_none(), "gone once the delete completed");
    assert_eq!(client.get_cluster(&id).await.unwrap_err().status().map(|status| status.as_u16()), Some(404));
}

#[tokio::test]
async fn polls_go_through_the_retry_policy() {
    let fake = FakeServer::start().await;
    let client = fake.client();
    let mut poller = client.create_cluster_poller(&request("flaky")).with_policy(fast());
    assert!(matches!(poller.poll().await, Some(PollingResult::InProgress(_))));

    fake.fail_next(1, controlplane::StatusCode::SERVICE_UNAVAILABLE);
    let Some(PollingResult::Completed(result)) = poller.poll().await else { panic!("the retried poll completes") };

    assert!(result.unwrap().cluster.is_some());
}
