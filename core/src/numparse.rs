//! `str::parse::<f64>()` without the standard library's tables.
//!
//! The standard library's `dec2flt` (Eisel–Lemire with a 10 KB table of 128-bit powers of
//! five, plus a decimal fallback) is about 15 KB of WASM, most of it that incompressible table.
//! Here: Clinger's fast path (a decimal significand below 2^53 and a power of ten exact in
//! `f64`: one correctly rounded multiplication or division), which is every number a design
//! normally holds, and otherwise exact big-integer arithmetic: the first 64+ bits of the value
//! and whether anything is left over, rounded once, ties to even. The result is the same
//! correctly rounded `f64` as `str::parse` gives, for the same accepted syntax (unit test
//! against the standard library on random input).
//!
//! It is slower on numbers outside the fast path (a few µs for `1e-300` against the standard
//! library's tens of ns), so only the docs widget uses it (core feature `small-float-parse`);
//! the CLI and the editor keep `str::parse`.

/// `s.parse::<f64>().ok()`: [`parse_small`] with the `small-float-parse` feature, else
/// `str::parse`.
pub fn parse_f64(s: &str) -> Option<f64> {
    #[cfg(feature = "small-float-parse")]
    return parse_small(s);
    #[cfg(not(feature = "small-float-parse"))]
    return s.parse().ok();
}

use alloc::vec::Vec;

/// `s.parse::<f64>().ok()` without `dec2flt`: an optional sign, then `inf` / `infinity` / `nan`
/// (any case) or decimal digits with an optional `.` (at least one digit in all) and an
/// optional exponent.
pub fn parse_small(s: &str) -> Option<f64> {
    let (neg, b) = match s.as_bytes() {
        [b'-', rest @ ..] => (true, rest),
        [b'+', rest @ ..] => (false, rest),
        b => (false, b),
    };
    let v = if b.eq_ignore_ascii_case(b"inf") || b.eq_ignore_ascii_case(b"infinity") {
        f64::INFINITY
    } else if b.eq_ignore_ascii_case(b"nan") {
        f64::NAN
    } else {
        decimal(b)?
    };
    Some(if neg { -v } else { v })
}

/// Significant digits kept: halfway points between `f64`s have at most 767 significant digits,
/// so cutting after more than that, with a sticky digit for what was cut, rounds the same.
const MAX_DIGITS: usize = 800;

fn decimal(b: &[u8]) -> Option<f64> {
    // value = digits × 10^exp
    let mut digits: Vec<u8> = Vec::new();
    let mut exp: i64 = 0;
    let mut seen = false;
    let mut i = 0;
    let mut frac = false;
    while i < b.len() {
        match b[i] {
            c @ b'0'..=b'9' => {
                seen = true;
                if !digits.is_empty() || c != b'0' {
                    digits.push(c - b'0');
                }
                exp -= i64::from(frac);
            }
            b'.' if !frac => frac = true,
            _ => break,
        }
        i += 1;
    }
    if !seen {
        return None;
    }
    if i < b.len() {
        if b[i] | 0x20 != b'e' {
            return None;
        }
        i += 1;
        let neg = match b.get(i) {
            Some(b'-') => {
                i += 1;
                true
            }
            Some(b'+') => {
                i += 1;
                false
            }
            _ => false,
        };
        if i == b.len() {
            return None;
        }
        let mut e: i64 = 0;
        for &c in &b[i..] {
            if !c.is_ascii_digit() {
                return None;
            }
            e = (e * 10 + i64::from(c - b'0')).min(1 << 40);
        }
        exp += if neg { -e } else { e };
    }
    while digits.last() == Some(&0) {
        digits.pop();
        exp += 1;
    }
    if digits.is_empty() {
        return Some(0.0);
    }
    if digits.len() > MAX_DIGITS {
        exp += (digits.len() - MAX_DIGITS) as i64;
        digits.truncate(MAX_DIGITS - 1);
        digits.push(1); // sticky: the cut digits end in a non-zero one
    }
    let n = digits.len() as i64;
    if n + exp > 310 {
        return Some(f64::INFINITY);
    }
    if n + exp < -324 {
        return Some(0.0); // below 1e-324 < 2^-1075, half the smallest subnormal
    }
    let exp = exp as i32;
    // Clinger's fast path: both operands exact, one rounding.
    if n <= 15 && (-22..=22).contains(&exp) {
        let m = digits.iter().fold(0u64, |a, &d| a * 10 + u64::from(d)) as f64;
        let p = pow10(exp.unsigned_abs());
        return Some(if exp < 0 { m / p } else { m * p });
    }
    let mut num = Big::from_digits(&digits);
    let (q, e2, sticky) = if exp >= 0 {
        num.mul_pow10(exp as u32);
        num.top64()
    } else {
        let mut den = Big(alloc::vec![1]);
        den.mul_pow10(exp.unsigned_abs());
        // num × 2^t / den has 64 or 65 bits
        let t = 64 + den.bits() as i64 - num.bits() as i64;
        if t >= 0 {
            num.shl(t as usize);
        } else {
            den.shl((-t) as usize);
        }
        let (q, rest) = num.div_small_quotient(&den);
        (q, -t as i32, rest)
    };
    Some(round(q, e2, sticky))
}

