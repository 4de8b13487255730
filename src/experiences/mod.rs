//! Experience sharing: a member organisation writes up a practice it tried (context, what it
//! did, results, lessons, contacts), linked to themes and to the activity where it was
//! presented.

pub mod queries;
pub mod routes;

use crate::community::Visibility;
use crate::directory::Theme;
use crate::ids::{ActivityId, CommunityId, ExperienceId, OrganisationId, UserId};

#[derive(Clone, Debug)]
pub struct ExperienceRow {
    pub id: ExperienceId,
    pub title: String,
    pub organisation: String,
    pub visibility: Visibility,
    pub created_at: i64,
}

#[derive(Clone, Debug)]
pub struct Experience {
    pub id: ExperienceId,
    pub community_id: CommunityId,
    pub organisation_id: OrganisationId,
    pub organisation: String,
    pub activity_id: Option<ActivityId>,
    pub activity: Option<String>,
    pub title: String,
    pub context: String,
    pub actions: String,
    pub results: String,
    pub lessons: String,
    pub contacts: String,
    pub visibility: Visibility,
    pub created_by: Option<UserId>,
    pub author: Option<String>,
    pub created_at: i64,
    pub themes: Vec<Theme>,
}
