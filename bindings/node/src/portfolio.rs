//! Wraps `valuepm_core::portfolio`: `Portfolio` (the validated portfolio document, its
//! roll-up, selection and efficient frontier, earned value, Monte Carlo and the
//! risk-return frontier, with async variants on the libuv thread pool), `SelectionProblem` (selection over projects given by id), `ahpWeights` and
//! `weightedScores`. Documents, specs and results cross as the core's serde JSON
//! (`snake_case` keys, money `{amount, currency}`); specs and problems accept camelCase
//! keys too.

use std::collections::BTreeMap;
use std::sync::Arc;

use napi::bindgen_prelude::{AsyncTask, Object, Unknown};
use napi::{Env, Task};
use napi_derive::napi;
use serde::de::DeserializeOwned;
use serde_json::Value;
use valuepm_core::analytics::ItemProgress;
use valuepm_core::model::Period;
use valuepm_core::portfolio::{
    ahp_weights as core_ahp_weights, weighted_scores as core_weighted_scores, Criterion, Portfolio,
    PortfolioSimulationSpec, SelectionProblem, SelectionSpec,
};

use crate::convert::{
    self, name_value, object_json, record, record_at, snake_case_keys, snake_case_keys_deep, to_json,
};
use crate::error::{call, run, to_js, Failure, Work};

/// A spec or problem from its JSON form (camelCase keys accepted too): errors at its
/// field path (`budgets[0].limit`), as the core's own checks report them.
fn spec_record<T: DeserializeOwned>(env: Env, object: &Object<'_>, argument: &str) -> Result<T, Failure> {
    record(snake_case_keys_deep(object_json(env, object, argument)?))
}

/// A portfolio simulation spec (camelCase keys accepted too, except the project ids
/// that key `inputs`, which are kept as given): errors at its field path.
fn simulation_record(env: Env, object: &Object<'_>, argument: &str) -> Result<PortfolioSimulationSpec, Failure> {
    let mut value = snake_case_keys(object_json(env, object, argument)?);
    if let Value::Object(map) = &mut value {
        for (k, v) in map.iter_mut() {
            let inner = std::mem::take(v);
            *v = match (k.as_str(), inner) {
                ("inputs", Value::Object(inputs)) => {
                    Value::Object(inputs.into_iter().map(|(id, list)| (id, snake_case_keys_deep(list))).collect())
                }
                (_, other) => snake_case_keys_deep(other),
            };
        }
    }
    record(value)
}

/// Item progress per project id: `{projectId: progress}`, each progress as
/// `Project.earnedValue` takes it (`{lineItemId: fraction}` or an array of records).
fn portfolio_progress(env: Env, object: &Object<'_>) -> Result<BTreeMap<String, Vec<ItemProgress>>, Failure> {
    match object_json(env, object, "progress")? {
        Value::Object(map) => map.into_iter().map(|(id, p)| Ok((id, crate::analytics::progress(Some(p))?))).collect(),
        other => Err(Failure::Core(valuepm_core::Error::validation(
            "progress",
            format!("{other} is not an object {{projectId: progress}}"),
        ))),
    }
}

/// The roll-up period: `month`, `quarter` or `year` (default).
fn period(name: Option<&str>) -> Result<Period, Failure> {
    name_value(name.unwrap_or("year"), "period")
}

/// The number of worker threads (`null`: the machine's parallelism).
fn threads(threads: Option<u32>) -> Result<Option<usize>, Failure> {
    match threads {
        Some(0) => Err(crate::error::invalid_argument("threads", "must be at least 1")),
        other => Ok(other.map(|t| t as usize)),
    }
}

/// Work that ends in a result's JSON form, on the libuv thread pool.
pub struct JsonTask(Work<Value>);

#[napi]
impl Task for JsonTask {
    type Output = Result<Value, Failure>;
    // `serde_json::Value` has no TypeScript name; the Promise's type is set per method.
    type JsValue = Unknown<'static>;

    fn compute(&mut self) -> napi::Result<Self::Output> {
        Ok(self.0.take().map_or_else(|| Err(Failure::Panic("task ran twice".to_owned())), run))
    }

    fn resolve(&mut self, env: Env, output: Self::Output) -> napi::Result<Unknown<'static>> {
        env.to_js_value(&output.map_err(|f| to_js(env, &f))?)
    }
}

/// A task that fails with `failure` (an argument refused before the work starts), so the
/// Promise rejects rather than the call throwing.
fn failed(failure: Failure) -> AsyncTask<JsonTask> {
    AsyncTask::new(JsonTask(Some(Box::new(move || Err(failure)))))
}

// ---------------------------------------------------------------------------------
// Portfolio

