//! Time budgets: the [`Deadline`] every long loop of a check watches (a leaf module, so
//! that the diff, the check and the report share it without importing each other).

use std::time::{Duration, Instant};

/// When a check must stop: its start plus [`CheckOptions::budget`](crate::CheckOptions::budget), shared by every file of
/// a change set.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Deadline {
    at: Option<Instant>,
    budget: Duration,
}

/// The budget ran out.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Exceeded;

impl Deadline {
    /// From now, `budget` long ([`Duration::MAX`]: never).
    pub(crate) fn start(budget: Duration) -> Deadline {
        Deadline {
            at: Instant::now().checked_add(budget),
            budget,
        }
    }

    /// The instant it runs out (`None`: never).
    pub(crate) fn instant(&self) -> Option<Instant> {
        self.at
    }

    /// Whether the budget is spent (a zero budget is spent at once).
    pub(crate) fn exceeded(&self) -> bool {
        self.at.is_some_and(|at| Instant::now() >= at)
    }

    /// `Err(Exceeded)` once the budget is spent.
    pub(crate) fn check(&self) -> Result<(), Exceeded> {
        if self.exceeded() {
            Err(Exceeded)
        } else {
            Ok(())
        }
    }

    /// The budget, in milliseconds (for the reason reported).
    pub(crate) fn budget_ms(&self) -> u64 {
        u64::try_from(self.budget.as_millis()).unwrap_or(u64::MAX)
    }
}
