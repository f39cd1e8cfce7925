//! `API.txt`: the crate's public API, one line per item in [`crate::surface`]'s format,
//! printed from the IR and from the tokens emit declares the items with.
//!
//! The crate's fixed runtime (`Client::new`, `Response`, `Error`, `FakeServer::start`, …) is
//! the same for every crate with a client and is not listed, but the root re-exports of the
//! runtime components only some crates carry are (`use Poller`: a spec that loses its last
//! long-running operation loses them, and the report says so); nor are what follows from a listed item (setters
//! from fields, `as_str` from string enums, `as_i64` from integer enums).

use super::client::{Arg, Args, returns, stream_item};
use super::models::{new_params, query_fields};
use super::{CrateOptions, rust_type};
use crate::cores::on_every_core;
use crate::ir::{Api, Field, Operation, Query, StatusPattern, Struct, Type, TypeDef, TypeKind};
use crate::plan::Uses;
use crate::surface::{Item, Kind};
use proc_macro2::{Delimiter, TokenStream, TokenTree};
use quote::quote;
use std::collections::BTreeMap;

/// The comment lines at the top of the file.
const INTRO: &str = "# The public API of this crate, one line per item; models are in `models`, methods on `Client`.\n\
# `cargo xtask codegen` compares it with the previous version and reports what each change means.";

/// Said when the surface lists the fake's accessors.
const FAKE_NOTE: &str = "# `fake::` items are compiled with the crate's `fake` feature only.";

/// The surface file of `api`'s crate.
pub fn render(api: &Api, uses: Uses, options: &CrateOptions) -> String {
    let mut out = format!("{INTRO}\n");
    if api.fake.as_ref().is_some_and(|fake| !fake.collections.is_empty()) {
        out.push_str(FAKE_NOTE);
        out.push('\n');
    }
    for item in items(api, uses, options) {
        out.push_str(&item.to_string());
        out.push('\n');
    }
    out
}

/// Every item, in file order: the crate, constants, methods, then each type followed by its members.
fn items(api: &Api, uses: Uses, options: &CrateOptions) -> Vec<Item> {
    let mut items = vec![Item::new(Kind::Crate, options.name.as_str(), format!(" {}", options.version))];
    items.extend(conditional_exports(uses));
    if let Some(url) = &api.default_base_url {
        items.push(Item::new(Kind::Const, "DEFAULT_BASE_URL", format!(": &str = {url:?}")));
    }
    // Each item prints from the tokens emit declares it with: the most work here, on every core.
    let mut methods = on_every_core(api.operations.len(), |index| method(&api.operations[index]));
    methods.extend(api.operations.iter().filter_map(stream_method));
    methods.extend(api.operations.iter().flat_map(|op| poller_methods(api, op)));
    methods.sort_by(|a, b| a.path.cmp(&b.path));
    items.extend(methods);
    items.extend(fake_accessors(api));
    items.extend(unknown_fields_accessor(api));
    let statuses = statuses(api);
    let mut types = on_every_core(api.types.len(), |index| type_items(&api.types[index], &statuses));
    types.extend(api.operations.iter().filter_map(|op| op.query.as_ref()).map(query_items));
    types.sort_by(|a, b| a[0].path.cmp(&b[0].path));
    items.extend(types.into_iter().flatten());
    items
}

/// `use Poller`: the root re-exports of the runtime components that only some crates carry
/// (the plan's rows needed by something other than models or a client), sorted.
fn conditional_exports(uses: Uses) -> Vec<Item> {
    let components = uses.components().filter(|component| component.conditional());
    let mut items: Vec<Item> =
        components.flat_map(|component| component.exports).map(|name| Item::new(Kind::Use, *name, "")).collect();
    sort(&mut items);
    items
}

/// `fn fake::FakeServer::user_invites() -> FakeCollection<UserInvite>`: one per collection of
/// the fake (behind the `fake` feature), as `emit/fake.rs` declares them.
fn fake_accessors(api: &Api) -> Vec<Item> {
    let collections = api.fake.iter().flat_map(|fake| &fake.collections);
    let mut items: Vec<Item> = collections
        .map(|collection| {
            let path = format!("fake::FakeServer::{}", collection.accessor);
            Item::new(Kind::Fn, path, format!("() -> FakeCollection<{}>", collection.item))
        })
        .collect();
    sort(&mut items);
    items
}

