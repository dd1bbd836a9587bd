//! Evaluation kernels shared by NPV, IRR, XNPV and XIRR: discounted sums and their
//! derivatives in one pass, without a `powf` per flow.

use chrono::{Datelike, NaiveDate};

/// Below this many flows a plain Horner pass is as fast as the split one.
const SPLIT_MIN: usize = 32;
/// Independent Horner chains in the split pass (breaks the multiply-add dependency).
const LANES: usize = 8; // `poly` writes its lanes out: change both together

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
    acc[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    let d2 = d * d;
    let d4 = d2 * d2;
    let step = d4 * d4;
    for c in chunks.rev() {
        // Lane by lane, written out: the same operations as a loop over the lanes, kept
        // as straight-line code even by a size-optimised build (the WASM package's).
        acc[0] = acc[0] * step + c[0];
        acc[1] = acc[1] * step + c[1];
        acc[2] = acc[2] * step + c[2];
        acc[3] = acc[3] * step + c[3];
        acc[4] = acc[4] * step + c[4];
        acc[5] = acc[5] * step + c[5];
        acc[6] = acc[6] * step + c[6];
        acc[7] = acc[7] * step + c[7];
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
        poly(values, libm::exp(-s))
    } else {
        poly_reversed(values, libm::exp(s))
    }
}

/// [`scaled_npv`] and the sum of its terms' magnitudes (the scale of its rounding error).
pub(crate) fn scaled_npv_and_scale(values: &[f64], s: f64) -> (f64, f64) {
    if s >= 0.0 {
        let d = libm::exp(-s);
        (poly(values, d), poly_scale(values, d))
    } else {
        let u = libm::exp(s);
        let scale = values.iter().fold(0.0, |acc, &v| acc * u + v.abs());
        (poly_reversed(values, u), scale)
    }
}

/// Cash flows at times given in years from a reference date, evaluated at many rates.
///
/// For XNPV and XIRR (times in whole days / 365): flows on the same day are summed
/// first when there are at least as many flows as days in their span, and
/// `(1+r)^(-days/365)` comes from two small tables (`exp(-c k)` for k below a block
/// size, and for multiples of the block), built once per rate, whenever they are
/// smaller than the flows, instead of one `exp` per flow.
pub(crate) struct DatedFlows {
    values: Vec<f64>,
    /// `t_i v_i`, the weights of the derivative.
    moments: Vec<f64>,
    /// `|v_i|` (the sum of the magnitudes of same-day flows once merged).
    magnitudes: Vec<f64>,
    times: Vec<f64>,
    t_min: f64,
    t_max: f64,
    table: Option<DayTable>,
}

struct DayTable {
    /// Per flow: `days_i - day_min`, split by `shift` into (block, offset in block).
    offsets: Vec<u32>,
    day_min: f64,
    shift: u32,
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
        // Day numbers (cheaper than subtracting dates one by one).
        let first = i64::from(first.num_days_from_ce());
        let days: Vec<i64> = dates.iter().map(|&d| i64::from(d.num_days_from_ce()) - first).collect();
        let day_min = days.iter().copied().min().unwrap_or(0);
        let day_max = days.iter().copied().max().unwrap_or(0);
        // A NaiveDate spans fewer than 2^28 days, so every offset fits a u32.
        let span = (day_max - day_min) as usize + 1;
        if span > values.len() {
            let mut flows = Self::with_times(values, days.iter().map(|&d| d as f64 / 365.0).collect());
            flows.table = day_table(&days, day_min, span, values.len());
            return flows;
        }
        // Dense: merge same-day flows, keeping the sum of their magnitudes.
        let mut merged = vec![0.0; span];
        let mut magnitudes = vec![0.0; span];
        for (&d, &v) in days.iter().zip(values) {
            let k = (d - day_min) as usize;
            merged[k] += v;
            magnitudes[k] += v.abs();
        }
        let mut kept: Vec<usize> = (0..span).filter(|&k| magnitudes[k] != 0.0).collect();
        if kept.is_empty() {
            // Every flow is zero: keep one day so that the sums are defined.
            kept.push(0);
        }
        let kept_days: Vec<i64> = kept.iter().map(|&k| day_min + k as i64).collect();
        let kept_values: Vec<f64> = kept.iter().map(|&k| merged[k]).collect();
        let mut flows = Self::with_times(&kept_values, kept_days.iter().map(|&d| d as f64 / 365.0).collect());
        flows.magnitudes = kept.iter().map(|&k| magnitudes[k]).collect();
        flows.table = day_table(&kept_days, day_min, span, kept.len());
        flows
    }

    /// Flows at arbitrary times in years.
    pub(crate) fn with_times(values: &[f64], times: Vec<f64>) -> Self {
        let moments = values.iter().zip(&times).map(|(v, t)| v * t).collect();
        let magnitudes = values.iter().map(|v| v.abs()).collect();
        let t_min = times.iter().copied().fold(f64::INFINITY, f64::min);
        let t_max = times.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        Self { values: values.to_vec(), moments, magnitudes, times, t_min, t_max, table: None }
    }

    /// The sums at `ln(1 + rate) = log_growth`.
    pub(crate) fn sums(&mut self, log_growth: f64) -> DatedSums {
        let mut value = [0.0; 4];
        let mut moment = [0.0; 4];
        let mut scale = [0.0; 4];
        let mut add = |lane: usize, e: f64, v: f64, m: f64, a: f64| {
            value[lane] += v * e;
            moment[lane] += m * e;
            scale[lane] += a * e;
        };
        let weights = self.values.iter().zip(&self.moments).zip(&self.magnitudes);
        if let Some(table) = &mut self.table {
            let per_day = log_growth / 365.0;
            let block = f64::from(1_u32 << table.shift);
            fill_exp(&mut table.low, 0.0, -per_day);
            fill_exp(&mut table.high, -table.day_min * per_day, -block * per_day);
            let (high, low) = (&table.high, &table.low);
            let mask = (1_u32 << table.shift) - 1;
            for (k, (&offset, ((&v, &m), &a))) in table.offsets.iter().zip(weights).enumerate() {
                let e = high[(offset >> table.shift) as usize] * low[(offset & mask) as usize];
                add(k % 4, e, v, m, a);
            }
        } else {
            for (k, (&t, ((&v, &m), &a))) in self.times.iter().zip(weights).enumerate() {
                add(k % 4, libm::exp(-t * log_growth), v, m, a);
            }
        }
        let sum = |a: [f64; 4]| (a[0] + a[1]) + (a[2] + a[3]);
        DatedSums { value: sum(value), moment: sum(moment), scale: sum(scale) }
    }

    /// The value at `s = ln(1 + rate)` times a positive factor that keeps every term at
    /// most `|v_i|`: the sign and roots of XNPV, finite for every finite `s`.
    pub(crate) fn scaled_value(&self, s: f64) -> f64 {
        let shift = if s >= 0.0 { self.t_min * s } else { self.t_max * s };
        self.times.iter().zip(&self.values).map(|(&t, &v)| v * libm::exp(shift - t * s)).sum()
    }
}

