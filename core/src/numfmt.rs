//! Formatting `f64` for messages without `core::fmt`'s float machinery.
//!
//! `format!("{v}")` and `format!("{v:.2}")` link the standard library's Grisu and Dragon
//! implementations (about 20 KB of WASM). Messages format a handful of numbers, so here the
//! exact decimal expansion of the value (every `f64` is a finite decimal) is computed with a
//! small big integer, and the shortest round-tripping digits are found by parsing candidates
//! back with [`crate::numparse::parse_f64`] (needed anyway for JSON numbers). The output is the
//! same as the standard library's.
//!
//! Integers ([`int`], [`uint`]) are appended without `core::fmt` for speed: the SVG writer
//! and the port labels write thousands of them.

use crate::text::sub;
use alloc::string::String;
use alloc::vec::Vec;

/// The exact decimal expansion of a finite, non-zero `|v|`: digits (no leading zero) and the
/// position of the decimal point (value = 0.d1d2d3… × 10^point).
fn exact_decimal(v: f64) -> (Vec<u8>, i32) {
    let bits = v.to_bits();
    let exp = ((bits >> 52) & 0x7ff) as i32;
    let frac = bits & ((1 << 52) - 1);
    let (mant, e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | (1 << 52), exp - 1075)
    };
    // Base 10^9 limbs, least significant first.
    const BASE: u64 = 1_000_000_000;
    let mut limbs: Vec<u64> = Vec::new();
    let mut m = mant;
    while m > 0 {
        limbs.push(m % BASE);
        m /= BASE;
    }
    let mul = |limbs: &mut Vec<u64>, k: u64| {
        let mut carry = 0u64;
        for l in limbs.iter_mut() {
            let x = *l * k + carry;
            *l = x % BASE;
            carry = x / BASE;
        }
        while carry > 0 {
            limbs.push(carry % BASE);
            carry /= BASE;
        }
    };
    // v = mant × 2^e = mant × 5^-e / 10^-e when e < 0.
    let (mut n, factor, chunk, chunk_factor) = if e >= 0 {
        (e, 2u64, 29, 1u64 << 29)
    } else {
        (-e, 5u64, 12, 244_140_625u64)
    };
    while n >= chunk {
        mul(&mut limbs, chunk_factor);
        n -= chunk;
    }
    while n > 0 {
        mul(&mut limbs, factor);
        n -= 1;
    }
    let mut digits: Vec<u8> = Vec::new();
    for (i, &l) in limbs.iter().rev().enumerate() {
        let mut buf = [0u8; 9];
        let mut x = l;
        for b in buf.iter_mut().rev() {
            *b = (x % 10) as u8;
            x /= 10;
        }
        if i == 0 {
            let skip = buf.iter().take_while(|&&d| d == 0).count();
            digits.extend_from_slice(&buf[skip..]);
        } else {
            digits.extend_from_slice(&buf);
        }
    }
    let point = digits.len() as i32 + if e < 0 { e } else { 0 };
    while digits.last() == Some(&0) {
        digits.pop();
    }
    (digits, point)
}

/// Writes `0.d1d2… × 10^point` in fixed notation as `Display` does (no exponent), with at
/// least `min_frac` decimals. Empty `digits`: zero.
fn push_fixed(out: &mut String, digits: &[u8], point: i32, min_frac: usize) {
    let digit = |i: i32| -> char {
        match usize::try_from(i).ok().and_then(|i| digits.get(i)) {
            Some(&d) => char::from(b'0' + d),
            None => '0',
        }
    };
    if point <= 0 {
        out.push('0');
    } else {
        out.extend((0..point).map(digit));
    }
    let frac = usize::try_from(digits.len() as i32 - point)
        .unwrap_or(0)
        .max(min_frac);
    if frac > 0 {
        out.push('.');
        out.extend((0..frac as i32).map(|k| digit(point + k)));
    }
}

fn special(v: f64, out: &mut String) -> bool {
    if v.is_nan() {
        out.push_str("NaN");
        return true;
    }
    if v.is_sign_negative() {
        out.push('-');
    }
    if v.is_infinite() {
        out.push_str("inf");
        return true;
    }
    false
}

