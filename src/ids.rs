//! Typed ids: one type per table, so that the compiler checks which id goes where
//! (`create(c, community, user, ...)` cannot take them in the wrong order). Each reads from a
//! route segment or a form field, binds as a statement parameter and reads from a column like
//! the `i64` it wraps.

use std::fmt;
use std::str::FromStr;

use crate::db::{DbResult, FromCol, Value};

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(
            Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Deserialize,
            serde::Serialize,
        )]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            pub fn get(self) -> i64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        /// A positive number; anything else is no id.
        impl FromStr for $name {
            type Err = ();
            fn from_str(s: &str) -> Result<Self, ()> {
                match s.trim().parse::<i64>() {
                    Ok(n) if n > 0 => Ok($name(n)),
                    _ => Err(()),
                }
            }
        }

        impl From<$name> for Value {
            fn from(id: $name) -> Value {
                Value::Int(id.0)
            }
        }

        impl From<&$name> for Value {
            fn from(id: &$name) -> Value {
                Value::Int(id.0)
            }
        }

        impl From<$name> for i64 {
            fn from(id: $name) -> i64 {
                id.0
            }
        }

        impl FromCol for $name {
            fn from_sqlite<C: crate::db::Column>(row: &rusqlite::Row, idx: C) -> DbResult<Self> {
                i64::from_sqlite(row, idx).map($name)
            }
            fn from_postgres<C: crate::db::Column>(row: &::postgres::Row, idx: C) -> DbResult<Self> {
                i64::from_postgres(row, idx).map($name)
            }
        }

        impl FromCol for Option<$name> {
            fn from_sqlite<C: crate::db::Column>(row: &rusqlite::Row, idx: C) -> DbResult<Self> {
                Option::<i64>::from_sqlite(row, idx).map(|v| v.map($name))
            }
            fn from_postgres<C: crate::db::Column>(row: &::postgres::Row, idx: C) -> DbResult<Self> {
                Option::<i64>::from_postgres(row, idx).map(|v| v.map($name))
            }
        }
    )*};
}

ids!(
    CommunityId,
    OrganisationId,
    PersonId,
    UserId,
    ThemeId,
    ActivityId,
    /// A follow-up action of an activity.
    ActionId,
    AttendeeId,
    DecisionId,
    PhotoId,
    ResourceId,
    ExperienceId,
    QuestionId,
    AnswerId,
    CommitteeId,
    CandidateId,
    /// A coaching session of a committee.
    CoachingId,
    ProposalId,
    PlanId,
    ObjectiveId,
    /// An action of a plan (not an activity's follow-up action).
    PlanActionId,
    PlanUpdateId,
    CommitmentId,
    ReviewId,
    IndicatorId,
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_positive_numbers_are_ids() {
        assert_eq!("12".parse::<ActivityId>(), Ok(ActivityId(12)));
        assert_eq!(" 7 ".parse::<ThemeId>(), Ok(ThemeId(7)));
        assert!("-1".parse::<ThemeId>().is_err());
        assert!("0".parse::<ThemeId>().is_err());
        assert!("abc".parse::<ThemeId>().is_err());
        assert_eq!(Value::from(CommunityId(3)), Value::Int(3));
    }
}
