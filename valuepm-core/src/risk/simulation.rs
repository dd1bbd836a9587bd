//! Seeded Monte Carlo simulation of a project's NPV and ROI.
//!
//! Each uncertain input scales or replaces one part of the project model: a line item's
//! planned amounts (a multiplier, 1 = as planned), the discount rate (the rate itself),
//! or a delay of every benefit (in months). Open and mitigating risks of the register
//! occur independently with their (residual) probability and cost their (residual)
//! impact on their expected date; a mitigating risk's mitigation cost is always spent.
//!
//! **Determinism.** Iterations run in chunks of [`CHUNK`]; chunk `c` draws everything from
//! [`SampleStream::new`]`(seed, c)`: first each input's samples in input order, then the
//! Iman–Conover shuffle, then the risk events iteration by iteration. Chunks are
//! independent of the thread that runs them and are concatenated in order, so a seed gives
//! bit-identical results for any thread count and on every platform (all transcendental
//! functions come from `libm`).

use serde::{Deserialize, Serialize};

use super::correlation::CorrelationMatrix;
use super::distribution::{Distribution, SampleStream};
use super::summary::{percentile_sorted, probability_at_least, summarise, Summary};
use crate::error::{Error, Result};
use crate::model::{Project, RiskStatus};

/// Iterations per chunk (one random stream each).
pub const CHUNK: usize = 10_000;
/// Largest number of iterations a simulation may run.
pub const MAX_ITERATIONS: u32 = 10_000_000;
/// Largest number of uncertain inputs.
pub const MAX_INPUTS: usize = 256;

/// What an uncertain input changes.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "target", rename_all = "snake_case")]
pub enum InputTarget {
    /// Multiplies every planned amount of a line item (1 = as planned).
    LineItem {
        /// The line item.
        line_item_id: String,
    },
    /// The annual discount rate itself.
    DiscountRate,
    /// Delays every benefit by this many months (fractions allowed, not negative).
    BenefitDelayMonths,
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
    /// Number of iterations (1..=[`MAX_ITERATIONS`]).
    pub iterations: u32,
    /// Seed of the random streams.
    pub seed: u64,
    /// Uncertain inputs.
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
    /// Worker threads (default: the machine's parallelism; 1 on WASM). The result does
    /// not depend on it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub threads: Option<usize>,
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

/// The simulated distributions of NPV and ROI.
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

/// `(npv, roi)` of each iteration of a chunk.
type Outcomes = Vec<(f64, f64)>;

/// A flow of the model: the index of its time, amount, line item index and whether it
/// is a benefit.
struct ModelFlow {
    time: usize,
    amount: f64,
    item: usize,
    benefit: bool,
}

/// A simulated risk event.
struct RiskEvent {
    probability: f64,
    impact: f64,
    fixed_cost: f64,
    time: f64,
}

struct Model {
    /// Distinct flow times in years from the start (one discount factor each).
    times: Vec<f64>,
    /// The same times in whole months, when every time is one (30E/360 schedules on
    /// the same day of the month): discount factors are then powers of one monthly factor.
    months: Option<Vec<u32>>,
    flows: Vec<ModelFlow>,
    risks: Vec<RiskEvent>,
    rate: f64,
    items: usize,
    /// For each input, the line item it scales.
    input_items: Vec<Option<usize>>,
}

impl Project {
    /// Runs a seeded Monte Carlo simulation of the project's NPV and ROI.
    pub fn simulate(&self, spec: &SimulationSpec) -> Result<SimulationResult> {
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
        let run_chunk = |c: usize| -> Result<Chunk> {
            let n = CHUNK.min(spec.iterations as usize - c * CHUNK);
            simulate_chunk(&model, spec, c as u64, n)
        };
        let mut outcomes: Vec<Chunk> = Vec::with_capacity(chunks);
        if threads == 1 {
            for c in 0..chunks {
                outcomes.push(run_chunk(c)?);
            }
        } else {
            let per_thread: Vec<Result<Vec<(usize, Chunk)>>> = std::thread::scope(|scope| {
                let handles: Vec<_> = (0..threads)
                    .map(|t| {
                        let run_chunk = &run_chunk;
                        scope.spawn(move || {
                            (t..chunks)
                                .step_by(threads)
                                .map(|c| run_chunk(c).map(|o| (c, o)))
                                .collect::<Result<Vec<_>>>()
                        })
                    })
                    .collect();
                handles
                    .into_iter()
                    .map(|h| {
                        h.join().unwrap_or_else(|_| {
                            Err(Error::NoSolution {
                                function: "simulate",
                                message: "a worker thread panicked".to_owned(),
                            })
                        })
                    })
                    .collect()
            });
            let mut indexed: Vec<(usize, Chunk)> = Vec::with_capacity(chunks);
            for part in per_thread {
                indexed.extend(part?);
            }
            indexed.sort_by_key(|(c, _)| *c);
            outcomes.extend(indexed.into_iter().map(|(_, o)| o));
        }
        let mut samples: Vec<Vec<f64>> = vec![Vec::new(); if spec.sensitivity { spec.inputs.len() } else { 0 }];
        let mut npvs = Vec::with_capacity(spec.iterations as usize);
        let mut rois = Vec::with_capacity(spec.iterations as usize);
        for chunk in outcomes {
            for (all, part) in samples.iter_mut().zip(chunk.samples) {
                all.extend(part);
            }
            for (npv, roi) in chunk.outcomes {
                npvs.push(npv);
                rois.push(roi);
            }
        }
        Ok(SimulationResult {
            iterations: spec.iterations,
            seed: spec.seed,
            npv: summarise(&npvs, spec.confidence, spec.histogram_bins)?,
            probability_roi_at_least_target: probability_at_least(&rois, spec.roi_target),
            roi: summarise(&rois, spec.confidence, spec.histogram_bins)?,
            sensitivity: if spec.sensitivity { sensitivity(&model, spec, &samples, &npvs)? } else { Vec::new() },
        })
    }

