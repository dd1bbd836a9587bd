//! The import engine: resolve a table's columns, parse and validate every row into the
//! staged projects, then apply the staged projects through the core's API.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::de::DeserializeOwned;

use crate::audit::Change;
use crate::error::{Error, ErrorKind, Result};
use crate::model::{
    default_day_count, Actual, Direction, Frequency, LifecycleState, LineItem, LineItemKind, Measurement, Observation,
    Plan, Project, ProjectData, Risk, RiskStatus, Transition, ValueMetric, PROJECT_SCHEMA_VERSION,
};
use crate::money::{Currency, Money};

use super::parse::{self, Cell};
use super::{ColumnRef, ImportOptions, ImportReport, RowError, Table, TableReport};

/// A table being read: its header, then one row at a time.
pub(crate) trait RowSource {
    /// The header row's cells as text.
    fn headers(&self) -> &[String];
    /// Moves to the next record row; its 1-based row number, or `None` at the end.
    fn next_row(&mut self) -> Result<Option<u64>>;
    /// Cell `index` of the current row ([`Cell::Empty`] past its end).
    fn cell(&self, index: usize) -> Cell<'_>;
}

/// Where an import goes: the projects, and a check of each new currency (a portfolio's
/// exchange rates).
pub(crate) struct Target<'a> {
    pub(crate) projects: &'a mut Vec<Project>,
    pub(crate) currency_check: Option<&'a dyn Fn(Currency) -> std::result::Result<(), String>>,
}

/// One table to import, with the sheet it comes from.
pub(crate) struct Input<'a> {
    pub(crate) table: Table,
    pub(crate) sheet: Option<String>,
    pub(crate) source: Box<dyn RowSource + 'a>,
}

/// The position of `name` in `table`'s columns, at compile time.
const fn col(table: Table, name: &str) -> usize {
    let cols = table.columns();
    let mut i = 0;
    while i < cols.len() {
        let (a, b) = (cols[i].as_bytes(), name.as_bytes());
        if a.len() == b.len() {
            let mut j = 0;
            while j < a.len() && a[j] == b[j] {
                j += 1;
            }
            if j == a.len() {
                return i;
            }
        }
        i += 1;
    }
    panic!("no such column")
}

/// Which file column each field of a table reads from.
struct Columns {
    /// Per field (the table's column order): the file column.
    index: Vec<Option<usize>>,
    /// Per field: the header to report errors under.
    names: Vec<String>,
}

fn norm(header: &str) -> String {
    header.trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}').to_ascii_lowercase()
}

/// Checks that every key of the column mapping names a field of some data table.
fn check_mapping(options: &ImportOptions) -> Result<()> {
    for key in options.columns.keys() {
        let known = match key.split_once('.') {
            Some((table, field)) => {
                Table::from_name(table).is_some_and(|t| t.importable() && t.columns().contains(&field))
            }
            None => Table::DATA.iter().any(|t| t.columns().contains(&key.as_str())),
        };
        if !known {
            return Err(Error::InvalidArgument {
                function: "import",
                argument: "columns",
                message: format!("`{key}` is not a column of any data table (e.g. `date` or `actuals.date`)"),
            });
        }
    }
    options.number_format.check().map_err(|message| Error::InvalidArgument {
        function: "import",
        argument: "number_format",
        message,
    })
}

/// Resolves the fields of `table` against `headers`; header problems are row errors of
/// row 1.
fn resolve(
    table: Table,
    headers: &[String],
    options: &ImportOptions,
    errors: &mut Vec<RowError>,
) -> (Columns, Vec<String>) {
    let fields = table.columns();
    let normalised: Vec<String> = headers.iter().map(|h| norm(h)).collect();
    let mut index = vec![None; fields.len()];
    let mut names: Vec<String> = fields.iter().map(|f| (*f).to_owned()).collect();
    let header_error =
        |column: String, value: String, reason: String| RowError { table, row: 1, column, value, reason };
    let mut was_mapped = vec![false; fields.len()];
    for (f, field) in fields.iter().enumerate() {
        let mapped = options.columns.get(&format!("{table}.{field}")).or_else(|| options.columns.get(*field));
        was_mapped[f] = mapped.is_some();
        match mapped {
            Some(ColumnRef::Index(i)) => {
                if *i < headers.len() {
                    index[f] = Some(*i);
                    names[f] = headers[*i].trim().to_owned();
                    if names[f].is_empty() {
                        names[f] = (*field).to_owned();
                    }
                } else {
                    errors.push(header_error(
                        (*field).to_owned(),
                        i.to_string(),
                        format!("column index {i} (mapped from `{field}`) is past the last column ({})", headers.len()),
                    ));
                }
            }
            Some(ColumnRef::Header(h)) => {
                let wanted = norm(h);
                let found: Vec<usize> = (0..headers.len()).filter(|&i| normalised[i] == wanted).collect();
                match found.as_slice() {
                    [i] => {
                        index[f] = Some(*i);
                        names[f] = headers[*i].trim().to_owned();
                    }
                    [] => errors.push(header_error(
                        h.clone(),
                        String::new(),
                        format!("no column `{h}` (mapped from `{field}`) in the header"),
                    )),
                    _ => {
                        errors.push(header_error(h.clone(), h.clone(), format!("the header has `{h}` more than once")));
                    }
                }
            }
            None => {
                let found: Vec<usize> = (0..headers.len()).filter(|&i| normalised[i] == *field).collect();
                match found.as_slice() {
                    [i] => {
                        index[f] = Some(*i);
                        names[f] = headers[*i].trim().to_owned();
                    }
                    [] => {}
                    _ => errors.push(header_error(
                        (*field).to_owned(),
                        (*field).to_owned(),
                        format!("the header has `{field}` more than once"),
                    )),
                }
            }
        }
    }
    for required in table.required() {
        let f = fields.iter().position(|c| c == required).unwrap_or(0);
        // A mapped column that is not there has its own error already.
        if index[f].is_none() && !was_mapped[f] {
            errors.push(header_error((*required).to_owned(), String::new(), "required column is missing".to_owned()));
        }
    }
    let used: HashSet<usize> = index.iter().flatten().copied().collect();
    let ignored = (0..headers.len()).filter(|i| !used.contains(i)).map(|i| headers[i].clone()).collect();
    (Columns { index, names }, ignored)
}

