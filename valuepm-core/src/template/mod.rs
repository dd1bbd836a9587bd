//! Project templates: the built-in Infrastructure, Software Development and Digital
//! Transformation templates, and custom templates that users create, derive, validate,
//! save and share as versioned JSON.
//!
//! A template describes a typical project relative to its start: line items with
//! amounts in the project's currency and timing in months after the start, KPIs with a
//! typical baseline and target, typical risks, a default discount rate and a horizon.
//! [`Template::instantiate`] turns it into a validated [`Project`].
//!
//! A template file is user input: [`Template::from_json`] validates all of it and names
//! the failing field.

use chrono::{Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::document::{self, DocumentKind};
use crate::error::{Error, Result};
use crate::model::{
    default_day_count, unique_ids, Direction, Frequency, LifecycleState, LineItem, LineItemKind, Observation, Plan,
    Project, ProjectData, Risk, RiskStatus, ValueMetric, PROJECT_SCHEMA_VERSION,
};
use crate::money::{Currency, Money};

/// The template document schema version this library reads and writes.
pub const TEMPLATE_SCHEMA_VERSION: u32 = DocumentKind::Template.current_version();

/// Longest horizon a template may set, in years.
pub const MAX_HORIZON_YEARS: u32 = 50;

/// What kind of project a template describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplateCategory {
    /// Data centres, networks, facilities.
    Infrastructure,
    /// Building and running software products.
    SoftwareDevelopment,
    /// Digitising processes and channels.
    DigitalTransformation,
    /// A user's own template.
    Custom,
}

/// When a template line item's amounts fall, relative to the project start.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum TemplateTiming {
    /// Once, `month` months after the start (0 = on the start date).
    OneOff {
        /// Months after the start.
        month: u32,
    },
    /// Every period from `start_month` to `end_month` (inclusive; to the horizon's end
    /// when absent or beyond it).
    Recurring {
        /// How often.
        frequency: Frequency,
        /// First occurrence, in months after the start.
        start_month: u32,
        /// Last month an occurrence may fall in.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        end_month: Option<u32>,
        /// Yearly escalation as a decimal fraction (`"0.03"`).
        #[serde(default, with = "rust_decimal::serde::str_option", skip_serializing_if = "Option::is_none")]
        escalation: Option<Decimal>,
    },
}

/// A typical cost or benefit.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateLineItem {
    /// Identifier, unique within the template.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Cost or benefit kind.
    pub kind: LineItemKind,
    /// Free category for roll-ups.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub category: String,
    /// Typical amount per occurrence, in the project's currency (a decimal string).
    #[serde(with = "rust_decimal::serde::str")]
    pub amount: Decimal,
    /// When it falls.
    pub timing: TemplateTiming,
}

/// A typical KPI.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateMetric {
    /// Identifier, unique within the template.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Unit of the values.
    pub unit: String,
    /// Which way is better.
    pub direction: Direction,
    /// Typical baseline value (measured at the start).
    pub baseline: f64,
    /// Typical target value.
    pub target: f64,
    /// Months after the start by which the target should be reached (≥ 1).
    pub target_month: u32,
    /// Relative weight.
    #[serde(default = "one")]
    pub weight: f64,
    /// Money per unit of improvement, in the project's currency.
    #[serde(default, with = "rust_decimal::serde::str_option", skip_serializing_if = "Option::is_none")]
    pub monetisation: Option<Decimal>,
}

fn one() -> f64 {
    1.0
}

/// A typical risk.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TemplateRisk {
    /// Identifier, unique within the template.
    pub id: String,
    /// What could happen.
    pub description: String,
    /// Probability, 0..=1.
    pub probability: f64,
    /// Typical cost if it occurs, in the project's currency.
    #[serde(with = "rust_decimal::serde::str")]
    pub cost_impact: Decimal,
    /// Typical delay if it occurs, in days.
    #[serde(default)]
    pub schedule_impact_days: u32,
    /// Typical mitigation cost.
    #[serde(with = "rust_decimal::serde::str")]
    pub mitigation_cost: Decimal,
}

