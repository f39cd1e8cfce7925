//! What the fake answers: the token endpoint, faults, authentication, routing, and the
//! standard methods (list, create, get, update, delete) over the store.

use super::store::{self, State};
use super::tables::{FakeSpec, Paging, Route, Shape, Ty};
use super::{FakeRequest, Shared, validate};
use super::{errors, operations};
use reqwest::header::{self, HeaderMap};
use reqwest::{Method, StatusCode, Url};
use serde_json::{Map, Value, json};
use std::hash::{BuildHasher, Hasher};

/// The fake's OAuth2 token endpoint, on the same server as the API.
pub(crate) const TOKEN_PATH: &str = "/__fake/oauth/token";

/// Items per page when the request names no page size.
const DEFAULT_PAGE_SIZE: usize = 100;

/// A request as read from the connection.
pub(crate) struct Incoming {
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) query: String,
    pub(crate) headers: HeaderMap,
    pub(crate) body: Vec<u8>,
}

/// What to answer: a status and a JSON body (none for 204).
pub(crate) struct Reply {
    pub(crate) status: StatusCode,
    pub(crate) body: Option<Value>,
}

impl Reply {
    fn json(status: StatusCode, body: Value) -> Self {
        Reply { status, body: Some(body) }
    }
}

/// Answers one request. The state is locked for the whole request: each is atomic, and a
/// rejected one has changed nothing.
pub(crate) fn handle(shared: &Shared, request: Incoming) -> Reply {
    let spec = shared.spec;
    if request.method == Method::POST && request.path == TOKEN_PATH {
        return token(shared, &request.body);
    }
    let mut state = shared.lock();
    state.requests.push(record(&request));
    if let Some(status) = take_fault(&mut state) {
        return error(spec, status, &format!("fault injected by FakeServer::fail_next: {status}"));
    }
    if spec.auth && !authorized(&state, &request.headers) {
        return error(spec, StatusCode::UNAUTHORIZED, "missing bearer token, or one this fake did not issue");
    }
    let segments: Vec<String> = request.path.split('/').skip(1).map(percent_decode).collect();
    let Some((route, params)) = route(spec, &request.method, &segments) else {
        if spec.routes.iter().flat_map(Route::templates).any(|template| path_params(template, &segments).is_some()) {
            let message = format!("{} is not an operation of {}", request.method, request.path);
            return error(spec, StatusCode::METHOD_NOT_ALLOWED, &message);
        }
        return error(spec, StatusCode::NOT_FOUND, &format!("no operation at {}", request.path));
    };
    let id = params.last().cloned().unwrap_or_default();
    let query = pairs(&request.query);
    let route_index = spec.routes.iter().position(|candidate| std::ptr::eq(candidate, route)).unwrap_or_default();
    match operation(spec, &mut state, route_index, &id, &query, &request.body) {
        Ok(reply) | Err(reply) => reply,
    }
}

/// The request as `FakeServer::requests` lists it; the bearer token hidden from `Debug`.
fn record(request: &Incoming) -> FakeRequest {
    let mut headers = request.headers.clone();
    if let Some(value) = headers.get_mut(header::AUTHORIZATION) {
        value.set_sensitive(true);
    }
    let body = (!request.body.is_empty()).then(|| {
        serde_json::from_slice(&request.body)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&request.body).into_owned()))
    });
    FakeRequest {
        method: request.method.clone(),
        path: request.path.clone(),
        query: request.query.clone(),
        headers,
        body,
    }
}

fn take_fault(state: &mut State) -> Option<StatusCode> {
    let (count, status) = state.faults.as_mut()?;
    let status = *status;
    *count -= 1;
    if *count == 0 {
        state.faults = None;
    }
    Some(status)
}

fn authorized(state: &State, headers: &HeaderMap) -> bool {
    let value = headers.get(header::AUTHORIZATION).and_then(|value| value.to_str().ok()).unwrap_or_default();
    let token = value.get(..7).filter(|scheme| scheme.eq_ignore_ascii_case("bearer ")).and(value.get(7..));
    token.is_some_and(|token| state.tokens.contains(token))
}

/// The client-credentials grant: a new opaque token for the fake's own client.
fn token(shared: &Shared, body: &[u8]) -> Reply {
    let form = pairs(&String::from_utf8_lossy(body));
    let field = |name: &str| form.iter().find(|(key, _)| key == name).map(|(_, value)| value.as_str());
    let valid = field("grant_type") == Some("client_credentials")
        && field("client_id") == Some(shared.client_id.as_str())
        && field("client_secret") == Some(shared.client_secret.as_str());
    if !valid {
        let refusal = json!({"error": "invalid_client", "error_description": "not this fake's client credentials"});
        return Reply::json(StatusCode::UNAUTHORIZED, refusal);
    }
    let token = format!("fake-token-{:016x}{:016x}", random(), random());
    shared.lock().tokens.insert(token.clone());
    Reply::json(StatusCode::OK, json!({"access_token": token, "token_type": "Bearer", "expires_in": 3600}))
}

