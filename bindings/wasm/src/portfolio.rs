//! Wraps `valuepm_core::portfolio`: `Portfolio` (the validated portfolio document, its
//! roll-up, selection and efficient frontier, earned value, Monte Carlo and the
//! risk-return frontier), `SelectionProblem` (selection over projects given by id),
//! `ahpWeights` and `weightedScores`, under the Node package's names. Documents, specs
//! and results cross as the core's serde JSON (`snake_case` keys, money
//! `{amount, currency}`); specs and problems accept camelCase keys too. On wasm the
//! roll-up and simulations always run on one thread (the core's rule there), whatever
//! `threads` asks for, and the `…Async` variants run on the calling thread and return a
//! Promise that is already settled (resolved with the sync method's result or rejected
//! with the error it throws).

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde_json::Value;
use valuepm_core::analytics::ItemProgress;
use valuepm_core::model::Period;
use valuepm_core::portfolio::{
    ahp_weights as core_ahp_weights, weighted_scores as core_weighted_scores, Criterion, Portfolio,
    PortfolioSimulationSpec, SelectionProblem, SelectionSpec,
};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

use crate::convert::{
    self, flows, name_value, object_json, record, record_at, snake_case_keys, snake_case_keys_deep, to_js,
};
use crate::error::{call, invalid_argument, promise, Failure};

/// A spec or problem from its JSON form (camelCase keys accepted too): errors at its
/// field path (`budgets[0].limit`), as the core's own checks report them.
fn spec_record<T: DeserializeOwned>(value: &JsValue, argument: &str) -> Result<T, Failure> {
    record(snake_case_keys_deep(object_json(value, argument)?))
}