/// A project template.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Template {
    /// Document schema version ([`TEMPLATE_SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// Identifier (`infrastructure`, `software_development`, `digital_transformation`
    /// for the built-ins).
    pub id: String,
    /// Display name.
    pub name: String,
    /// What projects it fits.
    #[serde(default)]
    pub description: String,
    /// Kind of project.
    pub category: TemplateCategory,
    /// The template this one was derived from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub derived_from: Option<String>,
    /// Currency the typical amounts were sized in (a project may use another).
    pub default_currency: Currency,
    /// Default annual discount rate.
    pub default_discount_rate: f64,
    /// Default horizon in years (1..=50).
    pub horizon_years: u32,
    /// Typical costs and benefits.
    #[serde(default)]
    pub line_items: Vec<TemplateLineItem>,
    /// Typical KPIs.
    #[serde(default)]
    pub metrics: Vec<TemplateMetric>,
    /// Typical risks.
    #[serde(default)]
    pub risks: Vec<TemplateRisk>,
    /// Tags given to projects made from the template.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// What to set when instantiating a template. Everything but the identity and the
/// start date is optional and falls back to the template's defaults.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct InstantiateOptions {
    /// The new project's id.
    pub id: String,
    /// The new project's name.
    pub name: String,
    /// The project's start date.
    pub start_date: NaiveDate,
    /// Project currency (default: the template's); amounts are taken as given in it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<Currency>,
    /// Discount rate (default: the template's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub discount_rate: Option<f64>,
    /// Horizon in years (default: the template's). Recurring items stop at its end (an
    /// item that would start after it is left out); a one-off beyond it is an error.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub horizon_years: Option<u32>,
    /// Multiplies every amount (costs, benefits, monetisation, risk impacts), e.g. `"1.5"`.
    #[serde(default, with = "rust_decimal::serde::str_option", skip_serializing_if = "Option::is_none")]
    pub scale: Option<Decimal>,
    /// Owner.
    #[serde(default)]
    pub owner: String,
    /// Description (default: the template's).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// Extra tags, after the template's.
    #[serde(default)]
    pub tags: Vec<String>,
}

impl InstantiateOptions {
    /// Options with only the required fields set.
    #[must_use]
    pub fn new(id: &str, name: &str, start_date: NaiveDate) -> Self {
        InstantiateOptions {
            id: id.to_owned(),
            name: name.to_owned(),
            start_date,
            currency: None,
            discount_rate: None,
            horizon_years: None,
            scale: None,
            owner: String::new(),
            description: None,
            tags: Vec::new(),
        }
    }
}

const BUILTIN_SOURCES: [&str; 3] = [
    include_str!("builtin/infrastructure.json"),
    include_str!("builtin/software_development.json"),
    include_str!("builtin/digital_transformation.json"),
];

/// The built-in templates: Infrastructure, Software Development, Digital Transformation.
#[must_use]
pub fn builtin_templates() -> Vec<Template> {
    // The built-in documents are validated by the crate's tests, so parsing cannot fail.
    BUILTIN_SOURCES.iter().filter_map(|s| Template::from_json(s).ok()).collect()
}

/// The built-in template `id`.
pub fn builtin_template(id: &str) -> Result<Template> {
    builtin_templates()
        .into_iter()
        .find(|t| t.id == id)
        .ok_or_else(|| Error::NotFound { what: "template", id: id.to_owned() })
}

impl Template {
    /// Parses and validates a JSON template document.
    pub fn from_json(json: &str) -> Result<Self> {
        let template: Template = document::from_json(json, DocumentKind::Template)?;
        template.validate()?;
        Ok(template)
    }

