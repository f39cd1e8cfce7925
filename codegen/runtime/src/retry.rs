//! When and how long to wait before sending a request again.

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use std::hash::{BuildHasher, Hasher};
use std::time::{Duration, SystemTime};

/// Which failed requests the client sends again, and how long it waits in between.
///
/// The default sends an idempotent request (GET, HEAD, PUT, DELETE, OPTIONS) up to 3
/// times in all when it fails to connect, times out, or gets 429, 502, 503 or 504. It waits
/// with exponential backoff and full jitter (a random time up to 200 ms, 400 ms, … capped at
/// 20 s), or as long as the server's `Retry-After` says (seconds, or an HTTP date), up to 60 s. PATCH and POST are
/// sent once unless [`retry_non_idempotent`](Self::retry_non_idempotent) opts in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    non_idempotent: bool,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(20),
            max_retry_after: Duration::from_secs(60),
            non_idempotent: false,
        }
    }
}

impl RetryPolicy {
    /// Sends every request once.
    pub fn none() -> Self {
        Self { max_attempts: 1, ..Self::default() }
    }

    /// At most `attempts` sends of one request, the first included (at least 1).
    pub fn with_max_attempts(mut self, attempts: u32) -> Self {
        self.max_attempts = attempts.max(1);
        self
    }

    /// The backoff before the n-th retry is random, up to `initial × 2ⁿ⁻¹`, and at most `max`.
    pub fn with_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial_backoff = initial;
        self.max_backoff = max.max(initial);
        self
    }

    /// Waits at most `cap` when the server's `Retry-After` asks for longer.
    pub fn with_max_retry_after(mut self, cap: Duration) -> Self {
        self.max_retry_after = cap;
        self
    }

    /// Also retries PATCH and POST. Only for operations the server makes safe to repeat.
    pub fn retry_non_idempotent(mut self, yes: bool) -> Self {
        self.non_idempotent = yes;
        self
    }

    /// At most how many times one request is sent.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// Whether a request of this method may be sent more than once.
    pub(crate) fn allows(&self, method: &Method) -> bool {
        self.max_attempts > 1 && (self.non_idempotent || is_idempotent(method))
    }

    /// How long to wait before attempt `attempt + 1`, after `attempt` failed (1-based).
    pub(crate) fn delay(&self, attempt: u32, headers: Option<&HeaderMap>) -> Duration {
        match headers.and_then(|headers| retry_after(headers, SystemTime::now())) {
            Some(wait) => wait.min(self.max_retry_after),
            None => jitter(self.backoff_cap(attempt)),
        }
    }

    /// The upper bound of the backoff after `attempt` failed: `initial × 2^(attempt-1)`, capped.
    fn backoff_cap(&self, attempt: u32) -> Duration {
        let factor = 2u32.saturating_pow(attempt.saturating_sub(1));
        self.initial_backoff.saturating_mul(factor).min(self.max_backoff)
    }
}

fn is_idempotent(method: &Method) -> bool {
    [Method::GET, Method::HEAD, Method::PUT, Method::DELETE, Method::OPTIONS, Method::TRACE].contains(method)
}

/// Statuses that say "try again later": throttling and a gateway or backend that is down.
pub(crate) fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 502 | 503 | 504)
}

/// Failures where the request most likely never reached the server, or took too long.
pub(crate) fn is_retryable_error(error: &reqwest::Error) -> bool {
    error.is_connect() || error.is_timeout()
}

