//! The SDK layer of the generated crate against a real HTTP server on 127.0.0.1 (wiremock):
//! client credentials from the spec's flow, page streams, update masks, setters, and
//! unknown enum values. The runtime underneath is tested in codegen/runtime/tests.

use redpanda_cloud::auth::ClientCredentials;
use redpanda_cloud::models::{
    ListUserInvitesQuery, Scope, ScopeResourceType, UpdateUserInviteBody, UserInviteRoleBinding, UserInviteUpdate,
};
use redpanda_cloud::{Client, Error, RetryPolicy, StatusCode, StreamExt, TryStreamExt};
use serde_json::{Value, json};
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const SECRET: &str = "client-secret-never-shown";
const TOKEN: &str = "access-token-never-shown";

async fn requests_to(server: &MockServer, wanted: &str) -> Vec<Request> {
    let all = server.received_requests().await.expect("recording is on");
    all.into_iter().filter(|request| request.url.path() == wanted).collect()
}

fn credentials(server: &MockServer) -> ClientCredentials {
    ClientCredentials::new("my-client", SECRET).with_token_url(&format!("{}/oauth/token", server.uri()))
}

async fn mount_token(server: &MockServer) {
    let grant = json!({"access_token": TOKEN, "token_type": "Bearer", "expires_in": 3600});
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(200).set_body_json(grant))
        .mount(server)
        .await;
}

fn invite(id: &str) -> Value {
    json!({"id": id, "email": format!("{id}@example.com")})
}

#[test]
fn credentials_default_to_the_specs_flow_and_audience() {
    let credentials = ClientCredentials::new("id", SECRET);
    assert_eq!(credentials.token_url(), Some("https://auth.prd.cloud.redpanda.com/oauth/token"));
    assert_eq!(credentials.audience(), Some("cloudv2-production.redpanda.cloud"));
    assert!(!format!("{credentials:?}").contains(SECRET));
}

#[tokio::test]
async fn operations_fetch_a_token_once_and_send_it() {
    let server = MockServer::start().await;
    mount_token(&server).await;
    Mock::given(method("GET"))
        .and(path("/v1/user-invites/a"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"user_invite": invite("a")})))
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).unwrap().with_credentials(credentials(&server));

    for _ in 0..3 {
        let response = client.get_user_invite("a").await.expect("the invite decodes");
        assert_eq!(response.user_invite.as_ref().and_then(|invite| invite.id.as_deref()), Some("a"));
    }

    let token_requests = requests_to(&server, "/oauth/token").await;
    assert_eq!(token_requests.len(), 1);
    let form = String::from_utf8_lossy(&token_requests[0].body).into_owned();
    assert_eq!(
        form,
        format!(
            "grant_type=client_credentials&client_id=my-client&client_secret={SECRET}\
             &audience=cloudv2-production.redpanda.cloud"
        )
    );
    let api = requests_to(&server, "/v1/user-invites/a").await;
    assert_eq!(api.len(), 3);
    assert!(api.iter().all(|request| request.headers.get("authorization").unwrap() == &format!("Bearer {TOKEN}")));
}

#[tokio::test]
async fn list_stream_follows_page_tokens_and_keeps_the_page_size() {
    let server = MockServer::start().await;
    let pages = [
        (None, json!({"user_invites": [invite("a"), invite("b")], "next_page_token": "p2"})),
        (Some("p2"), json!({"user_invites": [invite("c")], "next_page_token": "p3"})),
        (Some("p3"), json!({"user_invites": [invite("d")], "next_page_token": ""})),
    ];
    for (token, body) in pages {
        let matcher = move |request: &Request| {
            let sent =
                request.url.query_pairs().find(|(key, _)| key == "page_token").map(|(_, value)| value.into_owned());
            sent.as_deref() == token
        };
        Mock::given(method("GET"))
            .and(path("/v1/user-invites"))
            .and(matcher)
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
            .expect(1)
            .mount(&server)
            .await;
    }
    let client = Client::new(&server.uri()).unwrap();

    let query = ListUserInvitesQuery::default().set_page_size(2);
    let ids: Vec<String> = client
        .list_user_invites_stream(&query)
        .map_ok(|invite| invite.id.unwrap_or_default())
        .try_collect()
        .await
        .expect("every page decodes");

    assert_eq!(ids, ["a", "b", "c", "d"]);
    let queries: Vec<String> = requests_to(&server, "/v1/user-invites")
        .await
        .iter()
        .map(|request| request.url.query().unwrap_or_default().to_owned())
        .collect();
    assert_eq!(queries, ["page_size=2", "page_size=2&page_token=p2", "page_size=2&page_token=p3"]);
}

