//! syn nodes built directly, for the shapes every spec repeats most: a model's struct,
//! fields and setters, and an operation's method. Quoting and parsing a setter cost five
//! times building it (BENCHMARKS.md, "Issue 20, fourth round"), quoting the operation
//! method 13–16 % more CPU for the whole process ("The operation method: built or quoted
//! (issue 28)"); the rest of emit stays `quote!`, which reads as the code it makes (the
//! rule: `emit/mod.rs`). Each builder makes what parsing the same Rust would, so the printed
//! text is the same (the tests below print both).

use super::ident;
use proc_macro2::{Span, TokenStream};
use syn::punctuated::Punctuated;
use syn::{Attribute, Expr, Type};

/// Items made as tokens, inside a part built as syntax.
pub(super) fn parse_items(tokens: TokenStream) -> syn::Result<Vec<syn::Item>> {
    syn::parse2::<syn::File>(tokens).map(|file| file.items)
}

/// Members of an `impl` block made as tokens.
pub(super) fn parse_members(tokens: TokenStream) -> syn::Result<Vec<syn::ImplItem>> {
    if tokens.is_empty() {
        return Ok(Vec::new());
    }
    syn::parse2::<syn::ItemImpl>(quote::quote!(impl Members { #tokens })).map(|block| block.items)
}

/// Statements made as tokens.
pub(super) fn parse_statements(tokens: TokenStream) -> syn::Result<Vec<syn::Stmt>> {
    if tokens.is_empty() {
        return Ok(Vec::new());
    }
    syn::parse2::<syn::Block>(quote::quote!({ #tokens })).map(|block| block.stmts)
}

/// `a::b::C`, each segment without generic arguments.
pub(super) fn path(segments: &[&str]) -> syn::Path {
    syn::Path {
        leading_colon: None,
        segments: segments.iter().map(|segment| syn::PathSegment::from(ident(segment))).collect(),
    }
}

/// `a::b::C<args>`: `path` with generic arguments on its last segment.
pub(super) fn generic_path(segments: &[&str], args: impl IntoIterator<Item = Type>) -> syn::Path {
    let mut path = path(segments);
    if let Some(last) = path.segments.last_mut() {
        last.arguments = syn::PathArguments::AngleBracketed(syn::AngleBracketedGenericArguments {
            colon2_token: None,
            lt_token: Default::default(),
            args: args.into_iter().map(syn::GenericArgument::Type).collect(),
            gt_token: Default::default(),
        });
    }
    path
}

/// A type named by `a::b::C`.
pub(super) fn named(segments: &[&str]) -> Type {
    path_type(path(segments))
}

/// A type named by `path`.
pub(super) fn path_type(path: syn::Path) -> Type {
    Type::Path(syn::TypePath { attrs: Vec::new(), qself: None, path })
}

/// `Wrapper<inner>` (`Option`, `Box`, `Vec`).
pub(super) fn wrapped(wrapper: &str, inner: Type) -> Type {
    path_type(generic_path(&[wrapper], [inner]))
}

/// `()`.
pub(super) fn unit() -> Type {
    Type::Tuple(syn::TypeTuple { attrs: Vec::new(), paren_token: Default::default(), elems: Punctuated::new() })
}

/// `#[doc = "text"]`, which prints as `///text`.
pub(super) fn doc(text: &str) -> Attribute {
    let value = syn::LitStr::new(text, Span::call_site());
    let value = Expr::Lit(syn::ExprLit { attrs: Vec::new(), lit: syn::Lit::Str(value) });
    outer(syn::Meta::NameValue(syn::MetaNameValue { path: path(&["doc"]), eq_token: Default::default(), value }))
}

/// `#[name(tokens)]`, its tokens kept as they are (as parsing keeps them).
pub(super) fn list_attribute(name: &str, tokens: TokenStream) -> Attribute {
    let delimiter = syn::MacroDelimiter::Paren(Default::default());
    outer(syn::Meta::List(syn::MetaList { path: path(&[name]), delimiter, tokens }))
}

/// `#[name]`.
pub(super) fn word_attribute(name: &str) -> Attribute {
    outer(syn::Meta::Path(path(&[name])))
}

fn outer(meta: syn::Meta) -> Attribute {
    Attribute { pound_token: Default::default(), style: syn::AttrStyle::Outer, bracket_token: Default::default(), meta }
}

/// `pub`.
pub(super) fn public() -> syn::Visibility {
    syn::Visibility::Public(Default::default())
}

/// `pub name: ty` under `attrs`, a field of a struct with named fields.
pub(super) fn field(attrs: Vec<Attribute>, name: &str, ty: Type) -> syn::Field {
    syn::Field {
        attrs,
        vis: public(),
        modifiers: Default::default(),
        ident: Some(ident(name)),
        colon_token: Some(Default::default()),
        ty,
        default: None,
    }
}

/// `pub struct name { fields }` under `attrs`.
pub(super) fn structure(attrs: Vec<Attribute>, name: &str, fields: Vec<syn::Field>) -> syn::Item {
    let fields = syn::FieldsNamed { brace_token: Default::default(), named: fields.into_iter().collect() };
    syn::Item::Struct(syn::ItemStruct {
        attrs,
        vis: public(),
        struct_token: Default::default(),
        ident: ident(name),
        generics: syn::Generics::default(),
        fields: syn::Fields::Named(fields),
        semi_token: None,
    })
}

/// `impl name { members }`.
pub(super) fn inherent_impl(name: &str, members: Vec<syn::ImplItem>) -> syn::Item {
    syn::Item::Impl(syn::ItemImpl {
        attrs: Vec::new(),
        modifiers: Default::default(),
        unsafety: None,
        impl_token: Default::default(),
        generics: syn::Generics::default(),
        trait_: None,
        self_ty: Box::new(named(&[name])),
        brace_token: Default::default(),
        items: members,
    })
}

/// `a::b::c`, as an expression.
pub(super) fn path_expression(segments: &[&str]) -> Expr {
    Expr::Path(syn::ExprPath { attrs: Vec::new(), qself: None, path: path(segments) })
}

/// `name`, as an expression.
pub(super) fn variable(name: &str) -> Expr {
    path_expression(&[name])
}

/// `base.name`.
pub(super) fn member(base: Expr, name: &str) -> Expr {
    Expr::Field(syn::ExprField {
        attrs: Vec::new(),
        base: Box::new(base),
        dot_token: Default::default(),
        member: syn::Member::Named(ident(name)),
    })
}

/// `"text"`.
pub(super) fn string(text: &str) -> Expr {
    Expr::Lit(syn::ExprLit { attrs: Vec::new(), lit: syn::Lit::Str(syn::LitStr::new(text, Span::call_site())) })
}

/// `function(arguments…)`.
pub(super) fn call(function: &[&str], arguments: impl IntoIterator<Item = Expr>) -> Expr {
    let func = Box::new(path_expression(function));
    Expr::Call(syn::ExprCall {
        attrs: Vec::new(),
        func,
        paren_token: Default::default(),
        args: arguments.into_iter().collect(),
    })
}

/// `receiver.method(arguments…)`.
pub(super) fn method_call(receiver: Expr, method: &str, arguments: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::MethodCall(syn::ExprMethodCall {
        attrs: Vec::new(),
        receiver: Box::new(receiver),
        dot_token: Default::default(),
        method: ident(method),
        turbofish: None,
        paren_token: Default::default(),
        args: arguments.into_iter().collect(),
    })
}

/// `name!(tokens)`, its tokens kept as they are.
pub(super) fn macro_call(name: &[&str], tokens: TokenStream) -> Expr {
    let delimiter = syn::MacroDelimiter::Paren(Default::default());
    let mac = syn::Macro { path: path(name), bang_token: Default::default(), delimiter, tokens };
    Expr::Macro(syn::ExprMacro { attrs: Vec::new(), mac })
}

/// `expr?`.
pub(super) fn question(expr: Expr) -> Expr {
    Expr::Try(syn::ExprTry { attrs: Vec::new(), expr: Box::new(expr), question_token: Default::default() })
}

/// `expr.await`.
pub(super) fn awaited(base: Expr) -> Expr {
    Expr::Await(syn::ExprAwait {
        attrs: Vec::new(),
        base: Box::new(base),
        dot_token: Default::default(),
        await_token: Default::default(),
    })
}

/// `&expr`.
pub(super) fn reference(expr: Expr) -> Expr {
    Expr::Reference(syn::ExprReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        mutability: None,
        expr: Box::new(expr),
    })
}

/// `[elements…]`.
pub(super) fn array(elements: impl IntoIterator<Item = Expr>) -> Expr {
    Expr::Array(syn::ExprArray {
        attrs: Vec::new(),
        bracket_token: Default::default(),
        elems: elements.into_iter().collect(),
    })
}

/// `async move { statements }`.
pub(super) fn async_move(statements: Vec<syn::Stmt>) -> Expr {
    Expr::Async(syn::ExprAsync {
        attrs: Vec::new(),
        async_token: Default::default(),
        capture: Some(Default::default()),
        modifiers: Default::default(),
        block: block(statements),
    })
}

/// `|parameter| body`.
pub(super) fn closure(parameter: syn::Pat, body: Expr) -> Expr {
    Expr::Closure(syn::ExprClosure {
        attrs: Vec::new(),
        lifetimes: None,
        modifiers: Default::default(),
        constness: None,
        asyncness: None,
        capture: None,
        inputs_begin: Default::default(),
        inputs: [parameter].into_iter().collect(),
        inputs_end: Default::default(),
        output: syn::ReturnType::Default,
        body: Box::new(body),
    })
}

/// `match scrutinee { pattern => value, … }`.
pub(super) fn matching(scrutinee: Expr, arms: impl IntoIterator<Item = (syn::Pat, Expr)>) -> Expr {
    let arms = arms.into_iter().map(|(pat, body)| syn::Arm {
        attrs: Vec::new(),
        pat,
        fat_arrow_token: Default::default(),
        body: Box::new(body),
        comma: Some(Default::default()),
    });
    Expr::Match(syn::ExprMatch {
        attrs: Vec::new(),
        match_token: Default::default(),
        expr: Box::new(scrutinee),
        brace_token: Default::default(),
        arms: arms.collect(),
    })
}

/// `let name = value;`.
pub(super) fn local(name: &str, value: Expr) -> syn::Stmt {
    let init = syn::LocalInit { eq_token: Default::default(), expr: Box::new(value), diverge: None };
    syn::Stmt::Local(syn::Local {
        attrs: Vec::new(),
        let_token: Default::default(),
        modifiers: Default::default(),
        pat: binding(name),
        init: Some(init),
        semi_token: Default::default(),
    })
}

/// `expr` ending a block.
pub(super) fn tail(expr: Expr) -> syn::Stmt {
    syn::Stmt::Expr(expr, None)
}

fn block(statements: Vec<syn::Stmt>) -> syn::Block {
    syn::Block { brace_token: Default::default(), stmts: statements }
}

/// `name`, as a pattern that binds it.
pub(super) fn binding(name: &str) -> syn::Pat {
    bind(ident(name))
}

fn bind(name: syn::Ident) -> syn::Pat {
    syn::Pat::Ident(syn::PatIdent { attrs: Vec::new(), by_ref: None, mutability: None, ident: name, subpat: None })
}

/// `_`.
pub(super) fn wildcard() -> syn::Pat {
    syn::Pat::Wild(syn::PatWild { attrs: Vec::new(), underscore_token: Default::default() })
}

/// `Variant(inner)`.
pub(super) fn tuple_pattern(variant: &str, inner: syn::Pat) -> syn::Pat {
    syn::Pat::TupleStruct(syn::PatTupleStruct {
        attrs: Vec::new(),
        qself: None,
        path: path(&[variant]),
        paren_token: Default::default(),
        elems: [inner].into_iter().collect(),
    })
}

/// An unsuffixed integer (`404`).
fn integer(value: u16) -> syn::ExprLit {
    syn::ExprLit { attrs: Vec::new(), lit: syn::Lit::Int(syn::LitInt::new(&value.to_string(), Span::call_site())) }
}

/// `low..=high`.
pub(super) fn range_pattern(low: u16, high: u16) -> syn::Pat {
    syn::Pat::Range(syn::ExprRange {
        attrs: Vec::new(),
        start: Some(Box::new(Expr::Lit(integer(low)))),
        limits: syn::RangeLimits::Closed(Default::default()),
        end: Some(Box::new(Expr::Lit(integer(high)))),
    })
}

/// `404`, as a pattern.
pub(super) fn integer_pattern(value: u16) -> syn::Pat {
    syn::Pat::Lit(integer(value))
}

/// `a | b | …`.
pub(super) fn either(cases: Vec<syn::Pat>) -> syn::Pat {
    syn::Pat::Or(syn::PatOr { attrs: Vec::new(), leading_vert: None, cases: cases.into_iter().collect() })
}

/// `&ty`, borrowed for `lifetime` if there is one.
pub(super) fn reference_type(lifetime: Option<&syn::Lifetime>, ty: Type) -> Type {
    Type::Reference(syn::TypeReference {
        attrs: Vec::new(),
        and_token: Default::default(),
        lifetime: lifetime.cloned(),
        mutability: None,
        elem: Box::new(ty),
    })
}

/// `[ty]`.
pub(super) fn slice_type(ty: Type) -> Type {
    Type::Slice(syn::TypeSlice { attrs: Vec::new(), bracket_token: Default::default(), elem: Box::new(ty) })
}

/// How a method takes `self`.
pub(super) enum Receiver {
    /// `&self`
    Borrowed,
    /// `mut self`
    OwnedMut,
}

/// A method: `pub [async] fn name(self, parameters…) -> output { statements }` under `attrs`.
pub(super) struct Method {
    pub attrs: Vec<Attribute>,
    pub asyncness: bool,
    pub name: syn::Ident,
    pub receiver: Receiver,
    pub parameters: Vec<(syn::Ident, Type)>,
    pub output: Type,
    pub statements: Vec<syn::Stmt>,
}

pub(super) fn method(method: Method) -> syn::ImplItem {
    let Method { attrs, asyncness, name, receiver, parameters, output, statements } = method;
    let (reference, mutability) = match receiver {
        Receiver::Borrowed => (syn::ReceiverKind::Reference(Default::default(), None, None), None),
        Receiver::OwnedMut => (syn::ReceiverKind::Value, Some(Default::default())),
    };
    let receiver = syn::FnArg::Receiver(syn::Receiver {
        attrs: Vec::new(),
        mutability,
        self_token: Default::default(),
        kind: reference,
    });
    let parameters = parameters.into_iter().map(|(name, ty)| {
        syn::FnArg::Typed(syn::PatType {
            attrs: Vec::new(),
            pat: Box::new(bind(name)),
            colon_token: Default::default(),
            ty: Box::new(ty),
        })
    });
    let sig = syn::Signature {
        constness: None,
        asyncness: asyncness.then(Default::default),
        safety: syn::Safety::Default,
        abi: None,
        fn_token: Default::default(),
        ident: name,
        generics: syn::Generics::default(),
        paren_token: Default::default(),
        inputs: std::iter::once(receiver).chain(parameters).collect(),
        variadic: None,
        output: syn::ReturnType::Type(Default::default(), Box::new(output)),
    };
    syn::ImplItem::Fn(syn::ImplItemFn {
        attrs,
        vis: public(),
        modifiers: Default::default(),
        sig,
        block: block(statements),
    })
}

/// `pub fn name(mut self, value: impl Into<ty>) -> Self { self.field = value; self }` under
/// `attrs`, where `value` is made from the parameter `value`.
pub(super) fn setter(attrs: Vec<Attribute>, name: &str, ty: Type, field: &str, value: Expr) -> syn::ImplItem {
    let bound = syn::TraitBound {
        paren_token: None,
        lifetimes: None,
        modifiers: Default::default(),
        maybe: None,
        path: generic_path(&["Into"], [ty]),
    };
    let into = Type::ImplTrait(syn::TypeImplTrait {
        attrs: Vec::new(),
        impl_token: Default::default(),
        bounds: [syn::TypeParamBound::Trait(bound)].into_iter().collect(),
    });
    let assign = Expr::Assign(syn::ExprAssign {
        attrs: Vec::new(),
        left: Box::new(member(variable("self"), field)),
        eq_token: Default::default(),
        right: Box::new(value),
    });
    method(Method {
        attrs,
        asyncness: false,
        name: ident(name),
        receiver: Receiver::OwnedMut,
        parameters: vec![(ident("value"), into)],
        output: named(&["Self"]),
        statements: vec![syn::Stmt::Expr(assign, Some(Default::default())), tail(variable("self"))],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    /// What a builder makes prints as the Rust it stands for, parsed: the text render
    /// wrote before it was built.
    fn prints_as(items: Vec<syn::Item>, rust: TokenStream) {
        let built = syn::File { shebang: None, frontmatter: None, attrs: Vec::new(), items };
        let parsed: syn::File = syn::parse2(rust).unwrap();
        assert_eq!(prettyplease::unparse(&built), prettyplease::unparse(&parsed));
    }

    #[test]
    fn a_struct_with_attributes_and_fields() {
        let map = path_type(generic_path(&["std", "collections", "BTreeMap"], [named(&["String"]), unit()]));
        let fields = vec![
            field(vec![doc(" The id."), list_attribute("serde", quote!(rename = "ID"))], "id", wrapped("Option", map)),
            field(vec![word_attribute("deprecated")], "r#type", wrapped("Box", named(&["Kind"]))),
        ];
        let attrs =
            vec![doc(" A thing."), list_attribute("derive", quote!(Debug, Clone)), word_attribute("non_exhaustive")];
        prints_as(
            vec![structure(attrs, "Thing", fields)],
            quote! {
                /// A thing.
                #[derive(Debug, Clone)]
                #[non_exhaustive]
                pub struct Thing {
                    /// The id.
                    #[serde(rename = "ID")]
                    pub id: Option<std::collections::BTreeMap<String, ()>>,
                    #[deprecated]
                    pub r#type: Box<Kind>,
                }
            },
        );
    }

    #[test]
    fn setters_in_an_impl_block() {
        let optional = call(&["Some"], [call(&["Box", "new"], [method_call(variable("value"), "into", [])])]);
        let members = vec![
            setter(vec![doc(" Sets it.")], "set_kind", named(&["Kind"]), "kind", optional),
            setter(Vec::new(), "set_type", named(&["String"]), "r#type", method_call(variable("value"), "into", [])),
        ];
        prints_as(
            vec![inherent_impl("Thing", members)],
            quote! {
                impl Thing {
                    /// Sets it.
                    pub fn set_kind(mut self, value: impl Into<Kind>) -> Self {
                        self.kind = Some(Box::new(value.into()));
                        self
                    }
                    pub fn set_type(mut self, value: impl Into<String>) -> Self {
                        self.r#type = value.into();
                        self
                    }
                }
            },
        );
    }

    #[test]
    fn an_async_method_with_locals_a_match_and_closures() {
        let str_ref = reference_type(None, named(&["str"]));
        let status = method_call(member(variable("raw"), "status"), "as_u16", []);
        let decoded = call(&["decode", "json"], [variable("body")]);
        let arms = [
            (
                either(vec![integer_pattern(200), range_pattern(201, 203)]),
                closure(binding("body"), method_call(decoded, "map", [path_expression(&["S", "Ok"])])),
            ),
            (tuple_pattern("Some", binding("value")), closure(wildcard(), call(&["Ok"], [variable("value")]))),
            (wildcard(), method_call(variable("raw"), "unexpected", [])),
        ];
        let url = method_call(variable("self"), "url", [reference(array([string("v1"), variable("id")]))]);
        let body = vec![
            local("span", macro_call(&["crate", "trace", "operation_span"], quote!("Get", "/v1/{id}"))),
            local("call", async_move(vec![local("url", question(url)), tail(matching(status, arms))])),
            tail(awaited(call(&["crate", "trace", "instrument"], [variable("span"), variable("call")]))),
        ];
        let get = method(Method {
            attrs: vec![doc(" Gets it.")],
            asyncness: true,
            name: ident("get"),
            receiver: Receiver::Borrowed,
            parameters: vec![
                (ident("id"), str_ref),
                (ident("bytes"), reference_type(None, slice_type(named(&["u8"])))),
            ],
            output: wrapped("Result", unit()),
            statements: body,
        });
        prints_as(
            vec![inherent_impl("Client", vec![get])],
            quote! {
                impl Client {
                    /// Gets it.
                    pub async fn get(&self, id: &str, bytes: &[u8]) -> Result<()> {
                        let span = crate::trace::operation_span!("Get", "/v1/{id}");
                        let call = async move {
                            let url = self.url(&["v1", id])?;
                            match raw.status.as_u16() {
                                200 | 201..=203 => |body| decode::json(body).map(S::Ok),
                                Some(value) => |_| Ok(value),
                                _ => raw.unexpected(),
                            }
                        };
                        crate::trace::instrument(span, call).await
                    }
                }
            },
        );
    }
}
