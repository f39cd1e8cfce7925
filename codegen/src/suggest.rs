//! "Did you mean": the names near one that was not found. A leaf, with the two uses'
//! rules side by side: a misspelt name in the spec gets at most one suggestion, close by
//! edit distance; an operationId asked for on the command line gets up to three, since a
//! maintainer often remembers only part of it.

/// The candidate nearest to `wanted` by edit distance, if it is plausibly a typo
/// (a `$ref` to a component, a property named in `x-field-mask-for`).
pub fn closest<'c>(wanted: &str, candidates: impl Iterator<Item = &'c String>) -> Option<&'c str> {
    let limit = (wanted.chars().count() / 3).clamp(1, 4);
    candidates
        // Lengths further apart than the limit cannot be close: skip the quadratic distance.
        .filter(|candidate| candidate.len().abs_diff(wanted.len()) <= limit * 4)
        .map(|candidate| (edit_distance(wanted, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min()
        .map(|(_, candidate)| candidate.as_str())
}

/// Up to three candidates near `wanted`, nearest first: by edit distance, or sharing its
/// last `_` part (`GetOperation` for `OperationService_GetOperation`), or containing it,
/// case-insensitively.
pub fn near<'c>(wanted: &str, candidates: impl Iterator<Item = &'c str>) -> Vec<&'c str> {
    let lower = wanted.to_lowercase();
    let tail = |name: &str| name.rsplit('_').next().unwrap_or(name).to_lowercase();
    let limit = (wanted.len() / 3).max(2);
    let mut scored: Vec<(usize, &str)> = candidates
        .filter_map(|candidate| {
            let candidate_lower = candidate.to_lowercase();
            let distance = edit_distance(&lower, &candidate_lower);
            let related = tail(candidate) == tail(wanted) || candidate_lower.contains(&lower);
            (distance <= limit || related).then_some((distance, candidate))
        })
        .collect();
    scored.sort();
    scored.dedup();
    scored.into_iter().take(3).map(|(_, candidate)| candidate).collect()
}

/// Levenshtein distance, by characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let current = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != *cb)).min(row[j] + 1).min(current + 1);
            previous = current;
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
        assert_eq!(edit_distance("été", "ete"), 2);
    }

    #[test]
    fn one_close_name_for_a_typo() {
        let names = ["UserInvite".to_owned(), "User".to_owned(), "Scope".to_owned()];
        assert_eq!(closest("UserInvit", names.iter()), Some("UserInvite"));
        assert_eq!(closest("Completely", names.iter()), None);
        // Case counts: a name that differs only in case is one edit per letter.
        assert_eq!(closest("scope", names.iter()), Some("Scope"));
        assert_eq!(closest("SCOPE", names.iter()), None);
    }

    #[test]
    fn up_to_three_related_ids() {
        let ids = ["OperationService_GetOperation", "ClusterService_GetCluster", "ClusterService_ListClusters"];
        assert_eq!(near("GetOperation", ids.into_iter()), ["OperationService_GetOperation"]);
        assert_eq!(near("ClusterService_GetClustr", ids.into_iter()).first(), Some(&"ClusterService_GetCluster"));
        assert_eq!(near("clusterservice_getcluster", ids.into_iter()).first(), Some(&"ClusterService_GetCluster"));
        assert!(near("Nothing_Alike", ids.into_iter()).is_empty());
    }
}
