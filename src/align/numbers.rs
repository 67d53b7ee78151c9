//! Numbers, dates, amounts: a value of the claim against the values of its passage.

/// Whether `source` rounded to the precision the article writes `norm` (its value `v`) in gives
/// `v` ("65" for 64.7, "4.6" for 4.62). Whole numbers below 10 are left out: "6" for 6.4 may be
/// rounding, but "3 people" for 3.4 is not a thing, and small counts must match exactly.
pub(super) fn rounds_to(source: f64, norm: &str, v: f64) -> bool {
    if !norm.starts_with(|c: char| c.is_ascii_digit()) || source.fract() == 0.0 {
        return false;
    }
    let decimals = norm.split_once('.').map_or(0, |(_, d)| {
        d.chars().take_while(char::is_ascii_digit).count()
    });
    if decimals == 0 && v < 10.0 {
        return false;
    }
    let scale = 10f64.powi(decimals as i32);
    same_number((source * scale).round() / scale, v) && !same_number(source, v)
}

pub(super) fn same_number(a: f64, b: f64) -> bool {
    (a - b).abs() <= 1e-9 * a.abs().max(b.abs()).max(1.0)
}
