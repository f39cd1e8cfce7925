//! Error responses from a real HTTP server: what the errors hold, and how they print.

use crate::common::json;
use codegen_runtime::{Client, Error, RetryPolicy};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const HTML: &str =
    "<html>\n  <head><title>502 Bad Gateway</title></head>\n  <body>\n    <h1>Bad   Gateway</h1>\n  </body>\n</html>\n";

async fn patch_answers(response: ResponseTemplate) -> Error<serde_json::Value> {
    let server = MockServer::start().await;
    Mock::given(method("PATCH")).and(path("/things/1")).respond_with(response).expect(1).mount(&server).await;
    let client = Client::new(&server.uri()).unwrap();
    client.update_thing("1", &serde_json::json!({"name": "x"})).await.unwrap_err()
}

#[tokio::test]
async fn an_html_body_shows_as_text_in_debug_and_as_an_excerpt_in_display() {
    let error = patch_answers(ResponseTemplate::new(502).set_body_raw(HTML, "text/html")).await;

    assert!(matches!(&error, Error::UnexpectedResponse { source: None, .. }), "{error:?}");
    assert_eq!(error.status().map(|status| status.as_u16()), Some(502));
    assert_eq!(error.raw_body(), Some(HTML.as_bytes()));
    assert_eq!(error.headers().unwrap()["content-type"], "text/html");
    assert_eq!(error.body(), None);

    let debug = format!("{error:?}");
    assert!(debug.contains("<html>"), "{debug}");
    assert!(debug.contains("<h1>Bad   Gateway</h1>"), "{debug}");
    assert!(!debug.contains("[60, "), "the body shows as bytes: {debug}");

    let display = error.to_string();
    assert!(display.contains("502"), "{display}");
    assert!(display.contains(&format!("({} bytes)", HTML.len())), "{display}");
    assert!(
        display.contains("<html> <head><title>502 Bad Gateway</title></head> <body> <h1>Bad Gateway</h1>"),
        "{display}"
    );
    assert!(!display.contains('\n'), "one line: {display}");
}

#[tokio::test]
async fn a_100_kb_body_is_truncated_in_debug_and_display_but_kept_whole() {
    let body = format!("<html>{}</html>", "0123456789".repeat(10_000));
    let error = patch_answers(ResponseTemplate::new(502).set_body_raw(body.clone(), "text/html")).await;

    assert_eq!(error.raw_body().map(<[u8]>::len), Some(body.len()));
    let debug = format!("{error:?}");
    assert!(debug.contains("<html>0123456789"), "{debug}");
    assert!(!debug.contains("</html>"), "the end of the body is cut");
    assert!(debug.len() < 8_000, "Debug is {} bytes long", debug.len());
    assert!(debug.contains("more bytes"), "the cut says so");
    let display = error.to_string();
    assert!(display.contains("<html>0123456789"), "{display}");
    assert!(display.len() < 500, "Display is {} bytes long: {display}", display.len());
}

#[tokio::test]
async fn a_body_that_is_not_utf8_shows_as_lossy_text() {
    let error = patch_answers(ResponseTemplate::new(500).set_body_bytes(b"caf\xe9 \xff\xfe closed".to_vec())).await;

    assert_eq!(error.raw_body(), Some(&b"caf\xe9 \xff\xfe closed"[..]));
    let debug = format!("{error:?}");
    assert!(debug.contains("caf\u{fffd} \u{fffd}\u{fffd} closed"), "{debug}");
    assert!(error.to_string().contains("closed"), "{error}");
}

#[tokio::test]
async fn an_empty_error_body_has_no_excerpt() {
    let error = patch_answers(ResponseTemplate::new(502)).await;

    assert_eq!(error.to_string(), "unexpected HTTP 502 Bad Gateway response (0 bytes)");
}

#[tokio::test]
async fn a_documented_error_decodes_its_body() {
    let response =
        json(404, serde_json::json!({"message": "no thing 1", "code": 7})).insert_header("x-request-id", "r-1");
    let error = patch_answers(response).await;

    assert!(matches!(&error, Error::Api { status, .. } if *status == 404), "{error:?}");
    assert_eq!(error.body(), Some(&serde_json::json!({"message": "no thing 1", "code": 7})));
    assert_eq!(error.headers().unwrap()["x-request-id"], "r-1");
    assert_eq!(error.raw_body(), None);
    assert_eq!(error.to_string(), "HTTP 404 Not Found: no thing 1");
}

#[tokio::test]
async fn a_documented_error_with_an_undecodable_body_keeps_the_raw_body() {
    let error = patch_answers(ResponseTemplate::new(404).set_body_raw("<h1>Not Found</h1>", "text/html")).await;

    assert!(matches!(&error, Error::UnexpectedResponse { source: Some(_), .. }), "{error:?}");
    assert!(std::error::Error::source(&error).is_some());
    assert!(format!("{error:?}").contains("<h1>Not Found</h1>"));
    let display = error.to_string();
    assert!(display.contains("404") && display.contains("<h1>Not Found</h1>"), "{display}");
}

#[tokio::test]
async fn a_success_body_that_does_not_match_is_an_unexpected_response() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/things"))
        .respond_with(json(200, serde_json::json!({"things": 5})))
        .expect(1)
        .mount(&server)
        .await;

    let error = Client::new(&server.uri()).unwrap().list_things(None).await.unwrap_err();

    assert!(matches!(&error, Error::UnexpectedResponse { status, source: Some(_), .. } if *status == 200), "{error:?}");
    let display = error.to_string();
    assert!(display.contains("invalid type") && display.contains(r#"{\"things\":5}"#), "{display}");
}

#[tokio::test]
async fn errors_are_std_errors_that_cross_threads() {
    async fn call(client: &Client) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        client.list_things(None).await?;
        Ok(())
    }
    let server = MockServer::start().await;
    Mock::given(method("GET")).and(path("/things")).respond_with(ResponseTemplate::new(500)).mount(&server).await;
    let client = Client::new(&server.uri()).unwrap().with_retry(RetryPolicy::none());

    let error = tokio::spawn(async move { call(&client).await.map_err(|error| error.to_string()) }).await.unwrap();

    assert_eq!(
        error.unwrap_err(),
        "unexpected HTTP 500 Internal Server Error response (0 bytes): EOF while parsing a value at line 1 column 0"
    );
}
