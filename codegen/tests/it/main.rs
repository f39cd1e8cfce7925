//! codegen's integration tests: one test binary, so the dependency tree is linked once, with
//! a module per subject named `<stage>_<subject>` (`pipeline_` for the whole pipeline,
//! `report_` and `upstream_` for the side tools). Run one subject with its module's name:
//! `cargo test -p codegen --test it pipeline_snapshots`.

#[macro_use]
mod common;

mod emit_fake;
mod emit_surface;
mod load_refs;
mod lower_reserved_names;
mod pipeline_bad_input;
mod pipeline_budget;
mod pipeline_fuzz;
mod pipeline_snapshots;
mod report_classes;
mod upstream_import_drift;
