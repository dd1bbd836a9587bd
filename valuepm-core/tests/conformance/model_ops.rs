//! Conformance operations on the domain model: projects, lifecycle, cash-flow series,
//! value metrics, templates and money.
use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::de::DeserializeOwned;
use serde_json::{json, Value};
use valuepm_core::analytics::{
    holt_forecast, level_shifts, ols_trend, robust_z_anomalies, robust_z_scores, theil_sen_trend, HoltModel, HoltSpec,
    ItemProgress,
};
use valuepm_core::model::{LifecycleState, Period, Project, ValueMetric};
use valuepm_core::portfolio::{
    ahp_weights, weighted_scores, Criterion, Portfolio, PortfolioSimulationSpec, SelectionProblem, SelectionSpec,
};
use valuepm_core::risk::{Scenario, SimulationSpec};
use valuepm_core::template::{builtin_template, builtin_templates, InstantiateOptions, Template};
use valuepm_core::{Currency, Error, ExchangeRates, Money};

type OpResult = Result<Value, Error>;

fn arg<T: DeserializeOwned>(args: &Value, name: &str) -> Result<T, Error> {
    let v = args.get(name).cloned().unwrap_or(Value::Null);
    valuepm_core::document::from_value(v).map_err(|e| e.at(name))
}

fn to_value<T: serde::Serialize>(v: &T) -> Value {
    serde_json::to_value(v).expect("results serialise")
}

fn project(args: &Value) -> Result<Project, Error> {
    // Through the JSON document path, as a user loading a file would; a string is the
    // document's raw text.
    match &args["project"] {
        Value::String(text) => Project::from_json(text),
        doc => Project::from_json(&doc.to_string()),
    }
}

fn portfolio(args: &Value) -> Result<Portfolio, Error> {
    Portfolio::from_json(&args["portfolio"].to_string())
}

fn template(args: &Value) -> Result<Template, Error> {
    match args.get("template") {
        Some(doc) => Template::from_json(&doc.to_string()),
        None => builtin_template(&arg::<String>(args, "template_id")?),
    }
}

fn series(args: &Value) -> Result<(Vec<NaiveDate>, Vec<f64>), Error> {
    Ok((arg(args, "dates")?, arg(args, "values")?))
}

fn confidence(args: &Value) -> f64 {
    args.get("confidence").and_then(Value::as_f64).unwrap_or(0.95)
}

/// The smoothing at given parameters: `{sse, fitted, forecast_<100 × confidence>: [steps]}`.
fn holt_with_parameters(args: &Value) -> OpResult {
    let model = HoltModel::with_parameters(
        &arg::<Vec<f64>>(args, "values")?,
        arg(args, "alpha")?,
        arg(args, "beta")?,
        arg(args, "phi")?,
        arg(args, "initial_level")?,
        arg(args, "initial_trend")?,
    )?;
    let mut out = json!({"sse": model.sse, "fitted": model.fitted});
    for confidence in arg::<Vec<f64>>(args, "confidences")? {
        let key = format!("forecast_{}", (confidence * 100.0).round());
        out[key] = to_value(&model.forecast(arg(args, "horizon")?, confidence)?);
    }
    Ok(out)
}

