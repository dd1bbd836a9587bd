//! The crate's sorts, funnelled through a few non-generic functions.
//!
//! Every `sort_by` with its own comparator closure instantiates the standard library's
//! whole sort algorithm again (several kilobytes of code each, which the WebAssembly
//! package ships). These helpers give the results a stable sort by the same key gives —
//! ascending or descending in IEEE 754 total order, ties in position order — from one
//! instantiation.

use std::cmp::Ordering;

/// Sorts `values` ascending in IEEE 754 total order. Values that compare equal in total
/// order have the same bits, so this equals a stable sort.
pub(crate) fn sort_floats(values: &mut [f64]) {
    values.sort_unstable_by(f64::total_cmp);
}

/// The positions `0..keys.len()` ordered by key ascending (total order), ties by
/// position: the permutation a stable sort by key applies.
pub(crate) fn order_by(keys: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    sort_indices(&mut order, |i| keys[i], false);
    order
}

/// Like [`order_by`], by key descending; ties still by position.
pub(crate) fn order_by_descending(keys: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..keys.len()).collect();
    sort_indices(&mut order, |i| keys[i], true);
    order
}

/// Sorts the indices by `key(index)`, ascending or descending in total order, ties by
/// index ascending. Only building the pairs depends on `key`: the sort is shared.
pub(crate) fn sort_indices(indices: &mut [usize], key: impl Fn(usize) -> f64, descending: bool) {
    // Negation reverses IEEE 754 total order exactly (−0 and 0, NaNs of either sign).
    let mut pairs: Vec<(f64, usize)> =
        indices.iter().map(|&i| (if descending { -key(i) } else { key(i) }, i)).collect();
    sort_pairs(&mut pairs);
    for (slot, (_, i)) in indices.iter_mut().zip(pairs) {
        *slot = i;
    }
}

/// Sorts `(key, index)` pairs by key in total order, then index.
pub(crate) fn sort_pairs(pairs: &mut [(f64, usize)]) {
    pairs.sort_unstable_by(compare_pairs);
}

fn compare_pairs(a: &(f64, usize), b: &(f64, usize)) -> Ordering {
    a.0.total_cmp(&b.0).then(a.1.cmp(&b.1))
}

/// `items` in the order `order` (a permutation of their positions) gives.
pub(crate) fn permuted<T>(items: Vec<T>, order: &[usize]) -> Vec<T> {
    let mut slots: Vec<Option<T>> = items.into_iter().map(Some).collect();
    order.iter().filter_map(|&i| slots[i].take()).collect()
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn stable(keys: &[f64], descending: bool) -> Vec<usize> {
        let mut order: Vec<usize> = (0..keys.len()).collect();
        if descending {
            order.sort_by(|&a, &b| keys[b].total_cmp(&keys[a]));
        } else {
            order.sort_by(|&a, &b| keys[a].total_cmp(&keys[b]));
        }
        order
    }

    #[test]
    fn signed_zeros_and_nans_keep_total_order_both_ways() {
        let keys = [0.0, -0.0, f64::NAN, -f64::NAN, 1.0, -1.0, 0.0, f64::INFINITY];
        assert_eq!(order_by(&keys), stable(&keys, false));
        assert_eq!(order_by_descending(&keys), stable(&keys, true));
        assert_eq!(order_by(&keys), vec![3, 5, 1, 0, 6, 4, 7, 2]);
    }

    proptest! {
        /// The same permutation as the standard library's stable sort by the same key.
        #[test]
        fn equals_a_stable_sort(keys in prop::collection::vec(prop_oneof![-3i8..3i8, any::<i8>()].prop_map(f64::from), 0..60)) {
            prop_assert_eq!(order_by(&keys), stable(&keys, false));
            prop_assert_eq!(order_by_descending(&keys), stable(&keys, true));
            let mut floats = keys.clone();
            sort_floats(&mut floats);
            let expected: Vec<f64> = stable(&keys, false).iter().map(|&i| keys[i]).collect();
            prop_assert_eq!(floats, expected);
            let strings: Vec<String> = keys.iter().map(|k| format!("{k}")).collect();
            let order = order_by(&keys);
            prop_assert_eq!(permuted(strings.clone(), &order), order.iter().map(|&i| strings[i].clone()).collect::<Vec<_>>());
        }
    }
}
