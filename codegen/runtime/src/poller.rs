//! Long-running operations: a [`Poller`] starts one (or picks up one started earlier, by its
//! id) and polls it until it is done, under a [`PollPolicy`].
//!
//! Each long-running operation `x` of the spec has `x_poller(args…)` and
//! `resume_x(operation_id)` on [`Client`]; the spec's operation resource implements
//! [`Operation`], which says how to read one and how to fetch it again. Polls are ordinary
//! calls through the client: credentials, retries and spans as for any other.

use crate::error::Error;
use crate::transport::Client;
use crate::{retry, trace};
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;
use tokio::time::Instant;

/// How often a [`Poller`] looks at its operation, and for how long.
///
/// The default polls after 1 s, doubling to 60 s between polls, each interval ±50 % at
/// random (so that many waiters do not poll in step), and **never gives up**: an operation
/// ends when the server says so. Set [`with_timeout`](Self::with_timeout) to bound the wait.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PollPolicy {
    initial: Duration,
    max: Duration,
    timeout: Option<Duration>,
    jitter: bool,
}

impl Default for PollPolicy {
    fn default() -> Self {
        PollPolicy { initial: Duration::from_secs(1), max: Duration::from_secs(60), timeout: None, jitter: true }
    }
}

impl PollPolicy {
    /// Waits `initial` before the first poll after the start, doubling up to `max`.
    pub fn with_backoff(mut self, initial: Duration, max: Duration) -> Self {
        self.initial = initial;
        self.max = max.max(initial);
        self
    }

    /// Gives up once `total` has passed since the first look at the operation: the poller
    /// then completes with [`Error::OperationTimeout`]. The operation itself goes on.
    pub fn with_timeout(mut self, total: Duration) -> Self {
        self.timeout = Some(total);
        self
    }

    /// Waits exactly the backoff's intervals, without jitter.
    pub fn without_jitter(mut self) -> Self {
        self.jitter = false;
        self
    }

    /// The interval before poll `n` (1-based, after the start): `initial × 2ⁿ⁻¹` up to `max`.
    fn interval(&self, n: u32) -> Duration {
        let doubled = self.initial.saturating_mul(2u32.saturating_pow(n.saturating_sub(1).min(31)));
        let interval = doubled.min(self.max);
        match self.jitter {
            // ±50 %: half the interval, plus up to the whole of it.
            true => interval / 2 + retry::jitter(interval),
            false => interval,
        }
    }
}

/// What one look at an operation says: google-cloud-lro's names.
#[derive(Debug)]
pub enum PollingResult<R, M, E> {
    /// The operation is still running; its metadata, when the server sent some of type `M`.
    InProgress(Option<M>),
    /// The operation is done: its result, or why it has none ([`Error::OperationFailed`],
    /// [`Error::OperationTimeout`], or the error of the call that was to start it).
    Completed(Result<R, Error<E>>),
    /// This poll failed (after the client's retries); the operation may still be running,
    /// and the next [`Poller::poll`] polls again.
    PollingError(Error<E>),
}

/// A resource that reports on long-running work: the spec's operation type implements it.
pub(crate) trait Operation: Sized + Send + 'static {
    /// The union (or free-form value) of the results, the metadata, and the error body.
    type Response;
    type Metadata;
    type Error: Send + 'static;

    /// The operation's id, to poll it by.
    fn id(&self) -> Option<&str>;

    /// Whether it is done, and how.
    fn progress(self) -> Progress<Self::Response, Self::Metadata, Self::Error>;

    /// The operation with this id, from the spec's poll operation.
    fn fetch(client: Client, id: String) -> impl Future<Output = Result<Option<Self>, Error<Self::Error>>> + Send;
}

/// Where an operation stands, as its resource says.
pub(crate) enum Progress<R, M, E> {
    Running(Option<M>),
    Succeeded(Option<R>),
    Failed(Option<E>),
}

/// How a long-running call begins: by calling the operation, or from an id saved earlier.
pub(crate) enum Start<O: Operation> {
    Call(Call<O>),
    Resume(String),
}

/// The call that starts an operation: it answers the operation's resource.
type Call<O> = Pin<Box<dyn Future<Output = Result<Option<O>, Error<<O as Operation>::Error>>> + Send>>;

