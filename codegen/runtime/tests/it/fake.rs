//! The fake server's engine over real HTTP on 127.0.0.1, against the hand-written tables of
//! `src/fake/spec.json`: things (paged, filtered, wrapped, masked updates, got at a second
//! path too) and gadgets (unpaged, unwrapped, id in `gadget_id`).

use codegen_runtime::Error;
use codegen_runtime::auth::TokenSource;
use codegen_runtime::fake::FakeServer;
use codegen_runtime::models::{Gadget, Owner, Thing};
use reqwest::StatusCode;
use serde_json::{Value, json};

/// Sends raw requests with a token from the fake's own endpoint.
struct Raw {
    http: reqwest::Client,
    base: String,
    token: String,
}

impl Raw {
    async fn new(fake: &FakeServer) -> Raw {
        let http = reqwest::Client::new();
        let token = token(&http, fake).await;
        Raw { http, base: fake.base_url(), token }
    }

    async fn send(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
        let request = self.http.request(method, format!("{}{path}", self.base)).bearer_auth(&self.token);
        let request = match body {
            Some(body) => request.json(&body),
            None => request,
        };
        let response = request.send().await.expect("the fake answers");
        let status = response.status();
        let bytes = response.bytes().await.expect("a body");
        (status, if bytes.is_empty() { Value::Null } else { serde_json::from_slice(&bytes).expect("JSON") })
    }

    async fn get(&self, path: &str) -> (StatusCode, Value) {
        self.send(reqwest::Method::GET, path, None).await
    }
}

/// A token from the fake's token endpoint, through the credentials it hands out.
async fn token(http: &reqwest::Client, fake: &FakeServer) -> String {
    fake.credentials().token(http).await.expect("the fake grants its own credentials").secret().to_owned()
}

fn thing(name: &str) -> Thing {
    let mut thing = Thing::default();
    thing.name = Some(name.to_owned());
    thing
}

