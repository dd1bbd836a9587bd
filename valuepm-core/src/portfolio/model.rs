//! The portfolio document and its roll-ups.
//!
//! A portfolio is a set of projects with portfolio-level settings: the reporting currency
//! with explicit exchange rates (projects in other currencies are converted with them,
//! never silently), the status date, a discount rate for the combined cash flows, and per
//! project a category, criterion scores and resource demands.
//!
//! **Roll-up** ([`Portfolio::roll_up`]): every project is evaluated on the status date.
//! Money totals (planned, planned to date, actual to date, NPV at each project's own rate,
//! EMV, value realised and promised) are converted exactly (decimal × rate) and summed by
//! state, template, category and owner; the combined planned and actual flows are summed
//! per calendar period. The combined planned flows, converted at the rate as a float, give
//! the portfolio NPV at the portfolio's rate, IRR and simple payback, with time measured
//! from the earliest project start on 30E/360. KPI statuses are counted over all
//! projects.

use std::collections::{BTreeMap, HashMap};

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::document::{self, DocumentKind};
use crate::error::{Error, Result};
use crate::finance::{irr_of_times, DayCount};
use crate::model::{payback_from_yearly_nets, MetricStatus, Period, Project, ProjectData};
use crate::money::{Currency, ExchangeRates, Money};
use crate::Decimal;

/// The portfolio document's schema version (version 2: its projects are project
/// documents of version 2; older portfolios are migrated, see [`crate::document`]).
pub const PORTFOLIO_SCHEMA_VERSION: u32 = DocumentKind::Portfolio.current_version();

/// Largest number of projects in one portfolio.
pub const MAX_PORTFOLIO_PROJECTS: usize = 1_000_000;

/// One project in a portfolio, with what the portfolio knows about it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PortfolioEntry {
    /// The project document.
    pub project: ProjectData,
    /// Category for roll-ups (e.g. `regulatory`, `growth`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<String>,
    /// Criterion scores (e.g. `strategic_fit`, `urgency`), for weighted scoring.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub scores: BTreeMap<String, f64>,
    /// Resource demands (e.g. `headcount`, `data_engineers`), for selection limits.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub resources: BTreeMap<String, f64>,
}

/// A portfolio document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PortfolioData {
    /// Document schema version ([`PORTFOLIO_SCHEMA_VERSION`]).
    pub schema_version: u32,
    /// Identifier; not empty.
    pub id: String,
    /// Display name; not empty.
    pub name: String,
    /// Reporting currency.
    pub currency: Currency,
    /// The date roll-ups are made on.
    pub status_date: NaiveDate,
    /// Annual discount rate of the combined flows (above −1).
    #[serde(default)]
    pub discount_rate: f64,
    /// Explicit exchange rates into the reporting currency.
    #[serde(default)]
    pub exchange_rates: ExchangeRates,
    /// The projects.
    #[serde(default)]
    pub projects: Vec<PortfolioEntry>,
}

/// A validated portfolio. Each project is held once (as a validated [`Project`]); the
/// document is rebuilt by [`Portfolio::to_data`].
#[derive(Clone, Debug)]
pub struct Portfolio {
    /// The document without its projects.
    data: PortfolioData,
    /// Each project's portfolio facts (its `project` field left empty).
    entries: Vec<EntryFacts>,
    projects: Vec<Project>,
    /// The earliest project start (the roll-up's time origin) and the days from it to the
    /// latest project end, inclusive.
    first_day: NaiveDate,
    days: usize,
}

/// What the portfolio knows about a project besides the project itself.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct EntryFacts {
    pub(crate) category: Option<String>,
    pub(crate) scores: BTreeMap<String, f64>,
    pub(crate) resources: BTreeMap<String, f64>,
}

