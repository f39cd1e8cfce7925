//! Lower: the merged [`Spec`] → the [`Api`] IR.
//!
//! Resolves every `$ref`, decides every Rust name (through [`crate::naming`]), and
//! collects all problems of a run instead of stopping at the first.

pub(crate) mod docs;
mod examples;
mod lro;
mod operation;
mod query;
mod recursion;
mod resources;
mod response;
mod schema;
mod sdk;

use crate::ir::{Api, Example, Type, TypeDef};
use crate::load::spec::Schema;
use crate::load::{Json, Located, Spec};
use crate::naming::{self, Namespace};
use crate::pointer::{self, At, FileId};
use crate::{suggest, words};
use std::collections::{BTreeMap, HashMap};

/// A problem found while lowering: a place in the spec and what is wrong there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    pub file: FileId,
    /// JSON pointer, without the leading `#`.
    pub pointer: String,
    pub message: String,
    pub hint: Option<String>,
}

/// Lowers the spec, or returns every problem found.
pub fn lower(spec: &Spec) -> Result<Lowered, Vec<Problem>> {
    let mut lowerer = Lowerer::new(spec);
    for (name, schema) in &spec.schemas {
        lowerer.component(name, &schema.value);
    }
    let mut operations = lowerer.operations();
    if !lowerer.problems.is_empty() {
        lowerer.problems.sort_by(|a, b| (a.file, &a.pointer, &a.message).cmp(&(b.file, &b.pointer, &b.message)));
        lowerer.problems.dedup();
        return Err(lowerer.problems);
    }
    lowerer.mark_message_fields();
    let mut types = lowerer.types;
    recursion::newtype_alias_cycles(&mut types);
    recursion::box_cycles(&mut types);
    types.sort_by(|a, b| a.name.cmp(&b.name));
    sdk::mark_inputs(&mut types, &operations);
    sdk::mark_update_masks(&mut types);
    sdk::mark_pages(&mut operations, &types);
    let operation_resources = lro::mark_long_running(&types, &mut operations);
    let examples = examples::round_tripping(std::mem::take(&mut lowerer.examples), &types, &mut lowerer.warnings);
    let mut warnings = lowerer.warnings;
    warnings.sort_by(|a, b| (a.file, &a.pointer, &a.message).cmp(&(b.file, &b.pointer, &b.message)));
    warnings.dedup();
    // Any security scheme means the API wants a token; the fake then asks for one.
    let fake = resources::fake(&types, &operations, &operation_resources, !spec.security_schemes.is_empty());
    let api = Api {
        title: docs::plain(&spec.info.title),
        version: docs::plain(&spec.info.version),
        docs: docs::docs(None, spec.info.description.as_deref()),
        default_base_url: default_base_url(spec),
        package: package_info(&spec.info),
        types,
        operations,
        examples,
        client_credentials: sdk::client_credentials(spec),
        fake,
        operation_resources,
    };
    Ok(Lowered { api, warnings })
}

/// The manifest's metadata the spec gives: a license only when it is an SPDX expression
/// (crates.io requires one; free text such as "Apache 2.0" is left to the crate's options).
fn package_info(info: &crate::load::spec::Info) -> crate::ir::PackageInfo {
    let spdx = |text: &str| {
        let text = text.trim();
        let word = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '+' | '(' | ')' | ' ');
        (!text.is_empty() && text.chars().all(word) && !text.contains("  ")).then(|| text.to_owned())
    };
    let license = info.license.as_ref().and_then(|license| {
        license
            .identifier
            .as_deref()
            .and_then(spdx)
            .or_else(|| license.name.as_deref().filter(|name| !name.trim().contains(' ')).and_then(spdx))
    });
    let url = |url: Option<&String>| url.map(|url| url.trim().to_owned()).filter(|url| url.starts_with("http"));
    let external = info.external_docs.as_ref().and_then(|docs| url(docs.url.as_ref()));
    let homepage = external.or_else(|| info.contact.as_ref().and_then(|contact| url(contact.url.as_ref())));
    crate::ir::PackageInfo { license, homepage }
}

/// A lowered API, and what the generator worked around (unknown formats, …).
#[derive(Debug)]
pub struct Lowered {
    pub api: Api,
    pub warnings: Vec<Problem>,
}

/// `servers[0].url` with variables at their defaults, when it is an absolute URL.
fn default_base_url(spec: &Spec) -> Option<String> {
    let server = spec.servers.first()?;
    let mut url = server.url.clone();
    for (name, variable) in &server.variables {
        url = url.replace(&format!("{{{name}}}"), &variable.default);
    }
    (url.starts_with("http://") || url.starts_with("https://")).then_some(url)
}

