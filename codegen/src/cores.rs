//! The one thread pool: jobs by index, on every core. Load reads a large YAML document's
//! pieces with it, render prints a file's parts and `API.txt`'s items.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `job(0)`, `job(1)`, … `job(count - 1)`, run on every core (each thread takes the next
/// index as it finishes one), in index order.
pub(crate) fn on_every_core<T: Send>(count: usize, job: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let threads = std::thread::available_parallelism().map_or(1, usize::from).min(count);
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let index = next.fetch_add(1, Ordering::Relaxed);
            if index >= count {
                return done;
            }
            done.push((index, job(index)));
        }
    };
    let finished: Vec<Vec<(usize, T)>> = if threads > 1 {
        // The calling thread is one of the workers: what it freed before (the spec, after
        // lower) is the memory its allocator hands out first.
        std::thread::scope(|scope| {
            let handles: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
            let mut finished = vec![work()];
            let joined = handles.into_iter().map(|handle| handle.join());
            finished.extend(joined.map(|result| result.unwrap_or_else(|panic| std::panic::resume_unwind(panic))));
            finished
        })
    } else {
        vec![work()]
    };
    let mut results: Vec<(usize, T)> = finished.into_iter().flatten().collect();
    results.sort_unstable_by_key(|(index, _)| *index);
    results.into_iter().map(|(_, result)| result).collect()
}