/// A portfolio simulation spec (camelCase keys accepted too, except the project ids
/// that key `inputs`, which are kept as given): errors at its field path.
fn simulation_record(value: &JsValue, argument: &str) -> Result<PortfolioSimulationSpec, Failure> {
    let mut value = snake_case_keys(object_json(value, argument)?);
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
fn portfolio_progress(value: &JsValue) -> Result<BTreeMap<String, Vec<ItemProgress>>, Failure> {
    match object_json(value, "progress")? {
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

/// The number of worker threads (`null`: the machine's parallelism; one on wasm).
fn threads(threads: Option<u32>) -> Result<Option<usize>, Failure> {
    match threads {
        Some(0) => Err(invalid_argument("threads", "must be at least 1")),
        other => Ok(other.map(|t| t as usize)),
    }
}

// ---------------------------------------------------------------------------------
// Portfolio

/// A validated portfolio: a currency, a status date and projects (each a project
/// document), with budgets and dependencies for selection.
#[wasm_bindgen(js_name = "Portfolio")]
pub struct WasmPortfolio {
    inner: Portfolio,
}

impl WasmPortfolio {
    /// Wraps a core portfolio.
    pub fn from_core(inner: Portfolio) -> Self {
        WasmPortfolio { inner }
    }
}

#[wasm_bindgen(js_class = "Portfolio")]
impl WasmPortfolio {
    /// Lends a copy of this portfolio to the io functions (internal: see `io`).
    #[wasm_bindgen(js_name = "__lend", skip_typescript)]
    pub fn lend(&self) {
        crate::io::lend(crate::io::Lent::Portfolio(self.inner.clone()));
    }

    /// A portfolio from its JSON document text, validated.
    #[wasm_bindgen(js_name = "fromJson")]
    pub fn from_json(text: String) -> Result<WasmPortfolio, JsValue> {
        call(|| Ok(WasmPortfolio { inner: Portfolio::from_json(&text)? }))
    }

    /// A portfolio from its document as an object, validated.
    #[wasm_bindgen(js_name = "fromData")]
    pub fn from_data(
        #[wasm_bindgen(unchecked_param_type = "PortfolioData")] data: JsValue,
    ) -> Result<WasmPortfolio, JsValue> {
        call(|| {
            // Through the document reader: an older schema version is migrated.
            let data = convert::normalised(object_json(&data, "")?);
            Ok(WasmPortfolio { inner: Portfolio::from_value(data)? })
        })
    }

    /// The JSON document text.
    #[wasm_bindgen(js_name = "toJson")]
    pub fn to_json_text(&self) -> Result<String, JsValue> {
        call(|| {
            serde_json::to_string_pretty(&self.inner.to_data())
                .map_err(|e| Failure::Internal(format!("cannot serialise the portfolio: {e}")))
        })
    }

    /// The document as a plain object.
    #[wasm_bindgen(unchecked_return_type = "PortfolioData")]
    pub fn data(&self) -> Result<JsValue, JsValue> {
        call(|| to_js(&self.inner.to_data()))
    }

    /// The document as a plain object (for `JSON.stringify`).
    #[wasm_bindgen(js_name = "toJSON", unchecked_return_type = "PortfolioData")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        self.data()
    }

    /// The currency code.
    #[wasm_bindgen(getter)]
    pub fn currency(&self) -> String {
        self.inner.currency().code().to_owned()
    }

    /// The status date (ISO).
    #[wasm_bindgen(getter, js_name = "statusDate")]
    pub fn status_date(&self) -> String {
        self.inner.status_date().to_string()
    }

    /// The projects' ids, in document order.
    #[wasm_bindgen(getter, js_name = "projectIds")]
    pub fn project_ids(&self) -> Vec<String> {
        self.inner.projects().iter().map(|p| p.id().to_owned()).collect()
    }

    /// Planned and actual totals per `period` (`month`, `quarter`, `year` by default)
    /// over every project, and each project's evaluation (JSON form).
    #[wasm_bindgen(js_name = "rollUp", unchecked_return_type = "RollUp")]
    pub fn roll_up(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "'month' | 'quarter' | 'year' | null")] period: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "number | null")] threads: Option<u32>,
    ) -> Result<JsValue, JsValue> {
        call(|| {
            let period = self::period(period.as_deref())?;
            to_js(&self.inner.roll_up(period, self::threads(threads)?)?)
        })
    }

    /// `rollUp` as a Promise (on wasm: run on the calling thread, returned settled).
    #[wasm_bindgen(js_name = "rollUpAsync", unchecked_return_type = "Promise<RollUp>")]
    pub fn roll_up_async(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "'month' | 'quarter' | 'year' | null")] period: Option<String>,
        #[wasm_bindgen(unchecked_optional_param_type = "number | null")] threads: Option<u32>,
    ) -> js_sys::Promise {
        promise(self.roll_up(period, threads))
    }

    /// The selection problem of `spec` over the portfolio's projects.
    #[wasm_bindgen(js_name = "selectionProblem")]
    pub fn selection_problem(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SelectionSpec")] spec: JsValue,
    ) -> Result<WasmSelectionProblem, JsValue> {
        call(|| {
            let spec: SelectionSpec = spec_record(&spec, "spec")?;
            Ok(WasmSelectionProblem { inner: self.inner.selection_problem(&spec)? })
        })
    }

    /// The optimal selection of projects under `spec` (JSON form).
    #[wasm_bindgen(unchecked_return_type = "Selection")]
    pub fn select(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SelectionSpec")] spec: JsValue,
    ) -> Result<JsValue, JsValue> {
        call(|| {
            let spec: SelectionSpec = spec_record(&spec, "spec")?;
            to_js(&self.inner.select(&spec)?)
        })
    }

    /// `select` as a Promise (on wasm: run on the calling thread, returned settled).
    #[wasm_bindgen(js_name = "selectAsync", unchecked_return_type = "Promise<Selection>")]
    pub fn select_async(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SelectionSpec")] spec: JsValue,
    ) -> js_sys::Promise {
        promise(self.select(spec))
    }

    /// The efficient frontier: the optimal selection with every budget scaled by each of
    /// `scales` (JSON form).
    #[wasm_bindgen(unchecked_return_type = "Array<FrontierPoint>")]
    pub fn frontier(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SelectionSpec")] spec: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Array<number>")] scales: JsValue,
    ) -> Result<JsValue, JsValue> {
        call(|| {
            let spec: SelectionSpec = spec_record(&spec, "spec")?;
            to_js(&self.inner.frontier(&spec, &flows(&scales, "scales")?)?)
        })
    }

    /// Earned value of every project and of the portfolio at its status date, from
    /// `{projectId: progress}` (JSON form).
    #[wasm_bindgen(js_name = "earnedValue", unchecked_return_type = "PortfolioEarnedValue")]
    pub fn earned_value(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Record<string, ProgressArg>")] progress: JsValue,
    ) -> Result<JsValue, JsValue> {
        call(|| {
            let progress = portfolio_progress(&progress)?;
            to_js(&self.inner.earned_value(&progress)?)
        })
    }

    /// A seeded Monte Carlo simulation of the portfolio (JSON form).
    #[wasm_bindgen(unchecked_return_type = "PortfolioSimulationResult")]
    pub fn simulate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PortfolioSimulationSpec")] spec: JsValue,
    ) -> Result<JsValue, JsValue> {
        call(|| {
            let spec = simulation_record(&spec, "spec")?;
            to_js(&self.inner.simulate(&spec)?)
        })
    }

    /// `simulate` as a Promise (on wasm: run on the calling thread, returned settled).
    #[wasm_bindgen(js_name = "simulateAsync", unchecked_return_type = "Promise<PortfolioSimulationResult>")]
    pub fn simulate_async(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PortfolioSimulationSpec")] spec: JsValue,
    ) -> js_sys::Promise {
        promise(self.simulate(spec))
    }

    /// `riskReturn` as a Promise (on wasm: run on the calling thread, returned settled).
    #[wasm_bindgen(js_name = "riskReturnAsync", unchecked_return_type = "Promise<Array<RiskReturnPoint>>")]
    pub fn risk_return_async(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SelectionSpec")] spec: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Array<number>")] scales: JsValue,
        #[wasm_bindgen(unchecked_param_type = "PortfolioSimulationSpec")] simulation: JsValue,
    ) -> js_sys::Promise {
        promise(self.risk_return(spec, scales, simulation))
    }

    /// The risk-return frontier: the frontier's selections, each simulated (JSON form).
    #[wasm_bindgen(js_name = "riskReturn", unchecked_return_type = "Array<RiskReturnPoint>")]
    pub fn risk_return(
        &self,
        #[wasm_bindgen(unchecked_param_type = "SelectionSpec")] spec: JsValue,
        #[wasm_bindgen(unchecked_param_type = "Array<number>")] scales: JsValue,
        #[wasm_bindgen(unchecked_param_type = "PortfolioSimulationSpec")] simulation: JsValue,
    ) -> Result<JsValue, JsValue> {
        call(|| {
            let spec: SelectionSpec = spec_record(&spec, "spec")?;
            let simulation = simulation_record(&simulation, "simulation")?;
            to_js(&self.inner.risk_return(&spec, &flows(&scales, "scales")?, &simulation)?)
        })
    }
}

