//! Holt's linear and damped-trend exponential smoothing of an equally spaced series, with
//! parameters fitted by least squares and forecasts with prediction intervals.
//!
//! **Model** (Holt 1957; the damped trend of *Forecasting Trends in Time Series*, Management
//! Science, 1985; the equations and parameter bounds of statsmodels' `Holt(y, damped_trend=…,
//! initialization_method="estimated")`). With level `l`, trend `b`, `φ = 1` for the linear
//! trend and starting states `l₀ = initial_level`, `b₀ = initial_trend`, for `t = 1 … n`
//! (observations `y₁ … yₙ`):
//!
//! - one-step-ahead forecast `ŷₜ = lₜ₋₁ + φ bₜ₋₁` (the fitted values);
//! - `lₜ = α yₜ + (1 − α)(lₜ₋₁ + φ bₜ₋₁)`;
//! - `bₜ = β (lₜ − lₜ₋₁) + (1 − β) φ bₜ₋₁`;
//! - `h`-step forecast `ŷₙ₊ₕ = lₙ + (φ + φ² + … + φʰ) bₙ`.
//!
//! **Fit.** `α, β, φ, l₀, b₀` minimise the sum of squared one-step errors
//! `SSE = Σ (yₜ − ŷₜ)²` over statsmodels' bounds: `α ∈ [√ε, 1 − √ε]` (ε the `f64` machine
//! epsilon), `0 ≤ β ≤ α`, `φ ∈ [0.8, 0.995]` when damped, `l₀`, `b₀` free. The one-step
//! errors are linear in `(l₀, b₀)`, so for given `(α, β, φ)` the best `(l₀, b₀)` is a 2 × 2
//! linear least-squares solve; the remaining 2 (linear) or 3 (damped) bounded parameters
//! are searched on a fixed grid, then by Nelder–Mead (clamped to the bounds) from the two
//! best grid points, and the better end point is polished by a restarted Nelder–Mead. The
//! search is deterministic.
//!
//! **Prediction intervals** are those of the equivalent additive-error state space model
//! ETS(A,A,N) / ETS(A,Ad,N) (Hyndman, Koehler, Ord and Snyder, *Forecasting with
//! Exponential Smoothing*, 2008, Table 6.1, class 1; as statsmodels' `ETSModel` computes
//! them): with `β* = α β`, `φⱼ = φ + … + φʲ` and `cⱼ = α + β* φⱼ`, the `h`-step forecast
//! variance is `σ² (1 + Σⱼ₌₁ʰ⁻¹ cⱼ²)`, `σ² = SSE / n`, and the interval is
//! `ŷₙ₊ₕ ± z σₕ`, `z` the standard normal quantile of `(1 + confidence) / 2`.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::risk::normal_quantile;

/// The smallest and largest smoothing level `α` a fit considers: `√ε` and `1 − √ε`.
pub const ALPHA_BOUNDS: (f64, f64) = (1.490_116_119_384_765_6e-8, 1.0 - 1.490_116_119_384_765_6e-8);

/// The range of the damping factor `φ` a damped fit considers (statsmodels' default).
pub const PHI_BOUNDS: (f64, f64) = (0.8, 0.995);

/// The longest forecast horizon accepted, in steps.
pub const MAX_HORIZON: usize = 10_000;

/// What to forecast with [`holt_forecast`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct HoltSpec {
    /// Fit a damped trend (`φ` estimated in [`PHI_BOUNDS`]) instead of a linear one.
    /// Default `false`.
    pub damped: bool,
    /// Number of steps to forecast, 1 to [`MAX_HORIZON`]. Default 12.
    pub horizon: usize,
    /// Confidence level of the prediction intervals, in (0, 1). Default 0.95.
    pub confidence: f64,
    /// A value whose first crossing by the forecast is dated in
    /// [`HoltForecast::target_reached`]. Default none.
    pub target: Option<f64>,
}

impl Default for HoltSpec {
    fn default() -> Self {
        Self { damped: false, horizon: 12, confidence: 0.95, target: None }
    }
}

