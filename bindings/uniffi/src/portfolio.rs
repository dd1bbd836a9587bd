//! Portfolios: roll-ups, earned value, Monte Carlo, weighted scoring with AHP weights,
//! project selection and the risk-return frontier.

use std::collections::BTreeMap;
use std::sync::Arc;

use serde_json::Value;
use valuepm_core::analytics::ItemProgress;
use valuepm_core::model::Period;
use valuepm_core::portfolio::{self as pf, Criterion, PortfolioSimulationSpec, SelectionSpec};

use crate::error::{invalid_argument, record, run, to_json, value_record, ValuePmError};

type R<T> = Result<T, ValuePmError>;

/// A validated portfolio: its projects (each validated), the reporting currency, the
/// exchange rates into it and the status date. Immutable, so it may be shared between
/// threads.
#[derive(uniffi::Object)]
pub struct Portfolio {
    inner: pf::Portfolio,
}

impl Portfolio {
    pub(crate) fn wrap(inner: pf::Portfolio) -> Arc<Self> {
        Arc::new(Self { inner })
    }

    pub(crate) fn core(&self) -> &pf::Portfolio {
        &self.inner
    }
}

#[uniffi::export]
impl Portfolio {
    /// Reads a portfolio document (JSON), validating it and every project in it; a bad
    /// field fails with its path in the document (`projects[1].project.id`).
    #[uniffi::constructor]
    pub fn from_json(json: String) -> R<Arc<Self>> {
        run(|| Ok(Arc::new(Self { inner: pf::Portfolio::from_json(&json)? })))
    }

    /// The portfolio document as JSON, projects included.
    pub fn to_json(&self) -> R<String> {
        run(|| to_json(&self.inner.to_data()))
    }

    /// The reporting currency's code.
    #[must_use]
    pub fn currency(&self) -> String {
        self.inner.currency().code().to_owned()
    }

    /// The status date, `YYYY-MM-DD`.
    #[must_use]
    pub fn status_date(&self) -> String {
        self.inner.status_date().to_string()
    }

    /// The roll-up on the status date (totals, by state, template, category and owner,
    /// combined NPV, IRR and payback, KPI statuses, EMV) with the combined flows per
    /// `period` (`month`, `quarter`, `year`), as the core's `RollUp` JSON. `threads`
    /// (default: the machine's parallelism) does not change the result.
    #[uniffi::method(default(threads = None))]
    pub fn roll_up(&self, period: String, threads: Option<u32>) -> R<String> {
        run(|| {
            let period: Period = value_record("period", Value::String(period))?;
            let threads = threads.map(usize::try_from).transpose().map_err(|e| invalid_argument("threads", e))?;
            to_json(&self.inner.roll_up(period, threads)?)
        })
    }

    /// The selection problem the spec `spec_json` (the core's `SelectionSpec` JSON:
    /// `objective`, `budgets`, `resources`, `criteria`, `mandatory`, `excluded`,
    /// `dependencies`, `exclusive_groups`, `limits`) poses over this portfolio's projects.
    pub fn selection_problem(&self, spec_json: String) -> R<Arc<SelectionProblem>> {
        run(|| {
            let spec: SelectionSpec = record("spec", &spec_json)?;
            Ok(Arc::new(SelectionProblem { inner: self.inner.selection_problem(&spec)? }))
        })
    }

    /// The projects that maximise the spec's objective within its limits, as the core's
    /// `Selection` JSON (`selected`, `objective`, `bound`, `gap`, `status`, `nodes`,
    /// `capacities`, `explanations`).
    pub fn select(&self, spec_json: String) -> R<String> {
        run(|| {
            let spec: SelectionSpec = record("spec", &spec_json)?;
            to_json(&self.inner.select(&spec)?)
        })
    }

    /// The efficient frontier: the optimum as every budget limit of the spec is multiplied
    /// by each of `scales`, as the core's JSON list of `FrontierPoint`s (`scale`, `budget`,
    /// `objective`, `selected`, `status`).
    pub fn frontier(&self, spec_json: String, scales: Vec<f64>) -> R<String> {
        run(|| {
            let spec: SelectionSpec = record("spec", &spec_json)?;
            to_json(&self.inner.frontier(&spec, &scales)?)
        })
    }