/// 64 random bits from the standard library's per-process random hasher keys.
pub(crate) fn random() -> u64 {
    std::collections::hash_map::RandomState::new().build_hasher().finish()
}

/// The route for the method and path, with its path parameters; the most literal wins.
fn route<'s>(spec: &'s FakeSpec, method: &Method, segments: &[String]) -> Option<(&'s Route, Vec<String>)> {
    spec.routes
        .iter()
        .filter(|route| route.method == method.as_str())
        .flat_map(|route| route.templates().filter_map(move |template| Some((route, path_params(template, segments)?))))
        .min_by_key(|(_, params)| params.len())
}

/// The parameter values when `segments` match the template; one parameter per segment,
/// with literal text around it (`{id}:cancel`).
fn path_params(template: &str, segments: &[String]) -> Option<Vec<String>> {
    let patterns: Vec<&str> = template.split('/').skip(1).collect();
    if patterns.len() != segments.len() {
        return None;
    }
    let mut params = Vec::new();
    for (pattern, segment) in patterns.iter().zip(segments) {
        match (pattern.find('{'), pattern.rfind('}')) {
            (Some(open), Some(close)) if open < close => {
                let (prefix, suffix) = (&pattern[..open], &pattern[close + 1..]);
                let value = segment.strip_prefix(prefix)?.strip_suffix(suffix)?;
                if value.is_empty() {
                    return None;
                }
                params.push(value.to_owned());
            }
            _ if pattern == segment => {}
            _ => return None,
        }
    }
    Some(params)
}

/// One API operation, after authentication: checked, then applied.
fn operation(
    spec: &FakeSpec,
    state: &mut State,
    route_index: usize,
    id: &str,
    query: &[(String, String)],
    raw_body: &[u8],
) -> Result<Reply, Reply> {
    let route = &spec.routes[route_index];
    validate::query(spec, &route.query, query).map_err(|message| invalid(spec, &message))?;
    let body = match &route.body {
        Some(ty) => {
            let body = if raw_body.is_empty() {
                Value::Object(Map::new())
            } else {
                serde_json::from_slice(raw_body)
                    .map_err(|error| invalid(spec, &format!("the body is not JSON: {error}")))?
            };
            validate::value(spec, ty, &body, "").map_err(|message| invalid(spec, &message))?;
            body
        }
        None => Value::Null,
    };
    if let Some(long_running) = &route.long_running {
        let resource = start_work(spec, state, route, id, &body)?;
        let (status, body) = operations::start(spec, state, route_index, long_running, resource);
        return Ok(Reply::json(status, body));
    }
    let status = StatusCode::from_u16(route.status).unwrap_or(StatusCode::OK);
    let reply = match &route.shape {
        Shape::List { collection, items, paging } => {
            list(spec, state, route, *collection, items, paging.as_ref(), query)?
        }
        Shape::Create { collection, body_field, wrap } => {
            let source = field(&body, body_field.as_deref());
            let sent = sent_type(spec, route, body_field.as_deref()).and_then(|ty| spec.fields(ty));
            let resource = store::project(spec, &spec.collections[*collection].item, &source, sent);
            let id = state.insert(spec, *collection, resource, true);
            wrapped(state.get(*collection, &id), wrap.as_deref())
        }
        Shape::Get { collection, wrap } => {
            operations::poll(spec, state, *collection, id);
            let found = state.get(*collection, id).ok_or_else(|| not_found(spec, *collection, id))?;
            wrapped(Some(found), wrap.as_deref())
        }
        Shape::Update { collection, body_field, mask, wrap } => {
            update(spec, state, route, *collection, id, &body, (body_field.as_deref(), mask.as_deref()))?;
            wrapped(state.get(*collection, id), wrap.as_deref())
        }
        Shape::Delete { collection } => {
            state.remove(*collection, id).ok_or_else(|| not_found(spec, *collection, id))?;
            (status != StatusCode::NO_CONTENT).then(|| Value::Object(Map::new()))
        }
        Shape::Example(example) => Some(serde_json::from_str(example).unwrap_or(Value::Null)),
        Shape::Unimplemented => {
            let message = format!(
                "the fake does not implement {} ({} {}): no standard method and no example in the spec",
                route.operation, route.method, route.path
            );
            return Err(error(spec, StatusCode::NOT_IMPLEMENTED, &message));
        }
    };
    Ok(Reply { status, body: reply })
}

