//! Constrained project selection: choose projects to maximise a value subject to
//! capacity limits (per-period budgets, headcount, skills: any number of rows
//! `Σ aᵢ·xᵢ ≤ limit` with `aᵢ ≥ 0`), mandatory and excluded projects, dependencies
//! (A requires B) and mutually exclusive groups (at most one of them).
//!
//! **Method.** Exact branch and bound. Fixings propagate first (a chosen project's
//! requirements are chosen, its group mates dropped; a dropped project's dependents are
//! dropped), so the all-zero completion of every node is feasible and infeasibility can
//! only come from fixed choices, which are reported by name. Each node's bound is the
//! linear-programming relaxation of the free projects (a bounded-variable simplex), with
//! reduced-cost fixing against the target; the incumbent comes from rounding the
//! relaxation down and filling greedily. With whole values the search runs by
//! descending goals: from the root bound down, each pass looks only for a selection worth
//! the goal, which keeps the gap for pruning and fixing small; a pass that finds none
//! proves the optimum lies below its goal, and the goal drops (one unit, then in doubling
//! steps) until a pass finds a selection, which that pass then proves optimal as the plain
//! search would. After fixing, the search splits by the number of chosen projects
//! (`Σ xᵢ = k`, a row of every relaxation: tighter bounds), best bound first. Search is depth first, the "drop it" branch first, branching on the most
//! fractional project (lowest index on ties): the result is deterministic. With a node or
//! time limit the best solution found is returned with the proven bound and gap.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::lp;
use crate::error::{Error, Result};

/// A capacity row `Σ coefficients[i]·xᵢ ≤ limit`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CapacityConstraint {
    /// Name shown in explanations and errors, e.g. `budget 2027` or `headcount`.
    pub name: String,
    /// One coefficient per project, ≥ 0 (its use of the capacity).
    pub coefficients: Vec<f64>,
    /// The capacity, ≥ 0.
    pub limit: f64,
}

/// `project` can only be chosen together with `requires`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Dependency {
    /// The dependent project.
    pub project: String,
    /// The project it needs.
    pub requires: String,
}

/// At most one project of the group may be chosen.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExclusiveGroup {
    /// Name shown in explanations and errors.
    pub name: String,
    /// The projects.
    pub projects: Vec<String>,
}

/// A selection problem over projects given by id.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SelectionProblem {
    /// Project ids (unique), in the order of `values` and every coefficient list.
    pub projects: Vec<String>,
    /// Each project's value (the objective's coefficient).
    pub values: Vec<f64>,
    /// Capacity rows.
    #[serde(default)]
    pub constraints: Vec<CapacityConstraint>,
    /// Projects that must be chosen.
    #[serde(default)]
    pub mandatory: Vec<String>,
    /// Projects that must not be chosen.
    #[serde(default)]
    pub excluded: Vec<String>,
    /// Dependencies.
    #[serde(default)]
    pub dependencies: Vec<Dependency>,
    /// Mutually exclusive groups.
    #[serde(default)]
    pub exclusive_groups: Vec<ExclusiveGroup>,
    /// Search limits.
    #[serde(default)]
    pub limits: SearchLimits,
}

/// When to stop proving optimality and return the best selection found.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SearchLimits {
    /// Branch-and-bound nodes (deterministic).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub node_limit: Option<u64>,
    /// Wall-clock milliseconds (native only; ignored in WASM). The selection may then
    /// depend on the machine's speed; the status says so.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time_limit_ms: Option<u64>,
}

/// How the search ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SelectionStatus {
    /// The selection is proven optimal.
    Optimal,
    /// The node limit stopped the search: `gap` bounds how far from optimal it can be.
    NodeLimit,
    /// The time limit stopped the search.
    TimeLimit,
}

/// The use of one capacity by the selection.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CapacityUse {
    /// The constraint's name.
    pub name: String,
    /// Capacity used by the selection.
    pub used: f64,
    /// The limit.
    pub limit: f64,
    /// Shadow price at the root relaxation: value gained per extra unit of capacity.
    pub shadow_price: f64,
}

/// Why a project is in or out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Explanation {
    /// The project.
    pub project: String,
    /// Whether it is chosen.
    pub selected: bool,
    /// Stable reason code: `mandatory`, `required_by`, `chosen`, `excluded`,
    /// `requires_unselected`, `exclusive_group`, `no_capacity`, `not_worth_it`.
    pub reason: String,
    /// The reason in words, naming the constraint, project or group.
    pub detail: String,
    /// Its value less the shadow-priced capacity it uses (root relaxation): positive for
    /// projects that pay for their capacity.
    pub marginal_value: f64,
    /// Its value per unit of capacity used, summed over the constraints (`None` when it
    /// uses none).
    pub value_per_unit: Option<f64>,
}

/// The chosen projects.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Selection {
    /// Chosen project ids, in the problem's order.
    pub selected: Vec<String>,
    /// Total value of the chosen projects.
    pub objective: f64,
    /// Proven upper bound on the optimum (equal to `objective` when optimal).
    pub bound: f64,
    /// `(bound − objective) / max(|objective|, 1)`.
    pub gap: f64,
    /// How the search ended.
    pub status: SelectionStatus,
    /// Branch-and-bound nodes explored.
    pub nodes: u64,
    /// Each capacity's use.
    pub capacities: Vec<CapacityUse>,
    /// Why each project is in or out, in the problem's order.
    pub explanations: Vec<Explanation>,
}

/// Largest number of projects in one problem.
pub const MAX_PROJECTS: usize = 1_000_000;