/// A project as the import would leave it.
struct Staged {
    /// Index among the target's projects, or `None` for a project the import creates.
    existing: Option<usize>,
    data: ProjectData,
    items: HashMap<String, usize>,
    metrics: HashMap<String, usize>,
    risks: HashSet<String>,
    /// The first row that touched the project (for an error about the project as a whole).
    first_row: Option<(Table, u64)>,
    /// Rows applied to it, per data table.
    rows: [u64; 6],
    /// The `projects` row that set it, if any.
    project_row: Option<u64>,
}

impl Staged {
    fn new(existing: Option<usize>, data: ProjectData) -> Self {
        let items = data.line_items.iter().enumerate().map(|(i, x)| (x.id.clone(), i)).collect();
        let metrics = data.metrics.iter().enumerate().map(|(i, x)| (x.id.clone(), i)).collect();
        let risks = data.risks.iter().map(|r| r.id.clone()).collect();
        Staged { existing, data, items, metrics, risks, first_row: None, rows: [0; 6], project_row: None }
    }

    fn touched(&mut self, table: Table, row: u64) {
        self.first_row.get_or_insert((table, row));
        self.rows[table_slot(table)] += 1;
    }
}

fn table_slot(table: Table) -> usize {
    Table::DATA.iter().position(|t| *t == table).unwrap_or(0)
}

/// `map[id]`, or when no key is `id` exactly, `map[id.trim()]`: references (`project_id`,
/// `line_item_id`, `metric_id`) forgive spaces around them, as hand-written CSV has after
/// its commas; new ids are kept as written.
fn lookup<V: Copy>(map: &HashMap<String, V>, id: &str) -> Option<V> {
    map.get(id).or_else(|| map.get(id.trim())).copied()
}

/// The staged state of an import.
struct Stage<'a> {
    projects: &'a [Project],
    currency_check: Option<&'a dyn Fn(Currency) -> std::result::Result<(), String>>,
    options: &'a ImportOptions,
    existing: HashMap<String, usize>,
    slot_of: HashMap<String, usize>,
    staged: Vec<Staged>,
    errors: Vec<RowError>,
    truncated: bool,
    now: DateTime<Utc>,
    /// The last project id looked up and its slot (rows of one project come together).
    last: Option<(String, usize)>,
}

/// The cells of one row, read as their fields' types; each problem is a row error.
struct Fields<'r> {
    source: &'r dyn RowSource,
    columns: &'r Columns,
    table: Table,
    row: u64,
    options: &'r ImportOptions,
    errors: Vec<RowError>,
}

impl Fields<'_> {
    fn cell(&self, f: usize) -> Cell<'_> {
        self.columns.index[f].map_or(Cell::Empty, |i| self.source.cell(i))
    }

    fn present(&self, f: usize) -> bool {
        self.columns.index[f].is_some()
    }

    fn fail(&mut self, f: usize, reason: impl Into<String>) {
        let value = self.cell(f).raw().into_owned();
        self.errors.push(RowError {
            table: self.table,
            row: self.row,
            column: self.columns.names[f].clone(),
            value,
            reason: reason.into(),
        });
    }

    /// The field's text; `None` (and an error when `required`) when blank.
    fn text(&mut self, f: usize, required: bool) -> Option<String> {
        let cell = self.cell(f);
        if cell.is_blank() {
            if required {
                self.fail(f, "is required");
            }
            return None;
        }
        match cell.text() {
            Ok(t) => Some(t.into_owned()),
            Err(reason) => {
                self.fail(f, reason);
                None
            }
        }
    }

    fn parsed<T>(
        &mut self,
        f: usize,
        required: bool,
        parse: impl FnOnce(&Cell<'_>) -> std::result::Result<T, String>,
    ) -> Option<T> {
        let cell = self.cell(f);
        if cell.is_blank() {
            if required {
                self.fail(f, "is required");
            }
            return None;
        }
        match parse(&cell) {
            Ok(v) => Some(v),
            Err(reason) => {
                self.fail(f, reason);
                None
            }
        }
    }

    fn date(&mut self, f: usize, required: bool) -> Option<NaiveDate> {
        let (format, system) = (self.options.date_format, self.options.date_system);
        self.parsed(f, required, |c| parse::date(c, format, system))
    }

    fn decimal(&mut self, f: usize, required: bool, currency: Currency) -> Option<Decimal> {
        let format = self.options.number_format.clone();
        self.parsed(f, required, |c| parse::decimal(c, &format, Some(currency)))
    }

    fn float(&mut self, f: usize, required: bool) -> Option<f64> {
        let format = self.options.number_format.clone();
        self.parsed(f, required, |c| parse::float(c, &format))
    }

    fn choice<T: DeserializeOwned>(&mut self, f: usize, required: bool) -> Option<T> {
        self.parsed(f, required, |c| {
            let text = c.text()?;
            serde_json::from_value(serde_json::Value::String(text.trim().to_owned())).map_err(|e| {
                let message = e.to_string();
                // serde's "unknown variant `x`, expected one of …" is the reason we want.
                message.split(" at line").next().unwrap_or(&message).to_owned()
            })
        })
    }

    /// A `currency` column, when present, must be the project's currency.
    fn check_currency(&mut self, f: usize, currency: Currency) {
        if let Some(code) = self.text(f, false) {
            if code.trim() != currency.code() {
                self.fail(f, format!("the project's currency is {currency}; amounts must be in it"));
            }
        }
    }

    /// Blank unless `allowed`, with `why` as the reason.
    fn must_be_blank(&mut self, f: usize, why: &str) {
        if !self.cell(f).is_blank() {
            self.fail(f, why.to_owned());
        }
    }

    /// Maps a core validation error of the row's record to a row error at its column
    /// (`map` turns the error's path into a column name of the table).
    fn core_error(&mut self, e: &Error, map: &dyn Fn(&str) -> Option<&'static str>) {
        let column = if e.kind() == ErrorKind::CurrencyMismatch && self.table.columns().contains(&"currency") {
            Some("currency")
        } else {
            e.path().and_then(map)
        };
        let f = column.and_then(|c| self.table.columns().iter().position(|x| *x == c));
        let reason = match e {
            Error::Validation { message, .. } => message.clone(),
            other => other.to_string(),
        };
        match f {
            Some(f) => self.fail(f, reason),
            None => self.errors.push(RowError {
                table: self.table,
                row: self.row,
                column: String::new(),
                value: String::new(),
                reason: e.to_string(),
            }),
        }
    }
}