struct Lowerer<'a> {
    spec: &'a Spec,
    type_names: Namespace,
    /// Spec schema name → Rust type name.
    component_names: BTreeMap<&'a str, String>,
    types: Vec<TypeDef>,
    /// Position of each type in `types`, by name: lookups stay O(1) on large specs.
    type_index: HashMap<String, usize>,
    /// Each with where it is written, for the warning when it would not round-trip.
    examples: Vec<(Example, At)>,
    example_names: Namespace,
    problems: Vec<Problem>,
    /// Inline schemas being defined, innermost last, with the names they were given.
    in_progress: Vec<(&'a Schema, String)>,
    warnings: Vec<Problem>,
    /// The "did you mean" of each missing name: a name broken in many places is searched once.
    closest_names: HashMap<(&'static str, String), Option<String>>,
}

impl<'a> Lowerer<'a> {
    fn new(spec: &'a Spec) -> Self {
        let mut type_names = Namespace::default();
        for reserved in crate::plan::reserved_type_names() {
            type_names.claim(reserved);
        }
        // Components claim together, before anything synthesised: a schema's own name is its.
        let claims: Vec<naming::Claim> = spec
            .schemas
            .keys()
            .map(|name| {
                let wanted = naming::type_name(name);
                let wanted =
                    if crate::plan::is_reserved_type_name(&wanted) { format!("{wanted}Model") } else { wanted };
                naming::Claim::new(wanted, name.as_str())
            })
            .collect();
        let component_names = spec.schemas.keys().map(String::as_str).zip(type_names.settle(&claims)).collect();
        Lowerer {
            spec,
            type_names,
            component_names,
            types: Vec::new(),
            type_index: HashMap::new(),
            examples: Vec::new(),
            example_names: Namespace::default(),
            problems: Vec::new(),
            in_progress: Vec::new(),
            warnings: Vec::new(),
            closest_names: HashMap::new(),
        }
    }

    fn define(&mut self, def: TypeDef) {
        self.type_index.insert(def.name.clone(), self.types.len());
        self.types.push(def);
    }

    fn type_def(&self, name: &str) -> Option<&TypeDef> {
        self.type_index.get(name).map(|&index| &self.types[index])
    }

    fn warn(&mut self, at: &At, message: impl Into<String>, hint: Option<String>) {
        self.warnings.push(Problem { file: at.file, pointer: at.pointer.clone(), message: message.into(), hint });
    }

    fn problem(&mut self, at: &At, message: impl Into<String>, hint: Option<String>) {
        self.problems.push(Problem { file: at.file, pointer: at.pointer.clone(), message: message.into(), hint });
    }

    /// Resolves `#/components/<kind>/<name>` (or `file.yaml#/components/…`) to the component name.
    fn resolve<'m, T>(
        &mut self,
        reference: &str,
        kind: &'static str,
        components: &'m BTreeMap<String, Located<T>>,
        at: &At,
    ) -> Option<(&'m str, &'m Located<T>)> {
        let Some(name) = pointer::component_name(reference, kind) else {
            self.problem(at, format!("$ref '{reference}' must point into #/components/{kind}"), None);
            return None;
        };
        match components.get_key_value(&*name) {
            Some((name, located)) => Some((name.as_str(), located)),
            None => {
                // A hint only for a likely typo; a name that is simply absent is said to be.
                let name = name.into_owned();
                let close = self.closest_names.entry((kind, name.clone()));
                let close =
                    close.or_insert_with(|| suggest::closest(&name, components.keys()).map(str::to_owned)).clone();
                match close {
                    Some(close) => {
                        let hint = Some(format!("did you mean '{close}'?"));
                        self.problem(at, format!("$ref '{reference}' not found"), hint)
                    }
                    None => {
                        let what = words::kind_singular(kind);
                        let message = format!("$ref '{reference}' not found: no {what} is named '{name}'");
                        let hint = Some(format!("define '{name}' under components/{kind}, or fix the reference"));
                        self.problem(at, message, hint)
                    }
                }
                None
            }
        }
    }

    fn add_example(&mut self, name: &str, ty: &Type, value: &Json, at: &At) {
        if *ty == Type::Unit {
            return;
        }
        let name = self.example_names.claim(&naming::snake_name(name));
        self.examples.push((Example { name, ty: ty.clone(), json: value.to_json_string() }, at.clone()));
    }

    /// The schema's own examples: `example` on a component.
    fn schema_example(&mut self, name: &str, schema: &Schema, ty: &Type, at: &At) {
        if let Some(example) = schema.example() {
            self.add_example(&format!("schema {name}"), ty, example, &at.join("example"));
        }
    }
}

#[cfg(test)]
mod package_tests {
    use super::package_info;
    use crate::load::spec::{Contact, ExternalDocs, Info, License};

    fn license(name: Option<&str>, identifier: Option<&str>) -> Option<License> {
        Some(License { name: name.map(str::to_owned), identifier: identifier.map(str::to_owned), url: None })
    }

    #[test]
    fn licenses_are_spdx_expressions_or_none() {
        let cases = [
            (license(Some("Apache 2.0"), Some("Apache-2.0")), Some("Apache-2.0")),
            (license(Some("MIT"), None), Some("MIT")),
            (license(Some("Apache 2.0"), None), None),
            (license(None, Some("MIT OR Apache-2.0")), Some("MIT OR Apache-2.0")),
            (license(None, Some("see https://x")), None),
            (None, None),
        ];
        for (license, expected) in cases {
            let info = Info { license, ..Info::default() };
            assert_eq!(package_info(&info).license.as_deref(), expected);
        }
    }

    #[test]
    fn the_homepage_is_the_external_docs_else_the_contact_url() {
        let contact = || Some(Contact { url: Some("https://example.com/help".to_owned()), ..Contact::default() });
        let docs = Some(ExternalDocs { url: Some("https://example.com/docs".to_owned()) });
        let info = Info { contact: contact(), external_docs: docs, ..Info::default() };
        assert_eq!(package_info(&info).homepage.as_deref(), Some("https://example.com/docs"));
        let info = Info { contact: contact(), ..Info::default() };
        assert_eq!(package_info(&info).homepage.as_deref(), Some("https://example.com/help"));
        let info = Info {
            contact: Some(Contact { url: Some("mailto:a@b".to_owned()), ..Contact::default() }),
            ..Info::default()
        };
        assert_eq!(package_info(&info).homepage, None);
    }
}
