//! Problem solving: a member asks a question or poses a problem, others answer, the asker (or
//! a coordinator) marks the answer that solved it. Authors improve their answers; coordinators
//! hide or lock with a reason, kept with the record and in the audit log.

pub mod export;
pub mod queries;
pub mod routes;

use crate::community::Visibility;
use crate::directory::Theme;
use crate::ids::{AnswerId, CommunityId, QuestionId, UserId};

/// Who may see a question: the network, or its community only (never the public).
pub const VISIBILITIES: &[Visibility] = &[Visibility::Network, Visibility::Community];

crate::closed_set! {
    /// Where a question stands, as lists filter it.
    pub enum QuestionState("question-state") {
        /// Still waiting for an answer that solves it.
        Open = "open",
        /// An answer was marked as the solution.
        Solved = "solved",
    }
}

#[derive(Clone, Debug)]
pub struct QuestionRow {
    pub id: QuestionId,
    pub title: String,
    pub author: Option<String>,
    pub answers: i64,
    pub solved: bool,
    pub hidden: bool,
    pub locked: bool,
    pub last_activity_at: i64,
}

#[derive(Clone, Debug)]
pub struct Question {
    pub id: QuestionId,
    pub community_id: CommunityId,
    pub title: String,
    pub body: String,
    pub visibility: Visibility,
    pub author_id: Option<UserId>,
    pub author: Option<String>,
    pub solution_id: Option<AnswerId>,
    pub hidden: bool,
    pub locked: bool,
    pub moderation_reason: Option<String>,
    pub created_at: i64,
    pub themes: Vec<Theme>,
}

#[derive(Clone, Debug)]
pub struct Answer {
    pub id: AnswerId,
    pub body: String,
    pub author_id: Option<UserId>,
    pub author: Option<String>,
    pub hidden: bool,
    pub moderation_reason: Option<String>,
    pub created_at: i64,
    pub edited: bool,
}
