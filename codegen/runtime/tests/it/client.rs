//! How the client builds requests: URLs, standard headers, and its own HTTP client.

use crate::common::{header, json, requests_to};
use codegen_runtime::{BuildError, Client, Error, USER_AGENT};
use wiremock::matchers::{any, method};
use wiremock::{Mock, MockServer, ResponseTemplate};

async fn server() -> MockServer {
    let server = MockServer::start().await;
    let page = json(200, serde_json::json!({"things": []}));
    Mock::given(method("GET")).respond_with(page).mount(&server).await;
    Mock::given(method("DELETE")).respond_with(ResponseTemplate::new(204)).mount(&server).await;
    server
}

#[tokio::test]
async fn requests_send_accept_and_user_agent() {
    let server = server().await;

    Client::new(&server.uri()).unwrap().list_things(None).await.unwrap();

    let sent = requests_to(&server, "/things").await;
    assert_eq!(header(&sent[0], "accept"), Some("application/json"));
    assert_eq!(header(&sent[0], "user-agent"), Some(USER_AGENT));
    assert_eq!(USER_AGENT, "codegen-runtime/0.1.0");
}

#[tokio::test]
async fn path_parameters_are_one_encoded_segment_each() {
    let server = server().await;
    let client = Client::new(&server.uri()).unwrap();

    for id in ["a/b", "x y", "?q=1#f", "%2e%2e", "...", "é"] {
        client.delete_thing(id).await.unwrap();
    }

    let paths: Vec<_> = server.received_requests().await.unwrap().iter().map(|r| r.url.path().to_owned()).collect();
    let expected = ["a%2Fb", "x%20y", "%3Fq=1%23f", "%252e%252e", "...", "%C3%A9"].map(|id| format!("/things/{id}"));
    assert_eq!(paths, expected);
}

#[tokio::test]
async fn dot_segments_are_refused_not_resolved_to_another_resource() {
    let server = server().await;
    let client = Client::new(&server.uri()).unwrap();

    for id in [".", ".."] {
        let error = client.delete_thing(id).await.unwrap_err();
        assert!(matches!(&error, Error::InvalidRequest(_)), "{error:?}");
        assert!(error.to_string().contains(&format!("{id:?}")), "{error}");
    }

    assert_eq!(server.received_requests().await.unwrap().len(), 0, "nothing was sent");
}

#[tokio::test]
async fn a_base_url_path_is_kept_with_or_without_a_trailing_slash() {
    let server = server().await;

    for base in ["/api/v1", "/api/v1/", "/api/v1?drop=me#and-me"] {
        let client = Client::new(&format!("{}{base}", server.uri())).unwrap();
        assert_eq!(client.base_url(), format!("{}/api/v1{}", server.uri(), if base.ends_with('/') { "/" } else { "" }));
        client.list_things(Some("t")).await.unwrap();
    }

    let sent = server.received_requests().await.unwrap();
    let urls: Vec<_> = sent.iter().map(|r| format!("{}?{}", r.url.path(), r.url.query().unwrap_or_default())).collect();
    assert_eq!(urls, ["/api/v1/things?page_token=t"; 3]);
}

#[test]
fn a_base_url_that_cannot_be_one_is_refused() {
    for base in ["not a url", "mailto:someone@example.com"] {
        let error = Client::new(base).unwrap_err();
        assert!(matches!(&error, BuildError::InvalidBaseUrl(_)), "{error:?}");
        assert!(error.to_string().contains(base), "{error}");
    }
}

#[tokio::test]
async fn a_custom_http_client_is_used() {
    let server = MockServer::start().await;
    Mock::given(any()).respond_with(json(200, serde_json::json!({}))).mount(&server).await;
    let mut headers = reqwest::header::HeaderMap::new();
    headers.insert("x-tenant", "acme".parse().unwrap());
    let http = reqwest::Client::builder().default_headers(headers).build().unwrap();

    Client::with_http_client(&server.uri(), http).unwrap().list_things(None).await.unwrap();

    assert_eq!(header(&requests_to(&server, "/things").await[0], "x-tenant"), Some("acme"));
}
