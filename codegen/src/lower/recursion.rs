//! Boxes the fields that make a type contain itself, so every type has a finite size.

use crate::ir::{Type, TypeDef, TypeKind};
use std::collections::BTreeMap;

/// Turns aliases that reach themselves (`A = Vec<A>`, `A = Map<A>`, `A = B = Vec<A>`) into
/// newtypes: a type alias cannot be recursive, a struct can.
pub fn newtype_alias_cycles(types: &mut [TypeDef]) {
    let aliases: BTreeMap<String, Type> = types
        .iter()
        .filter_map(|def| match &def.kind {
            TypeKind::Alias(ty) => Some((def.name.clone(), ty.clone())),
            _ => None,
        })
        .collect();
    for def in types.iter_mut() {
        if let TypeKind::Alias(ty) = &def.kind {
            if reaches(ty, &def.name, &aliases, &mut Vec::new()) {
                def.kind = TypeKind::Newtype(ty.clone());
            }
        }
    }
}

/// Whether `ty`, looking through aliases, lists and maps, mentions `name`.
fn reaches<'a>(ty: &'a Type, name: &str, aliases: &'a BTreeMap<String, Type>, seen: &mut Vec<&'a str>) -> bool {
    match ty {
        Type::Named(other) if other == name => true,
        Type::Named(other) => match aliases.get_key_value(other) {
            Some((key, target)) if !seen.contains(&key.as_str()) => {
                seen.push(key);
                reaches(target, name, aliases, seen)
            }
            _ => false,
        },
        Type::List(inner) | Type::Map(inner) => reaches(inner, name, aliases, seen),
        _ => false,
    }
}

/// Boxes every direct (not behind a `Vec` or map) reference that stays inside a strongly
/// connected component of the "contains" graph: exactly the edges of a cycle.
pub fn box_cycles(types: &mut [TypeDef]) {
    let index: BTreeMap<String, usize> = types.iter().enumerate().map(|(i, def)| (def.name.clone(), i)).collect();
    let edges: Vec<Vec<usize>> =
        types.iter().map(|def| direct_refs(&def.kind).filter_map(|name| index.get(name).copied()).collect()).collect();
    let component = strongly_connected(&edges);
    let in_cycle = |from: usize, to: &Type| match to {
        Type::Named(name) => index
            .get(name.as_str())
            .is_some_and(|&to| component[to] == component[from] && (to != from || edges[from].contains(&from))),
        _ => false,
    };
    for (from, def) in types.iter_mut().enumerate() {
        match &mut def.kind {
            TypeKind::Struct(body) => body.fields.iter_mut().for_each(|field| field.boxed = in_cycle(from, &field.ty)),
            TypeKind::Union { variants, .. } => {
                variants.iter_mut().for_each(|variant| variant.boxed = in_cycle(from, &variant.ty))
            }
            _ => {}
        }
    }
}

fn direct_refs(kind: &TypeKind) -> Box<dyn Iterator<Item = &str> + '_> {
    fn named(ty: &Type) -> Option<&str> {
        match ty {
            Type::Named(name) => Some(name.as_str()),
            _ => None,
        }
    }
    match kind {
        TypeKind::Struct(body) => Box::new(body.fields.iter().filter_map(|field| named(&field.ty))),
        TypeKind::Union { variants, .. } => Box::new(variants.iter().filter_map(|variant| named(&variant.ty))),
        TypeKind::Alias(ty) | TypeKind::Newtype(ty) => Box::new(named(ty).into_iter()),
        TypeKind::Enum { .. } | TypeKind::IntEnum { .. } | TypeKind::StatusEnum { .. } => Box::new(std::iter::empty()),
    }
}

/// Tarjan's algorithm, iterative so that deep specs cannot overflow the stack.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let count = edges.len();
    let (mut order, mut low, mut component) = (vec![UNSEEN; count], vec![0; count], vec![UNSEEN; count]);
    let (mut on_stack, mut stack, mut next_order, mut next_component) = (vec![false; count], Vec::new(), 0, 0);
    for root in 0..count {
        if order[root] != UNSEEN {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some((node, child)) = work.pop() {
            if child == 0 {
                order[node] = next_order;
                low[node] = next_order;
                next_order += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&next) = edges[node].get(child) {
                work.push((node, child + 1));
                if order[next] == UNSEEN {
                    work.push((next, 0));
                } else if on_stack[next] {
                    low[node] = low[node].min(order[next]);
                }
                continue;
            }
            if low[node] == order[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
        }
    }
    component
}
