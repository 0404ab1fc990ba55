//! Arithmetic on the design's sizes and counts, which have no upper bound (any finite JSON
//! number is valid), so a product of them must not overflow before its end.

/// `factors[0] × factors[1] × … / divisor` for non-negative factors and a positive divisor:
/// left to right, as written, when that stays finite (the usual case, rounded as it always
/// was); otherwise the factors below 1 (and `1 / divisor`) first, then the others, so that
/// every partial product stays below the final one (or below 1) and the result is infinite
/// only when the true value is beyond `f64`: `1e308 × 1 × 30 / 1024 / 1024` is about
/// `2.9e303`.
pub(crate) fn scaled_product(factors: &[f64], divisor: f64) -> f64 {
    let direct = factors.iter().product::<f64>() / divisor;
    if direct.is_finite() {
        return direct;
    }
    let small = factors.iter().filter(|&&f| f < 1.0).product::<f64>() / divisor;
    factors
        .iter()
        .filter(|&&f| f >= 1.0)
        .fold(small, |p, &f| p * f)
}
