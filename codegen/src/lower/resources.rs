//! Resource-oriented shapes, found on the lowered API for the fake server: collections (the
//! items of list responses) and the standard methods on them (AIP-121 style: create is POST
//! on the list path; get, update and delete are GET, PATCH and DELETE on `list-path/{id}`).
//!
//! A collection is the array property of a list response with a page token (the page
//! stream's items), or, in a GET response without paging, its one array of structs beside
//! scalars only. Its id field is the item field named like the path parameter of
//! `list-path/{param}`, else that name without its resource prefix (`widget_id` → `id`,
//! `gizmoName` → `name`), else `id`, else `name`.

use crate::ir::{
    Collection, ErrorCode, ErrorModel, Fake, FakeLongRunning, FakeMember, FakeOperations, FakePaging, Field, Member,
    Operation, OperationResource, Route, Shape, StatusPattern, Struct, Type, TypeDef, TypeKind,
};
use crate::naming::Namespace;
use std::collections::{BTreeMap, HashMap};

/// The fake's view of the API; `None` without operations (the crate then has no `fake`).
pub fn fake(types: &[TypeDef], operations: &[Operation], resources: &[OperationResource], auth: bool) -> Option<Fake> {
    if operations.is_empty() {
        return None;
    }
    let structs: HashMap<&str, &Struct> = super::sdk::structs(types).collect();
    let found = Found { structs: &structs, operations, resources };
    let lists = found.lists();
    let (collections, kept) = found.collections(&lists);
    let on_path = lists_on_path(operations, &lists);
    let routes = operations
        .iter()
        .enumerate()
        .map(|(at, op)| found.route(at, op, &lists, &on_path, &collections, &kept))
        .collect();
    Some(Fake { collections, routes, operations: kept, error: error_model(types, operations), auth })
}

struct Found<'a> {
    structs: &'a HashMap<&'a str, &'a Struct>,
    operations: &'a [Operation],
    resources: &'a [OperationResource],
}

/// A list operation: its index, the items field, the item type and the paging fields.
struct List<'a> {
    operation: usize,
    items: &'a Field,
    item: &'a str,
    paging: Option<FakePaging>,
}