/// `Retry-After` as delay-seconds, or as an HTTP date (the time from `now` until then; a
/// date already past is no wait). The obsolete RFC 850 and asctime date forms, which servers
/// no longer send, fall back to the computed backoff.
fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = imf_fixdate(value)?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// An IMF-fixdate (RFC 9110, section 5.6.7): `Sun, 06 Nov 1994 08:49:37 GMT`.
fn imf_fixdate(text: &str) -> Option<SystemTime> {
    let (_weekday, rest) = text.split_once(", ")?;
    let parts: Vec<&str> = rest.split(' ').collect();
    let [day, month, year, time, "GMT"] = parts.as_slice() else {
        return None;
    };
    const MONTHS: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month = MONTHS.iter().position(|name| name == month)? as u64 + 1;
    let number = |text: &str, digits: usize| (text.len() == digits).then(|| text.parse::<u64>().ok()).flatten();
    let (day, year) = (number(day, 2)?, number(year, 4)?);
    let clock: Vec<u64> = time.split(':').map(|part| number(part, 2)).collect::<Option<_>>()?;
    let [hour, minute, second] = clock.as_slice() else {
        return None;
    };
    if !(1..=31).contains(&day) || year < 1970 || *hour > 23 || *minute > 59 || *second > 60 {
        return None;
    }
    let seconds = days_since_epoch(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second;
    Some(SystemTime::UNIX_EPOCH + Duration::from_secs(seconds))
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar (year ≥ 1970).
fn days_since_epoch(year: u64, month: u64, day: u64) -> u64 {
    // Howard Hinnant's days_from_civil, with years starting in March.
    let year = if month <= 2 { year - 1 } else { year };
    let era = year / 400;
    let year_of_era = year % 400;
    let day_of_year = (153 * ((month + 9) % 12) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// Full jitter: uniformly random in `[0, cap]`. Randomness from std's per-process hash keys.
pub(crate) fn jitter(cap: Duration) -> Duration {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher
        .write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default().as_nanos());
    let fraction = (hasher.finish() >> 11) as f64 / (1u64 << 53) as f64;
    cap.mul_f64(fraction)
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn backoff_doubles_up_to_the_cap() {
        let policy = RetryPolicy::default().with_backoff(Duration::from_millis(100), Duration::from_millis(350));
        let caps: Vec<_> = (1..=4).map(|attempt| policy.backoff_cap(attempt).as_millis()).collect();
        assert_eq!(caps, [100, 200, 350, 350]);
        assert_eq!(policy.backoff_cap(u32::MAX), Duration::from_millis(350));
    }

    #[test]
    fn jitter_stays_within_the_cap_and_varies() {
        let cap = Duration::from_millis(1000);
        let samples: Vec<_> = (0..64).map(|_| jitter(cap)).collect();
        assert!(samples.iter().all(|wait| *wait <= cap));
        assert!(samples.iter().any(|wait| *wait != samples[0]), "{samples:?}");
    }

    #[test]
    fn retry_after_seconds_are_honoured_up_to_the_cap() {
        let policy = RetryPolicy::default().with_max_retry_after(Duration::from_secs(5));
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("2"));
        assert_eq!(policy.delay(1, Some(&headers)), Duration::from_secs(2));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("120"));
        assert_eq!(policy.delay(1, Some(&headers)), Duration::from_secs(5));
        headers.insert(RETRY_AFTER, HeaderValue::from_static("soon"));
        assert!(policy.delay(1, Some(&headers)) <= Duration::from_millis(200), "not a delay: the backoff");
    }

    #[test]
    fn retry_after_dates_are_honoured_up_to_the_cap() {
        let policy = RetryPolicy::default().with_max_retry_after(Duration::from_secs(30));
        let now = imf_fixdate("Wed, 21 Oct 2015 07:28:00 GMT").unwrap();
        let wait = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(RETRY_AFTER, HeaderValue::from_static(value));
            retry_after(&headers, now).map(|wait| wait.min(policy.max_retry_after))
        };
        assert_eq!(wait("Wed, 21 Oct 2015 07:28:07 GMT"), Some(Duration::from_secs(7)));
        assert_eq!(wait("Thu, 22 Oct 2015 07:28:00 GMT"), Some(Duration::from_secs(30)), "a day: capped");
        assert_eq!(wait("Wed, 21 Oct 2015 07:27:00 GMT"), Some(Duration::ZERO), "already past");
        assert_eq!(wait("Wednesday, 21-Oct-15 07:28:07 GMT"), None, "RFC 850: the backoff");
        assert_eq!(wait("Wed, 21 Oct 2015 07:28:07 CET"), None);
        // The delay a client computes from a date in the future is within the cap too.
        let mut headers = HeaderMap::new();
        headers.insert(RETRY_AFTER, HeaderValue::from_static("Fri, 01 Jan 2100 00:00:00 GMT"));
        assert_eq!(policy.delay(1, Some(&headers)), Duration::from_secs(30));
    }

    #[test]
    fn imf_fixdates_are_seconds_since_the_epoch() {
        let epoch = |text| imf_fixdate(text).and_then(|at| at.duration_since(SystemTime::UNIX_EPOCH).ok());
        assert_eq!(epoch("Thu, 01 Jan 1970 00:00:00 GMT"), Some(Duration::ZERO));
        assert_eq!(epoch("Sun, 06 Nov 1994 08:49:37 GMT"), Some(Duration::from_secs(784_111_777)));
        assert_eq!(epoch("Tue, 29 Feb 2000 12:00:00 GMT"), Some(Duration::from_secs(951_825_600)));
        assert_eq!(epoch("Sun, 06 Nov 1994 8:49:37 GMT"), None, "two-digit fields");
        assert_eq!(epoch("Sun, 06 Foo 1994 08:49:37 GMT"), None);
    }

    #[test]
    fn only_idempotent_methods_are_retried_by_default() {
        let policy = RetryPolicy::default();
        assert!(policy.allows(&Method::GET) && policy.allows(&Method::DELETE) && policy.allows(&Method::PUT));
        assert!(!policy.allows(&Method::PATCH) && !policy.allows(&Method::POST));
        assert!(policy.clone().retry_non_idempotent(true).allows(&Method::POST));
        assert!(!RetryPolicy::none().allows(&Method::GET));
        assert_eq!(RetryPolicy::default().with_max_attempts(0).max_attempts(), 1);
    }

    #[test]
    fn retryable_statuses() {
        let retried: Vec<u16> =
            (400..600).filter(|&code| is_retryable_status(StatusCode::from_u16(code).unwrap())).collect();
        assert_eq!(retried, [429, 502, 503, 504]);
    }
}
