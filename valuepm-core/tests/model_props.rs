//! Properties of money and of the document types: exact, order-independent sums, and
//! every document type round-tripping through serde.

use chrono::{Duration, NaiveDate};
use proptest::prelude::*;
use valuepm_core::model::{
    Actual, Direction, Frequency, LineItem, LineItemKind, Measurement, Observation, Project, Risk, RiskStatus,
    ValueMetric,
};
use valuepm_core::template::{builtin_templates, InstantiateOptions, Template};
use valuepm_core::{Currency, Decimal, Money};

fn eur() -> Currency {
    Currency::new("EUR").unwrap()
}

fn cents() -> impl Strategy<Value = Money> {
    (-10_000_000_000_i64..10_000_000_000).prop_map(|c| Money::new(Decimal::new(c, 2), eur()))
}

proptest! {
    #[test]
    fn money_sums_are_exact_and_order_independent(cents in prop::collection::vec(-10_000_000_000_i64..10_000_000_000, 0..200), seed in any::<u64>()) {
        let mut amounts: Vec<Money> = cents.iter().map(|c| Money::new(Decimal::new(*c, 2), eur())).collect();
        let forward = Money::sum(eur(), &amounts).unwrap();
        // Integer cents are the exact reference.
        let cents_total: i128 = cents.iter().map(|c| i128::from(*c)).sum();
        prop_assert_eq!(forward.amount(), Decimal::from_i128_with_scale(cents_total, 2));
        // Any permutation gives the same sum.
        let n = amounts.len();
        if n > 1 {
            let mut s = seed;
            for i in (1..n).rev() {
                s = s.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                amounts.swap(i, (s >> 33) as usize % (i + 1));
            }
        }
        prop_assert_eq!(Money::sum(eur(), &amounts).unwrap(), forward);
    }

    #[test]
    fn money_round_trips_through_json(m in cents()) {
        let json = serde_json::to_string(&m).unwrap();
        prop_assert!(json.contains(&format!("\"{}\"", m.amount())), "amount is a string: {}", json);
        prop_assert_eq!(serde_json::from_str::<Money>(&json).unwrap(), m);
    }

    #[test]
    fn rounding_is_idempotent_and_close(m in cents(), extra in 0_i64..1000) {
        let finer = Money::new(m.amount() + Decimal::new(extra, 5), eur());
        let r = finer.round();
        prop_assert_eq!(r.round(), r);
        prop_assert!((r.amount() - finer.amount()).abs() <= Decimal::new(5, 3));
    }

    #[test]
    fn projects_round_trip_through_json(
        months in 1_u32..120,
        rate in -0.5_f64..1.0,
        amounts in prop::collection::vec(1_i64..10_000_000, 1..12),
        probability in 0.0_f64..=1.0,
        values in prop::collection::vec(-1e6_f64..1e6, 0..10),
    ) {
        let start = NaiveDate::from_ymd_opt(2025, 1, 31).unwrap();
        let end = start + Duration::days(i64::from(months) * 30);
        let mut p = Project::new("p", "Property", eur(), start, end, rate).unwrap();
        for (i, a) in amounts.iter().enumerate() {
            let kind = if i % 2 == 0 { LineItemKind::Opex } else { LineItemKind::Revenue };
            let money = Money::new(Decimal::new(*a, 2), eur());
            let mut item = LineItem::recurring(&format!("i{i}"), "Item", kind, Frequency::Monthly, start, end, money);
            item.actuals.push(Actual { date: start, amount: money, note: "n".into() });
            p.add_line_item(item).unwrap();
        }
        p.add_metric(ValueMetric {
            id: "m".into(), name: "M".into(), unit: "%".into(), direction: Direction::HigherIsBetter,
            baseline: Observation { value: 1.0, date: start }, target: Observation { value: 2.0, date: end + Duration::days(1) },
            weight: 1.0, monetisation: None,
            measurements: values.iter().map(|v| Measurement { date: start, value: *v, note: String::new() }).collect(),
        }).unwrap();
        p.add_risk(Risk {
            id: "r".into(), description: "R".into(), probability, cost_impact: Money::zero(eur()),
            schedule_impact_days: 3, status: RiskStatus::Mitigating, mitigation_cost: Money::zero(eur()),
            residual_probability: Some(probability / 2.0), residual_cost_impact: None, expected_date: Some(start), owner: String::new(),
        }).unwrap();
        let back = Project::from_json(&p.to_json()).unwrap();
        prop_assert_eq!(&back, &p);
        let e = p.evaluate(end).unwrap();
        let e_json = serde_json::to_string(&e).unwrap();
        prop_assert_eq!(serde_json::from_str::<valuepm_core::model::Evaluation>(&e_json).unwrap(), e);
    }
}

#[test]
fn every_builtin_template_round_trips_and_instantiates() {
    let templates = builtin_templates();
    assert_eq!(templates.len(), 3);
    for t in templates {
        assert!((5..=8).contains(&t.metrics.len()), "{} has 5-8 KPIs", t.id);
        let back = Template::from_json(&t.to_json()).unwrap();
        assert_eq!(back, t);
        let start = NaiveDate::from_ymd_opt(2026, 3, 31).unwrap();
        let p = t.instantiate(&InstantiateOptions::new("x", "X", start)).unwrap();
        assert_eq!(Project::from_json(&p.to_json()).unwrap(), p);
        let derived = t.derive("mine", "Mine").unwrap();
        assert_eq!(derived.derived_from.as_deref(), Some(t.id.as_str()));
        assert_eq!(Template::from_json(&derived.to_json()).unwrap(), derived);
    }
}