#[tokio::test]
async fn create_get_delete_then_not_found() {
    let fake = FakeServer::start().await;
    let raw = Raw::new(&fake).await;

    let body = json!({"thing": {"name": "kettle", "color": "COLOR_RED", "tags": ["a"], "count": "3"}});
    let (status, created) = raw.send(reqwest::Method::POST, "/v1/things", Some(body)).await;
    assert_eq!(status, StatusCode::CREATED);
    let id = created["thing"]["id"].as_str().expect("an id").to_owned();
    assert_eq!(
        created,
        json!({"thing": {"id": id, "name": "kettle", "color": "COLOR_RED", "tags": ["a"], "count": "3"}})
    );
    assert_eq!(fake.things().get(&id).and_then(|thing| thing.name), Some("kettle".to_owned()));

    assert_eq!(raw.get(&format!("/v1/things/{id}")).await, (StatusCode::OK, created));
    let (status, body) = raw.send(reqwest::Method::DELETE, &format!("/v1/things/{id}"), None).await;
    assert_eq!((status, body), (StatusCode::NO_CONTENT, Value::Null));

    let (status, body) = raw.get(&format!("/v1/things/{id}")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["code"], "NOT_FOUND");
    assert!(body["message"].as_str().unwrap().contains(&id), "{body}");
    let (status, _) = raw.send(reqwest::Method::DELETE, &format!("/v1/things/{id}"), None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(fake.things().is_empty());
}

/// One path item that two paths `$ref` is one operation: the fake answers at both paths,
/// from the same collection, and only for the methods the path item has.
#[tokio::test]
async fn an_operation_reached_by_two_paths_answers_at_both() {
    let fake = FakeServer::start().await;
    let raw = Raw::new(&fake).await;
    let body = json!({"thing": {"name": "kettle"}});
    let (_, created) = raw.send(reqwest::Method::POST, "/v1/things", Some(body)).await;
    let id = created["thing"]["id"].as_str().expect("an id").to_owned();

    assert_eq!(raw.get(&format!("/v1/items/{id}")).await, (StatusCode::OK, created.clone()));
    assert_eq!(raw.get(&format!("/v1/things/{id}")).await, (StatusCode::OK, created));
    let (status, body) = raw.get("/v1/items/missing").await;
    assert_eq!((status, &body["code"]), (StatusCode::NOT_FOUND, &json!("NOT_FOUND")), "{body}");
    let (status, _) = raw.send(reqwest::Method::DELETE, &format!("/v1/items/{id}"), None).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(fake.things().len(), 1);
}

#[tokio::test]
async fn fields_the_spec_does_not_name_are_stored_and_sent_back() {
    let fake = FakeServer::start().await;
    let raw = Raw::new(&fake).await;
    let body = json!({"thing": {"name": "kettle", "shelf": {"row": 2}, "nickname_v2": "k"}});
    let (status, created) = raw.send(reqwest::Method::POST, "/v1/things", Some(body)).await;
    assert_eq!(status, StatusCode::CREATED);
    let id = created["thing"]["id"].as_str().expect("an id").to_owned();
    assert_eq!(created["thing"]["shelf"], json!({"row": 2}), "{created}");
    let stored = fake.things().get(&id).expect("stored");
    assert_eq!(stored.unknown_fields().get("nickname_v2"), Some(&json!("k")));
    assert_eq!(stored.unknown_fields().len(), 2);

    // A masked update leaves them; an update without a mask sets what it sends.
    let path = format!("/v1/things/{id}");
    let masked = json!({"update_mask": "name", "thing": {"name": "pot", "shelf": {"row": 9}}});
    let (_, updated) = raw.send(reqwest::Method::PATCH, &path, Some(masked)).await;
    assert_eq!(
        (updated["thing"]["name"].clone(), updated["thing"]["shelf"].clone()),
        (json!("pot"), json!({"row": 2}))
    );
    let unmasked = json!({"thing": {"shelf": {"row": 3}}});
    let (_, updated) = raw.send(reqwest::Method::PATCH, &path, Some(unmasked)).await;
    assert_eq!(updated["thing"]["shelf"], json!({"row": 3}));
}

#[tokio::test]
async fn ids_are_new_on_create_and_kept_on_insert() {
    let fake = FakeServer::start().await;
    let raw = Raw::new(&fake).await;
    let body = json!({"thing": {"name": "a", "id": "chosen-by-client"}});
    let (_, first) = raw.send(reqwest::Method::POST, "/v1/things", Some(body.clone())).await;
    let (_, second) = raw.send(reqwest::Method::POST, "/v1/things", Some(body)).await;
    assert_ne!(first["thing"]["id"], "chosen-by-client");
    assert_ne!(first["thing"]["id"], second["thing"]["id"]);

    let mut seeded = thing("seeded");
    seeded.id = Some("s1".to_owned());
    assert_eq!(fake.things().insert(seeded.clone()), "s1");
    let assigned = fake.things().insert(thing("no id"));
    assert!(!assigned.is_empty() && assigned != "s1");
    seeded.name = Some("replaced".to_owned());
    fake.things().insert(seeded);
    let names: Vec<_> = fake.things().list().into_iter().map(|thing| thing.name.unwrap_or_default()).collect();
    assert_eq!(names, ["a", "a", "replaced", "no id"]);
    assert_eq!(fake.things().len(), 4);
    assert_eq!(fake.things().get(&assigned).and_then(|thing| thing.id), Some(assigned.clone()));
    assert_eq!(fake.things().get("missing"), None);
}

#[tokio::test]
async fn lists_page_in_insertion_order() {
    let fake = FakeServer::start().await;
    let raw = Raw::new(&fake).await;
    for name in ["a", "b", "c", "d", "e"] {
        fake.things().insert(thing(name));
    }
    let mut names = Vec::new();
    let mut tokens = Vec::new();
    let mut token = String::new();
    loop {
        let (status, page) = raw.get(&format!("/v1/things?page_size=2&page_token={token}")).await;
        assert_eq!(status, StatusCode::OK);
        names.extend(page["things"].as_array().unwrap().iter().map(|thing| thing["name"].as_str().unwrap().to_owned()));
        token = page["next_page_token"].as_str().expect("always present").to_owned();
        tokens.push(token.clone());
        if token.is_empty() {
            break;
        }
    }
    assert_eq!(names, ["a", "b", "c", "d", "e"]);
    assert_eq!(tokens.len(), 3);
    assert_eq!(tokens.last().map(String::as_str), Some(""));

    let (_, all) = raw.get("/v1/things").await;
    assert_eq!(all["things"].as_array().unwrap().len(), 5);
    let (status, body) = raw.get("/v1/things?page_token=bogus").await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::BAD_REQUEST, Some("INVALID_ARGUMENT")));
    assert!(body["message"].as_str().unwrap().starts_with("page_token:"), "{body}");
}

