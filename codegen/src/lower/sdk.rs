//! SDK conveniences recognised by the shape of the lowered API, for any spec that has them:
//! page streams for list operations, field masks for update bodies, and the OAuth2
//! client-credentials flow the client can run itself.

use crate::ir::{
    ClientCredentialsFlow, Field, MaskPath, Operation, Pages, Struct, Type, TypeDef, TypeKind, UpdateMask,
};
use crate::load::Spec;
use heck::ToLowerCamelCase;
use std::collections::{BTreeSet, HashMap};

/// Wire names of the paging fields (AIP-158, as Redpanda and Google APIs use them).
const PAGE_TOKEN: &str = "page_token";
const NEXT_PAGE_TOKEN: &str = "next_page_token";
/// The query parameter that bounds a page (read by the fake; the client sends what it is given).
pub(super) const PAGE_SIZE: &str = "page_size";
/// Wire name of a `google.protobuf.FieldMask` beside the resource it applies to (AIP-134).
const UPDATE_MASK: &str = "update_mask";

/// The first (by name) OAuth2 scheme with a client-credentials flow.
pub fn client_credentials(spec: &Spec) -> Option<ClientCredentialsFlow> {
    spec.security_schemes.values().find_map(|scheme| {
        let flow = scheme.value.flows.client_credentials.as_ref().filter(|_| scheme.value.kind == "oauth2")?;
        Some(ClientCredentialsFlow { token_url: flow.token_url.clone(), audience: flow.audience.clone() })
    })
}

/// Marks list operations whose query has `page_token` and whose response has
/// `next_page_token` beside exactly one list.
pub fn mark_pages(operations: &mut [Operation], types: &[TypeDef]) {
    let structs: HashMap<&str, &Struct> = structs(types).collect();
    let mut taken: BTreeSet<String> = operations
        .iter()
        .map(|op| op.method_name.clone())
        .chain(crate::plan::client_methods().map(str::to_owned))
        .collect();
    for op in operations.iter_mut() {
        let Some(pages) = pages(op, &structs) else { continue };
        if taken.insert(pages.stream_method.clone()) {
            op.pages = Some(pages);
        }
    }
}

fn pages(op: &Operation, structs: &HashMap<&str, &Struct>) -> Option<Pages> {
    let token = op.query.as_ref()?.fields.iter().find(|field| field.wire == PAGE_TOKEN)?;
    if token.required || token.ty != Type::String || op.body.is_some() {
        return None;
    }
    let Type::Named(success) = &op.success else { return None };
    let response = structs.get(success.as_str())?;
    let next = response.fields.iter().find(|field| field.wire == NEXT_PAGE_TOKEN && field.ty == Type::String)?;
    let items = only_list(response)?;
    let Type::List(item) = &items.ty else { return None };
    Some(Pages {
        stream_method: format!("{}_stream", crate::naming::unraw(&op.method_name)),
        token_field: token.name.clone(),
        items_field: items.name.clone(),
        items_optional: items.optional,
        next_field: next.name.clone(),
        next_optional: next.optional,
        item: (**item).clone(),
    })
}

/// Marks the structs the client sends: request bodies, object query parameters, and every
/// struct reachable from them.
pub fn mark_inputs(types: &mut [TypeDef], operations: &[Operation]) {
    let index: HashMap<String, usize> = types.iter().enumerate().map(|(at, def)| (def.name.clone(), at)).collect();
    let bodies = operations.iter().filter_map(|op| op.body.as_ref()).map(|body| &body.ty);
    let queries = operations.iter().filter_map(|op| op.query.as_ref()).flat_map(|query| &query.fields);
    let mut pending: Vec<&Type> = bodies.chain(queries.map(|field| &field.ty)).collect();
    let mut seen: BTreeSet<usize> = BTreeSet::new();
    let mut named: Vec<usize> = Vec::new();
    while let Some(ty) = pending.pop() {
        match ty {
            Type::List(inner) | Type::Map(inner) => pending.push(inner),
            Type::Named(name) => {
                if let Some(&at) = index.get(name)
                    && seen.insert(at)
                {
                    named.push(at);
                    pending.extend(types[at].field_types());
                }
            }
            _ => {}
        }
    }
    for at in named {
        if let TypeKind::Struct(body) = &mut types[at].kind {
            body.input = true;
        }
    }
}

/// Marks bodies with a string `update_mask` beside exactly one struct-typed field.
pub fn mark_update_masks(types: &mut [TypeDef]) {
    let masks: Vec<(usize, UpdateMask)> = {
        let structs: HashMap<&str, &Struct> = structs(types).collect();
        types
            .iter()
            .enumerate()
            .filter_map(|(index, def)| match &def.kind {
                TypeKind::Struct(body) => update_mask(body, &structs).map(|mask| (index, mask)),
                _ => None,
            })
            .collect()
    };
    for (index, mask) in masks {
        if let TypeKind::Struct(body) = &mut types[index].kind {
            body.update_mask = Some(mask);
        }
    }
}

/// The mask marked with `x-field-mask-for`, or else a string `update_mask` beside exactly one
/// struct-typed field.
fn update_mask(body: &Struct, structs: &HashMap<&str, &Struct>) -> Option<UpdateMask> {
    let struct_of = |field: &Field| match &field.ty {
        Type::Named(name) => structs.get(name.as_str()).copied(),
        _ => None,
    };
    let marked = body.fields.iter().find(|field| field.mask_for.is_some() && field.ty == Type::String);
    let (mask, resource, resource_struct) = match marked {
        Some(mask) => {
            let resource = body.fields.iter().find(|field| Some(&field.wire) == mask.mask_for.as_ref())?;
            (mask, resource, struct_of(resource)?)
        }
        None => {
            let mask = body.fields.iter().find(|field| field.wire == UPDATE_MASK && field.ty == Type::String)?;
            let resources: Vec<(&Field, &Struct)> =
                body.fields.iter().filter_map(|field| struct_of(field).map(|found| (field, found))).collect();
            let [(resource, resource_struct)] = resources[..] else { return None };
            (mask, resource, resource_struct)
        }
    };
    let Type::Named(resource_type) = &resource.ty else { return None };
    // `from_set_fields` fills the mask and the resource; everything else must have a default.
    if !body.default || !mask.optional || !resource.optional {
        return None;
    }
    Some(UpdateMask {
        mask_field: mask.name.clone(),
        resource_field: resource.name.clone(),
        resource_boxed: resource.boxed,
        resource_type: resource_type.clone(),
        paths: resource_struct
            .fields
            .iter()
            .map(|field| MaskPath {
                field: field.name.clone(),
                path: field.wire.to_lower_camel_case(),
                optional: field.optional,
            })
            .collect(),
    })
}

/// The one list-typed field of `response`, if it has exactly one.
pub(super) fn only_list(response: &Struct) -> Option<&Field> {
    let [items] = response.fields.iter().filter(|field| matches!(field.ty, Type::List(_))).collect::<Vec<_>>()[..]
    else {
        return None;
    };
    Some(items)
}

/// Every struct of `types`, by name.
pub(super) fn structs(types: &[TypeDef]) -> impl Iterator<Item = (&str, &Struct)> {
    types.iter().filter_map(|def| match &def.kind {
        TypeKind::Struct(body) => Some((def.name.as_str(), body)),
        _ => None,
    })
}