    /// The template as a pretty-printed JSON document.
    #[must_use]
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }

    /// A custom template derived from this one, with a new id and name.
    pub fn derive(&self, id: &str, name: &str) -> Result<Template> {
        let mut t = self.clone();
        t.derived_from = Some(self.id.clone());
        t.id = id.to_owned();
        t.name = name.to_owned();
        t.category = TemplateCategory::Custom;
        t.validate()?;
        Ok(t)
    }

    /// Validates every field, naming the failing one.
    pub fn validate(&self) -> Result<()> {
        if self.schema_version != TEMPLATE_SCHEMA_VERSION {
            return Err(Error::UnsupportedSchemaVersion {
                document: "template",
                found: self.schema_version.to_string(),
                supported: TEMPLATE_SCHEMA_VERSION,
            });
        }
        for (path, value) in [("id", &self.id), ("name", &self.name)] {
            if value.trim().is_empty() {
                return Err(Error::validation(path, "must not be empty"));
            }
        }
        if !(self.default_discount_rate.is_finite() && self.default_discount_rate > -1.0) {
            return Err(Error::validation(
                "default_discount_rate",
                format!("{} must be a finite rate above -1", self.default_discount_rate),
            ));
        }
        if !(1..=MAX_HORIZON_YEARS).contains(&self.horizon_years) {
            return Err(Error::validation(
                "horizon_years",
                format!("{} must be between 1 and {MAX_HORIZON_YEARS}", self.horizon_years),
            ));
        }
        let months = self.horizon_years * 12;
        for (i, item) in self.line_items.iter().enumerate() {
            validate_item(item, months).map_err(|e| e.at(&format!("line_items[{i}]")))?;
        }
        unique_ids("line_items", self.line_items.iter().map(|i| i.id.as_str()))?;
        for (i, m) in self.metrics.iter().enumerate() {
            validate_metric(m).map_err(|e| e.at(&format!("metrics[{i}]")))?;
        }
        unique_ids("metrics", self.metrics.iter().map(|m| m.id.as_str()))?;
        for (i, r) in self.risks.iter().enumerate() {
            validate_risk(r).map_err(|e| e.at(&format!("risks[{i}]")))?;
        }
        unique_ids("risks", self.risks.iter().map(|r| r.id.as_str()))?;
        for (i, t) in self.tags.iter().enumerate() {
            if t.trim().is_empty() {
                return Err(Error::validation(format!("tags[{i}]"), "must not be empty"));
            }
        }
        Ok(())
    }

    /// A new proposed project from this template.
    pub fn instantiate(&self, options: &InstantiateOptions) -> Result<Project> {
        self.validate()?;
        let currency = options.currency.unwrap_or(self.default_currency);
        let horizon_years = options.horizon_years.unwrap_or(self.horizon_years);
        if !(1..=MAX_HORIZON_YEARS).contains(&horizon_years) {
            return Err(Error::validation(
                "horizon_years",
                format!("{horizon_years} must be between 1 and {MAX_HORIZON_YEARS}"),
            ));
        }
        let scale = options.scale.unwrap_or(Decimal::ONE);
        if scale <= Decimal::ZERO {
            return Err(Error::validation("scale", format!("{scale} must be positive")));
        }
        let start = options.start_date;
        let horizon_months = horizon_years * 12;
        let at_month = |m: u32, path: &str| {
            start.checked_add_months(Months::new(m)).ok_or_else(|| Error::validation(path, "date out of range"))
        };
        let end_date = at_month(horizon_months, "horizon_years")?.pred_opt().unwrap_or(start);
        let money = |amount: Decimal, path: &str| -> Result<Money> {
            let scaled = amount.checked_mul(scale).ok_or_else(|| Error::Overflow { context: path.to_owned() })?;
            Ok(Money::new(scaled, currency).round())
        };

        let mut line_items = Vec::with_capacity(self.line_items.len());
        for (i, item) in self.line_items.iter().enumerate() {
            let path = format!("line_items[{i}]");
            let amount = money(item.amount, &path)?;
            let plan = match &item.timing {
                TemplateTiming::OneOff { month } => {
                    if *month >= horizon_months {
                        return Err(Error::validation(
                            format!("{path}.timing.month"),
                            format!("month {month} lies beyond the {horizon_years}-year horizon"),
                        ));
                    }
                    Plan::OneOff { date: at_month(*month, &path)?, amount }
                }
                TemplateTiming::Recurring { frequency, start_month, end_month, escalation } => {
                    if *start_month >= horizon_months {
                        // Starts after the horizon: the item has no occurrence in it.
                        continue;
                    }
                    let last_month = end_month.map_or(horizon_months - 1, |e| e.min(horizon_months - 1));
                    let end = at_month(last_month + 1, &path)?.pred_opt().unwrap_or(end_date).min(end_date);
                    Plan::Recurring {
                        frequency: *frequency,
                        start: at_month(*start_month, &path)?,
                        end,
                        amount,
                        escalation: *escalation,
                    }
                }
            };
            line_items.push(LineItem {
                id: item.id.clone(),
                name: item.name.clone(),
                kind: item.kind,
                category: item.category.clone(),
                plan,
                actuals: Vec::new(),
            });
        }

        let mut metrics = Vec::with_capacity(self.metrics.len());
        for (i, m) in self.metrics.iter().enumerate() {
            let path = format!("metrics[{i}]");
            metrics.push(ValueMetric {
                id: m.id.clone(),
                name: m.name.clone(),
                unit: m.unit.clone(),
                direction: m.direction,
                baseline: Observation { value: m.baseline, date: start },
                target: Observation { value: m.target, date: at_month(m.target_month, &path)? },
                weight: m.weight,
                monetisation: m.monetisation.map(|v| money(v, &path)).transpose()?,
                measurements: Vec::new(),
            });
        }

        let mut risks = Vec::with_capacity(self.risks.len());
        for (i, r) in self.risks.iter().enumerate() {
            let path = format!("risks[{i}]");
            risks.push(Risk {
                id: r.id.clone(),
                description: r.description.clone(),
                probability: r.probability,
                cost_impact: money(r.cost_impact, &path)?,
                schedule_impact_days: r.schedule_impact_days,
                status: RiskStatus::Open,
                mitigation_cost: money(r.mitigation_cost, &path)?,
                residual_probability: None,
                residual_cost_impact: None,
                expected_date: None,
                owner: String::new(),
            });
        }

        let mut tags = self.tags.clone();
        for t in &options.tags {
            if !tags.contains(t) {
                tags.push(t.clone());
            }
        }

        Project::from_data(ProjectData {
            schema_version: PROJECT_SCHEMA_VERSION,
            revision: 0,
            id: options.id.clone(),
            name: options.name.clone(),
            description: options.description.clone().unwrap_or_else(|| self.description.clone()),
            owner: options.owner.clone(),
            template_id: Some(self.id.clone()),
            currency,
            start_date: start,
            end_date,
            discount_rate: options.discount_rate.unwrap_or(self.default_discount_rate),
            day_count: default_day_count(),
            state: LifecycleState::Proposed,
            history: Vec::new(),
            line_items,
            metrics,
            risks,
            tags,
        })
    }
}

