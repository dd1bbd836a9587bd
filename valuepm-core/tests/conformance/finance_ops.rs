//! Conformance operations on the spreadsheet financial functions: one op per function,
//! named as the spreadsheet's function in lower case, with the spreadsheet's argument
//! names; an absent optional argument takes its default.
use chrono::NaiveDate;
use serde_json::Value;
use valuepm_core::finance::{self, PaymentTiming};
use valuepm_core::Error;

type OpResult = Result<Value, Error>;

/// Runs `op` if it is a finance operation; `None` when the op is not one of ours.
pub fn dispatch(op: &str, args: &Value) -> Option<OpResult> {
    let a = Args(args);
    let result = match op {
        "npv" => (|| finance::npv(a.num("rate")?, &a.nums("values")?))(),
        "xnpv" => (|| finance::xnpv(a.num("rate")?, &a.nums("values")?, &a.dates("dates")?))(),
        "irr" => (|| finance::irr(&a.nums("values")?, a.opt("guess")?))(),
        "xirr" => (|| finance::xirr(&a.nums("values")?, &a.dates("dates")?, a.opt("guess")?))(),
        "mirr" => (|| finance::mirr(&a.nums("values")?, a.num("finance_rate")?, a.num("reinvest_rate")?))(),
        "pmt" => (|| finance::pmt(a.num("rate")?, a.num("nper")?, a.num("pv")?, a.or("fv", 0.0)?, a.timing()?))(),
        "pv" => (|| finance::pv(a.num("rate")?, a.num("nper")?, a.num("pmt")?, a.or("fv", 0.0)?, a.timing()?))(),
        "fv" => (|| finance::fv(a.num("rate")?, a.num("nper")?, a.num("pmt")?, a.or("pv", 0.0)?, a.timing()?))(),
        "nper" => (|| finance::nper(a.num("rate")?, a.num("pmt")?, a.num("pv")?, a.or("fv", 0.0)?, a.timing()?))(),
        "rate" => (|| {
            finance::rate(a.num("nper")?, a.num("pmt")?, a.num("pv")?, a.or("fv", 0.0)?, a.timing()?, a.opt("guess")?)
        })(),
        "ipmt" => (|| {
            finance::ipmt(a.num("rate")?, a.num("per")?, a.num("nper")?, a.num("pv")?, a.or("fv", 0.0)?, a.timing()?)
        })(),
        "ppmt" => (|| {
            finance::ppmt(a.num("rate")?, a.num("per")?, a.num("nper")?, a.num("pv")?, a.or("fv", 0.0)?, a.timing()?)
        })(),
        "cumipmt" => (|| {
            let (start, end) = (a.num("start_period")?, a.num("end_period")?);
            finance::cumipmt(a.num("rate")?, a.num("nper")?, a.num("pv")?, start, end, a.timing()?)
        })(),
        "cumprinc" => (|| {
            let (start, end) = (a.num("start_period")?, a.num("end_period")?);
            finance::cumprinc(a.num("rate")?, a.num("nper")?, a.num("pv")?, start, end, a.timing()?)
        })(),
        "effect" => (|| finance::effect(a.num("nominal_rate")?, a.num("npery")?))(),
        "nominal" => (|| finance::nominal(a.num("effect_rate")?, a.num("npery")?))(),
        "sln" => (|| finance::sln(a.num("cost")?, a.num("salvage")?, a.num("life")?))(),
        "syd" => (|| finance::syd(a.num("cost")?, a.num("salvage")?, a.num("life")?, a.num("period")?))(),
        "db" => {
            (|| finance::db(a.num("cost")?, a.num("salvage")?, a.num("life")?, a.num("period")?, a.opt("month")?))()
        }
        "ddb" => {
            (|| finance::ddb(a.num("cost")?, a.num("salvage")?, a.num("life")?, a.num("period")?, a.opt("factor")?))()
        }
        _ => return None,
    };
    Some(result.map(Value::from))
}

/// The case's arguments, read with the spreadsheet's names.
struct Args<'a>(&'a Value);

fn bad(argument: &'static str, message: &str) -> Error {
    Error::InvalidArgument { function: "conformance case", argument, message: message.to_owned() }
}

impl Args<'_> {
    fn opt(&self, name: &'static str) -> Result<Option<f64>, Error> {
        match self.0.get(name) {
            None | Some(Value::Null) => Ok(None),
            Some(v) => v.as_f64().map(Some).ok_or_else(|| bad(name, "must be a number")),
        }
    }

    fn num(&self, name: &'static str) -> Result<f64, Error> {
        self.opt(name)?.ok_or_else(|| bad(name, "is required"))
    }

    fn or(&self, name: &'static str, default: f64) -> Result<f64, Error> {
        Ok(self.opt(name)?.unwrap_or(default))
    }

    fn nums(&self, name: &'static str) -> Result<Vec<f64>, Error> {
        let list = self.0.get(name).and_then(Value::as_array).ok_or_else(|| bad(name, "must be a list of numbers"))?;
        list.iter().map(|v| v.as_f64().ok_or_else(|| bad(name, "must be a list of numbers"))).collect()
    }

    fn dates(&self, name: &'static str) -> Result<Vec<NaiveDate>, Error> {
        let list = self.0.get(name).and_then(Value::as_array).ok_or_else(|| bad(name, "must be a list of dates"))?;
        list.iter()
            .map(|v| v.as_str().and_then(|s| s.parse().ok()).ok_or_else(|| bad(name, "must be ISO YYYY-MM-DD dates")))
            .collect()
    }

    /// The spreadsheet's `type`: 0 (or absent, or false) is the end of the period, 1
    /// (or true) its beginning.
    fn timing(&self) -> Result<PaymentTiming, Error> {
        let flag = match self.0.get("type") {
            None | Some(Value::Null) => 0.0,
            Some(Value::Bool(begin)) => f64::from(u8::from(*begin)),
            Some(v) => v.as_f64().ok_or_else(|| bad("type", "must be 0 or 1"))?,
        };
        if flag == 0.0 {
            Ok(PaymentTiming::End)
        } else if flag == 1.0 {
            Ok(PaymentTiming::Begin)
        } else {
            Err(bad("type", "must be 0 or 1"))
        }
    }
}