/// A validated portfolio: projects (each validated), the reporting currency with
/// explicit exchange rates, the status date, the combined discount rate, and per project
/// a category, criterion scores and resource demands.
#[napi(js_name = "Portfolio")]
pub struct JsPortfolio {
    inner: Arc<Portfolio>,
}

impl JsPortfolio {
    /// Wraps a core portfolio.
    pub fn from_core(inner: Portfolio) -> Self {
        JsPortfolio { inner: Arc::new(inner) }
    }

    /// The core portfolio.
    pub fn core(&self) -> &Portfolio {
        &self.inner
    }
}

#[napi]
impl JsPortfolio {
    /// A portfolio from its JSON document text, validated.
    #[napi]
    pub fn from_json(env: Env, text: String) -> napi::Result<Self> {
        call(env, || Ok(JsPortfolio { inner: Arc::new(Portfolio::from_json(&text)?) }))
    }

    /// A portfolio from its document as an object (the core's JSON form), validated:
    /// errors are at the field path (`projects[1].project.end_date`).
    #[napi(ts_args_type = "data: PortfolioData")]
    pub fn from_data(env: Env, data: Object) -> napi::Result<Self> {
        call(env, || {
            // Through the document reader: an older schema version is migrated.
            let data = convert::normalised(object_json(env, &data, "")?);
            Ok(JsPortfolio { inner: Arc::new(Portfolio::from_value(data)?) })
        })
    }

    /// The JSON document text.
    #[napi(js_name = "toJson")]
    pub fn to_json_text(&self, env: Env) -> napi::Result<String> {
        call(env, || {
            serde_json::to_string_pretty(&self.inner.to_data())
                .map_err(|e| Failure::Panic(format!("cannot serialise the portfolio: {e}")))
        })
    }

    /// The document as a plain object (projects included).
    #[napi(ts_return_type = "PortfolioData")]
    pub fn data(&self, env: Env) -> napi::Result<Value> {
        call(env, || to_json(&self.inner.to_data()))
    }

    /// The document as a plain object (for `JSON.stringify`).
    #[napi(js_name = "toJSON", ts_return_type = "PortfolioData")]
    pub fn to_json(&self, env: Env) -> napi::Result<Value> {
        self.data(env)
    }

    /// The reporting currency's code.
    #[napi(getter)]
    pub fn currency(&self) -> String {
        self.inner.currency().code().to_owned()
    }

    /// The status date (ISO).
    #[napi(getter)]
    pub fn status_date(&self) -> String {
        self.inner.status_date().to_string()
    }

    /// The project ids, in the document's order.
    #[napi(getter)]
    pub fn project_ids(&self) -> Vec<String> {
        self.inner.projects().iter().map(|p| p.id().to_owned()).collect()
    }