/// Sums of one group of projects, in the reporting currency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GroupTotals {
    /// Number of projects.
    pub projects: usize,
    /// Planned costs over the whole horizon.
    pub planned_cost: Money,
    /// Planned benefits over the whole horizon.
    pub planned_benefit: Money,
    /// Planned costs up to the status date.
    pub planned_cost_to_date: Money,
    /// Actual costs up to the status date.
    pub actual_cost_to_date: Money,
    /// Actual benefits up to the status date.
    pub actual_benefit_to_date: Money,
    /// Σ project NPVs, each at its own rate.
    pub npv: Money,
    /// Σ net EMV of the risk registers.
    pub net_emv: Money,
}

/// Combined flows of one calendar period, in the reporting currency.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PeriodRollUp {
    /// First day.
    pub start: NaiveDate,
    /// Last day.
    pub end: NaiveDate,
    /// Planned costs.
    pub planned_cost: Money,
    /// Planned benefits.
    pub planned_benefit: Money,
    /// Actual costs.
    pub actual_cost: Money,
    /// Actual benefits.
    pub actual_benefit: Money,
}

/// KPI statuses across the portfolio.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct KpiStatusCounts {
    /// On track.
    pub on_track: usize,
    /// At risk.
    pub at_risk: usize,
    /// Off track.
    pub off_track: usize,
    /// No measurement yet.
    pub no_data: usize,
}

/// The portfolio rolled up on its status date.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RollUp {
    /// Reporting currency.
    pub currency: Currency,
    /// Status date.
    pub status_date: NaiveDate,
    /// All projects.
    pub total: GroupTotals,
    /// By lifecycle state.
    pub by_state: BTreeMap<String, GroupTotals>,
    /// By template (`none` when made without one).
    pub by_template: BTreeMap<String, GroupTotals>,
    /// By category (`none` when not set).
    pub by_category: BTreeMap<String, GroupTotals>,
    /// By owner (`none` when not set).
    pub by_owner: BTreeMap<String, GroupTotals>,
    /// Combined flows per calendar period, in date order.
    pub periods: Vec<PeriodRollUp>,
    /// NPV of the combined planned flows at the portfolio's rate, from the earliest start.
    pub npv: f64,
    /// ROI of the combined plan: (benefits − costs) / costs.
    pub roi: Option<f64>,
    /// IRR of the combined planned flows.
    pub irr: Option<f64>,
    /// Simple payback of the combined planned flows, in years from the earliest start.
    pub payback_years: Option<f64>,
    /// Money value promised by the monetised KPIs (|target − baseline| × money per unit).
    pub value_promised: Money,
    /// Money value realised so far by the monetised KPIs.
    pub value_realised: Money,
    /// Σ gross EMV of the risk registers.
    pub gross_emv: Money,
    /// KPI statuses.
    pub kpi_status: KpiStatusCounts,
}