/// A Holt model fitted to (or set on) a series: its parameters, fit and final states.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HoltModel {
    /// Whether the trend is damped.
    pub damped: bool,
    /// Smoothing level `α`.
    pub alpha: f64,
    /// Smoothing trend `β` (Holt's form; the ETS trend smoothing is `α β`).
    pub beta: f64,
    /// Damping factor `φ`, 1 for a linear trend.
    pub phi: f64,
    /// Level before the first observation, `l₀`.
    pub initial_level: f64,
    /// Trend before the first observation, `b₀`.
    pub initial_trend: f64,
    /// Sum of squared one-step-ahead errors.
    pub sse: f64,
    /// Number of observations.
    pub n: usize,
    /// One-step-ahead forecasts `ŷ₁ … ŷₙ` of the observations.
    pub fitted: Vec<f64>,
    /// Level after the last observation, `lₙ`.
    pub last_level: f64,
    /// Trend after the last observation, `bₙ`.
    pub last_trend: f64,
}

/// One step of a forecast without dates, from [`HoltModel::forecast`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HoltStep {
    /// Steps after the last observation, from 1.
    pub step: usize,
    /// The point forecast.
    pub value: f64,
    /// Lower end of the prediction interval.
    pub lower: f64,
    /// Upper end of the prediction interval.
    pub upper: f64,
}

/// One dated step of a forecast.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ForecastPoint {
    /// Steps after the last observation, from 1.
    pub step: usize,
    /// The last date plus `round(step × step_days)` days.
    pub date: NaiveDate,
    /// The point forecast.
    pub value: f64,
    /// Lower end of the prediction interval.
    pub lower: f64,
    /// Upper end of the prediction interval.
    pub upper: f64,
}

/// A Holt fit of a dated series and its forecast, from [`holt_forecast`].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct HoltForecast {
    /// Whether the trend is damped.
    pub damped: bool,
    /// Smoothing level `α`.
    pub alpha: f64,
    /// Smoothing trend `β` (Holt's form).
    pub beta: f64,
    /// Damping factor `φ`, 1 for a linear trend.
    pub phi: f64,
    /// Level before the first observation.
    pub initial_level: f64,
    /// Trend per step before the first observation.
    pub initial_trend: f64,
    /// Level after the last observation.
    pub last_level: f64,
    /// Trend per step after the last observation.
    pub last_trend: f64,
    /// Sum of squared one-step-ahead errors.
    pub sse: f64,
    /// Number of observations.
    pub n: usize,
    /// Mean spacing of the dates in days, `(last − first) / (n − 1)`: one step.
    pub step_days: f64,
    /// One-step-ahead forecasts of the observations, in date order.
    pub fitted: Vec<f64>,
    /// Confidence level of the prediction intervals.
    pub confidence: f64,
    /// The forecast, steps 1 to the horizon.
    pub forecast: Vec<ForecastPoint>,
    /// The first date on which the forecast reaches the target: the path starts at the
    /// last level on the last date (step 0) and is interpolated linearly between steps,
    /// towards the target (crossing it from below when the last level is below the target,
    /// from above otherwise); step `s` (fractional) falls `round(s × step_days)` days after
    /// the last date. The last date itself when the last level equals the target; `None`
    /// when there is no target or the path does not reach it within the horizon.
    pub target_reached: Option<NaiveDate>,
}

/// Fits a Holt linear (`damped = false`) or damped-trend model to equally spaced `values`
/// by least squares (see the module documentation). Needs at least 4 values, 5 when
/// damped.
pub fn holt_fit(values: &[f64], damped: bool) -> Result<HoltModel> {
    const F: &str = "holt_fit";
    check_values(F, values, damped)?;
    let (alpha, beta, phi) = optimise(values, damped).ok_or_else(|| Error::NoConvergence {
        function: F,
        message: "Nelder-Mead over (alpha, beta, phi) found no finite sum of squared errors".to_owned(),
    })?;
    let mut scratch = Scratch::new(values.len());
    let (_, l0, b0) = scratch.profile(values, alpha, beta, phi);
    let model = smooth(values, damped, alpha, beta, phi, l0, b0);
    if model.sse.is_finite() && model.last_level.is_finite() && model.last_trend.is_finite() {
        Ok(model)
    } else {
        Err(Error::NoSolution { function: F, message: "the smoothed states overflow".to_owned() })
    }
}

