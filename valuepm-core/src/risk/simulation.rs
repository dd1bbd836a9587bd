//! Seeded Monte Carlo simulation of a project's NPV, ROI, IRR and payback.
//!
//! Each uncertain input changes one part of the project model:
//!
//! | target | the sampled value | base (as planned) |
//! |---|---|---|
//! | `line_item` | multiplies every planned amount of the line item | 1 |
//! | `start_delay_months` | delays every flow of the line item by this many months | 0 |
//! | `discount_rate` | replaces the annual discount rate | the project's rate |
//! | `benefit_delay_months` | delays every benefit (line items and monetised KPIs) | 0 |
//! | `benefit_ramp_up_months` | ramps benefits up linearly: a benefit `m` months after the first planned benefit date is realised at `min(1, (m + 1) / R)` | 0 (no ramp) |
//! | `metric_monetisation` | money per unit of a KPI's planned improvement (`|target − baseline|`), realised as a benefit on the KPI's target date | the KPI's `monetisation` |
//! | `risk_impact` | the cost of a register risk when it occurs | its (residual) `cost_impact` |
//!
//! Negative delays and ramp-ups count as 0. A monetised KPI's value enters the simulation
//! only through a `metric_monetisation` input, so planned line items keep their meaning.
//! Open and mitigating risks of the register occur independently with their (residual)
//! probability and cost their (residual, or sampled) impact on their expected date; a
//! mitigating risk's mitigation cost is always spent; an occurred risk costs its impact.
//!
//! IRR and payback are simulated on request (`irr_and_payback`): each iteration then
//! builds its flow schedule. Their summaries cover the iterations where they exist; the
//! fractions without an IRR or never paying back are reported beside them.
//!
//! **Determinism.** Iterations run in chunks of [`CHUNK`]; chunk `c` draws everything from
//! stream `c` of the seed (see [`SampleStream`]): first each input's samples in input
//! order, then the Iman–Conover shuffle, then the risk events iteration by iteration
//! (one uniform per risk, then the impact when it occurs and has no input). Chunks are
//! independent of the thread that runs them and are concatenated in order, so a seed gives
//! bit-identical results for any thread count and on every platform (all transcendental
//! functions come from `libm`).
//!
//! **Progress and cancellation.** [`Project::simulate_with_progress`] calls its callback
//! on the calling thread after each chunk the calling thread completes, with the fraction
//! of chunks done; returning `false` cancels the run (an [`Error::Cancelled`]) within a
//! chunk's time on every thread.

use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use serde::{Deserialize, Serialize};

use super::correlation::CorrelationMatrix;
use super::distribution::{Distribution, SampleStream};
use super::summary::{percentile_sorted, probability_at_least, summarise, Summary};
use crate::error::{Error, Result};
use crate::finance::{irr, irr_of_times};
use crate::model::{payback_from_yearly_nets, Project, RiskStatus};

/// Iterations per chunk (one random stream each).
pub const CHUNK: usize = 10_000;
/// Largest number of iterations a simulation may run.
pub const MAX_ITERATIONS: u32 = 10_000_000;
/// Largest number of uncertain inputs.
pub const MAX_INPUTS: usize = 256;

/// What an uncertain input changes (see the module documentation).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "target", rename_all = "snake_case")]
pub enum InputTarget {
    /// Multiplies every planned amount of a line item (1 = as planned).
    LineItem {
        /// The line item.
        line_item_id: String,
    },
    /// Delays every flow of a line item by this many months (fractions allowed).
    StartDelayMonths {
        /// The line item.
        line_item_id: String,
    },
    /// The annual discount rate itself.
    DiscountRate,
    /// Delays every benefit by this many months (fractions allowed).
    BenefitDelayMonths,
    /// Months over which benefits ramp up linearly to their planned level.
    BenefitRampUpMonths,
    /// Money per unit of a KPI's planned improvement.
    MetricMonetisation {
        /// The KPI.
        metric_id: String,
    },
    /// The cost of a register risk when it occurs.
    RiskImpact {
        /// The risk.
        risk_id: String,
    },
}

/// An uncertain input.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UncertainInput {
    /// Display name (for sensitivity output).
    pub name: String,
    /// What it changes.
    #[serde(flatten)]
    pub target: InputTarget,
    /// Its distribution.
    pub distribution: Distribution,
}

