//! Long-running operations in `src/client.rs`: how the runtime's `Poller` reads each
//! operation resource (`impl crate::poller::Operation`), and each long-running operation's
//! `x_poller(args…)` and `resume_x(operation_id)`.
//!
//! Quoted, not built as syntax: a crate has a few of them, not one per field.

use super::{ident, rust_type};
use crate::ir::{Api, FieldRef, LongRunning, Member, Operation, OperationResource, OperationStatus, Type, TypeKind};
use proc_macro2::TokenStream;
use quote::{ToTokens, quote};

/// The resources the long-running operations answer: each gets its `Operation` impl.
pub fn used_resources(api: &Api) -> impl Iterator<Item = &OperationResource> {
    let used =
        |index: usize| api.operations.iter().any(|op| op.long_running.as_ref().is_some_and(|lr| lr.resource == index));
    api.operation_resources.iter().enumerate().filter(move |(index, _)| used(*index)).map(|(_, resource)| resource)
}

/// `Poller<Result, Metadata, ErrorBody>`: what both methods of `lr` return.
pub(super) fn poller_type(api: &Api, lr: &LongRunning) -> TokenStream {
    let result = rust_type(&lr.result.ty);
    let metadata = rust_type(&lr.metadata.ty);
    let error = rust_type(&api.operation_resources[lr.resource].error_type);
    quote!(Poller<#result, #metadata, #error>)
}

/// `impl crate::poller::Operation for Resource`: its id, whether it is done, and its poll.
pub fn resource_impl(api: &Api, resource: &OperationResource) -> TokenStream {
    let name = ident(&resource.type_name);
    let response = rust_type(&resource.response_type);
    let metadata = rust_type(&resource.metadata_type);
    let error = rust_type(&resource.error_type);
    let id = match &resource.id {
        FieldRef { optional: true, .. } => {
            let field = ident(&resource.id.name);
            quote!(self.#field.as_deref())
        }
        FieldRef { name, .. } => {
            let field = ident(name);
            quote!(Some(&self.#field))
        }
    };
    let progress = progress(resource);
    let poll = &api.operations[resource.poll];
    let poll_method = ident(&poll.method_name);
    let poll_args = fetch_args(poll);
    let fetched =
        optional(quote!(client.#poll_method(#(#poll_args),*).await?.into_inner()), resource.poll_wrap.as_ref());
    quote! {
        impl crate::poller::Operation for #name {
            type Response = #response;
            type Metadata = #metadata;
            type Error = #error;

            fn id(&self) -> Option<&str> {
                #id
            }

            fn progress(self) -> crate::poller::Progress<#response, #metadata, #error> {
                #progress
            }

            async fn fetch(client: Client, id: String) -> Result<Option<Self>, Error<#error>> {
                Ok(#fetched)
            }
        }
    }
}

/// The poll operation's arguments: the id for its path parameter, `None` for an optional
/// header, the default query.
fn fetch_args(poll: &Operation) -> Vec<TokenStream> {
    let mut args = vec![quote!(&id)];
    args.extend(poll.headers.iter().chain(&poll.cookies).map(|_| quote!(None)));
    args.extend(poll.query.iter().map(|_| quote!(&Default::default())));
    args
}

/// `Progress::…` from the resource's state, or its `done` flag and error.
fn progress(resource: &OperationResource) -> TokenStream {
    let response = optional(quote!(self), Some(&resource.response));
    let metadata = optional(quote!(self), Some(&resource.metadata));
    let error = optional(quote!(self), Some(&resource.error));
    match &resource.status {
        OperationStatus::State { field, enum_type, succeeded, failed, .. } => {
            let state = ident(&field.name);
            let pattern = |variants: &[crate::ir::EnumVariant]| {
                let enum_type = ident(enum_type);
                let names = variants.iter().map(|variant| ident(&variant.name));
                let any = quote!(#(#enum_type::#names)|*);
                if field.optional { quote!(Some(#any)) } else { any }
            };
            let (succeeded, failed) = (pattern(succeeded), pattern(failed));
            quote! {
                match self.#state {
                    #succeeded => crate::poller::Progress::Succeeded(#response),
                    #failed => crate::poller::Progress::Failed(#error),
                    _ => crate::poller::Progress::Running(#metadata),
                }
            }
        }
        OperationStatus::Done { field } => {
            let done = ident(&field.name);
            let done = if field.optional { quote!(self.#done.unwrap_or(false)) } else { quote!(self.#done) };
            quote! {
                if !#done {
                    return crate::poller::Progress::Running(#metadata);
                }
                match #error {
                    Some(error) => crate::poller::Progress::Failed(Some(error)),
                    None => crate::poller::Progress::Succeeded(#response),
                }
            }
        }
    }
}

/// `base.field` as an `Option` of its unboxed value; `base` itself without a field.
fn optional(base: TokenStream, field: Option<&FieldRef>) -> TokenStream {
    let Some(field) = field else { return quote!(Some(#base)) };
    let name = ident(&field.name);
    match (field.optional, field.boxed) {
        (true, true) => quote!(#base.#name.map(|value| *value)),
        (true, false) => quote!(#base.#name),
        (false, true) => quote!(Some(*#base.#name)),
        (false, false) => quote!(Some(#base.#name)),
    }
}

/// The operation method's arguments as a poller takes them (`client::Args` decides them):
/// its parameters, the owned copy of each that the poller keeps, and how each is lent back.
pub struct Arguments {
    pub params: Vec<TokenStream>,
    pub owned: Vec<TokenStream>,
    pub lent: Vec<TokenStream>,
}

/// `x_poller(args…)`, which starts `x` and polls its operation, and `resume_x(operation_id)`.
pub fn methods(api: &Api, op: &Operation, lr: &LongRunning, args: Arguments) -> TokenStream {
    let resource = &api.operation_resources[lr.resource];
    let ty = poller_type(api, lr);
    let (poller, resume, method) = (ident(&lr.poller_method), ident(&lr.resume_method), ident(&op.method_name));
    let many_args = (args.params.len() > 6).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let Arguments { params, owned, lent } = args;
    let started = optional(quote!(client.#method(#(#lent),*).await?.into_inner()), lr.wrap.as_ref());
    let (result, metadata) = typed_fns(op, lr);
    let resource_name = ident(&resource.type_name);
    let (poller_docs, resume_docs) = docs(api, op, lr);
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    quote! {
        #(#[doc = #poller_docs])*
        #deprecated
        #many_args
        pub fn #poller(&self, #(#params),*) -> #ty {
            let client = self.clone();
            #(#owned)*
            let start = crate::poller::Start::call(async move { Ok(#started) });
            Poller::new(self, start, #result, #metadata)
        }

        #(#[doc = #resume_docs])*
        #deprecated
        pub fn #resume(&self, operation_id: &str) -> #ty {
            let start = crate::poller::Start::<#resource_name>::Resume(operation_id.to_owned());
            Poller::new(self, start, #result, #metadata)
        }
    }
}

/// The result's and the metadata's functions: each a union member's free function
/// (`create_thing_result`), or the whole union's (`identity`, `Some`).
fn typed_fns(op: &Operation, lr: &LongRunning) -> (TokenStream, TokenStream) {
    let method = crate::naming::unraw(&op.method_name);
    let result = match lr.result.variant {
        Some(_) => ident(&format!("{method}_result")).into_token_stream(),
        None => quote!(std::convert::identity),
    };
    let metadata = match lr.metadata.variant {
        Some(_) => ident(&format!("{method}_metadata")).into_token_stream(),
        None => quote!(Some),
    };
    (result, metadata)
}

/// The free functions that pick a long-running operation's members out of its resource's
/// unions: a success without a response is the result's default when it has one.
pub fn member_fns(api: &Api, op: &Operation, lr: &LongRunning) -> TokenStream {
    let resource = &api.operation_resources[lr.resource];
    let (result_fn, metadata_fn) = typed_fns(op, lr);
    let method = crate::naming::unraw(&op.method_name);
    let result = lr.result.variant.as_ref().map(|(variant, _)| {
        let (union, variant, ty) = (rust_type(&resource.response_type), ident(variant), rust_type(&lr.result.ty));
        let absent = lr.result.default.then(|| quote!(None => Some(Default::default()),));
        let doc = format!(" The result of a [`{method}`](Client::{method}) operation, among its resource's responses.");
        quote! {
            #[doc = #doc]
            fn #result_fn(response: Option<#union>) -> Option<#ty> {
                match response {
                    Some(#union::#variant(result)) => Some(result),
                    #absent
                    _ => None,
                }
            }
        }
    });
    let metadata = lr.metadata.variant.as_ref().map(|(variant, _)| {
        let (union, variant, ty) = (rust_type(&resource.metadata_type), ident(variant), rust_type(&lr.metadata.ty));
        let doc = format!(" The metadata of a [`{method}`](Client::{method}) operation, among its resource's.");
        quote! {
            #[doc = #doc]
            fn #metadata_fn(metadata: #union) -> Option<#ty> {
                match metadata {
                    #union::#variant(metadata) => Some(metadata),
                    _ => None,
                }
            }
        }
    });
    quote!(#result #metadata)
}

/// The two methods' docs: what they start or resume, the types they are typed with, and the
/// poll operation.
fn docs(api: &Api, op: &Operation, lr: &LongRunning) -> (Vec<String>, Vec<String>) {
    let method = crate::naming::unraw(&op.method_name);
    let poll = crate::naming::unraw(&api.operations[api.operation_resources[lr.resource].poll].method_name);
    let typed = |member: &Member, what: &str| match &member.ty {
        Type::Named(name) if is_linkable(api, name) => format!("{what} [`{name}`]"),
        _ => what.to_owned(),
    };
    let (result, metadata) = (typed(&lr.result, "its result"), typed(&lr.metadata, "its metadata"));
    let poller = vec![
        format!(" Starts [`{method}`](Self::{method}) and waits for its long-running operation:"),
        format!(" [`until_done`](Poller::until_done) returns {result}, [`poll`](Poller::poll)"),
        format!(" reports progress with {metadata}. Polls with [`{poll}`](Self::{poll})."),
    ];
    let resume = vec![
        format!(" Waits for a [`{method}`](Self::{method}) operation started earlier, in this process or"),
        " another, by the id its poller's [`operation_id`](Poller::operation_id) gave.".to_owned(),
    ];
    (poller, resume)
}

/// A type rustdoc can link to from `client.rs`: a model.
fn is_linkable(api: &Api, name: &str) -> bool {
    api.type_named(name).is_some_and(|def| !matches!(def.kind, TypeKind::StatusEnum { .. }))
}
