//! `valuepm._valuepm`: the Python binding of ValuePM core (pyo3, abi3 for `CPython` ≥ 3.9).
//!
//! The files mirror the core's modules: [`finance`], [`model`], [`analytics`], [`risk`], [`template`],
//! [`money`], [`portfolio`], [`audit`], [`document`], [`io`];
//! every conversion lives in [`convert`] and every error mapping in [`error`]. The
//! Python package `valuepm` re-exports this module and adds a small pure-Python layer
//! (the `LifecycleState` enum, `evaluate_many` with `to_pandas()`).

mod audit;
mod convert;
mod document;
mod error;
mod finance;
mod io;
#[macro_use]
mod model;
mod analytics;
mod money;
mod portfolio;
mod risk;
mod template;

use pyo3::prelude::*;

/// The extension module.
#[pymodule]
fn _valuepm(m: &Bound<'_, PyModule>) -> PyResult<()> {
    error::register(m)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_function(wrap_pyfunction!(error::panic_for_test, m)?)?;

    m.add_class::<finance::PyRootSolution>()?;
    for f in [
        wrap_pyfunction!(finance::npv, m)?,
        wrap_pyfunction!(finance::npv_t0, m)?,
        wrap_pyfunction!(finance::xnpv, m)?,
        wrap_pyfunction!(finance::xnpv_with, m)?,
        wrap_pyfunction!(finance::irr, m)?,
        wrap_pyfunction!(finance::irr_solve, m)?,
        wrap_pyfunction!(finance::irr_all_roots, m)?,
        wrap_pyfunction!(finance::irr_of_times, m)?,
        wrap_pyfunction!(finance::xirr, m)?,
        wrap_pyfunction!(finance::xirr_solve, m)?,
        wrap_pyfunction!(finance::mirr, m)?,
        wrap_pyfunction!(finance::pmt, m)?,
        wrap_pyfunction!(finance::pv, m)?,
        wrap_pyfunction!(finance::fv, m)?,
        wrap_pyfunction!(finance::nper, m)?,
        wrap_pyfunction!(finance::rate, m)?,
        wrap_pyfunction!(finance::rate_solve, m)?,
        wrap_pyfunction!(finance::ipmt, m)?,
        wrap_pyfunction!(finance::ppmt, m)?,
        wrap_pyfunction!(finance::cumipmt, m)?,
        wrap_pyfunction!(finance::cumprinc, m)?,
        wrap_pyfunction!(finance::effect, m)?,
        wrap_pyfunction!(finance::nominal, m)?,
        wrap_pyfunction!(finance::sln, m)?,
        wrap_pyfunction!(finance::syd, m)?,
        wrap_pyfunction!(finance::db, m)?,
        wrap_pyfunction!(finance::ddb, m)?,
        wrap_pyfunction!(finance::year_fraction, m)?,
        wrap_pyfunction!(finance::irr_batch, m)?,
        wrap_pyfunction!(finance::npv_batch, m)?,
        wrap_pyfunction!(finance::xirr_batch, m)?,
    ] {
        m.add_function(f)?;
    }

    m.add_class::<money::PyCurrency>()?;
    m.add_class::<money::PyMoney>()?;
    m.add_class::<money::PyExchangeRates>()?;

    m.add_class::<model::PyProject>()?;
    m.add_class::<model::PyProjectChange>()?;
    m.add_class::<audit::PyAuditTrail>()?;
    m.add_function(wrap_pyfunction!(audit::query_trails, m)?)?;
    m.add_function(wrap_pyfunction!(document::migrate_document, m)?)?;
    m.add_class::<model::PyLineItem>()?;
    m.add_class::<model::PyValueMetric>()?;
    m.add_class::<model::PyMeasurement>()?;
    m.add_class::<model::PyMetricEvaluation>()?;
    m.add_class::<model::PyTransition>()?;
    m.add_class::<model::PyCashFlow>()?;
    m.add_class::<model::PyPeriodTotals>()?;
    m.add_class::<model::PyCashFlowSeries>()?;
    m.add_class::<model::PyTotals>()?;
    m.add_class::<model::PyEvaluation>()?;
    m.add_class::<analytics::PyEarnedValue>()?;
    m.add_class::<analytics::PyTrend>()?;
    m.add_function(wrap_pyfunction!(analytics::ols_trend, m)?)?;
    m.add_function(wrap_pyfunction!(analytics::theil_sen_trend, m)?)?;
    m.add_function(wrap_pyfunction!(analytics::robust_z_scores, m)?)?;
    m.add_function(wrap_pyfunction!(analytics::robust_z_anomalies, m)?)?;
    m.add_function(wrap_pyfunction!(analytics::level_shifts, m)?)?;
    m.add_class::<analytics::PyHoltModel>()?;
    m.add_class::<analytics::PyHoltForecast>()?;
    m.add_function(wrap_pyfunction!(analytics::holt_fit, m)?)?;
    m.add_function(wrap_pyfunction!(analytics::holt_forecast, m)?)?;
    m.add_class::<risk::PyRiskAdjustment>()?;
    m.add_class::<risk::PySimulationResult>()?;
    m.add_function(wrap_pyfunction!(model::allowed_transitions, m)?)?;
    m.add_function(wrap_pyfunction!(model::evaluate_many, m)?)?;

    m.add_class::<template::PyTemplate>()?;
    m.add_function(wrap_pyfunction!(template::builtin_templates, m)?)?;
    m.add_function(wrap_pyfunction!(template::builtin_template, m)?)?;

    m.add_class::<portfolio::PyPortfolio>()?;
    m.add_class::<portfolio::PySelectionProblem>()?;
    m.add_function(wrap_pyfunction!(portfolio::ahp_weights, m)?)?;
    m.add_function(wrap_pyfunction!(portfolio::weighted_scores, m)?)?;

    m.add_class::<io::PyImportReport>()?;
    m.add_function(wrap_pyfunction!(io::import_csv, m)?)?;
    m.add_function(wrap_pyfunction!(io::import_workbook, m)?)?;
    m.add_function(wrap_pyfunction!(io::export_csv, m)?)?;
    m.add_function(wrap_pyfunction!(io::export_xlsx, m)?)?;
    Ok(())
}