#[tokio::test]
async fn filters_match_fields_nested_fields_and_lists_of_values() {
    let fake = FakeServer::start().await;
    let raw = Raw::new(&fake).await;
    let owned = |name: &str, color: &str, owner: &str| {
        let mut thing = thing(name);
        thing.id = Some(name.to_owned());
        thing.color = Some(color.to_owned());
        thing.owner = Some(Owner { name: Some(owner.to_owned()), team: None });
        thing
    };
    fake.things().insert(owned("a", "COLOR_RED", "ann"));
    fake.things().insert(owned("b", "COLOR_BLUE", "bob"));
    fake.things().insert(owned("c", "COLOR_RED", "bob"));
    let names = |page: Value| -> Vec<String> {
        page["things"].as_array().unwrap().iter().map(|thing| thing["name"].as_str().unwrap().to_owned()).collect()
    };

    assert_eq!(names(raw.get("/v1/things?filter.color=COLOR_RED").await.1), ["a", "c"]);
    assert_eq!(names(raw.get("/v1/things?filter.color=COLOR_RED&filter.owner.name=bob").await.1), ["c"]);
    assert_eq!(names(raw.get("/v1/things?filter.ids=a&filter.ids=b").await.1), ["a", "b"]);
    assert_eq!(names(raw.get("/v1/things?filter.owner.name=").await.1), ["a", "b", "c"]);
    assert_eq!(names(raw.get("/v1/things?filter.color=COLOR_RED&page_size=1&page_token=page-1").await.1), ["c"]);

    let (status, body) = raw.get("/v1/things?filter.nickname=x").await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::NOT_IMPLEMENTED, Some("UNIMPLEMENTED")));
    assert!(body["message"].as_str().unwrap().contains("filter.nickname"), "{body}");
    let (status, body) = raw.get("/v1/things?filter.color=PURPLE").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["message"].as_str().unwrap().starts_with("filter.color:"), "{body}");
}