impl<'a> Found<'a> {
    fn response(&self, op: &Operation) -> Option<&'a Struct> {
        let Type::Named(name) = &op.success else { return None };
        self.structs.get(name.as_str()).copied()
    }

    fn lists(&self) -> Vec<List<'a>> {
        self.operations.iter().enumerate().filter_map(|(at, op)| self.list(at, op)).collect()
    }

    fn list(&self, at: usize, op: &Operation) -> Option<List<'a>> {
        if op.http_method != "GET" {
            return None;
        }
        let response = self.response(op)?;
        let (items, paging) = match &op.pages {
            Some(pages) => {
                let items = response.fields.iter().find(|field| field.name == pages.items_field)?;
                let next = response.fields.iter().find(|field| field.name == pages.next_field)?;
                let query = op.query.as_ref()?;
                let token = query.fields.iter().find(|field| field.name == pages.token_field)?;
                let size = query
                    .fields
                    .iter()
                    .find(|field| field.wire == super::sdk::PAGE_SIZE)
                    .map(|field| field.wire.clone());
                (items, Some(FakePaging { next: next.wire.clone(), token: token.wire.clone(), size }))
            }
            // A GET on an item path (`…/{thing_id}`) answers one resource, whatever it holds.
            None if op.templates().any(|path| split_item(path).is_some()) => return None,
            None => {
                let items = super::sdk::only_list(response)?;
                let scalars =
                    response.fields.iter().all(|field| field.wire == items.wire || !self.is_struct(&field.ty));
                if !scalars {
                    return None;
                }
                (items, None)
            }
        };
        let Type::List(item) = &items.ty else { return None };
        let Type::Named(item) = &**item else { return None };
        let (item, _) = self.structs.get_key_value(item.as_str())?;
        Some(List { operation: at, items, item, paging })
    }

    fn is_struct(&self, ty: &Type) -> bool {
        matches!(ty, Type::Named(name) if self.structs.contains_key(name.as_str()))
    }

    /// The lists' collections, then one for each operation resource that long-running calls
    /// start and no list returns; and where each resource's operations are kept.
    fn collections(&self, lists: &[List<'a>]) -> (Vec<Collection>, Vec<FakeOperations>) {
        // The first `list-path/{param}` of each list path, in operation order.
        let mut params: BTreeMap<&str, &str> = BTreeMap::new();
        for (parent, param) in self.operations.iter().flat_map(|op| op.templates().filter_map(split_item)) {
            params.entry(parent).or_insert(param);
        }
        let (accessors, mut names) = self.accessors(lists);
        let mut collections: Vec<Collection> = lists
            .iter()
            .zip(accessors)
            .map(|(list, accessor)| {
                let op = &self.operations[list.operation];
                Collection {
                    accessor,
                    wire: list.items.wire.clone(),
                    item: list.item.to_owned(),
                    id_field: self.id_field(list, op.templates().find_map(|path| params.get(path).copied())),
                    list_operation: op.method_name.clone(),
                }
            })
            .collect();
        let started = |index: usize| {
            self.operations.iter().any(|op| op.long_running.as_ref().is_some_and(|lr| lr.resource == index))
        };
        let mut kept = Vec::new();
        for (index, resource) in self.resources.iter().enumerate().filter(|(index, _)| started(*index)) {
            let collection = match collections.iter().position(|collection| collection.item == resource.type_name) {
                Some(listed) => listed,
                None => {
                    collections.push(Collection {
                        accessor: names.claim("operations"),
                        wire: "operations".to_owned(),
                        item: resource.type_name.clone(),
                        id_field: Some(resource.id.wire.clone()),
                        list_operation: self.operations[resource.poll].method_name.clone(),
                    });
                    collections.len() - 1
                }
            };
            kept.push(FakeOperations { collection, resource: index });
        }
        (collections, kept)
    }

    /// The fake's accessor of each collection: its items field's name. Lists that share one are
    /// told apart by what each is, never by where it is in the spec: the name goes to the list
    /// whose items' type it spells (`role_bindings` of `RoleBinding`s), else to the one on the
    /// shortest path (then the first in sorted order), and each other takes its items' type,
    /// plural (`widgets`), or its list method's name. An added list renames one already there
    /// only by being on a shorter path with a name that does not spell its type either.
    /// Returns the names taken, for collections that are not lists.
    fn accessors(&self, lists: &[List<'a>]) -> (Vec<String>, Namespace) {
        let mut names = Namespace::default();
        for reserved in crate::plan::server_methods() {
            names.claim(reserved);
        }
        let plural = |list: &List<'_>| crate::words::plural(&crate::naming::snake_name(list.item));
        let path = |list: &List<'_>| self.operations[list.operation].path.as_str();
        // The items' name spells their type when it is the plural of the type's name or of its
        // last words (`operations` of `GoogleLongrunningOperation`, `role_bindings` of `V1RoleBinding`).
        let spells = |list: &List<'_>| {
            let (plural, name) = (plural(list), &list.items.name);
            plural == *name || plural.ends_with(&format!("_{name}"))
        };
        let rank = |list: &List<'_>| (!spells(list), path(list).len(), path(list));
        let owner = |index: usize| {
            let list = &lists[index];
            let mut sharing = lists.iter().filter(|other| other.items.name == list.items.name);
            // Paths are unique: one list ranks first.
            sharing.all(|other| rank(list) <= rank(other))
        };
        let mut accessors: Vec<Option<String>> = vec![None; lists.len()];
        for (index, list) in lists.iter().enumerate().filter(|(index, _)| owner(*index)) {
            accessors[index] = Some(names.claim(&list.items.name));
        }
        for (index, list) in lists.iter().enumerate() {
            if accessors[index].is_none() {
                let own = plural(list);
                let method = &self.operations[list.operation].method_name;
                accessors[index] = Some(names.claim(if names.contains(&own) { method } else { &own }));
            }
        }
        (accessors.into_iter().flatten().collect(), names)
    }

    /// The item field that `param`, of the first `list-path/{param}`, names (see the module docs).
    fn id_field(&self, list: &List<'a>, param: Option<&str>) -> Option<String> {
        let fields = &self.structs.get(list.item)?.fields;
        let has = |wire: &str| fields.iter().any(|field| field.wire == wire);
        let mut candidates: Vec<String> = Vec::new();
        if let Some(param) = param {
            candidates.push(param.to_owned());
            if let Some((_, rest)) = param.rsplit_once('_') {
                candidates.push(rest.to_owned());
            }
            if let Some(at) = param.rfind(|c: char| c.is_ascii_uppercase()) {
                candidates.push(param[at..].to_ascii_lowercase());
            }
        }
        candidates.extend(["id".to_owned(), "name".to_owned()]);
        candidates.into_iter().find(|candidate| has(candidate))
    }

    fn route(
        &self,
        at: usize,
        op: &Operation,
        lists: &[List<'a>],
        on_path: &BTreeMap<&str, Vec<usize>>,
        collections: &[Collection],
        kept: &[FakeOperations],
    ) -> Route {
        let status = op
            .arms
            .iter()
            .find_map(|arm| match arm.status {
                StatusPattern::Exact(code) if arm.success => Some(code),
                _ => None,
            })
            .unwrap_or(200);
        // Only the lists on this path or its parent can have it as a standard method.
        let parents = op.templates().filter_map(|path| split_item(path).map(|(parent, _)| parent));
        let mut candidates: Vec<usize> =
            op.templates().chain(parents).flat_map(|path| on_path.get(path)).flatten().copied().collect();
        candidates.sort_unstable();
        candidates.dedup();
        let polled = kept.iter().find(|kept| self.resources[kept.resource].poll == at);
        let shape = match polled {
            // The poll reads the operation where the fake keeps it (a list of its own or not).
            Some(kept) => {
                let wrap = self.resources[kept.resource].poll_wrap.as_ref().map(|field| field.wire.clone());
                Shape::Get { collection: kept.collection, wrap }
            }
            None => candidates
                .into_iter()
                .find_map(|index| self.shape(at, op, index, &lists[index], &collections[index]))
                .unwrap_or(Shape::Other),
        };
        let long_running = op.long_running.as_ref().and_then(|lr| {
            let operations = kept.iter().position(|kept| kept.resource == lr.resource)?;
            let item = match &shape {
                Shape::Create { collection, .. } | Shape::Update { collection, .. } | Shape::Delete { collection } => {
                    Some(&collections[*collection])
                }
                _ => None,
            };
            Some(FakeLongRunning {
                operations,
                wrap: lr.wrap.as_ref().map(|field| field.wire.clone()),
                result: self.member(&lr.result, |body| self.resource_field(body, item?)),
                metadata: self.member(&lr.metadata, |body| id_field(body, item?)),
            })
        });
        Route { status, shape, long_running }
    }

    /// A typed member's `@type`, and the field of its struct that `field` picks.
    fn member(&self, member: &Member, field: impl Fn(&Struct) -> Option<String>) -> Option<FakeMember> {
        let (_, tag) = member.variant.as_ref()?;
        let body = match &member.ty {
            Type::Named(name) => self.structs.get(name.as_str()).copied(),
            _ => None,
        };
        Some(FakeMember { tag: tag.clone(), field: body.and_then(field) })
    }

    /// The result's field that holds the collection's item (`CreateThingResponse.thing`).
    fn resource_field(&self, body: &Struct, item: &Collection) -> Option<String> {
        body.fields.iter().find(|field| is_named(&field.ty, &item.item)).map(|field| field.wire.clone())
    }

    /// The standard method `op` is on the collection, if any.
    fn shape(
        &self,
        at: usize,
        op: &Operation,
        index: usize,
        list: &List<'a>,
        collection: &Collection,
    ) -> Option<Shape> {
        let list_op = &self.operations[list.operation];
        if at == list.operation {
            let paging = list.paging.clone();
            return Some(Shape::List { collection: index, items: collection.wire.clone(), paging });
        }
        let on_list = list_op.templates().any(|list_path| op.templates().any(|path| path == list_path));
        let on_item =
            list_op.templates().any(|list_path| op.templates().any(|path| item_param(list_path, path).is_some()));
        // A long-running call answers an operation, not the resource: it has no wrapper.
        let wrap = || if op.long_running.is_some() { Some(None) } else { self.wrap(op, list.item) };
        match op.http_method.as_str() {
            "POST" if on_list => {
                let wrap = wrap()?;
                let body_field = self.body_field(op, list.item, wrap.as_deref());
                Some(Shape::Create { collection: index, body_field, wrap })
            }
            "GET" if on_item => Some(Shape::Get { collection: index, wrap: self.wrap(op, list.item)? }),
            "PATCH" if on_item => {
                let wrap = wrap()?;
                let (body_field, mask) = match self.update_mask(op) {
                    Some((mask, resource)) => (Some(resource), Some(mask)),
                    None => (self.body_field(op, list.item, wrap.as_deref()), None),
                };
                Some(Shape::Update { collection: index, body_field, mask, wrap })
            }
            "DELETE" if on_item => Some(Shape::Delete { collection: index }),
            _ => None,
        }
    }

    /// How the response carries the resource: as itself (`None`), or as the one field of its
    /// type (`Some(wire)`); not at all is no standard method.
    fn wrap(&self, op: &Operation, item: &str) -> Option<Option<String>> {
        let Type::Named(name) = &op.success else { return None };
        if name == item {
            return Some(None);
        }
        let response = self.structs.get(name.as_str())?;
        let [field] = response.fields.iter().filter(|field| is_named(&field.ty, item)).collect::<Vec<_>>()[..] else {
            return None;
        };
        Some(Some(field.wire.clone()))
    }

    /// The body field that holds the resource: the one named like the response's wrapper, or
    /// a body's only field when it is a struct the resource has no field for; else the body
    /// is the resource.
    fn body_field(&self, op: &Operation, item: &str, wrap: Option<&str>) -> Option<String> {
        let Type::Named(body) = &op.body.as_ref()?.ty else { return None };
        let body = self.structs.get(body.as_str())?;
        if let Some(wrap) = wrap
            && let Some(field) = body.fields.iter().find(|field| field.wire == wrap && self.is_struct(&field.ty))
        {
            return Some(field.wire.clone());
        }
        let item_fields = &self.structs.get(item)?.fields;
        match &body.fields[..] {
            [only] if self.is_struct(&only.ty) && !item_fields.iter().any(|field| field.wire == only.wire) => {
                Some(only.wire.clone())
            }
            _ => None,
        }
    }

    /// The wire names of the body's update mask and the resource beside it.
    fn update_mask(&self, op: &Operation) -> Option<(String, String)> {
        let Type::Named(body) = &op.body.as_ref()?.ty else { return None };
        let body = self.structs.get(body.as_str())?;
        let mask = body.update_mask.as_ref()?;
        let wire = |name: &str| body.fields.iter().find(|field| field.name == name).map(|field| field.wire.clone());
        Some((wire(&mask.mask_field)?, wire(&mask.resource_field)?))
    }
}

/// The metadata's field that names the resource's id: `<item>_id` or `<item>` (`thing_id`,
/// `thing` for items `Thing` or the collection `things`), else its only string field ending
/// in `_id`, else `id`.
fn id_field(body: &Struct, item: &Collection) -> Option<String> {
    let strings: Vec<&Field> = body.fields.iter().filter(|field| field.ty == Type::String).collect();
    let named = crate::naming::snake_name(&item.item);
    let singular = crate::words::singular(&item.wire).unwrap_or_else(|| item.wire.clone());
    for wanted in [format!("{named}_id"), named, format!("{singular}_id"), singular] {
        if let Some(field) = strings.iter().find(|field| field.wire == wanted) {
            return Some(field.wire.clone());
        }
    }
    match strings.iter().filter(|field| field.wire.ends_with("_id")).collect::<Vec<_>>()[..] {
        [only] => Some(only.wire.clone()),
        _ => strings.iter().find(|field| field.wire == "id").map(|field| field.wire.clone()),
    }
}

fn is_named(ty: &Type, name: &str) -> bool {
    matches!(ty, Type::Named(named) if named == name)
}

/// The parameter name when `path` is `list_path/{param}`.
fn item_param<'p>(list_path: &str, path: &'p str) -> Option<&'p str> {
    split_item(path).filter(|(parent, _)| *parent == list_path).map(|(_, param)| param)
}