/// Whether the decimal `0.digits × 10^point` parses back to `v`.
fn round_trips(digits: &[u8], point: i32, v: f64) -> bool {
    let mut s = String::from("0.");
    s.extend(digits.iter().map(|d| char::from(b'0' + d)));
    s.push_str(&alloc::format!("e{point}"));
    crate::numparse::parse_f64(&s) == Some(v)
}

/// Adds one unit in the last place of `digits` (carrying; may lengthen it and move the point).
fn increment(digits: &mut Vec<u8>, point: &mut i32) {
    for d in digits.iter_mut().rev() {
        if *d == 9 {
            *d = 0;
        } else {
            *d += 1;
            return;
        }
    }
    digits.insert(0, 1);
    *point += 1;
}

/// `format!("{v}")` for an `f64`: the shortest digits that read back as `v`, fixed notation.
pub fn shortest(v: f64) -> String {
    let mut out = String::new();
    if special(v, &mut out) {
        return out;
    }
    let a = v.abs();
    if a == 0.0 {
        out.push('0');
        return out;
    }
    let (exact, point) = exact_decimal(a);
    for p in 1..=exact.len() {
        let floor = &exact[..p];
        let rest = &exact[p..];
        if rest.is_empty() {
            push_fixed(&mut out, floor, point, 0);
            return out;
        }
        let mut ceil = floor.to_vec();
        let mut cpoint = point;
        increment(&mut ceil, &mut cpoint);
        let fin = round_trips(floor, point, a);
        let cin = round_trips(&ceil, cpoint, a);
        let up = match (fin, cin) {
            (false, false) => continue,
            (true, false) => false,
            (false, true) => true,
            // Both read back: the nearer one (`rest` has no trailing zero); a tie rounds up.
            (true, true) => rest[0] >= 5,
        };
        if up {
            while ceil.last() == Some(&0) {
                ceil.pop();
            }
            push_fixed(&mut out, &ceil, cpoint, 0);
        } else {
            push_fixed(&mut out, floor, point, 0);
        }
        return out;
    }
    push_fixed(&mut out, &exact, point, 0);
    out
}

/// A number for a message, as people write it: `8` (not `8.0`), `2.5`, `0` for `-0`; from
/// 10^16 on in scientific notation, `1e16`, `1.5e20`, `1.7976931348623157e308`, rather than
/// the 17 to 309 digits of [`shortest`] (sizes and counts have no upper bound).
pub fn plain(v: f64) -> String {
    if v == 0.0 {
        return String::from("0");
    }
    if !(v.is_finite() && v.abs() >= 1e16) {
        return shortest(v);
    }
    // Whole, so `shortest` gives digits only: the shortest significant ones, then zeros.
    let whole = shortest(v.abs());
    let digits = whole.trim_end_matches('0');
    let mut out = String::new();
    if v < 0.0 {
        out.push('-');
    }
    // ASCII digits: every position is a char boundary
    out.push_str(sub(digits, 0, 1));
    if digits.len() > 1 {
        out.push('.');
        out.push_str(sub(digits, 1, digits.len()));
    }
    out.push_str(&alloc::format!("e{}", whole.len() - 1));
    out
}

/// `format!("{v:.frac$}")` for an `f64`: rounded to `frac` decimals, ties to even.
pub fn fixed(v: f64, frac: usize) -> String {
    let mut out = String::new();
    if special(v, &mut out) {
        return out;
    }
    let a = v.abs();
    if a == 0.0 {
        push_fixed(&mut out, &[], 0, frac);
        return out;
    }
    let (mut digits, mut point) = exact_decimal(a);
    let keep = point + frac as i32; // digits before the cut
    if keep < 0 {
        push_fixed(&mut out, &[], 0, frac);
        return out;
    }
    let keep = keep as usize;
    if keep < digits.len() {
        let rest = digits[keep..].to_vec();
        digits.truncate(keep);
        let last_odd = digits.last().is_some_and(|d| d % 2 == 1);
        let up = rest[0] > 5 || (rest[0] == 5 && (rest.len() > 1 || last_odd));
        if up {
            if digits.is_empty() {
                digits.push(1);
                point += 1;
            } else {
                increment(&mut digits, &mut point);
            }
        }
        while digits.last() == Some(&0) {
            digits.pop();
        }
    }
    push_fixed(&mut out, &digits, point, frac);
    out
}