#[tokio::test]
async fn masked_updates_set_clear_and_keep_fields() {
    let fake = FakeServer::start().await;
    let raw = Raw::new(&fake).await;
    let mut kettle = thing("kettle");
    kettle.color = Some("COLOR_RED".to_owned());
    kettle.tags = Some(vec!["x".to_owned()]);
    let id = fake.things().insert(kettle);
    let path = format!("/v1/things/{id}");

    let body = json!({"update_mask": "color,tags", "thing": {"color": "COLOR_BLUE", "name": "not in the mask"}});
    let (status, updated) = raw.send(reqwest::Method::PATCH, &path, Some(body)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(updated, json!({"thing": {"id": id, "name": "kettle", "color": "COLOR_BLUE"}}));

    let body = json!({"thing": {"name": "pot", "tags": ["y"]}});
    let (_, updated) = raw.send(reqwest::Method::PATCH, &path, Some(body)).await;
    assert_eq!(updated, json!({"thing": {"id": id, "name": "pot", "color": "COLOR_BLUE", "tags": ["y"]}}));

    let body = json!({"update_mask": "owner.name", "thing": {"owner": {"name": "ann"}}});
    let (_, updated) = raw.send(reqwest::Method::PATCH, &path, Some(body)).await;
    assert_eq!(updated["thing"]["owner"], json!({"name": "ann"}));

    let before = fake.things().get(&id);
    let body = json!({"update_mask": "color,sizeInches", "thing": {"color": "COLOR_RED"}});
    let (status, error) = raw.send(reqwest::Method::PATCH, &path, Some(body)).await;
    assert_eq!((status, error["code"].as_str()), (StatusCode::BAD_REQUEST, Some("INVALID_ARGUMENT")));
    assert!(error["message"].as_str().unwrap().contains("sizeInches"), "{error}");
    assert_eq!(fake.things().get(&id), before, "a rejected update changes nothing");

    let (status, _) = raw.send(reqwest::Method::PATCH, "/v1/things/nope", Some(json!({"thing": {}}))).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn requests_that_break_the_spec_are_400_naming_the_field() {
    let fake = FakeServer::start().await;
    let raw = Raw::new(&fake).await;
    let cases = [
        (json!({"thing": {"name": "a", "color": "COLOR_PURPLE"}}), "thing.color: \"COLOR_PURPLE\" is not one of"),
        (json!({"thing": {"name": 5}}), "thing.name: expected a string, got a number"),
        (json!({"thing": {"color": "COLOR_RED"}}), "thing.name: missing required field"),
        (json!({"thing": {"name": "a", "tags": ["ok", 1]}}), "thing.tags[1]: expected a string"),
        (json!({"thing": {"name": "a", "count": "many"}}), "thing.count: expected an integer"),
        (json!({"thing": {"name": "a", "owner": "ann"}}), "thing.owner: expected an object"),
        (json!({}), "thing: missing required field"),
    ];
    for (body, expected) in cases {
        let (status, error) = raw.send(reqwest::Method::POST, "/v1/things", Some(body.clone())).await;
        assert_eq!((status, error["code"].as_str()), (StatusCode::BAD_REQUEST, Some("INVALID_ARGUMENT")), "{body}");
        let message = error["message"].as_str().unwrap();
        assert!(message.starts_with(expected), "{body}: {message}");
    }
    let (status, error) = raw.get("/v1/things?page_size=ten").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(error["message"].as_str().unwrap().starts_with("page_size:"), "{error}");
    let (status, error) = raw.get("/v1/gadgets:search").await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert_eq!(error["message"], "q: missing required query parameter");
    let response = raw.http.post(format!("{}/v1/things", raw.base)).bearer_auth(&raw.token).body("{").send().await;
    assert_eq!(response.unwrap().status(), StatusCode::BAD_REQUEST);
    assert!(fake.things().is_empty(), "nothing rejected was stored");
}

#[tokio::test]
async fn tokens_are_the_fakes_own() {
    let fake = FakeServer::start().await;
    let other = FakeServer::start().await;
    let http = reqwest::Client::new();
    let url = format!("{}/v1/things", fake.base_url());

    let response = http.get(&url).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "UNAUTHENTICATED");

    let foreign = token(&http, &other).await;
    assert_eq!(http.get(&url).bearer_auth(&foreign).send().await.unwrap().status(), StatusCode::UNAUTHORIZED);
    let own = token(&http, &fake).await;
    assert_eq!(http.get(&url).bearer_auth(&own).send().await.unwrap().status(), StatusCode::OK);

    let token_url = fake.credentials().token_url().unwrap().to_owned();
    let form = [("grant_type", "client_credentials"), ("client_id", "someone"), ("client_secret", "guess")];
    let refused = http.post(&token_url).form(&form).send().await.unwrap();
    assert_eq!(refused.status(), StatusCode::UNAUTHORIZED);
    assert!(fake.requests().iter().all(|request| request.path == "/v1/things"), "token requests are not listed");
}

#[tokio::test]
async fn the_fakes_client_authenticates_and_retries_faults() {
    let fake = FakeServer::start().await;
    fake.fail_next(2, StatusCode::SERVICE_UNAVAILABLE);

    // The stand-in client's `DELETE /things/{id}` is no operation of the tables: 404 after retries.
    let error = fake.client().delete_thing("x").await.unwrap_err();
    assert!(matches!(error, Error::UnexpectedResponse { status: StatusCode::NOT_FOUND, .. }), "{error:?}");
    let requests = fake.requests();
    assert_eq!(requests.len(), 3);
    assert!(requests.iter().all(|request| request.method == reqwest::Method::DELETE && request.path == "/things/x"));
    let authorization = requests[2].headers.get("authorization").expect("a bearer token");
    assert!(authorization.to_str().unwrap().starts_with("Bearer fake-token-"));
    assert!(!format!("{:?}", requests[2]).contains("fake-token-"), "the token is hidden from Debug");
}

#[tokio::test]
async fn faults_answer_the_next_requests_in_the_error_model() {
    let fake = FakeServer::start().await;
    let raw = Raw::new(&fake).await;
    fake.fail_next(2, StatusCode::TOO_MANY_REQUESTS);
    for _ in 0..2 {
        let response = raw.http.get(format!("{}/v1/things", raw.base)).bearer_auth(&raw.token).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
        assert_eq!(response.headers()["retry-after"], "0");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], "RESOURCE_EXHAUSTED");
    }
    assert_eq!(raw.get("/v1/things").await.0, StatusCode::OK);
    fake.fail_next(1, StatusCode::INTERNAL_SERVER_ERROR);
    let (status, body) = raw.get("/v1/things").await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::INTERNAL_SERVER_ERROR, Some("INTERNAL")));
    assert_eq!(fake.requests().len(), 4);
}