/// What to simulate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimulationSpec {
    /// Number of iterations (2..=[`MAX_ITERATIONS`]).
    pub iterations: u32,
    /// Seed of the random streams.
    pub seed: u64,
    /// Uncertain inputs (at most [`MAX_INPUTS`]; one per target).
    #[serde(default)]
    pub inputs: Vec<UncertainInput>,
    /// Rank correlation between the inputs, in their order (identity when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub correlation: Option<CorrelationMatrix>,
    /// Whether the risk register's events are simulated.
    #[serde(default = "yes")]
    pub include_risk_events: bool,
    /// Confidence of the value at risk.
    #[serde(default = "default_confidence")]
    pub confidence: f64,
    /// ROI target for `probability_roi_at_least_target`.
    #[serde(default)]
    pub roi_target: f64,
    /// Histogram bins.
    #[serde(default = "default_bins")]
    pub histogram_bins: usize,
    /// Whether to compute the tornado and rank-correlation sensitivity (keeps every
    /// input sample in memory).
    #[serde(default)]
    pub sensitivity: bool,
    /// Whether to simulate IRR and payback too (each iteration builds its flow schedule).
    #[serde(default)]
    pub irr_and_payback: bool,
    /// Worker threads (default: the machine's parallelism; always 1 on WASM). The result does
    /// not depend on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threads: Option<usize>,
    /// Caps on the spec's size (a service can lower them to refuse large requests).
    #[serde(default)]
    pub limits: SimulationLimits,
}

/// Caps on a simulation's size, at most [`MAX_ITERATIONS`] and [`MAX_INPUTS`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SimulationLimits {
    /// Largest number of iterations accepted.
    #[serde(default = "max_iterations")]
    pub max_iterations: u32,
    /// Largest number of uncertain inputs accepted.
    #[serde(default = "max_inputs")]
    pub max_inputs: usize,
}

fn max_iterations() -> u32 {
    MAX_ITERATIONS
}
fn max_inputs() -> usize {
    MAX_INPUTS
}

impl Default for SimulationLimits {
    fn default() -> Self {
        SimulationLimits { max_iterations: MAX_ITERATIONS, max_inputs: MAX_INPUTS }
    }
}

impl SimulationSpec {
    /// A spec with the defaults: risk events on, 95% value at risk, ROI target 0, 30
    /// histogram bins, no sensitivity, no IRR or payback, the machine's threads.
    #[must_use]
    pub fn new(iterations: u32, seed: u64, inputs: Vec<UncertainInput>) -> Self {
        SimulationSpec {
            iterations,
            seed,
            inputs,
            correlation: None,
            include_risk_events: true,
            confidence: default_confidence(),
            roi_target: 0.0,
            histogram_bins: default_bins(),
            sensitivity: false,
            irr_and_payback: false,
            threads: None,
            limits: SimulationLimits::default(),
        }
    }
}

fn yes() -> bool {
    true
}
fn default_confidence() -> f64 {
    0.95
}
fn default_bins() -> usize {
    30
}

/// The simulated distributions of NPV, ROI and (on request) IRR and payback.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SimulationResult {
    /// Iterations run.
    pub iterations: u32,
    /// The seed.
    pub seed: u64,
    /// NPV (in the project's currency, not rounded).
    pub npv: Summary,
    /// ROI.
    pub roi: Summary,
    /// Fraction of iterations with ROI at or above the target.
    pub probability_roi_at_least_target: f64,
    /// IRR of the iterations that have one (when asked for and at least two have one).
    pub irr: Option<Summary>,
    /// Fraction of iterations without an IRR (when asked for).
    pub probability_irr_undefined: Option<f64>,
    /// Simple payback in years of the iterations that pay back (when asked for and at
    /// least two do).
    pub payback_years: Option<Summary>,
    /// Fraction of iterations that never pay back (when asked for).
    pub probability_no_payback: Option<f64>,
    /// Sensitivity of NPV to each input, largest swing first (empty unless asked for).
    pub sensitivity: Vec<InputSensitivity>,
}

/// How much one input moves NPV.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct InputSensitivity {
    /// The input's name.
    pub name: String,
    /// The input's 10th percentile (of its samples).
    pub p10: f64,
    /// Its 90th percentile.
    pub p90: f64,
    /// NPV with this input at its P10 and every other input at its base (as planned;
    /// risk events at their expected cost).
    pub npv_at_p10: f64,
    /// NPV with this input at its P90, the others at base.
    pub npv_at_p90: f64,
    /// |NPV at P90 − NPV at P10|: the tornado bar.
    pub swing: f64,
    /// Spearman rank correlation of the input's samples with the simulated NPV.
    pub spearman: f64,
}

/// Flows that move together: one line item with an input, all other benefits, all other
/// costs, or one monetised KPI.
struct Group {
    benefit: bool,
    /// Multiplier when no input sets it (1, or a KPI's money per unit).
    base: f64,
    /// `(time index, amount, months after the first planned benefit date)`, by time.
    flows: Vec<(usize, f64, f64)>,
    /// Whether the ramp-up applies (benefit line items, not KPIs).
    ramps: bool,
}

/// What an input does, resolved to the model's indices.
#[derive(Clone, Copy)]
enum Role {
    Scale(usize),
    Delay(usize),
    Rate,
    BenefitDelay,
    RampUp,
    PerUnit(usize),
    RiskImpact(usize),
}

