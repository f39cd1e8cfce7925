//! `src/client.rs`: the `Client`, one async method per operation, and response dispatch.

use super::syntax::{self, Method, Receiver};
use super::{Chunk, Member, RustFile, doc_attributes, ident, rust_type, syntax_type};
use crate::ir::{
    Api, Body, BodyMedia, Decode, HeaderArg, Operation, Pages, Piece, ResponseArm, Segment, StatusPattern, Type,
    TypeKind,
};
use proc_macro2::{Ident, Span, TokenStream};
use quote::{ToTokens, quote};
use syn::{Expr, Pat};

pub fn client(api: &Api) -> RustFile<'_> {
    let head = move || {
        let models_import = uses_models(api).then(|| {
            quote!(
                use crate::models::*;
            )
        });
        let base_url = api.default_base_url.as_ref().map(|url| {
            quote! {
                /// The API's default base URL, from the spec's first `servers` entry.
                pub const DEFAULT_BASE_URL: &str = #url;
            }
        });
        // An operation that documents no response decodes nothing: its only arm is `unexpected`.
        let decode = api.operations.iter().any(|op| !op.arms.is_empty()).then(|| quote!(, decode));
        let deprecated = super::models::has_deprecated(api) || api.operations.iter().any(|op| op.deprecated);
        let allow_deprecated = deprecated.then(|| {
            quote!(#![allow(deprecated, reason = "the spec's deprecated operations and schemas stay callable; their users get the warning")])
        });
        let query_import = super::query::import(api);
        let poller_import = super::lro::has_pollers(api).then(|| {
            quote!(
                use crate::poller::Poller;
            )
        });
        let token_defaults = token_defaults(api);
        quote! {
            #![doc = " The operations of the spec: one async method of [`Client`](crate::Client) each."]
            #allow_deprecated

            use crate::error::Error;
            use crate::transport::{Client, Response #decode};
            #models_import
            #poller_import
            #query_import
            use reqwest::Method;
            #base_url
            #token_defaults
        }
    };
    // The operation method is built as syntax (every operation has one); its page stream is
    // quoted (a list operation's only).
    let methods = api.operations.iter().map(|op| -> Member<'_> {
        Member::Syntax(Box::new(move || {
            let mut members = vec![operation(op, update_mask_field(api, op))?];
            if let Some(pages) = &op.pages {
                members.extend(syntax::parse_members(stream_method(op, pages))?);
            }
            if let Some(lr) = &op.long_running {
                members.extend(syntax::parse_members(super::lro::methods(api, op, lr, poller_arguments(op)))?);
            }
            Ok(members)
        }))
    });
    let mut chunks = vec![
        Chunk::Items(Box::new(head)),
        Chunk::Impl { header: Box::new(|| quote!(impl Client)), members: methods.collect() },
    ];
    for resource in super::lro::used_resources(api) {
        chunks.push(Chunk::Items(Box::new(move || super::lro::resource_impl(api, resource))));
    }
    for op in &api.operations {
        if let Some(lr) = &op.long_running {
            chunks.push(Chunk::Items(Box::new(move || super::lro::member_fns(api, op, lr))));
        }
    }
    RustFile { chunks }
}