impl Portfolio {
    /// Validates `data` (every project, the rates, every currency convertible) and makes a
    /// portfolio of it.
    ///
    /// `data` may carry an older `schema_version`: version 2 changed only the version of
    /// the embedded projects, which [`Project::from_data`] upgrades, so it is upgraded in
    /// place. A newer or unknown version is [`Error::UnsupportedSchemaVersion`].
    pub fn from_data(mut data: PortfolioData) -> Result<Self> {
        document::check_typed_version(DocumentKind::Portfolio, data.schema_version)?;
        data.schema_version = PORTFOLIO_SCHEMA_VERSION;
        if data.id.trim().is_empty() {
            return Err(Error::validation("id", "must not be empty"));
        }
        if data.name.trim().is_empty() {
            return Err(Error::validation("name", "must not be empty"));
        }
        if !(data.discount_rate.is_finite() && data.discount_rate > -1.0) {
            return Err(Error::validation("discount_rate", format!("{} must be above -1", data.discount_rate)));
        }
        if data.projects.len() > MAX_PORTFOLIO_PROJECTS {
            return Err(Error::validation(
                "projects",
                format!("{} projects; at most {MAX_PORTFOLIO_PROJECTS}", data.projects.len()),
            ));
        }
        data.exchange_rates.validate().map_err(|e| e.at("exchange_rates"))?;
        let entries_in = std::mem::take(&mut data.projects);
        let mut seen: HashMap<String, usize> = HashMap::with_capacity(entries_in.len());
        let mut projects = Vec::with_capacity(entries_in.len());
        let mut entries = Vec::with_capacity(entries_in.len());
        for (i, entry) in entries_in.into_iter().enumerate() {
            let at = format!("projects[{i}]");
            if let Some(first) = seen.insert(entry.project.id.clone(), i) {
                return Err(Error::validation(
                    format!("{at}.project.id"),
                    format!("`{}` is also the id of projects[{first}]", entry.project.id),
                ));
            }
            for (name, v) in entry.scores.iter().chain(&entry.resources) {
                if !v.is_finite() {
                    return Err(Error::validation(format!("{at}.{name}"), format!("{v} is not a finite number")));
                }
            }
            if let Some((name, v)) = entry.resources.iter().find(|(_, v)| **v < 0.0) {
                return Err(Error::validation(format!("{at}.resources.{name}"), format!("{v} must be ≥ 0")));
            }
            let currency = entry.project.currency;
            if currency != data.currency {
                data.exchange_rates
                    .rate(currency, data.currency)
                    .map_err(|e| e.at(&format!("{at}.project.currency")))?;
            }
            projects.push(Project::from_data(entry.project).map_err(|e| e.at(&format!("{at}.project")))?);
            entries.push(EntryFacts { category: entry.category, scores: entry.scores, resources: entry.resources });
        }
        let first_day = projects.iter().map(|p| p.data().start_date).min().unwrap_or(data.status_date);
        let last_day = projects.iter().map(|p| p.data().end_date).max().unwrap_or(data.status_date);
        let days = usize::try_from((last_day - first_day).num_days()).unwrap_or(0) + 1;
        Ok(Portfolio { data, entries, projects, first_day, days })
    }

    /// The portfolio document (a copy, projects included).
    #[must_use]
    pub fn to_data(&self) -> PortfolioData {
        let mut data = self.data.clone();
        data.projects = self
            .entries
            .iter()
            .zip(&self.projects)
            .map(|(e, p)| PortfolioEntry {
                project: p.data().clone(),
                category: e.category.clone(),
                scores: e.scores.clone(),
                resources: e.resources.clone(),
            })
            .collect();
        data
    }

    /// The reporting currency.
    #[must_use]
    pub fn currency(&self) -> Currency {
        self.data.currency
    }

    /// The status date.
    #[must_use]
    pub fn status_date(&self) -> NaiveDate {
        self.data.status_date
    }

    pub(crate) fn entry(&self, index: usize) -> &EntryFacts {
        &self.entries[index]
    }

    /// Parses and validates a JSON portfolio document, migrating an older version (see
    /// [`crate::document`]).
    pub fn from_json(json: &str) -> Result<Self> {
        Portfolio::from_data(document::from_json(json, DocumentKind::Portfolio)?)
    }

    /// [`Portfolio::from_json`] for a document already parsed into a JSON value.
    pub fn from_value(value: serde_json::Value) -> Result<Self> {
        Portfolio::from_data(document::from_value(document::migrate(value, DocumentKind::Portfolio)?)?)
    }

