//! The generated crate against its own fake (the `fake` feature), through the public API
//! only: the invite lifecycle (create, get, list through the page stream, masked and
//! clearing updates, delete, 404), validation errors, foreign tokens, faults through the
//! retry path, seeding, filters, and unknown fields kept through a round trip. The fake's
//! engine is tested in codegen/runtime/tests.

use redpanda_cloud::auth::TokenSource;
use redpanda_cloud::fake::FakeServer;
use redpanda_cloud::models::{
    CreateUserInviteRequest, ListRoleBindingsQuery, ListUserInvitesQuery, RpcStatus, RpcStatusCode, Scope,
    ScopeResourceType, UpdateUserInviteBody, UserInvite, UserInviteCreate, UserInviteRoleBinding, UserInviteUpdate,
    V1RoleBinding,
};
use redpanda_cloud::{Client, Error, StatusCode, TryStreamExt};
use serde_json::{Value, json};

fn binding(role: &str) -> UserInviteRoleBinding {
    let scope = Scope::default().set_resource_type(ScopeResourceType::Organization).set_resource_id("org-1");
    UserInviteRoleBinding::default().set_role_name(role).set_scope(scope)
}

fn create_request(email: &str) -> CreateUserInviteRequest {
    let invite = UserInviteCreate::default().set_email(email).set_role_bindings(vec![binding("Reader")]);
    CreateUserInviteRequest::default().set_user_invite(invite)
}