impl Stage<'_> {
    fn record_errors(&mut self, errors: Vec<RowError>) {
        for e in errors {
            if self.options.max_errors.is_some_and(|max| self.errors.len() >= max) {
                self.truncated = true;
            } else {
                self.errors.push(e);
            }
        }
    }

    /// The staged slot of project `id` (staging an existing project on first use).
    fn slot(&mut self, id: &str) -> Option<usize> {
        if let Some((last, slot)) = &self.last {
            if last == id {
                return Some(*slot);
            }
        }
        let slot = if let Some(s) = lookup(&self.slot_of, id) {
            s
        } else {
            let i = lookup(&self.existing, id)?;
            self.staged.push(Staged::new(Some(i), self.projects[i].data().clone()));
            self.slot_of.insert(id.to_owned(), self.staged.len() - 1);
            self.staged.len() - 1
        };
        self.last = Some((id.to_owned(), slot));
        Some(slot)
    }

    /// The project of a row's `project_id` field, or an error.
    fn project_of(&mut self, fields: &mut Fields<'_>, f: usize) -> Option<usize> {
        let id = fields.text(f, true)?;
        let slot = self.slot(&id);
        if slot.is_none() {
            fields.fail(f, format!("no project `{id}` (neither existing nor created by this import)"));
        }
        slot
    }

    fn run(&mut self, input: &mut Input<'_>, report: &mut TableReport) -> Result<()> {
        let table = input.table;
        let mut header_errors = Vec::new();
        let (columns, ignored) = resolve(table, input.source.headers(), self.options, &mut header_errors);
        report.ignored_columns = ignored;
        if !header_errors.is_empty() {
            // Without its columns no row of the table can be read: the header's errors
            // stand for the table.
            self.record_errors(header_errors);
            while input.source.next_row()?.is_some() {
                report.rows += 1;
            }
            report.rejected = report.rows;
            return Ok(());
        }
        while let Some(row) = input.source.next_row()? {
            report.rows += 1;
            let mut fields = Fields {
                source: &*input.source,
                columns: &columns,
                table,
                row,
                options: self.options,
                errors: Vec::new(),
            };
            let applied = match table {
                Table::Projects => self.project_row(&mut fields),
                Table::LineItems => self.line_item_row(&mut fields),
                Table::Actuals => self.actual_row(&mut fields),
                Table::Metrics => self.metric_row(&mut fields),
                Table::Measurements => self.measurement_row(&mut fields),
                Table::Risks => self.risk_row(&mut fields),
                _ => None,
            };
            match applied {
                Some(slot) if fields.errors.is_empty() => self.staged[slot].touched(table, row),
                _ => {
                    if fields.errors.is_empty() {
                        fields.errors.push(RowError {
                            table,
                            row,
                            column: String::new(),
                            value: String::new(),
                            reason: "not applied".to_owned(),
                        });
                    }
                    let errors = fields.errors;
                    self.record_errors(errors);
                }
            }
        }
        Ok(())
    }

    fn project_row(&mut self, f: &mut Fields<'_>) -> Option<usize> {
        const T: Table = Table::Projects;
        const ID: usize = col(T, "id");
        const NAME: usize = col(T, "name");
        const DESCRIPTION: usize = col(T, "description");
        const OWNER: usize = col(T, "owner");
        const CURRENCY: usize = col(T, "currency");
        const START: usize = col(T, "start_date");
        const END: usize = col(T, "end_date");
        const RATE: usize = col(T, "discount_rate");
        const DAY_COUNT: usize = col(T, "day_count");
        const STATE: usize = col(T, "state");
        const TEMPLATE: usize = col(T, "template_id");
        const TAGS: usize = col(T, "tags");
        const HISTORY: usize = col(T, "history");

        let id = f.text(ID, true)?;
        let existing_slot = lookup(&self.slot_of, &id);
        if let Some(slot) = existing_slot {
            if let Some(row) = self.staged[slot].project_row {
                f.fail(ID, format!("project `{id}` is already on row {row}"));
                return None;
            }
        }
        let slot = existing_slot.or_else(|| lookup(&self.existing, &id).and_then(|_| self.slot(&id)));
        let is_new = slot.is_none();
        let mut data = match slot {
            Some(s) => self.staged[s].data.clone(),
            None => ProjectData {
                schema_version: PROJECT_SCHEMA_VERSION,
                revision: 0,
                id: id.clone(),
                name: String::new(),
                description: String::new(),
                owner: String::new(),
                template_id: None,
                // A placeholder until the row's `currency` (required for a new project).
                currency: Currency::new("EUR").ok()?,
                start_date: NaiveDate::MIN,
                end_date: NaiveDate::MIN,
                discount_rate: 0.0,
                day_count: default_day_count(),
                state: LifecycleState::Proposed,
                history: Vec::new(),
                line_items: Vec::new(),
                metrics: Vec::new(),
                risks: Vec::new(),
                tags: Vec::new(),
            },
        };
        let required = |f: &mut Fields<'_>, field: usize| {
            if is_new && !f.present(field) {
                f.fail(field, "is required for a new project (the column is missing)");
            }
            is_new || f.present(field)
        };
        if required(f, NAME) {
            if let Some(v) = f.text(NAME, true) {
                data.name = v;
            }
        }
        if f.present(DESCRIPTION) {
            data.description = f.text(DESCRIPTION, false).unwrap_or_default();
        }
        if f.present(OWNER) {
            data.owner = f.text(OWNER, false).unwrap_or_default();
        }
        if required(f, CURRENCY) {
            if let Some(code) = f.text(CURRENCY, true) {
                match Currency::new(code.trim()) {
                    Ok(c) => {
                        let refused = self.currency_check.and_then(|check| check(c).err());
                        if let Some(reason) = refused.filter(|_| c != data.currency || is_new) {
                            f.fail(CURRENCY, reason);
                        }
                        data.currency = c;
                    }
                    Err(_) => f.fail(CURRENCY, "is not an active ISO 4217 currency code"),
                }
            }
        }
        if required(f, START) {
            if let Some(d) = f.date(START, true) {
                data.start_date = d;
            }
        }
        if required(f, END) {
            if let Some(d) = f.date(END, true) {
                data.end_date = d;
            }
        }
        if required(f, RATE) {
            if let Some(r) = f.float(RATE, true) {
                data.discount_rate = r;
            }
        }
        if f.present(DAY_COUNT) {
            data.day_count = f.choice(DAY_COUNT, false).unwrap_or_else(default_day_count);
        }
        if f.present(TEMPLATE) {
            data.template_id = f.text(TEMPLATE, false);
        }
        if f.present(TAGS) {
            data.tags = f.parsed(TAGS, false, |c| parse_tags(&c.text()?)).unwrap_or_default();
        }
        let history: Option<Vec<Transition>> = if f.present(HISTORY) {
            f.parsed(HISTORY, false, |c| {
                let text = c.text()?;
                let value: serde_json::Value =
                    serde_json::from_str(&text).map_err(|e| format!("is not a JSON list of transitions: {e}"))?;
                crate::document::from_value(value).map_err(|e| format!("is not a list of transitions: {e}"))
            })
        } else {
            None
        };
        let state: Option<LifecycleState> = if f.present(STATE) { f.choice(STATE, false) } else { None };
        if let Some(history) = history {
            data.state = state.unwrap_or_else(|| history.last().map_or(LifecycleState::Proposed, |t| t.to));
            data.history = history;
        } else if let Some(to) = state {
            if to != data.state {
                match shortest_path(data.state, to) {
                    Some(path) => {
                        let meta = &self.options.change;
                        let by = if meta.actor.trim().is_empty() { "import" } else { meta.actor.as_str() };
                        let reason = meta.reason.clone().unwrap_or_else(|| "import".to_owned());
                        let mut from = data.state;
                        for step in path {
                            data.history.push(Transition {
                                from,
                                to: step,
                                at: meta.at.unwrap_or(self.now),
                                by: by.to_owned(),
                                reason: reason.clone(),
                            });
                            from = step;
                        }
                        data.state = to;
                    }
                    None => f.fail(STATE, format!("cannot be reached from the project's state {}", data.state)),
                }
            }
        }
        if !f.errors.is_empty() {
            return None;
        }
        if let Err(e) = Project::from_data(data.clone()) {
            f.core_error(&e, &|path| {
                let head = path.split(['.', '[']).next().unwrap_or("");
                match head {
                    "history" => Some("history"),
                    "line_items" | "risks" => Some("start_date"),
                    _ => Table::Projects.columns().iter().find(|c| **c == head).copied(),
                }
            });
            return None;
        }
        let slot = if let Some(s) = slot {
            self.staged[s].data = data;
            s
        } else {
            self.staged.push(Staged::new(None, data));
            self.slot_of.insert(id, self.staged.len() - 1);
            self.last = None;
            self.staged.len() - 1
        };
        self.staged[slot].project_row = Some(f.row);
        Some(slot)
    }

    fn line_item_row(&mut self, f: &mut Fields<'_>) -> Option<usize> {
        const T: Table = Table::LineItems;
        const PROJECT: usize = col(T, "project_id");
        const ID: usize = col(T, "id");
        const NAME: usize = col(T, "name");
        const KIND: usize = col(T, "kind");
        const CATEGORY: usize = col(T, "category");
        const DATE: usize = col(T, "date");
        const START: usize = col(T, "start");
        const END: usize = col(T, "end");
        const FREQUENCY: usize = col(T, "frequency");
        const ESCALATION: usize = col(T, "escalation");
        const AMOUNT: usize = col(T, "amount");
        const CURRENCY: usize = col(T, "currency");

        let slot = self.project_of(f, PROJECT);
        let id = f.text(ID, true);
        let name = f.text(NAME, true);
        let kind: Option<LineItemKind> = f.choice(KIND, true);
        let category = f.text(CATEGORY, false).unwrap_or_default();
        let frequency: Option<Frequency> = f.choice(FREQUENCY, false);
        let recurring = frequency.is_some() || !f.cell(FREQUENCY).is_blank();
        let (date, start, end, escalation);
        let slot = slot?;
        let currency = self.staged[slot].data.currency;
        if recurring {
            f.must_be_blank(DATE, "a recurring line item (with a frequency) has start and end, not date");
            date = None;
            start = f.date(START, true);
            end = f.date(END, true);
            let format = f.options.number_format.clone();
            escalation = f.parsed(ESCALATION, false, |c| parse::decimal(c, &format, None));
        } else {
            date = f.date(DATE, true);
            for (field, name) in [(START, "start"), (END, "end"), (ESCALATION, "escalation")] {
                f.must_be_blank(field, &format!("a one-off line item (no frequency) has a date, not {name}"));
            }
            (start, end, escalation) = (None, None, None);
        }
        let amount = f.decimal(AMOUNT, true, currency);
        f.check_currency(CURRENCY, currency);
        let staged = &self.staged[slot];
        if let Some(id) = &id {
            if staged.items.contains_key(id) {
                f.fail(ID, format!("project `{}` already has a line item `{id}`", staged.data.id));
            }
        }
        if !f.errors.is_empty() {
            return None;
        }
        let (id, name, kind, amount) = (id?, name?, kind?, Money::new(amount?, currency));
        let plan = match frequency {
            Some(frequency) => Plan::Recurring { frequency, start: start?, end: end?, amount, escalation },
            None => Plan::OneOff { date: date?, amount },
        };
        let item = LineItem { id, name, kind, category, plan, actuals: Vec::new() };
        if let Err(e) = item.validate(currency) {
            f.core_error(&e, &|path| match path {
                "id" => Some("id"),
                "name" => Some("name"),
                "plan.end" => Some("end"),
                "plan.escalation" => Some("escalation"),
                p if p.starts_with("plan.amount") => Some("amount"),
                _ => None,
            });
            return None;
        }
        let d = &staged.data;
        let (first, last) = match &item.plan {
            Plan::OneOff { date, .. } => (*date, *date),
            Plan::Recurring { start, end, .. } => (*start, *end),
        };
        let outside = format!("lies outside the project horizon {}..{}", d.start_date, d.end_date);
        if first < d.start_date {
            f.fail(if recurring { START } else { DATE }, outside);
            return None;
        }
        if last > d.end_date {
            f.fail(if recurring { END } else { DATE }, outside);
            return None;
        }
        let staged = &mut self.staged[slot];
        staged.items.insert(item.id.clone(), staged.data.line_items.len());
        staged.data.line_items.push(item);
        Some(slot)
    }

    fn actual_row(&mut self, f: &mut Fields<'_>) -> Option<usize> {
        const T: Table = Table::Actuals;
        const PROJECT: usize = col(T, "project_id");
        const ITEM: usize = col(T, "line_item_id");
        const DATE: usize = col(T, "date");
        const AMOUNT: usize = col(T, "amount");
        const CURRENCY: usize = col(T, "currency");
        const NOTE: usize = col(T, "note");

        let slot = self.project_of(f, PROJECT);
        let item = f.text(ITEM, true);
        let date = f.date(DATE, true);
        let note = f.text(NOTE, false).unwrap_or_default();
        let slot = slot?;
        let currency = self.staged[slot].data.currency;
        let amount = f.decimal(AMOUNT, true, currency);
        f.check_currency(CURRENCY, currency);
        let staged = &self.staged[slot];
        let index = item.as_ref().and_then(|id| {
            let index = lookup(&staged.items, id);
            if index.is_none() {
                f.fail(ITEM, format!("project `{}` has no line item `{id}`", staged.data.id));
            }
            index
        });
        if !f.errors.is_empty() {
            return None;
        }
        let actual = Actual { date: date?, amount: Money::new(amount?, currency), note };
        self.staged[slot].data.line_items[index?].actuals.push(actual);
        Some(slot)
    }

    fn metric_row(&mut self, f: &mut Fields<'_>) -> Option<usize> {
        const T: Table = Table::Metrics;
        const PROJECT: usize = col(T, "project_id");
        const ID: usize = col(T, "id");
        const NAME: usize = col(T, "name");
        const UNIT: usize = col(T, "unit");
        const DIRECTION: usize = col(T, "direction");
        const BASELINE_VALUE: usize = col(T, "baseline_value");
        const BASELINE_DATE: usize = col(T, "baseline_date");
        const TARGET_VALUE: usize = col(T, "target_value");
        const TARGET_DATE: usize = col(T, "target_date");
        const WEIGHT: usize = col(T, "weight");
        const MONETISATION: usize = col(T, "monetisation");
        const CURRENCY: usize = col(T, "currency");

        let slot = self.project_of(f, PROJECT);
        let id = f.text(ID, true);
        let name = f.text(NAME, true);
        let unit = f.text(UNIT, false).unwrap_or_default();
        let direction: Option<Direction> = f.choice(DIRECTION, true);
        let baseline = (f.float(BASELINE_VALUE, true), f.date(BASELINE_DATE, true));
        let target = (f.float(TARGET_VALUE, true), f.date(TARGET_DATE, true));
        let weight = f.float(WEIGHT, false);
        let slot = slot?;
        let currency = self.staged[slot].data.currency;
        let monetisation = f.decimal(MONETISATION, false, currency);
        f.check_currency(CURRENCY, currency);
        let staged = &self.staged[slot];
        if let Some(id) = &id {
            if staged.metrics.contains_key(id) {
                f.fail(ID, format!("project `{}` already has a metric `{id}`", staged.data.id));
            }
        }
        if !f.errors.is_empty() {
            return None;
        }
        let metric = ValueMetric {
            id: id?,
            name: name?,
            unit,
            direction: direction?,
            baseline: Observation { value: baseline.0?, date: baseline.1? },
            target: Observation { value: target.0?, date: target.1? },
            weight: weight.unwrap_or(1.0),
            monetisation: monetisation.map(|m| Money::new(m, currency)),
            measurements: Vec::new(),
        };
        if let Err(e) = metric.validate(currency) {
            f.core_error(&e, &|path| match path {
                "id" => Some("id"),
                "name" => Some("name"),
                "baseline.value" => Some("baseline_value"),
                "target.value" => Some("target_value"),
                "target.date" => Some("target_date"),
                "weight" => Some("weight"),
                p if p.starts_with("monetisation") => Some("monetisation"),
                _ => None,
            });
            return None;
        }
        let staged = &mut self.staged[slot];
        staged.metrics.insert(metric.id.clone(), staged.data.metrics.len());
        staged.data.metrics.push(metric);
        Some(slot)
    }

    fn measurement_row(&mut self, f: &mut Fields<'_>) -> Option<usize> {
        const T: Table = Table::Measurements;
        const PROJECT: usize = col(T, "project_id");
        const METRIC: usize = col(T, "metric_id");
        const DATE: usize = col(T, "date");
        const VALUE: usize = col(T, "value");
        const NOTE: usize = col(T, "note");

        let slot = self.project_of(f, PROJECT);
        let date = f.date(DATE, true);
        let value = f.float(VALUE, true);
        let note = if f.present(NOTE) { f.text(NOTE, false).unwrap_or_default() } else { String::new() };
        // The metric id is looked up without copying it out of the row.
        let index = match (slot, f.cell(METRIC)) {
            (_, c) if c.is_blank() => {
                f.fail(METRIC, "is required");
                None
            }
            (Some(slot), Cell::Text(id)) => {
                let staged = &self.staged[slot];
                let index = lookup(&staged.metrics, id);
                if index.is_none() {
                    f.fail(METRIC, format!("project `{}` has no metric `{id}`", staged.data.id));
                }
                index
            }
            (Some(slot), _) => {
                let id = f.text(METRIC, true)?;
                let staged = &self.staged[slot];
                let index = lookup(&staged.metrics, &id);
                if index.is_none() {
                    f.fail(METRIC, format!("project `{}` has no metric `{id}`", staged.data.id));
                }
                index
            }
            (None, _) => None,
        };
        if !f.errors.is_empty() {
            return None;
        }
        let (slot, index) = (slot?, index?);
        self.staged[slot].data.metrics[index].measurements.push(Measurement { date: date?, value: value?, note });
        Some(slot)
    }

    fn risk_row(&mut self, f: &mut Fields<'_>) -> Option<usize> {
        const T: Table = Table::Risks;
        const PROJECT: usize = col(T, "project_id");
        const ID: usize = col(T, "id");
        const DESCRIPTION: usize = col(T, "description");
        const PROBABILITY: usize = col(T, "probability");
        const COST_IMPACT: usize = col(T, "cost_impact");
        const DAYS: usize = col(T, "schedule_impact_days");
        const STATUS: usize = col(T, "status");
        const MITIGATION: usize = col(T, "mitigation_cost");
        const RESIDUAL_P: usize = col(T, "residual_probability");
        const RESIDUAL_COST: usize = col(T, "residual_cost_impact");
        const EXPECTED: usize = col(T, "expected_date");
        const OWNER: usize = col(T, "owner");
        const CURRENCY: usize = col(T, "currency");

        let slot = self.project_of(f, PROJECT);
        let id = f.text(ID, true);
        let description = f.text(DESCRIPTION, true);
        let probability = f.float(PROBABILITY, true);
        let format = f.options.number_format.clone();
        let days = f.parsed(DAYS, false, |c| parse::whole_u32(c, &format));
        let status: Option<RiskStatus> = f.choice(STATUS, false);
        let residual_probability = f.float(RESIDUAL_P, false);
        let expected_date = f.date(EXPECTED, false);
        let owner = f.text(OWNER, false).unwrap_or_default();
        let slot = slot?;
        let currency = self.staged[slot].data.currency;
        let cost_impact = f.decimal(COST_IMPACT, true, currency);
        let mitigation = f.decimal(MITIGATION, true, currency);
        let residual_cost = f.decimal(RESIDUAL_COST, false, currency);
        f.check_currency(CURRENCY, currency);
        let staged = &self.staged[slot];
        if let Some(id) = &id {
            if staged.risks.contains(id) {
                f.fail(ID, format!("project `{}` already has a risk `{id}`", staged.data.id));
            }
        }
        if let Some(date) = expected_date {
            if date < staged.data.start_date {
                f.fail(EXPECTED, format!("is before the project start {}", staged.data.start_date));
            }
        }
        if !f.errors.is_empty() {
            return None;
        }
        let money = |m: Decimal| Money::new(m, currency);
        let risk = Risk {
            id: id?,
            description: description?,
            probability: probability?,
            cost_impact: money(cost_impact?),
            schedule_impact_days: days.unwrap_or(0),
            status: status.unwrap_or_default(),
            mitigation_cost: money(mitigation?),
            residual_probability,
            residual_cost_impact: residual_cost.map(money),
            expected_date,
            owner,
        };
        if let Err(e) = risk.validate(currency) {
            f.core_error(&e, &|path| Table::Risks.columns().iter().find(|c| **c == path).copied());
            return None;
        }
        let staged = &mut self.staged[slot];
        staged.risks.insert(risk.id.clone());
        staged.data.risks.push(risk);
        Some(slot)
    }
}