/// A simulated risk event.
struct RiskEvent {
    probability: f64,
    impact: f64,
    fixed_cost: f64,
    time: usize,
    /// The input that samples its impact.
    impact_input: Option<usize>,
}

struct Model {
    /// Distinct flow and risk times in years from the start.
    times: Vec<f64>,
    /// The times in units of `step` months, when every time is a whole number of months
    /// (30E/360 schedules on the same day of the month): discount factors are then powers
    /// of one factor per step.
    grid: Option<(Vec<u32>, u32)>,
    groups: Vec<Group>,
    roles: Vec<Role>,
    risks: Vec<RiskEvent>,
    rate: f64,
    /// Whether any input changes the rate or the ramp-up (else each group's present value
    /// is fixed before any shift).
    varies_rate: bool,
    ramps: bool,
    /// Discount factors at the project's rate, and each group's present value at it.
    base_factors: Vec<f64>,
    base_pv: Vec<f64>,
    /// Each group's undiscounted total.
    totals: Vec<f64>,
    flow_outputs: bool,
}

impl Project {
    /// Runs a seeded Monte Carlo simulation of the project (see the module documentation).
    pub fn simulate(&self, spec: &SimulationSpec) -> Result<SimulationResult> {
        self.simulate_with_progress(spec, &mut |_| true)
    }

    /// [`Project::simulate`] reporting the fraction done to `progress` on the calling
    /// thread after each chunk it completes, ending with exactly one report of 1.0 (its
    /// answer is then ignored: the run is complete); `progress` returning `false` before
    /// that cancels the run with [`Error::Cancelled`].
    pub fn simulate_with_progress(
        &self,
        spec: &SimulationSpec,
        progress: &mut dyn FnMut(f64) -> bool,
    ) -> Result<SimulationResult> {
        let (model, chunks) = self.run_chunks(spec, progress)?;
        Self::collect(&model, spec, chunks)
    }

    /// The simulated NPV of each iteration, in order (for portfolio simulation).
    pub(crate) fn simulate_npvs(&self, spec: &SimulationSpec) -> Result<Vec<f64>> {
        let (_, chunks) = self.run_chunks(spec, &mut |_| true)?;
        Ok(chunks.into_iter().flat_map(|c| c.npv).collect())
    }

    /// Runs every chunk (in parallel), reporting progress; the chunks in order.
    fn run_chunks(&self, spec: &SimulationSpec, progress: &mut dyn FnMut(f64) -> bool) -> Result<(Model, Vec<Chunk>)> {
        let model = self.simulation_model(spec)?;
        let chunks = (spec.iterations as usize).div_ceil(CHUNK);
        let threads = spec
            .threads
            .unwrap_or_else(|| {
                if cfg!(target_family = "wasm") {
                    1
                } else {
                    std::thread::available_parallelism().map_or(1, usize::from)
                }
            })
            .clamp(1, chunks.max(1));
        // WASM has no threads: one, whatever was asked (the result is the same).
        let threads = if cfg!(target_family = "wasm") { 1 } else { threads };
        let streams = SampleStream::streams(spec.seed, chunks);
        let next = AtomicUsize::new(0);
        let done = AtomicUsize::new(0);
        let stop = AtomicBool::new(false);
        // Runs chunks until none is left or the run stops; `after` runs after each.
        let work = |after: &mut dyn FnMut() -> bool| -> Result<Vec<(usize, Chunk)>> {
            let mut mine = Vec::new();
            while !stop.load(Ordering::Relaxed) {
                let c = next.fetch_add(1, Ordering::Relaxed);
                if c >= chunks {
                    break;
                }
                let n = CHUNK.min(spec.iterations as usize - c * CHUNK);
                match simulate_chunk(&model, spec, streams[c].clone(), n) {
                    Ok(chunk) => mine.push((c, chunk)),
                    Err(e) => {
                        stop.store(true, Ordering::Relaxed);
                        return Err(e);
                    }
                }
                done.fetch_add(1, Ordering::Relaxed);
                if !after() {
                    stop.store(true, Ordering::Relaxed);
                    return Err(Error::Cancelled {
                        completed: (done.load(Ordering::Relaxed) * CHUNK).min(spec.iterations as usize),
                    });
                }
            }
            Ok(mine)
        };
        let mut reported = 0.0;
        let mut report = || {
            reported = done.load(Ordering::Relaxed) as f64 / chunks as f64;
            progress(reported)
        };
        let parts: Vec<Result<Vec<(usize, Chunk)>>> = std::thread::scope(|scope| {
            let work = &work;
            let handles: Vec<_> = (1..threads).map(|_| scope.spawn(move || work(&mut || true))).collect();
            // Should the caller's callback panic, the workers stop before their next chunk.
            let stop_on_unwind = StopOnDrop(&stop);
            let mut parts = vec![work(&mut report)];
            std::mem::forget(stop_on_unwind);
            for h in handles {
                // A worker's panic is a bug: pass it on as a panic.
                parts.push(h.join().unwrap_or_else(|payload| std::panic::resume_unwind(payload)));
            }
            parts
        });
        let mut indexed: Vec<(usize, Chunk)> = Vec::with_capacity(chunks);
        for part in parts {
            indexed.extend(part?);
        }
        indexed.sort_by_key(|(c, _)| *c);
        if reported < 1.0 {
            // The end, when the calling thread's last report came before other threads finished.
            progress(1.0);
        }
        Ok((model, indexed.into_iter().map(|(_, chunk)| chunk).collect()))
    }

