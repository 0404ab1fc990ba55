//! Small-code sorting: one stable merge sort shared by every element type.
//!
//! `slice::sort*` instantiate the standard library's (large, fast) stable sort once per
//! element type and comparator; in the docs widget's WASM these copies cost tens of KB. Here
//! the merge sort runs once, without generics, on a permutation of indices with a `dyn`
//! comparator; only the final, tiny permutation step is generic. The result is exactly that of
//! the standard stable sort (equal elements keep their order), in O(n log n).

use alloc::vec::Vec;
use core::cmp::Ordering;

/// Sorts `v` stably with `cmp` (the same result as `v.sort_by(cmp)`).
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    if v.len() < 2 {
        return;
    }
    let mut perm = {
        let s: &[T] = v;
        order(s.len(), &mut |a, b| cmp(&s[a], &s[b]))
    };
    permute(v, &mut perm);
}

/// Sorts `v` stably by a key (the same result as `v.sort_by_key(key)`).
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `(i32, i32, i32, u32)` tuples as `v.sort_unstable()` does (the layout sorts the
/// pieces of every route this way, twice). Each tuple is packed into one `u128` that orders as
/// the tuple does, and the integers are sorted: with the editor's size-optimised WASM a tuple
/// comparison is a call, and the two sorts took about a quarter of laying out 300 nodes.
pub fn sort_quads(v: &mut [(i32, i32, i32, u32)]) {
    let flip = |x: i32| u128::from((x as u32) ^ 0x8000_0000);
    let keys: Vec<u128> = v
        .iter()
        .map(|&(a, b, c, d)| flip(a) << 96 | flip(b) << 64 | flip(c) << 32 | u128::from(d))
        .collect();
    let keys = sort_u128(keys);
    let back = |x: u128| ((x as u32) ^ 0x8000_0000) as i32;
    for (t, k) in v.iter_mut().zip(keys) {
        *t = (back(k >> 96), back(k >> 64), back(k >> 32), k as u32);
    }
}

/// `v` sorted ascending: insertion-sorted runs of 16, then merges of doubling width through a
/// second buffer. Not generic, so one copy in the WASM: `sort_unstable` on `u128` brought the
/// standard library's pattern-defeating quicksort into the docs widget (its partitions, heap
/// sort and small sorts: 4.5 KB of code, measured with twiggy on the widget's WASM).
#[inline(never)]
fn sort_u128(mut a: Vec<u128>) -> Vec<u128> {
    const RUN: usize = 16;
    let n = a.len();
    let mut start = 0;
    while start < n {
        let end = (start + RUN).min(n);
        for i in start + 1..end {
            let x = a[i];
            let mut j = i;
            while j > start && a[j - 1] > x {
                a[j] = a[j - 1];
                j -= 1;
            }
            a[j] = x;
        }
        start = end;
    }
    if n <= RUN {
        return a;
    }
    let mut b: Vec<u128> = alloc::vec![0; n];
    let mut width = RUN;
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (mut i, mut j, mut k) = (lo, mid, lo);
            while i < mid && j < hi {
                if a[j] < a[i] {
                    b[k] = a[j];
                    j += 1;
                } else {
                    b[k] = a[i];
                    i += 1;
                }
                k += 1;
            }
            b[k..k + (mid - i)].copy_from_slice(&a[i..mid]);
            k += mid - i;
            b[k..hi].copy_from_slice(&a[j..hi]);
            lo = hi;
        }
        core::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    a
}

/// Sorts `v` (the same result as `v.sort()`).
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// The stable sorting permutation of `0..n`: `result[i]` is the index of the i-th element.
#[inline(never)]
fn order(n: usize, less: &mut dyn FnMut(usize, usize) -> Ordering) -> Vec<usize> {
    let mut a: Vec<usize> = (0..n).collect();
    let mut b: Vec<usize> = alloc::vec![0; n];
    // Bottom-up: insertion-sorted runs of RUN, then merges of doubling width.
    const RUN: usize = 16;
    let mut start = 0;
    while start < n {
        let end = (start + RUN).min(n);
        for i in start + 1..end {
            let x = a[i];
            let mut j = i;
            while j > start && less(x, a[j - 1]) == Ordering::Less {
                a[j] = a[j - 1];
                j -= 1;
            }
            a[j] = x;
        }
        start = end;
    }
    let mut width = RUN;
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (mut i, mut j, mut k) = (lo, mid, lo);
            while i < mid && j < hi {
                // Take from the right run only when strictly smaller: stable.
                if less(a[j], a[i]) == Ordering::Less {
                    b[k] = a[j];
                    j += 1;
                } else {
                    b[k] = a[i];
                    i += 1;
                }
                k += 1;
            }
            b[k..k + (mid - i)].copy_from_slice(&a[i..mid]);
            k += mid - i;
            b[k..k + (hi - j)].copy_from_slice(&a[j..hi]);
            lo = hi;
        }
        core::mem::swap(&mut a, &mut b);
        width *= 2;
    }
    a
}

/// Rearranges `v` so that the new `v[i]` is the old `v[perm[i]]` (`perm` is consumed).
pub(crate) fn permute<T>(v: &mut [T], perm: &mut [usize]) {
    for start in 0..perm.len() {
        let mut cur = start;
        loop {
            let next = perm[cur];
            perm[cur] = cur;
            if next == start || next == cur {
                break;
            }
            v.swap(cur, next);
            cur = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::vec::Vec;

    #[test]
    #[allow(clippy::unnecessary_sort_by)] // sort_by itself is what is compared
    fn same_as_the_standard_stable_sort() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for n in [0usize, 1, 2, 3, 15, 16, 17, 31, 32, 33, 100, 1000, 4097] {
            for modulus in [1u64, 3, 50, 1 << 40] {
                let v: Vec<(u64, usize)> = (0..n)
                    .map(|i| {
                        seed ^= seed << 13;
                        seed ^= seed >> 7;
                        seed ^= seed << 17;
                        (seed % modulus, i)
                    })
                    .collect();
                let mut want = v.clone();
                want.sort_by_key(|p| p.0);
                let mut got = v.clone();
                sort_by_key(&mut got, |p| p.0);
                assert_eq!(got, want, "n={n} modulus={modulus}");
                let mut want = v.clone();
                want.sort_by(|a, b| b.0.cmp(&a.0));
                let mut got = v;
                sort_by(&mut got, |a, b| b.0.cmp(&a.0));
                assert_eq!(got, want);
            }
        }
    }

    #[test]
    fn quads_sort_as_tuples_do() {
        let mut x: u64 = 7;
        let mut next = |m: u64| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x % m
        };
        for n in [0, 1, 2, 5, 16, 17, 33, 40, 1000, 4099] {
            let mut v: Vec<(i32, i32, i32, u32)> = (0..n)
                .map(|_| {
                    let small = |r: &mut dyn FnMut(u64) -> u64| r(7) as i32 - 3;
                    match next(3) {
                        0 => (
                            small(&mut next),
                            small(&mut next),
                            small(&mut next),
                            next(4) as u32,
                        ),
                        1 => (i32::MIN, i32::MAX, -1, u32::MAX),
                        _ => (
                            next(u64::MAX) as i32,
                            next(u64::MAX) as i32,
                            next(u64::MAX) as i32,
                            next(u64::MAX) as u32,
                        ),
                    }
                })
                .collect();
            let mut w = v.clone();
            w.sort_unstable();
            sort_quads(&mut v);
            assert_eq!(v, w);
        }
    }
}
