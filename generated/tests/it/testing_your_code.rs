//! The README's "Testing your code" example: application code tested against the crate's
//! fake (the `fake` feature), with no network and no stubs.

use redpanda_cloud::fake::FakeServer;
use redpanda_cloud::models::{CreateUserInviteRequest, ListUserInvitesQuery, UserInvite, UserInviteCreate};
use redpanda_cloud::{Client, StatusCode, TryStreamExt};

/// The code under test: invites each address that has no invite yet; returns how many it sent.
async fn invite_missing(client: &Client, emails: &[&str]) -> Result<usize, Box<dyn std::error::Error>> {
    let invited: Vec<String> = client
        .list_user_invites_stream(&ListUserInvitesQuery::default())
        .map_ok(|invite| invite.email.unwrap_or_default())
        .try_collect()
        .await?;
    let mut sent = 0;
    for email in emails.iter().filter(|email| !invited.iter().any(|known| known == *email)) {
        let invite = UserInviteCreate::default().set_email(*email);
        client.create_user_invite(&CreateUserInviteRequest::default().set_user_invite(invite)).await?;
        sent += 1;
    }
    Ok(sent)
}

#[tokio::test]
async fn invites_only_the_missing_addresses() {
    // A real HTTP server on 127.0.0.1 that keeps invites in memory; its client fetches
    // tokens from the fake's own token endpoint.
    let fake = FakeServer::start().await;
    let mut existing = UserInvite::default();
    existing.email = Some("ann@example.com".to_owned());
    fake.user_invites().insert(existing);
    // The first list request fails with 503: the client retries it (Retry-After: 0).
    fake.fail_next(1, StatusCode::SERVICE_UNAVAILABLE);

    let sent = invite_missing(&fake.client(), &["ann@example.com", "bob@example.com"]).await.unwrap();

    assert_eq!(sent, 1);
    let emails: Vec<String> = fake.user_invites().list().into_iter().filter_map(|invite| invite.email).collect();
    assert_eq!(emails, ["ann@example.com", "bob@example.com"]);
    assert_eq!(fake.requests().len(), 3, "a failed and a retried list, one create");
}
