//! [`Sorted`]: the small mappings of a spec (responses, media types, examples), kept as a
//! vector sorted by key.
//!
//! A `BTreeMap` reads the same and iterates in the same order, but allocates a node of
//! eleven entries for the first: about 1 KiB for an operation's responses, and again for
//! each response's media types. At 5,000 operations that was a quarter of the typed spec.

use serde::de::{Deserialize, Deserializer, MapAccess, Visitor};
use std::fmt;

/// A mapping read from a spec, iterated in key order as a `BTreeMap` would be; a key
/// written twice keeps its last value, as a `BTreeMap` would.
#[derive(Debug)]
pub struct Sorted<T>(Vec<(String, T)>);

impl<T> Default for Sorted<T> {
    fn default() -> Self {
        Sorted(Vec::new())
    }
}

impl<T> Sorted<T> {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn values(&self) -> impl DoubleEndedIterator<Item = &T> + ExactSizeIterator {
        self.0.iter().map(|(_, value)| value)
    }

    pub fn iter(&self) -> impl DoubleEndedIterator<Item = (&String, &T)> + ExactSizeIterator {
        self.into_iter()
    }
}

impl<T> FromIterator<(String, T)> for Sorted<T> {
    /// Sorts by key; of equal keys, the last one written stays.
    fn from_iter<I: IntoIterator<Item = (String, T)>>(entries: I) -> Self {
        let mut entries: Vec<(String, T)> = entries.into_iter().collect();
        // Stable: equal keys stay in the order written, so the last is the one kept.
        entries.sort_by(|(left, _), (right, _)| left.cmp(right));
        let mut kept: Vec<(String, T)> = Vec::with_capacity(entries.len());
        for (key, value) in entries {
            match kept.last_mut() {
                Some((last, slot)) if *last == key => *slot = value,
                _ => kept.push((key, value)),
            }
        }
        kept.shrink_to_fit();
        Sorted(kept)
    }
}

impl<'a, T> IntoIterator for &'a Sorted<T> {
    type Item = (&'a String, &'a T);
    type IntoIter = std::iter::Map<std::slice::Iter<'a, (String, T)>, fn(&'a (String, T)) -> (&'a String, &'a T)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(key, value)| (key, value))
    }
}

impl<'a, T> IntoIterator for &'a mut Sorted<T> {
    type Item = (&'a String, &'a mut T);
    type IntoIter =
        std::iter::Map<std::slice::IterMut<'a, (String, T)>, fn(&'a mut (String, T)) -> (&'a String, &'a mut T)>;

    fn into_iter(self) -> Self::IntoIter {
        self.0.iter_mut().map(|(key, value)| (&*key, value))
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Sorted<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SortedVisitor<T>(std::marker::PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for SortedVisitor<T> {
            type Value = Sorted<T>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a map")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Sorted<T>, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry::<String, T>()? {
                    entries.push(entry);
                }
                Ok(entries.into_iter().collect())
            }
        }
        deserializer.deserialize_map(SortedVisitor(std::marker::PhantomData))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    /// Whatever a spec writes, `Sorted` reads what a `BTreeMap` reads, in the same order.
    #[test]
    fn reads_as_a_btree_map_does() {
        let texts = [
            "b: 1\na: 2\n'200': 3\n",
            "default: 1\n404: 2\n'200': 3\n2XX: 4\n",
            "a: 1\nb: 2\na: 3\n",
            "{}\n",
            "5\n",
            "a: [1]\n",
        ];
        for text in texts {
            let sorted: Result<Sorted<i64>, _> = serde_yaml::from_str(text);
            let tree: Result<BTreeMap<String, i64>, _> = serde_yaml::from_str(text);
            match (sorted, tree) {
                (Ok(sorted), Ok(tree)) => {
                    let sorted: Vec<(&String, &i64)> = sorted.iter().collect();
                    let tree: Vec<(&String, &i64)> = tree.iter().collect();
                    assert_eq!(sorted, tree, "{text}");
                }
                (Err(sorted), Err(tree)) => assert_eq!(sorted.to_string(), tree.to_string()),
                (sorted, tree) => panic!("{text}: Sorted read {sorted:?}, BTreeMap read {tree:?}"),
            }
        }
    }
}