    /// Runs an import ([`crate::io`]) on the portfolio's projects: a new project's
    /// currency must convert into the portfolio's (checked row by row), a new project
    /// joins with no category, scores or resources, and the time span of the roll-ups
    /// is brought up to date.
    #[cfg_attr(not(any(feature = "csv", feature = "excel")), allow(dead_code))]
    pub(crate) fn import_with<R>(&mut self, f: impl FnOnce(crate::io::Target<'_>) -> Result<R>) -> Result<R> {
        let (rates, currency) = (self.data.exchange_rates.clone(), self.data.currency);
        let check = move |c: Currency| -> std::result::Result<(), String> {
            if c == currency {
                return Ok(());
            }
            rates.rate(c, currency).map(|_| ()).map_err(|e| format!("the portfolio cannot convert it: {e}"))
        };
        let mut projects = std::mem::take(&mut self.projects);
        let result = f(crate::io::Target { projects: &mut projects, currency_check: Some(&check) });
        while self.entries.len() < projects.len() {
            self.entries.push(EntryFacts { category: None, scores: BTreeMap::new(), resources: BTreeMap::new() });
        }
        self.projects = projects;
        let first_day = self.projects.iter().map(|p| p.data().start_date).min().unwrap_or(self.data.status_date);
        let last_day = self.projects.iter().map(|p| p.data().end_date).max().unwrap_or(self.data.status_date);
        self.first_day = first_day;
        self.days = usize::try_from((last_day - first_day).num_days()).unwrap_or(0) + 1;
        result
    }

    /// The validated projects, in the document's order.
    #[must_use]
    pub fn projects(&self) -> &[Project] {
        &self.projects
    }

    /// `money` in the reporting currency (exact).
    pub(crate) fn convert(&self, money: &Money) -> Result<Money> {
        if money.currency() == self.data.currency {
            Ok(*money)
        } else {
            self.data.exchange_rates.convert(money, self.data.currency)
        }
    }

    /// The rate from a project's currency into the reporting currency, as a float.
    pub(crate) fn rate_f64(&self, currency: Currency) -> Result<f64> {
        if currency == self.data.currency {
            return Ok(1.0);
        }
        let rate: Decimal = self.data.exchange_rates.rate(currency, self.data.currency)?;
        Ok(Money::new(rate, self.data.currency).to_f64())
    }

    /// Rolls the portfolio up on its status date, with the combined flows per `period`.
    /// Projects are evaluated on `threads` threads (default: the machine's parallelism;
    /// one on WASM) in fixed blocks merged in order, so the result does not depend on the
    /// thread count.
    pub fn roll_up(&self, period: Period, threads: Option<usize>) -> Result<RollUp> {
        const BLOCK: usize = 1024;
        let currency = self.data.currency;
        let blocks = self.projects.len().div_ceil(BLOCK);
        let threads = threads
            .unwrap_or_else(|| {
                if cfg!(target_family = "wasm") {
                    1
                } else {
                    std::thread::available_parallelism().map_or(1, usize::from)
                }
            })
            .clamp(1, blocks.max(1));
        // WASM has no threads: one, whatever was asked (the result is the same).
        let threads = if cfg!(target_family = "wasm") { 1 } else { threads };
        let days = self.days;
        let block = |b: usize| -> Result<Acc> {
            let mut acc = Acc::new(currency, days);
            let end = ((b + 1) * BLOCK).min(self.projects.len());
            for i in b * BLOCK..end {
                self.add_project(&mut acc, i, period)?;
            }
            Ok(acc)
        };
        let mut results: Vec<(usize, Result<Acc>)> = if threads == 1 {
            (0..blocks).map(|b| (b, block(b))).collect()
        } else {
            std::thread::scope(|scope| {
                let block = &block;
                let handles: Vec<_> = (0..threads)
                    .map(|t| {
                        scope.spawn(move || (t..blocks).step_by(threads).map(|b| (b, block(b))).collect::<Vec<_>>())
                    })
                    .collect();
                handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
            })
        };
        results.sort_by_key(|(b, _)| *b);
        let mut all = Acc::new(currency, days);
        for (_, acc) in results {
            all.merge(acc?)?;
        }
        let mut periods: Vec<PeriodRollUp> = all
            .periods
            .into_iter()
            .map(|(start, [planned_cost, planned_benefit, actual_cost, actual_benefit])| PeriodRollUp {
                start,
                end: period_end(start, period),
                planned_cost,
                planned_benefit,
                actual_cost,
                actual_benefit,
            })
            .collect();
        periods.sort_by_key(|p| p.start);
        let (npv, irr, payback_years) = self.combined(&all.flows);
        let (benefits, costs) = (all.benefits, all.costs);
        Ok(RollUp {
            currency,
            status_date: self.data.status_date,
            total: all.total,
            by_state: all.by_state,
            by_template: all.by_template,
            by_category: all.by_category,
            by_owner: all.by_owner,
            periods,
            npv,
            roi: (costs > 0.0).then(|| (benefits - costs) / costs),
            irr,
            payback_years,
            value_promised: all.value_promised,
            value_realised: all.value_realised,
            gross_emv: all.gross_emv,
            kpi_status: all.kpi_status,
        })
    }

    /// NPV, IRR and payback of the combined planned flows (net per day from the start).
    fn combined(&self, flows: &[f64]) -> (f64, Option<f64>, Option<f64>) {
        if self.projects.is_empty() {
            return (0.0, None, None);
        }
        let start = self.first_day;
        let dated: Vec<(NaiveDate, f64)> = flows
            .iter()
            .enumerate()
            .filter(|(_, v)| **v != 0.0)
            .map(|(day, v)| (start + chrono::Days::new(day as u64), *v))
            .collect();
        let day_count = DayCount::Thirty360European;
        let times: Vec<f64> = dated.iter().map(|(d, _)| day_count.year_fraction(start, *d)).collect();
        let values: Vec<f64> = dated.iter().map(|(_, v)| *v).collect();
        let growth = libm::log1p(self.data.discount_rate);
        let npv = times.iter().zip(&values).map(|(t, v)| v * libm::exp(-t * growth)).sum();
        let irr = if values.iter().any(|v| *v > 0.0) && values.iter().any(|v| *v < 0.0) {
            irr_of_times(&values, &times, None).ok()
        } else {
            None
        };
        let mut nets: Vec<f64> = Vec::new();
        for (t, v) in times.iter().zip(&values) {
            let year = libm::ceil(t - 1e-9).max(0.0) as usize;
            if nets.len() <= year {
                nets.resize(year + 1, 0.0);
            }
            nets[year] += v;
        }
        (npv, irr, payback_from_yearly_nets(&nets))
    }

    /// Adds project `index`'s figures, in the reporting currency, to `acc`.
    fn add_project(&self, acc: &mut Acc, index: usize, period: Period) -> Result<()> {
        let at = |e: Error| e.at(&format!("projects[{index}].project"));
        let project = &self.projects[index];
        let facts = &self.entries[index];
        let d = project.data();
        let e = project.evaluate_without_irr(self.data.status_date).map_err(at)?;
        let conv = |m: &Money| self.convert(m).map_err(at);
        let (mut gross, mut net) = (Money::zero(d.currency), Money::zero(d.currency));
        for r in &d.risks {
            let (g, n) = r.emv().map_err(at)?;
            gross = gross.checked_add(&g).map_err(at)?;
            net = net.checked_add(&n).map_err(at)?;
        }
        let mut promised = Money::zero(d.currency);
        for (m, me) in d.metrics.iter().zip(&e.metrics) {
            if let Some(per_unit) = &m.monetisation {
                let improvement = Decimal::try_from((m.target.value - m.baseline.value).abs())
                    .map_err(|_| Error::Overflow { context: format!("metrics `{}` improvement", m.id) })
                    .map_err(at)?;
                promised = promised.checked_add(&per_unit.checked_mul(improvement).map_err(at)?).map_err(at)?;
            }
            match me.status {
                MetricStatus::OnTrack => acc.kpi_status.on_track += 1,
                MetricStatus::AtRisk => acc.kpi_status.at_risk += 1,
                MetricStatus::OffTrack => acc.kpi_status.off_track += 1,
                MetricStatus::NoData => acc.kpi_status.no_data += 1,
            }
        }
        let totals = GroupTotals {
            projects: 1,
            planned_cost: conv(&e.planned.cost)?,
            planned_benefit: conv(&e.planned.benefit)?,
            planned_cost_to_date: conv(&e.planned_to_date.cost)?,
            actual_cost_to_date: conv(&e.actual_to_date.cost)?,
            actual_benefit_to_date: conv(&e.actual_to_date.benefit)?,
            npv: conv(&e.npv)?,
            net_emv: conv(&net)?,
        };
        let none = || "none".to_owned();
        let keys = [
            (&mut acc.by_state, d.state.to_string()),
            (&mut acc.by_template, d.template_id.clone().unwrap_or_else(none)),
            (&mut acc.by_category, facts.category.clone().unwrap_or_else(none)),
            (&mut acc.by_owner, if d.owner.is_empty() { none() } else { d.owner.clone() }),
        ];
        for (map, key) in keys {
            map.entry(key).or_insert_with(|| GroupTotals::zero(self.data.currency)).add(&totals)?;
        }
        acc.total.add(&totals)?;
        acc.value_promised = acc.value_promised.checked_add(&conv(&promised)?)?;
        acc.value_realised = acc.value_realised.checked_add(&conv(&e.value_realised)?)?;
        acc.gross_emv = acc.gross_emv.checked_add(&conv(&gross)?)?;

        // Flows per period (exact, in the project's currency, converted once per period)
        // and per date (float, in the reporting currency).
        let rate = self.rate_f64(d.currency).map_err(at)?;
        let own_zero = Money::zero(d.currency);
        let mut sums: Vec<(NaiveDate, [Money; 4])> = Vec::new();
        let first = self.first_day;
        let mut last = 0;
        let mut slot_of = |date: NaiveDate, sums: &mut Vec<(NaiveDate, [Money; 4])>| -> usize {
            let start = period.start_of(date);
            if sums.get(last).is_some_and(|(s, _)| *s == start) {
                return last;
            }
            last = if let Some(k) = sums.iter().rposition(|(s, _)| *s == start) {
                k
            } else {
                sums.push((start, [own_zero; 4]));
                sums.len() - 1
            };
            last
        };
        for item in &d.line_items {
            let benefit = item.kind.is_benefit();
            let column = usize::from(benefit);
            let mut failure = None;
            item.for_each_occurrence(|date, amount| {
                let k = slot_of(date, &mut sums);
                match sums[k].1[column].checked_add(amount) {
                    Ok(v) => sums[k].1[column] = v,
                    Err(e) => failure = Some(e),
                }
                let v = amount.to_f64() * rate;
                let day = usize::try_from((date - first).num_days()).unwrap_or(0).min(acc.flows.len() - 1);
                acc.flows[day] += if benefit { v } else { -v };
                if benefit {
                    acc.benefits += v;
                } else {
                    acc.costs += v;
                }
            })
            .map_err(at)?;
            if let Some(e) = failure {
                return Err(at(e));
            }
            for actual in item.actuals.iter().filter(|a| a.date <= self.data.status_date) {
                let k = slot_of(actual.date, &mut sums);
                sums[k].1[column + 2] = sums[k].1[column + 2].checked_add(&actual.amount).map_err(at)?;
            }
        }
        for (start, values) in sums {
            let slot = acc.periods.entry(start).or_insert([Money::zero(self.data.currency); 4]);
            for (total, v) in slot.iter_mut().zip(values) {
                *total = total.checked_add(&conv(&v)?)?;
            }
        }
        Ok(())
    }
}

/// Roll-up sums of a block of projects (blocks are merged in order).
struct Acc {
    total: GroupTotals,
    by_state: BTreeMap<String, GroupTotals>,
    by_template: BTreeMap<String, GroupTotals>,
    by_category: BTreeMap<String, GroupTotals>,
    by_owner: BTreeMap<String, GroupTotals>,
    /// Period start → [planned cost, planned benefit, actual cost, actual benefit].
    periods: HashMap<NaiveDate, [Money; 4]>,
    /// Net planned flow per day from the earliest project start.
    flows: Vec<f64>,
    benefits: f64,
    costs: f64,
    value_promised: Money,
    value_realised: Money,
    gross_emv: Money,
    kpi_status: KpiStatusCounts,
}

impl Acc {
    fn new(currency: Currency, days: usize) -> Self {
        let zero = Money::zero(currency);
        Acc {
            total: GroupTotals::zero(currency),
            by_state: BTreeMap::new(),
            by_template: BTreeMap::new(),
            by_category: BTreeMap::new(),
            by_owner: BTreeMap::new(),
            periods: HashMap::new(),
            flows: vec![0.0; days],
            benefits: 0.0,
            costs: 0.0,
            value_promised: zero,
            value_realised: zero,
            gross_emv: zero,
            kpi_status: KpiStatusCounts::default(),
        }
    }