/// Runs `op` if it is a model operation; `None` when the op is not one of ours.
pub fn dispatch(op: &str, args: &Value) -> Option<OpResult> {
    let result = match op {
        "project.load" => project(args).map(|p| to_value(p.data())),
        "project.evaluate" => project(args).and_then(|p| p.evaluate(arg(args, "as_of")?)).map(|e| to_value(&e)),
        "project.cash_flow_series" => {
            project(args).and_then(|p| p.cash_flow_series(arg::<Period>(args, "period")?)).map(|s| to_value(&s))
        }
        "project.transition" => (|| {
            let mut p = project(args)?;
            for t in arg::<Vec<Value>>(args, "transitions")? {
                let to = LifecycleState::parse(t["to"].as_str().unwrap_or_default())?;
                p.transition(
                    to,
                    arg(&t, "at")?,
                    t["by"].as_str().unwrap_or_default(),
                    t["reason"].as_str().unwrap_or_default(),
                )?;
            }
            Ok(to_value(p.data()))
        })(),
        "project.earned_value" => project(args)
            .and_then(|p| p.earned_value(arg(args, "status_date")?, &arg::<Vec<ItemProgress>>(args, "progress")?))
            .map(|e| to_value(&e)),
        "project.risk_adjusted" => (|| {
            let premium = args.get("premium").and_then(Value::as_f64).unwrap_or(0.0);
            let scenarios: Vec<Scenario> =
                if args.get("scenarios").is_some() { arg(args, "scenarios")? } else { Vec::new() };
            Ok(to_value(&project(args)?.risk_adjusted(arg(args, "as_of")?, premium, &scenarios)?))
        })(),
        "project.simulate" => {
            project(args).and_then(|p| p.simulate(&arg::<SimulationSpec>(args, "spec")?)).map(|r| to_value(&r))
        }
        "portfolio.roll_up" => {
            portfolio(args).and_then(|p| p.roll_up(arg::<Period>(args, "period")?, None)).map(|r| to_value(&r))
        }
        "portfolio.select" => {
            portfolio(args).and_then(|p| p.select(&arg::<SelectionSpec>(args, "spec")?)).map(|s| to_value(&s))
        }
        "portfolio.earned_value" => portfolio(args)
            .and_then(|p| p.earned_value(&arg::<BTreeMap<String, Vec<ItemProgress>>>(args, "progress")?))
            .map(|e| to_value(&e)),
        "portfolio.simulate" => portfolio(args)
            .and_then(|p| p.simulate(&arg::<PortfolioSimulationSpec>(args, "spec")?))
            .map(|r| to_value(&r)),
        "portfolio.risk_return" => portfolio(args)
            .and_then(|p| {
                p.risk_return(
                    &arg::<SelectionSpec>(args, "spec")?,
                    &arg::<Vec<f64>>(args, "scales")?,
                    &arg::<PortfolioSimulationSpec>(args, "simulation")?,
                )
            })
            .map(|r| to_value(&r)),
        "portfolio.ahp_weights" => {
            arg::<Vec<Vec<f64>>>(args, "matrix").and_then(|m| ahp_weights(&m)).map(|w| to_value(&w))
        }
        "portfolio.weighted_scores" => {
            arg::<Vec<Criterion>>(args, "criteria").and_then(|c| weighted_scores(&c)).map(|s| to_value(&s))
        }
        "selection.solve" => arg::<SelectionProblem>(args, "problem").and_then(|p| p.solve()).map(|s| to_value(&s)),
        "analytics.holt_forecast" => {
            series(args).and_then(|(d, v)| holt_forecast(&d, &v, &arg::<HoltSpec>(args, "spec")?)).map(|f| to_value(&f))
        }
        "analytics.holt_with_parameters" => holt_with_parameters(args),
        "analytics.ols_trend" => {
            series(args).and_then(|(d, v)| ols_trend(&d, &v, confidence(args))).map(|t| to_value(&t))
        }
        "analytics.theil_sen_trend" => {
            series(args).and_then(|(d, v)| theil_sen_trend(&d, &v, confidence(args))).map(|t| to_value(&t))
        }
        "analytics.robust_z_scores" => {
            arg::<Vec<f64>>(args, "values").and_then(|v| robust_z_scores(&v)).map(|z| json!(z))
        }
        "analytics.robust_z_anomalies" => series(args)
            .and_then(|(d, v)| robust_z_anomalies(&d, &v, args.get("threshold").and_then(Value::as_f64).unwrap_or(3.5)))
            .map(|a| to_value(&a)),
        "analytics.level_shifts" => series(args)
            .and_then(|(d, v)| {
                let min_size = args.get("min_size").and_then(Value::as_u64).map_or(2, |m| m as usize);
                level_shifts(&d, &v, args.get("penalty").and_then(Value::as_f64), min_size)
            })
            .map(|s| to_value(&s)),
        "metric.evaluate" => (|| {
            let currency: Currency = arg(args, "currency")?;
            let metric: ValueMetric = arg(args, "metric")?;
            metric.validate(currency)?;
            Ok(to_value(&metric.evaluate(arg(args, "as_of")?)?))
        })(),
        "template.list" => Ok(json!(builtin_templates().iter().map(|t| t.id.clone()).collect::<Vec<_>>())),
        "template.load" => template(args).map(|t| to_value(&t)),
        "template.instantiate" => template(args)
            .and_then(|t| t.instantiate(&arg::<InstantiateOptions>(args, "options")?))
            .map(|p| to_value(p.data())),
        "template.evaluate" => template(args)
            .and_then(|t| t.instantiate(&arg::<InstantiateOptions>(args, "options")?))
            .and_then(|p| p.evaluate(arg(args, "as_of")?))
            .map(|e| to_value(&e)),
        "money.sum" => (|| {
            let currency: Currency = arg(args, "currency")?;
            let amounts: Vec<Money> = arg(args, "amounts")?;
            Ok(to_value(&Money::sum(currency, &amounts)?))
        })(),
        "money.round" => arg::<Money>(args, "money").map(|m| to_value(&m.round())),
        "money.convert" => (|| {
            let rates: ExchangeRates = arg(args, "rates")?;
            rates.validate()?;
            Ok(to_value(&rates.convert(&arg(args, "money")?, arg(args, "to")?)?))
        })(),
        _ => return None,
    };
    Some(result)
}