/// Fits a Holt model to a dated series (taken in date order, one step per mean date
/// spacing) and forecasts `spec.horizon` steps with prediction intervals and, when
/// `spec.target` is set, the date the forecast reaches it.
pub fn holt_forecast(dates: &[NaiveDate], values: &[f64], spec: &HoltSpec) -> Result<HoltForecast> {
    const F: &str = "holt_forecast";
    if dates.len() != values.len() {
        return Err(Error::InvalidArgument {
            function: F,
            argument: "dates",
            message: format!("{} dates for {} values", dates.len(), values.len()),
        });
    }
    check_values(F, values, spec.damped)?;
    check_horizon(F, spec.horizon, spec.confidence)?;
    let mut order: Vec<usize> = (0..dates.len()).collect();
    order.sort_by_key(|&i| dates[i]);
    if let Some(pair) = order.windows(2).find(|pair| dates[pair[0]] == dates[pair[1]]) {
        let (i, j) = (pair[0].min(pair[1]), pair[0].max(pair[1]));
        return Err(Error::InvalidArgument {
            function: F,
            argument: "dates",
            message: format!("dates[{i}] and dates[{j}] are both {}", dates[i]),
        });
    }
    let sorted: Vec<f64> = order.iter().map(|&i| values[i]).collect();
    let first = dates[order[0]];
    let last = dates[order[order.len() - 1]];
    let step_days = (last - first).num_days() as f64 / (values.len() - 1) as f64;
    let model = holt_fit(&sorted, spec.damped)?;
    model.forecast_dated(last, step_days, spec.horizon, spec.confidence, spec.target)
}

impl HoltModel {
    /// The model with the given parameters on `values` (no fitting): `phi` `None` for a
    /// linear trend, `Some(φ)` with `φ` in (0, 1] for a damped one; `alpha` and `beta` in
    /// [0, 1]. Needs at least 2 values.
    pub fn with_parameters(
        values: &[f64],
        alpha: f64,
        beta: f64,
        phi: Option<f64>,
        initial_level: f64,
        initial_trend: f64,
    ) -> Result<Self> {
        const F: &str = "HoltModel::with_parameters";
        if values.len() < 2 {
            return Err(Error::InvalidArgument {
                function: F,
                argument: "values",
                message: format!("needs at least 2 values, got {}", values.len()),
            });
        }
        check_finite(F, values)?;
        for (argument, value) in [("alpha", alpha), ("beta", beta)] {
            if !(0.0..=1.0).contains(&value) {
                return Err(Error::InvalidArgument {
                    function: F,
                    argument,
                    message: format!("{value} is not in [0, 1]"),
                });
            }
        }
        if let Some(phi) = phi {
            if !(phi > 0.0 && phi <= 1.0) {
                return Err(Error::InvalidArgument {
                    function: F,
                    argument: "phi",
                    message: format!("{phi} is not in (0, 1]"),
                });
            }
        }
        for (argument, value) in [("initial_level", initial_level), ("initial_trend", initial_trend)] {
            if !value.is_finite() {
                return Err(Error::InvalidArgument {
                    function: F,
                    argument,
                    message: format!("{value} is not finite"),
                });
            }
        }
        let model = smooth(values, phi.is_some(), alpha, beta, phi.unwrap_or(1.0), initial_level, initial_trend);
        if model.sse.is_finite() && model.last_level.is_finite() && model.last_trend.is_finite() {
            Ok(model)
        } else {
            Err(Error::NoSolution { function: F, message: "the smoothed states overflow".to_owned() })
        }
    }

