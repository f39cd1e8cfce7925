//! The pipeline's stages, each a function: [`load`] → [`lower`] → [`emit_each`] (emit and
//! render). Composed once by the crate root's `run`; the benches time each one.

use crate::render::{self, Origin};
use crate::{CrateOptions, Diagnostic, Diagnostics, Error, GeneratedFile, emit, ir, naming};
use std::path::{Path, PathBuf};

/// A spec read and parsed: the typed spec, and its files' text for locating diagnostics.
pub type Loaded = (crate::load::Spec, crate::load::Sources);

/// Load: every file of the spec, read, parsed and merged.
pub fn load(spec: &Path) -> Result<Loaded, Error> {
    crate::load::load(spec)
}

/// Lower: the IR of a loaded spec with its warnings, or every problem in it, located. The
/// spec is dropped as soon as the IR holds what it needs.
pub fn lower((spec, sources): Loaded) -> Result<(ir::Api, Vec<Diagnostic>), Error> {
    let lowered = crate::lower::lower(&spec);
    drop(spec);
    let locate = |problem: crate::lower::Problem| {
        sources.diagnostic(problem.file, &problem.pointer, problem.message, problem.hint)
    };
    match lowered {
        Ok(lowered) => Ok((lowered.api, lowered.warnings.into_iter().map(locate).collect())),
        Err(problems) => Err(Error::Spec(Diagnostics(problems.into_iter().map(locate).collect()))),
    }
}

/// Emit and render: every file of the crate for an API already lowered, handed to `each`
/// one at a time, in order, under its header. A file's tokens are made as it is rendered,
/// and dropped with it, so a caller that writes or counts each file holds one at a time.
pub fn emit_each<E: From<Error>>(
    api: &ir::Api,
    options: &CrateOptions,
    mut each: impl FnMut(GeneratedFile) -> Result<(), E>,
) -> Result<(), E> {
    if !naming::is_package_name(&options.name) {
        return Err(Error::PackageName(options.name.clone()).into());
    }
    for (path, content) in emit::emit(api, options) {
        let contents = match content {
            emit::Content::Rust(file) => render::render_file(&path, &file)?,
            emit::Content::Text(text) => render::stamp(&path, Origin::Spec, &text),
            emit::Content::Json(json) => json().map_err(|source| Error::Json { file: path.clone(), source })?,
            emit::Content::Runtime { module, source } => render::stamp(&path, Origin::Runtime(module), source),
        };
        each(GeneratedFile { path: PathBuf::from(path), contents })?;
    }
    Ok(())
}

/// [`emit_each`], collected.
pub fn emit_files(api: &ir::Api, options: &CrateOptions) -> Result<Vec<GeneratedFile>, Error> {
    let mut files = Vec::new();
    emit_each(api, options, |file| -> Result<(), Error> {
        files.push(file);
        Ok(())
    })?;
    Ok(files)
}
