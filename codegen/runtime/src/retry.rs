//! When and how long to wait before sending a request again, and how many retries a client
//! may spend.

use reqwest::header::{HeaderMap, RETRY_AFTER};
use reqwest::{Method, StatusCode};
use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

/// Which failed requests the client sends again, and how long it waits in between.
///
/// The default sends an idempotent request (GET, HEAD, PUT, DELETE, OPTIONS) up to 3
/// times in all when it times out or gets 429, 500, 502, 503 or 504 (never 501). A request
/// whose connection was refused, so that nothing was sent, is sent again whatever its method.
/// It waits with exponential backoff and full jitter (a random time up to 200 ms, 400 ms, …
/// capped at 20 s), or as long as the server's `Retry-After` says (seconds, or an HTTP date),
/// up to 60 s. PATCH and POST that may have reached the server are sent once unless
/// [`retry_non_idempotent`](Self::retry_non_idempotent) opts in.
///
/// Retries are paid from a [`RetryBudget`] (500 tokens, 5 a retry, 10 a retry after a
/// timeout, 1 back per answer that is no failure), so that a client facing a server that is
/// down stops adding retries to its load; first attempts are never refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RetryPolicy {
    max_attempts: u32,
    initial_backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    non_idempotent: bool,
    budget: Option<RetryBudget>,
}