impl<O: Operation> Start<O> {
    /// The operation's call, which answers its resource (`None` when the body left it out).
    pub(crate) fn call(call: impl Future<Output = Result<Option<O>, Error<O::Error>>> + Send + 'static) -> Self {
        Start::Call(Box::pin(call))
    }
}

type Look<R, M, E> = Pin<Box<dyn Future<Output = Result<Seen<R, M, E>, Error<E>>> + Send>>;
type Fetch<R, M, E> = Arc<dyn Fn(String) -> Look<R, M, E> + Send + Sync>;

/// One look at the operation, typed: its id and where it stands.
struct Seen<R, M, E> {
    id: Option<String>,
    progress: Progress<R, M, E>,
}

/// A long-running operation, typed by its result `R`, its metadata `M` and the spec's
/// error body `E`.
///
/// [`until_done`](Self::until_done) waits for the result; [`poll`](Self::poll) looks once
/// at a time, to report progress. Polling follows the [`PollPolicy`]
/// ([`with_policy`](Self::with_policy)). A poller owns what it needs (`'static`), so it can
/// be spawned, and [`operation_id`](Self::operation_id) is the id to resume it by in
/// another process.
#[must_use = "a poller does nothing until it is polled"]
pub struct Poller<R, M, E> {
    start: Option<Look<R, M, E>>,
    fetch: Fetch<R, M, E>,
    id: Option<String>,
    policy: PollPolicy,
    /// Polls made after the start.
    polls: u32,
    first_look: Option<Instant>,
    done: bool,
}

impl<R, M, E> fmt::Debug for Poller<R, M, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Poller")
            .field("operation_id", &self.id)
            .field("policy", &self.policy)
            .field("polls", &self.polls)
            .field("done", &self.done)
            .finish_non_exhaustive()
    }
}

impl<R, M, E> Poller<R, M, E>
where
    R: Send + 'static,
    M: Send + 'static,
    E: Send + 'static,
{
    /// A poller for operations of type `O`: `result` and `metadata` pick the members of
    /// its unions that this call is typed with (`None`: not one of them).
    pub(crate) fn new<O: Operation<Error = E>>(
        client: &Client,
        start: Start<O>,
        result: fn(Option<O::Response>) -> Option<R>,
        metadata: fn(O::Metadata) -> Option<M>,
    ) -> Self {
        let typed = move |operation: Option<O>| -> Seen<R, M, E> {
            let Some(operation) = operation else {
                return Seen { id: None, progress: Progress::Succeeded(None) };
            };
            let id = operation.id().map(str::to_owned);
            let progress = match operation.progress() {
                Progress::Running(found) => Progress::Running(found.and_then(metadata)),
                Progress::Succeeded(response) => Progress::Succeeded(result(response)),
                Progress::Failed(error) => Progress::Failed(error),
            };
            Seen { id, progress }
        };
        let fetch_client = client.clone();
        let fetch: Fetch<R, M, E> = Arc::new(move |id: String| -> Look<R, M, E> {
            let fetched = O::fetch(fetch_client.clone(), id);
            Box::pin(async move { fetched.await.map(typed) })
        });
        let (start, id) = match start {
            Start::Call(call) => (Some(Box::pin(async move { call.await.map(typed) }) as Look<R, M, E>), None),
            Start::Resume(id) => (None, Some(id)),
        };
        Poller { start, fetch, id, policy: PollPolicy::default(), polls: 0, first_look: None, done: false }
    }
}

impl<R, M, E> Poller<R, M, E> {
    /// Polls under `policy` instead of [`PollPolicy::default`].
    pub fn with_policy(mut self, policy: PollPolicy) -> Self {
        self.policy = policy;
        self
    }

    /// The operation's id, once the start has answered it (a resumed poller has it from the
    /// start): save it to resume the wait in another process (`Client::resume_…`).
    pub fn operation_id(&self) -> Option<&str> {
        self.id.as_deref()
    }

