//! Wraps `valuepm_core::template`: the built-in templates, custom templates (derive,
//! validate, save, load) and instantiation into projects.

use pyo3::prelude::*;
use pyo3::types::{PyDict, PyTuple};
use serde_json::Value;
use valuepm_core::template::{builtin_template as core_builtin_template, builtin_templates as core_builtin_templates};
use valuepm_core::template::{InstantiateOptions, Template};

use crate::convert::{json_from_py, name_of, record_to_py};
use crate::error::{run, OrRaise};
use crate::model::PyProject;

/// A project template (built-in or custom): line items relative to the start, KPIs,
/// typical risks, a default discount rate and a horizon.
#[pyclass(frozen, name = "Template", module = "valuepm")]
pub struct PyTemplate {
    inner: Template,
}

/// A template from a dict (its document form), validated by the core.
fn template_from_document(document: &Bound<'_, PyAny>) -> PyResult<Template> {
    if let Ok(text) = document.extract::<String>() {
        return run(|| Template::from_json(&text)).or_raise();
    }
    let text = json_from_py(document, "")?.to_string();
    run(|| Template::from_json(&text)).or_raise()
}

#[pymethods]
impl PyTemplate {
    /// Parses and validates a JSON template document.
    #[staticmethod]
    fn from_json(text: &str) -> PyResult<Self> {
        run(|| Template::from_json(text)).or_raise().map(|inner| PyTemplate { inner })
    }

    /// Validates a template document given as a dict (the form `to_dict()` returns).
    #[staticmethod]
    fn from_dict(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        template_from_document(data).map(|inner| PyTemplate { inner })
    }

    /// Loads a JSON template document from a file.
    #[staticmethod]
    fn load(path: std::path::PathBuf) -> PyResult<Self> {
        let text = std::fs::read_to_string(path)?;
        Self::from_json(&text)
    }

    /// Saves the JSON document to a file.
    fn save(&self, path: std::path::PathBuf) -> PyResult<()> {
        std::fs::write(path, self.inner.to_json())?;
        Ok(())
    }

    /// The JSON document (pretty-printed).
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The document as plain Python values (the core's JSON form).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        record_to_py(py, &self.inner)
    }

    /// A custom template derived from this one, with a new id and name.
    fn derive(&self, id: &str, name: &str) -> PyResult<Self> {
        run(|| self.inner.derive(id, name)).or_raise().map(|inner| PyTemplate { inner })
    }

    /// Checks every field (raises `ValidationError` naming the failing one).
    fn validate(&self) -> PyResult<()> {
        run(|| self.inner.validate()).or_raise()
    }

    /// A new proposed project from this template. `start_date` is a date, datetime, ISO
    /// string or numpy datetime64; `scale` multiplies every amount (a Decimal, int, str
    /// or float); the other options override the template's defaults.
    #[pyo3(signature = (id, name, start_date, *, currency = None, discount_rate = None, horizon_years = None, scale = None, owner = None, description = None, tags = None))]
    fn instantiate(
        &self,
        id: &Bound<'_, PyAny>,
        name: &Bound<'_, PyAny>,
        start_date: &Bound<'_, PyAny>,
        currency: Option<&Bound<'_, PyAny>>,
        discount_rate: Option<&Bound<'_, PyAny>>,
        horizon_years: Option<&Bound<'_, PyAny>>,
        scale: Option<&Bound<'_, PyAny>>,
        owner: Option<&Bound<'_, PyAny>>,
        description: Option<&Bound<'_, PyAny>>,
        tags: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PyProject> {
        // The options cross as the core's InstantiateOptions document, so every field
        // is checked (and named) by the core.
        let py = id.py();
        let options = PyDict::new(py);
        options.set_item("id", id)?;
        options.set_item("name", name)?;
        options.set_item("start_date", start_date)?;
        for (key, value) in [
            ("currency", currency),
            ("discount_rate", discount_rate),
            ("horizon_years", horizon_years),
            ("owner", owner),
            ("description", description),
            ("tags", tags),
        ] {
            if let Some(value) = value {
                options.set_item(key, value)?;
            }
        }
        let mut document = json_from_py(options.as_any(), "")?;
        if let (Some(scale), Value::Object(map)) = (scale, &mut document) {
            let scale = crate::convert::decimal_from_py(scale, "scale")?;
            map.insert("scale".to_owned(), Value::String(scale.to_string()));
        }
        let options: InstantiateOptions = valuepm_core::document::from_value(document).or_raise()?;
        run(|| self.inner.instantiate(&options)).or_raise().map(PyProject::wrap)
    }

    /// Identifier.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }

    /// Display name.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    /// Description.
    #[getter]
    fn description(&self) -> &str {
        &self.inner.description
    }

    /// `infrastructure`, `software_development`, `digital_transformation` or `custom`.
    #[getter]
    fn category(&self) -> String {
        name_of(&self.inner.category)
    }

    /// The template this one was derived from, if any.
    #[getter]
    fn derived_from(&self) -> Option<&str> {
        self.inner.derived_from.as_deref()
    }

    /// Default currency code.
    #[getter]
    fn default_currency(&self) -> &str {
        self.inner.default_currency.code()
    }

    /// Default yearly discount rate.
    #[getter]
    fn default_discount_rate(&self) -> f64 {
        self.inner.default_discount_rate
    }

    /// Horizon in years.
    #[getter]
    fn horizon_years(&self) -> u32 {
        self.inner.horizon_years
    }

    /// Line items in document form.
    #[getter]
    fn line_items<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        record_to_py(py, &self.inner.line_items)
    }

    /// Metrics in document form.
    #[getter]
    fn metrics<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        record_to_py(py, &self.inner.metrics)
    }

    /// Risks in document form.
    #[getter]
    fn risks<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        record_to_py(py, &self.inner.risks)
    }

    /// Tags.
    #[getter]
    fn tags(&self) -> Vec<String> {
        self.inner.tags.clone()
    }

    fn __eq__(&self, other: &Bound<'_, PyAny>) -> bool {
        other.cast::<PyTemplate>().is_ok_and(|o| o.get().inner == self.inner)
    }

    fn __repr__(&self) -> String {
        format!(
            "Template(id={:?}, name={:?}, category='{}', horizon_years={}, line_items={})",
            self.inner.id,
            self.inner.name,
            name_of(&self.inner.category),
            self.inner.horizon_years,
            self.inner.line_items.len()
        )
    }

    fn __reduce__<'py>(slf: &Bound<'py, Self>) -> PyResult<Bound<'py, PyTuple>> {
        let py = slf.py();
        let from_json = slf.get_type().getattr("from_json")?;
        PyTuple::new(py, [from_json, PyTuple::new(py, [slf.get().inner.to_json()])?.into_any()])
    }
}

/// The built-in templates: Infrastructure, Software Development, Digital Transformation.
#[pyfunction]
pub fn builtin_templates() -> Vec<PyTemplate> {
    core_builtin_templates().into_iter().map(|inner| PyTemplate { inner }).collect()
}

/// The built-in template `id` (`NotFoundError` if there is none).
#[pyfunction]
pub fn builtin_template(id: &str) -> PyResult<PyTemplate> {
    run(|| core_builtin_template(id)).or_raise().map(|inner| PyTemplate { inner })
}