// ---------------------------------------------------------------------------------
// Selection problems

/// A selection problem over projects given by id: values, costs against budgets,
/// dependencies and exclusions.
#[wasm_bindgen(js_name = "SelectionProblem")]
pub struct WasmSelectionProblem {
    inner: SelectionProblem,
}

#[wasm_bindgen(js_class = "SelectionProblem")]
impl WasmSelectionProblem {
    /// A problem from its JSON form (camelCase keys accepted too), validated.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "SelectionProblemData")] data: JsValue,
    ) -> Result<WasmSelectionProblem, JsValue> {
        call(|| Ok(WasmSelectionProblem { inner: spec_record(&data, "")? }))
    }

    /// The project ids.
    #[wasm_bindgen(getter)]
    pub fn projects(&self) -> Vec<String> {
        self.inner.projects.clone()
    }

    /// The projects' values (an array, as in the Node package).
    #[wasm_bindgen(getter, unchecked_return_type = "Array<number>")]
    pub fn values(&self) -> Result<JsValue, JsValue> {
        call(|| to_js(&self.inner.values))
    }

    /// The optimal selection (JSON form).
    #[wasm_bindgen(unchecked_return_type = "Selection")]
    pub fn solve(&self) -> Result<JsValue, JsValue> {
        call(|| to_js(&self.inner.solve()?))
    }

    /// `solve` as a Promise (on wasm: run on the calling thread, returned settled).
    #[wasm_bindgen(js_name = "solveAsync", unchecked_return_type = "Promise<Selection>")]
    pub fn solve_async(&self) -> js_sys::Promise {
        promise(self.solve())
    }

    /// The problem's JSON form.
    #[wasm_bindgen(js_name = "toJSON", unchecked_return_type = "SelectionProblemData")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        call(|| to_js(&self.inner))
    }
}

// ---------------------------------------------------------------------------------
// Scoring

/// AHP weights of a pairwise comparison matrix, with its consistency (JSON form).
#[wasm_bindgen(js_name = "ahpWeights", unchecked_return_type = "AhpWeights")]
pub fn ahp_weights(
    #[wasm_bindgen(unchecked_param_type = "Array<Array<number>>")] matrix: JsValue,
) -> Result<JsValue, JsValue> {
    call(|| {
        let matrix: Vec<Vec<f64>> = record_at(object_json(&matrix, "matrix")?, "matrix")?;
        to_js(&core_ahp_weights(&matrix)?)
    })
}

/// Weighted scores of alternatives over `criteria` (JSON form).
#[wasm_bindgen(js_name = "weightedScores", unchecked_return_type = "Array<Score>")]
pub fn weighted_scores(
    #[wasm_bindgen(unchecked_param_type = "Array<Criterion>")] criteria: JsValue,
) -> Result<JsValue, JsValue> {
    call(|| {
        let criteria = snake_case_keys_deep(object_json(&criteria, "criteria")?);
        let criteria: Vec<Criterion> = record_at(criteria, "criteria")?;
        to_js(&core_weighted_scores(&criteria)?)
    })
}
