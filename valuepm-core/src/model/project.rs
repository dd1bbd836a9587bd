//! The project document: identity, horizon, lifecycle, line items, value metrics and
//! risks, validated on construction, on load and on every change.

use std::collections::HashSet;

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use crate::audit::{self, AuditTrail, Change, ChangeMeta};
use crate::document::{self, DocumentKind};
use crate::error::{Error, Result};
use crate::finance::DayCount;
use crate::money::Currency;

use super::lifecycle::{validate_history, LifecycleState, Transition};
use super::line_item::{Actual, LineItem, Plan};
use super::metric::{Measurement, ValueMetric};
use super::risk::Risk;

/// The project document schema version this library writes (and the newest it reads;
/// older documents are migrated, see [`crate::document`]).
pub const PROJECT_SCHEMA_VERSION: u32 = DocumentKind::Project.current_version();

/// The plain data of a project, as stored in a JSON document.
///
/// Build one freely, then make a [`Project`] of it with [`Project::from_data`], which
/// validates everything. Dates are ISO `YYYY-MM-DD`; money is `{"amount": "…", "currency": "EUR"}`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectData {
    /// Document schema version ([`PROJECT_SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// How many changes were made to the project through the API (each successful
    /// change that alters the data adds one; version 2 on, 0 for migrated documents).
    /// Set by the library: a change may not set it.
    #[serde(default)]
    pub revision: u64,
    /// Identifier; not empty. It names the project in its audit trail, so a change may
    /// not alter it.
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
///
/// Every successful change is recorded in the project's [`AuditTrail`] (who, when,
/// which field, old and new value, why) and adds one to its `revision`. The trail is
/// not part of the project document: save it with [`AuditTrail::to_json`] and load both
/// with [`Project::from_json_with_trail`]. Two projects are equal when their data are;
/// their trails and change contexts are not compared.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(try_from = "ProjectData", into = "ProjectData")]
pub struct Project {
    data: ProjectData,
    /// The trail and the change context; `None` until either is needed, so the many
    /// projects of a portfolio that are never changed carry one pointer each.
    audit: Option<Box<AuditState>>,
}

#[derive(Clone, Debug, Default)]
struct AuditState {
    trail: AuditTrail,
    meta: ChangeMeta,
}

/// The trail of a project with no recorded change.
static EMPTY_TRAIL: AuditTrail = AuditTrail::new();

impl PartialEq for Project {
    fn eq(&self, other: &Self) -> bool {
        self.data == other.data
    }
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
            revision: 0,
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

    /// Validates `data` and makes a project of it, with an empty audit trail.
    ///
    /// `data` may carry an older `schema_version`: every older project version reads
    /// into [`ProjectData`] with the defaults of the fields added since, so it is
    /// upgraded in place (a version 1 document must not set `revision`). A newer or
    /// unknown version is [`Error::UnsupportedSchemaVersion`].
    pub fn from_data(mut data: ProjectData) -> Result<Self> {
        upgrade(&mut data)?;
        validate(&data)?;
        Ok(Project { data, audit: None })
    }

    /// Parses and validates a JSON project document, migrating an older version (see
    /// [`crate::document`]).
    pub fn from_json(json: &str) -> Result<Self> {
        Project::from_data(document::from_json(json, DocumentKind::Project)?)
    }

    /// [`Project::from_json`] for a document already parsed into a JSON value.
    pub fn from_value(value: serde_json::Value) -> Result<Self> {
        Project::from_data(document::from_value(document::migrate(value, DocumentKind::Project)?)?)
    }

