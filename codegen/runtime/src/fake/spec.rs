//! Stands in for the generated `fake/spec.rs`: `spec.json` holds hand-written tables of a
//! small API of things (paged, filtered, wrapped, with a field mask) and gadgets (unpaged,
//! unwrapped), shaped like the ones `codegen` emits, for the tests in `tests/it/fake.rs`.

/// The spec's operations, collections, types and error model, which the fake reads when it
/// first starts.
pub(crate) const JSON: &str = include_str!("spec.json");

impl super::FakeServer {
    /// The `things` of `list_things`.
    pub fn things(&self) -> super::FakeCollection<crate::models::Thing> {
        self.collection(0)
    }

    /// The `gadgets` of `list_gadgets`.
    pub fn gadgets(&self) -> super::FakeCollection<crate::models::Gadget> {
        self.collection(1)
    }
}
