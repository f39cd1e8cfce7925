//! The generated client against a real HTTP server on 127.0.0.1 (wiremock): the request
//! it sends, and how every kind of response — and no response — comes back.

use redpanda_cloud::models::{
    ListRoleBindingsQuery, RpcStatus, RpcStatusCode, RpcStatusDetail, ScopeResourceType, UpdateUserInviteBody,
    UpdateUserInviteResponse, UserInvite,
};
use redpanda_cloud::{BuildError, Client, Error, USER_AGENT};
use serde_json::{Value, json};
use std::time::{Duration, Instant};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "s3cr3t-t0ken-do-not-print";

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

/// An rpc.Status as the API sends it for a missing invite, with BadRequest details.
fn not_found_status() -> Value {
    json!({
        "code": "NOT_FOUND",
        "message": "user invite 7f3a not found",
        "details": [{
            "@type": "type.googleapis.com/google.rpc.BadRequest",
            "field_violations": [{
                "field": "id",
                "description": "no user invite has this id",
                "reason": "INVITE_NOT_FOUND",
                "localized_message": { "locale": "en-US", "message": "Invite not found" }
            }]
        }]
    })
}

fn body() -> UpdateUserInviteBody {
    serde_json::from_value(request_example()).expect("the spec's request example decodes")
}

/// A server that answers every request with `response`.
async fn server(response: ResponseTemplate) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(response).mount(&server).await;
    server
}

fn client(server: &MockServer) -> Client {
    Client::new(&server.uri()).unwrap().with_bearer_token(TOKEN)
}

async fn call(client: &Client) -> Result<UpdateUserInviteResponse, Error<RpcStatus>> {
    client.update_user_invite("7f3a", &body()).await.map(|r| r.into_inner())
}

/// The one request `server` received.
async fn only_request(server: &MockServer) -> wiremock::Request {
    let mut requests = server.received_requests().await.expect("recording is on");
    assert_eq!(requests.len(), 1, "exactly one request: {requests:?}");
    requests.remove(0)
}

fn header<'a>(request: &'a wiremock::Request, name: &str) -> &'a str {
    let value = request.headers.get(name);
    value.unwrap_or_else(|| panic!("no {name} header")).to_str().unwrap()
}

#[test]
fn constants_and_client_traits() {
    assert_eq!(USER_AGENT, "redpanda-cloud/0.1.0");
    assert_eq!(redpanda_cloud::DEFAULT_BASE_URL, "https://api.redpanda.com");
    assert_eq!(redpanda_cloud::DEFAULT_TIMEOUT, Duration::from_secs(30));
    fn debug_clone_send_sync<T: std::fmt::Debug + Clone + Send + Sync>() {}
    debug_clone_send_sync::<Client>();
    let client = Client::new(redpanda_cloud::DEFAULT_BASE_URL).unwrap();
    assert_eq!(client.clone().base_url(), "https://api.redpanda.com/");
}

#[tokio::test]
async fn request_has_method_escaped_path_headers_and_body() {
    let server = server(ResponseTemplate::new(200).set_body_json(response_example())).await;
    client(&server).update_user_invite("a/b c?d#e%f", &body()).await.expect("200 decodes");

    let request = only_request(&server).await;
    assert_eq!(request.method.as_str(), "PATCH");
    assert_eq!(request.url.path(), "/v1/user-invites/a%2Fb%20c%3Fd%23e%25f");
    assert_eq!(request.url.query(), None);
    assert_eq!(header(&request, "authorization"), format!("Bearer {TOKEN}"));
    assert_eq!(header(&request, "content-type"), "application/json");
    assert_eq!(header(&request, "accept"), "application/json");
    assert_eq!(header(&request, "user-agent"), USER_AGENT);
    let sent: Value = serde_json::from_slice(&request.body).expect("the body is JSON");
    assert_eq!(sent, request_example());
}

#[tokio::test]
async fn no_authorization_header_without_a_token() {
    let server = server(ResponseTemplate::new(200).set_body_json(response_example())).await;
    let client = Client::new(&server.uri()).unwrap();
    client.update_user_invite("7f3a", &body()).await.unwrap();
    assert!(only_request(&server).await.headers.get("authorization").is_none());
}