/// Power tables for flows on whole days, when they cost less than an `exp` per flow
/// (about 2 sqrt(span) multiplications, and one exp in 32, per rate).
fn day_table(days: &[i64], day_min: i64, span: usize, flows: usize) -> Option<DayTable> {
    let shift = (span as f64).sqrt().log2().ceil().max(0.0) as u32;
    let block = 1_usize << shift;
    let blocks = span.div_ceil(block);
    if block + blocks > 2 * flows {
        return None;
    }
    Some(DayTable {
        offsets: days.iter().map(|&d| (d - day_min) as u32).collect(),
        day_min: day_min as f64,
        shift,
        high: vec![0.0; blocks],
        low: vec![0.0; block],
    })
}

/// `out[k] = exp(start + k step)`, by multiplication, re-anchored with an exact `exp`
/// every 32 entries so the rounding error stays within a few dozen ulps. The chains of
/// the 32-entry runs advance together, so they overlap instead of forming one long
/// dependency chain.
fn fill_exp(out: &mut [f64], start: f64, step: f64) {
    const RUN: usize = 32;
    let ratio = libm::exp(step);
    for (run, chunk) in out.chunks_mut(RUN).enumerate() {
        chunk[0] = libm::exp(start + (run * RUN) as f64 * step);
    }
    for j in 1..RUN {
        for chunk in out.chunks_mut(RUN) {
            if j < chunk.len() {
                chunk[j] = chunk[j - 1] * ratio;
            }
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
            let d = libm::exp(-s);
            let plain = direct(&values, d);
            let scaled = scaled_npv(&values, s);
            assert_eq!(plain.signum(), scaled.signum(), "s {s}");
        }
    }

    #[test]
    fn merged_days_and_tables_match_direct_exponentials() {
        let start = NaiveDate::from_ymd_opt(2020, 3, 1).unwrap();
        // Dense (5000 flows on at most 4000 days: merged, tabled) and sparse (1000 flows
        // over up to 3000 days: tabled only), the first date in the middle of the span.
        for (n, span) in [(5000_u64, 4000_u64), (1000, 3000)] {
            let dates: Vec<NaiveDate> =
                (0..n).map(|i| start + chrono::Days::new((i * 7919 + span / 2) % span)).collect();
            let values: Vec<f64> =
                (0..n).map(|i| if i == 0 { -1e6 } else { 300.0 + f64::from((i % 13) as u32) - 6.0 }).collect();
            let mut fast = DatedFlows::actual_365(&values, &dates);
            assert!(fast.table.is_some());
            assert_eq!(fast.values.len() < values.len(), span < n);
            let times = dates.iter().map(|&d| (d - dates[0]).num_days() as f64 / 365.0).collect();
            let mut plain = DatedFlows::with_times(&values, times);
            for rate in [-0.5_f64, 0.0, 0.1, 3.0] {
                let (a, b) = (fast.sums(libm::log1p(rate)), plain.sums(libm::log1p(rate)));
                assert!((a.value - b.value).abs() <= 1e-13 * b.scale, "{n} {rate}");
                assert!((a.moment - b.moment).abs() <= 1e-12 * b.scale.max(b.moment.abs()), "{n} {rate}");
                assert!((a.scale - b.scale).abs() <= 1e-13 * b.scale, "{n} {rate}");
                let s = libm::log1p(rate);
                assert_eq!(fast.scaled_value(s).signum(), plain.scaled_value(s).signum());
            }
        }
    }
}