/// The status and error body of an API error.
fn api_error<T: std::fmt::Debug>(result: Result<T, Error<RpcStatus>>) -> (StatusCode, RpcStatus) {
    match result {
        Err(Error::Api { status, body, .. }) => (status, *body),
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn an_invite_is_created_listed_updated_and_deleted() {
    let fake = FakeServer::start().await;
    let client = fake.client();

    let created = client.create_user_invite(&create_request("ann@example.com")).await.expect("created");
    assert_eq!(created.status(), StatusCode::CREATED);
    let invite = created.into_inner().user_invite.expect("the response wraps the invite");
    let id = invite.id.clone().expect("a new id");
    assert_eq!(invite.email.as_deref(), Some("ann@example.com"));
    assert_eq!(invite.role_bindings, Some(vec![binding("Reader")]));

    let got = client.get_user_invite(&id).await.expect("found").into_inner().user_invite;
    assert_eq!(got.as_ref(), Some(&invite));

    for email in ["bob@example.com", "cy@example.com", "di@example.com", "ed@example.com"] {
        client.create_user_invite(&create_request(email)).await.expect("created");
    }
    let query = ListUserInvitesQuery::default().set_page_size(2);
    let emails: Vec<String> = client
        .list_user_invites_stream(&query)
        .map_ok(|invite| invite.email.unwrap_or_default())
        .try_collect()
        .await
        .expect("every page");
    assert_eq!(emails, ["ann@example.com", "bob@example.com", "cy@example.com", "di@example.com", "ed@example.com"]);
    let pages =
        fake.requests().into_iter().filter(|request| request.method == "GET" && request.path == "/v1/user-invites");
    assert_eq!(pages.count(), 3, "5 invites in pages of 2");

    // A masked update sets what it names and keeps the rest.
    let expires_at: chrono::DateTime<chrono::Utc> = "2030-01-01T00:00:00Z".parse().unwrap();
    let body = UpdateUserInviteBody::from_set_fields(UserInviteUpdate::default().set_expires_at(expires_at));
    let updated = client.update_user_invite(&id, &body).await.expect("updated").into_inner().user_invite.unwrap();
    assert_eq!(updated.expires_at, Some(expires_at));
    assert_eq!(updated.role_bindings, Some(vec![binding("Reader")]));
    assert_eq!(updated.email.as_deref(), Some("ann@example.com"));

    // A path in the mask without a value clears the field.
    let clear = UpdateUserInviteBody::from_set_fields(UserInviteUpdate::default()).with_mask_path("roleBindings");
    let cleared = client.update_user_invite(&id, &clear).await.expect("updated").into_inner().user_invite.unwrap();
    assert_eq!(cleared.role_bindings, None);
    assert_eq!(cleared.expires_at, Some(expires_at));
    assert_eq!(fake.user_invites().get(&id), Some(cleared));

    client.delete_user_invite(&id).await.expect("deleted");
    let (status, body) = api_error(client.get_user_invite(&id).await);
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body.code, Some(RpcStatusCode::NotFound));
    assert!(body.message.unwrap_or_default().contains(&id));
    let (status, _) = api_error(client.delete_user_invite(&id).await);
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(fake.user_invites().len(), 4);
}

#[tokio::test]
async fn requests_that_break_the_spec_are_rejected_and_change_nothing() {
    let fake = FakeServer::start().await;
    let client = fake.client();
    let id = client.create_user_invite(&create_request("ann@example.com")).await.unwrap().into_inner().user_invite;
    let id = id.and_then(|invite| invite.id).unwrap();
    let before = fake.user_invites().get(&id);

    let unknown_path = UpdateUserInviteBody::from_set_fields(UserInviteUpdate::default()).with_mask_path("nickname");
    let (status, body) = api_error(client.update_user_invite(&id, &unknown_path).await);
    assert_eq!((status, body.code), (StatusCode::BAD_REQUEST, Some(RpcStatusCode::InvalidArgument)));
    assert!(body.message.unwrap_or_default().contains("nickname"));

    let scope = Scope::default().set_resource_type(ScopeResourceType::from("SCOPE_RESOURCE_TYPE_MOON"));
    let bad_enum = UserInviteUpdate::default().set_role_bindings(vec![binding("Reader").set_scope(scope)]);
    let (status, body) =
        api_error(client.update_user_invite(&id, &UpdateUserInviteBody::from_set_fields(bad_enum)).await);
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let message = body.message.unwrap_or_default();
    assert!(message.starts_with("user_invite.role_bindings[0].scope.resource_type:"), "{message}");
    assert_eq!(fake.user_invites().get(&id), before, "a rejected update changes nothing");

    // Wrong types cannot be built with the models; send raw JSON with the fake's own token.
    let token = fake.credentials().token(&redpanda_cloud::reqwest::Client::new()).await.unwrap();
    let response = redpanda_cloud::reqwest::Client::new()
        .post(format!("{}/v1/user-invites", fake.base_url()))
        .bearer_auth(token.secret())
        .json(&json!({"user_invite": {"email": 5}}))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "INVALID_ARGUMENT");
    assert_eq!(body["message"], "user_invite.email: expected a string, got a number");

    let (status, _) = api_error(client.list_user_invites(&ListUserInvitesQuery::default().set_page_token("x")).await);
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(fake.user_invites().len(), 1);
}

#[tokio::test]
async fn a_token_the_fake_did_not_issue_is_401() {
    let fake = FakeServer::start().await;
    let other = FakeServer::start().await;

    let stranger = Client::new(&fake.base_url()).unwrap().with_bearer_token("not-from-this-fake");
    let (status, body) = api_error(stranger.get_user_invite("a").await);
    assert_eq!((status, body.code), (StatusCode::UNAUTHORIZED, Some(RpcStatusCode::Unauthenticated)));

    let borrowed = Client::new(&fake.base_url()).unwrap().with_credentials(other.credentials());
    let (status, _) = api_error(borrowed.get_user_invite("a").await);
    assert_eq!(status, StatusCode::UNAUTHORIZED, "another fake's token");

    let (status, _) = api_error(fake.client().get_user_invite("a").await);
    assert_eq!(status, StatusCode::NOT_FOUND, "the fake's own client is let in");
}