/// What a long-running call does to its resource when it starts: a create stores it, an
/// update applies, a delete only checks it exists (it goes when the operation completes).
/// Returns the resource's collection and id.
fn start_work(
    spec: &FakeSpec,
    state: &mut State,
    route: &Route,
    id: &str,
    body: &Value,
) -> Result<Option<(usize, String)>, Reply> {
    Ok(match &route.shape {
        Shape::Create { collection, body_field, .. } => {
            let source = field(body, body_field.as_deref());
            let sent = sent_type(spec, route, body_field.as_deref()).and_then(|ty| spec.fields(ty));
            let resource = store::project(spec, &spec.collections[*collection].item, &source, sent);
            Some((*collection, state.insert(spec, *collection, resource, true)))
        }
        Shape::Update { collection, body_field, mask, .. } => {
            update(spec, state, route, *collection, id, body, (body_field.as_deref(), mask.as_deref()))?;
            Some((*collection, id.to_owned()))
        }
        Shape::Delete { collection } => {
            state.get(*collection, id).ok_or_else(|| not_found(spec, *collection, id))?;
            Some((*collection, id.to_owned()))
        }
        _ => None,
    })
}

/// A page of the collection, filtered by the `filter.*` parameters.
fn list(
    spec: &FakeSpec,
    state: &State,
    route: &Route,
    collection: usize,
    items: &str,
    paging: Option<&Paging>,
    query: &[(String, String)],
) -> Result<Option<Value>, Reply> {
    let filters = filters(spec, route, collection, query)?;
    let matching: Vec<&Value> = state.collections[collection]
        .iter()
        .map(|(_, item)| item)
        .filter(|item| filters.iter().all(|(path, wanted)| store::matches(item, path, wanted)))
        .collect();
    let mut page = Map::new();
    let Some(paging) = paging else {
        page.insert(items.to_owned(), Value::Array(matching.into_iter().cloned().collect()));
        return Ok(Some(Value::Object(page)));
    };
    let first = |name: &str| query.iter().find(|(key, value)| key == name && !value.is_empty()).map(|(_, v)| v);
    let offset = match first(&paging.token) {
        None => 0,
        Some(token) => token
            .strip_prefix("page-")
            .and_then(|offset| offset.parse::<usize>().ok())
            .ok_or_else(|| invalid(spec, &format!("{}: {token:?} is not a page token of this fake", paging.token)))?,
    };
    let size =
        paging.size.as_deref().and_then(first).and_then(|size| size.parse::<usize>().ok()).filter(|size| *size > 0);
    let start = offset.min(matching.len());
    let end = start.saturating_add(size.unwrap_or(DEFAULT_PAGE_SIZE)).min(matching.len());
    let next = if end < matching.len() { format!("page-{end}") } else { String::new() };
    page.insert(items.to_owned(), Value::Array(matching[start..end].iter().map(|item| (*item).clone()).collect()));
    page.insert(paging.next.to_owned(), Value::String(next));
    Ok(Some(Value::Object(page)))
}

/// A filter: the wire path of the item field, and the values it may have.
type Filter<'s, 'q> = (Vec<&'s str>, Vec<&'q str>);

/// The `filter.a.b` parameters the request sets (empty is unset, as in proto3), each
/// resolved against the item's fields; a list-valued `filter.ids` may name the field `id`.
fn filters<'s, 'q>(
    spec: &'s FakeSpec,
    route: &Route,
    collection: usize,
    query: &'q [(String, String)],
) -> Result<Vec<Filter<'s, 'q>>, Reply> {
    let item = &spec.collections[collection].item;
    let mut filters = Vec::new();
    for param in &route.query {
        let Some(path) = param.wire.strip_prefix("filter.") else { continue };
        let wanted: Vec<&str> = query
            .iter()
            .filter(|(key, value)| *key == param.wire && !value.is_empty())
            .map(|(_, value)| value.as_str())
            .collect();
        if wanted.is_empty() {
            continue;
        }
        let list = matches!(param.ty, Ty::List(_));
        let resolved = filter_path(spec, item, path, list).ok_or_else(|| {
            let message = format!("the fake cannot apply {}: {item} has no field {path}", param.wire);
            error(spec, StatusCode::NOT_IMPLEMENTED, &message)
        })?;
        filters.push((resolved, wanted));
    }
    Ok(filters)
}

