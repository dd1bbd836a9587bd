//! Wraps `valuepm_core::template`: built-in and custom templates, and instantiation.

use napi::bindgen_prelude::Object;
use napi::Env;
use napi_derive::napi;
use serde_json::Value;
use valuepm_core::template::{self, InstantiateOptions, Template};

use crate::convert::{object_json, record, record_at, snake_case_keys, to_json};
use crate::error::call;
use crate::model::JsProject;

/// A project template: line items, metrics and risks with relative timing.
#[napi(js_name = "Template")]
pub struct JsTemplate {
    inner: Template,
}

#[napi]
impl JsTemplate {
    /// A template from its JSON document text, validated.
    #[napi]
    pub fn from_json(env: Env, text: String) -> napi::Result<Self> {
        call(env, || Ok(JsTemplate { inner: Template::from_json(&text)? }))
    }

    /// A template from its document as an object, validated.
    #[napi]
    pub fn from_data(env: Env, data: Object) -> napi::Result<Self> {
        call(env, || {
            let inner: Template = record(object_json(env, &data, "")?)?;
            inner.validate()?;
            Ok(JsTemplate { inner })
        })
    }

    /// The id.
    #[napi(getter)]
    pub fn id(&self) -> String {
        self.inner.id.clone()
    }

    /// The name.
    #[napi(getter)]
    pub fn name(&self) -> String {
        self.inner.name.clone()
    }

    /// The JSON document text.
    #[napi(js_name = "toJson")]
    pub fn to_json_text(&self) -> String {
        self.inner.to_json()
    }

    /// The document as a plain object.
    #[napi(js_name = "toJSON")]
    pub fn to_json(&self, env: Env) -> napi::Result<Value> {
        call(env, || to_json(&self.inner))
    }

    /// A copy under a new id and name (to customise).
    #[napi]
    pub fn derive(&self, env: Env, id: String, name: String) -> napi::Result<JsTemplate> {
        call(env, || Ok(JsTemplate { inner: self.inner.derive(&id, &name)? }))
    }

    /// Checks the template.
    #[napi]
    pub fn validate(&self, env: Env) -> napi::Result<()> {
        call(env, || Ok(self.inner.validate()?))
    }

    /// A new project from the template. `options`: `{id, name, start_date}` and
    /// optionally `currency`, `discount_rate`, `horizon_years`, `scale`, `owner`,
    /// `description`, `tags` (camelCase keys such as `startDate` are accepted too).
    #[napi]
    pub fn instantiate(&self, env: Env, options: Object) -> napi::Result<JsProject> {
        call(env, || {
            let options = snake_case_keys(object_json(env, &options, "options")?);
            let options: InstantiateOptions = record_at(options, "options")?;
            Ok(JsProject::from_core(self.inner.instantiate(&options)?))
        })
    }
}

/// The built-in templates: Infrastructure, Software Development, Digital Transformation.
#[napi]
pub fn builtin_templates() -> Vec<JsTemplate> {
    template::builtin_templates().into_iter().map(|inner| JsTemplate { inner }).collect()
}

/// The built-in template `id`; an unknown id is a `not_found` error.
#[napi]
pub fn builtin_template(env: Env, id: String) -> napi::Result<JsTemplate> {
    call(env, || Ok(JsTemplate { inner: template::builtin_template(&id)? }))
}