/// `fn *::unknown_fields() -> &UnknownFields`: the accessor every struct has (but one whose
/// schema allows `additionalProperties`, which keeps them in that map), listed once: the
/// same method on every struct, like the runtime's items, it follows from the struct lines.
fn unknown_fields_accessor(api: &Api) -> Option<Item> {
    let any = api.types.iter().any(|def| matches!(&def.kind, TypeKind::Struct(body) if body.extra.is_none()));
    any.then(|| Item::new(Kind::Fn, "*::unknown_fields", "() -> &UnknownFields"))
}

/// `async fn Client::name(args) -> Result<Response<S>, Error<E>>`, as `emit/client.rs` declares it.
fn method(op: &Operation) -> Item {
    let args = params(Args::of(op).method());
    let rest = format!("({args}) -> {}", tokens_text(&returns(op)));
    Item::new(Kind::AsyncFn, format!("Client::{}", op.method_name), rest).deprecated(op.deprecated)
}

/// `fn Client::name_stream(args) -> impl Stream<Item = Result<Item, Error<E>>>`, for list
/// operations: `crate::Stream` is listed as `Stream`, its `use<'a>` left out.
fn stream_method(op: &Operation) -> Option<Item> {
    let pages = op.pages.as_ref().filter(|_| op.query.is_some())?;
    let args = params(Args::of(op).stream());
    let item = stream_item(op, pages);
    let rest = format!("({args}) -> {}", tokens_text(&quote!(impl Stream<Item = #item> + Unpin)));
    Some(Item::new(Kind::Fn, format!("Client::{}", pages.stream_method), rest).deprecated(op.deprecated))
}

/// `fn Client::x_poller(args) -> Poller<R, M, E>` and `fn Client::resume_x(operation_id: &str)
/// -> Poller<R, M, E>`, for a long-running operation, as `emit/lro.rs` declares them.
fn poller_methods(api: &Api, op: &Operation) -> Vec<Item> {
    let Some(lr) = &op.long_running else { return Vec::new() };
    let poller = tokens_text(&super::lro::poller_type(api, lr));
    let start = format!("({}) -> {poller}", params(Args::of(op).method()));
    let resume = format!("(operation_id: &str) -> {poller}");
    vec![
        Item::new(Kind::Fn, format!("Client::{}", lr.poller_method), start).deprecated(op.deprecated),
        Item::new(Kind::Fn, format!("Client::{}", lr.resume_method), resume).deprecated(op.deprecated),
    ]
}

/// `id: &str, body: &Body`: the arguments as a method declares them, without lifetimes.
fn params<'a>(args: impl Iterator<Item = &'a Arg>) -> String {
    let args: Vec<String> = args.map(|arg| format!("{}: {}", arg.name, tokens_text(&arg.ty(None)))).collect();
    args.join(", ")
}

/// Constructors beside the fields: `new(required…)` without `Default`, and an update body's
/// `from_set_fields(resource)`.
fn constructors(owner: &str, body: &Struct) -> Vec<Item> {
    let mut items = Vec::new();
    if !body.default && body.input {
        items.push(constructor(owner, &body.fields));
    }
    if let Some(mask) = &body.update_mask {
        let args = format!("(resource: {}) -> Self", mask.resource_type);
        items.push(Item::new(Kind::Fn, format!("{owner}::from_set_fields"), args));
    }
    items
}

/// A type's line, then its members sorted by name (the fallback last).
fn type_items(def: &TypeDef, statuses: &Statuses) -> Vec<Item> {
    let name = def.name.as_str();
    let error_body = def.is_error_body && !matches!(def.kind, TypeKind::Alias(_));
    let (kind, shape, mut traits, mut members) = match &def.kind {
        TypeKind::Struct(body) => {
            let mut members = struct_fields(name, body);
            members.extend(constructors(name, body));
            (Kind::Struct, String::new(), struct_traits(body), members)
        }
        TypeKind::Newtype(ty) => (Kind::Struct, format!("({})", type_text(ty)), Vec::new(), Vec::new()),
        TypeKind::Alias(ty) => (Kind::Type, format!(" = {}", type_text(ty)), Vec::new(), Vec::new()),
        TypeKind::Enum { variants, fallback } => {
            let mut members: Vec<Item> = variants
                .iter()
                .map(|variant| Item::new(Kind::Variant, format!("{name}::{}", variant.name), wire(&variant.wire)))
                .collect();
            sort(&mut members);
            members.push(Item::new(Kind::Fallback, format!("{name}::{fallback}"), ""));
            (Kind::Enum, String::new(), vec!["Display"], members)
        }
        TypeKind::IntEnum { variants, fallback } => {
            let mut members: Vec<Item> = variants
                .iter()
                .map(|variant| {
                    Item::new(Kind::Variant, format!("{name}::{}", variant.name), format!(" = {}", variant.value))
                })
                .collect();
            sort(&mut members);
            members.push(Item::new(Kind::Fallback, format!("{name}::{fallback}"), ""));
            (Kind::Enum, String::new(), vec!["Display"], members)
        }
        TypeKind::Union { variants, fallback, display, .. } => {
            let mut members: Vec<Item> = variants
                .iter()
                .map(|variant| {
                    let payload = boxed(&variant.ty, variant.boxed);
                    let tag = variant.tag_value.as_deref().map(wire).unwrap_or_default();
                    Item::new(Kind::Variant, format!("{name}::{}", variant.name), format!("({payload}){tag}"))
                })
                .collect();
            sort(&mut members);
            members.push(Item::new(Kind::Fallback, format!("{name}::{fallback}"), ""));
            (Kind::Enum, String::new(), if *display { vec!["Display"] } else { Vec::new() }, members)
        }
        TypeKind::StatusEnum { variants } => {
            let mut members: Vec<Item> = variants
                .iter()
                .map(|variant| {
                    let payload = variant.ty.as_ref().map(|ty| format!("({})", type_text(ty))).unwrap_or_default();
                    let statuses = statuses.get(&(name, variant.name.as_str())).map(|all| all.join(" | "));
                    let statuses = statuses.unwrap_or_default();
                    Item::new(Kind::Variant, format!("{name}::{}", variant.name), format!("{payload} = {statuses}"))
                })
                .collect();
            sort(&mut members);
            (Kind::Enum, String::new(), Vec::new(), members)
        }
    };
    if error_body {
        traits.push("ErrorBody");
    }
    let bounds = if traits.is_empty() { String::new() } else { format!(": {}", traits.join(" + ")) };
    let mut items = vec![Item::new(kind, name, format!("{shape}{bounds}")).deprecated(def.deprecated)];
    items.append(&mut members);
    items
}

/// Traits a struct has beyond those every model has; `Default` lets callers build it field by field.
fn struct_traits(body: &Struct) -> Vec<&'static str> {
    if body.default { vec!["Default"] } else { Vec::new() }
}

fn struct_fields(owner: &str, body: &Struct) -> Vec<Item> {
    let mut fields: Vec<Item> = body
        .fields
        .iter()
        .map(|field| {
            let ty = boxed(&field.ty, field.boxed);
            let ty = if field.optional { format!("Option<{ty}>") } else { ty };
            Item::new(Kind::Field, format!("{owner}.{}", field.name), format!(": {ty}")).deprecated(field.deprecated)
        })
        .collect();
    if let Some(extra) = &body.extra {
        let ty = type_text(&Type::Map(Box::new(extra.clone())));
        fields.push(Item::new(Kind::Field, format!("{owner}.additional_properties"), format!(": {ty}")));
    }
    sort(&mut fields);
    fields
}

/// A query struct: `Default` when every parameter is optional, as `emit/models.rs` derives it.
fn query_items(query: &Query) -> Vec<Item> {
    let name = query.type_name.as_str();
    let default = query.fields.iter().all(|field| !field.required);
    let mut items = vec![Item::new(Kind::Struct, name, if default { ": Default" } else { "" })];
    let mut fields: Vec<Item> = query
        .fields
        .iter()
        .map(|field| {
            let ty = type_text(&field.ty);
            let ty = if field.required { ty } else { format!("Option<{ty}>") };
            Item::new(Kind::Field, format!("{name}.{}", field.name), format!(": {ty}"))
        })
        .collect();
    sort(&mut fields);
    items.append(&mut fields);
    if !default {
        items.push(constructor(name, &query_fields(query)));
    }
    items
}

/// `fn Owner::new(required…) -> Self`, with the parameters `emit/models.rs` declares.
fn constructor(owner: &str, fields: &[Field]) -> Item {
    let params: Vec<String> =
        new_params(fields).iter().map(|param| format!("{}: {}", param.name, tokens_text(&param.ty))).collect();
    Item::new(Kind::Fn, format!("{owner}::new"), format!("({}) -> Self", params.join(", ")))
}

/// The statuses each status-enum variant stands for (`(enum, variant)` → patterns, in
/// operation order), from the operations that dispatch to it: gathered once, not per variant.
type Statuses<'a> = BTreeMap<(&'a str, &'a str), Vec<String>>;

fn statuses(api: &Api) -> Statuses<'_> {
    let mut statuses = Statuses::new();
    for op in &api.operations {
        for arm in &op.arms {
            let ty = if arm.success { &op.success } else { &op.error };
            let (Type::Named(name), Some(variant)) = (ty, &arm.variant) else { continue };
            let pattern = match arm.status {
                StatusPattern::Exact(code) => code.to_string(),
                StatusPattern::Range(class) => format!("{class}XX"),
                StatusPattern::Default => "default".to_owned(),
            };
            statuses.entry((name.as_str(), variant.as_str())).or_default().push(pattern);
        }
    }
    statuses
}