/// Appends `v` in decimal: what `write!(out, "{v}")` writes, without the formatting
/// machinery (a drawing's SVG is mostly numbers, and the port labels are lists of them; measured:
/// see docs/performance-notes.md, session 12).
pub(crate) fn int(out: &mut String, v: i32) {
    if v < 0 {
        out.push('-');
    }
    uint(out, u64::from(v.unsigned_abs()));
}

/// Appends `v` in decimal (see [`int`]): coordinates, port numbers, JSON numbers and the
/// indices of JSON pointers.
pub(crate) fn uint(out: &mut String, v: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    let mut n = v;
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    // ASCII digits: pushed as chars, without validating them as UTF-8 again.
    out.extend(buf[i..].iter().map(|&b| char::from(b)));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_format_writes_them() {
        for v in [0, 7, -7, 10, 99, -100, 1234567, i32::MAX, i32::MIN] {
            let mut out = String::from("x");
            int(&mut out, v);
            assert_eq!(out, alloc::format!("x{v}"));
        }
        for v in [0, 9, 10, 4_000_000_000, u64::from(u32::MAX), u64::MAX] {
            let mut out = String::new();
            uint(&mut out, v);
            assert_eq!(out, alloc::format!("{v}"));
        }
    }

    use alloc::format;

    fn check(v: f64) {
        assert_eq!(shortest(v), format!("{v}"), "{v:e}");
        for frac in [0, 1, 2, 3] {
            assert_eq!(fixed(v, frac), format!("{v:.frac$}"), "{v:e} .{frac}");
        }
    }

    #[test]
    fn plain_numbers() {
        for (v, want) in [
            (8.0, "8"),
            (-0.0, "0"),
            (2.5, "2.5"),
            (-3.0, "-3"),
            (1e15, "1000000000000000"),
            (9999999999999998.0, "9999999999999998"),
            (1e16, "1e16"),
            (1.5e20, "1.5e20"),
            (-2e17, "-2e17"),
            (12345678901234567890.0, "1.2345678901234567e19"),
            (1e308, "1e308"),
            (f64::MAX, "1.7976931348623157e308"),
            (f64::INFINITY, "inf"),
        ] {
            assert_eq!(plain(v), want, "{v:e}");
        }
    }

    #[test]
    fn same_as_core_fmt() {
        for v in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.5,
            2.5,
            0.1,
            0.2,
            0.3,
            1.5,
            0.125,
            0.375,
            2.675,
            1.005,
            0.005,
            0.015,
            0.025,
            0.045,
            0.995,
            9.995,
            99.5,
            0.25,
            0.35,
            1e-7,
            1.234e-300,
            5e-324,
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::MIN,
            1e15,
            1e16,
            1e21,
            1e22,
            1e23,
            9007199254740993.0,
            123456789.125,
            3.25159,
            2.0 / 3.0,
            1.0 / 3.0,
            100.0,
            0.7,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            4.35,
            0.000_01,
            12.5,
            13.5,
            0.45,
            8.125,
        ] {
            check(v);
        }
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let v = f64::from_bits(seed);
            if v.is_finite() {
                assert_eq!(shortest(v), format!("{v}"), "{v:e}");
            }
            // Everyday magnitudes, with few digits and with many.
            let x =
                (seed % 10_000_000) as f64 / [1.0, 8.0, 100.0, 1000.0][(seed >> 60) as usize % 4];
            check(x);
            check(-x);
            check(x * 1.1);
            check((seed >> 11) as f64 * 2f64.powi(((seed >> 3) % 120) as i32 - 90));
        }
    }
}
