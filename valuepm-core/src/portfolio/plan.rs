//! Selecting a portfolio's projects: objectives, budgets per year, resource limits, and
//! the efficient frontier (the optimum as the budgets sweep a range).
//!
//! - **Objectives**: `npv` (each project's NPV at its own rate, converted), `risk_adjusted_npv`
//!   (NPV less the discounted net EMV of its risks), `score` (weighted scoring against the
//!   spec's criteria), or `weighted`: `npv_weight · NPV / max|NPV| + score_weight · score`.
//! - **Budgets**: a limit on the planned costs of a calendar year (`budget 2027`) or of the
//!   whole horizon (`total budget`), in the reporting currency.
//! - **Resources**: a limit on the sum of the projects' demands (`resource headcount`);
//!   projects without a demand use none.
//! - **Criteria** name a field: `npv`, `roi`, `irr`, `benefit_cost_ratio`, `risk` (net EMV),
//!   or any key of the projects' `scores`.

use serde::{Deserialize, Serialize};

use super::model::Portfolio;
use super::scoring::{weighted_scores, Criterion, Normalisation};
use super::select::{
    CapacityConstraint, Dependency, ExclusiveGroup, SearchLimits, Selection, SelectionProblem, SelectionStatus,
};
use crate::error::{Error, Result};
use crate::money::Money;

/// What selection maximises.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Objective {
    /// Σ NPV.
    #[default]
    Npv,
    /// Σ risk-adjusted NPV.
    RiskAdjustedNpv,
    /// Σ weighted score.
    Score,
    /// A mix of normalised NPV and score.
    Weighted {
        /// Weight of NPV / max |NPV|.
        npv_weight: f64,
        /// Weight of the score.
        score_weight: f64,
    },
}

/// A limit on planned costs.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BudgetLimit {
    /// The calendar year; `None` for the whole horizon.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub year: Option<i32>,
    /// The limit, in the reporting currency.
    pub limit: Money,
}

/// A limit on a resource.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ResourceLimit {
    /// The resource (a key of the projects' `resources`).
    pub resource: String,
    /// The limit.
    pub limit: f64,
}

/// A scoring criterion over a project field.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ScoreCriterion {
    /// The field (see the module documentation).
    pub field: String,
    /// Weight (≥ 0).
    pub weight: f64,
    /// Whether lower is better.
    #[serde(default)]
    pub lower_is_better: bool,
    /// Normalisation.
    #[serde(default)]
    pub normalisation: Normalisation,
}

/// What to select under which limits.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SelectionSpec {
    /// The objective.
    #[serde(default)]
    pub objective: Objective,
    /// Budget limits.
    #[serde(default)]
    pub budgets: Vec<BudgetLimit>,
    /// Resource limits.
    #[serde(default)]
    pub resources: Vec<ResourceLimit>,
    /// Scoring criteria (for the `score` and `weighted` objectives).
    #[serde(default)]
    pub criteria: Vec<ScoreCriterion>,
    /// Projects that must be chosen.
    #[serde(default)]
    pub mandatory: Vec<String>,
    /// Projects that must not be chosen.
    #[serde(default)]
    pub excluded: Vec<String>,
    /// Dependencies.
    #[serde(default)]
    pub dependencies: Vec<Dependency>,
    /// Mutually exclusive groups.
    #[serde(default)]
    pub exclusive_groups: Vec<ExclusiveGroup>,
    /// Search limits.
    #[serde(default)]
    pub limits: SearchLimits,
}

/// One point of the efficient frontier.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FrontierPoint {
    /// The factor applied to every budget limit.
    pub scale: f64,
    /// Σ of the scaled budget limits.
    pub budget: f64,
    /// The optimum at those limits.
    pub objective: f64,
    /// The projects chosen.
    pub selected: Vec<String>,
    /// Whether the optimum is proven.
    pub status: SelectionStatus,
}

