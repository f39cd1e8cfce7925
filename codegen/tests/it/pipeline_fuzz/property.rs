//! The property, on one spec directory: `generate` does not panic, is deterministic, fails
//! only with located spec diagnostics inside the files they name, and emits Rust that parses
//! (and passes the static checks of `build_checks`). `Verdict` is what the child process
//! prints and the parent reads.

use super::build_checks::build_problems;
use codegen::{CrateOptions, Diagnostic, Error, GeneratedFile, generate};
use std::cell::{Cell, RefCell};
use std::path::Path;
use std::time::Instant;

thread_local! {
    /// Set while `generate` runs under the fuzzer: panics are recorded, not printed.
    static FUZZING: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Keeps panics quiet and remembers where they happened (a panic payload has no location).
fn record_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if FUZZING.get() {
                LAST_PANIC.set(Some(info.to_string()));
            } else {
                default(info);
            }
        }));
    });
}

/// `generate`, with a panic turned into its message and location.
fn generate_caught(dir: &Path) -> Result<Result<Vec<GeneratedFile>, Error>, String> {
    record_panics();
    let options = CrateOptions::new("fuzzed");
    FUZZING.set(true);
    let result = std::panic::catch_unwind(|| generate(dir, &options));
    FUZZING.set(false);
    result.map_err(|_| LAST_PANIC.take().unwrap_or_else(|| "panicked (no message)".to_owned()))
}

/// What one input did. The child prints it as tab-separated lines; the parent parses them.
#[derive(Debug, Default)]
pub struct Verdict {
    /// `generate` succeeded.
    pub generated: bool,
    /// Time of the first `generate`.
    pub micros: u128,
    /// Error messages with the quoted parts blanked: what the inputs exercise.
    pub messages: Vec<String>,
    /// Known, reported problems: tolerated unless `FUZZ_STRICT` is set.
    pub known: Vec<String>,
    pub failure: Option<String>,
}

const VERDICT: &str = "fuzz-verdict";

impl Verdict {
    pub fn print(&self) {
        let escape = |text: &str| text.replace('\\', "\\\\").replace('\n', "\\n").replace('\t', "\\t");
        println!("{VERDICT}\tstats\t{}\t{}", self.generated, self.micros);
        self.messages.iter().for_each(|message| println!("{VERDICT}\tmessage\t{}", escape(message)));
        self.known.iter().for_each(|kind| println!("{VERDICT}\tknown\t{}", escape(kind)));
        self.failure.iter().for_each(|failure| println!("{VERDICT}\tfailure\t{}", escape(failure)));
    }

    /// The verdict in a child's output, if the child lived to print one.
    pub fn parse(stdout: &str) -> Option<Verdict> {
        let unescape = |text: &str| text.replace("\\n", "\n").replace("\\t", "\t").replace("\\\\", "\\");
        let mut verdict = None;
        for fields in stdout
            .lines()
            .filter_map(|line| line.split_once(VERDICT).map(|(_, rest)| rest))
            .map(|line| line.split('\t'))
        {
            let fields: Vec<&str> = fields.skip(1).collect();
            let current = verdict.get_or_insert_with(Verdict::default);
            match fields.as_slice() {
                ["stats", generated, micros] => {
                    current.generated = *generated == "true";
                    current.micros = micros.parse().unwrap_or_default();
                }
                ["message", message] => current.messages.push(unescape(message)),
                ["known", kind] => current.known.push(unescape(kind)),
                ["failure", failure] => current.failure = Some(unescape(failure)),
                _ => {}
            }
        }
        verdict
    }
}

/// The property, on the spec files in `dir`.
pub fn check_dir(dir: &Path) -> Verdict {
    let mut verdict = Verdict::default();
    if let Err(failure) = check(dir, &mut verdict) {
        verdict.failure = Some(failure);
    }
    verdict
}

fn check(dir: &Path, verdict: &mut Verdict) -> Result<(), String> {
    let start = Instant::now();
    let first = generate_caught(dir)?;
    verdict.micros = start.elapsed().as_micros();
    let second = generate_caught(dir).map_err(|panic| format!("second run: {panic}"))?;
    match (first, second) {
        (Ok(first), Ok(second)) => {
            verdict.generated = true;
            if first != second {
                return Err("two runs on the same spec emitted different files".to_owned());
            }
            verdict.known.extend(build_problems(&first)?);
            Ok(())
        }
        (Err(first), Err(second)) if first.to_string() == second.to_string() => check_error(dir, &first, verdict),
        (first, second) => Err(format!(
            "two runs on the same spec disagree: {:?} / {:?}",
            first.map(|_| "Ok").map_err(|e| e.to_string()),
            second.map(|_| "Ok").map_err(|e| e.to_string()),
        )),
    }
}
/// Errors are spec diagnostics, each `path:line:col: message` inside the file it names.
fn check_error(dir: &Path, error: &Error, verdict: &mut Verdict) -> Result<(), String> {
    let Error::Spec(diagnostics) = error else {
        return Err(format!("not a spec error: {error}"));
    };
    if diagnostics.0.is_empty() || error.to_string().trim().is_empty() {
        return Err("an error without diagnostics".to_owned());
    }
    for diagnostic in &diagnostics.0 {
        verdict.messages.push(message_shape(&diagnostic.message));
        check_diagnostic(dir, diagnostic, verdict)?;
    }
    Ok(())
}

/// `$ref 'X' not found` → `$ref … not found`: messages grouped by kind.
fn message_shape(message: &str) -> String {
    let mut shape = String::new();
    for (index, part) in message.split(['`', '\'']).enumerate() {
        shape.push_str(if index % 2 == 1 { "…" } else { part });
    }
    shape
}

fn check_diagnostic(dir: &Path, diagnostic: &Diagnostic, verdict: &mut Verdict) -> Result<(), String> {
    let shown = diagnostic.to_string();
    let text = diagnostic
        .file
        .parent()
        .filter(|parent| *parent == dir)
        .and_then(|_| std::fs::read(&diagnostic.file).ok())
        .ok_or_else(|| format!("names a file that is not in the spec: {shown}"))?;
    let rest = shown.strip_prefix(&format!("{}:", diagnostic.file.display()));
    if !rest.is_some_and(starts_with_position) || diagnostic.message.trim().is_empty() {
        return Err(format!("not `path:line:col: message`: {shown}"));
    }
    let lines = text.split(|&byte| byte == b'\n').count();
    if diagnostic.line == 0 || diagnostic.column == 0 {
        return Err(format!("position not 1-based: {shown}"));
    }
    if diagnostic.line > lines {
        return Err(format!("line past the end of the file ({lines} lines): {shown}"));
    }
    // A spec name with a line break, quoted verbatim (in the pointer), splits the `error: …` line.
    if shown.contains(['\n', '\r']) {
        let message = message_shape(&diagnostic.message);
        verdict.known.push(format!("a diagnostic spans several lines: {}", message.replace(['\n', '\r'], "⏎")));
    }
    Ok(())
}

fn starts_with_position(text: &str) -> bool {
    let number =
        |part: Option<&str>| part.is_some_and(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
    let mut parts = text.splitn(3, ':');
    number(parts.next()) && number(parts.next()) && parts.next().is_some_and(|rest| rest.starts_with(' '))
}
