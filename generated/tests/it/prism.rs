//! Contract tests against Stoplight Prism serving the bundled spec as a validating mock.
//!
//! Prism checks every request against the spec (answering 422, or 401 without credentials,
//! when it does not match) and answers with the spec's own examples, so these tests show
//! that what the client sends is what the spec describes and that the spec's examples
//! decode. `.ci/prism.sh SPEC` installs and starts Prism and runs them; to run them by
//! hand against a Prism of your own, set `PRISM_URL` (default `http://127.0.0.1:4010`) and
//! pass `--ignored`.

use redpanda_cloud::models::{
    CreateUserInviteRequest, ListRoleBindingsQuery, ListUserInvitesQuery, RpcStatusCode, RpcStatusDetail, Scope,
    ScopeResourceType, UpdateUserInviteBody, UpdateUserInviteResponse, UserInviteCreate, UserInviteRoleBinding,
    UserInviteUpdate,
};
use redpanda_cloud::{Client, Error};
use reqwest::header::{HeaderMap, HeaderValue};
use serde_json::{Value, json};

/// The header in which Prism lists what it found wrong with a request.
const VIOLATIONS: &str = "sl-violations";

fn prism_url() -> String {
    std::env::var("PRISM_URL").unwrap_or_else(|_| "http://127.0.0.1:4010".to_owned())
}

/// The request example of `PATCH /v1/user-invites/{id}` in spec/user_invites.yaml.
fn request_example() -> Value {
    json!({
        "update_mask": "string",
        "user_invite": {
            "expires_at": "2025-05-04T09:42:00Z",
            "role_bindings": [{
                "role_name": "string",
                "scope": {
                    "resource_id": "string",
                    "resource_type": "SCOPE_RESOURCE_TYPE_RESOURCE_GROUP"
                }
            }]
        }
    })
}

/// The 200 example of `PATCH /v1/user-invites/{id}` in spec/user_invites.yaml.
fn response_example() -> Value {
    json!({
        "user_invite": {
            "created_at": "2025-05-04T09:42:00Z",
            "email": "string",
            "expires_at": "2025-05-04T09:42:00Z",
            "id": "string",
            "invite_url": "string",
            "role_bindings": [{
                "role_name": "string",
                "scope": {
                    "resource_id": "string",
                    "resource_type": "SCOPE_RESOURCE_TYPE_RESOURCE_GROUP"
                }
            }]
        }
    })
}

fn body() -> UpdateUserInviteBody {
    serde_json::from_value(request_example()).expect("the spec's request example decodes")
}

fn client() -> Client {
    Client::new(&prism_url()).unwrap().with_bearer_token("prism-test-token")
}

fn violations(headers: &HeaderMap) -> Option<&str> {
    headers.get(VIOLATIONS).map(|v| v.to_str().unwrap_or("<not UTF-8>"))
}

#[tokio::test]
#[ignore = "needs a Prism mock server: see .ci/prism.sh"]
async fn valid_request_gets_the_ok_example() {
    // An id that needs escaping still routes to the operation.
    for id in ["7f3a", "a/b c?d#e%f"] {
        let response = client()
            .update_user_invite(id, &body())
            .await
            .unwrap_or_else(|err| panic!("id {id:?}: Prism rejected the request: {err:?}"));
        assert_eq!(response.status(), 200, "id {id:?}");
        assert_eq!(violations(response.headers()), None, "id {id:?}");

        let expected: UpdateUserInviteResponse = serde_json::from_value(response_example()).unwrap();
        let scope = response.user_invite.as_ref().unwrap().role_bindings.as_ref().unwrap()[0].scope.as_ref().unwrap();
        assert_eq!(scope.resource_type, Some(ScopeResourceType::ResourceGroup));
        let decoded = response.into_inner();
        assert_eq!(decoded, expected);
        assert_eq!(serde_json::to_value(&decoded).unwrap(), response_example());
    }
}

#[tokio::test]
#[ignore = "needs a Prism mock server: see .ci/prism.sh"]
async fn requested_not_found_is_an_api_error_that_decodes() {
    let mut headers = HeaderMap::new();
    headers.insert("prefer", HeaderValue::from_static("code=404"));
    let http = reqwest::Client::builder().default_headers(headers).build().unwrap();
    let client = Client::with_http_client(&prism_url(), http).unwrap().with_bearer_token("prism-test-token");

    let err = client.update_user_invite("7f3a", &body()).await.expect_err("Prism was asked for a 404");
    let Error::Api { status, headers, body } = err else {
        panic!("expected Error::Api, got {err:?}");
    };
    assert_eq!(status, 404);
    assert_eq!(violations(&headers), None);
    // The rpc.Status schema's example: code OK with one BadRequest detail.
    assert_eq!(body.code, Some(RpcStatusCode::Ok));
    assert_eq!(body.message.as_deref(), Some("string"));
    let details = body.details.as_ref().expect("details");
    assert_eq!(details.len(), 1);
    let RpcStatusDetail::BadRequest(bad_request) = &details[0] else {
        panic!("expected a BadRequest detail, got {:?}", details[0]);
    };
    let violation = &bad_request.field_violations.as_ref().expect("field_violations")[0];
    assert_eq!(violation.field.as_deref(), Some("string"));
    assert_eq!(violation.reason.as_deref(), Some("string"));
    let localized = violation.localized_message.as_ref().expect("localized_message");
    assert_eq!(localized.message.as_deref(), Some("string"));
}

