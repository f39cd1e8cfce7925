//! Page streams: every item of a list operation, page after page.

use crate::error::Error;
use crate::trace;
use futures_util::stream::{self, Stream, TryStreamExt};
use std::collections::HashSet;
use std::future::Future;
use std::pin::Pin;

/// Where a page stream stands between two pages.
enum Next {
    /// Fetch the page for this token (`None`: the first page, no token).
    Fetch(Option<String>),
    /// The last page repeated a token: end with an error once its items are out.
    Fail(String),
    Done,
}

/// The items of every page: `fetch` gets a page token and returns one page's items and the
/// next token. An empty or absent next token ends the stream; a token seen before ends it
/// with [`Error::RepeatedPageToken`] instead of looping forever. Each page is fetched in a
/// `page` span with its number (from 1). Boxed, so that callers can poll it (`next()`,
/// `try_next()`) without pinning it first.
pub(crate) fn items<T, E, F, Fut>(
    first_token: Option<String>,
    fetch: F,
) -> Pin<Box<impl Stream<Item = Result<T, Error<E>>>>>
where
    F: FnMut(Option<String>) -> Fut,
    Fut: Future<Output = Result<(Vec<T>, Option<String>), Error<E>>>,
{
    let seen: HashSet<String> = first_token.iter().cloned().collect();
    let first = Next::Fetch(first_token.filter(|token| !token.is_empty()));
    Box::pin(
        stream::try_unfold((first, seen, fetch, 1), |(next, mut seen, mut fetch, page)| async move {
            let token = match next {
                Next::Fetch(token) => token,
                Next::Fail(token) => return Err(Error::RepeatedPageToken(token)),
                Next::Done => return Ok(None),
            };
            let (items, next_token) = trace::instrument(page_span(page), fetch(token)).await?;
            let next = match next_token.filter(|token| !token.is_empty()) {
                None => Next::Done,
                Some(token) if !seen.insert(token.clone()) => Next::Fail(token),
                Some(token) => Next::Fetch(Some(token)),
            };
            Ok(Some((stream::iter(items.into_iter().map(Ok)), (next, seen, fetch, page + 1))))
        })
        .try_flatten(),
    )
}

/// One page of a page stream, numbered from 1.
#[cfg(feature = "tracing")]
fn page_span(number: u64) -> trace::Span {
    tracing::info_span!("page", page.number = number)
}

#[cfg(not(feature = "tracing"))]
fn page_span(_: u64) -> trace::Span {
    trace::Span
}