    fn merge(&mut self, other: Acc) -> Result<()> {
        self.total.add(&other.total)?;
        for (mine, theirs) in [
            (&mut self.by_state, other.by_state),
            (&mut self.by_template, other.by_template),
            (&mut self.by_category, other.by_category),
            (&mut self.by_owner, other.by_owner),
        ] {
            for (key, totals) in theirs {
                match mine.get_mut(&key) {
                    Some(t) => t.add(&totals)?,
                    None => {
                        mine.insert(key, totals);
                    }
                }
            }
        }
        // Sorted so that float sums do not depend on hash order.
        let mut periods: Vec<_> = other.periods.into_iter().collect();
        periods.sort_by_key(|(d, _)| *d);
        for (start, values) in periods {
            match self.periods.get_mut(&start) {
                Some(slot) => {
                    for (s, v) in slot.iter_mut().zip(values) {
                        *s = s.checked_add(&v)?;
                    }
                }
                None => {
                    self.periods.insert(start, values);
                }
            }
        }
        for (mine, v) in self.flows.iter_mut().zip(other.flows) {
            *mine += v;
        }
        self.benefits += other.benefits;
        self.costs += other.costs;
        self.value_promised = self.value_promised.checked_add(&other.value_promised)?;
        self.value_realised = self.value_realised.checked_add(&other.value_realised)?;
        self.gross_emv = self.gross_emv.checked_add(&other.gross_emv)?;
        self.kpi_status.on_track += other.kpi_status.on_track;
        self.kpi_status.at_risk += other.kpi_status.at_risk;
        self.kpi_status.off_track += other.kpi_status.off_track;
        self.kpi_status.no_data += other.kpi_status.no_data;
        Ok(())
    }
}

impl GroupTotals {
    fn zero(currency: Currency) -> Self {
        let z = Money::zero(currency);
        GroupTotals {
            projects: 0,
            planned_cost: z,
            planned_benefit: z,
            planned_cost_to_date: z,
            actual_cost_to_date: z,
            actual_benefit_to_date: z,
            npv: z,
            net_emv: z,
        }
    }

    fn add(&mut self, other: &GroupTotals) -> Result<()> {
        self.projects += other.projects;
        self.planned_cost = self.planned_cost.checked_add(&other.planned_cost)?;
        self.planned_benefit = self.planned_benefit.checked_add(&other.planned_benefit)?;
        self.planned_cost_to_date = self.planned_cost_to_date.checked_add(&other.planned_cost_to_date)?;
        self.actual_cost_to_date = self.actual_cost_to_date.checked_add(&other.actual_cost_to_date)?;
        self.actual_benefit_to_date = self.actual_benefit_to_date.checked_add(&other.actual_benefit_to_date)?;
        self.npv = self.npv.checked_add(&other.npv)?;
        self.net_emv = self.net_emv.checked_add(&other.net_emv)?;
        Ok(())
    }
}

fn period_end(start: NaiveDate, period: Period) -> NaiveDate {
    let months = match period {
        Period::Month => 1,
        Period::Quarter => 3,
        Period::Year => 12,
    };
    start.checked_add_months(Months::new(months)).and_then(|d| d.pred_opt()).unwrap_or(start)
}
