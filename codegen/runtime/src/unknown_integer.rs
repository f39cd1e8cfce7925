//! Integer-enum values this version of the crate does not know, kept as sent (carried by a
//! crate whose spec has an integer enum).

use serde::{Deserialize, Serialize};
use std::fmt;

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
