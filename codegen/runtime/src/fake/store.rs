//! The fake's state: each collection's resources as JSON (their wire form), in insertion
//! order, and what the server has seen and been told.

use super::FakeRequest;
use super::tables::{Collection, FakeSpec, Field, Ty};
use reqwest::StatusCode;
use serde_json::{Map, Value};
use std::collections::HashSet;

/// Everything a fake remembers; one per fake, behind its mutex.
pub(crate) struct State {
    /// One list of `(id, resource)` per collection.
    pub(crate) collections: Vec<Vec<(String, Value)>>,
    /// The last id handed out: ids are unique within the fake.
    last_id: u64,
    pub(crate) tokens: HashSet<String>,
    pub(crate) requests: Vec<FakeRequest>,
    /// `fail_next`: how many requests still fail, and with which status.
    pub(crate) faults: Option<(usize, StatusCode)>,
    /// Long-running operations: the controls, and the operations still running.
    pub(crate) long_running: LongRunning,
}

/// What the fake's long-running operations do, and those not done yet.
#[derive(Default)]
pub(crate) struct LongRunning {
    /// `set_operation_polls`: polls answered in progress before an operation completes.
    pub(crate) polls: u32,
    /// `fail_next_operation`: the code and message the next operation started fails with.
    pub(crate) fail_next: Option<(String, String)>,
    /// `stall_operations`: operations started while it is on never complete.
    pub(crate) stall: bool,
    pub(crate) running: Vec<Running>,
}

/// An operation that has not completed.
pub(crate) struct Running {
    /// Its id, in its collection.
    pub(crate) id: String,
    pub(crate) collection: usize,
    /// The route that started it.
    pub(crate) route: usize,
    /// The resource it works on: its collection and id.
    pub(crate) resource: Option<(usize, String)>,
    /// Polls so far, and how many answer in progress (`None`: all of them).
    pub(crate) polls: u32,
    pub(crate) in_progress: Option<u32>,
    pub(crate) failure: Option<(String, String)>,
}

impl State {
    pub(crate) fn new(spec: &FakeSpec) -> Self {
        State {
            collections: spec.collections.iter().map(|_| Vec::new()).collect(),
            last_id: 0,
            tokens: HashSet::new(),
            requests: Vec::new(),
            faults: None,
            long_running: LongRunning::default(),
        }
    }

    /// Stores `resource`, keeping its id when it has one and `fresh` is false, otherwise
    /// assigning a new one; replaces a resource with the same id. Returns the id.
    pub(crate) fn insert(&mut self, spec: &FakeSpec, index: usize, mut resource: Value, fresh: bool) -> String {
        let collection = &spec.collections[index];
        let given = collection.id.as_deref().and_then(|field| id_text(resource.get(field)?));
        let id = match given.filter(|_| !fresh) {
            Some(id) => id,
            None => {
                self.last_id += 1;
                let value = new_id(spec, collection, self.last_id);
                let id = id_text(&value).unwrap_or_default();
                if let (Some(field), Value::Object(object)) = (&collection.id, &mut resource) {
                    object.insert(field.clone(), value);
                }
                id
            }
        };
        let items = &mut self.collections[index];
        match items.iter_mut().find(|(key, _)| *key == id) {
            Some(slot) => slot.1 = resource,
            None => items.push((id.clone(), resource)),
        }
        id
    }

    pub(crate) fn get(&self, index: usize, id: &str) -> Option<&Value> {
        self.collections[index].iter().find(|(key, _)| key == id).map(|(_, resource)| resource)
    }

    pub(crate) fn get_mut(&mut self, index: usize, id: &str) -> Option<&mut Value> {
        self.collections[index].iter_mut().find(|(key, _)| key == id).map(|(_, resource)| resource)
    }

    pub(crate) fn remove(&mut self, index: usize, id: &str) -> Option<Value> {
        let items = &mut self.collections[index];
        let at = items.iter().position(|(key, _)| key == id)?;
        Some(items.remove(at).1)
    }
}

/// A new id in the id field's type: a number for integer ids, else `fake-<n>`.
fn new_id(spec: &FakeSpec, collection: &Collection, n: u64) -> Value {
    let field = spec.object_fields(&collection.item).and_then(|fields| {
        let wire = collection.id.as_ref()?;
        fields.iter().find(|field| field.wire == *wire)
    });
    match field.map(|field| &field.ty) {
        Some(Ty::Integer | Ty::IntegerString) => Value::from(n),
        _ => Value::String(format!("fake-{n}")),
    }
}

