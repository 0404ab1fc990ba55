//! IPv4 addresses, CIDR blocks and sets of addresses, with exact arithmetic.

use alloc::string::String;
use alloc::vec::Vec;
use core::fmt;

/// An IPv4 CIDR block. A plain address is a /32.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Cidr {
    /// The network address (host bits are cleared).
    pub addr: u32,
    pub len: u8,
}

/// Why an address or CIDR does not parse.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CidrError {
    BadAddress,
    BadPrefix,
    /// Bits are set below the prefix (`10.0.0.1/8`): ambiguous.
    HostBitsSet,
}

pub fn parse_ipv4(s: &str) -> Option<u32> {
    let mut out = 0u32;
    let mut parts = 0;
    for part in s.split('.') {
        parts += 1;
        if parts > 4
            || part.is_empty()
            || part.len() > 3
            || !part.bytes().all(|b| b.is_ascii_digit())
        {
            return None;
        }
        if part.len() > 1 && part.starts_with('0') {
            return None; // leading zeros are octal in some tools: refuse
        }
        let v: u32 = part.parse().ok()?;
        if v > 255 {
            return None;
        }
        out = (out << 8) | v;
    }
    (parts == 4).then_some(out)
}

pub fn format_ipv4(a: u32) -> String {
    alloc::format!(
        "{}.{}.{}.{}",
        a >> 24,
        (a >> 16) & 255,
        (a >> 8) & 255,
        a & 255
    )
}

impl Cidr {
    pub const ALL: Cidr = Cidr { addr: 0, len: 0 };

    pub fn parse(s: &str) -> Result<Cidr, CidrError> {
        let (a, l) = match s.split_once('/') {
            Some((a, l)) => (a, Some(l)),
            None => (s, None),
        };
        let addr = parse_ipv4(a).ok_or(CidrError::BadAddress)?;
        let len = match l {
            None => 32,
            Some(l) => {
                if l.is_empty() || l.len() > 2 || !l.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(CidrError::BadPrefix);
                }
                let v: u8 = l.parse().map_err(|_| CidrError::BadPrefix)?;
                if v > 32 {
                    return Err(CidrError::BadPrefix);
                }
                v
            }
        };
        let c = Cidr { addr, len };
        if c.addr & !c.mask() != 0 {
            return Err(CidrError::HostBitsSet);
        }
        Ok(c)
    }
    pub fn mask(self) -> u32 {
        if self.len == 0 {
            0
        } else {
            u32::MAX << (32 - self.len as u32)
        }
    }
    pub fn first(self) -> u32 {
        self.addr
    }
    pub fn last(self) -> u32 {
        self.addr | !self.mask()
    }
    /// Number of addresses (2^(32-len)), as u64 so that /0 fits.
    pub fn size(self) -> u64 {
        1u64 << (32 - self.len as u32)
    }
    pub fn contains_addr(self, a: u32) -> bool {
        a & self.mask() == self.addr
    }
    /// `other` lies wholly inside `self`.
    pub fn contains(self, other: Cidr) -> bool {
        other.len >= self.len && self.contains_addr(other.addr)
    }
    pub fn overlaps(self, other: Cidr) -> bool {
        self.contains(other) || other.contains(self)
    }
    /// Wholly inside 10.0.0.0/8, 172.16.0.0/12 or 192.168.0.0/16.
    pub fn is_private(self) -> bool {
        PRIVATE.iter().any(|p| p.contains(self))
    }
    pub fn range(self) -> (u32, u32) {
        (self.first(), self.last())
    }
}

/// The RFC 1918 private ranges.
pub const PRIVATE: [Cidr; 3] = [
    Cidr {
        addr: 10 << 24,
        len: 8,
    },
    Cidr {
        addr: (172 << 24) | (16 << 16),
        len: 12,
    },
    Cidr {
        addr: (192 << 24) | (168 << 16),
        len: 16,
    },
];

impl fmt::Display for Cidr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let a = self.addr;
        write!(
            f,
            "{}.{}.{}.{}",
            a >> 24,
            (a >> 16) & 255,
            (a >> 8) & 255,
            a & 255
        )?;
        if self.len != 32 {
            write!(f, "/{}", self.len)?;
        }
        Ok(())
    }
}

/// A set of IPv4 addresses as sorted, disjoint, non-adjacent inclusive ranges.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct AddrSet {
    ranges: Vec<(u32, u32)>,
}

