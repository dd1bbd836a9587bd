//! Portfolios: the portfolio document and its roll-ups, weighted scoring with AHP-derived
//! weights, and constrained project selection by an exact branch and bound that proves its
//! optimum.

mod analysis;
mod lp;
mod model;
mod plan;
mod scoring;
mod select;

pub use analysis::{
    PortfolioEarnedValue, PortfolioSimulationResult, PortfolioSimulationSpec, ProjectEarnedValue, ProjectNpvSpread,
    MAX_PORTFOLIO_SAMPLES,
};
pub use model::{
    GroupTotals, KpiStatusCounts, PeriodRollUp, Portfolio, PortfolioData, PortfolioEntry, RollUp,
    MAX_PORTFOLIO_PROJECTS, PORTFOLIO_SCHEMA_VERSION,
};
pub use plan::{BudgetLimit, FrontierPoint, Objective, ResourceLimit, RiskReturnPoint, ScoreCriterion, SelectionSpec};
pub use scoring::{
    ahp_weights, weighted_scores, AhpWeights, Criterion, Normalisation, Score, CONSISTENCY_THRESHOLD, RANDOM_INDEX,
};
pub use select::{
    CapacityConstraint, CapacityUse, Dependency, ExclusiveGroup, Explanation, SearchLimits, Selection,
    SelectionProblem, SelectionStatus, MAX_PROJECTS,
};