#[tokio::test]
async fn base_url_path_prefix_is_kept() {
    for suffix in ["/prefix/", "/prefix"] {
        let server = server(ResponseTemplate::new(200).set_body_json(response_example())).await;
        let base_url = format!("{}{suffix}", server.uri());
        let client = Client::new(&base_url).unwrap().with_bearer_token(TOKEN);
        call(&client).await.expect("200 decodes");
        let request = only_request(&server).await;
        assert_eq!(request.url.path(), "/prefix/v1/user-invites/7f3a", "base URL {base_url}");
    }
}

#[tokio::test]
async fn ok_response_decodes() {
    let server = server(ResponseTemplate::new(200).set_body_json(response_example())).await;
    let response = client(&server).update_user_invite("7f3a", &body()).await.expect("200 decodes");
    assert_eq!(response.status(), 200);
    assert_eq!(response.headers()["content-type"].to_str().unwrap(), "application/json");

    // Deref to the body.
    let invite = response.user_invite.as_ref().expect("user_invite");
    let when: chrono::DateTime<chrono::Utc> = "2025-05-04T09:42:00Z".parse().unwrap();
    assert_eq!(invite.created_at, Some(when));
    assert_eq!(invite.expires_at, Some(when));
    assert_eq!(invite.id.as_deref(), Some("string"));
    assert_eq!(invite.email.as_deref(), Some("string"));
    assert_eq!(invite.invite_url.as_deref(), Some("string"));
    let bindings = invite.role_bindings.as_ref().expect("role_bindings");
    assert_eq!(bindings.len(), 1);
    assert_eq!(bindings[0].role_name.as_deref(), Some("string"));
    let scope = bindings[0].scope.as_ref().expect("scope");
    assert_eq!(scope.resource_id.as_deref(), Some("string"));
    assert_eq!(scope.resource_type, Some(ScopeResourceType::ResourceGroup));
    assert_eq!(ScopeResourceType::ResourceGroup.as_str(), "SCOPE_RESOURCE_TYPE_RESOURCE_GROUP");

    // And it serializes back to what came over the wire.
    let body = response.into_inner();
    assert_eq!(serde_json::to_value(&body).unwrap(), response_example());
}

#[tokio::test]
async fn not_found_is_an_api_error_with_its_details() {
    let server = server(ResponseTemplate::new(404).set_body_json(not_found_status())).await;
    let err = call(&client(&server)).await.expect_err("404 is an error");

    assert_eq!(err.status().map(|s| s.as_u16()), Some(404));
    assert!(err.body().is_some());
    assert!(err.raw_body().is_none());
    let text = err.to_string();
    assert_eq!(text, "HTTP 404 Not Found: user invite 7f3a not found");
    assert!(!text.contains('\n'));

    let Error::Api { status, headers, body } = err else {
        panic!("expected Error::Api, got {err:?}");
    };
    assert_eq!(status, 404);
    assert_eq!(headers["content-type"].to_str().unwrap(), "application/json");
    assert_eq!(body.code, Some(RpcStatusCode::NotFound));
    assert_eq!(body.message.as_deref(), Some("user invite 7f3a not found"));
    let details = body.details.as_ref().expect("details");
    assert_eq!(details.len(), 1);
    let RpcStatusDetail::BadRequest(bad_request) = &details[0] else {
        panic!("expected a BadRequest detail, got {:?}", details[0]);
    };
    let violations = bad_request.field_violations.as_ref().expect("field_violations");
    assert_eq!(violations.len(), 1);
    assert_eq!(violations[0].field.as_deref(), Some("id"));
    assert_eq!(violations[0].description.as_deref(), Some("no user invite has this id"));
    assert_eq!(violations[0].reason.as_deref(), Some("INVITE_NOT_FOUND"));
    let localized = violations[0].localized_message.as_ref().expect("localized_message");
    assert_eq!(localized.locale.as_deref(), Some("en-US"));
    assert_eq!(localized.message.as_deref(), Some("Invite not found"));

    // The `@type` tag is written back on serialization.
    assert_eq!(serde_json::to_value(&body).unwrap(), not_found_status());
}

#[tokio::test]
async fn internal_server_error_is_an_api_error() {
    let status = json!({ "code": "INTERNAL", "message": "boom" });
    let server = server(ResponseTemplate::new(500).set_body_json(status)).await;
    let err = call(&client(&server)).await.expect_err("500 is an error");
    let Error::Api { status, body, .. } = &err else {
        panic!("expected Error::Api, got {err:?}");
    };
    assert_eq!(*status, 500);
    assert_eq!(body.code, Some(RpcStatusCode::Internal));
    assert_eq!(body.message.as_deref(), Some("boom"));
    assert_eq!(err.to_string(), "HTTP 500 Internal Server Error: boom");
}