/// A `tags` cell: `a; b; c` (each tag trimmed, empty ones dropped), or a JSON list of
/// strings (`["r&d;ops", "core"]`), which the export writes when a tag holds a `;` or
/// surrounding spaces.
fn parse_tags(text: &str) -> std::result::Result<Vec<String>, String> {
    if text.trim_start().starts_with('[') {
        return serde_json::from_str(text).map_err(|e| format!("is not a JSON list of tags: {e}"));
    }
    Ok(text.split(';').map(str::trim).filter(|t| !t.is_empty()).map(str::to_owned).collect())
}

/// The shortest chain of allowed transitions from `from` to `to` (excluding `from`).
fn shortest_path(from: LifecycleState, to: LifecycleState) -> Option<Vec<LifecycleState>> {
    let mut previous: HashMap<LifecycleState, LifecycleState> = HashMap::new();
    let mut queue = std::collections::VecDeque::from([from]);
    while let Some(s) = queue.pop_front() {
        if s == to {
            let mut path = vec![to];
            let mut at = to;
            while let Some(p) = previous.get(&at) {
                if *p == from {
                    break;
                }
                path.push(*p);
                at = *p;
            }
            path.reverse();
            return Some(path);
        }
        for next in s.allowed_transitions() {
            if *next != from && !previous.contains_key(next) {
                previous.insert(*next, s);
                queue.push_back(*next);
            }
        }
    }
    None
}

