//! Evaluation kernels shared by NPV, IRR, XNPV and XIRR: discounted sums and their
//! derivatives in one pass, without a `powf` per flow.

use chrono::NaiveDate;

/// Below this many flows a plain Horner pass is as fast as the split one.
const SPLIT_MIN: usize = 32;
/// Independent Horner chains in the split pass (breaks the multiply-add dependency).
const LANES: usize = 8;

/// `Σ v_t d^t` for t = 0, 1, ... by Horner's scheme.
///
/// Long inputs run as [`LANES`] interleaved chains in `d^LANES`, so the loop is bound
/// by throughput rather than by the latency of one multiply-add chain. For |d| > 1 no
/// intermediate exceeds the magnitude of the result's terms, so there is no spurious
/// overflow.
pub(crate) fn poly(values: &[f64], d: f64) -> f64 {
    if values.len() < SPLIT_MIN {
        return values.iter().rev().fold(0.0, |acc, &v| acc * d + v);
    }
    let chunks = values.chunks_exact(LANES);
    let mut acc = [0.0; LANES];
    for (a, &v) in acc.iter_mut().zip(chunks.remainder()) {
        *a = v;
    }
    let d2 = d * d;
    let d4 = d2 * d2;
    let step = d4 * d4;
    for chunk in chunks.rev() {
        for (a, &v) in acc.iter_mut().zip(chunk) {
            *a = *a * step + v;
        }
    }
    acc.iter().rev().fold(0.0, |r, &a| r * d + a)
}

/// `Σ v_t u^(n-1-t)`: the polynomial with its coefficients reversed, `u^(n-1) P(1/u)`.
fn poly_reversed(values: &[f64], u: f64) -> f64 {
    values.iter().fold(0.0, |acc, &v| acc * u + v)
}

/// `(Σ v_t d^t, Σ t v_t d^t)` in one Horner pass: the periodic NPV at t = 0.. and the
/// sum that gives its derivative, `dNPV/drate = -d Σ t v_t d^t` with `d = 1/(1+rate)`.
pub(crate) fn poly_and_moment(values: &[f64], d: f64) -> (f64, f64) {
    // Horner for P and for P' together: p' <- p' d + p, p <- p d + v; then Σ t v_t d^t = d P'(d).
    let mut p = 0.0;
    let mut dp = 0.0;
    for &v in values.iter().rev() {
        dp = dp * d + p;
        p = p * d + v;
    }
    (p, d * dp)
}

/// `Σ |v_t| |d|^t`: the scale against which a periodic NPV counts as zero.
pub(crate) fn poly_scale(values: &[f64], d: f64) -> f64 {
    let d = d.abs();
    values.iter().rev().fold(0.0, |acc, &v| acc * d + v.abs())
}

/// The periodic NPV (values at t = 0..n-1) as a function of `s = ln(1 + rate)`,
/// multiplied by a positive factor that keeps every term at most `|v_t|`: the same
/// sign and the same roots as the NPV, finite for every finite `s`.
pub(crate) fn scaled_npv(values: &[f64], s: f64) -> f64 {
    if s >= 0.0 {
        poly(values, (-s).exp())
    } else {
        poly_reversed(values, s.exp())
    }
}

/// [`scaled_npv`] and the sum of its terms' magnitudes (the scale of its rounding error).
pub(crate) fn scaled_npv_and_scale(values: &[f64], s: f64) -> (f64, f64) {
    if s >= 0.0 {
        let d = (-s).exp();
        (poly(values, d), poly_scale(values, d))
    } else {
        let u = s.exp();
        let scale = values.iter().fold(0.0, |acc, &v| acc * u + v.abs());
        (poly_reversed(values, u), scale)
    }
}