#[tokio::test]
async fn undocumented_statuses_fall_to_default() {
    let cases = [
        (409u16, "ALREADY_EXISTS", RpcStatusCode::AlreadyExists),
        (503, "UNAVAILABLE", RpcStatusCode::Unavailable),
        (401, "UNAUTHENTICATED", RpcStatusCode::Unauthenticated),
    ];
    for (code, name, expected) in cases {
        let status = json!({ "code": name, "message": "nope", "details": [] });
        let server = server(ResponseTemplate::new(code).set_body_json(status)).await;
        let err = call(&client(&server)).await.expect_err("an error status");
        let Error::Api { status, body, .. } = &err else {
            panic!("{code}: expected Error::Api, got {err:?}");
        };
        assert_eq!(*status, code);
        assert_eq!(body.code.as_ref(), Some(&expected));
        assert_eq!(body.details, Some(vec![]));
        assert_eq!(err.status().unwrap(), code);
    }
}

const PROXY_HTML: &str = "<html><head><title>502 Bad Gateway</title></head>\
    <body><center><h1>502 Bad Gateway</h1></center></body></html>";

#[tokio::test]
async fn html_from_a_proxy_is_an_unexpected_response() {
    let response = ResponseTemplate::new(502).set_body_raw(PROXY_HTML, "text/html");
    let server = server(response).await;
    let err = call(&client(&server)).await.expect_err("502 is an error");

    assert_eq!(err.status().unwrap(), 502);
    assert!(err.body().is_none());
    assert_eq!(err.raw_body(), Some(PROXY_HTML.as_bytes()));
    assert_eq!(err.headers().unwrap()["content-type"], "text/html");
    assert!(err.to_string().contains("502"), "{err}");
    assert!(std::error::Error::source(&err).is_some());
    let Error::UnexpectedResponse { status, headers, body, source } = err else {
        panic!("expected Error::UnexpectedResponse, got {err:?}");
    };
    assert_eq!(status, 502);
    assert_eq!(body, PROXY_HTML.as_bytes());
    assert_eq!(headers["content-type"], "text/html");
    assert!(source.is_some_and(|e| e.is_syntax()));
}

#[tokio::test]
async fn truncated_json_on_success_is_an_unexpected_response() {
    let truncated = r#"{"user_invite": {"id": "x""#;
    let response = ResponseTemplate::new(200).set_body_raw(truncated, "application/json");
    let server = server(response).await;
    let err = call(&client(&server)).await.expect_err("the body does not decode");
    let Error::UnexpectedResponse { status, body, source, .. } = err else {
        panic!("expected Error::UnexpectedResponse, got {err:?}");
    };
    assert_eq!(status, 200);
    assert_eq!(body, truncated.as_bytes());
    assert!(source.is_some_and(|e| e.is_eof()));
}

#[tokio::test]
async fn empty_success_body_is_an_unexpected_response() {
    let server = server(ResponseTemplate::new(200)).await;
    let err = call(&client(&server)).await.expect_err("a JSON body was documented");
    let Error::UnexpectedResponse { status, body, source, .. } = err else {
        panic!("expected Error::UnexpectedResponse, got {err:?}");
    };
    assert_eq!(status, 200);
    assert!(body.is_empty());
    assert!(source.is_some());
}