    fn collect(model: &Model, spec: &SimulationSpec, chunks: Vec<Chunk>) -> Result<SimulationResult> {
        let n = spec.iterations as usize;
        let mut samples: Vec<Vec<f64>> = vec![Vec::new(); if spec.sensitivity { spec.inputs.len() } else { 0 }];
        let (mut npvs, mut rois) = (Vec::with_capacity(n), Vec::with_capacity(n));
        let (mut irrs, mut paybacks) = (Vec::new(), Vec::new());
        for chunk in chunks {
            for (all, part) in samples.iter_mut().zip(chunk.samples) {
                all.extend(part);
            }
            npvs.extend(chunk.npv);
            rois.extend(chunk.roi);
            irrs.extend(chunk.irr.into_iter().filter(|x| x.is_finite()));
            paybacks.extend(chunk.payback.into_iter().filter(|x| x.is_finite()));
        }
        let optional = |values: &[f64]| {
            if values.len() >= 2 {
                summarise(values, spec.confidence, spec.histogram_bins).map(Some)
            } else {
                Ok(None)
            }
        };
        let missing = |count: usize| spec.irr_and_payback.then(|| (n - count) as f64 / n as f64);
        Ok(SimulationResult {
            iterations: spec.iterations,
            seed: spec.seed,
            npv: summarise(&npvs, spec.confidence, spec.histogram_bins)?,
            probability_roi_at_least_target: probability_at_least(&rois, spec.roi_target),
            roi: summarise(&rois, spec.confidence, spec.histogram_bins)?,
            irr: optional(&irrs)?,
            probability_irr_undefined: missing(irrs.len()),
            payback_years: optional(&paybacks)?,
            probability_no_payback: missing(paybacks.len()),
            sensitivity: if spec.sensitivity { sensitivity(model, spec, &samples, &npvs)? } else { Vec::new() },
        })
    }