/// The problem in indices.
struct Compiled {
    n: usize,
    values: Vec<f64>,
    /// Row-major `rows × n`.
    a: Vec<f64>,
    limits: Vec<f64>,
    requires: Vec<Vec<usize>>,
    required_by: Vec<Vec<usize>>,
    groups: Vec<Vec<usize>>,
    group_of: Vec<Vec<usize>>,
    /// Tolerance on capacities (relative to each limit).
    cap_tol: Vec<f64>,
    /// Whether every value is a whole number: a better selection is then better by at
    /// least 1, which tightens pruning.
    integral: bool,
    /// With whole values, their greatest common divisor (1 when all are 0): every
    /// selection's value is a multiple of it.
    unit: f64,
    /// Projects of positive value by value per unit of relative capacity
    /// (`Σ aₖᵢ / limitₖ`), best first: the greedy heuristic's order.
    greedy_order: Vec<usize>,
}

/// Projects of positive value, best value per unit of relative capacity first.
fn greedy_order(values: &[f64], a: &[f64], limits: &[f64]) -> Vec<usize> {
    let n = values.len();
    let ratio: Vec<f64> = (0..n)
        .map(|i| {
            let weight: f64 = limits.iter().enumerate().map(|(k, l)| a[k * n + i] / l.max(1e-300)).sum();
            values[i] / weight.max(1e-300)
        })
        .collect();
    let mut order: Vec<usize> = (0..n).filter(|&i| values[i] > 0.0).collect();
    crate::sort::sort_indices(&mut order, |i| ratio[i], true);
    order
}

/// Greatest common divisor of two whole numbers (as floats, exact below 2⁵³).
fn gcd(mut a: f64, mut b: f64) -> f64 {
    while b > 0.0 {
        (a, b) = (b, a % b);
    }
    a
}

/// Fixed values during the search: -1 free, 0 out, 1 in.
type Fixing = Vec<i8>;

impl SelectionProblem {
    /// Solves the problem (see the module documentation).
    pub fn solve(&self) -> Result<Selection> {
        let p = self.compile()?;
        let mut root: Fixing = vec![-1; p.n];
        let index: BTreeMap<&str, usize> = self.projects.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
        self.check_fixed_choices(&p)?;
        for id in &self.mandatory {
            let i = index[id.as_str()];
            p.fix(&mut root, i, 1).map_err(|_| self.unexplained_conflict(i))?;
        }
        for id in &self.excluded {
            let i = index[id.as_str()];
            p.fix(&mut root, i, 0).map_err(|_| self.unexplained_conflict(i))?;
        }
        for (k, limit) in p.limits.iter().enumerate() {
            let used: f64 = (0..p.n).filter(|&i| root[i] == 1).map(|i| p.a[k * p.n + i]).sum();
            if used > limit + p.cap_tol[k] {
                let names: Vec<&str> = (0..p.n)
                    .filter(|&i| root[i] == 1 && p.a[k * p.n + i] > 0.0)
                    .map(|i| self.projects[i].as_str())
                    .collect();
                return Err(Error::validation(
                    format!("constraints[{k}]"),
                    format!(
                        "`{}` cannot hold the mandatory projects {} (with what they require): they need {used}, the limit is {limit}",
                        self.constraints[k].name,
                        names.join(", ")
                    ),
                ));
            }
        }
        let mut search = Search::new(&p, &self.limits);
        search.run(root);
        Ok(self.result(&p, &search))
    }

    /// Names the conflict when the mandatory projects, with everything they require, hit
    /// an excluded project or two members of one exclusive group.
    fn check_fixed_choices(&self, p: &Compiled) -> Result<()> {
        let index = |id: &String| self.projects.iter().position(|x| x == id).unwrap_or(0);
        // Everything the mandatory projects need, and who needs it.
        let mut needed_by: Vec<Option<usize>> = vec![None; p.n];
        let mut chosen = vec![false; p.n];
        let mut stack: Vec<usize> = Vec::new();
        for id in &self.mandatory {
            let i = index(id);
            if !chosen[i] {
                chosen[i] = true;
                stack.push(i);
            }
        }
        while let Some(j) = stack.pop() {
            for &r in &p.requires[j] {
                if !chosen[r] {
                    chosen[r] = true;
                    needed_by[r] = Some(j);
                    stack.push(r);
                }
            }
        }
        let why = |j: usize| -> String {
            let mut chain = vec![format!("`{}`", self.projects[j])];
            let mut at = j;
            while let Some(parent) = needed_by[at] {
                chain.push(format!("`{}`", self.projects[parent]));
                at = parent;
            }
            if chain.len() == 1 {
                format!("`{}` is mandatory", self.projects[j])
            } else {
                chain.reverse();
                format!("{} is mandatory and requires {}", chain[0], chain[1..].join(", which requires "))
            }
        };
        for (k, id) in self.excluded.iter().enumerate() {
            let e = index(id);
            if chosen[e] {
                return Err(Error::validation(format!("excluded[{k}]"), format!("{}, which is excluded", why(e))));
            }
        }
        for (g, members) in p.groups.iter().enumerate() {
            let inside: Vec<usize> = members.iter().copied().filter(|&i| chosen[i]).collect();
            if inside.len() > 1 {
                return Err(Error::validation(
                    format!("exclusive_groups[{g}]"),
                    format!(
                        "at most one of the exclusive group `{}` may be chosen, but {} and {}",
                        self.exclusive_groups[g].name,
                        why(inside[0]),
                        why(inside[1])
                    ),
                ));
            }
        }
        Ok(())
    }

    fn unexplained_conflict(&self, i: usize) -> Error {
        Error::validation("mandatory", format!("`{}` cannot be fixed consistently", self.projects[i]))
    }

