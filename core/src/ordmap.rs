//! Ordered maps and sets with one small sorted index per key kind.
//!
//! Every `BTreeMap<K, V>` type instantiates the standard library's B-tree code (insertion,
//! node splits, search, iteration, drop) again: in the docs widget's WASM each distinct
//! key/value pair cost 3–5 KB, and even two shared B-trees cost 8 KB. [`OrdMap`] keeps the
//! values in a `Vec` and only the positions in an [`Index`] over `K::Raw`, which is
//! `(usize, usize)` for every numeric key and `&str` for names: two index instantiations for
//! the rules, the index and the layout (what the widget links). Iteration is in key order, as
//! with `BTreeMap`.

use alloc::vec::Vec;
use core::cmp::Ordering;

/// Sorted `(raw key, position)` pairs: a large sorted run and a small sorted one that takes
/// the insertions out of order and is merged into the large one when it grows past about the
/// square root of it. Insertion in key order is a push; out of order it costs O(√n) moves
/// amortised (no quadratic behaviour on any insertion order); lookups are two binary searches.
#[derive(Clone)]
struct Index<R> {
    main: Vec<(R, usize)>,
    recent: Vec<(R, usize)>,
}

impl<R: Ord + Copy> Index<R> {
    const fn new() -> Self {
        Index {
            main: Vec::new(),
            recent: Vec::new(),
        }
    }
    /// The position stored for the key `f` finds (`f`: the key's order against the probe).
    fn find_by(&self, f: impl Fn(&R) -> Ordering) -> Option<usize> {
        [&self.main, &self.recent]
            .into_iter()
            .find_map(|run| run.binary_search_by(|(k, _)| f(k)).ok().map(|at| run[at].1))
    }
    #[inline(never)]
    fn find(&self, raw: &R) -> Option<usize> {
        self.find_by(|k| k.cmp(raw))
    }
    /// Adds `raw` (absent) at position `n`; whether it went after every other key.
    #[inline(never)]
    fn add(&mut self, raw: R, n: usize) -> bool {
        if self.recent.is_empty() && self.main.last().is_none_or(|&(k, _)| k < raw) {
            self.main.push((raw, n));
            return true;
        }
        let at = self.recent.partition_point(|&(k, _)| k < raw);
        self.recent.insert(at, (raw, n));
        if self.recent.len() > 16 && self.recent.len() * self.recent.len() > self.main.len() {
            self.merge();
        }
        false
    }
    /// Everything in `main`.
    #[inline(never)]
    fn merge(&mut self) {
        if self.recent.is_empty() {
            return;
        }
        let mut all = Vec::with_capacity(self.main.len() + self.recent.len());
        all.extend(self.iter());
        self.main = all;
        self.recent.clear();
    }
    /// `(raw key, position)` in key order.
    fn iter(&self) -> Merge<'_, R> {
        Merge {
            a: &self.main,
            b: &self.recent,
        }
    }
}

/// The two sorted runs of an [`Index`] merged.
struct Merge<'a, R> {
    a: &'a [(R, usize)],
    b: &'a [(R, usize)],
}

impl<R: Ord + Copy> Iterator for Merge<'_, R> {
    type Item = (R, usize);
    fn next(&mut self) -> Option<(R, usize)> {
        let take_a = match (self.a.first(), self.b.first()) {
            (Some(x), Some(y)) => x.0 < y.0,
            (Some(_), None) => true,
            (None, Some(_)) => false,
            (None, None) => return None,
        };
        let run = if take_a { &mut self.a } else { &mut self.b };
        let (first, rest) = run.split_first()?;
        *run = rest;
        Some(*first)
    }
}

/// A key of an [`OrdMap`]: packs into one of the shared raw key types, preserving order.
pub trait Key: Copy {
    type Raw: Ord + Copy;
    fn pack(self) -> Self::Raw;
    fn unpack(raw: Self::Raw) -> Self;
}

impl Key for (usize, usize) {
    type Raw = (usize, usize);
    fn pack(self) -> (usize, usize) {
        self
    }
    fn unpack(raw: (usize, usize)) -> Self {
        raw
    }
}

impl Key for usize {
    type Raw = (usize, usize);
    fn pack(self) -> (usize, usize) {
        (self, 0)
    }
    fn unpack(raw: (usize, usize)) -> Self {
        raw.0
    }
}