impl AddrSet {
    pub fn new() -> AddrSet {
        AddrSet::default()
    }
    pub fn from_cidrs<'a>(cidrs: impl IntoIterator<Item = &'a Cidr>) -> AddrSet {
        let mut s = AddrSet::new();
        for c in cidrs {
            s.ranges.push(c.range());
        }
        s.normalize();
        s
    }
    fn normalize(&mut self) {
        crate::sort::sort(&mut self.ranges);
        let mut out: Vec<(u32, u32)> = Vec::with_capacity(self.ranges.len());
        for &(lo, hi) in &self.ranges {
            match out.last_mut() {
                Some(last) if lo <= last.1.saturating_add(1) || (last.1 == u32::MAX) => {
                    if hi > last.1 {
                        last.1 = hi;
                    }
                }
                _ => out.push((lo, hi)),
            }
        }
        self.ranges = out;
    }
    pub fn insert(&mut self, c: Cidr) {
        self.ranges.push(c.range());
        self.normalize();
    }
    pub fn union(&self, other: &AddrSet) -> AddrSet {
        let mut s = AddrSet {
            ranges: self.ranges.iter().chain(&other.ranges).copied().collect(),
        };
        s.normalize();
        s
    }
    pub fn is_empty(&self) -> bool {
        self.ranges.is_empty()
    }
    pub fn ranges(&self) -> &[(u32, u32)] {
        &self.ranges
    }
    /// Number of addresses in the set.
    pub fn size(&self) -> u64 {
        self.ranges
            .iter()
            .map(|&(lo, hi)| (hi - lo) as u64 + 1)
            .sum()
    }
    pub fn contains_addr(&self, a: u32) -> bool {
        let i = self.ranges.partition_point(|&(_, hi)| hi < a);
        self.ranges.get(i).is_some_and(|&(lo, _)| lo <= a)
    }
    /// Every address of `c` is in the set.
    pub fn contains_cidr(&self, c: Cidr) -> bool {
        let (lo, hi) = c.range();
        let i = self.ranges.partition_point(|&(_, h)| h < lo);
        self.ranges.get(i).is_some_and(|&(l, h)| l <= lo && hi <= h)
    }
    /// Every address of `other` is in the set.
    pub fn contains_set(&self, other: &AddrSet) -> bool {
        other.ranges.iter().all(|&(lo, hi)| {
            let i = self.ranges.partition_point(|&(_, h)| h < lo);
            self.ranges.get(i).is_some_and(|&(l, h)| l <= lo && hi <= h)
        })
    }
    /// Some address of `c` is in the set.
    pub fn intersects_cidr(&self, c: Cidr) -> bool {
        let (lo, hi) = c.range();
        let i = self.ranges.partition_point(|&(_, h)| h < lo);
        self.ranges.get(i).is_some_and(|&(l, _)| l <= hi)
    }
    pub fn intersects(&self, other: &AddrSet) -> bool {
        other.ranges.iter().any(|&(lo, hi)| {
            let i = self.ranges.partition_point(|&(_, h)| h < lo);
            self.ranges.get(i).is_some_and(|&(l, _)| l <= hi)
        })
    }
    /// The addresses of the set that are also in `other`.
    pub fn intersection(&self, other: &AddrSet) -> AddrSet {
        let mut out = Vec::new();
        let (mut i, mut j) = (0, 0);
        while i < self.ranges.len() && j < other.ranges.len() {
            let (a0, a1) = self.ranges[i];
            let (b0, b1) = other.ranges[j];
            let lo = a0.max(b0);
            let hi = a1.min(b1);
            if lo <= hi {
                out.push((lo, hi));
            }
            if a1 < b1 {
                i += 1;
            } else {
                j += 1;
            }
        }
        AddrSet { ranges: out }
    }
    /// The addresses of the set that are not in `other`.
    pub fn difference(&self, other: &AddrSet) -> AddrSet {
        let mut out = Vec::new();
        for &(lo, hi) in &self.ranges {
            let mut cur = lo as u64;
            let hi = hi as u64;
            let start = other.ranges.partition_point(|&(_, h)| (h as u64) < cur);
            for &(ol, oh) in &other.ranges[start..] {
                let (ol, oh) = (ol as u64, oh as u64);
                if ol > hi {
                    break;
                }
                if ol > cur {
                    out.push((cur as u32, (ol - 1) as u32));
                }
                cur = cur.max(oh + 1);
                if cur > hi {
                    break;
                }
            }
            if cur <= hi {
                out.push((cur as u32, hi as u32));
            }
        }
        AddrSet { ranges: out }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn c(s: &str) -> Cidr {
        Cidr::parse(s).unwrap()
    }

    #[test]
    fn parse_edge_cases() {
        assert_eq!(
            c("10.10.1.7"),
            Cidr {
                addr: 0x0a0a0107,
                len: 32
            }
        );
        assert_eq!(c("0.0.0.0/0"), Cidr::ALL);
        assert_eq!(c("10.10.1.0/29").last(), 0x0a0a0107);
        assert_eq!(Cidr::parse("10.0.0.1/8"), Err(CidrError::HostBitsSet));
        assert_eq!(Cidr::parse("10.0.0.0/33"), Err(CidrError::BadPrefix));
        assert_eq!(Cidr::parse("10.0.0.0/"), Err(CidrError::BadPrefix));
        assert_eq!(Cidr::parse("10.0.0.256"), Err(CidrError::BadAddress));
        assert_eq!(Cidr::parse("10.0.0"), Err(CidrError::BadAddress));
        assert_eq!(Cidr::parse("10.0.0.01"), Err(CidrError::BadAddress));
        assert_eq!(Cidr::parse("10.0.0.0.0"), Err(CidrError::BadAddress));
        assert_eq!(Cidr::parse(" 10.0.0.0"), Err(CidrError::BadAddress));
        assert_eq!(Cidr::parse("a.b.c.d"), Err(CidrError::BadAddress));
        assert_eq!(c("255.255.255.255/32").size(), 1);
        assert_eq!(Cidr::ALL.size(), 1 << 32);
        assert_eq!(c("10.1.2.3").to_string(), "10.1.2.3");
        assert_eq!(c("10.1.0.0/16").to_string(), "10.1.0.0/16");
    }

    #[test]
    fn containment_and_private() {
        assert!(c("10.0.0.0/8").contains(c("10.1.2.0/24")));
        assert!(!c("10.1.2.0/24").contains(c("10.0.0.0/8")));
        assert!(c("10.1.2.0/24").overlaps(c("10.0.0.0/8")));
        assert!(!c("10.1.2.0/24").overlaps(c("10.1.3.0/24")));
        assert!(c("172.31.255.255").is_private());
        assert!(!c("172.32.0.0/16").is_private());
        assert!(!c("172.0.0.0/8").is_private()); // wider than 172.16/12
        assert!(!c("0.0.0.0/0").is_private());
        assert!(c("192.168.0.0/16").is_private());
        assert!(!c("192.168.0.0/15").is_private());
    }

    #[test]
    fn sets_of_separate_addresses() {
        let pool = AddrSet::from_cidrs(&[c("10.200.0.2"), c("10.200.0.3"), c("10.200.0.4")]);
        assert_eq!(pool.ranges(), &[(0x0ac80002, 0x0ac80004)]);
        assert_eq!(pool.size(), 3);
        let some = AddrSet::from_cidrs(&[c("10.200.0.2"), c("10.200.0.4")]);
        assert!(pool.contains_set(&some));
        assert!(!some.contains_set(&pool));
        assert_eq!(pool.difference(&some).ranges(), &[(0x0ac80003, 0x0ac80003)]);
        let net = AddrSet::from_cidrs(&[c("10.200.0.0/30")]);
        assert!(net.intersects(&pool));
        assert_eq!(net.intersection(&pool).size(), 2);
        assert!(!net.contains_set(&pool));
        assert!(AddrSet::from_cidrs(&[c("10.200.0.0/29")]).contains_set(&pool));
    }

    #[test]
    fn sets_at_the_edges() {
        let all = AddrSet::from_cidrs(&[Cidr::ALL]);
        assert_eq!(all.size(), 1 << 32);
        let top = AddrSet::from_cidrs(&[c("255.255.255.255")]);
        assert!(all.contains_set(&top));
        assert_eq!(all.difference(&top).ranges(), &[(0, u32::MAX - 1)]);
        assert!(all.difference(&all).is_empty());
        let halves = AddrSet::from_cidrs(&[c("0.0.0.0/1"), c("128.0.0.0/1")]);
        assert_eq!(halves, all);
        let overl = AddrSet::from_cidrs(&[c("10.0.0.0/8"), c("10.1.0.0/16"), c("10.0.0.0/9")]);
        assert_eq!(overl.ranges().len(), 1);
        assert!(overl.contains_cidr(c("10.255.0.0/16")));
        assert!(!overl.contains_cidr(c("11.0.0.0/32")));
        assert!(overl.intersects_cidr(c("0.0.0.0/0")));
    }
}