/// The audit differences from `old` to `new` when `new` only appends to `old`'s lists
/// (the other tables' rows), in the order the generic comparison lists them: keys
/// sorted (`line_items`, `metrics`, `risks`), within an id-keyed list the kept items in
/// their order (their appended actuals or measurements by position) and then the added
/// items whole. `None` when `new` is anything else.
fn appended(old: &ProjectData, new: &ProjectData) -> Option<Vec<Change>> {
    fn keyed<T, U>(
        list: &str,
        old: &[T],
        new: &[T],
        id: impl Fn(&T) -> &str,
        inner: impl Fn(&T) -> &[U],
        inner_name: &str,
        out: &mut Vec<Change>,
    ) -> Option<()>
    where
        T: serde::Serialize,
        U: serde::Serialize + PartialEq,
    {
        if new.len() < old.len() {
            return None;
        }
        for (a, b) in old.iter().zip(new) {
            let (xs, ys) = (inner(a), inner(b));
            if id(a) != id(b) || ys.len() < xs.len() || xs != &ys[..xs.len()] {
                return None;
            }
            for (k, y) in ys.iter().enumerate().skip(xs.len()) {
                out.push(Change::added(format!("{list}[{}].{inner_name}[{k}]", id(b)), y));
            }
        }
        for b in &new[old.len()..] {
            out.push(Change::added(format!("{list}[{}]", id(b)), b));
        }
        Some(())
    }
    let same_top = (&old.id, &old.name, &old.description, &old.owner, &old.template_id, old.currency)
        == (&new.id, &new.name, &new.description, &new.owner, &new.template_id, new.currency)
        && (old.start_date, old.end_date, old.discount_rate.to_bits(), old.day_count, old.state)
            == (new.start_date, new.end_date, new.discount_rate.to_bits(), new.day_count, new.state)
        && (&old.history, &old.tags) == (&new.history, &new.tags);
    if !same_top {
        return None;
    }
    let mut out = Vec::new();
    // The items other than their actuals must be as they were.
    let same_items =
        old.line_items.iter().zip(&new.line_items).all(|(a, b)| {
            (&a.id, &a.name, a.kind, &a.category, &a.plan) == (&b.id, &b.name, b.kind, &b.category, &b.plan)
        });
    let same_metrics = old.metrics.iter().zip(&new.metrics).all(|(a, b)| {
        (&a.id, &a.name, &a.unit, a.direction, a.baseline, a.target, a.weight.to_bits(), &a.monetisation)
            == (&b.id, &b.name, &b.unit, b.direction, b.baseline, b.target, b.weight.to_bits(), &b.monetisation)
    });
    if !same_items || !same_metrics || new.risks.get(..old.risks.len()) != Some(&old.risks[..]) {
        return None;
    }
    keyed("line_items", &old.line_items, &new.line_items, |i| &i.id, |i| &i.actuals, "actuals", &mut out)?;
    keyed("metrics", &old.metrics, &new.metrics, |m| &m.id, |m| &m.measurements, "measurements", &mut out)?;
    keyed("risks", &old.risks, &new.risks, |r| &r.id, |_| &[] as &[u8], "", &mut out)?;
    Some(out)
}