    fn compile(&self) -> Result<Compiled> {
        let n = self.projects.len();
        if n > MAX_PROJECTS {
            return Err(Error::validation("projects", format!("{n} projects; at most {MAX_PROJECTS}")));
        }
        if self.values.len() != n {
            return Err(Error::validation("values", format!("{} values for {n} projects", self.values.len())));
        }
        let mut index: BTreeMap<&str, usize> = BTreeMap::new();
        for (i, id) in self.projects.iter().enumerate() {
            if index.insert(id.as_str(), i).is_some() {
                return Err(Error::validation(format!("projects[{i}]"), format!("`{id}` appears twice")));
            }
        }
        if let Some(i) = self.values.iter().position(|v| !v.is_finite()) {
            return Err(Error::validation(
                format!("values[{i}]"),
                format!("{} is not a finite number", self.values[i]),
            ));
        }
        let find = |path: String, id: &str| {
            index.get(id).copied().ok_or_else(|| Error::validation(path, format!("`{id}` is not one of the projects")))
        };
        let rows = self.constraints.len();
        let mut a = vec![0.0; rows * n];
        let mut limits = Vec::with_capacity(rows);
        let mut cap_tol = Vec::with_capacity(rows);
        for (k, c) in self.constraints.iter().enumerate() {
            if c.coefficients.len() != n {
                return Err(Error::validation(
                    format!("constraints[{k}].coefficients"),
                    format!("{} coefficients for {n} projects", c.coefficients.len()),
                ));
            }
            if let Some(i) = c.coefficients.iter().position(|v| !(v.is_finite() && *v >= 0.0)) {
                return Err(Error::validation(
                    format!("constraints[{k}].coefficients[{i}]"),
                    format!("{} must be a finite number ≥ 0", c.coefficients[i]),
                ));
            }
            if !(c.limit.is_finite() && c.limit >= 0.0) {
                return Err(Error::validation(format!("constraints[{k}].limit"), format!("{} must be ≥ 0", c.limit)));
            }
            a[k * n..(k + 1) * n].copy_from_slice(&c.coefficients);
            limits.push(c.limit);
            let scale = c.coefficients.iter().fold(c.limit, |s, v| s.max(*v));
            cap_tol.push(1e-9 * scale.max(1e-300));
        }
        for (i, id) in self.mandatory.iter().enumerate() {
            find(format!("mandatory[{i}]"), id)?;
        }
        for (i, id) in self.excluded.iter().enumerate() {
            find(format!("excluded[{i}]"), id)?;
        }
        let mut requires = vec![Vec::new(); n];
        let mut required_by = vec![Vec::new(); n];
        for (k, d) in self.dependencies.iter().enumerate() {
            let a = find(format!("dependencies[{k}].project"), &d.project)?;
            let b = find(format!("dependencies[{k}].requires"), &d.requires)?;
            if a != b && !requires[a].contains(&b) {
                requires[a].push(b);
                required_by[b].push(a);
            }
        }
        let mut groups = Vec::with_capacity(self.exclusive_groups.len());
        let mut group_of = vec![Vec::new(); n];
        for (g, group) in self.exclusive_groups.iter().enumerate() {
            let mut members = Vec::new();
            for (k, id) in group.projects.iter().enumerate() {
                let i = find(format!("exclusive_groups[{g}].projects[{k}]"), id)?;
                if !members.contains(&i) {
                    members.push(i);
                    group_of[i].push(g);
                }
            }
            groups.push(members);
        }
        let integral = self.values.iter().all(|v| v.fract() == 0.0 && v.abs() < 2f64.powi(52));
        let greedy_order = greedy_order(&self.values, &a, &limits);
        let unit = if integral { self.values.iter().fold(0.0, |g, v| gcd(g, v.abs())).max(1.0) } else { 1.0 };
        Ok(Compiled {
            n,
            values: self.values.clone(),
            a,
            limits,
            requires,
            required_by,
            groups,
            group_of,
            cap_tol,
            integral,
            unit,
            greedy_order,
        })
    }

    fn result(&self, p: &Compiled, s: &Search) -> Selection {
        let chosen = &s.best;
        let objective: f64 = (0..p.n).filter(|&i| chosen[i]).map(|i| p.values[i]).sum();
        let bound = if s.status == SelectionStatus::Optimal { objective } else { s.open_bound.max(objective) };
        let duals = &s.root_duals;
        let capacities: Vec<CapacityUse> = self
            .constraints
            .iter()
            .enumerate()
            .map(|(k, c)| CapacityUse {
                name: c.name.clone(),
                used: (0..p.n).filter(|&i| chosen[i]).map(|i| p.a[k * p.n + i]).sum(),
                limit: c.limit,
                shadow_price: duals.get(k).copied().unwrap_or(0.0),
            })
            .collect();
        let mandatory: Vec<usize> =
            self.mandatory.iter().filter_map(|id| self.projects.iter().position(|p| p == id)).collect();
        let excluded: Vec<usize> =
            self.excluded.iter().filter_map(|id| self.projects.iter().position(|p| p == id)).collect();
        let explanations = (0..p.n)
            .map(|i| {
                let used: f64 = (0..p.limits.len()).map(|k| p.a[k * p.n + i]).sum();
                let priced: f64 =
                    (0..p.limits.len()).map(|k| duals.get(k).copied().unwrap_or(0.0) * p.a[k * p.n + i]).sum();
                let (reason, detail) = self.explain(p, chosen, &capacities, &mandatory, &excluded, i);
                Explanation {
                    project: self.projects[i].clone(),
                    selected: chosen[i],
                    reason: reason.to_owned(),
                    detail,
                    marginal_value: p.values[i] - priced,
                    value_per_unit: (used > 0.0).then(|| p.values[i] / used),
                }
            })
            .collect();
        Selection {
            selected: (0..p.n).filter(|&i| chosen[i]).map(|i| self.projects[i].clone()).collect(),
            objective,
            bound,
            gap: (bound - objective).max(0.0) / objective.abs().max(1.0),
            status: s.status,
            nodes: s.nodes,
            capacities,
            explanations,
        }
    }