/// 10^e for e ≤ 22 (exact).
fn pow10(e: u32) -> f64 {
    let mut p = 1.0;
    for _ in 0..e {
        p *= 10.0;
    }
    p
}

/// The `f64` nearest to (q + ε) × 2^e, where ε ∈ (0, 1) if `sticky` else 0; ties to even.
fn round(q: u128, e: i32, sticky: bool) -> f64 {
    let bits = 128 - q.leading_zeros() as i32;
    // lowest bit kept: 53 significant bits, but not below 2^-1074 (subnormals)
    let shift = (bits - 53).max(-1074 - e);
    let (mut m, mut e) = if shift <= 0 {
        (q << (-shift).min(127), e + shift)
    } else if shift >= 128 {
        (0, e + shift)
    } else {
        let m = q >> shift;
        let rest = q & ((1u128 << shift) - 1);
        let half = 1u128 << (shift - 1);
        let up = rest > half || (rest == half && (sticky || m & 1 == 1));
        (m + u128::from(up), e + shift)
    };
    if m == 1 << 53 {
        m >>= 1;
        e += 1;
    }
    let m = m as u64;
    if m < 1 << 52 {
        // subnormal (e == -1074) or zero; 2^52 × 2^-1074 would be the smallest normal
        return f64::from_bits(m);
    }
    let biased = e + 1075;
    if biased >= 2047 {
        return f64::INFINITY;
    }
    f64::from_bits(((biased as u64) << 52) | (m & ((1 << 52) - 1)))
}

/// A non-negative big integer: 32-bit limbs, least significant first.
struct Big(Vec<u32>);