fn not_blank(path: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        Err(Error::validation(path, "must not be empty"))
    } else {
        Ok(())
    }
}

fn not_negative(path: &str, value: Decimal) -> Result<()> {
    if value.is_sign_negative() && !value.is_zero() {
        Err(Error::validation(path, format!("{value} must not be negative")))
    } else {
        Ok(())
    }
}

fn validate_item(item: &TemplateLineItem, horizon_months: u32) -> Result<()> {
    not_blank("id", &item.id)?;
    not_blank("name", &item.name)?;
    not_negative("amount", item.amount)?;
    match &item.timing {
        TemplateTiming::OneOff { month } => {
            if *month >= horizon_months {
                return Err(Error::validation("timing.month", format!("month {month} lies beyond the horizon")));
            }
        }
        TemplateTiming::Recurring { start_month, end_month, escalation, .. } => {
            if *start_month >= horizon_months {
                return Err(Error::validation(
                    "timing.start_month",
                    format!("month {start_month} lies beyond the horizon"),
                ));
            }
            if let Some(end) = end_month {
                if end < start_month {
                    return Err(Error::validation(
                        "timing.end_month",
                        format!("{end} is before timing.start_month {start_month}"),
                    ));
                }
            }
            if let Some(e) = escalation {
                if *e <= Decimal::NEGATIVE_ONE || *e > Decimal::TEN {
                    return Err(Error::validation("timing.escalation", format!("{e} must be above -1 and at most 10")));
                }
            }
        }
    }
    Ok(())
}

fn validate_metric(m: &TemplateMetric) -> Result<()> {
    not_blank("id", &m.id)?;
    not_blank("name", &m.name)?;
    for (path, v) in [("baseline", m.baseline), ("target", m.target)] {
        if !v.is_finite() {
            return Err(Error::validation(path, format!("{v} is not a finite number")));
        }
    }
    // The template's `target` is a bare value: report the error at `target`.
    m.direction.check_target(m.baseline, m.target).map_err(|e| match e {
        Error::Validation { message, .. } => Error::validation("target", message),
        other => other,
    })?;
    if m.target_month == 0 {
        return Err(Error::validation("target_month", "must be at least 1"));
    }
    if !(m.weight.is_finite() && m.weight >= 0.0) {
        return Err(Error::validation("weight", format!("{} must be a finite number ≥ 0", m.weight)));
    }
    if let Some(v) = m.monetisation {
        not_negative("monetisation", v)?;
    }
    Ok(())
}

fn validate_risk(r: &TemplateRisk) -> Result<()> {
    not_blank("id", &r.id)?;
    not_blank("description", &r.description)?;
    if !(0.0..=1.0).contains(&r.probability) {
        return Err(Error::validation("probability", format!("{} must be between 0 and 1", r.probability)));
    }
    not_negative("cost_impact", r.cost_impact)?;
    not_negative("mitigation_cost", r.mitigation_cost)
}