impl Portfolio {
    /// The selection problem `spec` poses over this portfolio's projects.
    pub fn selection_problem(&self, spec: &SelectionSpec) -> Result<SelectionProblem> {
        let n = self.projects().len();
        let projects: Vec<String> = self.projects().iter().map(|p| p.id().to_owned()).collect();
        let needs_score = matches!(spec.objective, Objective::Score | Objective::Weighted { .. });
        if needs_score && spec.criteria.is_empty() {
            return Err(Error::validation("criteria", "the score objectives need at least one criterion"));
        }
        let mut npvs = Vec::with_capacity(n);
        let mut fields: Vec<Vec<f64>> = vec![Vec::with_capacity(n); spec.criteria.len()];
        let mut values = Vec::with_capacity(n);
        for (i, p) in self.projects().iter().enumerate() {
            let at = |e: Error| e.at(&format!("projects[{i}].project"));
            let e = p.evaluate(self.status_date()).map_err(at)?;
            let npv = self.convert(&e.npv).map_err(at)?.to_f64();
            npvs.push(npv);
            if matches!(spec.objective, Objective::RiskAdjustedNpv) {
                let r = p.risk_adjusted(self.status_date(), 0.0, &[]).map_err(at)?;
                values.push(self.convert(&r.risk_adjusted_npv).map_err(at)?.to_f64());
            }
            for (k, c) in spec.criteria.iter().enumerate() {
                let v = match c.field.as_str() {
                    "npv" => Some(npv),
                    "roi" => e.roi,
                    "irr" => e.irr,
                    "benefit_cost_ratio" => e.benefit_cost_ratio,
                    "risk" => {
                        let mut net = 0.0;
                        for r in &p.data().risks {
                            net += self.convert(&r.emv().map_err(at)?.1).map_err(at)?.to_f64();
                        }
                        Some(net)
                    }
                    key => self.entry(i).scores.get(key).copied(),
                };
                let v = v.ok_or_else(|| {
                    Error::validation(
                        format!("criteria[{k}].field"),
                        format!("project `{}` has no value for `{}`", projects[i], c.field),
                    )
                })?;
                fields[k].push(v);
            }
        }
        let scores: Vec<f64> = if spec.criteria.is_empty() {
            Vec::new()
        } else {
            let criteria: Vec<Criterion> = spec
                .criteria
                .iter()
                .zip(fields)
                .map(|(c, values)| Criterion {
                    name: c.field.clone(),
                    weight: c.weight,
                    lower_is_better: c.lower_is_better,
                    normalisation: c.normalisation,
                    values,
                })
                .collect();
            weighted_scores(&criteria)?.into_iter().map(|s| s.total).collect()
        };
        let values = match &spec.objective {
            Objective::Npv => npvs,
            Objective::RiskAdjustedNpv => values,
            Objective::Score => scores,
            Objective::Weighted { npv_weight, score_weight } => {
                let scale = npvs.iter().fold(0.0_f64, |m, v| m.max(v.abs())).max(f64::MIN_POSITIVE);
                npvs.iter().zip(&scores).map(|(v, s)| npv_weight * v / scale + score_weight * s).collect()
            }
        };
        let mut constraints = Vec::with_capacity(spec.budgets.len() + spec.resources.len());
        for (k, b) in spec.budgets.iter().enumerate() {
            b.limit.expect_currency(self.currency(), "limit").map_err(|e| e.at(&format!("budgets[{k}]")))?;
            let mut coefficients = Vec::with_capacity(n);
            for (i, p) in self.projects().iter().enumerate() {
                let rate = self.rate_f64(p.currency())?;
                let mut cost = 0.0;
                for item in p.data().line_items.iter().filter(|item| !item.kind.is_benefit()) {
                    item.for_each_occurrence(|date, amount| {
                        if b.year.is_none_or(|y| chrono::Datelike::year(&date) == y) {
                            cost += amount.to_f64();
                        }
                    })
                    .map_err(|e| e.at(&format!("projects[{i}].project")))?;
                }
                coefficients.push((cost * rate).max(0.0));
            }
            let name = b.year.map_or_else(|| "total budget".to_owned(), |y| format!("budget {y}"));
            constraints.push(CapacityConstraint { name, coefficients, limit: b.limit.to_f64() });
        }
        for r in &spec.resources {
            let coefficients =
                (0..n).map(|i| self.entry(i).resources.get(&r.resource).copied().unwrap_or(0.0)).collect();
            constraints.push(CapacityConstraint {
                name: format!("resource {}", r.resource),
                coefficients,
                limit: r.limit,
            });
        }
        Ok(SelectionProblem {
            projects,
            values,
            constraints,
            mandatory: spec.mandatory.clone(),
            excluded: spec.excluded.clone(),
            dependencies: spec.dependencies.clone(),
            exclusive_groups: spec.exclusive_groups.clone(),
            limits: spec.limits.clone(),
        })
    }

