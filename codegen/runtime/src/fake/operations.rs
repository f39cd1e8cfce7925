//! Long-running operations in the fake: a call starts an operation (stored where the
//! operations list finds it), each poll of it counts, and after the polls the fake's
//! controls allow it ends: completed with its typed result, or failed with an error in the
//! spec's error model.
//!
//! What happens to the resource: a create inserts it when the operation starts (and a failed
//! create removes it again), an update applies when it starts, and a delete removes it when
//! its operation completes.

use super::errors;
use super::store::{Running, State};
use super::tables::{FakeSpec, LongRunning, Operations, Route, Shape, Status};
use reqwest::StatusCode;
use serde_json::{Map, Value};
use std::time::{SystemTime, UNIX_EPOCH};

/// Starts the operation of the long-running call at `route_index`, on `resource` (its
/// collection and id), whose create or update the caller has applied: the status and body
/// to answer.
pub(crate) fn start(
    spec: &FakeSpec,
    state: &mut State,
    route_index: usize,
    long_running: &LongRunning,
    resource: Option<(usize, String)>,
) -> (StatusCode, Value) {
    let route = &spec.routes[route_index];
    let model = &spec.operations[long_running.operations];
    let mut operation = Map::new();
    match &model.status {
        Status::State { field, running: Some(running), .. } => {
            operation.insert(field.clone(), Value::from(running.as_str()));
        }
        Status::State { running: None, .. } => {}
        Status::Done { field } => {
            operation.insert(field.clone(), Value::Bool(false));
        }
    }
    if let Some(field) = &model.started_at {
        operation.insert(field.clone(), Value::from(now()));
    }
    let resource_id = resource.as_ref().map(|(_, id)| Value::from(id.as_str()));
    if let (Some(field), Some(id)) = (&model.resource_id, &resource_id) {
        operation.insert(field.clone(), id.clone());
    }
    if let Some(member) = &long_running.metadata {
        let mut metadata = Map::from_iter([("@type".to_owned(), Value::from(member.tag.as_str()))]);
        if let (Some(field), Some(id)) = (&member.field, &resource_id) {
            metadata.insert(field.clone(), id.clone());
        }
        operation.insert(model.metadata.clone(), Value::Object(metadata));
    }
    let id = state.insert(spec, model.collection, Value::Object(operation), true);
    let controls = &mut state.long_running;
    let running = Running {
        id: id.clone(),
        collection: model.collection,
        route: route_index,
        resource,
        polls: 0,
        in_progress: (!controls.stall).then_some(controls.polls),
        failure: controls.fail_next.take(),
    };
    controls.running.push(running);
    let status = StatusCode::from_u16(route.status).unwrap_or(StatusCode::ACCEPTED);
    let operation = state.get(model.collection, &id).cloned().unwrap_or(Value::Null);
    let body = match &long_running.wrap {
        Some(field) => Value::Object(Map::from_iter([(field.clone(), operation)])),
        None => operation,
    };
    (status, body)
}

/// A poll of operation `id` in `collection`: counted, and the operation completed once its
/// polls in progress are used up.
pub(crate) fn poll(spec: &FakeSpec, state: &mut State, collection: usize, id: &str) {
    let running = &mut state.long_running.running;
    let Some(at) = running.iter().position(|running| running.collection == collection && running.id == id) else {
        return;
    };
    running[at].polls += 1;
    let due = running[at].in_progress.is_some_and(|in_progress| running[at].polls > in_progress);
    if due {
        let done = running.remove(at);
        complete(spec, state, done);
    }
}

/// Ends an operation: its final state and time, and its result or its error.
fn complete(spec: &FakeSpec, state: &mut State, done: Running) {
    let route: &Route = &spec.routes[done.route];
    let Some(long_running) = &route.long_running else { return };
    let model = &spec.operations[long_running.operations];
    let mut fields: Vec<(String, Value)> = Vec::new();
    match &done.failure {
        Some((code, message)) => {
            if let (Shape::Create { .. }, Some((collection, id))) = (&route.shape, &done.resource) {
                state.remove(*collection, id);
            }
            fields.push((model.error.clone(), errors::operation_error(spec, code, message)));
            fields.push(final_state(model, false));
        }
        None => {
            let resource = match (&route.shape, &done.resource) {
                (Shape::Delete { .. }, Some((collection, id))) => {
                    state.remove(*collection, id);
                    None
                }
                (_, Some((collection, id))) => state.get(*collection, id).cloned(),
                (_, None) => None,
            };
            fields.push((model.response.clone(), result(long_running, resource)));
            fields.push(final_state(model, true));
        }
    }
    if let Some(field) = &model.finished_at {
        fields.push((field.clone(), Value::from(now())));
    }
    if let Some(Value::Object(operation)) = state.get_mut(done.collection, &done.id) {
        operation.extend(fields);
    }
}

/// The result: `{"@type": …, "<field>": resource}` for a typed result, else the resource
/// itself (or an empty object).
fn result(long_running: &LongRunning, resource: Option<Value>) -> Value {
    let Some(member) = &long_running.result else { return resource.unwrap_or_else(|| Value::Object(Map::new())) };
    let mut result = Map::from_iter([("@type".to_owned(), Value::from(member.tag.as_str()))]);
    if let (Some(field), Some(resource)) = (&member.field, resource) {
        result.insert(field.clone(), resource);
    }
    Value::Object(result)
}

fn final_state(model: &Operations, succeeded: bool) -> (String, Value) {
    match &model.status {
        Status::State { field, succeeded: ok, failed, .. } => {
            (field.clone(), Value::from(if succeeded { ok.as_str() } else { failed.as_str() }))
        }
        Status::Done { field } => (field.clone(), Value::Bool(true)),
    }
}

/// The time as RFC 3339 in UTC, to the second (`2026-12-07T22:44:00Z`).
fn now() -> String {
    rfc3339(SystemTime::now().duration_since(UNIX_EPOCH).map(|since| since.as_secs()).unwrap_or_default())
}

/// Seconds since the epoch as RFC 3339 (Howard Hinnant's civil-from-days).
fn rfc3339(seconds: u64) -> String {
    let (days, time) = ((seconds / 86_400) as i64, seconds % 86_400);
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 { shifted_month + 3 } else { shifted_month - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    let (hour, minute, second) = (time / 3600, time / 60 % 60, time % 60);
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}Z")
}

#[cfg(test)]
mod tests {
    use super::rfc3339;

    #[test]
    fn times_are_rfc_3339_in_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(rfc3339(1_796_597_040), "2026-12-06T22:44:00Z");
        assert_eq!(rfc3339(4_107_542_399), "2100-02-28T23:59:59Z");
    }
}