#[tokio::test]
async fn unwrapped_creates_and_unpaged_lists() {
    let fake = FakeServer::start().await;
    let raw = Raw::new(&fake).await;
    let (status, created) =
        raw.send(reqwest::Method::POST, "/v1/gadgets", Some(json!({"label": "g", "size": 2}))).await;
    assert_eq!(status, StatusCode::OK);
    let id = created["gadget_id"].as_str().expect("the id field is gadget_id").to_owned();
    assert_eq!(created, json!({"gadget_id": id, "label": "g", "size": 2}));
    fake.gadgets().insert(Gadget { gadget_id: None, label: "h".to_owned(), size: None });
    let (_, list) = raw.get("/v1/gadgets").await;
    assert_eq!(list["gadgets"].as_array().unwrap().len(), 2);
    assert_eq!(list.get("next_page_token"), None);
    assert_eq!(fake.gadgets().get(&id).map(|gadget| gadget.label), Some("g".to_owned()));
}

#[tokio::test]
async fn other_operations_answer_their_example_or_501() {
    let fake = FakeServer::start().await;
    let raw = Raw::new(&fake).await;
    assert_eq!(raw.get("/v1/version").await, (StatusCode::OK, json!({"version": "1.2.3"})));
    let (status, body) = raw.send(reqwest::Method::POST, "/v1/things/a:archive", None).await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::NOT_IMPLEMENTED, Some("UNIMPLEMENTED")));
    assert!(body["message"].as_str().unwrap().contains("archive_thing"), "{body}");
    let (status, body) = raw.get("/v1/nowhere").await;
    assert_eq!((status, body["code"].as_str()), (StatusCode::NOT_FOUND, Some("NOT_FOUND")));
    let (status, _) = raw.send(reqwest::Method::PUT, "/v1/things/a", None).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn requests_are_recorded_in_order() {
    let fake = FakeServer::start().await;
    let raw = Raw::new(&fake).await;
    raw.send(reqwest::Method::POST, "/v1/things", Some(json!({"thing": {"name": "a"}}))).await;
    raw.get("/v1/things?page_size=1").await;
    raw.get("/v1/things/a%20b").await;
    let requests = fake.requests();
    let summary: Vec<_> = requests
        .iter()
        .map(|request| (request.method.as_str(), request.path.as_str(), request.query.as_str()))
        .collect();
    assert_eq!(
        summary,
        [("POST", "/v1/things", ""), ("GET", "/v1/things", "page_size=1"), ("GET", "/v1/things/a%20b", "")]
    );
    assert_eq!(requests[0].body, Some(json!({"thing": {"name": "a"}})));
    assert_eq!(requests[1].body, None);
}

#[tokio::test]
async fn dropping_the_fake_stops_it() {
    let fake = FakeServer::start().await;
    let url = format!("{}/v1/things", fake.base_url());
    let things = fake.things();
    drop(fake);
    tokio::task::yield_now().await;
    let http = reqwest::Client::builder().pool_max_idle_per_host(0).build().unwrap();
    assert!(http.get(&url).send().await.is_err(), "nothing listens any more");
    assert!(things.is_empty(), "a collection handle outlives its server");
}
