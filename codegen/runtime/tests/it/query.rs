//! The copied helpers of operations with object query parameters and string-encoded integers,
//! through a stand-in operation over HTTP (`query.rs`, `int_string.rs`).

use crate::common::json;
use codegen_runtime::Client;
use codegen_runtime::models::{Owner, Quota};
use wiremock::matchers::method;
use wiremock::{Mock, MockServer};

#[tokio::test]
async fn an_object_parameter_is_sent_as_a_deep_object_and_its_none_fields_are_left_out() {
    let server = MockServer::start().await;
    let quota = json(200, serde_json::json!({"used": "9007199254740993", "limit": 12}));
    Mock::given(method("GET")).respond_with(quota).mount(&server).await;
    let owner = Owner { name: Some("ann b".to_owned()), team: None };

    let response = Client::new(&server.uri()).unwrap().find_things(&owner).await.unwrap();

    let sent = server.received_requests().await.unwrap();
    assert_eq!(sent[0].url.query(), Some("owner%5Bname%5D=ann+b"));
    assert_eq!(response.into_inner(), Quota { used: 9_007_199_254_740_993, limit: Some(12) });
}