    fn simulation_model(&self, spec: &SimulationSpec) -> Result<Model> {
        let d = self.data();
        let limits = spec.limits;
        if limits.max_iterations > MAX_ITERATIONS {
            return Err(Error::validation(
                "limits.max_iterations",
                format!("{} is above the library's cap of {MAX_ITERATIONS}", limits.max_iterations),
            ));
        }
        if limits.max_inputs > MAX_INPUTS {
            return Err(Error::validation(
                "limits.max_inputs",
                format!("{} is above the library's cap of {MAX_INPUTS}", limits.max_inputs),
            ));
        }
        if !(2..=limits.max_iterations).contains(&spec.iterations) {
            return Err(Error::validation(
                "iterations",
                format!("{} must be 2..={} (limits.max_iterations)", spec.iterations, limits.max_iterations),
            ));
        }
        if spec.inputs.len() > limits.max_inputs {
            return Err(Error::validation(
                "inputs",
                format!("{} inputs; at most {} (limits.max_inputs)", spec.inputs.len(), limits.max_inputs),
            ));
        }
        if let Some(c) = &spec.correlation {
            if c.len() != spec.inputs.len() {
                return Err(Error::validation(
                    "correlation",
                    format!("is {0} × {0} for {1} inputs", c.len(), spec.inputs.len()),
                ));
            }
        }
        for (i, input) in spec.inputs.iter().enumerate() {
            input.distribution.validate().map_err(|e| e.at(&format!("inputs[{i}].distribution")))?;
            if let Some(k) = spec.inputs[..i].iter().position(|other| other.target == input.target) {
                return Err(Error::validation(
                    format!("inputs[{i}].target"),
                    format!("targets the same thing as inputs[{k}]; give one input per target"),
                ));
            }
        }
        let item_index = |id: &String| {
            d.line_items
                .iter()
                .position(|item| &item.id == id)
                .ok_or_else(|| Error::NotFound { what: "line item", id: id.clone() })
        };
        // Line items with an input get a group of their own; the rest share two.
        let mut item_group: Vec<Option<usize>> = vec![None; d.line_items.len()];
        let mut groups: Vec<Group> = Vec::new();
        for input in &spec.inputs {
            if let InputTarget::LineItem { line_item_id } | InputTarget::StartDelayMonths { line_item_id } =
                &input.target
            {
                let index = item_index(line_item_id)?;
                if item_group[index].is_none() {
                    item_group[index] = Some(groups.len());
                    let benefit = d.line_items[index].kind.is_benefit();
                    groups.push(Group { benefit, base: 1.0, flows: Vec::new(), ramps: benefit });
                }
            }
        }
        let (shared_benefits, shared_costs) = (groups.len(), groups.len() + 1);
        groups.push(Group { benefit: true, base: 1.0, flows: Vec::new(), ramps: true });
        groups.push(Group { benefit: false, base: 1.0, flows: Vec::new(), ramps: false });

        // (years, group, amount, months after the first benefit date), then times.
        let mut timed: Vec<(f64, usize, f64, f64)> = Vec::new();
        let first_benefit = d
            .line_items
            .iter()
            .filter(|item| item.kind.is_benefit())
            .filter_map(|item| item.planned_occurrences().ok()?.first().map(|o| o.0))
            .min();
        let months_after_first_benefit =
            |date| first_benefit.map_or(0.0, |first| d.day_count.year_fraction(first, date).max(0.0) * 12.0);
        for (index, item) in d.line_items.iter().enumerate() {
            let group =
                item_group[index].unwrap_or(if item.kind.is_benefit() { shared_benefits } else { shared_costs });
            for (date, amount) in item.planned_occurrences()? {
                let t = d.day_count.year_fraction(d.start_date, date);
                timed.push((t, group, amount.to_f64(), months_after_first_benefit(date)));
            }
        }
        let mut roles = Vec::with_capacity(spec.inputs.len());
        let mut risks = Vec::new();
        let mut risk_times = Vec::new();
        let mut risk_index: Vec<Option<usize>> = vec![None; d.risks.len()];
        if spec.include_risk_events {
            for (k, r) in d.risks.iter().enumerate() {
                let time = d.day_count.year_fraction(d.start_date, r.expected_date.unwrap_or(d.start_date));
                let (probability, impact, fixed_cost) = match r.status {
                    RiskStatus::Open => (r.probability, r.cost_impact.to_f64(), 0.0),
                    RiskStatus::Mitigating => (
                        r.residual_probability.unwrap_or(r.probability),
                        r.residual_cost_impact.unwrap_or(r.cost_impact).to_f64(),
                        r.mitigation_cost.to_f64(),
                    ),
                    RiskStatus::Occurred => (1.0, r.cost_impact.to_f64(), 0.0),
                    RiskStatus::Closed => continue,
                };
                risk_index[k] = Some(risks.len());
                risks.push(RiskEvent { probability, impact, fixed_cost, time: 0, impact_input: None });
                risk_times.push(time);
            }
        }
        for (i, input) in spec.inputs.iter().enumerate() {
            let role = match &input.target {
                InputTarget::LineItem { line_item_id } => {
                    Role::Scale(item_group[item_index(line_item_id)?].unwrap_or(0))
                }
                InputTarget::StartDelayMonths { line_item_id } => {
                    Role::Delay(item_group[item_index(line_item_id)?].unwrap_or(0))
                }
                InputTarget::DiscountRate => Role::Rate,
                InputTarget::BenefitDelayMonths => Role::BenefitDelay,
                InputTarget::BenefitRampUpMonths => Role::RampUp,
                InputTarget::MetricMonetisation { metric_id } => {
                    let metric = d
                        .metrics
                        .iter()
                        .find(|m| &m.id == metric_id)
                        .ok_or_else(|| Error::NotFound { what: "metric", id: metric_id.clone() })?;
                    let t = d.day_count.year_fraction(d.start_date, metric.target.date);
                    let improvement = (metric.target.value - metric.baseline.value).abs();
                    timed.push((t, groups.len(), improvement, 0.0));
                    let base = metric.monetisation.map_or(0.0, |m| m.to_f64());
                    groups.push(Group { benefit: true, base, flows: Vec::new(), ramps: false });
                    Role::PerUnit(groups.len() - 1)
                }
                InputTarget::RiskImpact { risk_id } => {
                    let k = d
                        .risks
                        .iter()
                        .position(|r| &r.id == risk_id)
                        .ok_or_else(|| Error::NotFound { what: "risk", id: risk_id.clone() })?;
                    let Some(r) = risk_index[k] else {
                        return Err(Error::validation(
                            format!("inputs[{i}].target"),
                            format!("risk `{risk_id}` is not simulated (closed, or include_risk_events is false)"),
                        ));
                    };
                    risks[r].impact_input = Some(i);
                    Role::RiskImpact(r)
                }
            };
            roles.push(role);
        }
        let mut times: Vec<f64> = timed.iter().map(|f| f.0).chain(risk_times.iter().copied()).collect();
        crate::sort::sort_floats(&mut times);
        times.dedup();
        let index_of = |t: f64| times.partition_point(|x| *x < t);
        for (t, group, amount, months) in timed {
            let flows = &mut groups[group].flows;
            let time = index_of(t);
            match flows.iter_mut().find(|f| f.0 == time) {
                Some(f) => f.1 += amount,
                None => flows.push((time, amount, months)),
            }
        }
        for g in &mut groups {
            g.flows.sort_by_key(|f| f.0);
        }
        for (r, t) in risks.iter_mut().zip(&risk_times) {
            r.time = index_of(*t);
        }
        let months = times
            .iter()
            .map(|t| {
                let m = libm::round(t * 12.0);
                ((t * 12.0 - m).abs() < 1e-9 && (0.0..=f64::from(u32::MAX)).contains(&m)).then_some(m as u32)
            })
            .collect::<Option<Vec<u32>>>();
        let grid = months.map(|months| {
            let step = months.iter().fold(0, |g, &m| gcd(g, m)).max(1);
            (months.iter().map(|m| m / step).collect(), step)
        });
        let totals = groups.iter().map(|g| g.flows.iter().map(|f| f.1).sum()).collect();
        let mut model = Model {
            times,
            grid,
            groups,
            roles,
            risks,
            rate: d.discount_rate,
            varies_rate: false,
            ramps: false,
            base_factors: Vec::new(),
            base_pv: Vec::new(),
            totals,
            flow_outputs: spec.irr_and_payback,
        };
        model.varies_rate = model.roles.iter().any(|r| matches!(r, Role::Rate));
        model.ramps = model.roles.iter().any(|r| matches!(r, Role::RampUp));
        let mut factors = vec![0.0; model.times.len()];
        model.discount_factors(model.rate, &mut factors)?;
        model.base_factors = factors;
        model.base_pv =
            model.groups.iter().map(|g| g.flows.iter().map(|f| f.1 * model.base_factors[f.0]).sum()).collect();
        Ok(model)
    }
}