    /// Forecasts steps 1 to `horizon` (at most [`MAX_HORIZON`]) with prediction intervals
    /// at `confidence` in (0, 1).
    pub fn forecast(&self, horizon: usize, confidence: f64) -> Result<Vec<HoltStep>> {
        const F: &str = "HoltModel::forecast";
        check_horizon(F, horizon, confidence)?;
        let z = normal_quantile(0.5 + confidence / 2.0);
        let sigma2 = self.sse / self.n as f64;
        let beta_star = self.alpha * self.beta;
        let (mut phi_power, mut phi_sum, mut relative_variance) = (1.0, 0.0, 1.0);
        let mut steps = Vec::with_capacity(horizon);
        for step in 1..=horizon {
            if step > 1 {
                // c_{h-1} = α + β* (φ + … + φ^{h-1}), phi_sum holding the sum to h − 1.
                let c = self.alpha + beta_star * phi_sum;
                relative_variance += c * c;
            }
            phi_power *= self.phi;
            phi_sum += phi_power;
            let value = self.last_level + phi_sum * self.last_trend;
            let half_width = z * libm::sqrt(sigma2 * relative_variance);
            if !(value.is_finite() && half_width.is_finite()) {
                return Err(Error::NoSolution {
                    function: F,
                    message: format!("the forecast at step {step} overflows"),
                });
            }
            steps.push(HoltStep { step, value, lower: value - half_width, upper: value + half_width });
        }
        Ok(steps)
    }

    /// The (fractional) step at which the forecast path first reaches `target` within
    /// `horizon` steps, as [`HoltForecast::target_reached`] describes: 0 when the last level
    /// equals the target, `None` when the path does not reach it.
    pub fn target_step(&self, target: f64, horizon: usize) -> Result<Option<f64>> {
        const F: &str = "HoltModel::target_step";
        if !target.is_finite() {
            return Err(Error::InvalidArgument {
                function: F,
                argument: "target",
                message: format!("{target} is not finite"),
            });
        }
        check_horizon(F, horizon, 0.5)?;
        if self.last_level == target {
            return Ok(Some(0.0));
        }
        let rising = target > self.last_level;
        let (mut previous, mut phi_power, mut phi_sum) = (self.last_level, 1.0, 0.0);
        for step in 1..=horizon {
            phi_power *= self.phi;
            phi_sum += phi_power;
            let value = self.last_level + phi_sum * self.last_trend;
            if (rising && value >= target) || (!rising && value <= target) {
                return Ok(Some((step - 1) as f64 + (target - previous) / (value - previous)));
            }
            previous = value;
        }
        Ok(None)
    }