    /// Loads a project together with its saved audit trail, so new changes extend that
    /// trail. The trail's hash chain is verified and every entry must be about this
    /// project ([`Error::Tampered`] otherwise).
    ///
    /// The entries are not replayed against the document: a trail may start after the
    /// project was made (a project created without one, or changed before its trail was
    /// first saved), so the document is taken as the current state.
    pub fn from_json_with_trail(project_json: &str, trail_json: &str) -> Result<Self> {
        let mut project = Project::from_json(project_json)?;
        let trail = AuditTrail::from_json(trail_json)?;
        trail.check_project(project.id())?;
        project.audit_state().trail = trail;
        Ok(project)
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

    /// Every recorded change, oldest first.
    #[must_use]
    pub fn audit_trail(&self) -> &AuditTrail {
        self.audit.as_ref().map_or(&EMPTY_TRAIL, |a| &a.trail)
    }

    /// The change context the next changes are recorded with (who, why, when).
    #[must_use]
    pub fn change_meta(&self) -> &ChangeMeta {
        static UNSET: ChangeMeta = ChangeMeta { actor: String::new(), reason: None, at: None };
        self.audit.as_ref().map_or(&UNSET, |a| &a.meta)
    }

    /// Sets the change context of every following change, returning the previous one.
    pub fn set_change_meta(&mut self, meta: ChangeMeta) -> ChangeMeta {
        std::mem::replace(&mut self.audit_state().meta, meta)
    }

    /// Runs `f` with the change context `meta`, then restores the previous context.
    ///
    /// The changes inside `f` are kept together: when `f` fails, the project and its
    /// trail are as they were before the call (each change inside is still one revision
    /// and its own group of entries when `f` succeeds).
    ///
    /// ```
    /// # use chrono::NaiveDate;
    /// # use valuepm_core::{Currency, audit::ChangeMeta};
    /// # use valuepm_core::model::Project;
    /// let day = |m| NaiveDate::from_ymd_opt(2026, m, 1).unwrap();
    /// let mut p = Project::new("P-1", "Pilot", Currency::new("EUR")?, day(1), day(12), 0.08)?;
    /// p.with_change(ChangeMeta::by("alice").reason("budget review"), |p| {
    ///     p.update(|d| d.discount_rate = 0.1)
    /// })?;
    /// let entry = &p.audit_trail().entries()[0];
    /// assert_eq!((entry.actor.as_str(), entry.path.as_str()), ("alice", "discount_rate"));
    /// assert_eq!(p.data().revision, 1);
    /// # Ok::<(), valuepm_core::Error>(())
    /// ```
    pub fn with_change<R>(&mut self, meta: ChangeMeta, f: impl FnOnce(&mut Project) -> Result<R>) -> Result<R> {
        let before = self.data.clone();
        let trail_len = self.audit_trail().len();
        let previous = self.set_change_meta(meta);
        let result = f(self);
        let state = self.audit_state();
        state.meta = previous;
        if result.is_err() {
            state.trail.truncate(trail_len);
            self.data = before;
        }
        result
    }

    fn audit_state(&mut self) -> &mut AuditState {
        self.audit.get_or_insert_with(Box::default)
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
    /// a change is applied whole or not at all. A kept change that alters the data adds
    /// one to `revision` and records an audit entry per changed field, with the current
    /// change context ([`Project::change_meta`]).
    ///
    /// A change may not alter `id`, `schema_version` or `revision` (a validation error
    /// at that field).
    pub fn update(&mut self, change: impl FnOnce(&mut ProjectData)) -> Result<()> {
        let mut next = self.data.clone();
        change(&mut next);
        self.commit(next, None, None)
    }

    /// Replaces the whole document with `data` (validated), recording every changed
    /// field as [`Project::update`] does: the way to apply an edited copy of
    /// [`Project::data`]. `data`'s `revision` and `schema_version` are ignored; its `id`
    /// must be the project's.
    pub fn replace_data(&mut self, mut data: ProjectData) -> Result<()> {
        data.revision = self.data.revision;
        data.schema_version = self.data.schema_version;
        self.commit(data, None, None)
    }

    /// [`Project::replace_data`] with the differences already known to the caller (an
    /// import that only appended records states them, instead of the generic comparison
    /// serialising the project twice). Debug builds check them as for the mutators.
    pub(crate) fn replace_data_known(&mut self, mut data: ProjectData, known: Vec<Change>) -> Result<()> {
        data.revision = self.data.revision;
        data.schema_version = self.data.schema_version;
        self.commit(data, None, Some(known))
    }

    /// Keeps `next` if it validates, recording its differences from the current data
    /// with `meta` (the project's change context when `None`).
    ///
    /// `known` is the differences when the caller knows them (an item appended, a
    /// measurement recorded): the generic comparison serialises both documents, which
    /// costs time in proportion to the whole project on every change. Debug builds
    /// check that `known` is what the comparison finds, so every test of a mutator also
    /// tests its shortcut.
    fn commit(&mut self, mut next: ProjectData, meta: Option<&ChangeMeta>, known: Option<Vec<Change>>) -> Result<()> {
        for (field, changed) in [
            ("schema_version", next.schema_version != self.data.schema_version),
            ("revision", next.revision != self.data.revision),
        ] {
            if changed {
                return Err(Error::validation(field, "is set by the library; a change may not alter it"));
            }
        }
        if next.id != self.data.id {
            return Err(Error::validation(
                "id",
                format!(
                    "`{}` → `{}`: a project's id names it in its audit trail and cannot change",
                    self.data.id, next.id
                ),
            ));
        }
        validate(&next)?;
        let changes = match known {
            Some(known) => {
                if cfg!(debug_assertions) {
                    assert_eq!(known, differences(&mut self.data, &mut next), "a mutator's known differences");
                }
                known
            }
            None => differences(&mut self.data, &mut next),
        };
        if !changes.is_empty() {
            next.revision += 1;
            let id = next.id.clone();
            let state = self.audit_state();
            let meta = meta.unwrap_or(&state.meta).clone();
            state.trail.record(&id, &meta, changes);
        }
        self.data = next;
        Ok(())
    }

    /// Moves the project to `to`, recording when, who and why. An invalid transition is
    /// [`Error::InvalidTransition`] listing the allowed states. The audit entries are
    /// recorded with actor `by`, time `at` and reason `reason` (none when empty).
    pub fn transition(&mut self, to: LifecycleState, at: DateTime<Utc>, by: &str, reason: &str) -> Result<()> {
        let from = self.data.state;
        if !from.can_transition_to(to) {
            return Err(from.refuse(to));
        }
        let mut next = self.data.clone();
        let transition = Transition { from, to, at, by: by.to_owned(), reason: reason.to_owned() };
        // Sorted by path, as the generic comparison lists them.
        let known = vec![
            Change::added(format!("history[{}]", next.history.len()), &transition),
            Change::changed("state".to_owned(), &from, &to),
        ];
        next.state = to;
        next.history.push(transition);
        let meta = ChangeMeta { actor: by.to_owned(), reason: Some(reason.to_owned()), at: Some(at) };
        self.commit(next, Some(&meta), Some(known))
    }

    /// Adds a line item (validated, id unique).
    pub fn add_line_item(&mut self, item: LineItem) -> Result<()> {
        let known = vec![Change::added(format!("line_items[{}]", item.id), &item)];
        let mut next = self.data.clone();
        next.line_items.push(item);
        self.commit(next, None, Some(known))
    }

    /// Records an actual against the line item `line_item_id`.
    pub fn record_actual(&mut self, line_item_id: &str, actual: Actual) -> Result<()> {
        let index = self.line_item_index(line_item_id)?;
        let mut next = self.data.clone();
        let actuals = &mut next.line_items[index].actuals;
        let known = vec![Change::added(format!("line_items[{line_item_id}].actuals[{}]", actuals.len()), &actual)];
        actuals.push(actual);
        self.commit(next, None, Some(known))
    }

    /// Adds a value metric (validated, id unique).
    pub fn add_metric(&mut self, metric: ValueMetric) -> Result<()> {
        let known = vec![Change::added(format!("metrics[{}]", metric.id), &metric)];
        let mut next = self.data.clone();
        next.metrics.push(metric);
        self.commit(next, None, Some(known))
    }

    /// Records a measurement of the metric `metric_id`.
    pub fn record_measurement(&mut self, metric_id: &str, measurement: Measurement) -> Result<()> {
        let index = self
            .data
            .metrics
            .iter()
            .position(|m| m.id == metric_id)
            .ok_or_else(|| Error::NotFound { what: "metric", id: metric_id.to_owned() })?;
        let mut next = self.data.clone();
        let measurements = &mut next.metrics[index].measurements;
        let path = format!("metrics[{metric_id}].measurements[{}]", measurements.len());
        let known = vec![Change::added(path, &measurement)];
        measurements.push(measurement);
        self.commit(next, None, Some(known))
    }

    /// Adds a risk register entry (validated, id unique).
    pub fn add_risk(&mut self, risk: Risk) -> Result<()> {
        let known = vec![Change::added(format!("risks[{}]", risk.id), &risk)];
        let mut next = self.data.clone();
        next.risks.push(risk);
        self.commit(next, None, Some(known))
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

/// The audit differences from `old` to `new`: their JSON forms compared
/// ([`audit::diff_documents`]), without the library's `schema_version` and `revision`.
/// Lists that are equal on both sides hold no difference and are set aside while the
/// rest is serialised (comparing typed data is far cheaper than serialising it); both
/// documents are as they were on return.
fn differences(old: &mut ProjectData, new: &mut ProjectData) -> Vec<Change> {
    fn set_aside<T: PartialEq>(a: &mut Vec<T>, b: &mut Vec<T>) -> Option<(Vec<T>, Vec<T>)> {
        (a == b).then(|| (std::mem::take(a), std::mem::take(b)))
    }
    fn put_back<T>(a: &mut Vec<T>, b: &mut Vec<T>, aside: Option<(Vec<T>, Vec<T>)>) {
        if let Some((x, y)) = aside {
            (*a, *b) = (x, y);
        }
    }
    let history = set_aside(&mut old.history, &mut new.history);
    let line_items = set_aside(&mut old.line_items, &mut new.line_items);
    let metrics = set_aside(&mut old.metrics, &mut new.metrics);
    let risks = set_aside(&mut old.risks, &mut new.risks);
    let tags = set_aside(&mut old.tags, &mut new.tags);
    // Plain data with string keys: serialising cannot fail.
    let before = serde_json::to_value(&*old).unwrap_or_default();
    let after = serde_json::to_value(&*new).unwrap_or_default();
    put_back(&mut old.history, &mut new.history, history);
    put_back(&mut old.line_items, &mut new.line_items, line_items);
    put_back(&mut old.metrics, &mut new.metrics, metrics);
    put_back(&mut old.risks, &mut new.risks, risks);
    put_back(&mut old.tags, &mut new.tags, tags);
    audit::diff_documents(&before, &after, &["schema_version", "revision"])
}

/// Brings data read at an older schema version to the current one. Version 2 only
/// added `revision` (default 0), so a version 1 document read into [`ProjectData`] is a
/// version 2 document with revision 0.
fn upgrade(d: &mut ProjectData) -> Result<()> {
    document::check_typed_version(DocumentKind::Project, d.schema_version)?;
    if d.schema_version == 1 {
        if d.revision != 0 {
            return Err(Error::validation("revision", "unknown field in a version 1 project document"));
        }
        d.schema_version = 2;
    }
    Ok(())
}

fn validate(d: &ProjectData) -> Result<()> {
    if d.schema_version != PROJECT_SCHEMA_VERSION {
        return Err(Error::UnsupportedSchemaVersion {
            document: "project",
            found: d.schema_version.to_string(),
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
