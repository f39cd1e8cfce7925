//! The payload of an enum value this version of the crate does not know.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A value the server sent that this version of the crate has no variant for, kept as sent.
///
/// It can be read, not built: to send a value the crate does not know yet, convert its wire
/// text with `From<&str>` (known values become their variants). A later version that learns
/// the value decodes it as its own variant instead.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnknownValue(String);

impl UnknownValue {
    /// Only the enums' `From<&str>` builds these, after checking the known values.
    #[allow(dead_code)] // A spec without string enums has no caller.
    pub(crate) fn new(value: &str) -> Self {
        Self(value.to_owned())
    }

    /// The value as it travels on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An integer the server sent that an integer enum of this version of the crate has no
/// variant for, kept as sent (any `i64`: every integer format fits).
///
/// It can be read, not built: to send a value the crate does not know yet, convert the
/// number with `From<i64>` (known values become their variants).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UnknownInteger(i64);

impl UnknownInteger {
    /// Only the integer enums' `From<i64>` builds these, after checking the known values.
    #[allow(dead_code)] // A spec without integer enums has no caller.
    pub(crate) fn new(value: i64) -> Self {
        Self(value)
    }

    /// The value as it travels on the wire.
    pub fn get(self) -> i64 {
        self.0
    }
}

impl fmt::Display for UnknownInteger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}