    fn simulation_model(&self, spec: &SimulationSpec) -> Result<Model> {
        let d = self.data();
        if !(1..=MAX_ITERATIONS).contains(&spec.iterations) || spec.iterations < 2 {
            return Err(Error::validation("iterations", format!("{} must be 2..={MAX_ITERATIONS}", spec.iterations)));
        }
        if spec.inputs.len() > MAX_INPUTS {
            return Err(Error::validation("inputs", format!("{} inputs; at most {MAX_INPUTS}", spec.inputs.len())));
        }
        for (i, input) in spec.inputs.iter().enumerate() {
            let at = format!("inputs[{i}]");
            input.distribution.validate().map_err(|e| e.at(&format!("{at}.distribution")))?;
            if let InputTarget::LineItem { line_item_id } = &input.target {
                if !d.line_items.iter().any(|item| &item.id == line_item_id) {
                    return Err(Error::NotFound { what: "line item", id: line_item_id.clone() });
                }
            }
        }
        if let Some(c) = &spec.correlation {
            if c.len() != spec.inputs.len() {
                return Err(Error::validation(
                    "correlation",
                    format!("is {0} × {0} for {1} inputs", c.len(), spec.inputs.len()),
                ));
            }
        }
        let mut timed = Vec::new();
        for (index, item) in d.line_items.iter().enumerate() {
            for (date, amount) in item.planned_occurrences()? {
                timed.push((
                    d.day_count.year_fraction(d.start_date, date),
                    amount.to_f64(),
                    index,
                    item.kind.is_benefit(),
                ));
            }
        }
        let mut times: Vec<f64> = timed.iter().map(|f| f.0).collect();
        times.sort_by(f64::total_cmp);
        times.dedup();
        let flows = timed
            .into_iter()
            .map(|(t, amount, item, benefit)| ModelFlow {
                time: times.partition_point(|x| *x < t),
                amount,
                item,
                benefit,
            })
            .collect();
        let months = times
            .iter()
            .map(|t| {
                let m = libm::round(t * 12.0);
                ((t * 12.0 - m).abs() < 1e-9 && (0.0..=f64::from(u32::MAX)).contains(&m)).then_some(m as u32)
            })
            .collect::<Option<Vec<u32>>>();
        let input_items = spec
            .inputs
            .iter()
            .map(|input| match &input.target {
                InputTarget::LineItem { line_item_id } => d.line_items.iter().position(|item| &item.id == line_item_id),
                _ => None,
            })
            .collect();
        let mut risks = Vec::new();
        if spec.include_risk_events {
            for r in &d.risks {
                let time = d.day_count.year_fraction(d.start_date, r.expected_date.unwrap_or(d.start_date));
                match r.status {
                    RiskStatus::Open => risks.push(RiskEvent {
                        probability: r.probability,
                        impact: r.cost_impact.to_f64(),
                        fixed_cost: 0.0,
                        time,
                    }),
                    RiskStatus::Mitigating => risks.push(RiskEvent {
                        probability: r.residual_probability.unwrap_or(r.probability),
                        impact: r.residual_cost_impact.unwrap_or(r.cost_impact).to_f64(),
                        fixed_cost: r.mitigation_cost.to_f64(),
                        time,
                    }),
                    RiskStatus::Occurred => {
                        risks.push(RiskEvent {
                            probability: 1.0,
                            impact: r.cost_impact.to_f64(),
                            fixed_cost: 0.0,
                            time,
                        });
                    }
                    RiskStatus::Closed => {}
                }
            }
        }
        Ok(Model { times, months, flows, risks, rate: d.discount_rate, items: d.line_items.len(), input_items })
    }
}

/// Reusable per-thread buffers of [`Model::outcome`].
struct Scratch {
    multiplier: Vec<f64>,
    factors: Vec<f64>,
}

impl Model {
    fn scratch(&self) -> Scratch {
        Scratch { multiplier: vec![1.0; self.items], factors: vec![0.0; self.times.len()] }
    }

