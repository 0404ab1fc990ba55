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
/// pieces of every route this way, and the lines the port labels must keep off). With the
/// editor's size-optimised WASM a tuple comparison is a call, so the tuples are sorted as
/// integers that order as they do: when the four fields' ranges take at most 64 bits together
/// (a drawing's coordinates span well under 2^16 px, so in practice always), one `u64` per
/// tuple, by a radix sort 11 bits at a time; else one `u128`, by the shared merge sort. For the
/// 6,600 tuples of a 300-node drawing the radix sort takes a fraction of a merge sort's time
/// (a merge sort of `u128`s, without generics to keep the widget small, was a sixth of the
/// native layout time and more in the WASM).
pub fn sort_quads(v: &mut [(i32, i32, i32, u32)]) {
    let n = v.len();
    if n < 2 {
        return;
    }
    let flip = |x: i32| (x as u32) ^ 0x8000_0000;
    let back = |x: u32| (x ^ 0x8000_0000) as i32;
    let (mut low, mut high) = ([u32::MAX; 4], [0u32; 4]);
    for &(a, b, c, d) in v.iter() {
        let f = [flip(a), flip(b), flip(c), d];
        for i in 0..4 {
            low[i] = low[i].min(f[i]);
            high[i] = high[i].max(f[i]);
        }
    }
    let mut bits = [0u32; 4];
    for i in 0..4 {
        bits[i] = 32 - (high[i] - low[i]).leading_zeros();
    }
    let width = bits[0] + bits[1] + bits[2] + bits[3];
    if width > 64 {
        // Wider than any drawing's coordinates: each tuple as one `u128`, by the merge sort
        // of `order` (equal tuples are the same values, so stable or not makes no difference).
        let mut keys: Vec<u128> = Vec::with_capacity(n);
        for &(a, b, c, d) in v.iter() {
            let wide = |x: u32| u128::from(x);
            keys.push(wide(flip(a)) << 96 | wide(flip(b)) << 64 | wide(flip(c)) << 32 | wide(d));
        }
        let mut perm = order(n, &mut |a, b| keys[a].cmp(&keys[b]));
        permute(v, &mut perm);
        return;
    }
    // Field i sits `at[i]` bits up. A field of 0 bits is always 0: shifting it by 64 (wrapping
    // to 0) still gives 0.
    let at = [bits[1] + bits[2] + bits[3], bits[2] + bits[3], bits[3], 0];
    let mask = |i: usize| u64::MAX.checked_shr(64 - bits[i]).unwrap_or(0);
    let mut keys: Vec<u64> = Vec::with_capacity(n);
    for &(a, b, c, d) in v.iter() {
        let part = |x: u32, i: usize| u64::from(x - low[i]).wrapping_shl(at[i]);
        keys.push(part(flip(a), 0) | part(flip(b), 1) | part(flip(c), 2) | part(d, 3));
    }
    // Stable passes keep equal keys in input order: when the last field already rises through
    // the input (an index pushed in order, as every caller's is), its bits need no pass.
    let mut rising = true;
    for w in v.windows(2) {
        rising &= w[0].3 <= w[1].3;
    }
    let keys = radix_u64(keys, if rising { bits[3] } else { 0 }, width);
    let (m0, m1, m2, m3) = (mask(0), mask(1), mask(2), mask(3));
    for (t, k) in v.iter_mut().zip(keys) {
        let field = |m: u64, i: usize| (k.wrapping_shr(at[i]) & m) as u32 + low[i];
        *t = (
            back(field(m0, 0)),
            back(field(m1, 1)),
            back(field(m2, 2)),
            field(m3, 3),
        );
    }
}

/// Puts `out` in the order of `keys`: each key holds an index in its third field, after a sort
/// key of two integers, so the order is by key, then index (stable). Sorted by
/// [`sort_quads`]: an index sort by a small integer key makes no instance of the generic sort
/// (the docs widget's size). `out` has one slot per key.
pub fn order_by_quads(keys: &mut [(i32, i32, i32, u32)], out: &mut [usize]) {
    sort_quads(keys);
    for (o, k) in out.iter_mut().zip(keys.iter()) {
        *o = k.2 as usize;
    }
}

/// `a` sorted stably by its bits `from..bits` (those above are zero): a least significant digit
/// radix sort, one stable counting pass per 11 bits.
#[inline(never)]
fn radix_u64(mut a: Vec<u64>, from: u32, bits: u32) -> Vec<u64> {
    const DIGIT: u32 = 11;
    const SIZE: usize = 1 << DIGIT;
    let mut b: Vec<u64> = alloc::vec![0; a.len()];
    let mut count: Vec<usize> = alloc::vec![0; SIZE + 1];
    let mut shift = from;
    while shift < bits {
        count.fill(0);
        for &x in &a {
            count[((x >> shift) as usize & (SIZE - 1)) + 1] += 1;
        }
        for i in 1..=SIZE {
            count[i] += count[i - 1];
        }
        for &x in &a {
            let c = &mut count[(x >> shift) as usize & (SIZE - 1)];
            b[*c] = x;
            *c += 1;
        }
        core::mem::swap(&mut a, &mut b);
        shift += DIGIT;
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
    let mut b: Vec<usize> = alloc::vec![0; n];
    // Not `(0..n).collect()`: its instance cost the docs widget 98 B.
    let mut a = b.clone();
    for (i, x) in a.iter_mut().enumerate() {
        *x = i;
    }
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
        // Ranges that fit in 64 bits together (a drawing's pieces: the radix sort), with
        // negative coordinates, a field that never changes and repeated tuples.
        for n in [2, 3, 17, 300, 3300] {
            for constant in [false, true] {
                let mut v: Vec<(i32, i32, i32, u32)> = (0..n)
                    .map(|i| {
                        let line = next(6000) as i32 - 500;
                        let lo = next(9000) as i32 - 40;
                        let hi = if constant { 7 } else { lo + next(400) as i32 };
                        (line, lo, hi, (i % 97) as u32)
                    })
                    .collect();
                let dup = v[n / 2];
                v.push(dup);
                let mut w = v.clone();
                w.sort_unstable();
                sort_quads(&mut v);
                assert_eq!(v, w);
            }
        }
        // The last field rising through the input (each caller's index; repeats allowed): its
        // bits get no pass, and the result is the same.
        for n in [2, 17, 300, 3300] {
            let mut v: Vec<(i32, i32, i32, u32)> = (0..n)
                .map(|i| {
                    let lo = next(9000) as i32 - 40;
                    (
                        next(50) as i32 - 9,
                        lo,
                        lo + next(40) as i32,
                        (i / 3) as u32,
                    )
                })
                .collect();
            let mut w = v.clone();
            w.sort_unstable();
            sort_quads(&mut v);
            assert_eq!(v, w);
        }
    }
}