    /// The portfolio rolled up on its status date: money totals (exact, in the reporting
    /// currency) overall and by state, template, category and owner, the combined flows
    /// per `period` (`month`, `quarter`, `year`; default `year`), the combined NPV, ROI,
    /// IRR and payback, KPI value and statuses. Projects are evaluated on `threads`
    /// threads (default: the machine's parallelism); the result does not depend on it.
    #[napi(
        ts_args_type = "period?: 'month' | 'quarter' | 'year' | undefined | null, threads?: number | undefined | null",
        ts_return_type = "RollUp"
    )]
    pub fn roll_up(&self, env: Env, period: Option<String>, threads: Option<u32>) -> napi::Result<Value> {
        call(env, || {
            let period = self::period(period.as_deref())?;
            to_json(&self.inner.roll_up(period, self::threads(threads)?)?)
        })
    }

    /// `rollUp` on the libuv thread pool; the Promise rejects with the same coded errors.
    #[napi(
        ts_args_type = "period?: 'month' | 'quarter' | 'year' | undefined | null, threads?: number | undefined | null",
        ts_return_type = "Promise<RollUp>"
    )]
    pub fn roll_up_async(&self, period: Option<String>, threads: Option<u32>) -> AsyncTask<JsonTask> {
        let args = self::period(period.as_deref()).and_then(|p| Ok((p, self::threads(threads)?)));
        match args {
            Err(failure) => failed(failure),
            Ok((period, threads)) => {
                let portfolio = Arc::clone(&self.inner);
                AsyncTask::new(JsonTask(Some(Box::new(move || to_json(&portfolio.roll_up(period, threads)?)))))
            }
        }
    }

    /// The selection problem `spec` poses over the projects (each project's value, the
    /// capacity rows of the budgets and resources, the fixings), to inspect or solve.
    #[napi(ts_args_type = "spec: SelectionSpec", ts_return_type = "SelectionProblem")]
    pub fn selection_problem(&self, env: Env, spec: Object) -> napi::Result<JsSelectionProblem> {
        call(env, || {
            let spec: SelectionSpec = spec_record(env, &spec, "spec")?;
            Ok(JsSelectionProblem { inner: self.inner.selection_problem(&spec)? })
        })
    }

    /// Chooses the projects that maximise `spec.objective` (`npv`, `risk_adjusted_npv`,
    /// `score`, `weighted`) within its budgets and resource limits, with its mandatory and
    /// excluded projects, dependencies and exclusive groups, by an exact branch and bound.
    #[napi(ts_args_type = "spec: SelectionSpec", ts_return_type = "Selection")]
    pub fn select(&self, env: Env, spec: Object) -> napi::Result<Value> {
        call(env, || {
            let spec: SelectionSpec = spec_record(env, &spec, "spec")?;
            to_json(&self.inner.select(&spec)?)
        })
    }

    /// `select` on the libuv thread pool (the spec is read first); the Promise rejects
    /// with the same coded errors.
    #[napi(ts_args_type = "spec: SelectionSpec", ts_return_type = "Promise<Selection>")]
    pub fn select_async(&self, env: Env, spec: Object) -> AsyncTask<JsonTask> {
        match run(|| spec_record::<SelectionSpec>(env, &spec, "spec")) {
            Err(failure) => failed(failure),
            Ok(spec) => {
                let portfolio = Arc::clone(&self.inner);
                AsyncTask::new(JsonTask(Some(Box::new(move || to_json(&portfolio.select(&spec)?)))))
            }
        }
    }

    /// The efficient frontier: the optimum as every budget limit of `spec` is multiplied
    /// by each of `scales` (resource limits stay), one `{scale, budget, objective,
    /// selected, status}` per scale.
    #[napi(ts_args_type = "spec: SelectionSpec, scales: Array<number>", ts_return_type = "Array<FrontierPoint>")]
    pub fn frontier(&self, env: Env, spec: Object, scales: Vec<f64>) -> napi::Result<Value> {
        call(env, || {
            let spec: SelectionSpec = spec_record(env, &spec, "spec")?;
            to_json(&self.inner.frontier(&spec, &scales)?)
        })
    }

    /// Earned value on the status date from each project's item progress (`{projectId:
    /// progress}`, each as `Project.earnedValue` takes it; an item not given is 0% done):
    /// the summed BAC, PV, EV, AC, SV, CV in the reporting currency, the portfolio's SPI,
    /// CPI, EAC, ETC, VAC and TCPI, and each project's own figures.
    #[napi(ts_args_type = "progress: Record<string, ProgressArg>", ts_return_type = "PortfolioEarnedValue")]
    pub fn earned_value(&self, env: Env, progress: Object) -> napi::Result<Value> {
        call(env, || {
            let progress = portfolio_progress(env, &progress)?;
            to_json(&self.inner.earned_value(&progress)?)
        })
    }

    /// Monte Carlo of the portfolio NPV: every project simulated with its own inputs on
    /// its own seed, the NPVs summed in the reporting currency (`npv` summary, each
    /// project's `mean` and `sd`). Deterministic for a seed.
    #[napi(ts_args_type = "spec: PortfolioSimulationSpec", ts_return_type = "PortfolioSimulationResult")]
    pub fn simulate(&self, env: Env, spec: Object) -> napi::Result<Value> {
        call(env, || {
            let spec = simulation_record(env, &spec, "spec")?;
            to_json(&self.inner.simulate(&spec)?)
        })
    }

    /// `simulate` on the libuv thread pool (the spec is read first); the Promise rejects
    /// with the same coded errors.
    #[napi(ts_args_type = "spec: PortfolioSimulationSpec", ts_return_type = "Promise<PortfolioSimulationResult>")]
    pub fn simulate_async(&self, env: Env, spec: Object) -> AsyncTask<JsonTask> {
        match run(|| simulation_record(env, &spec, "spec")) {
            Err(failure) => failed(failure),
            Ok(spec) => {
                let portfolio = Arc::clone(&self.inner);
                AsyncTask::new(JsonTask(Some(Box::new(move || to_json(&portfolio.simulate(&spec)?)))))
            }
        }
    }

    /// Risk against return as every budget limit of `spec` is multiplied by each of
    /// `scales`: the selection maximising the simulated expected NPV (`simulation`) at
    /// each point, one `{scale, budget, expected_npv, npv_sd, selected, status}` per scale.
    #[napi(
        ts_args_type = "spec: SelectionSpec, scales: Array<number>, simulation: PortfolioSimulationSpec",
        ts_return_type = "Array<RiskReturnPoint>"
    )]
    pub fn risk_return(&self, env: Env, spec: Object, scales: Vec<f64>, simulation: Object) -> napi::Result<Value> {
        call(env, || {
            let spec: SelectionSpec = spec_record(env, &spec, "spec")?;
            let simulation = simulation_record(env, &simulation, "simulation")?;
            to_json(&self.inner.risk_return(&spec, &scales, &simulation)?)
        })
    }

    /// `riskReturn` on the libuv thread pool (the arguments are read first); the Promise
    /// rejects with the same coded errors.
    #[napi(
        ts_args_type = "spec: SelectionSpec, scales: Array<number>, simulation: PortfolioSimulationSpec",
        ts_return_type = "Promise<Array<RiskReturnPoint>>"
    )]
    pub fn risk_return_async(
        &self,
        env: Env,
        spec: Object,
        scales: Vec<f64>,
        simulation: Object,
    ) -> AsyncTask<JsonTask> {
        let args = run(|| {
            let spec: SelectionSpec = spec_record(env, &spec, "spec")?;
            Ok((spec, simulation_record(env, &simulation, "simulation")?))
        });
        match args {
            Err(failure) => failed(failure),
            Ok((spec, simulation)) => {
                let portfolio = Arc::clone(&self.inner);
                AsyncTask::new(JsonTask(Some(Box::new(move || {
                    to_json(&portfolio.risk_return(&spec, &scales, &simulation)?)
                }))))
            }
        }
    }
}

