//! A complete program: credentials from the environment, an update with a computed field
//! mask, every invite through a page stream, and a 404 handled.
//!
//!     REDPANDA_CLIENT_ID=… REDPANDA_CLIENT_SECRET=… cargo run --example quickstart -- INVITE_ID

use redpanda_cloud::auth::ClientCredentials;
use redpanda_cloud::models::{ListUserInvitesQuery, UpdateUserInviteBody, UserInviteUpdate};
use redpanda_cloud::{Client, DEFAULT_BASE_URL, Error, StatusCode, TryStreamExt};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // Tokens come from the spec's OAuth2 endpoint and are cached until shortly before they expire.
    let credentials =
        ClientCredentials::new(std::env::var("REDPANDA_CLIENT_ID")?, std::env::var("REDPANDA_CLIENT_SECRET")?);
    let client = Client::new(DEFAULT_BASE_URL)?.with_credentials(credentials);

    // Every invite, page after page (GET is retried on 429, 500, 502, 503 and 504 by default).
    let mut invites = client.list_user_invites_stream(&ListUserInvitesQuery::default().set_page_size(100));
    while let Some(invite) = invites.try_next().await? {
        println!("{} <{}>", invite.id.unwrap_or_default(), invite.email.unwrap_or_default());
    }

    // Move an invite's expiry: the mask ("expiresAt") is computed from the fields set.
    let id = std::env::args().nth(1).unwrap_or_else(|| "no-such-invite".to_owned());
    let expires_at: chrono::DateTime<chrono::Utc> = "2030-01-01T00:00:00Z".parse()?;
    let update = UserInviteUpdate::default().set_expires_at(expires_at);
    let body = UpdateUserInviteBody::from_set_fields(update);
    match client.update_user_invite(&id, &body).await {
        Ok(response) => println!("updated: {:?}", response.user_invite),
        Err(Error::Api { status: StatusCode::NOT_FOUND, body, .. }) => {
            eprintln!("no invite {id}: {}", body.message.as_deref().unwrap_or("not found"));
        }
        Err(error) => return Err(error.into()),
    }
    Ok(())
}