#[tokio::test]
async fn faults_go_through_the_retry_policy() {
    let fake = FakeServer::start().await;
    let client = fake.client();
    let mut invite = UserInvite::default();
    invite.email = Some("seeded@example.com".to_owned());
    let id = fake.user_invites().insert(invite);

    fake.fail_next(2, StatusCode::SERVICE_UNAVAILABLE);
    let got = client.get_user_invite(&id).await.expect("a GET is retried past two 503s");
    assert_eq!(got.user_invite.as_ref().and_then(|invite| invite.email.as_deref()), Some("seeded@example.com"));
    assert_eq!(fake.requests().len(), 3);

    fake.fail_next(1, StatusCode::SERVICE_UNAVAILABLE);
    let (status, body) = api_error(client.create_user_invite(&create_request("a@example.com")).await);
    assert_eq!((status, body.code), (StatusCode::SERVICE_UNAVAILABLE, Some(RpcStatusCode::Unavailable)));
    assert_eq!(fake.user_invites().len(), 1, "a POST is not retried");

    fake.fail_next(5, StatusCode::TOO_MANY_REQUESTS);
    let error = client.get_user_invite(&id).await.expect_err("3 attempts, all 429");
    assert_eq!(error.status(), Some(StatusCode::TOO_MANY_REQUESTS));
    assert_eq!(error.headers().and_then(|headers| headers.get("retry-after")).unwrap(), "0");
}

#[tokio::test]
async fn seeded_items_are_listed_and_filtered() {
    let fake = FakeServer::start().await;
    let seed = |account: &str, role: &str, resource_type: ScopeResourceType| {
        let mut binding = V1RoleBinding::default();
        binding.account_id = Some(account.to_owned());
        binding.role_name = Some(role.to_owned());
        binding.scope = Some(Scope::default().set_resource_type(resource_type));
        fake.role_bindings().insert(binding)
    };
    seed("a", "Admin", ScopeResourceType::Organization);
    seed("b", "Reader", ScopeResourceType::Cluster);
    seed("c", "Admin", ScopeResourceType::Cluster);
    seed("d", "Admin", ScopeResourceType::Organization);
    assert_eq!(fake.role_bindings().len(), 4);

    let client = fake.client();
    let accounts = |query: ListRoleBindingsQuery| {
        let client = client.clone();
        async move {
            let bindings: Vec<V1RoleBinding> = client.list_role_bindings_stream(&query).try_collect().await.unwrap();
            bindings.into_iter().map(|binding| binding.account_id.unwrap_or_default()).collect::<Vec<_>>()
        }
    };
    assert_eq!(accounts(ListRoleBindingsQuery::default()).await, ["a", "b", "c", "d"]);
    assert_eq!(accounts(ListRoleBindingsQuery::default().set_filter_role_name("Admin")).await, ["a", "c", "d"]);
    let cluster_admins = ListRoleBindingsQuery::default()
        .set_filter_role_name("Admin")
        .set_filter_scope_resource_type(ScopeResourceType::Cluster);
    assert_eq!(accounts(cluster_admins).await, ["c"]);
    let listed = ListRoleBindingsQuery::default().set_filter_account_ids(vec!["d".to_owned(), "b".to_owned()]);
    assert_eq!(accounts(listed.set_page_size(1)).await, ["b", "d"], "one of the values, in list order");
}

#[tokio::test]
async fn fields_the_spec_does_not_name_round_trip_through_the_fake() {
    let fake = FakeServer::start().await;
    let client = fake.client();
    // A body decoded from a newer server's JSON carries a field this crate does not know.
    let sent = json!({"user_invite": {"email": "ann@example.com", "team_v2": {"id": 7}}});
    let request: CreateUserInviteRequest = serde_json::from_value(sent).expect("decodes");
    assert_eq!(request.user_invite.as_ref().unwrap().unknown_fields().len(), 1);

    let created = client.create_user_invite(&request).await.expect("created").into_inner();
    let invite = created.user_invite.expect("the invite");
    assert_eq!(invite.unknown_fields().get("team_v2"), Some(&json!({"id": 7})), "{invite:?}");
    let id = invite.id.clone().expect("an id");
    let stored = fake.user_invites().get(&id).expect("stored");
    assert_eq!(stored, invite, "the fake keeps what it was sent, unknown fields included");
}