/// Cash flows at times given in years from a reference date, evaluated at many rates.
///
/// When the times are whole days / 365 (XNPV, XIRR) and the span of days is small
/// relative to the number of flows, `(1+r)^(-days/365)` comes from two small tables
/// (`exp(-c k)` for k below a block size, and for multiples of the block), built once
/// per rate, instead of one `exp` per flow.
pub(crate) struct DatedFlows {
    values: Vec<f64>,
    /// `t_i v_i`, the weights of the derivative.
    moments: Vec<f64>,
    times: Vec<f64>,
    t_min: f64,
    t_max: f64,
    table: Option<DayTable>,
}

struct DayTable {
    /// Per flow: (block index, offset in block) of `days_i - day_min`.
    index: Vec<(u32, u32)>,
    day_min: f64,
    block: usize,
    high: Vec<f64>,
    low: Vec<f64>,
}

/// The sums of one evaluation at a rate.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DatedSums {
    /// `Σ v_i (1+r)^(-t_i)`.
    pub value: f64,
    /// `Σ t_i v_i (1+r)^(-t_i)`; the derivative is `-moment / (1+r)`.
    pub moment: f64,
    /// `Σ |v_i| (1+r)^(-t_i)`.
    pub scale: f64,
}

impl DatedFlows {
    /// Flows at `dates`, in years of 365 days from the first listed date (XNPV, XIRR).
    /// The caller has checked that the lengths match and that there is a date.
    pub(crate) fn actual_365(values: &[f64], dates: &[NaiveDate]) -> Self {
        let first = dates[0];
        let days: Vec<i64> = dates.iter().map(|&d| (d - first).num_days()).collect();
        let times: Vec<f64> = days.iter().map(|&d| d as f64 / 365.0).collect();
        let mut flows = Self::with_times(values, times);
        let day_min = days.iter().copied().min().unwrap_or(0);
        let day_max = days.iter().copied().max().unwrap_or(0);
        let span = (day_max - day_min) as usize + 1;
        // Tables cost about 2 sqrt(span) multiplications per rate; worth it when that
        // is well below one exp per flow.
        let block = ((span as f64).sqrt().ceil() as usize).max(1);
        let blocks = span.div_ceil(block);
        if block + blocks < values.len() / 2 {
            let index = days
                .iter()
                .map(|&d| {
                    let k = (d - day_min) as usize;
                    ((k / block) as u32, (k % block) as u32)
                })
                .collect();
            flows.table = Some(DayTable {
                index,
                day_min: day_min as f64,
                block,
                high: vec![0.0; blocks],
                low: vec![0.0; block],
            });
        }
        flows
    }

    /// Flows at arbitrary times in years.
    pub(crate) fn with_times(values: &[f64], times: Vec<f64>) -> Self {
        let moments = values.iter().zip(&times).map(|(v, t)| v * t).collect();
        let t_min = times.iter().copied().fold(f64::INFINITY, f64::min);
        let t_max = times.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        Self { values: values.to_vec(), moments, times, t_min, t_max, table: None }
    }

    /// The sums at `ln(1 + rate) = log_growth`.
    pub(crate) fn sums(&mut self, log_growth: f64) -> DatedSums {
        let mut value = [0.0; 4];
        let mut moment = [0.0; 4];
        let mut scale = [0.0; 4];
        if let Some(table) = &mut self.table {
            let per_day = log_growth / 365.0;
            fill_exp(&mut table.low, 0.0, -per_day);
            fill_exp(&mut table.high, -table.day_min * per_day, -(table.block as f64) * per_day);
            let (high, low) = (&table.high, &table.low);
            for (k, ((&(h, l), &v), &m)) in table.index.iter().zip(&self.values).zip(&self.moments).enumerate() {
                let e = high[h as usize] * low[l as usize];
                let lane = k % 4;
                value[lane] += v * e;
                moment[lane] += m * e;
                scale[lane] += v.abs() * e;
            }
        } else {
            for (k, ((&t, &v), &m)) in self.times.iter().zip(&self.values).zip(&self.moments).enumerate() {
                let e = (-t * log_growth).exp();
                let lane = k % 4;
                value[lane] += v * e;
                moment[lane] += m * e;
                scale[lane] += v.abs() * e;
            }
        }
        let sum = |a: [f64; 4]| (a[0] + a[1]) + (a[2] + a[3]);
        DatedSums { value: sum(value), moment: sum(moment), scale: sum(scale) }
    }