    /// Looks at the operation once. The first call starts it (a resumed poller polls at once);
    /// each later call waits the policy's interval, then polls. After
    /// [`Completed`](PollingResult::Completed), `None`.
    pub async fn poll(&mut self) -> Option<PollingResult<R, M, E>> {
        if self.done {
            return None;
        }
        let first = self.first_look.is_none();
        let started = *self.first_look.get_or_insert_with(Instant::now);
        let look = match self.start.take() {
            Some(start) => start,
            None => {
                let Some(id) = self.id.clone() else {
                    return Some(self.complete(Err(Error::InvalidRequest("no operation id to poll".to_owned()))));
                };
                if !first {
                    let wait = self.policy.interval(self.polls + 1);
                    if let Some(timeout) = self.policy.timeout
                        && started.elapsed() + wait > timeout
                    {
                        tokio::time::sleep(timeout.saturating_sub(started.elapsed())).await;
                        let waited = started.elapsed();
                        return Some(self.complete(Err(Error::OperationTimeout { operation_id: id, waited })));
                    }
                    tokio::time::sleep(wait).await;
                }
                self.polls += 1;
                let span = poll_span(&id, self.polls);
                return Some(match trace::instrument(span, (self.fetch)(id)).await {
                    Ok(seen) => self.seen(seen),
                    Err(error) => PollingResult::PollingError(error),
                });
            }
        };
        // The start: its failure is the operation's (it never began).
        Some(match look.await {
            Ok(seen) => self.seen(seen),
            Err(error) => self.complete(Err(error)),
        })
    }

    /// Polls until the operation is done, and returns its result. A poll that fails (after
    /// the client's retries) ends the wait with its error; the operation may still be running,
    /// and [`operation_id`](Self::operation_id) can resume it.
    pub async fn until_done(mut self) -> Result<R, Error<E>> {
        loop {
            match self.poll().await {
                Some(PollingResult::InProgress(_)) => {}
                Some(PollingResult::Completed(result)) => return result,
                Some(PollingResult::PollingError(error)) => return Err(error),
                None => return Err(Error::InvalidRequest("the poller had already completed".to_owned())),
            }
        }
    }

    fn seen(&mut self, seen: Seen<R, M, E>) -> PollingResult<R, M, E> {
        if let Some(id) = seen.id {
            self.id = Some(id);
        }
        let operation_id = self.id.clone().unwrap_or_default();
        match seen.progress {
            Progress::Running(_) if self.id.is_none() => {
                self.complete(Err(Error::InvalidRequest("the operation was answered without an id".to_owned())))
            }
            Progress::Running(metadata) => PollingResult::InProgress(metadata),
            Progress::Succeeded(Some(result)) => self.complete(Ok(result)),
            Progress::Succeeded(None) => self.complete(Err(Error::UnexpectedOperationResult { operation_id })),
            Progress::Failed(body) => {
                self.complete(Err(Error::OperationFailed { operation_id, body: body.map(Box::new) }))
            }
        }
    }

    fn complete(&mut self, result: Result<R, Error<E>>) -> PollingResult<R, M, E> {
        self.done = true;
        PollingResult::Completed(result)
    }
}

/// One poll of a long-running operation: its id and the poll's number (from 1).
#[cfg(feature = "tracing")]
fn poll_span(operation_id: &str, number: u32) -> trace::Span {
    tracing::info_span!("poll", operation.id = operation_id, poll.number = number)
}

#[cfg(not(feature = "tracing"))]
fn poll_span(_: &str, _: u32) -> trace::Span {
    trace::Span
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_interval_doubles_up_to_the_max() {
        let policy = PollPolicy::default().without_jitter();
        let seconds: Vec<u64> = (1..=8).map(|n| policy.interval(n).as_secs()).collect();
        assert_eq!(seconds, [1, 2, 4, 8, 16, 32, 60, 60]);
        assert_eq!(policy.interval(u32::MAX), Duration::from_secs(60));
    }

    #[test]
    fn jitter_stays_within_half_the_interval() {
        let policy = PollPolicy::default().with_backoff(Duration::from_secs(4), Duration::from_secs(4));
        let samples: Vec<Duration> = (0..64).map(|_| policy.interval(3)).collect();
        assert!(samples.iter().all(|wait| *wait >= Duration::from_secs(2) && *wait <= Duration::from_secs(6)));
        assert!(samples.iter().any(|wait| *wait != samples[0]), "jitter varies: {samples:?}");
    }

    #[test]
    fn the_max_is_never_below_the_initial_interval() {
        let policy =
            PollPolicy::default().with_backoff(Duration::from_secs(5), Duration::from_secs(1)).without_jitter();
        assert_eq!(policy.interval(1), Duration::from_secs(5));
    }
}