    /// The forecast of [`HoltModel::forecast`] dated from `last_date` (the date of the last
    /// observation) in steps of `step_days` days, with the target date when `target` is set.
    pub fn forecast_dated(
        &self,
        last_date: NaiveDate,
        step_days: f64,
        horizon: usize,
        confidence: f64,
        target: Option<f64>,
    ) -> Result<HoltForecast> {
        const F: &str = "HoltModel::forecast_dated";
        if !(step_days.is_finite() && step_days > 0.0) {
            return Err(Error::InvalidArgument {
                function: F,
                argument: "step_days",
                message: format!("{step_days} must be positive"),
            });
        }
        let date_at = |steps: f64| -> Result<NaiveDate> {
            let days = libm::round(steps * step_days);
            (days < 1e7).then(|| last_date.checked_add_days(Days::new(days as u64))).flatten().ok_or_else(|| {
                Error::InvalidArgument {
                    function: F,
                    argument: "horizon",
                    message: format!(
                        "{steps} steps of {step_days} days after {last_date} is past the last date supported"
                    ),
                }
            })
        };
        let forecast = self
            .forecast(horizon, confidence)?
            .into_iter()
            .map(|s| {
                Ok(ForecastPoint {
                    step: s.step,
                    date: date_at(s.step as f64)?,
                    value: s.value,
                    lower: s.lower,
                    upper: s.upper,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let target_reached = match target {
            Some(target) => self.target_step(target, horizon)?.map(date_at).transpose()?,
            None => None,
        };
        Ok(HoltForecast {
            damped: self.damped,
            alpha: self.alpha,
            beta: self.beta,
            phi: self.phi,
            initial_level: self.initial_level,
            initial_trend: self.initial_trend,
            last_level: self.last_level,
            last_trend: self.last_trend,
            sse: self.sse,
            n: self.n,
            step_days,
            fitted: self.fitted.clone(),
            confidence,
            forecast,
            target_reached,
        })
    }
}

fn check_finite(function: &'static str, values: &[f64]) -> Result<()> {
    match values.iter().position(|v| !v.is_finite()) {
        Some(i) => Err(Error::InvalidArgument {
            function,
            argument: "values",
            message: format!("values[{i}] = {} is not finite", values[i]),
        }),
        None => Ok(()),
    }
}

fn check_values(function: &'static str, values: &[f64], damped: bool) -> Result<()> {
    let minimum = if damped { 5 } else { 4 };
    if values.len() < minimum {
        return Err(Error::InvalidArgument {
            function,
            argument: "values",
            message: format!(
                "a {} trend needs at least {minimum} values, got {}",
                if damped { "damped" } else { "linear" },
                values.len()
            ),
        });
    }
    check_finite(function, values)
}

fn check_horizon(function: &'static str, horizon: usize, confidence: f64) -> Result<()> {
    if !(1..=MAX_HORIZON).contains(&horizon) {
        return Err(Error::InvalidArgument {
            function,
            argument: "horizon",
            message: format!("{horizon} is not between 1 and {MAX_HORIZON}"),
        });
    }
    if !(confidence > 0.0 && confidence < 1.0) {
        return Err(Error::InvalidArgument {
            function,
            argument: "confidence",
            message: format!("{confidence} must be between 0 and 1"),
        });
    }
    Ok(())
}

/// Runs the smoothing equations from `(l0, b0)` and collects the fit and final states.
fn smooth(values: &[f64], damped: bool, alpha: f64, beta: f64, phi: f64, l0: f64, b0: f64) -> HoltModel {
    let (mut level, mut trend, mut sse) = (l0, b0, 0.0);
    let mut fitted = Vec::with_capacity(values.len());
    for &y in values {
        let prediction = level + phi * trend;
        fitted.push(prediction);
        sse += (y - prediction) * (y - prediction);
        let next = alpha * y + (1.0 - alpha) * prediction;
        trend = beta * (next - level) + (1.0 - beta) * phi * trend;
        level = next;
    }
    HoltModel {
        damped,
        alpha,
        beta,
        phi,
        initial_level: l0,
        initial_trend: b0,
        sse,
        n: values.len(),
        fitted,
        last_level: level,
        last_trend: trend,
    }
}

/// Buffers for the profiled sum of squares: the one-step errors from zero initial states
/// (`r`) and the one-step forecasts' responses to a unit initial level (`u`) and trend (`v`).
struct Scratch {
    r: Vec<f64>,
    u: Vec<f64>,
    v: Vec<f64>,
}

impl Scratch {
    fn new(n: usize) -> Self {
        Self { r: vec![0.0; n], u: vec![0.0; n], v: vec![0.0; n] }
    }

    /// The least SSE over `(l0, b0)` at `(alpha, beta, phi)`, and that `(l0, b0)`. The
    /// errors are `r − l0 u − b0 v` since the equations are linear in the states.
    fn profile(&mut self, y: &[f64], alpha: f64, beta: f64, phi: f64) -> (f64, f64, f64) {
        // Error-correction form: l' = ŷ + α e, b' = φ b + α β e, ŷ' = l' + φ b', with
        // e = y − ŷ for the data part and e = −ŷ for the unit responses (no data).
        let ab = alpha * beta;
        let (mut pd, mut bd, mut pu, mut bu, mut pv, mut bv) = (0.0, 0.0, 1.0, 0.0, phi, 1.0);
        let (mut suu, mut suv, mut svv, mut sru, mut srv) = (0.0, 0.0, 0.0, 0.0, 0.0);
        for (i, &yi) in y.iter().enumerate() {
            let r = yi - pd;
            self.r[i] = r;
            self.u[i] = pu;
            self.v[i] = pv;
            suu += pu * pu;
            suv += pu * pv;
            svv += pv * pv;
            sru += r * pu;
            srv += r * pv;
            bd = phi * bd + ab * r;
            pd = pd + alpha * r + phi * bd;
            bu = phi * bu - ab * pu;
            pu = pu - alpha * pu + phi * bu;
            bv = phi * bv - ab * pv;
            pv = pv - alpha * pv + phi * bv;
        }
        let det = suu * svv - suv * suv;
        let (l0, b0) = if det > 1e-12 * suu * svv {
            ((sru * svv - srv * suv) / det, (srv * suu - sru * suv) / det)
        } else {
            (sru / suu, 0.0)
        };
        let sse = self.r.iter().zip(&self.u).zip(&self.v).map(|((r, u), v)| (r - l0 * u - b0 * v).powi(2)).sum();
        (sse, l0, b0)
    }
}

/// The parameters `(α, β, φ)` from a point `x` of the unit cube: `α` across its bounds,
/// `β = x₁ α`, `φ` across [`PHI_BOUNDS`] (1 when not damped).
fn parameters(x: &[f64; 3], damped: bool) -> (f64, f64, f64) {
    let alpha = ALPHA_BOUNDS.0 + x[0] * (ALPHA_BOUNDS.1 - ALPHA_BOUNDS.0);
    let phi = if damped { PHI_BOUNDS.0 + x[2] * (PHI_BOUNDS.1 - PHI_BOUNDS.0) } else { 1.0 };
    (alpha, x[1] * alpha, phi)
}

/// The least-squares `(α, β, φ)`, or `None` when no finite SSE was found.
fn optimise(y: &[f64], damped: bool) -> Option<(f64, f64, f64)> {
    const ALPHA_GRID: [f64; 7] = [0.02, 0.15, 0.3, 0.5, 0.7, 0.85, 0.98];
    const BETA_GRID: [f64; 5] = [0.02, 0.15, 0.4, 0.7, 0.98];
    const PHI_GRID: [f64; 2] = [0.2, 0.8];
    let dims = if damped { 3 } else { 2 };
    let mut scratch = Scratch::new(y.len());
    let mut objective = |x: &[f64; 3]| {
        let (alpha, beta, phi) = parameters(x, damped);
        let sse = scratch.profile(y, alpha, beta, phi).0;
        if sse.is_finite() {
            sse
        } else {
            f64::INFINITY
        }
    };
    let phi_grid: &[f64] = if damped { &PHI_GRID } else { &[0.5] };
    let mut grid: Vec<([f64; 3], f64)> = Vec::with_capacity(ALPHA_GRID.len() * BETA_GRID.len() * phi_grid.len());
    for &a in &ALPHA_GRID {
        for &b in &BETA_GRID {
            for &p in phi_grid {
                let x = [a, b, p];
                grid.push((x, objective(&x)));
            }
        }
    }
    sort_by_objective(&mut grid);
    let mean = y.iter().sum::<f64>() / y.len() as f64;
    let scale = y.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>();
    let f_tol = 1e-15 * scale + f64::MIN_POSITIVE;
    // Explore from the two best grid points with a loose tolerance, then polish the better
    // end point with a fresh, smaller simplex.
    let mut best: Option<([f64; 3], f64)> = None;
    for start in grid.iter().take(2) {
        let (x, f) = nelder_mead(&mut objective, start.0, dims, 0.1, 1e-8, 1e-3, f_tol);
        if f.is_finite() && best.is_none_or(|b| f < b.1) {
            best = Some((x, f));
        }
    }
    if let Some((x, f)) = best {
        let (x2, f2) = nelder_mead(&mut objective, x, dims, 0.02, 1e-13, 1e-6, f_tol);
        if f2 < f {
            best = Some((x2, f2));
        }
    }
    best.map(|(x, _)| parameters(&x, damped))
}

/// Nelder–Mead (reflection 1, expansion 2, contraction ½, shrink ½) over the first `dims`
/// coordinates of the unit cube, every trial point clamped into it. Stops when the simplex
/// is narrower than 1e-10, or when its values spread less than `f_tol + f_rel |f|` and it
/// is narrower than `x_tol`.
fn nelder_mead(
    f: &mut impl FnMut(&[f64; 3]) -> f64,
    start: [f64; 3],
    dims: usize,
    step: f64,
    f_rel: f64,
    x_tol: f64,
    f_tol: f64,
) -> ([f64; 3], f64) {
    const MAX_EVALUATIONS: usize = 400;
    let clamp = |mut x: [f64; 3]| {
        for c in &mut x[..dims] {
            *c = c.clamp(0.0, 1.0);
        }
        x
    };
    let mut simplex: Vec<([f64; 3], f64)> = Vec::with_capacity(dims + 1);
    let start = clamp(start);
    simplex.push((start, f(&start)));
    for k in 0..dims {
        let mut x = start;
        x[k] = if x[k] + step <= 1.0 { x[k] + step } else { x[k] - step };
        simplex.push((x, f(&x)));
    }
    let mut evaluations = dims + 1;
    let along = |from: &[f64; 3], to: &[f64; 3], t: f64| {
        let mut x = *from;
        for k in 0..dims {
            x[k] = from[k] + t * (to[k] - from[k]);
        }
        clamp(x)
    };
    while evaluations < MAX_EVALUATIONS {
        sort_by_objective(&mut simplex);
        let (best, worst) = (simplex[0], simplex[dims]);
        let size =
            simplex[1..].iter().flat_map(|(x, _)| (0..dims).map(move |k| (x[k] - best.0[k]).abs())).fold(0.0, f64::max);
        if size <= 1e-10 || (worst.1 - best.1 <= f_tol + f_rel * best.1.abs() && size <= x_tol) {
            break;
        }
        let mut centroid = [0.0; 3];
        for (x, _) in &simplex[..dims] {
            for k in 0..dims {
                centroid[k] += x[k] / dims as f64;
            }
        }
        let reflected = along(&worst.0, &centroid, 2.0);
        let fr = f(&reflected);
        evaluations += 1;
        if fr < best.1 {
            let expanded = along(&worst.0, &centroid, 3.0);
            let fe = f(&expanded);
            evaluations += 1;
            simplex[dims] = if fe < fr { (expanded, fe) } else { (reflected, fr) };
        } else if fr < simplex[dims - 1].1 {
            simplex[dims] = (reflected, fr);
        } else {
            let contracted =
                if fr < worst.1 { along(&worst.0, &centroid, 1.5) } else { along(&worst.0, &centroid, 0.5) };
            let fc = f(&contracted);
            evaluations += 1;
            if fc < fr.min(worst.1) {
                simplex[dims] = (contracted, fc);
            } else {
                for vertex in &mut simplex[1..] {
                    let x = along(&best.0, &vertex.0, 0.5);
                    *vertex = (x, f(&x));
                }
                evaluations += dims;
            }
        }
    }
    simplex.into_iter().min_by(|a, b| a.1.total_cmp(&b.1)).unwrap_or((start, f64::INFINITY))
}

/// Sorts points by objective ascending, stably (the grid and the simplex share it).
fn sort_by_objective(points: &mut [([f64; 3], f64)]) {
    points.sort_by(|a, b| a.1.total_cmp(&b.1));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_matches_direct_smoothing() {
        let y = [3.0, 4.5, 4.9, 6.2, 7.7, 7.9, 9.4, 10.1];
        let mut scratch = Scratch::new(y.len());
        let (sse, l0, b0) = scratch.profile(&y, 0.4, 0.2, 0.9);
        let direct = smooth(&y, true, 0.4, 0.2, 0.9, l0, b0);
        assert!((sse - direct.sse).abs() <= 1e-10 * direct.sse);
        // (l0, b0) is a minimum: nudging either raises the SSE.
        for (dl, db) in [(1e-3, 0.0), (-1e-3, 0.0), (0.0, 1e-3), (0.0, -1e-3)] {
            assert!(smooth(&y, true, 0.4, 0.2, 0.9, l0 + dl, b0 + db).sse > direct.sse);
        }
    }
}