/// What is left of a staged project once its data went into the made project.
struct Job {
    id: String,
    existing: Option<usize>,
    first_row: Option<(Table, u64)>,
    rows: [u64; 6],
}

/// Makes one staged project through the core's API: a new project from its data, an
/// existing one by one change on a copy (with the differences stated when the import
/// only appended records).
fn make_project(projects: &[Project], s: Staged, options: &ImportOptions) -> (Job, Result<Project>) {
    let job = Job { id: s.data.id.clone(), existing: s.existing, first_row: s.first_row, rows: s.rows };
    let result = match s.existing {
        None => Project::from_data(s.data),
        Some(i) => {
            let mut project = projects[i].clone();
            let known = if s.project_row.is_none() { appended(projects[i].data(), &s.data) } else { None };
            project
                .with_change(options.change.clone(), |p| match known {
                    Some(known) => p.replace_data_known(s.data, known),
                    None => p.replace_data(s.data),
                })
                .map(|()| project)
        }
    };
    (job, result)
}

/// [`make_project`] for every staged project, in order. Projects are independent, so
/// they are made on the machine's threads (in contiguous runs of about equal row
/// counts; one thread on WASM): the audit entries of a large import are most of its time.
fn make_projects(projects: &[Project], jobs: Vec<Staged>, options: &ImportOptions) -> Vec<(Job, Result<Project>)> {
    let threads = if cfg!(target_family = "wasm") {
        1
    } else {
        std::thread::available_parallelism().map_or(1, usize::from).min(jobs.len())
    };
    if threads <= 1 {
        return jobs.into_iter().map(|s| make_project(projects, s, options)).collect();
    }
    let weight = |s: &Staged| s.rows.iter().sum::<u64>() + 1;
    let total: u64 = jobs.iter().map(weight).sum();
    let mut chunks: Vec<Vec<Staged>> = vec![Vec::new()];
    let mut done = 0;
    for s in jobs {
        let share = total * chunks.len() as u64 / threads as u64;
        if done >= share && chunks.len() < threads && !chunks.last().is_some_and(Vec::is_empty) {
            chunks.push(Vec::new());
        }
        done += weight(&s);
        if let Some(last) = chunks.last_mut() {
            last.push(s);
        }
    }
    std::thread::scope(|scope| {
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|chunk| {
                scope.spawn(move || chunk.into_iter().map(|s| make_project(projects, s, options)).collect::<Vec<_>>())
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e))).collect()
    })
}

