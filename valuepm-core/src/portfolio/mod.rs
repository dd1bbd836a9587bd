//! Portfolios: weighted scoring with AHP-derived weights, and constrained project selection
//! by an exact branch and bound that proves its optimum.

mod lp;
mod scoring;
mod select;

pub use scoring::{
    ahp_weights, weighted_scores, AhpWeights, Criterion, Normalisation, Score, CONSISTENCY_THRESHOLD, RANDOM_INDEX,
};
pub use select::{
    CapacityConstraint, CapacityUse, Dependency, ExclusiveGroup, Explanation, SearchLimits, Selection,
    SelectionProblem, SelectionStatus, MAX_PROJECTS,
};
