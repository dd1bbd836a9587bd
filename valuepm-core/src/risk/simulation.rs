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
use super::summary::{probability_at_least, summarise, Summary};
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
        let run_chunk = |c: usize| -> Result<Vec<(f64, f64)>> {
            let n = CHUNK.min(spec.iterations as usize - c * CHUNK);
            simulate_chunk(&model, spec, c as u64, n)
        };
        let mut outcomes: Vec<Vec<(f64, f64)>> = Vec::with_capacity(chunks);
        if threads == 1 {
            for c in 0..chunks {
                outcomes.push(run_chunk(c)?);
            }
        } else {
            let per_thread: Vec<Result<Vec<(usize, Outcomes)>>> = std::thread::scope(|scope| {
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
            let mut indexed: Vec<(usize, Outcomes)> = Vec::with_capacity(chunks);
            for part in per_thread {
                indexed.extend(part?);
            }
            indexed.sort_by_key(|(c, _)| *c);
            outcomes.extend(indexed.into_iter().map(|(_, o)| o));
        }
        let (npvs, rois): (Vec<f64>, Vec<f64>) = outcomes.into_iter().flatten().unzip();
        Ok(SimulationResult {
            iterations: spec.iterations,
            seed: spec.seed,
            npv: summarise(&npvs, spec.confidence, spec.histogram_bins)?,
            probability_roi_at_least_target: probability_at_least(&rois, spec.roi_target),
            roi: summarise(&rois, spec.confidence, spec.histogram_bins)?,
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

fn simulate_chunk(model: &Model, spec: &SimulationSpec, chunk: u64, n: usize) -> Result<Vec<(f64, f64)>> {
    let mut stream = SampleStream::new(spec.seed, chunk);
    let mut samples: Vec<Vec<f64>> =
        spec.inputs.iter().map(|input| (0..n).map(|_| input.distribution.sample(&mut stream)).collect()).collect();
    if let Some(c) = &spec.correlation {
        c.induce(&mut samples, &mut stream)?;
    }
    let mut multiplier = vec![1.0; model.items];
    let mut factors = vec![0.0; model.times.len()];
    let mut out = Vec::with_capacity(n);
    for it in 0..n {
        multiplier.fill(1.0);
        let (mut rate, mut delay) = (model.rate, 0.0);
        for ((input, column), item) in spec.inputs.iter().zip(&samples).zip(&model.input_items) {
            let x = column[it];
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
        if let Some(months) = &model.months {
            let monthly = libm::exp(-log_growth / 12.0);
            let (mut power, mut at) = (1.0, 0);
            for (factor, &m) in factors.iter_mut().zip(months) {
                power *= powi(monthly, m - at);
                at = m;
                *factor = power;
            }
        } else {
            for (factor, t) in factors.iter_mut().zip(&model.times) {
                *factor = libm::exp(-t * log_growth);
            }
        }
        let delay_factor = if delay > 0.0 { libm::exp(-delay * log_growth) } else { 1.0 };
        let (mut pv_benefit, mut pv_cost, mut benefit, mut cost) = (0.0, 0.0, 0.0, 0.0);
        for f in &model.flows {
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
        for r in &model.risks {
            let hit = stream.uniform() < r.probability;
            let spent = r.fixed_cost + if hit { r.impact } else { 0.0 };
            npv -= spent * libm::exp(-r.time * log_growth);
            cost += spent;
        }
        let roi = if cost > 0.0 { (benefit - cost) / cost } else { 0.0 };
        out.push((npv, roi));
    }
    Ok(out)
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
