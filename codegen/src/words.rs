//! English nouns: the singular of a plural, the plural of a singular, and how messages
//! name a kind of component. A leaf, used by lower (item type names), load and upstream
//! (messages) and xtask (synthetic specs).

/// The singular of a plural noun, for naming item types: `details` → `detail`,
/// `policies` → `policy`, `addresses` → `address`; `None` when the word does not look
/// plural (`status`, `analysis`). The case of the word is kept.
pub fn singular(word: &str) -> Option<String> {
    let lower = word.to_ascii_lowercase();
    if lower.ends_with("ies") && word.len() > 3 {
        return Some(format!("{}y", &word[..word.len() - 3]));
    }
    for suffix in ["sses", "xes", "ches", "shes", "uses"] {
        if lower.ends_with(suffix) {
            return Some(word[..word.len() - 2].to_owned());
        }
    }
    let keeps_s = ["ss", "us", "is"].iter().any(|suffix| lower.ends_with(suffix));
    (lower.ends_with('s') && !keeps_s && word.len() > 1).then(|| word[..word.len() - 1].to_owned())
}

/// The plural of a singular noun (its last word: `resource_policy`, `ClusterEntry`):
/// `cluster` → `clusters`, `policy` → `policies`, `access` → `accesses`, `key` → `keys`.
pub fn plural(word: &str) -> String {
    let lower = word.to_ascii_lowercase();
    // The common nouns whose `f`/`fe` becomes `ves` (`shelf` → `shelves`, `knife` → `knives`).
    const VES: &[&str] =
        &["calf", "elf", "half", "knife", "leaf", "life", "loaf", "self", "shelf", "thief", "wife", "wolf"];
    if let Some(noun) = VES.iter().find(|noun| lower.ends_with(*noun)) {
        let stem = noun.trim_end_matches('e').trim_end_matches('f');
        let cut = word.len() - (noun.len() - stem.len());
        return format!("{}ves", &word[..cut]);
    }
    let consonant_y = lower.strip_suffix('y').is_some_and(|stem| !stem.ends_with(['a', 'e', 'i', 'o', 'u']));
    if lower.ends_with(['s', 'x', 'z']) || lower.ends_with("ch") || lower.ends_with("sh") {
        format!("{word}es")
    } else if consonant_y {
        format!("{}ies", &word[..word.len() - 1])
    } else {
        format!("{word}s")
    }
}

/// How a message names a kind of component (a key of `components`), one of them:
/// `schemas` → `schema`, `requestBodies` → `request body`.
pub fn kind_singular(kind: &str) -> String {
    let mut words = kind_words(kind);
    if let Some(last) = words.last_mut()
        && let Some(one) = singular(last)
    {
        *last = one;
    }
    words.join(" ")
}

/// How a message names several components of a kind: `requestBodies` → `request bodies`.
pub fn kind_plural(kind: &str) -> String {
    kind_words(kind).join(" ")
}

/// `securitySchemes` → `security`, `schemes`.
fn kind_words(kind: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for c in kind.chars() {
        match words.last_mut() {
            Some(word) if !c.is_ascii_uppercase() => word.push(c),
            _ => words.push(c.to_ascii_lowercase().to_string()),
        }
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn singulars() {
        assert_eq!(singular("details").as_deref(), Some("detail"));
        assert_eq!(singular("policies").as_deref(), Some("policy"));
        assert_eq!(singular("addresses").as_deref(), Some("address"));
        assert_eq!(singular("boxes").as_deref(), Some("box"));
        assert_eq!(singular("Branches").as_deref(), Some("Branch"));
        assert_eq!(singular("responses").as_deref(), Some("response"));
        assert_eq!(singular("status"), None);
        assert_eq!(singular("analysis"), None);
        assert_eq!(singular("access"), None);
        assert_eq!(singular("s"), None);
    }

    #[test]
    fn plurals() {
        assert_eq!(plural("cluster"), "clusters");
        assert_eq!(plural("role_binding"), "role_bindings");
        assert_eq!(plural("resource_policy"), "resource_policies");
        assert_eq!(plural("access"), "accesses");
        assert_eq!(plural("gateway"), "gateways");
        assert_eq!(plural("buzz"), "buzzes");
        assert_eq!(plural("Entry"), "Entries");
        assert_eq!(plural("Policy"), "Policies");
        assert_eq!(plural("shelf"), "shelves");
        assert_eq!(plural("book_shelf"), "book_shelves");
        assert_eq!(plural("Knife"), "Knives");
        assert_eq!(plural("chef"), "chefs");
        assert_eq!(plural("Key"), "Keys");
        assert_eq!(plural("Match"), "Matches");
    }

    #[test]
    fn plural_and_singular_are_inverse_on_regular_nouns() {
        for word in ["cluster", "policy", "access", "box", "branch", "wish", "entry", "key", "Schema"] {
            assert_eq!(singular(&plural(word)).as_deref(), Some(word), "{word}");
        }
    }

    #[test]
    fn component_kinds() {
        let kinds = [
            ("schemas", "schema", "schemas"),
            ("parameters", "parameter", "parameters"),
            ("requestBodies", "request body", "request bodies"),
            ("responses", "response", "responses"),
            ("securitySchemes", "security scheme", "security schemes"),
            ("headers", "header", "headers"),
            ("examples", "example", "examples"),
            ("links", "link", "links"),
            ("callbacks", "callback", "callbacks"),
            ("pathItems", "path item", "path items"),
        ];
        for (kind, one, many) in kinds {
            assert_eq!((kind_singular(kind).as_str(), kind_plural(kind).as_str()), (one, many));
        }
    }
}
