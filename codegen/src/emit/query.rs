//! The query string and the `Cookie` header of each operation, as emitted code.
//!
//! Scalars and lists are written field by field; a `QueryStyle::Json` value as its JSON text.
//! Objects and maps go through their JSON form (the models' serde names and codecs apply),
//! written by the runtime's `query.rs`, which only crates with such a parameter carry.

use super::ident;
use crate::ir::{HeaderArg, Query, QueryField, QueryStyle, Type};
use proc_macro2::TokenStream;
use quote::quote;

/// Query parameters as `(name, value)` pairs: `None` is left out, lists repeat the key or are
/// joined with commas, objects are written by their style.
pub fn query_pairs(query: &Query) -> TokenStream {
    let arg = ident(&query.arg);
    let (objects, plain): (Vec<&QueryField>, Vec<&QueryField>) =
        query.fields.iter().partition(|field| field.style.is_object());
    // Fields keep the existing shape (one `pairs` list of static names); objects, whose keys
    // are built at run time, add a second list.
    let plain = (!plain.is_empty() || objects.is_empty()).then(|| {
        let pushes = plain.iter().map(|field| plain_push(&arg, field));
        quote! {
            let mut pairs: Vec<(&str, String)> = Vec::new();
            #(#pushes)*
            let request = request.query(&pairs);
        }
    });
    let objects = (!objects.is_empty()).then(|| {
        let pushes = objects.iter().map(|field| object_push(&arg, field));
        quote! {
            let mut object_pairs: Vec<(String, String)> = Vec::new();
            #(#pushes)*
            let request = request.query(&object_pairs);
        }
    });
    quote!(#plain #objects)
}

fn plain_push(arg: &proc_macro2::Ident, field: &QueryField) -> TokenStream {
    let name = ident(&field.name);
    let wire = &field.wire;
    if field.style == QueryStyle::Json {
        // Models, lists and maps of them always serialize to JSON.
        let push = quote!(pairs.push((#wire, serde_json::to_string(value).unwrap_or_default())););
        return if field.required {
            quote!(let value = &#arg.#name; #push)
        } else {
            quote!(if let Some(value) = &#arg.#name { #push })
        };
    }
    let (item_ty, repeated) = match &field.ty {
        Type::List(item) => (&**item, true),
        ty => (ty, false),
    };
    let text = match item_ty {
        Type::DateTime => quote!(value.to_rfc3339()),
        _ => quote!(value.to_string()),
    };
    let separator = match field.style {
        QueryStyle::FormFlat => Some(","),
        QueryStyle::SpaceDelimited => Some(" "),
        QueryStyle::PipeDelimited => Some("|"),
        _ => None,
    };
    if let Some(separator) = separator.filter(|_| repeated) {
        // `explode: false`: one key, the items joined by the style's separator.
        let join = quote! {
            let joined: Vec<String> = values.iter().map(|value| #text).collect();
            pairs.push((#wire, joined.join(#separator)));
        };
        return if field.required {
            quote!(let values = &#arg.#name; #join)
        } else {
            quote!(if let Some(values) = &#arg.#name { #join })
        };
    }
    let push = quote!(pairs.push((#wire, #text)););
    match (field.required, repeated) {
        (true, false) => quote!(let value = &#arg.#name; #push),
        (true, true) => quote!(for value in &#arg.#name { #push }),
        (false, false) => quote!(if let Some(value) = &#arg.#name { #push }),
        (false, true) => quote!(for value in #arg.#name.iter().flatten() { #push }),
    }
}

fn object_push(arg: &proc_macro2::Ident, field: &QueryField) -> TokenStream {
    let name = ident(&field.name);
    let wire = &field.wire;
    let style = match field.style {
        QueryStyle::DeepObject => quote!(ObjectStyle::DeepObject),
        QueryStyle::FormObjectFlat => quote!(ObjectStyle::FormFlat),
        _ => quote!(ObjectStyle::Form),
    };
    let push = quote!(push_object(&mut object_pairs, #wire, value, #style););
    if field.required {
        quote!(let value = &#arg.#name; #push)
    } else {
        quote!(if let Some(value) = &#arg.#name { #push })
    }
}

/// The `Cookie` header of an operation's cookie parameters: `a=1; b=2`, unset ones left out.
pub fn cookie_header(cookies: &[HeaderArg]) -> Option<TokenStream> {
    if cookies.is_empty() {
        return None;
    }
    let pairs = cookies.iter().map(|cookie| {
        let arg = ident(&cookie.arg);
        let prefix = format!("{}=", cookie.wire);
        if cookie.required {
            quote!(Some([#prefix, #arg].concat()),)
        } else {
            quote!(#arg.map(|value| [#prefix, value].concat()),)
        }
    });
    Some(quote! {
        let cookies: Vec<String> = [#(#pairs)*].into_iter().flatten().collect();
        let request = if cookies.is_empty() { request } else { request.header(reqwest::header::COOKIE, cookies.join("; ")) };
    })
}