fn gcd(a: u32, b: u32) -> u32 {
    if b == 0 {
        a
    } else {
        gcd(b, a % b)
    }
}

/// Sets the flag when dropped (on unwinding).
struct StopOnDrop<'a>(&'a AtomicBool);

impl Drop for StopOnDrop<'_> {
    fn drop(&mut self) {
        self.0.store(true, Ordering::Relaxed);
    }
}

/// Reusable per-thread buffers of [`Model::outcome`].
struct Scratch {
    multiplier: Vec<f64>,
    shift: Vec<f64>,
    factors: Vec<f64>,
    /// Flow schedule of the iteration (IRR and payback): `(years, amount)`.
    schedule: Vec<(f64, f64)>,
    nets: Vec<f64>,
}

/// One iteration's outcomes.
struct Outcome {
    npv: f64,
    roi: f64,
    irr: f64,
    payback: f64,
}

impl Model {
    fn scratch(&self) -> Scratch {
        Scratch {
            multiplier: vec![1.0; self.groups.len()],
            shift: vec![0.0; self.groups.len()],
            factors: self.base_factors.clone(),
            schedule: Vec::new(),
            nets: Vec::new(),
        }
    }

    /// Discount factors at `rate` for every time (into `factors`).
    fn discount_factors(&self, rate: f64, factors: &mut [f64]) -> Result<()> {
        if rate <= -1.0 || !rate.is_finite() {
            return Err(Error::NoSolution {
                function: "simulate",
                message: format!("a discount rate of {rate} is at or below -100%"),
            });
        }
        if let Some((units, step)) = &self.grid {
            let per_step =
                if *step == 12 { 1.0 / (1.0 + rate) } else { libm::exp(-libm::log1p(rate) * f64::from(*step) / 12.0) };
            let (mut power, mut at) = (1.0, 0);
            for (factor, &u) in factors.iter_mut().zip(units) {
                power *= powi(per_step, u - at);
                at = u;
                *factor = power;
            }
        } else {
            let log_growth = libm::log1p(rate);
            for (factor, t) in factors.iter_mut().zip(&self.times) {
                *factor = libm::exp(-t * log_growth);
            }
        }
        Ok(())
    }

    /// The base (as planned) value of input `j`.
    fn base_value(&self, j: usize) -> f64 {
        match self.roles[j] {
            Role::Scale(_) => 1.0,
            Role::Rate => self.rate,
            Role::Delay(_) | Role::BenefitDelay | Role::RampUp => 0.0,
            Role::PerUnit(g) => self.groups[g].base,
            Role::RiskImpact(r) => self.risks[r].impact,
        }
    }

