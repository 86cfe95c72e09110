//! Sorting helpers every list uses.

/// Sorts by `key`, smallest first, keeping the original order among equal keys.
pub fn sort_by_i64<T>(items: &mut [T], key: impl Fn(&T) -> i64) {
    items.sort_by_key(key);
}

/// Sorts names ignoring ASCII case and drops case-insensitive duplicates (the first
/// spelling stays).
pub fn sort_dedup_ignoring_case(list: &mut Vec<String>) {
    list.sort_by_cached_key(|v| v.to_ascii_lowercase());
    list.dedup_by(|a, b| a.eq_ignore_ascii_case(b));
}