fn sort(items: &mut [Item]) {
    items.sort_by(|a, b| a.path.cmp(&b.path));
}

/// ` = "WIRE"`, escaped so a line never breaks.
fn wire(value: &str) -> String {
    format!(" = {value:?}")
}

fn boxed(ty: &Type, boxed: bool) -> String {
    let ty = rust_type(ty);
    tokens_text(&if boxed { quote!(Box<#ty>) } else { ty })
}

/// The Rust spelling of a type, as emit spells it, on one line.
fn type_text(ty: &Type) -> String {
    tokens_text(&rust_type(ty))
}

/// Tokens as compact text: `Vec<Foo>`, `BTreeMap<String, T>`, `impl Stream<Item = T>`.
fn tokens_text(tokens: &TokenStream) -> String {
    let mut out = String::new();
    // Two words in a row (`impl Stream`, `&'a str`) need a space; punctuation does not.
    let mut word = false;
    for tree in tokens.clone() {
        match &tree {
            TokenTree::Ident(_) | TokenTree::Literal(_) => {
                if word {
                    out.push(' ');
                }
                out.push_str(&tree.to_string());
                word = true;
            }
            TokenTree::Punct(punct) => {
                match punct.as_char() {
                    ',' => out.push_str(", "),
                    '=' => out.push_str(" = "),
                    '+' => out.push_str(" + "),
                    other => out.push(other),
                }
                word = false;
            }
            TokenTree::Group(group) => {
                let (open, close) = match group.delimiter() {
                    Delimiter::Parenthesis => ("(", ")"),
                    Delimiter::Bracket => ("[", "]"),
                    Delimiter::Brace => ("{", "}"),
                    Delimiter::None => ("", ""),
                };
                out.push_str(open);
                out.push_str(&tokens_text(&group.stream()));
                out.push_str(close);
                word = false;
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_read_as_rust() {
        assert_eq!(
            type_text(&Type::Map(Box::new(Type::List(Box::new(Type::I64String))))),
            "std::collections::BTreeMap<String, Vec<i64>>"
        );
        assert_eq!(type_text(&Type::DateTime), "chrono::DateTime<chrono::Utc>");
        assert_eq!(type_text(&Type::Unit), "()");
        assert_eq!(
            tokens_text(&quote!(impl Stream<Item = Result<&'a str, Error<()>>>)),
            "impl Stream<Item = Result<&'a str, Error<()>>>"
        );
        assert_eq!(tokens_text(&quote!(impl Stream<Item = T> + Unpin)), "impl Stream<Item = T> + Unpin");
    }
}