    /// The outcomes with input `j` at `value(j)` and risk `r` costing `risk_spent(r, impact)`
    /// given its impact.
    fn outcome(
        &self,
        value: impl Fn(usize) -> f64,
        mut risk_spent: impl FnMut(&RiskEvent, f64) -> f64,
        scratch: &mut Scratch,
    ) -> Result<Outcome> {
        let Scratch { multiplier, shift, factors, schedule, nets } = scratch;
        for (m, g) in multiplier.iter_mut().zip(&self.groups) {
            *m = g.base;
        }
        shift.fill(0.0);
        let (mut rate, mut benefit_delay, mut ramp) = (self.rate, 0.0, 0.0);
        let mut impacts_set = false;
        for (j, role) in self.roles.iter().enumerate() {
            let x = value(j);
            match *role {
                Role::Scale(g) => multiplier[g] *= x,
                Role::PerUnit(g) => multiplier[g] = x,
                Role::Delay(g) => shift[g] = x.max(0.0),
                Role::Rate => rate = x,
                Role::BenefitDelay => benefit_delay = x.max(0.0),
                Role::RampUp => ramp = x,
                Role::RiskImpact(_) => impacts_set = true,
            }
        }
        if self.varies_rate {
            self.discount_factors(rate, factors)?;
        }
        // ln(1 + rate), for delays only.
        let mut log_growth = None;
        let mut delay_factor = |delay: f64| {
            if delay > 0.0 {
                libm::exp(-delay / 12.0 * *log_growth.get_or_insert_with(|| libm::log1p(rate)))
            } else {
                1.0
            }
        };
        let ramp_weight =
            |g: &Group, months: f64| if g.ramps && ramp > 1.0 { ((months + 1.0) / ramp).min(1.0) } else { 1.0 };
        let (mut npv, mut benefits, mut costs) = (0.0, 0.0, 0.0);
        for (k, g) in self.groups.iter().enumerate() {
            if g.flows.is_empty() {
                continue;
            }
            let delay = shift[k] + if g.benefit { benefit_delay } else { 0.0 };
            let (pv, total) = if self.ramps && g.ramps && ramp > 1.0 {
                g.flows.iter().fold((0.0, 0.0), |(pv, total), f| {
                    let a = f.1 * ramp_weight(g, f.2);
                    (pv + a * factors[f.0], total + a)
                })
            } else if self.varies_rate {
                (g.flows.iter().map(|f| f.1 * factors[f.0]).sum(), self.totals[k])
            } else {
                (self.base_pv[k], self.totals[k])
            };
            let delay_factor = delay_factor(delay);
            let m = multiplier[k];
            if g.benefit {
                npv += m * pv * delay_factor;
                benefits += m * total;
            } else {
                npv -= m * pv * delay_factor;
                costs += m * total;
            }
        }
        let mut spent_at = |r: &RiskEvent| {
            let impact = match (impacts_set, r.impact_input) {
                (true, Some(j)) => value(j),
                _ => r.impact,
            };
            risk_spent(r, impact)
        };
        if !self.flow_outputs {
            for r in &self.risks {
                let spent = spent_at(r);
                npv -= spent * factors[r.time];
                costs += spent;
            }
            let roi = if costs > 0.0 { (benefits - costs) / costs } else { 0.0 };
            return Ok(Outcome { npv, roi, irr: f64::NAN, payback: f64::INFINITY });
        }
        // The iteration's flow schedule, for IRR and payback.
        schedule.clear();
        for (k, g) in self.groups.iter().enumerate() {
            let delay = (shift[k] + if g.benefit { benefit_delay } else { 0.0 }) / 12.0;
            let sign = if g.benefit { multiplier[k] } else { -multiplier[k] };
            for f in &g.flows {
                let weight = if self.ramps { ramp_weight(g, f.2) } else { 1.0 };
                schedule.push((self.times[f.0] + delay, sign * f.1 * weight));
            }
        }
        for r in &self.risks {
            let spent = spent_at(r);
            npv -= spent * factors[r.time];
            costs += spent;
            schedule.push((self.times[r.time], -spent));
        }
        let roi = if costs > 0.0 { (benefits - costs) / costs } else { 0.0 };
        let shifted = shift.iter().any(|s| *s > 0.0) || benefit_delay > 0.0;
        // On the grid, the IRR of the flows per step; else of the flows at their times.
        let irr = if let (Some((units, step)), false) = (&self.grid, shifted) {
            nets.clear();
            nets.resize(units.last().map_or(0, |u| *u as usize + 1), 0.0);
            for (t, amount) in schedule.iter() {
                nets[units[self.times.partition_point(|x| x < t)] as usize] += amount;
            }
            irr(nets, None).map(|r| libm::pow(1.0 + r, 12.0 / f64::from(*step)) - 1.0)
        } else {
            let (times, amounts): (Vec<f64>, Vec<f64>) = schedule.iter().copied().unzip();
            irr_of_times(&amounts, &times, None)
        };
        // Net flow per year index (year k holds flows after year k − 1, up to year k).
        nets.clear();
        for (t, amount) in schedule.iter() {
            let year = libm::ceil(t - 1e-9).max(0.0) as usize;
            if nets.len() <= year {
                nets.resize(year + 1, 0.0);
            }
            nets[year] += amount;
        }
        Ok(Outcome {
            npv,
            roi,
            irr: irr.ok().filter(|r| r.is_finite()).unwrap_or(f64::NAN),
            payback: payback_from_yearly_nets(nets).unwrap_or(f64::INFINITY),
        })
    }
}