impl Big {
    fn from_digits(digits: &[u8]) -> Big {
        let mut b = Big(Vec::new());
        for chunk in digits.chunks(9) {
            let mut v = 0u32;
            for &d in chunk {
                v = v * 10 + u32::from(d);
            }
            b.mul_add(10u32.pow(chunk.len() as u32), v);
        }
        b
    }
    /// self = self × k + add
    fn mul_add(&mut self, k: u32, add: u32) {
        let mut carry = u64::from(add);
        for l in &mut self.0 {
            let x = u64::from(*l) * u64::from(k) + carry;
            *l = x as u32;
            carry = x >> 32;
        }
        if carry > 0 {
            self.0.push(carry as u32);
        }
    }
    fn mul_pow10(&mut self, mut e: u32) {
        while e > 0 {
            let k = e.min(9);
            self.mul_add(10u32.pow(k), 0);
            e -= k;
        }
    }
    fn bits(&self) -> usize {
        match self.0.last() {
            Some(&top) => self.0.len() * 32 - top.leading_zeros() as usize,
            None => 0,
        }
    }
    fn bit(&self, i: usize) -> bool {
        self.0.get(i / 32).is_some_and(|l| l >> (i % 32) & 1 == 1)
    }
    fn shl(&mut self, n: usize) {
        let (limbs, bits) = (n / 32, n % 32);
        if bits > 0 {
            self.mul_add(1 << bits, 0);
        }
        self.0.splice(0..0, core::iter::repeat_n(0, limbs));
    }
    /// The top 64 bits as (q, e, sticky): self = (q + ε) × 2^e.
    fn top64(&self) -> (u128, i32, bool) {
        let n = self.bits();
        let skip = n.saturating_sub(64);
        let mut q = 0u128;
        for i in (skip..n).rev() {
            q = q << 1 | u128::from(self.bit(i));
        }
        let sticky = (0..skip).any(|i| self.bit(i));
        (q, skip as i32, sticky)
    }
    /// ⌊self / den⌋ (which must be below 2^66) and whether there is a remainder; self is used up.
    fn div_small_quotient(&mut self, den: &Big) -> (u128, bool) {
        // restoring long division over the quotient's bits: self - den × 2^i for i = 66..0
        let mut q = 0u128;
        let mut d = Big(den.0.clone());
        d.shl(66);
        for i in (0..=66).rev() {
            if self.cmp(&d) != core::cmp::Ordering::Less {
                self.sub(&d);
                q |= 1 << i;
            }
            d.shr1();
        }
        (q, self.0.iter().any(|&l| l != 0))
    }
    fn cmp(&self, o: &Big) -> core::cmp::Ordering {
        let len = self.0.len().max(o.0.len());
        for i in (0..len).rev() {
            let (a, b) = (
                self.0.get(i).copied().unwrap_or(0),
                o.0.get(i).copied().unwrap_or(0),
            );
            if a != b {
                return a.cmp(&b);
            }
        }
        core::cmp::Ordering::Equal
    }
    /// self -= o (o ≤ self)
    fn sub(&mut self, o: &Big) {
        let mut borrow = 0i64;
        for (i, l) in self.0.iter_mut().enumerate() {
            let x = i64::from(*l) - i64::from(o.0.get(i).copied().unwrap_or(0)) - borrow;
            *l = x as u32;
            borrow = i64::from(x < 0);
        }
    }
    fn shr1(&mut self) {
        let mut carry = 0;
        for l in self.0.iter_mut().rev() {
            let next = *l & 1;
            *l = *l >> 1 | carry << 31;
            carry = next;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::format;
    use alloc::string::String;

    fn check(s: &str) {
        let want = s.parse::<f64>().ok();
        let got = parse_small(s);
        match (want, got) {
            (Some(w), Some(g)) if w.is_nan() && g.is_nan() => {
                assert_eq!(w.is_sign_negative(), g.is_sign_negative(), "{s}")
            }
            (Some(w), Some(g)) => assert_eq!(w.to_bits(), g.to_bits(), "{s}: {w:e} vs {g:e}"),
            (None, None) => {}
            _ => panic!("{s}: {want:?} vs {got:?}"),
        }
    }

    #[test]
    fn same_as_std() {
        for s in [
            "0", "-0", "+0", "0.0", "00", "1", "-1", "1.", ".5", ".", "", "-", "+", "e5", "1e",
            "1e+", "1e-", "1E5", "1e+5", "1e-5", "1.5e3", "--1", "+-1", "1..2", "1.2.3", "1e5.5",
            "1 ", " 1", "0x10", "inf", "-inf", "+inf", "Infinity", "INF", "infinit", "nan",
            "NaN", "-nan", "+NaN", "nana", "1e308", "1e309", "1.7976931348623157e308",
            "1.7976931348623158e308", "1.7976931348623159e308", "2e-323", "5e-324", "4e-324",
            "3e-324", "2.5e-324", "2.4703282292062328e-324", "2.4703282292062327e-324",
            "2.4703282292062327208828439643411068618252990130716238221279284125033775363510437593264991818081799618989828234772285886546332835517796989819938739800539093906315035659515570226392290858392449105184435931802849936536152500319370457678249219365623669863658480757001585769269903706311928279558551332927834338409351978015531246597263579574622766465272827220056374006485499977096599470454020828166226237857393450736339007967761930577506740176324673600968951340535537458516661134223766678604162159680461914467291840300530057530849048765391711386591646239524912623653881879636239373280423891018672348497668235089863388587925628302755995657524455507255189313690836254779186948667994968324049705821028513185451396213837722826145437693412532098591327667236328125e-324",
            "1e-400", "1e999", "-1e999", "18446744073709551616", "9007199254740993",
            "9007199254740992", "9007199254740994", "99999999999999999999", "10000000000.0",
            "1e23", "8.98846567431158e307", "0.1", "0.3", "2.675", "123456789012345678901234567890",
            "1e-22", "1e22", "1e-23", "123456789012345.6", "4.9406564584124654e-324",
            "2.2250738585072011e-308", "2.2250738585072012e-308", "2.2250738585072014e-308",
            "0.0000000000000000000000000000000000001", "1e-1000000000000000000000",
            "1e1000000000000000000000", "0e999999", "0.000e-99999",
        ] {
            check(s);
        }
        // a long significand whose tail decides the rounding
        let mut long = String::from("9007199254740993");
        long.push_str(&"0".repeat(900));
        long.push_str("1e-900");
        check(&long);
        check(&long.replace('1', "0"));
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..60_000 {
            let r = next();
            let v = f64::from_bits(r);
            if v.is_finite() {
                check(&format!("{v:e}"));
                check(&format!("{v}"));
                check(&format!("{v:.3e}"));
                check(&format!("{:e}", f64::from_bits(r & !((1 << 12) - 1))));
            }
            // halfway points and their neighbours
            let w = f64::from_bits((r >> 1) & !0xfff0_0000_0000_0000 | 0x3ff0_0000_0000_0000);
            let e = (next() % 700) as i32 - 350;
            let digits = format!("{:.25e}", w * 1.000_000_000_000_000_1);
            check(&format!("{}e{e}", digits.split('e').next().unwrap()));
            let m = next() % 10_000_000_000_000_000;
            check(&format!("{m}e{e}"));
            check(&format!("{m}.{}e-{}", next() % 1000, next() % 30));
            check(&format!("0.{m}e{}", e / 10));
        }
    }
}