    fn explain(
        &self,
        p: &Compiled,
        chosen: &[bool],
        capacities: &[CapacityUse],
        mandatory: &[usize],
        excluded: &[usize],
        i: usize,
    ) -> (&'static str, String) {
        let name = |j: usize| self.projects[j].as_str();
        if chosen[i] {
            if mandatory.contains(&i) {
                return ("mandatory", "mandatory".to_owned());
            }
            if p.values[i] <= 0.0 {
                if let Some(&d) = p.required_by[i].iter().find(|&&d| chosen[d]) {
                    return ("required_by", format!("required by `{}`", name(d)));
                }
            }
            return ("chosen", "adds value within every limit".to_owned());
        }
        if excluded.contains(&i) {
            return ("excluded", "excluded".to_owned());
        }
        if let Some(&r) = p.requires[i].iter().find(|&&r| !chosen[r]) {
            return ("requires_unselected", format!("requires `{}`, which is not selected", name(r)));
        }
        for &g in &p.group_of[i] {
            if let Some(&j) = p.groups[g].iter().find(|&&j| chosen[j]) {
                return (
                    "exclusive_group",
                    format!("`{}` is selected from the exclusive group `{}`", name(j), self.exclusive_groups[g].name),
                );
            }
        }
        if p.values[i] <= 0.0 {
            return ("not_worth_it", format!("its value {} is not positive", p.values[i]));
        }
        let short: Vec<String> = capacities
            .iter()
            .enumerate()
            .filter(|(k, c)| p.a[k * p.n + i] > c.limit - c.used + p.cap_tol[*k])
            .map(|(k, c)| format!("`{}` (needs {}, {} left)", c.name, p.a[k * p.n + i], c.limit - c.used))
            .collect();
        if !short.is_empty() {
            return ("no_capacity", format!("does not fit: {}", short.join(", ")));
        }
        ("not_worth_it", "its value does not pay for what it needs".to_owned())
    }
}

/// A fixing contradicts an earlier one.
struct Conflict;

impl Compiled {
    /// Fixes `i` to `value` and propagates; on conflict the fixing is partial (callers
    /// discard it).
    fn fix(&self, fixing: &mut Fixing, i: usize, value: i8) -> std::result::Result<(), Conflict> {
        let mut stack = vec![(i, value)];
        while let Some((j, v)) = stack.pop() {
            match fixing[j] {
                x if x == v => continue,
                -1 => fixing[j] = v,
                _ => return Err(Conflict),
            }
            if v == 1 {
                for &r in &self.requires[j] {
                    if fixing[r] == 0 {
                        return Err(Conflict);
                    }
                    stack.push((r, 1));
                }
                for &g in &self.group_of[j] {
                    for &k in &self.groups[g] {
                        if k != j {
                            if fixing[k] == 1 {
                                return Err(Conflict);
                            }
                            stack.push((k, 0));
                        }
                    }
                }
            } else {
                for &d in &self.required_by[j] {
                    if fixing[d] == 1 {
                        return Err(Conflict);
                    }
                    stack.push((d, 0));
                }
            }
        }
        Ok(())
    }

    /// The problem over the free projects of `fixing` alone: capacities reduced by the
    /// projects fixed in, dependencies and groups among free projects (propagation has
    /// settled every other one); also each free project's index here and the fixed-in
    /// projects' value.
    fn restrict(&self, fixing: &Fixing) -> (Compiled, Vec<usize>, f64) {
        let map: Vec<usize> = (0..self.n).filter(|&i| fixing[i] == -1).collect();
        let mut position = vec![usize::MAX; self.n];
        for (k, &i) in map.iter().enumerate() {
            position[i] = k;
        }
        let n = map.len();
        let rows = self.limits.len();
        let left = self.residual(fixing).unwrap_or_else(|| vec![0.0; rows]);
        let mut a = Vec::with_capacity(rows * n);
        for k in 0..rows {
            a.extend(map.iter().map(|&i| self.a[k * self.n + i]));
        }
        let mut requires = vec![Vec::new(); n];
        let mut required_by = vec![Vec::new(); n];
        for (k, &i) in map.iter().enumerate() {
            for &r in &self.requires[i] {
                if position[r] != usize::MAX {
                    requires[k].push(position[r]);
                    required_by[position[r]].push(k);
                }
            }
        }
        let mut groups = Vec::new();
        let mut group_of = vec![Vec::new(); n];
        for members in &self.groups {
            let free: Vec<usize> =
                members.iter().filter(|&&i| position[i] != usize::MAX).map(|&i| position[i]).collect();
            if free.len() > 1 {
                for &k in &free {
                    group_of[k].push(groups.len());
                }
                groups.push(free);
            }
        }
        let fixed_value = (0..self.n).filter(|&i| fixing[i] == 1).map(|i| self.values[i]).sum();
        let values: Vec<f64> = map.iter().map(|&i| self.values[i]).collect();
        let greedy_order = greedy_order(&values, &a, &left);
        let sub = Compiled {
            n,
            values,
            a,
            limits: left,
            requires,
            required_by,
            groups,
            group_of,
            cap_tol: self.cap_tol.clone(),
            integral: self.integral,
            unit: self.unit,
            greedy_order,
        };
        (sub, map, fixed_value)
    }