    /// The base (as planned) value of input `j`.
    fn base_value(&self, spec: &SimulationSpec, j: usize) -> f64 {
        match spec.inputs[j].target {
            InputTarget::LineItem { .. } => 1.0,
            InputTarget::DiscountRate => self.rate,
            InputTarget::BenefitDelayMonths => 0.0,
        }
    }

    /// `(npv, roi)` with input `j` at `value(j)` and each risk costing `risk_spent(risk)`.
    fn outcome(
        &self,
        spec: &SimulationSpec,
        value: impl Fn(usize) -> f64,
        mut risk_spent: impl FnMut(&RiskEvent) -> f64,
        scratch: &mut Scratch,
    ) -> Result<(f64, f64)> {
        let multiplier = &mut scratch.multiplier;
        let factors = &mut scratch.factors;
        multiplier.fill(1.0);
        let (mut rate, mut delay) = (self.rate, 0.0);
        for (j, (input, item)) in spec.inputs.iter().zip(&self.input_items).enumerate() {
            let x = value(j);
            match (&input.target, item) {
                (InputTarget::LineItem { .. }, Some(index)) => multiplier[*index] *= x,
                (InputTarget::DiscountRate, _) => rate = x,
                (InputTarget::BenefitDelayMonths, _) => delay = x.max(0.0) / 12.0,
                (InputTarget::LineItem { .. }, None) => {}
            }
        }
        if rate <= -1.0 {
            return Err(Error::NoSolution {
                function: "simulate",
                message: format!("a sampled discount rate of {rate} is at or below -100%"),
            });
        }
        let log_growth = libm::log1p(rate);
        if let Some(months) = &self.months {
            let monthly = libm::exp(-log_growth / 12.0);
            let (mut power, mut at) = (1.0, 0);
            for (factor, &m) in factors.iter_mut().zip(months) {
                power *= powi(monthly, m - at);
                at = m;
                *factor = power;
            }
        } else {
            for (factor, t) in factors.iter_mut().zip(&self.times) {
                *factor = libm::exp(-t * log_growth);
            }
        }
        let delay_factor = if delay > 0.0 { libm::exp(-delay * log_growth) } else { 1.0 };
        let (mut pv_benefit, mut pv_cost, mut benefit, mut cost) = (0.0, 0.0, 0.0, 0.0);
        for f in &self.flows {
            let amount = f.amount * multiplier[f.item];
            if f.benefit {
                pv_benefit += amount * factors[f.time];
                benefit += amount;
            } else {
                pv_cost += amount * factors[f.time];
                cost += amount;
            }
        }
        let mut npv = pv_benefit * delay_factor - pv_cost;
        for r in &self.risks {
            let spent = risk_spent(r);
            npv -= spent * libm::exp(-r.time * log_growth);
            cost += spent;
        }
        let roi = if cost > 0.0 { (benefit - cost) / cost } else { 0.0 };
        Ok((npv, roi))
    }
}

/// One chunk: its outcomes and (when sensitivity is asked for) its input samples.
fn simulate_chunk(model: &Model, spec: &SimulationSpec, chunk: u64, n: usize) -> Result<Chunk> {
    let mut stream = SampleStream::new(spec.seed, chunk);
    let mut samples: Vec<Vec<f64>> =
        spec.inputs.iter().map(|input| (0..n).map(|_| input.distribution.sample(&mut stream)).collect()).collect();
    if let Some(c) = &spec.correlation {
        c.induce(&mut samples, &mut stream)?;
    }
    let mut scratch = model.scratch();
    let out = (0..n)
        .map(|it| {
            model.outcome(
                spec,
                |j| samples[j][it],
                |r| r.fixed_cost + if stream.uniform() < r.probability { r.impact } else { 0.0 },
                &mut scratch,
            )
        })
        .collect::<Result<Outcomes>>()?;
    Ok(Chunk { outcomes: out, samples: if spec.sensitivity { samples } else { Vec::new() } })
}

/// A chunk's results.
struct Chunk {
    outcomes: Outcomes,
    samples: Vec<Vec<f64>>,
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
    let expected_risk = |r: &RiskEvent| r.fixed_cost + r.probability * r.impact;
    let mut out = Vec::with_capacity(spec.inputs.len());
    for (j, input) in spec.inputs.iter().enumerate() {
        let mut sorted = samples[j].clone();
        sorted.sort_by(f64::total_cmp);
        let (low, high) = (percentile_sorted(&sorted, 0.10), percentile_sorted(&sorted, 0.90));
        let at = |x: f64, scratch: &mut Scratch| {
            model.outcome(spec, |k| if k == j { x } else { model.base_value(spec, k) }, expected_risk, scratch)
        };
        let (npv_at_low, _) = at(low, &mut scratch)?;
        let (npv_at_high, _) = at(high, &mut scratch)?;
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
    out.sort_by(|a, b| b.swing.total_cmp(&a.swing));
    Ok(out)
}

/// Ranks from 1, ties sharing their average rank.
fn average_ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
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
