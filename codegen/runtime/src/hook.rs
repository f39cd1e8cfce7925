//! Hooks: the caller's code, run around every attempt of every call.

use reqwest::StatusCode;
use std::fmt;
use std::sync::OnceLock;

/// Code that runs around every HTTP attempt of every call, added with
/// [`Client::with_hook`](crate::Client::with_hook): to add a header, count attempts, log the
/// invocation id, or fail a test when an operation is called twice.
///
/// Hooks are synchronous and run in the order they were added. Both methods do nothing unless
/// implemented.
pub trait Hook: Send + Sync + 'static {
    /// Runs before each attempt is sent, after the client has set its own headers
    /// (`Authorization` included), so it can read them or add its own.
    fn before_attempt(&self, attempt: &Attempt, request: &mut reqwest::Request) {
        let _ = (attempt, request);
    }

    /// Runs when an attempt is over: `status` is the answer's, or `None` when no whole answer
    /// came (the connection failed, the attempt timed out, the body was cut off).
    fn after_attempt(&self, attempt: &Attempt, status: Option<StatusCode>) {
        let _ = (attempt, status);
    }
}

/// One HTTP attempt of a call, as [`Hook`]s see it.
pub struct Attempt {
    operation_id: &'static str,
    number: u32,
    /// Made when first asked for: a call that no hook or span looks at makes none.
    invocation_id: OnceLock<String>,
}

impl Attempt {
    /// The first attempt of a new call of `operation_id`.
    pub(crate) fn first(operation_id: &'static str) -> Self {
        Self { operation_id, number: 1, invocation_id: OnceLock::new() }
    }

    /// The next attempt of the same call.
    pub(crate) fn advance(&mut self) {
        self.number += 1;
    }

    /// The operation's `operationId` in the spec (`METHOD /path` for one without).
    pub fn operation_id(&self) -> &str {
        self.operation_id
    }

    /// Which attempt of the call this is, from 1: retries and the resend after a 401 count.
    pub fn number(&self) -> u32 {
        self.number
    }

    /// The call's id: the same for every attempt of one call, new for each call (a random
    /// UUID, as smithy-rs's `amz-sdk-invocation-id`). It is also the attempt spans'
    /// `invocation.id`.
    pub fn invocation_id(&self) -> &str {
        self.invocation_id.get_or_init(new_uuid)
    }

    /// The invocation id, made only if it is written (for a span that may be disabled).
    pub(crate) fn lazy_invocation_id(&self) -> impl fmt::Display + '_ {
        struct Lazy<'a>(&'a Attempt);
        impl fmt::Display for Lazy<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.0.invocation_id())
            }
        }
        Lazy(self)
    }
}

impl fmt::Debug for Attempt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Attempt")
            .field("operation_id", &self.operation_id)
            .field("number", &self.number)
            .field("invocation_id", &self.invocation_id())
            .finish()
    }
}

/// A version 4 (random) UUID, in its hyphenated form.
fn new_uuid() -> String {
    let bits = (u128::from(crate::retry::random_u64()) << 64) | u128::from(crate::retry::random_u64());
    // The version (4) and the variant (RFC 9562: 0b10) take six of the bits.
    let bits = (bits & !(0xF << 76) & !(0x3 << 62)) | (0x4 << 76) | (0x2 << 62);
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        bits >> 96,
        (bits >> 80) & 0xFFFF,
        (bits >> 64) & 0xFFFF,
        (bits >> 48) & 0xFFFF,
        bits & 0xFFFF_FFFF_FFFF
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invocation_ids_are_version_4_uuids_kept_by_the_call() {
        let mut attempt = Attempt::first("GetThing");
        let id = attempt.invocation_id().to_owned();
        let groups: Vec<usize> = id.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12], "{id}");
        assert!(id.chars().all(|c| c == '-' || c.is_ascii_hexdigit()), "{id}");
        assert_eq!(id.as_bytes()[14], b'4', "version 4: {id}");
        assert!(matches!(id.as_bytes()[19], b'8' | b'9' | b'a' | b'b'), "variant: {id}");
        attempt.advance();
        assert_eq!((attempt.number(), attempt.invocation_id()), (2, id.as_str()));
        assert_eq!(attempt.lazy_invocation_id().to_string(), id);
        assert_ne!(Attempt::first("GetThing").invocation_id(), id, "a new call, a new id");
    }
}