    /// Remaining capacity of each row after the projects fixed in; `None` when one is
    /// exceeded.
    fn residual(&self, fixing: &Fixing) -> Option<Vec<f64>> {
        let mut left = self.limits.clone();
        for (i, &f) in fixing.iter().enumerate() {
            if f == 1 {
                for (k, l) in left.iter_mut().enumerate() {
                    *l -= self.a[k * self.n + i];
                }
            }
        }
        for (k, l) in left.iter_mut().enumerate() {
            if *l < -self.cap_tol[k] {
                return None;
            }
            *l = l.max(0.0);
        }
        Some(left)
    }
}

struct Search<'a> {
    p: &'a Compiled,
    best: Vec<bool>,
    best_value: f64,
    nodes: u64,
    status: SelectionStatus,
    /// Largest bound among nodes left unexplored when a limit stopped the search.
    open_bound: f64,
    root_duals: Vec<f64>,
    node_limit: u64,
    deadline: Deadline,
    /// Whether [`Search::explore`] returns as soon as the incumbent improves.
    restart_on_improvement: bool,
    /// The number of chosen projects every relaxation holds to (`Σ xᵢ = k`), when the
    /// search is split by cardinality.
    cardinality: Option<usize>,
    /// With whole values: the value a selection must reach to be of interest, whatever
    /// the incumbent (see [`Search::run`]).
    goal: f64,
    /// A proven upper bound on the optimum (no selection is worth more).
    upper: f64,
}

/// When the search must stop (native only: WASM has no clock).
#[cfg(not(target_family = "wasm"))]
type Deadline = Option<std::time::Instant>;
#[cfg(target_family = "wasm")]
type Deadline = ();

/// Why [`Search::explore`] returned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stop {
    /// Every node was explored.
    Finished,
    /// The node budget of this call ran out (the stack holds the rest).
    Budget,
    /// A global limit stopped the search (status and open bound set).
    Limit,
    /// The incumbent improved (when asked to stop then).
    Improved,
}

/// A node's relaxation.
struct Relaxation {
    bound: f64,
    free: Vec<usize>,
    x: Vec<f64>,
    reduced: Vec<f64>,
    duals: Vec<f64>,
}

impl<'a> Search<'a> {
    fn new(p: &'a Compiled, limits: &SearchLimits) -> Self {
        #[cfg(not(target_family = "wasm"))]
        let deadline = limits.time_limit_ms.map(|ms| std::time::Instant::now() + std::time::Duration::from_millis(ms));
        #[cfg(target_family = "wasm")]
        let deadline = ();
        Self::with(p, limits.node_limit.unwrap_or(u64::MAX), deadline)
    }

    fn with(p: &'a Compiled, node_limit: u64, deadline: Deadline) -> Self {
        Search {
            p,
            best: vec![false; p.n],
            best_value: f64::NEG_INFINITY,
            nodes: 0,
            status: SelectionStatus::Optimal,
            open_bound: f64::NEG_INFINITY,
            root_duals: vec![0.0; p.limits.len()],
            node_limit,
            deadline,
            restart_on_improvement: false,
            cardinality: None,
            goal: f64::NEG_INFINITY,
            upper: f64::INFINITY,
        }
    }

    fn tolerance(&self) -> f64 {
        1e-9 * self.best_value.abs().max(1.0)
    }

    /// The value a selection must reach to beat the incumbent.
    fn target(&self) -> f64 {
        if self.p.integral {
            (self.best_value + self.p.unit).max(self.goal)
        } else {
            self.best_value + self.tolerance()
        }
    }

    /// Whether a node with this bound cannot beat the incumbent.
    fn prune(&self, bound: f64) -> bool {
        let bound = bound.min(self.upper);
        let g = self.p.unit;
        let bound =
            if self.p.integral { libm::floor(bound / g + 1e-9 * (bound / g).abs().max(1.0)) * g } else { bound };
        bound < self.target() - if self.p.integral { 0.5 * g } else { 0.0 }
    }

    fn out_of_time(&self) -> bool {
        #[cfg(not(target_family = "wasm"))]
        if let Some(deadline) = self.deadline {
            return std::time::Instant::now() >= deadline;
        }
        false
    }

    /// Adopts a better selection found in a restricted problem.
    fn adopt(&mut self, inner: &Search, map: &[usize], fixing: &Fixing, fixed_value: f64) {
        let value = inner.best_value + fixed_value;
        if value > self.best_value + self.tolerance() {
            let mut chosen: Vec<bool> = fixing.iter().map(|&f| f == 1).collect();
            for (k, &i) in map.iter().enumerate() {
                chosen[i] = inner.best[k];
            }
            self.best_value = (0..self.p.n).filter(|&i| chosen[i]).map(|i| self.p.values[i]).sum();
            self.best = chosen;
        }
    }

