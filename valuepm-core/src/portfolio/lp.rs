//! A dense, bounded-variable primal simplex for the LP relaxations of project selection:
//! maximise `c·x` subject to `A·x ≤ b`, `0 ≤ x ≤ u`, with `b ≥ 0` (so `x = 0` is feasible
//! and no phase 1 is needed), optionally with some rows held as equalities (a cardinality
//! row `Σ xᵢ = k`), which a phase 1 on their artificial slacks makes feasible first.
//!
//! Nonbasic variables sit at a bound; an entering variable either flips to its other bound
//! (no basis change: only the basic values move) or pivots into the basis. Reduced costs
//! change only on pivots, so every favourable variable is tried in one pass between two
//! pivots, largest reduced cost first; a problem of thousands of variables and a few rows
//! takes a few passes. Dantzig pricing, with Bland's rule after a run of degenerate pivots
//! to rule out cycling.

/// The relaxation's answer.
#[derive(Clone, Debug)]
pub(crate) struct LpSolution {
    /// Optimal objective.
    pub objective: f64,
    /// Optimal values of the structural variables.
    pub x: Vec<f64>,
    /// Reduced cost of each structural variable at the optimum (`c_j − yᵀA_j`).
    pub reduced_costs: Vec<f64>,
    /// Dual value (shadow price) of each row, ≥ 0.
    pub duals: Vec<f64>,
}

/// Solves `max c·x, A·x ≤ b, 0 ≤ x ≤ upper` (`a` row-major, `rows × c.len()`, `b ≥ 0`).
/// `None` when the iteration cap is hit (never seen; a guard, not a code path users meet).
#[cfg(test)]
pub(crate) fn solve(c: &[f64], a: &[f64], b: &[f64], upper: &[f64]) -> Option<LpSolution> {
    solve_with_equalities(c, a, b, upper, 0)
}

/// As [`solve`], with the last `equalities` rows holding with equality (`A_i·x = b_i`).
/// Their slacks start basic as artificial variables, and a phase 1 drives them to zero
/// before the objective is optimised with their bounds closed. `None` also when those
/// rows cannot hold together with the others (phase 1 ends above zero).
pub(crate) fn solve_with_equalities(
    c: &[f64],
    a: &[f64],
    b: &[f64],
    upper: &[f64],
    equalities: usize,
) -> Option<LpSolution> {
    let n = c.len();
    let m = b.len();
    let width = n + m;
    let first_equality = m - equalities.min(m);
    // Tableau rows: B⁻¹[A | I]; `value`: the basic variables' values.
    let mut t = vec![0.0; m * width];
    for i in 0..m {
        t[i * width..i * width + n].copy_from_slice(&a[i * n..(i + 1) * n]);
        t[i * width + n + i] = 1.0;
    }
    let mut state = State {
        value: b.to_vec(),
        basis: (n..width).collect(),
        at_upper: vec![false; width],
        is_basic: (0..width).map(|j| j >= n).collect(),
        bound: (0..width).map(|j| if j < n { upper[j] } else { f64::INFINITY }).collect(),
        t,
        width,
    };
    crash(&mut state, c, a, b, upper);
    let scale = c.iter().fold(0.0_f64, |s, v| s.max(v.abs())).max(1e-300);
    if equalities > 0 {
        // Phase 1: maximise −Σ artificial slacks.
        let cost: Vec<f64> = (0..width).map(|j| if j >= n + first_equality { -1.0 } else { 0.0 }).collect();
        if !state.optimise(&cost, 1e-11) {
            return None;
        }
        let infeasibility: f64 = (first_equality..m).map(|i| state.slack(n + i)).sum();
        let size = b[first_equality..].iter().fold(1.0_f64, |s, v| s.max(v.abs()));
        if infeasibility > 1e-9 * size {
            return None;
        }
        for j in n + first_equality..width {
            state.bound[j] = 0.0;
        }
    }
    let cost: Vec<f64> = (0..width).map(|j| if j < n { c[j] } else { 0.0 }).collect();
    if !state.optimise(&cost, 1e-11 * scale) {
        return None;
    }
    // Assemble the primal solution.
    let mut x = vec![0.0; n];
    for j in 0..n {
        if state.at_upper[j] {
            x[j] = upper[j];
        }
    }
    for (i, &bj) in state.basis.iter().enumerate() {
        if bj < n {
            x[bj] = state.value[i].clamp(0.0, upper[bj]);
        }
    }
    // Reduced costs at the final basis; duals are −d of the slacks.
    let reduced = state.reduced(&cost);
    let objective = c.iter().zip(&x).map(|(c, x)| c * x).sum();
    Some(LpSolution {
        objective,
        reduced_costs: reduced[..n].to_vec(),
        duals: reduced[n..]
            .iter()
            .enumerate()
            .map(|(i, d)| if i < first_equality { (-d).max(0.0) } else { -d })
            .collect(),
        x,
    })
}