    /// Earned value on the status date from each project's item progress
    /// (`progress_json`: `{"<project id>": [{"line_item_id", "percent_complete"}, …]}`; an
    /// item not given is 0% done), as the core's `PortfolioEarnedValue` JSON: the summed
    /// `bac`, `pv`, `ev`, `ac`, `sv`, `cv` in the reporting currency, the portfolio's
    /// `spi`, `cpi`, `eac`, `eac_atypical`, `etc`, `vac`, `tcpi_bac`, and `projects`.
    pub fn earned_value(&self, progress_json: String) -> R<String> {
        run(|| {
            let progress: BTreeMap<String, Vec<ItemProgress>> = record("progress", &progress_json)?;
            to_json(&self.inner.earned_value(&progress)?)
        })
    }

    /// Monte Carlo of the portfolio NPV (`spec_json`: the core's `PortfolioSimulationSpec`
    /// JSON: `iterations`, `seed`, `inputs` per project id, `include_risk_events`,
    /// `confidence`, `histogram_bins`, `threads`), as the core's
    /// `PortfolioSimulationResult` JSON (`iterations`, `seed`, `npv`, `projects`).
    /// Deterministic for a seed.
    pub fn simulate(&self, spec_json: String) -> R<String> {
        run(|| {
            let spec: PortfolioSimulationSpec = record("spec", &spec_json)?;
            to_json(&self.inner.simulate(&spec)?)
        })
    }

    /// Risk against return as every budget limit of the spec is multiplied by each of
    /// `scales`: the selection maximising the simulated expected NPV (`simulation_json`
    /// as [`Portfolio::simulate`] takes it) at each point, as the core's JSON list of
    /// `RiskReturnPoint`s (`scale`, `budget`, `expected_npv`, `npv_sd`, `selected`,
    /// `status`).
    pub fn risk_return(&self, spec_json: String, scales: Vec<f64>, simulation_json: String) -> R<String> {
        run(|| {
            let spec: SelectionSpec = record("spec", &spec_json)?;
            let simulation: PortfolioSimulationSpec = record("simulation", &simulation_json)?;
            to_json(&self.inner.risk_return(&spec, &scales, &simulation)?)
        })
    }
}

/// A selection problem over projects given by id (the core's `SelectionProblem`
/// document: `projects`, `values`, `constraints`, `mandatory`, `excluded`,
/// `dependencies`, `exclusive_groups`, `limits`). Reading it checks its fields' types;
/// [`SelectionProblem::solve`] checks the rest.
#[derive(uniffi::Object)]
pub struct SelectionProblem {
    inner: pf::SelectionProblem,
}

#[uniffi::export]
impl SelectionProblem {
    /// Reads a selection problem (JSON).
    #[uniffi::constructor]
    pub fn from_json(json: String) -> R<Arc<Self>> {
        run(|| Ok(Arc::new(Self { inner: record("problem", &json)? })))
    }

    /// The problem as JSON.
    pub fn to_json(&self) -> R<String> {
        run(|| to_json(&self.inner))
    }

    /// Solves the problem by branch and bound, proving the optimum (unless a search limit
    /// stops it: the status says so), as the core's `Selection` JSON. An infeasible
    /// problem is `Validation` at the constraint, project or group that makes it so.
    pub fn solve(&self) -> R<String> {
        run(|| to_json(&self.inner.solve()?))
    }
}

/// AHP weights of an `n × n` reciprocal matrix of pairwise judgements (n = 1 … 15), as the
/// core's `AhpWeights` JSON (`weights`, `lambda_max`, `consistency_index`,
/// `consistency_ratio`, `inconsistent`, `warning`).
#[uniffi::export]
pub fn ahp_weights(matrix: Vec<Vec<f64>>) -> R<String> {
    run(|| to_json(&pf::ahp_weights(&matrix)?))
}

/// Weighted scores of projects against criteria (a JSON list of the core's `Criterion`:
/// `name`, `weight`, `lower_is_better`, `normalisation`, `values` with one value per
/// project), as the core's JSON list of `Score`s (`total`, `contributions`, `rank`).
#[uniffi::export]
pub fn weighted_scores(criteria_json: String) -> R<String> {
    run(|| {
        let criteria: Vec<Criterion> = record("criteria", &criteria_json)?;
        to_json(&pf::weighted_scores(&criteria)?)
    })
}