/// An id as the path carries it; an empty string is no id (proto3's unset).
fn id_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) if !text.is_empty() => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        _ => None,
    }
}

/// The fields of `source` that the item type declares (all of them for an open type):
/// a create body's fields map onto the resource by name. A field that neither the item nor
/// the type it was `sent` as declares is one the client's crate keeps as unknown: it is
/// stored too, so a round trip through the fake keeps it, as one through the server would.
pub(crate) fn project(spec: &FakeSpec, item: &str, source: &Value, sent: Option<&[Field]>) -> Value {
    let Some(object) = source.as_object() else { return Value::Object(Map::new()) };
    let fields = spec.object_fields(item);
    let open = matches!(spec.schema(item), Some(super::tables::Schema::Object { open: true, .. }));
    let declares = |fields: &[Field], key: &str| fields.iter().any(|field| field.wire == key);
    let kept = object
        .iter()
        .filter(|(key, value)| {
            let known = fields.is_none_or(|fields| declares(fields, key));
            let unknown = sent.is_some_and(|sent| !declares(sent, key));
            !value.is_null() && (open || known || unknown)
        })
        .map(|(key, value)| (key.clone(), value.clone()));
    Value::Object(kept.collect())
}

/// Applies an update: with mask paths (wire segments), each named field is set from
/// `update` or, when `update` leaves it unset, cleared; without, every field `update` sets
/// replaces the stored one. The id field never changes.
pub(crate) fn apply(stored: &mut Value, update: &Value, mask: Option<&[Vec<&str>]>, id: Option<&str>) {
    match mask {
        Some(paths) => {
            for path in paths.iter().filter(|path| path.first().copied() != id) {
                match lookup(update, path).filter(|value| !value.is_null()) {
                    Some(value) => set(stored, path, value.clone()),
                    None => clear(stored, path),
                }
            }
        }
        None => {
            let (Some(stored), Some(update)) = (stored.as_object_mut(), update.as_object()) else { return };
            for (key, value) in update.iter().filter(|(key, value)| !value.is_null() && Some(key.as_str()) != id) {
                stored.insert(key.clone(), value.clone());
            }
        }
    }
}

/// The value at a path of wire names.
pub(crate) fn lookup<'v>(value: &'v Value, path: &[&str]) -> Option<&'v Value> {
    path.iter().try_fold(value, |value, segment| value.get(segment))
}

fn set(target: &mut Value, path: &[&str], value: Value) {
    let Some((last, parents)) = path.split_last() else { return };
    let mut at = target;
    for segment in parents {
        let Value::Object(object) = at else { return };
        at = object.entry(segment.to_string()).or_insert_with(|| Value::Object(Map::new()));
        if !at.is_object() {
            *at = Value::Object(Map::new());
        }
    }
    if let Value::Object(object) = at {
        object.insert(last.to_string(), value);
    }
}

fn clear(target: &mut Value, path: &[&str]) {
    let Some((last, parents)) = path.split_last() else { return };
    let parent = parents.iter().try_fold(target, |value, segment| value.get_mut(segment));
    if let Some(Value::Object(object)) = parent {
        object.remove(*last);
    }
}

/// Whether the item's field at `path` equals one of `wanted` (query values are text).
pub(crate) fn matches(item: &Value, path: &[&str], wanted: &[&str]) -> bool {
    let text = match lookup(item, path) {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Number(number)) => number.to_string(),
        Some(Value::Bool(flag)) => flag.to_string(),
        _ => return false,
    };
    wanted.contains(&text.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn masked_updates_set_clear_and_keep() {
        let mut stored = json!({"id": "1", "email": "a@x", "expires_at": "t1", "scope": {"kind": "k", "rid": "r"}});
        let update = json!({"expires_at": "t2", "scope": {"kind": "k2"}, "email": "ignored", "id": "2"});
        let mask = [vec!["expires_at"], vec!["scope", "kind"], vec!["scope", "rid"], vec!["id"]];
        apply(&mut stored, &update, Some(&mask), Some("id"));
        assert_eq!(stored, json!({"id": "1", "email": "a@x", "expires_at": "t2", "scope": {"kind": "k2"}}));
    }

    #[test]
    fn unmasked_updates_replace_the_fields_they_set() {
        let mut stored = json!({"id": "1", "email": "a@x", "expires_at": "t1"});
        apply(&mut stored, &json!({"expires_at": "t2", "email": null, "id": "9"}), None, Some("id"));
        assert_eq!(stored, json!({"id": "1", "email": "a@x", "expires_at": "t2"}));
    }
}
