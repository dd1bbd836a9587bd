//! The project document: identity, horizon, lifecycle, line items, value metrics and
//! risks, validated on construction, on load and on every change.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};
use crate::finance::DayCount;
use crate::money::Currency;

use super::lifecycle::{validate_history, LifecycleState, Transition};
use super::line_item::{Actual, LineItem, Plan};
use super::metric::{Measurement, ValueMetric};
use super::risk::Risk;

/// The project document schema version this library reads and writes.
pub const PROJECT_SCHEMA_VERSION: u32 = 1;

/// The plain data of a project, as stored in a JSON document.
///
/// Build one freely, then make a [`Project`] of it with [`Project::from_data`], which
/// validates everything. Dates are ISO `YYYY-MM-DD`; money is `{"amount": "…", "currency": "EUR"}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectData {
    /// Document schema version ([`PROJECT_SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// Identifier; not empty.
    pub id: String,
    /// Display name; not empty.
    pub name: String,
    /// What the project is for.
    #[serde(default)]
    pub description: String,
    /// Accountable person or team.
    #[serde(default)]
    pub owner: String,
    /// The template the project was made from, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub template_id: Option<String>,
    /// The currency of every amount in the project.
    pub currency: Currency,
    /// First day of the horizon.
    pub start_date: NaiveDate,
    /// Last day of the horizon; every planned amount falls within it.
    pub end_date: NaiveDate,
    /// Annual discount rate (0.08 = 8%); above -1.
    pub discount_rate: f64,
    /// How time from the start date is measured when discounting. The default, 30E/360,
    /// puts flows on the same day of each month exactly k/12 years apart, so a yearly
    /// schedule discounts exactly like a spreadsheet's periodic NPV.
    #[serde(default = "default_day_count")]
    pub day_count: DayCount,
    /// Current lifecycle state.
    #[serde(default)]
    pub state: LifecycleState,
    /// Every transition so far, oldest first.
    #[serde(default)]
    pub history: Vec<Transition>,
    /// Costs and benefits.
    #[serde(default)]
    pub line_items: Vec<LineItem>,
    /// Value metrics (KPIs).
    #[serde(default)]
    pub metrics: Vec<ValueMetric>,
    /// Risk register.
    #[serde(default)]
    pub risks: Vec<Risk>,
    /// Free tags.
    #[serde(default)]
    pub tags: Vec<String>,
}

/// The default discounting day count of a project (30E/360).
#[must_use]
pub fn default_day_count() -> DayCount {
    DayCount::Thirty360European
}

/// A validated project. Every way to make or change one validates the whole document,
/// and a change that fails leaves the project as it was.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ProjectData", into = "ProjectData")]
pub struct Project {
    data: ProjectData,
}

impl TryFrom<ProjectData> for Project {
    type Error = Error;
    fn try_from(data: ProjectData) -> Result<Self> {
        Project::from_data(data)
    }
}

impl From<Project> for ProjectData {
    fn from(p: Project) -> ProjectData {
        p.data
    }
}

impl Project {
    /// A new proposed project with no line items, metrics or risks.
    pub fn new(
        id: &str,
        name: &str,
        currency: Currency,
        start_date: NaiveDate,
        end_date: NaiveDate,
        discount_rate: f64,
    ) -> Result<Self> {
        Project::from_data(ProjectData {
            schema_version: PROJECT_SCHEMA_VERSION,
            id: id.to_owned(),
            name: name.to_owned(),
            description: String::new(),
            owner: String::new(),
            template_id: None,
            currency,
            start_date,
            end_date,
            discount_rate,
            day_count: default_day_count(),
            state: LifecycleState::Proposed,
            history: Vec::new(),
            line_items: Vec::new(),
            metrics: Vec::new(),
            risks: Vec::new(),
            tags: Vec::new(),
        })
    }

    /// Validates `data` and makes a project of it.
    pub fn from_data(data: ProjectData) -> Result<Self> {
        validate(&data)?;
        Ok(Project { data })
    }

    /// Parses and validates a JSON project document.
    pub fn from_json(json: &str) -> Result<Self> {
        Project::from_data(crate::document::from_json(json, "project", PROJECT_SCHEMA_VERSION)?)
    }

    /// The project as a pretty-printed JSON document.
    #[must_use]
    pub fn to_json(&self) -> String {
        // Serialising plain data with string keys cannot fail.
        serde_json::to_string_pretty(&self.data).unwrap_or_default()
    }

    /// The project's data (read only; change it through [`Project::update`] and friends).
    #[must_use]
    pub fn data(&self) -> &ProjectData {
        &self.data
    }

    /// The project's data, consuming the project.
    #[must_use]
    pub fn into_data(self) -> ProjectData {
        self.data
    }

    /// Identifier.
    #[must_use]
    pub fn id(&self) -> &str {
        &self.data.id
    }

    /// Display name.
    #[must_use]
    pub fn name(&self) -> &str {
        &self.data.name
    }

    /// Currency of every amount.
    #[must_use]
    pub fn currency(&self) -> Currency {
        self.data.currency
    }

    /// Current lifecycle state.
    #[must_use]
    pub fn state(&self) -> LifecycleState {
        self.data.state
    }

    /// Applies `change` to a copy of the data and keeps it only if the result validates:
    /// a change is applied whole or not at all.
    pub fn update(&mut self, change: impl FnOnce(&mut ProjectData)) -> Result<()> {
        let mut next = self.data.clone();
        change(&mut next);
        validate(&next)?;
        self.data = next;
        Ok(())
    }