#[tokio::test]
async fn a_repeated_page_token_ends_the_stream_with_an_error() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/v1/user-invites"))
        .respond_with(
            ResponseTemplate::new(200).set_body_json(json!({"user_invites": [invite("a")], "next_page_token": "same"})),
        )
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).unwrap();

    let results: Vec<_> = client.list_user_invites_stream(&ListUserInvitesQuery::default()).collect().await;

    assert_eq!(results.len(), 3, "two pages of one item, then the error: {results:?}");
    assert!(matches!(&results[2], Err(Error::RepeatedPageToken(token)) if token == "same"));
}

#[test]
fn update_masks_list_the_set_fields_in_proto3_json_form() {
    let everything = UserInviteUpdate::default()
        .set_role_bindings(Vec::new())
        .set_expires_at("2025-05-04T09:42:00Z".parse::<chrono::DateTime<chrono::Utc>>().unwrap());
    let body = UpdateUserInviteBody::from_set_fields(everything);
    assert_eq!(body.update_mask.as_deref(), Some("expiresAt,roleBindings"));

    let only_bindings =
        UpdateUserInviteBody::from_set_fields(UserInviteUpdate::default().set_role_bindings(Vec::new()));
    assert_eq!(only_bindings.update_mask.as_deref(), Some("roleBindings"));

    // Clearing a field: list its path without setting it; adding a path twice keeps one.
    let clear = only_bindings.with_mask_path("expiresAt").with_mask_path("expiresAt");
    assert_eq!(clear.update_mask.as_deref(), Some("roleBindings,expiresAt"));
    assert_eq!(UpdateUserInviteBody::default().with_mask_path("expiresAt").update_mask.as_deref(), Some("expiresAt"));
}

#[tokio::test]
async fn an_update_sends_the_computed_mask_and_is_not_retried() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path("/v1/user-invites/a"))
        .respond_with(ResponseTemplate::new(503))
        .expect(1)
        .mount(&server)
        .await;
    let client = Client::new(&server.uri()).unwrap().with_retry(RetryPolicy::default());
    let binding = UserInviteRoleBinding::default()
        .set_role_name("Admin")
        .set_scope(Scope::default().set_resource_type(ScopeResourceType::KafkaTopic).set_resource_id("t1"));
    let body = UpdateUserInviteBody::from_set_fields(UserInviteUpdate::default().set_role_bindings(vec![binding]));

    let error = client.update_user_invite("a", &body).await.expect_err("503 is an error");

    assert_eq!(error.status(), Some(StatusCode::SERVICE_UNAVAILABLE));
    let sent: Value = serde_json::from_slice(&requests_to(&server, "/v1/user-invites/a").await[0].body).unwrap();
    assert_eq!(
        sent,
        json!({
            "update_mask": "roleBindings",
            "user_invite": {"role_bindings": [{
                "role_name": "Admin",
                "scope": {"resource_type": "SCOPE_RESOURCE_TYPE_KAFKA_TOPIC", "resource_id": "t1"}
            }]}
        })
    );
}

#[tokio::test]
async fn a_delete_is_retried_on_503_and_its_204_decodes() {
    let server = MockServer::start().await;
    Mock::given(method("DELETE"))
        .and(path("/v1/user-invites/a"))
        .respond_with(ResponseTemplate::new(503))
        .up_to_n_times(1)
        .mount(&server)
        .await;
    Mock::given(method("DELETE"))
        .and(path("/v1/user-invites/a"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let retry = RetryPolicy::default().with_backoff(Duration::from_millis(1), Duration::from_millis(5));
    let client = Client::new(&server.uri()).unwrap().with_retry(retry);

    let response = client.delete_user_invite("a").await.expect("the second attempt succeeds");

    assert_eq!(response.status(), StatusCode::NO_CONTENT);
    assert_eq!(requests_to(&server, "/v1/user-invites/a").await.len(), 2);
}

#[test]
fn unknown_enum_values_are_opaque_and_known_wire_values_map_to_their_variants() {
    assert_eq!(ScopeResourceType::from("SCOPE_RESOURCE_TYPE_KAFKA_TOPIC"), ScopeResourceType::KafkaTopic);
    let future: ScopeResourceType = "SCOPE_RESOURCE_TYPE_FUTURE".parse().unwrap();
    assert_eq!(future.as_str(), "SCOPE_RESOURCE_TYPE_FUTURE");
    assert!(matches!(&future, ScopeResourceType::Unknown(value) if value.as_str() == "SCOPE_RESOURCE_TYPE_FUTURE"));
    assert_eq!(serde_json::to_value(&future).unwrap(), json!("SCOPE_RESOURCE_TYPE_FUTURE"));
    let decoded: ScopeResourceType = serde_json::from_value(json!("SCOPE_RESOURCE_TYPE_KAFKA_TOPIC")).unwrap();
    assert_eq!(decoded, ScopeResourceType::KafkaTopic);
}
