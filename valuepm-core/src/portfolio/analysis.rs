//! Portfolio earned value and portfolio Monte Carlo.
//!
//! **Earned value roll-up** ([`Portfolio::earned_value`]): each project's PV, EV, AC and
//! BAC at the portfolio's status date (from its items' percent complete; items not given
//! are 0% done; a project starting after the status date counts its BAC only), converted
//! exactly and summed; the portfolio's indices are computed from the sums with the
//! project-level formulas (SPI = EV/PV, CPI = EV/AC, EAC = BAC/CPI, EAC (atypical) =
//! AC + BAC − EV, ETC = EAC − AC, VAC = BAC − EAC, TCPI = (BAC − EV)/(BAC − AC)).
//!
//! **Monte Carlo** ([`Portfolio::simulate`]): every project is simulated with its own
//! uncertain inputs (none by default: its risk register still varies) on its own seed
//! (`seed + k · 0x9E3779B97F4A7C15` for the `k`-th project), projects independent of each
//! other; iteration `i` of the portfolio adds iteration `i` of every project's NPV (at its
//! own rate) converted into the reporting currency. Deterministic like project simulation.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::model::Portfolio;
use crate::analytics::{EarnedValue, ItemProgress};
use crate::error::{Error, Result};
use crate::money::{Currency, Money};
use crate::risk::{summarise, SimulationSpec, Summary, UncertainInput, MAX_ITERATIONS};

/// Earned value of the portfolio.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PortfolioEarnedValue {
    /// Status date.
    pub status_date: NaiveDate,
    /// Reporting currency.
    pub currency: Currency,
    /// Σ budget at completion.
    pub bac: Money,
    /// Σ planned value.
    pub pv: Money,
    /// Σ earned value.
    pub ev: Money,
    /// Σ actual cost.
    pub ac: Money,
    /// EV − PV.
    pub sv: Money,
    /// EV − AC.
    pub cv: Money,
    /// EV / PV.
    pub spi: Option<f64>,
    /// EV / AC.
    pub cpi: Option<f64>,
    /// BAC / CPI.
    pub eac: Option<Money>,
    /// AC + (BAC − EV).
    pub eac_atypical: Money,
    /// EAC − AC.
    pub etc: Option<Money>,
    /// BAC − EAC.
    pub vac: Option<Money>,
    /// (BAC − EV) / (BAC − AC).
    pub tcpi_bac: Option<f64>,
    /// Each project's own figures (in its currency); `None` before its start.
    pub projects: Vec<ProjectEarnedValue>,
}

/// One project's earned value within the portfolio.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectEarnedValue {
    /// The project.
    pub project_id: String,
    /// Its figures, or `None` when it starts after the status date.
    pub earned_value: Option<EarnedValue>,
}

/// What to simulate across the portfolio.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PortfolioSimulationSpec {
    /// Iterations (2..=10,000,000 in total over the projects' runs: `iterations × projects`
    /// at most 100,000,000).
    pub iterations: u32,
    /// Seed.
    pub seed: u64,
    /// Uncertain inputs per project id.
    #[serde(default)]
    pub inputs: BTreeMap<String, Vec<UncertainInput>>,
    /// Whether the projects' risk events are simulated.
    #[serde(default = "yes")]
    pub include_risk_events: bool,
    /// Confidence of the value at risk.
    #[serde(default = "default_confidence")]
    pub confidence: f64,
    /// Histogram bins.
    #[serde(default = "default_bins")]
    pub histogram_bins: usize,
    /// Worker threads per project run (the result does not depend on it).
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

/// Largest `iterations × projects` of a portfolio simulation.
pub const MAX_PORTFOLIO_SAMPLES: u64 = 100_000_000;

/// The simulated portfolio NPV.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PortfolioSimulationResult {
    /// Iterations.
    pub iterations: u32,
    /// Seed.
    pub seed: u64,
    /// Portfolio NPV (Σ project NPVs at their own rates, in the reporting currency).
    pub npv: Summary,
    /// Each project's simulated NPV: mean and standard deviation, in the reporting currency.
    pub projects: Vec<ProjectNpvSpread>,
}

/// One project's simulated NPV.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ProjectNpvSpread {
    /// The project.
    pub project_id: String,
    /// Mean NPV.
    pub mean: f64,
    /// Standard deviation.
    pub sd: f64,
}