/// A chunk's results, one value per iteration (IRR `NaN` when undefined, payback `∞`
/// when never), and (when sensitivity is asked for) its input samples.
struct Chunk {
    npv: Vec<f64>,
    roi: Vec<f64>,
    irr: Vec<f64>,
    payback: Vec<f64>,
    samples: Vec<Vec<f64>>,
}

/// One chunk of `n` iterations drawn from `stream`.
fn simulate_chunk(model: &Model, spec: &SimulationSpec, mut stream: SampleStream, n: usize) -> Result<Chunk> {
    let mut samples: Vec<Vec<f64>> = spec
        .inputs
        .iter()
        .map(|input| {
            let mut column = vec![0.0; n];
            input.distribution.sample_into(&mut column, &mut stream);
            column
        })
        .collect();
    if let Some(c) = &spec.correlation {
        c.induce(&mut samples, &mut stream)?;
    }
    let mut scratch = model.scratch();
    let flows = model.flow_outputs;
    let mut chunk = Chunk {
        npv: Vec::with_capacity(n),
        roi: Vec::with_capacity(n),
        irr: Vec::with_capacity(if flows { n } else { 0 }),
        payback: Vec::with_capacity(if flows { n } else { 0 }),
        samples: Vec::new(),
    };
    // Iteration `it` reads row `it` of every input's column.
    #[allow(clippy::needless_range_loop)]
    for it in 0..n {
        let o = model.outcome(
            |j| samples[j][it],
            |r, impact| r.fixed_cost + if stream.uniform() < r.probability { impact } else { 0.0 },
            &mut scratch,
        )?;
        chunk.npv.push(o.npv);
        chunk.roi.push(o.roi);
        if flows {
            chunk.irr.push(o.irr);
            chunk.payback.push(o.payback);
        }
    }
    if spec.sensitivity {
        chunk.samples = samples;
    }
    Ok(chunk)
}

/// Tornado and rank-correlation sensitivity of NPV to each input.
fn sensitivity(
    model: &Model,
    spec: &SimulationSpec,
    samples: &[Vec<f64>],
    npvs: &[f64],
) -> Result<Vec<InputSensitivity>> {
    let npv_ranks = average_ranks(npvs);
    let mut scratch = model.scratch();
    let mut out = Vec::with_capacity(spec.inputs.len());
    for (j, input) in spec.inputs.iter().enumerate() {
        let mut sorted = samples[j].clone();
        crate::sort::sort_floats(&mut sorted);
        let (low, high) = (percentile_sorted(&sorted, 0.10), percentile_sorted(&sorted, 0.90));
        let mut at = |x: f64| {
            model
                .outcome(
                    |k| if k == j { x } else { model.base_value(k) },
                    |r, impact| r.fixed_cost + r.probability * impact,
                    &mut scratch,
                )
                .map(|o| o.npv)
        };
        let (npv_at_low, npv_at_high) = (at(low)?, at(high)?);
        out.push(InputSensitivity {
            name: input.name.clone(),
            p10: low,
            p90: high,
            npv_at_p10: npv_at_low,
            npv_at_p90: npv_at_high,
            swing: (npv_at_high - npv_at_low).abs(),
            spearman: pearson(&average_ranks(&samples[j]), &npv_ranks),
        });
    }
    let swings: Vec<f64> = out.iter().map(|s| s.swing).collect();
    Ok(crate::sort::permuted(out, &crate::sort::order_by_descending(&swings)))
}

/// Ranks from 1, ties sharing their average rank.
fn average_ranks(values: &[f64]) -> Vec<f64> {
    let order = crate::sort::order_by(values);
    let mut ranks = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        let rank = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            ranks[k] = rank;
        }
        i = j + 1;
    }
    ranks
}

/// Pearson correlation (0 when either side is constant).
fn pearson(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let (mut sab, mut saa, mut sbb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        sab += (x - ma) * (y - mb);
        saa += (x - ma) * (x - ma);
        sbb += (y - mb) * (y - mb);
    }
    if saa > 0.0 && sbb > 0.0 {
        sab / libm::sqrt(saa * sbb)
    } else {
        0.0
    }
}

/// `x^n` by binary exponentiation (plain IEEE multiplications: the same on every platform).
fn powi(mut x: f64, mut n: u32) -> f64 {
    let mut result = 1.0;
    while n > 0 {
        if n & 1 == 1 {
            result *= x;
        }
        x *= x;
        n >>= 1;
    }
    result
}