#[tokio::test]
#[ignore = "needs a Prism mock server: see .ci/prism.sh"]
async fn prism_rejects_a_body_that_breaks_the_schema() {
    // Shows Prism really validates, so the accepted request above means something.
    let mut invalid = request_example();
    invalid["user_invite"]["role_bindings"][0]["scope"]["resource_type"] = json!(5);
    let response = reqwest::Client::new()
        .patch(format!("{}/v1/user-invites/7f3a", prism_url()))
        .bearer_auth("prism-test-token")
        .json(&invalid)
        .send()
        .await
        .expect("Prism answers");
    assert_eq!(response.status(), 422);
    let found = violations(response.headers()).expect("Prism lists the violations");
    assert!(found.contains("resource_type"), "{found}");
}

#[tokio::test]
#[ignore = "needs a Prism mock server: see .ci/prism.sh"]
async fn prism_rejects_a_request_without_credentials() {
    // The spec's security requirement holds: no token, no invite, and the 401 (not a
    // documented status) arrives through `default` as an rpc.Status.
    let client = Client::new(&prism_url()).unwrap();
    let err = client.update_user_invite("7f3a", &body()).await.expect_err("Prism wants a token");
    let Error::Api { status, headers, .. } = err else {
        panic!("expected Error::Api, got {err:?}");
    };
    assert_eq!(status, 401);
    assert!(violations(&headers).is_some_and(|v| v.contains("security")));
}

#[tokio::test]
#[ignore = "needs a Prism mock server: see .ci/prism.sh"]
async fn query_parameters_are_accepted_and_the_list_example_decodes() {
    let query = ListRoleBindingsQuery::default()
        .set_filter_role_name("admin")
        .set_filter_scope_resource_type(ScopeResourceType::Cluster)
        .set_filter_account_ids(vec!["a".to_owned(), "b".to_owned()])
        .set_page_size(50)
        .set_page_token("t/k n");
    let response = client().list_role_bindings(&query).await.expect("Prism accepts the query");
    assert_eq!(violations(response.headers()), None);
    let bindings = response.into_inner().role_bindings.expect("the example lists role bindings");
    let scope = bindings[0].scope.as_ref().expect("the example has a scope");
    assert_eq!(scope.resource_type, Some(ScopeResourceType::Cluster));
}

#[tokio::test]
#[ignore = "needs a Prism mock server: see .ci/prism.sh"]
async fn prism_rejects_a_query_value_outside_the_enum() {
    let query = ListRoleBindingsQuery::default().set_filter_scope_resource_type(ScopeResourceType::from("NOT_A_SCOPE"));
    let error = client().list_role_bindings(&query).await.expect_err("Prism validates enum values");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(422), "{error}");
}

#[tokio::test]
#[ignore = "needs a Prism mock server: see .ci/prism.sh"]
async fn every_user_invite_operation_is_accepted() {
    let client = client();

    let query = ListUserInvitesQuery::default().set_page_size(100).set_page_token("next/page");
    let listed = client.list_user_invites(&query).await.expect("Prism accepts the list");
    assert_eq!((listed.status().as_u16(), violations(listed.headers())), (200, None));

    let binding = UserInviteRoleBinding::default()
        .set_role_name("Reader")
        .set_scope(Scope::default().set_resource_type(ScopeResourceType::KafkaTopic).set_resource_id("orders"));
    let create = CreateUserInviteRequest::default()
        .set_user_invite(UserInviteCreate::default().set_email("ada@example.com").set_role_bindings(vec![binding]));
    let created = client.create_user_invite(&create).await.expect("Prism accepts the create");
    assert_eq!((created.status().as_u16(), violations(created.headers())), (201, None));

    let got = client.get_user_invite("7f3a").await.expect("Prism accepts the get");
    assert_eq!((got.status().as_u16(), violations(got.headers())), (200, None));

    let update = UserInviteUpdate::default()
        .set_expires_at("2030-01-01T00:00:00Z".parse::<chrono::DateTime<chrono::Utc>>().unwrap());
    let body = UpdateUserInviteBody::from_set_fields(update);
    assert_eq!(body.update_mask.as_deref(), Some("expiresAt"));
    let updated = client.update_user_invite("7f3a", &body).await.expect("Prism accepts the masked update");
    assert_eq!((updated.status().as_u16(), violations(updated.headers())), (200, None));

    let deleted = client.delete_user_invite("7f3a").await.expect("Prism accepts the delete");
    assert_eq!((deleted.status().as_u16(), violations(deleted.headers())), (204, None));
}