impl Portfolio {
    /// Earned value at the status date, from each project's item progress (by project id).
    pub fn earned_value(&self, progress: &BTreeMap<String, Vec<ItemProgress>>) -> Result<PortfolioEarnedValue> {
        for id in progress.keys() {
            if !self.projects().iter().any(|p| p.id() == id) {
                return Err(Error::NotFound { what: "project", id: id.clone() });
            }
        }
        let currency = self.currency();
        let zero = Money::zero(currency);
        let (mut bac, mut pv, mut ev, mut ac) = (zero, zero, zero, zero);
        let mut projects = Vec::with_capacity(self.projects().len());
        let status = self.status_date();
        for p in self.projects() {
            let at = |e: Error| e.at(&format!("progress.{}", p.id()));
            let figures = if status < p.data().start_date {
                let planned = p.evaluate(p.data().start_date).map_err(at)?;
                bac = bac.checked_add(&self.convert(&planned.planned.cost)?)?;
                None
            } else {
                let items = progress.get(p.id()).map_or(&[][..], Vec::as_slice);
                let e = p.earned_value(status, items).map_err(at)?;
                bac = bac.checked_add(&self.convert(&e.bac)?)?;
                pv = pv.checked_add(&self.convert(&e.pv)?)?;
                ev = ev.checked_add(&self.convert(&e.ev)?)?;
                ac = ac.checked_add(&self.convert(&e.ac)?)?;
                Some(e)
            };
            projects.push(ProjectEarnedValue { project_id: p.id().to_owned(), earned_value: figures });
        }
        let ratio = |a: &Money, b: &Money| {
            let b = b.to_f64();
            (b != 0.0).then(|| a.to_f64() / b)
        };
        let spi = ratio(&ev, &pv);
        let cpi = ratio(&ev, &ac);
        let eac = match cpi {
            Some(c) if c > 0.0 => Some(Money::from_f64_rounded(bac.to_f64() / c, currency, "eac")?),
            _ => None,
        };
        let remaining = bac.checked_sub(&ev)?;
        Ok(PortfolioEarnedValue {
            status_date: status,
            currency,
            sv: ev.checked_sub(&pv)?,
            cv: ev.checked_sub(&ac)?,
            spi,
            cpi,
            eac_atypical: ac.checked_add(&remaining)?,
            etc: eac.map(|e| e.checked_sub(&ac)).transpose()?,
            vac: eac.map(|e| bac.checked_sub(&e)).transpose()?,
            eac,
            tcpi_bac: ratio(&remaining, &bac.checked_sub(&ac)?),
            bac,
            pv,
            ev,
            ac,
            projects,
        })
    }

    /// Monte Carlo of the portfolio NPV (see the module documentation).
    pub fn simulate(&self, spec: &PortfolioSimulationSpec) -> Result<PortfolioSimulationResult> {
        if !(2..=MAX_ITERATIONS).contains(&spec.iterations) {
            return Err(Error::validation("iterations", format!("{} must be 2..={MAX_ITERATIONS}", spec.iterations)));
        }
        let samples = u64::from(spec.iterations) * self.projects().len() as u64;
        if samples > MAX_PORTFOLIO_SAMPLES {
            return Err(Error::validation(
                "iterations",
                format!("{samples} project iterations; at most {MAX_PORTFOLIO_SAMPLES}"),
            ));
        }
        for id in spec.inputs.keys() {
            if !self.projects().iter().any(|p| p.id() == id) {
                return Err(Error::NotFound { what: "project", id: id.clone() });
            }
        }
        let n = spec.iterations as usize;
        let mut total = vec![0.0; n];
        let mut projects = Vec::with_capacity(self.projects().len());
        for (k, p) in self.projects().iter().enumerate() {
            let mut s = SimulationSpec::new(
                spec.iterations,
                spec.seed.wrapping_add((k as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)),
                spec.inputs.get(p.id()).cloned().unwrap_or_default(),
            );
            s.include_risk_events = spec.include_risk_events;
            s.threads = spec.threads;
            let rate = self.rate_f64(p.currency())?;
            let npvs = p.simulate_npvs(&s).map_err(|e| e.at(&format!("inputs.{}", p.id())))?;
            let mean = npvs.iter().sum::<f64>() / n as f64 * rate;
            let sd =
                libm::sqrt(npvs.iter().map(|v| (v * rate - mean) * (v * rate - mean)).sum::<f64>() / (n as f64 - 1.0));
            for (t, v) in total.iter_mut().zip(&npvs) {
                *t += v * rate;
            }
            projects.push(ProjectNpvSpread { project_id: p.id().to_owned(), mean, sd });
        }
        Ok(PortfolioSimulationResult {
            iterations: spec.iterations,
            seed: spec.seed,
            npv: summarise(&total, spec.confidence, spec.histogram_bins)?,
            projects,
        })
    }
}