impl Default for RetryPolicy {
    fn default() -> Self {
        Self {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(200),
            max_backoff: Duration::from_secs(20),
            max_retry_after: Duration::from_secs(60),
            non_idempotent: false,
            budget: Some(RetryBudget::default()),
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

    /// Also retries PATCH and POST on the answers and failures that idempotent requests are
    /// retried on. Only for operations the server makes safe to repeat.
    pub fn retry_non_idempotent(mut self, yes: bool) -> Self {
        self.non_idempotent = yes;
        self
    }

    /// Pays retries from `budget` instead of the default one.
    pub fn with_budget(mut self, budget: RetryBudget) -> Self {
        self.budget = Some(budget);
        self
    }

    /// Retries without a budget: every failing call may retry up to
    /// [`max_attempts`](Self::max_attempts), however many fail.
    pub fn without_budget(mut self) -> Self {
        self.budget = None;
        self
    }

    /// At most how many times one request is sent.
    pub fn max_attempts(&self) -> u32 {
        self.max_attempts
    }

    /// The budget retries are paid from, if any.
    pub fn budget(&self) -> Option<&RetryBudget> {
        self.budget.as_ref()
    }

    /// Whether a request of this method may be sent more than once after it may have reached
    /// the server.
    fn allows(&self, method: &Method) -> bool {
        self.non_idempotent || is_idempotent(method)
    }

    /// What a retry after `failure` costs, or `None` when the policy does not retry it.
    fn cost(&self, method: &Method, failure: &Failure<'_>) -> Option<Cost> {
        match failure {
            Failure::Status(status, _) => (self.allows(method) && is_retryable_status(*status)).then_some(Cost::Retry),
            // Nothing was sent: safe for any method. (A connect timeout is both.)
            Failure::Error(error) if error.is_connect() => {
                Some(if error.is_timeout() { Cost::Timeout } else { Cost::Retry })
            }
            Failure::Error(error) => (self.allows(method) && error.is_timeout()).then_some(Cost::Timeout),
        }
    }

    /// How long to wait before attempt `attempt + 1`, after `attempt` failed (1-based).
    fn delay(&self, attempt: u32, headers: Option<&HeaderMap>) -> Duration {
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

/// A token bucket that retries are paid from: a retry takes tokens, an answer that is no
/// failure puts some back, and an empty bucket refuses retries (never first attempts).
///
/// The default is smithy-rs's standard one: 500 tokens, 5 a retry, 10 a retry after a
/// timeout, 1 back per answer. A [`Client`](crate::Client) and its clones share one bucket,
/// filled when [`with_retry`](crate::Client::with_retry) (or the client's construction) sets
/// the policy: two clients built apart have two.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RetryBudget {
    capacity: u32,
    retry_cost: u32,
    timeout_retry_cost: u32,
    refill: u32,
}

impl Default for RetryBudget {
    fn default() -> Self {
        Self { capacity: 500, retry_cost: 5, timeout_retry_cost: 10, refill: 1 }
    }
}

impl RetryBudget {
    /// A bucket of `capacity` tokens, full at the start, with the default costs.
    pub fn new(capacity: u32) -> Self {
        Self { capacity, ..Self::default() }
    }

    /// Tokens a retry takes (after an answer such as 503, or a refused connection).
    pub fn with_retry_cost(mut self, tokens: u32) -> Self {
        self.retry_cost = tokens;
        self
    }

    /// Tokens a retry after a timeout takes.
    pub fn with_timeout_retry_cost(mut self, tokens: u32) -> Self {
        self.timeout_retry_cost = tokens;
        self
    }

    /// Tokens put back by each answer that is no failure (below 500, other than 429), up to
    /// the capacity.
    pub fn with_refill(mut self, tokens: u32) -> Self {
        self.refill = tokens;
        self
    }

    /// How many tokens the bucket holds when full.
    pub fn capacity(&self) -> u32 {
        self.capacity
    }
}

/// Why an attempt failed, as the policy sees it.
pub(crate) enum Failure<'a> {
    /// The server answered with this status and these headers.
    Status(StatusCode, &'a HeaderMap),
    /// No (whole) answer came.
    Error(&'a reqwest::Error),
}

#[derive(Clone, Copy)]
enum Cost {
    Retry,
    Timeout,
}

/// A client's policy with its budget's bucket, which the client's clones share.
#[derive(Debug, Clone)]
pub(crate) struct Retries {
    policy: RetryPolicy,
    bucket: Option<Arc<Bucket>>,
}

impl Retries {
    pub(crate) fn new(policy: RetryPolicy) -> Self {
        let bucket = policy.budget.map(|budget| Arc::new(Bucket { tokens: AtomicU32::new(budget.capacity), budget }));
        Self { policy, bucket }
    }

    /// After attempt `attempt` (1-based, 401 resends not counted) failed: how long to wait
    /// before sending again, or `None` when it is not sent again. A retry is paid here.
    pub(crate) fn retry(&self, method: &Method, attempt: u32, failure: Failure<'_>) -> Option<Duration> {
        if attempt >= self.policy.max_attempts {
            return None;
        }
        let cost = self.policy.cost(method, &failure)?;
        if let Some(bucket) = &self.bucket {
            bucket.take(cost)?;
        }
        let headers = match failure {
            Failure::Status(_, headers) => Some(headers),
            Failure::Error(_) => None,
        };
        Some(self.policy.delay(attempt, headers))
    }

    /// The server answered `status` and the answer is the call's: one that is no failure
    /// refills the bucket.
    pub(crate) fn answered(&self, status: StatusCode) {
        let failed = status.as_u16() >= 500 || status == StatusCode::TOO_MANY_REQUESTS;
        match &self.bucket {
            Some(bucket) if !failed => bucket.refill(),
            _ => {}
        }
    }
}

/// A [`RetryBudget`]'s tokens.
#[derive(Debug)]
struct Bucket {
    tokens: AtomicU32,
    budget: RetryBudget,
}

impl Bucket {
    fn take(&self, cost: Cost) -> Option<()> {
        let cost = match cost {
            Cost::Retry => self.budget.retry_cost,
            Cost::Timeout => self.budget.timeout_retry_cost,
        };
        self.tokens.fetch_update(Ordering::AcqRel, Ordering::Acquire, |tokens| tokens.checked_sub(cost)).ok().map(drop)
    }

    fn refill(&self) {
        let (capacity, refill) = (self.budget.capacity, self.budget.refill);
        // Checked first: most answers find the bucket full, and a load is cheaper than a write.
        if self.tokens.load(Ordering::Acquire) < capacity {
            let _ = self.tokens.fetch_update(Ordering::AcqRel, Ordering::Acquire, |tokens| {
                (tokens < capacity).then(|| tokens.saturating_add(refill).min(capacity))
            });
        }
    }
}

fn is_idempotent(method: &Method) -> bool {
    [Method::GET, Method::HEAD, Method::PUT, Method::DELETE, Method::OPTIONS, Method::TRACE].contains(method)
}

/// Statuses that say "try again later": throttling, a failed backend (gRPC's UNKNOWN and
/// INTERNAL arrive as 500) and a gateway or backend that is down. 501 is for good.
fn is_retryable_status(status: StatusCode) -> bool {
    matches!(status.as_u16(), 429 | 500 | 502 | 503 | 504)
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

/// Full jitter: uniformly random in `[0, cap]`.
pub(crate) fn jitter(cap: Duration) -> Duration {
    let fraction = (random_u64() >> 11) as f64 / (1u64 << 53) as f64;
    cap.mul_f64(fraction)
}

/// 64 random bits, from std's randomly keyed hasher (its keys are new for each
/// `RandomState`), the time and a counter: not for secrets, but unpredictable enough for
/// jitter and invocation ids, and distinct in one process.
pub(crate) fn random_u64() -> u64 {
    static CALLS: AtomicU64 = AtomicU64::new(0);
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u64(CALLS.fetch_add(1, Ordering::Relaxed));
    hasher.write_u128(SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).unwrap_or_default().as_nanos());
    hasher.finish()
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
    fn only_idempotent_methods_are_retried_on_answers_by_default() {
        let headers = HeaderMap::new();
        let unavailable = || Failure::Status(StatusCode::SERVICE_UNAVAILABLE, &headers);
        let retries = Retries::new(RetryPolicy::default());
        for method in [Method::GET, Method::DELETE, Method::PUT, Method::HEAD, Method::OPTIONS] {
            assert!(retries.retry(&method, 1, unavailable()).is_some(), "{method}");
        }
        assert!(retries.retry(&Method::PATCH, 1, unavailable()).is_none());
        assert!(retries.retry(&Method::POST, 1, unavailable()).is_none());
        let opted_in = Retries::new(RetryPolicy::default().retry_non_idempotent(true));
        assert!(opted_in.retry(&Method::POST, 1, unavailable()).is_some());
        assert!(Retries::new(RetryPolicy::none()).retry(&Method::GET, 1, unavailable()).is_none());
        assert!(retries.retry(&Method::GET, 3, unavailable()).is_none(), "the third attempt was the last");
        assert_eq!(RetryPolicy::default().with_max_attempts(0).max_attempts(), 1);
    }

    #[test]
    fn retryable_statuses() {
        let retried: Vec<u16> =
            (100..600).filter(|&code| is_retryable_status(StatusCode::from_u16(code).unwrap())).collect();
        assert_eq!(retried, [429, 500, 502, 503, 504]);
    }

    fn bucket(retries: &Retries) -> u32 {
        retries.bucket.as_ref().unwrap().tokens.load(Ordering::SeqCst)
    }

    #[test]
    fn retries_are_paid_from_the_bucket_and_answers_refill_it() {
        let headers = HeaderMap::new();
        let budget = RetryBudget::new(12).with_retry_cost(5).with_refill(2);
        let retries = Retries::new(RetryPolicy::default().with_budget(budget));
        let unavailable = || Failure::Status(StatusCode::SERVICE_UNAVAILABLE, &headers);
        assert!(retries.retry(&Method::GET, 1, unavailable()).is_some());
        assert!(retries.retry(&Method::GET, 1, unavailable()).is_some());
        assert_eq!(bucket(&retries), 2);
        assert!(retries.retry(&Method::GET, 1, unavailable()).is_none(), "2 tokens left, 5 needed");
        assert_eq!(bucket(&retries), 2, "a refused retry takes nothing");
        for status in [500, 503, 429] {
            retries.answered(StatusCode::from_u16(status).unwrap());
        }
        assert_eq!(bucket(&retries), 2, "failures refill nothing");
        retries.answered(StatusCode::OK);
        retries.answered(StatusCode::NOT_FOUND);
        assert_eq!(bucket(&retries), 6);
        for _ in 0..10 {
            retries.answered(StatusCode::OK);
        }
        assert_eq!(bucket(&retries), 12, "never above the capacity");
        assert!(Retries::new(RetryPolicy::default().without_budget()).bucket.is_none());
        assert_eq!(RetryPolicy::default().budget(), Some(&RetryBudget::new(500)));
    }

    #[test]
    fn clones_share_the_bucket() {
        let headers = HeaderMap::new();
        let retries = Retries::new(RetryPolicy::default().with_budget(RetryBudget::new(5)));
        let clone = retries.clone();
        assert!(clone.retry(&Method::GET, 1, Failure::Status(StatusCode::BAD_GATEWAY, &headers)).is_some());
        assert_eq!(bucket(&retries), 0);
    }
}