    /// The value at `s = ln(1 + rate)` times a positive factor that keeps every term at
    /// most `|v_i|`: the sign and roots of XNPV, finite for every finite `s`.
    pub(crate) fn scaled_value(&self, s: f64) -> f64 {
        let shift = if s >= 0.0 { self.t_min * s } else { self.t_max * s };
        self.times.iter().zip(&self.values).map(|(&t, &v)| v * (shift - t * s).exp()).sum()
    }
}

/// `out[k] = exp(start + k step)`, by multiplication, re-anchored with an exact `exp`
/// every 32 entries so the rounding error stays within a few dozen ulps.
fn fill_exp(out: &mut [f64], start: f64, step: f64) {
    let ratio = step.exp();
    for (k, x) in out.iter_mut().enumerate() {
        *x = if k % 32 == 0 { (start + k as f64 * step).exp() } else { 0.0 };
    }
    for k in 1..out.len() {
        if k % 32 != 0 {
            out[k] = out[k - 1] * ratio;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn direct(values: &[f64], d: f64) -> f64 {
        values.iter().enumerate().map(|(t, v)| v * d.powi(t as i32)).sum()
    }

    #[test]
    fn split_horner_matches_the_direct_sum() {
        for n in [1, 7, 31, 32, 33, 100, 1001] {
            let values: Vec<f64> = (0..n).map(|i| (f64::from(i * 37 % 11) - 5.0) * 100.0).collect();
            for d in [0.5, 0.9, 1.0, 1.01, -0.7] {
                let (a, b) = (poly(&values, d), direct(&values, d));
                let scale = poly_scale(&values, d);
                assert!((a - b).abs() <= 1e-12 * scale, "n {n} d {d}: {a} vs {b}");
            }
        }
    }

    #[test]
    fn moment_is_the_derivative_sum() {
        let values = [-1000.0, 300.0, 400.0, 500.0];
        let d = 1.0 / 1.1;
        let (p, m) = poly_and_moment(&values, d);
        let want: f64 = values.iter().enumerate().map(|(t, v)| t as f64 * v * d.powi(t as i32)).sum();
        assert!((p - direct(&values, d)).abs() < 1e-12);
        assert!((m - want).abs() < 1e-10);
    }

    #[test]
    fn scaled_npv_keeps_the_sign() {
        let values = [-1000.0, 3600.0, -4310.0, 1716.0];
        for s in [-3.0_f64, -0.5, 0.0, 0.05, 0.15, 0.25, 0.3, 2.0, 30.0] {
            let d = (-s).exp();
            let plain = direct(&values, d);
            let scaled = scaled_npv(&values, s);
            assert_eq!(plain.signum(), scaled.signum(), "s {s}");
        }
    }

    #[test]
    fn day_tables_match_direct_exponentials() {
        let start = NaiveDate::from_ymd_opt(2020, 3, 1).unwrap();
        let n = 5000;
        let dates: Vec<NaiveDate> = (0..n).map(|i| start + chrono::Days::new((i * 7919 % 4000) as u64)).collect();
        let values: Vec<f64> = (0..n).map(|i| if i == 0 { -1e6 } else { 300.0 + f64::from(i % 13) }).collect();
        let mut tabled = DatedFlows::actual_365(&values, &dates);
        assert!(tabled.table.is_some());
        let times = tabled.times.clone();
        let mut plain = DatedFlows::with_times(&values, times);
        for rate in [-0.5, 0.0, 0.1, 3.0] {
            let (a, b) = (tabled.sums(f64::ln_1p(rate)), plain.sums(f64::ln_1p(rate)));
            assert!((a.value - b.value).abs() <= 1e-13 * b.scale, "{rate}");
            assert!((a.moment - b.moment).abs() <= 1e-12 * b.scale.max(b.moment.abs()), "{rate}");
        }
    }
}