/// `list-path/{param}` as the list path and the parameter's name.
fn split_item(path: &str) -> Option<(&str, &str)> {
    let (parent, rest) = path.rsplit_once("/{")?;
    let param = rest.strip_suffix('}')?;
    (!param.is_empty() && !param.contains(['/', '{', '}'])).then_some((parent, param))
}

/// The lists by their operation's path, each in list order: a route looks up only its own
/// path's and its parent's, not every list (which grew with operations × lists).
fn lists_on_path<'a>(operations: &'a [Operation], lists: &[List<'_>]) -> BTreeMap<&'a str, Vec<usize>> {
    let mut on_path: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (index, list) in lists.iter().enumerate() {
        for path in operations[list.operation].templates() {
            on_path.entry(path).or_default().push(index);
        }
    }
    on_path
}

/// The error body most operations share, and its message and `code` properties.
fn error_model(types: &[TypeDef], operations: &[Operation]) -> ErrorModel {
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for op in operations {
        if let Type::Named(name) = &op.error {
            *counts.entry(name.as_str()).or_default() += 1;
        }
    }
    // Most used first; ties by name, so the choice never depends on order.
    let Some((name, _)) = counts.into_iter().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(a.0))) else {
        return ErrorModel::default();
    };
    let find = |name: &str| types.iter().find(|def| def.name == name);
    let Some(def) = find(name) else { return ErrorModel::default() };
    let TypeKind::Struct(body) = &def.kind else { return ErrorModel::default() };
    let wire = |name: &str| body.fields.iter().find(|field| field.name == name).map(|field| field.wire.clone());
    let message = def.message_field.as_ref().and_then(|field| wire(&field.name));
    let code = body.fields.iter().find(|field| field.wire == "code").and_then(|field| {
        let kind = match &field.ty {
            Type::I32 | Type::I64 | Type::U32 | Type::U64 => ErrorCode::Number,
            Type::Named(name) => match &find(name)?.kind {
                TypeKind::Enum { variants, .. } => {
                    ErrorCode::Names(variants.iter().map(|variant| variant.wire.clone()).collect())
                }
                _ => return None,
            },
            _ => return None,
        };
        Some((field.wire.clone(), kind))
    });
    ErrorModel { message, code }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_item_path_is_its_list_path_and_one_parameter() {
        assert_eq!(split_item("/v1/widgets/{widget_id}"), Some(("/v1/widgets", "widget_id")));
        assert_eq!(split_item("/{id}"), Some(("", "id")));
        assert_eq!(split_item("/v1/widgets/{id}/parts"), None);
        assert_eq!(split_item("/v1/widgets/{}"), None);
        assert_eq!(split_item("/v1/widgets/{a}{b}"), None);
        assert_eq!(split_item("/v1/widgets/x{id}"), None);
        assert_eq!(item_param("/v1/widgets", "/v1/widgets/{id}"), Some("id"));
        assert_eq!(item_param("/v1/widget", "/v1/widgets/{id}"), None);
    }
}