/// What `auth::ClientCredentials::new` starts from: the spec's client-credentials flow.
fn token_defaults(api: &Api) -> TokenStream {
    let option = |value: Option<&String>| match value {
        Some(value) => quote!(Some(#value)),
        None => quote!(None),
    };
    let flow = api.client_credentials.as_ref();
    let token_url = option(flow.map(|flow| &flow.token_url));
    let audience = option(flow.and_then(|flow| flow.audience.as_ref()));
    quote! {
        /// The token endpoint of the spec's OAuth2 client-credentials flow.
        pub(crate) const DEFAULT_TOKEN_URL: Option<&str> = #token_url;
        /// The `audience` that token requests name (the flow's `x-audience`).
        pub(crate) const DEFAULT_AUDIENCE: Option<&str> = #audience;
    }
}

/// `<operation>_stream`: the same arguments, every item of every page.
fn stream_method(op: &Operation, pages: &Pages) -> TokenStream {
    let name = ident(&pages.stream_method);
    let method = ident(&op.method_name);
    let bare = crate::naming::unraw(&op.method_name);
    let doc = [
        format!(" Every item of [`{bare}`](Self::{bare}), page after page: each page's next token is"),
        " sent as the next page token, until it is empty. Other query parameters are kept.".to_owned(),
    ];
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let Some(query) = &op.query else { return quote!() };
    let args = Args::of(op);
    let lifetime = syn::Lifetime::new("'a", Span::call_site());
    let params = args.stream().map(|arg| arg.param(Some(&lifetime)));
    let leading = args.leading.iter().map(|arg| &arg.name);
    let query_arg = ident(&query.arg);
    let token = ident(&pages.token_field);
    let items = ident(&pages.items_field);
    let next = ident(&pages.next_field);
    let item = stream_item(op, pages);
    let items_value = if pages.items_optional { quote!(page.#items.unwrap_or_default()) } else { quote!(page.#items) };
    let next_value = if pages.next_optional { quote!(page.#next) } else { quote!(Some(page.#next)) };
    let many_args = many_args(args.stream().count());
    quote! {
        #(#[doc = #doc])*
        #deprecated
        #many_args
        // The stream borrows the client and the path and header arguments, not the query (cloned).
        pub fn #name<'a>(&'a self, #(#params),*)
            -> impl crate::Stream<Item = #item> + Unpin + use<'a> {
            let #query_arg = #query_arg.clone();
            crate::paging::items(#query_arg.#token.clone(), move |token| {
                let mut #query_arg = #query_arg.clone();
                #query_arg.#token = token;
                async move {
                    let page = self.#method(#(#leading,)* &#query_arg).await?.into_inner();
                    Ok((#items_value, #next_value))
                }
            })
        }
    }
}

/// An operation's arguments as its poller declares, keeps and lends them.
fn poller_arguments(op: &Operation) -> super::lro::Arguments {
    let args = Args::of(op);
    super::lro::Arguments {
        params: args.method().map(|arg| arg.param(None)).collect(),
        owned: args.method().map(Arg::owned).collect(),
        lent: args.method().map(Arg::lent).collect(),
    }
}

/// The arguments of an operation's methods, decided once: the method and its page stream
/// declare them from here, and API.txt prints them.
pub(super) struct Args {
    /// Path, header and cookie values, in that order.
    pub leading: Vec<Arg>,
    body: Option<Arg>,
    query: Option<Arg>,
}

/// One argument: its name and type.
pub(super) struct Arg {
    pub name: Ident,
    ty: ArgType,
}

enum ArgType {
    /// A path, header or cookie value: `&str`, or `Option<&str>` when optional.
    Str { required: bool },
    /// A body or the query, as written.
    Other(Box<syn::Type>),
}

impl Args {
    pub fn of(op: &Operation) -> Self {
        let path = op.path_params.iter().map(|arg| Arg { name: ident(arg), ty: ArgType::Str { required: true } });
        let headers = op
            .headers
            .iter()
            .chain(&op.cookies)
            .map(|header| Arg { name: ident(&header.arg), ty: ArgType::Str { required: header.required } });
        let body = op.body.as_ref().map(|body| {
            let ty = match body.media {
                BodyMedia::Json | BodyMedia::Form => syntax::reference_type(None, syntax_type(&body.ty)),
                BodyMedia::Multipart => syntax::named(&["reqwest", "multipart", "Form"]),
                BodyMedia::Text => syntax::reference_type(None, syntax::named(&["str"])),
                BodyMedia::Bytes => syntax::reference_type(None, syntax::slice_type(syntax::named(&["u8"]))),
            };
            Arg { name: ident(&body.arg), ty: ArgType::Other(Box::new(ty)) }
        });
        let query = op.query.as_ref().map(|query| {
            let ty = syntax::reference_type(None, syntax::named(&[&query.type_name]));
            Arg { name: ident(&query.arg), ty: ArgType::Other(Box::new(ty)) }
        });
        Args { leading: path.chain(headers).collect(), body, query }
    }

    /// The operation method's arguments.
    pub fn method(&self) -> impl Iterator<Item = &Arg> {
        self.leading.iter().chain(&self.body).chain(&self.query)
    }

    /// The page stream's: the leading values and the query (a list operation has no body).
    pub fn stream(&self) -> impl Iterator<Item = &Arg> {
        self.leading.iter().chain(&self.query)
    }
}

impl Arg {
    /// The type; with a lifetime (a page stream's `'a`), the strings are borrowed for it.
    pub fn ty(&self, lifetime: Option<&syn::Lifetime>) -> TokenStream {
        self.syntax_type(lifetime).into_token_stream()
    }

    fn syntax_type(&self, lifetime: Option<&syn::Lifetime>) -> syn::Type {
        match &self.ty {
            ArgType::Str { required: true } => syntax::reference_type(lifetime, syntax::named(&["str"])),
            ArgType::Str { required: false } => {
                syntax::wrapped("Option", syntax::reference_type(lifetime, syntax::named(&["str"])))
            }
            ArgType::Other(ty) => (**ty).clone(),
        }
    }

    fn param(&self, lifetime: Option<&syn::Lifetime>) -> TokenStream {
        let name = &self.name;
        let ty = self.ty(lifetime);
        quote!(#name: #ty)
    }

    /// `let name = name.to_owned();`: a copy the caller's borrow does not bound (a poller's).
    fn owned(&self) -> TokenStream {
        let name = &self.name;
        match self.ty {
            ArgType::Str { required: false } => quote!(let #name = #name.map(str::to_owned);),
            ArgType::Str { required: true } | ArgType::Other(_) => quote!(let #name = #name.to_owned();),
        }
    }

    /// The owned copy lent to the operation method as its argument.
    fn lent(&self) -> TokenStream {
        let name = &self.name;
        match self.ty {
            ArgType::Str { required: false } => quote!(#name.as_deref()),
            ArgType::Str { required: true } | ArgType::Other(_) => quote!(&#name),
        }
    }
}

/// What an operation method returns.
pub(super) fn returns(op: &Operation) -> TokenStream {
    returns_type(op).into_token_stream()
}

/// `Result<Response<success>, Error<error>>`.
fn returns_type(op: &Operation) -> syn::Type {
    let response = syntax::wrapped("Response", syntax_type(&op.success));
    let error = syntax::wrapped("Error", syntax_type(&op.error));
    syntax::path_type(syntax::generic_path(&["Result"], [response, error]))
}

/// What a page stream yields.
pub(super) fn stream_item(op: &Operation, pages: &Pages) -> TokenStream {
    let item = rust_type(&pages.item);
    let error = rust_type(&op.error);
    quote!(Result<#item, Error<#error>>)
}

/// Each argument is a parameter of the spec; a struct of them would hide the signature.
fn many_args(count: usize) -> Option<syn::Attribute> {
    (count > 6).then(|| syntax::list_attribute("allow", quote!(clippy::too_many_arguments)))
}

/// Whether a method signature names a model type (a query's type is one).
fn uses_models(api: &Api) -> bool {
    let named = |ty: &Type| ty.mentions(&|ty| matches!(ty, Type::Named(_)));
    api.operations.iter().any(|op| {
        op.query.is_some()
            || named(&op.success)
            || named(&op.error)
            || op.body.as_ref().is_some_and(|body| named(&body.ty))
            || op.arms.iter().any(|arm| arm.variant.is_some())
    })
}

/// The mask field of the operation's body, when it is an update with a field mask.
fn update_mask_field<'a>(api: &'a Api, op: &Operation) -> Option<&'a str> {
    let Type::Named(name) = &op.body.as_ref().filter(|body| body.media == BodyMedia::Json)?.ty else {
        return None;
    };
    api.type_named(name).and_then(|def| match &def.kind {
        TypeKind::Struct(body) => body.update_mask.as_ref().map(|mask| mask.mask_field.as_str()),
        _ => None,
    })
}

/// An operation's method, built as syntax (a client's most repeated item):
///
/// ```text
/// pub async fn name(&self, args…) -> Result<Response<Success>, Error<Failure>> {
///     let span = crate::trace::operation_span!("operationId", "/path/{id}");
///     let call = async move { …the call… };
///     crate::trace::instrument(span, call).await
/// }
/// ```
fn operation(op: &Operation, mask_field: Option<&str>) -> syn::Result<syn::ImplItem> {
    let mut attrs = doc_attributes(&op.docs);
    if op.deprecated {
        attrs.push(syntax::word_attribute("deprecated"));
    }
    let args = Args::of(op);
    attrs.extend(many_args(args.method().count()));
    let mut statements = operation_span(op, mask_field);
    statements.push(syntax::local("call", syntax::async_move(call(op)?)));
    let span_and_call = [syntax::variable("span"), syntax::variable("call")];
    statements.push(syntax::tail(syntax::awaited(syntax::call(&["crate", "trace", "instrument"], span_and_call))));
    Ok(syntax::method(Method {
        attrs,
        asyncness: true,
        name: ident(&op.method_name),
        receiver: Receiver::Borrowed,
        parameters: args.method().map(|arg| (arg.name.clone(), arg.syntax_type(None))).collect(),
        output: returns_type(op),
        statements,
    }))
}

/// The call inside the span:
///
/// ```text
/// let url = self.url(&["v1", "things", id])?;
/// let request = self.request(Method::POST, url, "application/json").json(body);
/// …headers, the cookie header, the query…
/// let raw = self.execute("operationId", request).await?;
/// match raw.status.as_u16() { 200 => raw.ok_with(decode::json), _ => raw.error_with(decode::json) }
/// ```
fn call(op: &Operation) -> syn::Result<Vec<syn::Stmt>> {
    let this = || syntax::variable("self");
    let segments = syntax::reference(syntax::array(op.segments.iter().map(segment)));
    let url = syntax::question(syntax::method_call(this(), "url", [segments]));
    let method = syntax::path_expression(&["Method", &op.http_method]);
    let accept = syntax::string(&op.accept);
    let mut request = syntax::method_call(this(), "request", [method, syntax::variable("url"), accept]);
    if let Some(body) = &op.body {
        request = body_call(request, body);
    }
    let mut call = vec![syntax::local("url", url), syntax::local("request", request)];
    call.extend(op.headers.iter().map(header_call));
    let cookie_header = super::query::cookie_header(&op.cookies);
    let query_pairs = op.query.as_ref().map(super::query::query_pairs);
    call.extend(syntax::parse_statements(quote!(#cookie_header #query_pairs))?);
    let execute = syntax::method_call(this(), "execute", [syntax::string(&op.trace_name), syntax::variable("request")]);
    call.push(syntax::local("raw", syntax::question(syntax::awaited(execute))));
    call.push(syntax::tail(respond(op)?));
    Ok(call)
}

/// The response's dispatch: a `match` on the status, or the one call when only `default`
/// is documented.
fn respond(op: &Operation) -> syn::Result<Expr> {
    let mut arms = dispatch(&op.arms, &op.success, &op.error)?;
    if let [(None, _)] = arms.as_slice() {
        return Ok(arms.remove(0).1);
    }
    let status = syntax::method_call(syntax::member(syntax::variable("raw"), "status"), "as_u16", []);
    let arms = arms.into_iter().map(|(pattern, call)| (pattern.unwrap_or_else(syntax::wildcard), call));
    Ok(syntax::matching(status, arms))
}

/// The call's span (the runtime's `trace` module): the operation's name and path template,
/// and the mask of an update body.
fn operation_span(op: &Operation, mask_field: Option<&str>) -> Vec<syn::Stmt> {
    let name = &op.trace_name;
    let template = &op.path;
    let span = |tokens| syntax::local("span", syntax::macro_call(&["crate", "trace", "operation_span"], tokens));
    match (mask_field, &op.body) {
        (Some(mask), Some(body)) => {
            let value = syntax::method_call(syntax::member(syntax::variable(&body.arg), mask), "as_deref", []);
            vec![syntax::local("mask", value), span(quote!(#name, #template, mask))]
        }
        _ => vec![span(quote!(#name, #template))],
    }
}

/// The request with its body: `.json(body)`, `.form(body)`, …
fn body_call(request: Expr, body: &Body) -> Expr {
    let arg = syntax::variable(&body.arg);
    let with_type = |request| {
        let name = syntax::path_expression(&["reqwest", "header", "CONTENT_TYPE"]);
        syntax::method_call(request, "header", [name, syntax::string(&body.content_type)])
    };
    match body.media {
        BodyMedia::Json => syntax::method_call(request, "json", [arg]),
        BodyMedia::Form => syntax::method_call(request, "form", [arg]),
        BodyMedia::Multipart => syntax::method_call(request, "multipart", [arg]),
        BodyMedia::Text => syntax::method_call(with_type(request), "body", [syntax::method_call(arg, "to_owned", [])]),
        BodyMedia::Bytes => syntax::method_call(with_type(request), "body", [syntax::method_call(arg, "to_vec", [])]),
    }
}

/// `let request = request.header(name, value);`, skipped for an optional header left `None`.
fn header_call(header: &HeaderArg) -> syn::Stmt {
    let with =
        |value| syntax::method_call(syntax::variable("request"), "header", [syntax::string(&header.wire), value]);
    let arg = syntax::variable(&header.arg);
    if header.required {
        return syntax::local("request", with(arg));
    }
    let arms = [
        (syntax::tuple_pattern("Some", syntax::binding("value")), with(syntax::variable("value"))),
        (syntax::binding("None"), syntax::variable("request")),
    ];
    syntax::local("request", syntax::matching(arg, arms))
}

/// A segment of the URL's path: literal text, an argument, or both formatted together.
fn segment(segment: &Segment) -> Expr {
    match segment {
        Segment::Literal(text) => syntax::string(text),
        Segment::Param(arg) => syntax::variable(arg),
        Segment::Mixed(pieces) => {
            let mut template = String::new();
            let mut args = Vec::new();
            for piece in pieces {
                match piece {
                    Piece::Literal(text) => template.push_str(&text.replace('{', "{{").replace('}', "}}")),
                    Piece::Param(arg) => {
                        template.push_str("{}");
                        args.push(ident(arg));
                    }
                }
            }
            syntax::method_call(syntax::macro_call(&["format"], quote!(#template, #(#args),*)), "as_str", [])
        }
    }
}

/// Each arm as (pattern, call); `None` is the catch-all `_`. Arms that decode as the arm
/// that would otherwise take their statuses are left out, and runs of three or more
/// consecutive statuses become a range (clippy's `manual_range_patterns`); a `4XX` range
/// leaves out the exact statuses that have their own arm, so that no two arms overlap
/// (clippy's `match_overlapping_arm`: `200` before `200..=299` is one).
fn dispatch(arms: &[ResponseArm], success: &Type, error: &Type) -> syn::Result<Vec<(Option<Pat>, Expr)>> {
    let arms = needed_arms(arms);
    let mut out = Vec::new();
    let mut has_default = false;
    let mut index = 0;
    while index < arms.len() {
        let arm = arms[index];
        let call = decode_call(arm, if arm.success { success } else { error })?;
        let pattern = match arm.status {
            StatusPattern::Exact(_) => {
                let mut codes = vec![];
                while let Some(next) = arms.get(index).filter(|next| same_exact(next, arm)) {
                    if let StatusPattern::Exact(code) = next.status {
                        codes.push(code);
                    }
                    index += 1;
                }
                Some(status_pattern(&codes))
            }
            StatusPattern::Range(class) => {
                index += 1;
                let exact = |code: u16| arms.iter().any(|arm| arm.status == StatusPattern::Exact(code));
                let codes: Vec<u16> = (class * 100..=class * 100 + 99).filter(|code| !exact(*code)).collect();
                if codes.is_empty() {
                    continue;
                }
                Some(status_pattern(&codes))
            }
            StatusPattern::Default => {
                index += 1;
                has_default = true;
                None
            }
        };
        out.push((pattern, call));
    }
    if !has_default {
        out.push((None, syntax::method_call(syntax::variable("raw"), "unexpected", [])));
    }
    Ok(out)
}

/// What an arm does: arms with the same outcome share one call.
fn outcome(arm: &ResponseArm) -> (bool, Decode, Option<&str>) {
    (arm.success, arm.decode, arm.variant.as_deref())
}

fn same_exact(next: &ResponseArm, arm: &ResponseArm) -> bool {
    matches!(next.status, StatusPattern::Exact(_)) && outcome(next) == outcome(arm)
}

/// The arms whose outcome differs from the arm that takes their statuses without them: an
/// exact status falls to its range (`4XX`) if documented, else to `default`; a range to
/// `default`. Without `default`, the fallback is `unexpected`, which no arm equals.
fn needed_arms(arms: &[ResponseArm]) -> Vec<&ResponseArm> {
    let default = arms.iter().find(|arm| arm.status == StatusPattern::Default);
    let fallback = |arm: &ResponseArm| match arm.status {
        StatusPattern::Exact(code) => {
            arms.iter().find(|other| other.status == StatusPattern::Range(code / 100)).or(default)
        }
        StatusPattern::Range(_) => default,
        StatusPattern::Default => None,
    };
    let mut needed: Vec<&ResponseArm> = Vec::new();
    for arm in arms {
        // A status written twice (`4XX` and `4xx`) would be an unreachable, overlapping arm.
        let repeated = needed.iter().any(|kept| kept.status == arm.status);
        if !repeated && fallback(arm).is_none_or(|other| outcome(other) != outcome(arm)) {
            needed.push(arm);
        }
    }
    needed
}

/// `400..=403 | 409`: sorted codes, runs of three or more as ranges.
fn status_pattern(codes: &[u16]) -> Pat {
    let mut parts = Vec::new();
    let mut start = 0;
    while start < codes.len() {
        let mut end = start;
        while codes.get(end + 1) == Some(&(codes[end] + 1)) {
            end += 1;
        }
        if end - start >= 2 {
            parts.push(syntax::range_pattern(codes[start], codes[end]));
            start = end + 1;
        } else {
            parts.push(syntax::integer_pattern(codes[start]));
            start += 1;
        }
    }
    if parts.len() == 1 { parts.remove(0) } else { syntax::either(parts) }
}

/// `raw.ok_with(decode::json)`, or with a closure that wraps the body in its status variant.
fn decode_call(arm: &ResponseArm, ty: &Type) -> syn::Result<Expr> {
    let decoder = match arm.decode {
        Decode::Json => "json",
        Decode::Text => "text",
        Decode::Bytes => "bytes",
        Decode::Empty => "empty",
    };
    let decoder = match (&arm.variant, arm.decode) {
        (None, _) => syntax::path_expression(&["decode", decoder]),
        (Some(variant), Decode::Empty) => {
            syntax::closure(syntax::wildcard(), syntax::call(&["Ok"], [variant_path(ty, variant)?]))
        }
        (Some(variant), _) => {
            let decoded = syntax::call(&["decode", decoder], [syntax::variable("body")]);
            syntax::closure(syntax::binding("body"), syntax::method_call(decoded, "map", [variant_path(ty, variant)?]))
        }
    };
    let outcome = if arm.success { "ok_with" } else { "error_with" };
    Ok(syntax::method_call(syntax::variable("raw"), outcome, [decoder]))
}

/// `Type::Variant`: a status variant of the operation's status enum.
fn variant_path(ty: &Type, variant: &str) -> syn::Result<Expr> {
    let Type::Named(name) = ty else {
        let message = format!("a status variant `{variant}` of a type without variants");
        return Err(syn::Error::new(Span::call_site(), message));
    };
    Ok(syntax::path_expression(&[name, variant]))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn arm(status: StatusPattern, success: bool, variant: Option<&str>) -> ResponseArm {
        ResponseArm { status, success, decode: Decode::Json, variant: variant.map(str::to_owned) }
    }

    fn patterns(arms: &[ResponseArm]) -> Vec<String> {
        let arms = dispatch(arms, &Type::Named("S".to_owned()), &Type::Named("E".to_owned())).unwrap();
        let text = |pattern: &Pat| pattern.to_token_stream().to_string();
        arms.iter().map(|(pattern, _)| pattern.as_ref().map_or_else(|| "_".to_owned(), text)).collect()
    }

    #[test]
    fn consecutive_statuses_of_three_or_more_are_ranges() {
        let text = |codes: &[u16]| status_pattern(codes).to_token_stream().to_string();
        assert_eq!(text(&[400, 401, 402, 403, 409]), "400 ..= 403 | 409");
        assert_eq!(text(&[400, 401, 404, 405, 406]), "400 | 401 | 404 ..= 406");
    }

    #[test]
    fn arms_that_decode_as_their_fallback_are_left_out() {
        use StatusPattern::{Default, Exact, Range};
        // 500 decodes as `default` does; 404 differs from its range; 409 is its range's twin.
        let arms = [
            arm(Exact(200), true, None),
            arm(Exact(404), false, Some("NotFound")),
            arm(Exact(409), false, Some("ClientError")),
            arm(Exact(500), false, Some("Default")),
            arm(Range(4), false, Some("ClientError")),
            arm(Default, false, Some("Default")),
        ];
        assert_eq!(patterns(&arms), ["200", "404", "400 ..= 403 | 405 ..= 499", "_"]);
        // Without `default`, the fallback is `unexpected`: every documented arm stays.
        assert_eq!(patterns(&arms[..4]), ["200", "404", "409", "500", "_"]);
    }

    #[test]
    fn ranges_leave_out_the_statuses_of_exact_arms() {
        use StatusPattern::{Exact, Range};
        // `200` and `200..=299` would overlap (clippy's `match_overlapping_arm`).
        let arms = [arm(Exact(200), true, Some("Ok")), arm(Exact(299), true, None), arm(Range(2), true, Some("Other"))];
        assert_eq!(patterns(&arms), ["200", "299", "201 ..= 298", "_"]);
        let arms = [arm(Exact(400), false, Some("A")), arm(Exact(401), false, Some("B")), arm(Range(4), false, None)];
        assert_eq!(patterns(&arms), ["400", "401", "402 ..= 499", "_"]);
    }
}
