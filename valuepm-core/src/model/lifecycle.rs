//! The project lifecycle: states, the transitions allowed between them, and the
//! recorded history of every transition.
//!
//! ```text
//! Proposed ──► Approved ──► Active ──► Completed
//!    │  ▲          │  ▲       │  ▲
//!    │  │          ▼  │       ▼  │
//!    │  └─ Rejected  OnHold ◄───┘ (OnHold ──► Active or Approved)
//!    └────────► Cancelled ◄── (from Proposed, Approved, Active, OnHold)
//! ```
//! `Rejected` may be resubmitted as `Proposed`; `Completed` and `Cancelled` are final.

use std::fmt;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// Where a project stands in its lifecycle.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum LifecycleState {
    /// Submitted for a funding decision (the initial state).
    #[default]
    Proposed,
    /// Funded, not started.
    Approved,
    /// Not funded; may be resubmitted.
    Rejected,
    /// Under way.
    Active,
    /// Paused after approval or while active.
    OnHold,
    /// Delivered (final).
    Completed,
    /// Stopped before completion (final).
    Cancelled,
}

impl LifecycleState {
    /// Every state, in lifecycle order.
    pub const ALL: [LifecycleState; 7] = [
        LifecycleState::Proposed,
        LifecycleState::Approved,
        LifecycleState::Rejected,
        LifecycleState::Active,
        LifecycleState::OnHold,
        LifecycleState::Completed,
        LifecycleState::Cancelled,
    ];

    /// The states this state may move to.
    #[must_use]
    pub fn allowed_transitions(self) -> &'static [LifecycleState] {
        use LifecycleState::{Active, Approved, Cancelled, Completed, OnHold, Proposed, Rejected};
        match self {
            Proposed => &[Approved, Rejected, Cancelled],
            Approved => &[Active, OnHold, Cancelled],
            Rejected => &[Proposed],
            Active => &[OnHold, Completed, Cancelled],
            OnHold => &[Active, Approved, Cancelled],
            Completed | Cancelled => &[],
        }
    }

    /// Whether `self → to` is allowed.
    #[must_use]
    pub fn can_transition_to(self, to: LifecycleState) -> bool {
        self.allowed_transitions().contains(&to)
    }

    /// Whether no transition leaves this state.
    #[must_use]
    pub fn is_final(self) -> bool {
        self.allowed_transitions().is_empty()
    }

    /// The `snake_case` name used in documents, e.g. `on_hold`.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            LifecycleState::Proposed => "proposed",
            LifecycleState::Approved => "approved",
            LifecycleState::Rejected => "rejected",
            LifecycleState::Active => "active",
            LifecycleState::OnHold => "on_hold",
            LifecycleState::Completed => "completed",
            LifecycleState::Cancelled => "cancelled",
        }
    }

    /// Parses a document name (`"on_hold"`).
    pub fn parse(name: &str) -> Result<Self> {
        LifecycleState::ALL.into_iter().find(|s| s.as_str() == name).ok_or_else(|| {
            let names: Vec<_> = LifecycleState::ALL.iter().map(|s| s.as_str()).collect();
            Error::validation("state", format!("`{name}` is not a lifecycle state (one of {})", names.join(", ")))
        })
    }

    /// The error for a refused `self → to` transition, listing the allowed ones.
    pub(crate) fn refuse(self, to: LifecycleState) -> Error {
        Error::InvalidTransition {
            from: self.as_str().to_owned(),
            to: to.as_str().to_owned(),
            allowed: self.allowed_transitions().iter().map(|s| s.as_str().to_owned()).collect(),
        }
    }
}

impl fmt::Display for LifecycleState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One recorded lifecycle transition: from, to, when, who and why.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Transition {
    /// State before.
    pub from: LifecycleState,
    /// State after.
    pub to: LifecycleState,
    /// When it happened (UTC).
    pub at: DateTime<Utc>,
    /// Who made it; not empty.
    pub by: String,
    /// Why; may be empty.
    #[serde(default)]
    pub reason: String,
}

/// Validates that `history` is a chain of allowed transitions from `Proposed`, in time
/// order, ending in `state`.
pub(crate) fn validate_history(state: LifecycleState, history: &[Transition]) -> Result<()> {
    let mut current = LifecycleState::Proposed;
    let mut last_at: Option<DateTime<Utc>> = None;
    for (i, t) in history.iter().enumerate() {
        let path = format!("history[{i}]");
        if t.from != current {
            return Err(Error::validation(
                format!("{path}.from"),
                format!("is {} but the project was {current} at that point", t.from),
            ));
        }
        if !t.from.can_transition_to(t.to) {
            return Err(Error::validation(format!("{path}.to"), t.from.refuse(t.to).to_string()));
        }
        if t.by.trim().is_empty() {
            return Err(Error::validation(format!("{path}.by"), "who made the transition must be given"));
        }
        if let Some(prev) = last_at {
            if t.at < prev {
                return Err(Error::validation(
                    format!("{path}.at"),
                    format!("{} is earlier than the previous transition ({prev})", t.at),
                ));
            }
        }
        last_at = Some(t.at);
        current = t.to;
    }
    if current != state {
        return Err(Error::validation("state", format!("is {state} but the recorded history ends in {current}")));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn final_states_have_no_exit() {
        assert!(LifecycleState::Completed.is_final());
        assert!(LifecycleState::Cancelled.is_final());
        assert!(!LifecycleState::Rejected.is_final());
    }

    #[test]
    fn refusal_lists_allowed_states() {
        let e = LifecycleState::Proposed.refuse(LifecycleState::Completed);
        assert_eq!(e.kind().as_str(), "invalid_transition");
        let text = e.to_string();
        assert!(text.contains("approved, rejected, cancelled"), "{text}");
    }

    #[test]
    fn names_round_trip() {
        for s in LifecycleState::ALL {
            assert_eq!(LifecycleState::parse(s.as_str()).unwrap(), s);
            let json = serde_json::to_string(&s).unwrap();
            assert_eq!(json, format!("\"{}\"", s.as_str()));
        }
        assert!(LifecycleState::parse("done").is_err());
    }
}
