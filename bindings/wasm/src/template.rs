//! Wraps `valuepm_core::template`: built-in and custom templates, and instantiation.

use valuepm_core::template::{self, InstantiateOptions, Template};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen::JsValue;

use crate::convert::{object_json, record, record_at, snake_case_keys, to_js};
use crate::error::call;
use crate::model::WasmProject;

/// A project template: line items, metrics and risks with relative timing.
#[wasm_bindgen(js_name = "Template")]
pub struct WasmTemplate {
    inner: Template,
}

#[wasm_bindgen(js_class = "Template")]
impl WasmTemplate {
    /// A template from its JSON document text, validated.
    #[wasm_bindgen(js_name = "fromJson")]
    pub fn from_json(text: String) -> Result<WasmTemplate, JsValue> {
        call(|| Ok(WasmTemplate { inner: Template::from_json(&text)? }))
    }

    /// A template from its document as an object, validated.
    #[wasm_bindgen(js_name = "fromData")]
    pub fn from_data(#[wasm_bindgen(unchecked_param_type = "object")] data: JsValue) -> Result<WasmTemplate, JsValue> {
        call(|| {
            let inner: Template = record(object_json(&data, "")?)?;
            inner.validate()?;
            Ok(WasmTemplate { inner })
        })
    }

    /// The id.
    #[wasm_bindgen(getter)]
    pub fn id(&self) -> String {
        self.inner.id.clone()
    }

    /// The name.
    #[wasm_bindgen(getter)]
    pub fn name(&self) -> String {
        self.inner.name.clone()
    }

    /// The JSON document text.
    #[wasm_bindgen(js_name = "toJson")]
    pub fn to_json_text(&self) -> String {
        self.inner.to_json()
    }

    /// The document as a plain object.
    #[wasm_bindgen(js_name = "toJSON")]
    pub fn to_json(&self) -> Result<JsValue, JsValue> {
        call(|| to_js(&self.inner))
    }

    /// A copy under a new id and name (to customise).
    pub fn derive(&self, id: String, name: String) -> Result<WasmTemplate, JsValue> {
        call(|| Ok(WasmTemplate { inner: self.inner.derive(&id, &name)? }))
    }

    /// Checks the template.
    pub fn validate(&self) -> Result<(), JsValue> {
        call(|| Ok(self.inner.validate()?))
    }

    /// A new project from the template. `options`: `{id, name, start_date}` and
    /// optionally `currency`, `discount_rate`, `horizon_years`, `scale`, `owner`,
    /// `description`, `tags` (camelCase keys such as `startDate` are accepted too).
    pub fn instantiate(
        &self,
        #[wasm_bindgen(unchecked_param_type = "object")] options: JsValue,
    ) -> Result<WasmProject, JsValue> {
        call(|| {
            let options = snake_case_keys(object_json(&options, "options")?);
            let options: InstantiateOptions = record_at(options, "options")?;
            Ok(WasmProject::from_core(self.inner.instantiate(&options)?))
        })
    }
}

/// The built-in templates: Infrastructure, Software Development, Digital Transformation.
#[wasm_bindgen(js_name = "builtinTemplates")]
pub fn builtin_templates() -> Vec<WasmTemplate> {
    template::builtin_templates().into_iter().map(|inner| WasmTemplate { inner }).collect()
}

/// The built-in template `id`; an unknown id is a `not_found` error.
#[wasm_bindgen(js_name = "builtinTemplate")]
pub fn builtin_template(id: String) -> Result<WasmTemplate, JsValue> {
    call(|| Ok(WasmTemplate { inner: template::builtin_template(&id)? }))
}
