//! The README's "Retries" example: a tuned policy against the crate's fake, a GET retried
//! after a 500 and a 503, a POST that reached the server sent once.

use redpanda_cloud::fake::FakeServer;
use redpanda_cloud::models::{CreateUserInviteRequest, UserInvite};
use redpanda_cloud::{RetryBudget, RetryPolicy, StatusCode};
use std::time::Duration;

#[tokio::test]
async fn gets_are_retried_and_posts_are_not() {
    let fake = FakeServer::start().await;
    let id = fake.user_invites().insert(UserInvite::default());
    // Four attempts at most, shorter waits, and a budget of 100 tokens (5 a retry) shared by
    // this client and its clones: once a server is down for good, they stop retrying.
    let policy = RetryPolicy::default()
        .with_max_attempts(4)
        .with_backoff(Duration::from_millis(10), Duration::from_secs(2))
        .with_budget(RetryBudget::new(100));
    let client = fake.client().with_retry(policy);

    // A GET is idempotent: the 500 and the 503 are retried.
    fake.fail_next(2, StatusCode::INTERNAL_SERVER_ERROR);
    let invite = client.get_user_invite(&id).await.unwrap();
    assert_eq!(invite.user_invite.as_ref().and_then(|invite| invite.id.as_deref()), Some(id.as_str()));
    assert_eq!(fake.requests().len(), 3);

    // A POST that may have reached the server is not sent again: it could create twice.
    fake.fail_next(1, StatusCode::SERVICE_UNAVAILABLE);
    let error = client.create_user_invite(&CreateUserInviteRequest::default()).await.unwrap_err();
    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    assert_eq!(fake.requests().len(), 4);
}
