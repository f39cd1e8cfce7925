//! syn nodes built directly, for the shapes every spec repeats most: a model's fields and
//! setters. Quoting and parsing a setter cost five times building it (BENCHMARKS.md, "Issue
//! 20, fourth round"); the rest of emit stays `quote!`, which reads as the code it makes.
//! Each builder makes what parsing the same Rust would, so the printed text is the same.

use super::ident;
use proc_macro2::{Span, TokenStream};
use syn::punctuated::Punctuated;
use syn::{Attribute, Expr, Type};

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
        self_ty: Box::new(path_type(path(&[name]))),
        brace_token: Default::default(),
        items: members,
    })
}

/// `a::b::c`, as an expression.
fn path_expression(segments: &[&str]) -> Expr {
    Expr::Path(syn::ExprPath { attrs: Vec::new(), qself: None, path: path(segments) })
}

/// `name`, as an expression.
pub(super) fn variable(name: &str) -> Expr {
    path_expression(&[name])
}

/// `function(argument)`.
pub(super) fn call(function: &[&str], argument: Expr) -> Expr {
    let func = Box::new(path_expression(function));
    Expr::Call(syn::ExprCall {
        attrs: Vec::new(),
        func,
        paren_token: Default::default(),
        args: [argument].into_iter().collect(),
    })
}

/// `receiver.method()`.
pub(super) fn method_call(receiver: Expr, method: &str) -> Expr {
    Expr::MethodCall(syn::ExprMethodCall {
        attrs: Vec::new(),
        receiver: Box::new(receiver),
        dot_token: Default::default(),
        method: ident(method),
        turbofish: None,
        paren_token: Default::default(),
        args: Punctuated::new(),
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
    let receiver = syn::FnArg::Receiver(syn::Receiver {
        attrs: Vec::new(),
        mutability: Some(Default::default()),
        self_token: Default::default(),
        kind: syn::ReceiverKind::Value,
    });
    let parameter = syn::FnArg::Typed(syn::PatType {
        attrs: Vec::new(),
        pat: Box::new(syn::Pat::Ident(syn::PatIdent {
            attrs: Vec::new(),
            by_ref: None,
            mutability: None,
            ident: ident("value"),
            subpat: None,
        })),
        colon_token: Default::default(),
        ty: Box::new(into),
    });
    let target = Expr::Field(syn::ExprField {
        attrs: Vec::new(),
        base: Box::new(variable("self")),
        dot_token: Default::default(),
        member: syn::Member::Named(ident(field)),
    });
    let assign = Expr::Assign(syn::ExprAssign {
        attrs: Vec::new(),
        left: Box::new(target),
        eq_token: Default::default(),
        right: Box::new(value),
    });
    let sig = syn::Signature {
        constness: None,
        asyncness: None,
        safety: syn::Safety::Default,
        abi: None,
        fn_token: Default::default(),
        ident: ident(name),
        generics: syn::Generics::default(),
        paren_token: Default::default(),
        inputs: [receiver, parameter].into_iter().collect(),
        variadic: None,
        output: syn::ReturnType::Type(Default::default(), Box::new(path_type(path(&["Self"])))),
    };
    let stmts = vec![syn::Stmt::Expr(assign, Some(Default::default())), syn::Stmt::Expr(variable("self"), None)];
    syn::ImplItem::Fn(syn::ImplItemFn {
        attrs,
        vis: public(),
        modifiers: Default::default(),
        sig,
        block: syn::Block { brace_token: Default::default(), stmts },
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
        let map = path_type(generic_path(&["std", "collections", "BTreeMap"], [path_type(path(&["String"])), unit()]));
        let fields = vec![
            field(vec![doc(" The id."), list_attribute("serde", quote!(rename = "ID"))], "id", wrapped("Option", map)),
            field(vec![word_attribute("deprecated")], "r#type", wrapped("Box", path_type(path(&["Kind"])))),
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
        let optional = call(&["Some"], call(&["Box", "new"], method_call(variable("value"), "into")));
        let members = vec![
            setter(vec![doc(" Sets it.")], "set_kind", path_type(path(&["Kind"])), "kind", optional),
            setter(
                Vec::new(),
                "set_type",
                path_type(path(&["String"])),
                "r#type",
                method_call(variable("value"), "into"),
            ),
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
}