/// A starting point: with the slack basis, puts variables at their upper bound, the most
/// valuable per unit of the rows' room first, while every basic slack stays ≥ 0. On
/// knapsack rows this is close to the optimum, so the simplex needs few pivots from it
/// (from `x = 0` it takes one pivot per pass, hundreds of passes on 10,000 projects).
fn crash(state: &mut State, c: &[f64], a: &[f64], b: &[f64], upper: &[f64]) {
    let n = c.len();
    let ratio: Vec<f64> = (0..n)
        .map(|j| {
            let weight: f64 =
                b.iter().enumerate().filter(|(_, &bi)| bi > 0.0).map(|(i, &bi)| a[i * n + j].max(0.0) / bi).sum();
            c[j] / weight.max(1e-300)
        })
        .collect();
    let mut order: Vec<usize> = (0..n).filter(|&j| c[j] > 0.0 && upper[j] > 0.0).collect();
    crate::sort::sort_indices(&mut order, |j| ratio[j], true);
    for j in order {
        let u = upper[j];
        if (0..b.len()).all(|i| state.value[i] - a[i * n + j] * u >= 0.0) {
            for i in 0..b.len() {
                state.value[i] -= a[i * n + j] * u;
            }
            state.at_upper[j] = true;
        }
    }
}

/// The simplex's working state: tableau, basis and where the nonbasic variables sit.
struct State {
    /// Tableau rows `B⁻¹[A | I]`, row-major `m × width`.
    t: Vec<f64>,
    width: usize,
    /// The basic variables' values.
    value: Vec<f64>,
    basis: Vec<usize>,
    at_upper: Vec<bool>,
    is_basic: Vec<bool>,
    /// Upper bound of every variable (structural, then slack); lower bounds are 0.
    bound: Vec<f64>,
}

impl State {
    /// The value of slack `j` (0 when nonbasic at its lower bound).
    fn slack(&self, j: usize) -> f64 {
        match self.basis.iter().position(|&b| b == j) {
            Some(i) => self.value[i],
            None if self.at_upper[j] => self.bound[j],
            None => 0.0,
        }
    }

    /// Reduced costs `d_j = c_j − c_Bᵀ B⁻¹ A_j`.
    fn reduced(&self, cost: &[f64]) -> Vec<f64> {
        let width = self.width;
        let mut reduced = cost.to_vec();
        for (i, &bj) in self.basis.iter().enumerate() {
            let cb = cost[bj];
            if cb != 0.0 {
                for (d, tij) in reduced.iter_mut().zip(&self.t[i * width..(i + 1) * width]) {
                    *d -= cb * tij;
                }
            }
        }
        reduced
    }

    /// Maximises `cost·x` from the current basis; false when the iteration cap is hit.
    fn optimise(&mut self, cost: &[f64], eps_d: f64) -> bool {
        let width = self.width;
        let m = self.basis.len();
        let eps_p = 1e-11;
        let mut degenerate_run = 0;
        let mut candidates: Vec<usize> = Vec::new();
        for _pass in 0..50_000 {
            let reduced = self.reduced(cost);
            // Variables with equal bounds (closed artificials) never enter.
            let favourable = |j: usize, d: f64| {
                !self.is_basic[j] && self.bound[j] > 0.0 && if self.at_upper[j] { d < -eps_d } else { d > eps_d }
            };
            candidates.clear();
            candidates.extend((0..width).filter(|&j| favourable(j, reduced[j])));
            if candidates.is_empty() {
                return true;
            }
            let bland = degenerate_run > 50;
            if bland {
                candidates.truncate(1);
            } else {
                crate::sort::sort_indices(&mut candidates, |j| reduced[j].abs(), true);
            }
            for &j in &candidates {
                // Direction: +1 increases x_j from its lower bound, −1 decreases it from its upper.
                let dir = if self.at_upper[j] { -1.0 } else { 1.0 };
                // Basic values move by −θ·dir·t[i][j].
                let mut theta = self.bound[j];
                let mut leaving: Option<(usize, bool)> = None;
                for i in 0..m {
                    let alpha = dir * self.t[i * width + j];
                    if alpha > eps_p {
                        let limit = self.value[i] / alpha;
                        if limit < theta - 1e-15
                            || (limit <= theta && leaving.is_some_and(|(k, _)| self.basis[i] < self.basis[k]))
                        {
                            theta = limit.max(0.0);
                            leaving = Some((i, false));
                        }
                    } else if alpha < -eps_p {
                        let room = self.bound[self.basis[i]] - self.value[i];
                        if room.is_finite() {
                            let limit = room / -alpha;
                            if limit < theta - 1e-15 {
                                theta = limit.max(0.0);
                                leaving = Some((i, true));
                            }
                        }
                    }
                }
                if !theta.is_finite() {
                    // Unbounded: cannot happen with finite upper bounds on every structural
                    // variable.
                    return false;
                }
                for i in 0..m {
                    self.value[i] -= theta * dir * self.t[i * width + j];
                }
                match leaving {
                    None => {
                        // Bound flip.
                        self.at_upper[j] = !self.at_upper[j];
                    }
                    Some((r, to_upper)) => {
                        let entering_value = if self.at_upper[j] { self.bound[j] - theta } else { theta };
                        let old = self.basis[r];
                        self.at_upper[old] = to_upper;
                        self.is_basic[old] = false;
                        pivot(&mut self.t, width, r, j);
                        self.basis[r] = j;
                        self.is_basic[j] = true;
                        self.at_upper[j] = false;
                        self.value[r] = entering_value;
                        degenerate_run = if theta <= 1e-15 { degenerate_run + 1 } else { 0 };
                        break;
                    }
                }
            }
            // After a pass of flips only, reduced costs are unchanged: the next pass finds
            // no candidate and confirms optimality.
        }
        false
    }
}