    /// The LP relaxation of the projects still free, given the fixings.
    fn relax(&self, fixing: &Fixing, left: &[f64]) -> Option<Relaxation> {
        let p = self.p;
        let free: Vec<usize> = (0..p.n).filter(|&i| fixing[i] == -1).collect();
        let fixed_value: f64 = (0..p.n).filter(|&i| fixing[i] == 1).map(|i| p.values[i]).sum();
        // How many free projects the cardinality row asks for.
        let want = match self.cardinality {
            None => None,
            Some(k) => {
                let fixed_in = fixing.iter().filter(|&&f| f == 1).count();
                if k < fixed_in || k > fixed_in + free.len() {
                    return None;
                }
                Some(k - fixed_in)
            }
        };
        if free.is_empty() {
            return Some(Relaxation {
                bound: fixed_value,
                free,
                x: Vec::new(),
                reduced: Vec::new(),
                duals: vec![0.0; left.len()],
            });
        }
        let mut position = vec![usize::MAX; p.n];
        for (k, &i) in free.iter().enumerate() {
            position[i] = k;
        }
        let f = free.len();
        let c: Vec<f64> = free.iter().map(|&i| p.values[i]).collect();
        let mut a: Vec<f64> = Vec::with_capacity((p.limits.len() + 4) * f);
        let mut b: Vec<f64> = Vec::new();
        for (k, l) in left.iter().enumerate() {
            a.extend(free.iter().map(|&i| p.a[k * p.n + i]));
            b.push(*l);
        }
        for &i in &free {
            for &r in &p.requires[i] {
                let kr = position[r];
                if kr != usize::MAX {
                    let mut row = vec![0.0; f];
                    row[position[i]] = 1.0;
                    row[kr] = -1.0;
                    a.extend(row);
                    b.push(0.0);
                }
            }
        }
        for members in &p.groups {
            let in_free: Vec<usize> = members.iter().map(|&m| position[m]).filter(|&k| k != usize::MAX).collect();
            if in_free.len() > 1 {
                let mut row = vec![0.0; f];
                for k in in_free {
                    row[k] = 1.0;
                }
                a.extend(row);
                b.push(1.0);
            }
        }
        if let Some(w) = want {
            a.extend(std::iter::repeat_n(1.0, f));
            #[allow(clippy::cast_precision_loss)] // counts of projects, far below 2⁵³
            b.push(w as f64);
        }
        let s = lp::solve_with_equalities(&c, &a, &b, &vec![1.0; f], usize::from(want.is_some()))?;
        Some(Relaxation {
            bound: fixed_value + s.objective,
            free,
            x: s.x,
            reduced: s.reduced_costs,
            duals: s.duals[..left.len()].to_vec(),
        })
    }

    /// Rounds the relaxation down and fills greedily; keeps it when it beats the incumbent.
    fn improve(&mut self, fixing: &Fixing, r: &Relaxation, left: &[f64]) {
        let p = self.p;
        let mut chosen: Vec<bool> = fixing.iter().map(|&f| f == 1).collect();
        let mut left = left.to_vec();
        let take = |i: usize, chosen: &mut Vec<bool>, left: &mut Vec<f64>| {
            for (k, l) in left.iter_mut().enumerate() {
                *l -= p.a[k * p.n + i];
            }
            chosen[i] = true;
        };
        for (k, &i) in r.free.iter().enumerate() {
            if r.x[k] > 1.0 - 1e-9 {
                take(i, &mut chosen, &mut left);
            }
        }
        // Greedy fill, in the problem's fixed order (value per unit of relative capacity).
        for &i in &p.greedy_order {
            if fixing[i] != -1 || chosen[i] {
                continue;
            }
            let fits = (0..p.limits.len()).all(|k| p.a[k * p.n + i] <= left[k] + p.cap_tol[k]);
            let requirements = p.requires[i].iter().all(|&q| chosen[q]);
            let group_free = p.group_of[i].iter().all(|&g| p.groups[g].iter().all(|&j| j == i || !chosen[j]));
            let not_out = fixing[i] != 0;
            if fits && requirements && group_free && not_out {
                take(i, &mut chosen, &mut left);
            }
        }
        let value: f64 = (0..p.n).filter(|&i| chosen[i]).map(|i| p.values[i]).sum();
        if value > self.best_value + self.tolerance() || self.best_value == f64::NEG_INFINITY {
            self.best_value = value;
            self.best = chosen;
        }
    }

    /// Whether the incumbent's rise from `before` raised the target (and so is worth a
    /// restart).
    fn raised(&self, before: f64) -> bool {
        !self.p.integral || (before + self.p.unit).max(self.goal) < self.target()
    }

    /// Solves from `root`. With whole values (multiples of `unit`), by descending goals:
    /// starting from the root relaxation's bound `U` (rounded down to a multiple of the
    /// unit), each pass searches only for a selection worth at least the goal, so its
    /// pruning and reduced-cost fixing work with the smallest possible gap. A pass that
    /// finds one has found the optimum when the goal was lowered by one unit since the last
    /// pass (which proved nothing is worth more), and otherwise goes on against it as the
    /// plain search does; a pass that finds none proves the optimum is below its goal, and
    /// the next pass lowers the goal, down to the incumbent. Values that are not all whole
    /// numbers get one plain pass against the incumbent.
    fn run(&mut self, root: Fixing) {
        let Some(left) = self.p.residual(&root) else { return };
        self.nodes += 1;
        let Some(r) = self.relax(&root, &left) else { return };
        self.root_duals = r.duals.clone();
        self.improve(&root, &r, &left);
        if !self.p.integral {
            self.run_once(root, Some(&r));
            return;
        }
        let g = self.p.unit;
        let rounded = libm::floor(r.bound / g + 1e-9 * (r.bound / g).abs().max(1.0)) * g;
        self.upper = rounded;
        self.goal = rounded;
        let mut failed = 0_i32;
        loop {
            if self.best_value >= self.goal - 0.5 * g {
                return;
            }
            self.run_once(root.clone(), Some(&r));
            if self.status != SelectionStatus::Optimal {
                // Pruned nodes were below the target: the optimum is below it too.
                let pruned = (self.best_value + g).max(self.goal) - g;
                self.open_bound = self.open_bound.max(pruned).min(self.upper);
                return;
            }
            if self.best_value >= self.goal - 0.5 * g {
                return;
            }
            // Nothing is worth the goal. Lower it by one unit for the first two passes, then by
            // doubling steps, so that a weak incumbent far below the bound costs only a
            // few passes (a pass below the optimum goes on against its incumbent, as the
            // plain search does, and proves what it finds).
            failed += 1;
            let step = g * 2f64.powi((failed - 2).clamp(0, 60));
            self.upper = self.goal - g;
            if self.upper <= self.best_value + 0.5 * g {
                return;
            }
            self.goal = (self.goal - step).max(self.best_value + g);
        }
    }