impl Key for u8 {
    type Raw = (usize, usize);
    fn pack(self) -> (usize, usize) {
        (self as usize, 0)
    }
    fn unpack(raw: (usize, usize)) -> Self {
        raw.0 as u8
    }
}

impl Key for (u8, u32) {
    type Raw = (usize, usize);
    fn pack(self) -> (usize, usize) {
        (self.0 as usize, self.1 as usize)
    }
    fn unpack(raw: (usize, usize)) -> Self {
        (raw.0 as u8, raw.1 as u32)
    }
}

impl<'a> Key for &'a str {
    type Raw = &'a str;
    fn pack(self) -> &'a str {
        self
    }
    fn unpack(raw: &'a str) -> Self {
        raw
    }
}

/// The position of `raw` in the values, `n` (the next one) if it is new; keeps `ordered`.
/// Not generic over the value type: one copy per raw key type.
#[inline(never)]
fn slot<R: Ord + Copy>(index: &mut Index<R>, raw: R, n: usize, ordered: &mut bool) -> usize {
    if let Some(i) = index.find(&raw) {
        return i;
    }
    *ordered = index.add(raw, n) && *ordered;
    n
}

/// An ordered map (a subset of `BTreeMap`'s API); iteration yields keys by value.
#[derive(Clone)]
pub struct OrdMap<K: Key, V> {
    index: Index<K::Raw>,
    values: Vec<V>,
    /// `values` is in key order and `index` maps the i-th key to `i`.
    ordered: bool,
}

/// An ordered set.
pub type OrdSet<K> = OrdMap<K, ()>;

impl<K: Key, V> Default for OrdMap<K, V> {
    fn default() -> Self {
        OrdMap {
            index: Index::new(),
            values: Vec::new(),
            ordered: true,
        }
    }
}

impl<K: Key, V> OrdMap<K, V> {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn len(&self) -> usize {
        self.values.len()
    }
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }
    fn position(&self, k: K) -> Option<usize> {
        self.index.find(&k.pack())
    }
    pub fn contains_key(&self, k: K) -> bool {
        self.position(k).is_some()
    }
    pub fn get(&self, k: K) -> Option<&V> {
        self.values.get(self.position(k)?)
    }
    pub fn get_mut(&mut self, k: K) -> Option<&mut V> {
        let i = self.position(k)?;
        self.values.get_mut(i)
    }
    /// The value of `k`, inserted with `f` first if absent.
    pub fn or_insert_with(&mut self, k: K, f: impl FnOnce() -> V) -> &mut V {
        let n = self.values.len();
        let i = slot(&mut self.index, k.pack(), n, &mut self.ordered);
        if i == n {
            self.values.push(f());
        }
        &mut self.values[i]
    }
    pub fn or_insert(&mut self, k: K, v: V) -> &mut V {
        self.or_insert_with(k, || v)
    }
    pub fn or_default(&mut self, k: K) -> &mut V
    where
        V: Default,
    {
        self.or_insert_with(k, V::default)
    }
    /// Inserts or replaces; the previous value, if any.
    pub fn insert(&mut self, k: K, v: V) -> Option<V> {
        let n = self.values.len();
        let i = slot(&mut self.index, k.pack(), n, &mut self.ordered);
        if i == n {
            self.values.push(v);
            None
        } else {
            Some(core::mem::replace(&mut self.values[i], v))
        }
    }
    /// `(key, value)` in key order.
    pub fn iter(&self) -> impl Iterator<Item = (K, &V)> + '_ {
        self.index
            .iter()
            .filter_map(|(k, i)| Some((K::unpack(k), self.values.get(i)?)))
    }
    pub fn keys(&self) -> impl Iterator<Item = K> + '_ {
        self.index.iter().map(|(k, _)| K::unpack(k))
    }
    pub fn values(&self) -> impl Iterator<Item = &V> + '_ {
        self.index.iter().filter_map(|(_, i)| self.values.get(i))
    }
    /// The values in key order, mutably.
    pub fn values_mut(&mut self) -> core::slice::IterMut<'_, V> {
        self.order();
        self.values.iter_mut()
    }
    /// `(key, value)` in key order, mutably.
    pub fn iter_mut(&mut self) -> impl Iterator<Item = (K, &mut V)> + '_ {
        self.order();
        self.index
            .main
            .iter()
            .map(|&(k, _)| K::unpack(k))
            .zip(self.values.iter_mut())
    }
    /// `(key, value)` in key order, by value.
    pub fn into_entries(mut self) -> impl Iterator<Item = (K, V)> {
        self.order();
        let keys: Vec<K> = self.index.main.iter().map(|&(k, _)| K::unpack(k)).collect();
        keys.into_iter().zip(self.values)
    }
    /// Puts `values` in key order.
    fn order(&mut self) {
        if self.ordered {
            return;
        }
        self.index.merge();
        let mut perm: Vec<usize> = self.index.main.iter().map(|&(_, i)| i).collect();
        crate::sort::permute(&mut self.values, &mut perm);
        for (n, e) in self.index.main.iter_mut().enumerate() {
            e.1 = n;
        }
        self.ordered = true;
    }
}

