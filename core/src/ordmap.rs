//! Ordered maps and sets that share one B-tree instantiation per key kind.
//!
//! Every `BTreeMap<K, V>` type instantiates the standard library's B-tree code (insertion,
//! node splits, search, iteration, drop) again: in the docs widget's WASM each distinct
//! key/value pair cost 3–5 KB. [`OrdMap`] keeps the values in a `Vec` and only the positions in
//! a `BTreeMap<K::Raw, usize>`, where `K::Raw` is `(usize, usize)` for every numeric key and
//! `&str` for names: two B-trees for the rules, the index and the layout (what the widget
//! links). Iteration is in key order, as with `BTreeMap`.

use alloc::collections::BTreeMap;
use alloc::vec::Vec;

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
fn slot<R: Ord + Copy>(
    index: &mut BTreeMap<R, usize>,
    raw: R,
    n: usize,
    ordered: &mut bool,
) -> usize {
    let i = *index.entry(raw).or_insert(n);
    if i == n {
        *ordered = *ordered && index.last_key_value().is_some_and(|(_, &j)| j == n);
    }
    i
}

/// An ordered map (a subset of `BTreeMap`'s API); iteration yields keys by value.
#[derive(Clone)]
pub struct OrdMap<K: Key, V> {
    index: BTreeMap<K::Raw, usize>,
    values: Vec<V>,
    /// `values` is in key order and `index` maps the i-th key to `i`.
    ordered: bool,
}

/// An ordered set.
pub type OrdSet<K> = OrdMap<K, ()>;

impl<K: Key, V> Default for OrdMap<K, V> {
    fn default() -> Self {
        OrdMap {
            index: BTreeMap::new(),
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
    pub fn contains_key(&self, k: K) -> bool {
        self.index.contains_key(&k.pack())
    }
    pub fn get(&self, k: K) -> Option<&V> {
        self.index.get(&k.pack()).and_then(|&i| self.values.get(i))
    }
    pub fn get_mut(&mut self, k: K) -> Option<&mut V> {
        let i = *self.index.get(&k.pack())?;
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
            .filter_map(|(&k, &i)| Some((K::unpack(k), self.values.get(i)?)))
    }
    pub fn keys(&self) -> impl Iterator<Item = K> + '_ {
        self.index.keys().map(|&k| K::unpack(k))
    }
    pub fn values(&self) -> impl Iterator<Item = &V> + '_ {
        self.index.values().filter_map(|&i| self.values.get(i))
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
            .keys()
            .map(|&k| K::unpack(k))
            .zip(self.values.iter_mut())
    }
    /// `(key, value)` in key order, by value.
    pub fn into_entries(mut self) -> impl Iterator<Item = (K, V)> {
        self.order();
        let keys: Vec<K> = self.index.keys().map(|&k| K::unpack(k)).collect();
        keys.into_iter().zip(self.values)
    }
    /// Puts `values` in key order.
    fn order(&mut self) {
        if self.ordered {
            return;
        }
        let mut perm: Vec<usize> = self.index.values().copied().collect();
        crate::sort::permute(&mut self.values, &mut perm);
        for (n, i) in self.index.values_mut().enumerate() {
            *i = n;
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
        self.index.get(k).and_then(|&i| self.values.get(i))
    }
    /// [`OrdMap::contains_key`] for a key borrowed for less long than the map's keys.
    pub fn contains_str(&self, k: &str) -> bool {
        self.index.contains_key(k)
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
        let mut set: OrdSet<&str> = OrdSet::new();
        assert!(set.add("b") && set.add("a") && !set.add("b"));
        assert!(set.contains_str("a") && !set.contains_str("c"));
        assert_eq!(set.keys().collect::<Vec<_>>(), ["a", "b"]);
    }
}