#[tokio::test]
async fn unknown_enum_values_and_fields_are_tolerated() {
    let mut sent = response_example();
    sent["user_invite"]["role_bindings"][0]["scope"]["resource_type"] = json!("SCOPE_RESOURCE_TYPE_SOMETHING_NEW");
    sent["user_invite"]["added_later"] = json!({ "nested": [1, 2, 3] });
    sent["top_level_extra"] = json!("ignored");
    let server = server(ResponseTemplate::new(200).set_body_json(&sent)).await;
    let response = call(&client(&server)).await.expect("unknown values decode");

    let invite = response.user_invite.as_ref().unwrap();
    assert_eq!(invite.id.as_deref(), Some("string"));
    let scope = invite.role_bindings.as_ref().unwrap()[0].scope.clone().unwrap();
    let new_type = "SCOPE_RESOURCE_TYPE_SOMETHING_NEW";
    assert_eq!(scope.resource_type, Some(ScopeResourceType::from(new_type)));
    assert!(matches!(&scope.resource_type, Some(ScopeResourceType::Unknown(value)) if value.as_str() == new_type));
    assert_eq!(scope.resource_type.as_ref().unwrap().as_str(), new_type);
    let scope_json = serde_json::to_value(&scope).unwrap();
    assert_eq!(scope_json, json!({ "resource_id": "string", "resource_type": new_type }));

    // Unknown fields are kept where they came, readable, and written back: nothing is lost.
    assert_eq!(invite.unknown_fields().get("added_later"), Some(&json!({ "nested": [1, 2, 3] })));
    assert_eq!(response.unknown_fields().len(), 1);
    assert!(format!("{invite:?}").contains(r#""added_later": {"nested":[1,2,3]}"#), "{invite:?}");
    let mut known_only = sent["user_invite"].clone();
    known_only.as_object_mut().unwrap().remove("added_later");
    let known_only: UserInvite = serde_json::from_value(known_only).unwrap();
    assert!(known_only.unknown_fields().is_empty());
    assert_ne!(&known_only, invite, "unknown fields count in equality");
    assert_eq!(serde_json::to_value(&response).unwrap(), sent);
}

#[tokio::test]
async fn unknown_error_detail_type_is_kept_as_json() {
    let retry_info = json!({
        "@type": "type.googleapis.com/google.rpc.RetryInfo",
        "retry_delay": "1.5s"
    });
    let status = json!({
        "code": "UNAVAILABLE",
        "message": "try later",
        "details": [retry_info, { "@type": "type.googleapis.com/google.rpc.Help", "links": [] }]
    });
    let server = server(ResponseTemplate::new(503).set_body_json(&status)).await;
    let err = call(&client(&server)).await.expect_err("503 is an error");
    let body = err.body().expect("rpc.Status decodes");
    let details = body.details.as_ref().unwrap();
    assert_eq!(details.len(), 2);
    assert_eq!(details[0], RpcStatusDetail::Unknown(retry_info));
    assert!(matches!(&details[1], RpcStatusDetail::Help(help) if help.links == Some(vec![])), "{:?}", details[1]);
    assert_eq!(serde_json::to_value(body).unwrap(), status);
}

#[tokio::test]
async fn every_known_error_detail_type_decodes() {
    let status = json!({
        "code": "RESOURCE_EXHAUSTED",
        "message": "quota",
        "details": [
            {
                "@type": "type.googleapis.com/google.rpc.ErrorInfo",
                "domain": "cloud.redpanda.com",
                "reason": "QUOTA",
                "metadata": { "limit": "5" }
            },
            {
                "@type": "type.googleapis.com/google.rpc.QuotaFailure",
                "violations": [{ "quota_id": "clusters", "quota_value": "5000" }]
            },
            {
                "@type": "type.googleapis.com/google.rpc.Help",
                "links": [{ "description": "docs", "url": "https://docs.redpanda.com" }]
            }
        ]
    });
    let server = server(ResponseTemplate::new(429).set_body_json(&status)).await;
    let err = call(&client(&server)).await.expect_err("429 is an error");
    let body = err.body().expect("rpc.Status decodes");
    assert_eq!(body.code, Some(RpcStatusCode::ResourceExhausted));
    let details = body.details.as_deref().unwrap();
    let [RpcStatusDetail::ErrorInfo(info), RpcStatusDetail::QuotaFailure(quota), RpcStatusDetail::Help(help)] = details
    else {
        panic!("expected ErrorInfo, QuotaFailure, Help: {details:?}");
    };
    assert_eq!(info.reason.as_deref(), Some("QUOTA"));
    assert_eq!(info.metadata.as_ref().unwrap()["limit"], "5");
    let violation = &quota.violations.as_ref().unwrap()[0];
    assert_eq!(violation.quota_id.as_deref(), Some("clusters"));
    assert_eq!(violation.quota_value, Some(5000), "int64 travels as a string");
    assert_eq!(violation.future_quota_value, None);
    let link = &help.links.as_ref().unwrap()[0];
    assert_eq!(link.url.as_deref(), Some("https://docs.redpanda.com"));
    assert_eq!(serde_json::to_value(body).unwrap(), status);
}

/// The error example of Redpanda Cloud's API reference ("Error and Status Codes"), verbatim:
/// the server writes `@type` as a bare type name where the spec writes a type URL.
const DOCS_ERROR_EXAMPLE: &str = r#"{"code": "UNAUTHENTICATED", "message": "Bearer token is not present",
 "details": [{"@type": "google.rpc.ErrorInfo", "reason": "REASON_NO_TOKEN",
              "domain": "redpanda.com/controlplane", "metadata": {}},
             {"@type": "google.rpc.Help", "links": [{"description": "…",
              "url": "https://cloud.redpanda.com/clients"}]}]}"#;

#[tokio::test]
async fn the_docs_error_example_decodes_to_typed_details() {
    let server = server(ResponseTemplate::new(401).set_body_raw(DOCS_ERROR_EXAMPLE, "application/json")).await;

    let err = call(&client(&server)).await.expect_err("401 is an error");

    let body = err.body().expect("rpc.Status decodes");
    assert_eq!(body.code, Some(RpcStatusCode::Unauthenticated));
    assert_eq!(body.message.as_deref(), Some("Bearer token is not present"));
    let details = body.details.as_deref().unwrap();
    let [RpcStatusDetail::ErrorInfo(info), RpcStatusDetail::Help(help)] = details else {
        panic!("expected ErrorInfo and Help: {details:?}");
    };
    assert_eq!(info.reason.as_deref(), Some("REASON_NO_TOKEN"));
    assert_eq!(info.domain.as_deref(), Some("redpanda.com/controlplane"));
    let link = &help.links.as_ref().unwrap()[0];
    assert_eq!(link.url.as_deref(), Some("https://cloud.redpanda.com/clients"));
    // Encoding writes the spec's spelling of the type, the type URL.
    let encoded = serde_json::to_value(body).unwrap();
    assert_eq!(encoded["details"][0]["@type"], "type.googleapis.com/google.rpc.ErrorInfo");
    assert_eq!(encoded["details"][1]["@type"], "type.googleapis.com/google.rpc.Help");
}

#[tokio::test]
async fn a_numeric_status_code_is_kept_as_unknown_and_the_message_survives() {
    // A stock grpc-gateway writes google.rpc.Status's int32 code as a number.
    let server =
        server(ResponseTemplate::new(404).set_body_raw(r#"{"code": 5, "message": "not found"}"#, "application/json"))
            .await;

    let err = call(&client(&server)).await.expect_err("404 is an error");

    let Error::Api { status, body, .. } = &err else {
        panic!("expected Error::Api, got {err:?}");
    };
    assert_eq!(status.as_u16(), 404);
    assert_eq!(body.message.as_deref(), Some("not found"));
    let code = body.code.as_ref().expect("the code is kept");
    assert!(matches!(code, RpcStatusCode::Unknown(value) if value.as_str() == "5"), "{code:?}");
    assert_eq!(err.to_string(), "HTTP 404 Not Found: not found");
    assert_eq!(
        serde_json::to_value(&**body).unwrap(),
        json!({"code": 5, "message": "not found"}),
        "sent back as it came"
    );
}

#[tokio::test]
async fn connection_refused_is_a_transport_error() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let client = Client::new(&format!("http://127.0.0.1:{port}")).unwrap().with_bearer_token(TOKEN);
    let err = call(&client).await.expect_err("nothing listens");
    assert_eq!(err.status(), None);
    assert!(err.body().is_none() && err.headers().is_none() && err.raw_body().is_none());
    let Error::Transport(e) = &err else {
        panic!("expected Error::Transport, got {err:?}");
    };
    assert!(e.is_connect(), "{e:?}");
    assert!(!err.to_string().contains(TOKEN));
    assert!(!format!("{err:?}").contains(TOKEN));
}

#[tokio::test]
async fn slow_server_times_out() {
    let response = ResponseTemplate::new(200).set_body_json(response_example()).set_delay(Duration::from_secs(2));
    let server = server(response).await;
    let client = client(&server).with_timeout(Duration::from_millis(200));
    let started = Instant::now();
    let err = call(&client).await.expect_err("the server is too slow");
    let elapsed = started.elapsed();
    let Error::Transport(e) = &err else {
        panic!("expected Error::Transport, got {err:?}");
    };
    assert!(e.is_timeout(), "{e:?}");
    assert!(elapsed < Duration::from_millis(1500), "took {elapsed:?}");
    assert_eq!(err.status(), None);
}

#[tokio::test]
async fn secrets_stay_out_of_debug_and_display() {
    let server = MockServer::start().await;
    let client = client(&server);
    let debug = format!("{client:?}");
    assert!(!debug.contains(TOKEN), "{debug}");
    assert!(debug.contains("redacted"), "{debug}");
    assert!(debug.contains(&server.uri()), "{debug}");

    let responses = [
        ResponseTemplate::new(404).set_body_json(not_found_status()),
        ResponseTemplate::new(502).set_body_raw(PROXY_HTML, "text/html"),
    ];
    for response in responses {
        server.reset().await;
        Mock::given(any()).respond_with(response).mount(&server).await;
        let err = call(&client).await.expect_err("an error status");
        assert!(err.status().is_some());
        for text in [err.to_string(), format!("{err:?}"), format!("{err:#?}")] {
            assert!(!text.contains(TOKEN), "{text}");
        }
        // The token did go out: it is the formatting that leaves it out.
        assert_eq!(header(&only_request(&server).await, "authorization"), format!("Bearer {TOKEN}"));
    }
}

#[tokio::test]
async fn token_that_is_no_header_value_is_an_invalid_request() {
    let server = server(ResponseTemplate::new(200).set_body_json(response_example())).await;
    let token = "line\nbreak-secret";
    let client = Client::new(&server.uri()).unwrap().with_bearer_token(token);
    let err = call(&client).await.expect_err("the token cannot be sent");
    assert!(matches!(err, Error::InvalidRequest(_)), "{err:?}");
    assert_eq!(err.status(), None);
    for text in [err.to_string(), format!("{err:?}")] {
        assert!(!text.contains("break-secret"), "{text}");
    }
    assert!(server.received_requests().await.unwrap().is_empty());
}

#[test]
fn invalid_base_urls_are_rejected() {
    for url in ["not a url", "", "mailto:someone@example.com"] {
        let result = Client::new(url);
        assert!(matches!(result, Err(BuildError::InvalidBaseUrl(_))), "{url:?}: {result:?}");
    }
    let err = Client::new("not a url").unwrap_err();
    assert!(err.to_string().starts_with("invalid base URL"), "{err}");
}

/// `GET /v1/role-bindings`: the raw query string the server received.
async fn received_query(query: &ListRoleBindingsQuery) -> Option<String> {
    let server = server(ResponseTemplate::new(200).set_body_json(json!({"role_bindings": []}))).await;
    let response = client(&server).list_role_bindings(query).await.expect("the list decodes");
    assert_eq!(response.role_bindings.as_deref(), Some(&[][..]));
    let request = only_request(&server).await;
    assert_eq!((request.method.as_str(), request.url.path()), ("GET", "/v1/role-bindings"));
    request.url.query().map(str::to_owned)
}

#[tokio::test]
async fn query_parameters_use_wire_names_repeat_lists_and_escape_values() {
    let query = ListRoleBindingsQuery::default()
        .set_filter_role_name("admin")
        .set_filter_scope_resource_type(ScopeResourceType::Cluster)
        .set_filter_account_ids(vec!["a".to_owned(), "b&c".to_owned()])
        .set_page_size(50)
        .set_page_token("t/k n");
    assert_eq!(
        received_query(&query).await.as_deref(),
        Some(
            "filter.role_name=admin&filter.scope.resource_type=SCOPE_RESOURCE_TYPE_CLUSTER\
             &filter.account_ids=a&filter.account_ids=b%26c&page_size=50&page_token=t%2Fk+n"
        )
    );
}

#[tokio::test]
async fn unset_query_parameters_are_left_out() {
    let query = received_query(&ListRoleBindingsQuery::default()).await;
    assert!(query.as_deref().is_none_or(str::is_empty), "{query:?}");
}

#[tokio::test]
async fn unknown_enum_values_are_sent_as_given() {
    let query = ListRoleBindingsQuery::default()
        .set_filter_scope_resource_type(ScopeResourceType::from("SCOPE_RESOURCE_TYPE_FUTURE"));
    assert_eq!(received_query(&query).await.as_deref(), Some("filter.scope.resource_type=SCOPE_RESOURCE_TYPE_FUTURE"));
}