    /// Chooses the projects that maximise the objective within the limits.
    pub fn select(&self, spec: &SelectionSpec) -> Result<Selection> {
        self.selection_problem(spec)?.solve()
    }

    /// The optimum as every budget limit is multiplied by each of `scales` (value against
    /// budget); resource limits stay as they are.
    pub fn frontier(&self, spec: &SelectionSpec, scales: &[f64]) -> Result<Vec<FrontierPoint>> {
        if spec.budgets.is_empty() {
            return Err(Error::validation("budgets", "the frontier sweeps the budgets: give at least one"));
        }
        if let Some((i, s)) = scales.iter().enumerate().find(|(_, s)| !(s.is_finite() && **s >= 0.0)) {
            return Err(Error::validation(format!("scales[{i}]"), format!("{s} must be a finite number ≥ 0")));
        }
        let base = self.selection_problem(spec)?;
        let budgets = spec.budgets.len();
        scales
            .iter()
            .map(|&scale| {
                let mut p = base.clone();
                for c in &mut p.constraints[..budgets] {
                    c.limit *= scale;
                }
                let s = p.solve()?;
                Ok(FrontierPoint {
                    scale,
                    budget: p.constraints[..budgets].iter().map(|c| c.limit).sum(),
                    objective: s.objective,
                    selected: s.selected,
                    status: s.status,
                })
            })
            .collect()
    }
}

/// One point of the risk-return frontier.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RiskReturnPoint {
    /// The factor applied to every budget limit.
    pub scale: f64,
    /// Σ of the scaled budget limits.
    pub budget: f64,
    /// Expected NPV of the selection (Σ simulated project means).
    pub expected_npv: f64,
    /// Its spread: √Σ sd² of the selected projects' simulated NPVs (projects independent).
    pub npv_sd: f64,
    /// The projects chosen.
    pub selected: Vec<String>,
    /// Whether the optimum is proven.
    pub status: SelectionStatus,
}

impl Portfolio {
    /// Risk against return as the budgets sweep `scales`: at each point the selection that
    /// maximises the simulated expected NPV within the spec's limits (its objective is
    /// replaced), with that selection's NPV spread.
    pub fn risk_return(
        &self,
        spec: &SelectionSpec,
        scales: &[f64],
        simulation: &super::analysis::PortfolioSimulationSpec,
    ) -> Result<Vec<RiskReturnPoint>> {
        if spec.budgets.is_empty() {
            return Err(Error::validation("budgets", "the frontier sweeps the budgets: give at least one"));
        }
        if let Some((i, s)) = scales.iter().enumerate().find(|(_, s)| !(s.is_finite() && **s >= 0.0)) {
            return Err(Error::validation(format!("scales[{i}]"), format!("{s} must be a finite number ≥ 0")));
        }
        let simulated = self.simulate(simulation)?;
        let mut base = self.selection_problem(&SelectionSpec { objective: Objective::Npv, ..spec.clone() })?;
        base.values = simulated.projects.iter().map(|p| p.mean).collect();
        let budgets = spec.budgets.len();
        scales
            .iter()
            .map(|&scale| {
                let mut p = base.clone();
                for c in &mut p.constraints[..budgets] {
                    c.limit *= scale;
                }
                let s = p.solve()?;
                let chosen = |id: &String| s.selected.contains(id);
                let (mut expected, mut variance) = (0.0, 0.0);
                for spread in simulated.projects.iter().filter(|sp| chosen(&sp.project_id)) {
                    expected += spread.mean;
                    variance += spread.sd * spread.sd;
                }
                Ok(RiskReturnPoint {
                    scale,
                    budget: p.constraints[..budgets].iter().map(|c| c.limit).sum(),
                    expected_npv: expected,
                    npv_sd: libm::sqrt(variance),
                    selected: s.selected,
                    status: s.status,
                })
            })
            .collect()
    }
}