impl<K: Key> OrdMap<K, ()> {
    /// Adds `k`; whether it was absent.
    pub fn add(&mut self, k: K) -> bool {
        self.insert(k, ()).is_none()
    }
    pub fn contains(&self, k: K) -> bool {
        self.contains_key(k)
    }
}

impl<V> OrdMap<&str, V> {
    /// [`OrdMap::get`] for a key borrowed for less long than the map's keys.
    pub fn get_str(&self, k: &str) -> Option<&V> {
        self.values.get(self.index.find_by(|s| (*s).cmp(k))?)
    }
    /// [`OrdMap::contains_key`] for a key borrowed for less long than the map's keys.
    pub fn contains_str(&self, k: &str) -> bool {
        self.get_str(k).is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::collections::BTreeMap;
    use alloc::vec::Vec;

    #[test]
    fn behaves_like_a_btree_map() {
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut ours: OrdMap<(usize, usize), Vec<usize>> = OrdMap::new();
        let mut theirs: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
        for i in 0..2000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let k = ((seed % 7) as usize, (seed >> 8) as usize % 50);
            ours.or_default(k).push(i);
            theirs.entry(k).or_default().push(i);
            if i % 300 == 0 {
                // values_mut in key order, also between insertions
                for (v, w) in ours.values_mut().zip(theirs.values_mut()) {
                    assert_eq!(v, w);
                    v.push(i);
                    w.push(i);
                }
            }
        }
        assert_eq!(ours.len(), theirs.len());
        let a: Vec<_> = ours.iter().map(|(k, v)| (k, v.clone())).collect();
        let b: Vec<_> = theirs.iter().map(|(&k, v)| (k, v.clone())).collect();
        assert_eq!(a, b);
        assert_eq!(ours.get((3, 7)), theirs.get(&(3, 7)));
        assert_eq!(
            ours.insert((3, 7), Vec::new()),
            theirs.insert((3, 7), Vec::new())
        );
        let c: Vec<_> = ours.into_entries().collect();
        let d: Vec<_> = theirs.into_iter().collect();
        assert_eq!(c, d);
        // many keys, in descending, ascending and random order, looked up while inserting
        for order in 0..3 {
            let mut ours: OrdMap<usize, usize> = OrdMap::new();
            let mut theirs: BTreeMap<usize, usize> = BTreeMap::new();
            for i in 0..5000usize {
                seed ^= seed << 13;
                seed ^= seed >> 7;
                seed ^= seed << 17;
                let k = [5000 - i, i * 3, seed as usize % 20_000][order];
                assert_eq!(ours.get(k), theirs.get(&k));
                *ours.or_insert(k, 0) += i;
                *theirs.entry(k).or_insert(0) += i;
                if i % 997 == 0 {
                    assert!(ours.iter().eq(theirs.iter().map(|(&k, v)| (k, v))));
                }
            }
            assert!(ours.keys().eq(theirs.keys().copied()));
            assert!(ours.values_mut().map(|v| *v).eq(theirs.values().copied()));
            assert!(ours.into_entries().eq(theirs.into_iter()));
        }
        let mut set: OrdSet<&str> = OrdSet::new();
        assert!(set.add("b") && set.add("a") && !set.add("b"));
        assert!(set.contains_str("a") && !set.contains_str("c"));
        assert_eq!(set.keys().collect::<Vec<_>>(), ["a", "b"]);
    }
}