// ---------------------------------------------------------------------------------
// Selection problems

/// A selection problem over projects given by id: values, capacity rows, mandatory and
/// excluded projects, dependencies, exclusive groups and search limits (the core's JSON
/// form). Checked when solved.
#[napi(js_name = "SelectionProblem")]
pub struct JsSelectionProblem {
    inner: SelectionProblem,
}

#[napi]
impl JsSelectionProblem {
    /// A problem from its JSON form (camelCase keys accepted too); errors are at the
    /// field path.
    #[napi(constructor, ts_args_type = "data: SelectionProblemData")]
    pub fn new(env: Env, data: Object) -> napi::Result<Self> {
        call(env, || Ok(JsSelectionProblem { inner: spec_record(env, &data, "")? }))
    }

    /// The project ids.
    #[napi(getter)]
    pub fn projects(&self) -> Vec<String> {
        self.inner.projects.clone()
    }

    /// Each project's value (the objective's coefficients).
    #[napi(getter)]
    pub fn values(&self) -> Vec<f64> {
        self.inner.values.clone()
    }

    /// Solves the problem exactly (branch and bound; within the search limits, the best
    /// selection found with its proven bound and gap). An infeasible set of fixed choices
    /// is a `validation` error naming the constraint, project or group.
    #[napi(ts_return_type = "Selection")]
    pub fn solve(&self, env: Env) -> napi::Result<Value> {
        call(env, || to_json(&self.inner.solve()?))
    }

    /// `solve` on the libuv thread pool (the problem is copied first).
    #[napi(ts_return_type = "Promise<Selection>")]
    pub fn solve_async(&self) -> AsyncTask<JsonTask> {
        let problem = self.inner.clone();
        AsyncTask::new(JsonTask(Some(Box::new(move || to_json(&problem.solve()?)))))
    }

    /// The problem in the core's JSON form.
    #[napi(js_name = "toJSON", ts_return_type = "SelectionProblemData")]
    pub fn to_json(&self, env: Env) -> napi::Result<Value> {
        call(env, || to_json(&self.inner))
    }
}

// ---------------------------------------------------------------------------------
// Scoring

/// AHP weights of an `n × n` reciprocal matrix of pairwise judgements (n = 1 … 15):
/// the principal eigenvector, `lambda_max`, the consistency index and ratio, and whether
/// the judgements are inconsistent (ratio above 0.1) with a warning.
#[napi(ts_args_type = "matrix: Array<Array<number>>", ts_return_type = "AhpWeights")]
pub fn ahp_weights(env: Env, matrix: Object) -> napi::Result<Value> {
    call(env, || {
        let matrix: Vec<Vec<f64>> = record_at(object_json(env, &matrix, "matrix")?, "matrix")?;
        to_json(&core_ahp_weights(&matrix)?)
    })
}

/// Weighted scores of `n` projects against `criteria` (each `{name, weight,
/// lower_is_better?, normalisation?, values}` with `n` values; camelCase keys accepted
/// too): one `{total, contributions, rank}` per project.
#[napi(ts_args_type = "criteria: Array<Criterion>", ts_return_type = "Array<Score>")]
pub fn weighted_scores(env: Env, criteria: Object) -> napi::Result<Value> {
    call(env, || {
        let criteria = snake_case_keys_deep(object_json(env, &criteria, "criteria")?);
        let criteria: Vec<Criterion> = record_at(criteria, "criteria")?;
        to_json(&core_weighted_scores(&criteria)?)
    })
}