    /// Moves the project to `to`, recording when, who and why. An invalid transition is
    /// [`Error::InvalidTransition`] listing the allowed states.
    pub fn transition(&mut self, to: LifecycleState, at: DateTime<Utc>, by: &str, reason: &str) -> Result<()> {
        let from = self.data.state;
        if !from.can_transition_to(to) {
            return Err(from.refuse(to));
        }
        self.update(|d| {
            d.state = to;
            d.history.push(Transition { from, to, at, by: by.to_owned(), reason: reason.to_owned() });
        })
    }

    /// Adds a line item (validated, id unique).
    pub fn add_line_item(&mut self, item: LineItem) -> Result<()> {
        self.update(|d| d.line_items.push(item))
    }

    /// Records an actual against the line item `line_item_id`.
    pub fn record_actual(&mut self, line_item_id: &str, actual: Actual) -> Result<()> {
        let index = self.line_item_index(line_item_id)?;
        self.update(|d| d.line_items[index].actuals.push(actual))
    }

    /// Adds a value metric (validated, id unique).
    pub fn add_metric(&mut self, metric: ValueMetric) -> Result<()> {
        self.update(|d| d.metrics.push(metric))
    }

    /// Records a measurement of the metric `metric_id`.
    pub fn record_measurement(&mut self, metric_id: &str, measurement: Measurement) -> Result<()> {
        let index = self
            .data
            .metrics
            .iter()
            .position(|m| m.id == metric_id)
            .ok_or_else(|| Error::NotFound { what: "metric", id: metric_id.to_owned() })?;
        self.update(|d| d.metrics[index].measurements.push(measurement))
    }

    /// Adds a risk register entry (validated, id unique).
    pub fn add_risk(&mut self, risk: Risk) -> Result<()> {
        self.update(|d| d.risks.push(risk))
    }

    fn line_item_index(&self, id: &str) -> Result<usize> {
        self.data
            .line_items
            .iter()
            .position(|i| i.id == id)
            .ok_or_else(|| Error::NotFound { what: "line item", id: id.to_owned() })
    }
}

fn not_blank(path: &str, value: &str) -> Result<()> {
    if value.trim().is_empty() {
        Err(Error::validation(path, "must not be empty"))
    } else {
        Ok(())
    }
}

/// Fails when two items share an id, naming the second.
pub(crate) fn unique_ids<'a>(list: &str, ids: impl Iterator<Item = &'a str>) -> Result<()> {
    let mut seen = HashSet::new();
    for (i, id) in ids.enumerate() {
        if !seen.insert(id) {
            return Err(Error::validation(format!("{list}[{i}].id"), format!("`{id}` is used twice")));
        }
    }
    Ok(())
}

fn validate(d: &ProjectData) -> Result<()> {
    if d.schema_version != PROJECT_SCHEMA_VERSION {
        return Err(Error::UnsupportedSchemaVersion {
            document: "project",
            found: d.schema_version,
            supported: PROJECT_SCHEMA_VERSION,
        });
    }
    not_blank("id", &d.id)?;
    not_blank("name", &d.name)?;
    if d.end_date < d.start_date {
        return Err(Error::validation("end_date", format!("{} is before start_date {}", d.end_date, d.start_date)));
    }
    if !(d.discount_rate.is_finite() && d.discount_rate > -1.0) {
        return Err(Error::validation("discount_rate", format!("{} must be a finite rate above -1", d.discount_rate)));
    }
    validate_history(d.state, &d.history)?;
    for (i, item) in d.line_items.iter().enumerate() {
        let at = format!("line_items[{i}]");
        item.validate(d.currency).map_err(|e| e.at(&at))?;
        let (first, last) = match &item.plan {
            Plan::OneOff { date, .. } => (*date, *date),
            Plan::Recurring { start, end, .. } => (*start, *end),
        };
        if first < d.start_date || last > d.end_date {
            return Err(Error::validation(
                format!("{at}.plan"),
                format!("{first}..{last} lies outside the project horizon {}..{}", d.start_date, d.end_date),
            ));
        }
    }
    unique_ids("line_items", d.line_items.iter().map(|i| i.id.as_str()))?;
    for (i, m) in d.metrics.iter().enumerate() {
        m.validate(d.currency).map_err(|e| e.at(&format!("metrics[{i}]")))?;
    }
    unique_ids("metrics", d.metrics.iter().map(|m| m.id.as_str()))?;
    for (i, r) in d.risks.iter().enumerate() {
        r.validate(d.currency).map_err(|e| e.at(&format!("risks[{i}]")))?;
        if let Some(date) = r.expected_date {
            if date < d.start_date {
                return Err(Error::validation(
                    format!("risks[{i}].expected_date"),
                    format!("{date} is before the project start {}", d.start_date),
                ));
            }
        }
    }
    unique_ids("risks", d.risks.iter().map(|r| r.id.as_str()))?;
    let mut tags = HashSet::new();
    for (i, t) in d.tags.iter().enumerate() {
        not_blank(&format!("tags[{i}]"), t)?;
        if !tags.insert(t) {
            return Err(Error::validation(format!("tags[{i}]"), format!("`{t}` is listed twice")));
        }
    }
    Ok(())
}