/// Gauss–Jordan pivot on row `r`, column `j`.
fn pivot(t: &mut [f64], width: usize, r: usize, j: usize) {
    let p = t[r * width + j];
    for v in &mut t[r * width..(r + 1) * width] {
        *v /= p;
    }
    let (before, rest) = t.split_at_mut(r * width);
    let (row, after) = rest.split_at_mut(width);
    for other in before.chunks_exact_mut(width).chain(after.chunks_exact_mut(width)) {
        let f = other[j];
        if f != 0.0 {
            for (o, v) in other.iter_mut().zip(row.iter()) {
                *o -= f * v;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fractional_knapsack_fills_by_ratio() {
        // max 60a + 100b + 120c, 10a + 20b + 30c ≤ 50: a = b = 1, c = 2/3, objective 240
        // (the classic fractional knapsack, closed form by ratio order).
        let s = solve(&[60.0, 100.0, 120.0], &[10.0, 20.0, 30.0], &[50.0], &[1.0; 3]).unwrap();
        assert!((s.objective - 240.0).abs() < 1e-9, "{}", s.objective);
        assert!((s.x[2] - 2.0 / 3.0).abs() < 1e-12);
        // Shadow price of the capacity: the marginal item's ratio, 4.
        assert!((s.duals[0] - 4.0).abs() < 1e-9);
    }

    #[test]
    fn two_constraints_and_a_precedence_row() {
        // max 5x + 4y + 3z s.t. 2x + 3y + z ≤ 5, 4x + y + 2z ≤ 11, 3x + 4y + 2z ≤ 8 with
        // x, y, z ≤ 1, and x − z ≤ 0: all three fit (2+3+1 = 6 > 5: no). LP optimum by hand:
        // x = z = 1 uses (3, 6, 5); y = min(2/3, 5/1, 3/4) = 2/3: objective 8 + 8/3.
        let a = [2.0, 3.0, 1.0, 4.0, 1.0, 2.0, 3.0, 4.0, 2.0, 1.0, 0.0, -1.0];
        let s = solve(&[5.0, 4.0, 3.0], &a, &[5.0, 11.0, 8.0, 0.0], &[1.0; 3]).unwrap();
        assert!((s.objective - (8.0 + 8.0 / 3.0)).abs() < 1e-9, "{}", s.objective);
    }

    #[test]
    fn a_cardinality_equality() {
        // The fractional knapsack above with a + b + c = 1: the best single item is c (120,
        // weight 30 ≤ 50). With a + b + c = 3 the capacity cannot hold all three: infeasible.
        let a = [10.0, 20.0, 30.0, 1.0, 1.0, 1.0];
        let s = solve_with_equalities(&[60.0, 100.0, 120.0], &a, &[50.0, 1.0], &[1.0; 3], 1).unwrap();
        assert!((s.objective - 120.0).abs() < 1e-9, "{}", s.objective);
        assert!(solve_with_equalities(&[60.0, 100.0, 120.0], &a, &[50.0, 3.0], &[1.0; 3], 1).is_none());
        // a + b + c = 2 with the capacity: b and c fractional, 60a + 100b + 120c with
        // 10a + 20b + 30c ≤ 50: b = c = 1 weighs 50, objective 220.
        let s = solve_with_equalities(&[60.0, 100.0, 120.0], &a, &[50.0, 2.0], &[1.0; 3], 1).unwrap();
        assert!((s.objective - 220.0).abs() < 1e-9, "{}", s.objective);
        assert!((s.x.iter().sum::<f64>() - 2.0).abs() < 1e-9);
    }
}