fn filter_path<'s>(spec: &'s FakeSpec, item: &str, path: &str, list: bool) -> Option<Vec<&'s str>> {
    let mut fields = spec.object_fields(item)?;
    let mut wire = Vec::new();
    let mut segments = path.split('.').peekable();
    while let Some(segment) = segments.next() {
        let last = segments.peek().is_none();
        let singular = segment.strip_suffix('s').filter(|_| last && list);
        let field = fields
            .iter()
            .find(|field| field.wire == segment)
            .or_else(|| fields.iter().find(|field| Some(field.wire.as_str()) == singular))?;
        wire.push(field.wire.as_str());
        if !last {
            fields = spec.fields(&field.ty)?;
        }
    }
    Some(wire)
}

/// An update: the mask checked before anything changes, then applied to the stored resource.
fn update(
    spec: &FakeSpec,
    state: &mut State,
    route: &Route,
    collection: usize,
    id: &str,
    body: &Value,
    (body_field, mask): (Option<&str>, Option<&str>),
) -> Result<(), Reply> {
    let update_ty = sent_type(spec, route, body_field);
    let mask_text = mask.and_then(|name| body.get(name)?.as_str()).filter(|text| !text.trim().is_empty());
    let paths = match (mask_text, mask) {
        (Some(text), Some(mask)) => {
            let resolve = |path: &str| {
                update_ty
                    .and_then(|ty| validate::mask_path(spec, ty, path))
                    .ok_or_else(|| invalid(spec, &format!("{mask}: {path:?} is not a field of the resource")))
            };
            Some(
                text.split(',')
                    .map(str::trim)
                    .filter(|path| !path.is_empty())
                    .map(resolve)
                    .collect::<Result<Vec<_>, _>>()?,
            )
        }
        _ => None,
    };
    let descriptor = &spec.collections[collection];
    let sent = update_ty.and_then(|ty| spec.fields(ty));
    let update = store::project(spec, &descriptor.item, &field(body, body_field), sent);
    let stored = state.get_mut(collection, id).ok_or_else(|| not_found(spec, collection, id))?;
    store::apply(stored, &update, paths.as_deref(), descriptor.id.as_deref());
    Ok(())
}

/// The type of the resource a create or update sends: the body's `body_field`, or the body.
fn sent_type<'s>(spec: &'s FakeSpec, route: &'s Route, body_field: Option<&str>) -> Option<&'s Ty> {
    match (body_field, &route.body) {
        (Some(name), Some(body_ty)) => spec
            .fields(body_ty)
            .and_then(|fields| fields.iter().find(|field| field.wire == name))
            .map(|field| &field.ty),
        (None, body_ty) => body_ty.as_ref(),
        (Some(_), None) => None,
    }
}

/// The body's `name` field, or the whole body.
fn field(body: &Value, name: Option<&str>) -> Value {
    match name {
        Some(name) => body.get(name).cloned().unwrap_or(Value::Null),
        None => body.clone(),
    }
}

/// The resource, under the response's wrapper field when it has one.
fn wrapped(resource: Option<&Value>, wrap: Option<&str>) -> Option<Value> {
    let resource = resource.cloned().unwrap_or(Value::Null);
    Some(match wrap {
        Some(name) => Value::Object(Map::from_iter([(name.to_owned(), resource)])),
        None => resource,
    })
}

fn not_found(spec: &FakeSpec, collection: usize, id: &str) -> Reply {
    error(spec, StatusCode::NOT_FOUND, &format!("{} {id:?} not found", spec.collections[collection].item))
}

fn invalid(spec: &FakeSpec, message: &str) -> Reply {
    error(spec, StatusCode::BAD_REQUEST, message)
}

/// An error reply in the spec's error model (`errors::body`).
pub(crate) fn error(spec: &FakeSpec, status: StatusCode, message: &str) -> Reply {
    Reply::json(status, errors::body(spec, status, message))
}

/// `a=1&b=x%20y` as decoded pairs (also a form body).
fn pairs(query: &str) -> Vec<(String, String)> {
    let Ok(mut url) = Url::parse("http://fake.invalid/") else { return Vec::new() };
    url.set_query(Some(query));
    url.query_pairs().into_owned().collect()
}

/// A path segment as sent, percent-decoded (as UTF-8, lossily).
fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = bytes.get(at + 1..at + 3).and_then(|hex| std::str::from_utf8(hex).ok());
        match hex.and_then(|hex| u8::from_str_radix(hex, 16).ok()).filter(|_| bytes[at] == b'%') {
            Some(byte) => {
                out.push(byte);
                at += 3;
            }
            None => {
                out.push(bytes[at]);
                at += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}