    /// One pass of [`Search::run`] against the current target.
    fn run_once(&mut self, root: Fixing, mut cached: Option<&Relaxation>) {
        let mut fixing = root;
        // Total cardinalities proven unable to beat the incumbent (still true after it
        // improves, so they are skipped on restarts).
        let mut done: BTreeSet<usize> = BTreeSet::new();
        loop {
            // The root: relax, round, fix by reduced costs until nothing more is fixed.
            loop {
                if self.nodes >= self.node_limit || self.out_of_time() {
                    self.explore(&mut vec![fixing], 0);
                    return;
                }
                self.nodes += 1;
                let Some(left) = self.p.residual(&fixing) else { return };
                // The first relaxation of the root is the same in every pass of the goals.
                let solved;
                let r = if let Some(r) = cached.take() {
                    r
                } else {
                    let Some(r) = self.relax(&fixing, &left) else { return };
                    solved = r;
                    &solved
                };
                self.improve(&fixing, r, &left);
                if self.prune(r.bound) {
                    return;
                }
                if !self.fix_by_reduced_costs(&mut fixing, r) {
                    break;
                }
            }
            // Search the free projects alone, restarting from the root whenever the
            // incumbent improves (it then fixes more of them).
            let (sub, map, fixed_value) = self.p.restrict(&fixing);
            let mut inner = Search::with(&sub, self.node_limit.saturating_sub(self.nodes), self.deadline);
            inner.best_value = self.best_value - fixed_value;
            inner.goal = self.goal - fixed_value;
            inner.upper = self.upper - fixed_value;
            inner.warm_start(&vec![-1; sub.n]);
            inner.restart_on_improvement = true;
            let fixed_in = fixing.iter().filter(|&&f| f == 1).count();
            let stop = inner.by_cardinality(&mut done, fixed_in);
            self.nodes += inner.nodes;
            self.adopt(&inner, &map, &fixing, fixed_value);
            match stop {
                Stop::Finished => return,
                Stop::Limit => {
                    self.status = inner.status;
                    self.open_bound = inner.open_bound + fixed_value;
                    return;
                }
                Stop::Budget | Stop::Improved => {}
            }
        }
    }

    /// Fixes free projects whose reduced cost shows they cannot move off their bound in a
    /// selection that beats the incumbent; whether any was fixed.
    fn fix_by_reduced_costs(&self, fixing: &mut Fixing, r: &Relaxation) -> bool {
        let gap = r.bound - self.target();
        let before = fixing.clone();
        let mut applied: Vec<(usize, i8)> = Vec::new();
        for (k, &i) in r.free.iter().enumerate() {
            if fixing[i] != -1 {
                continue;
            }
            let d = r.reduced[k];
            let (target, cost) = if r.x[k] <= 1e-9 && d < 0.0 {
                (0, -d)
            } else if r.x[k] >= 1.0 - 1e-9 && d > 0.0 {
                (1, d)
            } else {
                continue;
            };
            if cost > gap + self.tolerance() {
                if self.p.fix(fixing, i, target).is_ok() {
                    applied.push((i, target));
                } else {
                    // Undo the partial propagation: replay the fixings that held.
                    fixing.clone_from(&before);
                    for &(j, v) in &applied {
                        let _ = self.p.fix(fixing, j, v);
                    }
                }
            }
        }
        !applied.is_empty()
    }

    /// The core heuristic: solve the relaxation, fix every project far from the margin
    /// (largest reduced costs) at its relaxed value, and search the remaining core with a
    /// small node budget. The incumbent it finds lets the full search fix most projects by
    /// their reduced costs at the root.
    fn warm_start(&mut self, root: &Fixing) {
        const CORE: usize = 64;
        const BUDGET: u64 = 2_000;
        let Some(left) = self.p.residual(root) else { return };
        let Some(r) = self.relax(root, &left) else { return };
        self.improve(root, &r, &left);
        if r.free.len() <= CORE {
            return;
        }
        let order = crate::sort::order_by(&r.reduced.iter().map(|x| x.abs()).collect::<Vec<f64>>());
        let mut fixing = root.clone();
        for &k in &order[CORE..] {
            let i = r.free[k];
            if fixing[i] == -1 {
                let value = i8::from(r.x[k] > 0.5);
                let before = fixing.clone();
                if self.p.fix(&mut fixing, i, value).is_err() {
                    fixing = before;
                }
            }
        }
        let status = self.status;
        self.explore(&mut vec![fixing], BUDGET);
        self.status = status;
        self.open_bound = f64::NEG_INFINITY;
    }