/// Imports `inputs` (in the order given) into `target`: validates every row, then
/// applies all (or, with `keep_good_rows`, the good ones) or nothing.
pub(crate) fn import_rows(target: Target<'_>, inputs: Vec<Input<'_>>, options: &ImportOptions) -> Result<ImportReport> {
    check_mapping(options)?;
    let Target { projects, currency_check } = target;
    let existing: HashMap<String, usize> = projects.iter().enumerate().map(|(i, p)| (p.id().to_owned(), i)).collect();
    let mut stage = Stage {
        projects,
        currency_check,
        options,
        existing,
        slot_of: HashMap::new(),
        staged: Vec::new(),
        errors: Vec::new(),
        truncated: false,
        now: options.change.at.unwrap_or_else(Utc::now),
        last: None,
    };
    let mut tables = Vec::with_capacity(inputs.len());
    let mut inputs = inputs;
    for input in &mut inputs {
        let mut report = TableReport {
            table: input.table,
            sheet: input.sheet.clone(),
            rows: 0,
            applied: 0,
            rejected: 0,
            ignored_columns: Vec::new(),
        };
        stage.run(input, &mut report)?;
        tables.push(report);
    }

    // Make every changed project through the core's API, on copies: the target is
    // replaced only when nothing is left to fail.
    let Stage { staged, mut errors, mut truncated, .. } = stage;
    let jobs: Vec<Staged> = staged.into_iter().filter(|s| s.rows.iter().any(|n| *n > 0)).collect();
    let mut made: Vec<(Option<usize>, Project)> = Vec::new();
    let mut applied = [0_u64; 6];
    for (job, result) in make_projects(projects, jobs, options) {
        match result {
            Ok(project) => {
                for (total, n) in applied.iter_mut().zip(job.rows) {
                    *total += n;
                }
                made.push((job.existing, project));
            }
            Err(e) => {
                let (table, row) = job.first_row.unwrap_or((Table::Projects, 1));
                let error = RowError {
                    table,
                    row,
                    column: String::new(),
                    value: String::new(),
                    reason: format!("project `{}` fails validation with this import's rows: {e}", job.id),
                };
                if options.max_errors.is_some_and(|max| errors.len() >= max) {
                    truncated = true;
                } else {
                    errors.push(error);
                }
            }
        }
    }
    if !errors.is_empty() && !options.keep_good_rows {
        return Err(Error::Import { errors });
    }
    for report in &mut tables {
        let slot = table_slot(report.table);
        report.applied = applied[slot].min(report.rows);
        applied[slot] -= report.applied;
        report.rejected = report.rows - report.applied;
    }
    let mut projects_created = Vec::new();
    let mut projects_updated = Vec::new();
    made.sort_by_key(|(i, _)| i.map_or(usize::MAX, |i| i));
    for (existing, project) in made {
        if let Some(i) = existing {
            if project.data().revision != projects[i].data().revision {
                projects_updated.push(project.id().to_owned());
            }
            projects[i] = project;
        } else {
            projects_created.push(project.id().to_owned());
            projects.push(project);
        }
    }
    Ok(ImportReport { tables, projects_created, projects_updated, errors, errors_truncated: truncated })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shortest_paths_follow_the_lifecycle() {
        use LifecycleState::{Active, Approved, Completed, Proposed};
        assert_eq!(shortest_path(Proposed, Active), Some(vec![Approved, Active]));
        assert_eq!(shortest_path(Proposed, Completed), Some(vec![Approved, Active, Completed]));
        assert_eq!(shortest_path(Completed, Active), None);
    }

    #[test]
    fn column_positions_are_found_at_compile_time() {
        const DATE: usize = col(Table::Measurements, "date");
        assert_eq!(Table::Measurements.columns()[DATE], "date");
    }
}