    /// Branch and bound split by the number of chosen projects: an integer selection has
    /// `Σ xᵢ = k` for one whole `k`, and the relaxation holding `k` fixed is much tighter
    /// than the plain one (branching on the hyperplanes `Σ xᵢ = k`). The bound is concave
    /// in `k` and peaks at the plain relaxation's `Σ xᵢ`, so the candidates are found by
    /// walking outwards from there until a bound prunes; they are searched best bound first
    /// (lowest `k` on ties). `done` holds the totals (`k + offset`, offset the projects
    /// fixed in outside this problem) already searched, skipped here and recorded on
    /// completion.
    fn by_cardinality(&mut self, done: &mut BTreeSet<usize>, offset: usize) -> Stop {
        let root: Fixing = vec![-1; self.p.n];
        self.cardinality = None;
        let Some(left) = self.p.residual(&root) else { return Stop::Finished };
        self.nodes += 1;
        let Some(r) = self.relax(&root, &left) else { return Stop::Finished };
        let total: f64 = r.x.iter().sum();
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // 0 ≤ total ≤ n
        let middle = libm::floor(total + 1e-9).max(0.0) as usize;
        let mut candidates: Vec<(usize, f64)> = Vec::new();
        let mut walk = |search: &mut Self, ks: &mut dyn Iterator<Item = usize>| {
            for k in ks {
                search.cardinality = Some(k);
                search.nodes += 1;
                match search.relax(&root, &left) {
                    Some(r) if !search.prune(r.bound) => candidates.push((k, r.bound)),
                    _ => break,
                }
            }
        };
        walk(self, &mut (0..=middle.min(self.p.n)).rev());
        walk(self, &mut (middle + 1..=self.p.n));
        // Best bound first, ties by k: (−bound, k) pairs in total order.
        let mut pairs: Vec<(f64, usize)> = candidates.iter().map(|&(k, bound)| (-bound, k)).collect();
        crate::sort::sort_pairs(&mut pairs);
        let candidates: Vec<(usize, f64)> = pairs.into_iter().map(|(bound, k)| (k, -bound)).collect();
        for (at, &(k, bound)) in candidates.iter().enumerate() {
            if done.contains(&(k + offset)) || self.prune(bound) {
                continue;
            }
            self.cardinality = Some(k);
            let stop = self.explore(&mut vec![root.clone()], u64::MAX);
            match stop {
                Stop::Finished => {
                    done.insert(k + offset);
                }
                Stop::Limit => {
                    for &(k, bound) in &candidates[at + 1..] {
                        if !done.contains(&(k + offset)) {
                            self.open_bound = self.open_bound.max(bound);
                        }
                    }
                    self.cardinality = None;
                    return stop;
                }
                Stop::Improved | Stop::Budget => {
                    self.cardinality = None;
                    return stop;
                }
            }
        }
        self.cardinality = None;
        Stop::Finished
    }

    /// Depth-first branch and bound on `stack` for at most `budget` nodes of this call
    /// (and the global limits).
    fn explore(&mut self, stack: &mut Vec<Fixing>, budget: u64) -> Stop {
        let start = self.nodes;
        while let Some(mut fixing) = stack.pop() {
            let global = self.nodes >= self.node_limit || (self.nodes % 64 == 0 && self.out_of_time());
            if global || self.nodes - start >= budget {
                stack.push(fixing);
                if !global {
                    return Stop::Budget;
                }
                self.status =
                    if self.nodes >= self.node_limit { SelectionStatus::NodeLimit } else { SelectionStatus::TimeLimit };
                // Unexplored nodes are bounded by their relaxations.
                for f in stack.iter() {
                    if let Some(left) = self.p.residual(f) {
                        if let Some(r) = self.relax(f, &left) {
                            self.open_bound = self.open_bound.max(r.bound);
                        }
                    }
                }
                return Stop::Limit;
            }
            self.nodes += 1;
            let Some(left) = self.p.residual(&fixing) else { continue };
            let Some(r) = self.relax(&fixing, &left) else { continue };
            // The rounding heuristic at every node (its work is in the free projects).
            let before = self.best_value;
            self.improve(&fixing, &r, &left);
            if self.restart_on_improvement && self.best_value > before && self.raised(before) {
                stack.push(fixing);
                return Stop::Improved;
            }
            if self.prune(r.bound) {
                continue;
            }
            if self.fix_by_reduced_costs(&mut fixing, &r) {
                // Re-solve this node with the fixings (counts as a new node).
                stack.push(fixing);
                continue;
            }
            // Branch on the most fractional project.
            let branch = r
                .free
                .iter()
                .enumerate()
                .filter(|(k, _)| r.x[*k] > 1e-9 && r.x[*k] < 1.0 - 1e-9)
                .min_by(|(k1, i1), (k2, i2)| (r.x[*k1] - 0.5).abs().total_cmp(&(r.x[*k2] - 0.5).abs()).then(i1.cmp(i2)))
                .map(|(_, &i)| i);
            let Some(i) = branch else {
                // Integral relaxation: its value is the node's optimum.
                let mut chosen: Vec<bool> = fixing.iter().map(|&f| f == 1).collect();
                for (k, &j) in r.free.iter().enumerate() {
                    chosen[j] = r.x[k] > 0.5;
                }
                let value: f64 = (0..self.p.n).filter(|&j| chosen[j]).map(|j| self.p.values[j]).sum();
                if value > self.best_value + self.tolerance() {
                    self.best_value = value;
                    self.best = chosen;
                    if self.restart_on_improvement && self.raised(before) {
                        return Stop::Improved;
                    }
                }
                continue;
            };
            // Dropping the project is explored first: on these problems it reaches good
            // selections sooner (fewer nodes in the benchmarks than taking it first).
            let mut take = fixing.clone();
            if self.p.fix(&mut take, i, 1).is_ok() {
                stack.push(take);
            }
            let mut out = fixing;
            if self.p.fix(&mut out, i, 0).is_ok() {
                stack.push(out);
            }
        }
        Stop::Finished
    }
}
