//! Experience sharing: a member organisation writes up a practice it tried (context, what it
//! did, results, lessons, contacts), linked to themes and to the activity where it was
//! presented.

pub mod queries;
pub mod routes;

use crate::directory::Theme;

#[derive(Clone, Debug)]
pub struct ExperienceRow {
    pub id: i64,
    pub title: String,
    pub organisation: String,
    pub visibility: String,
    pub created_at: i64,
}

#[derive(Clone, Debug)]
pub struct Experience {
    pub id: i64,
    pub community_id: i64,
    pub organisation_id: i64,
    pub organisation: String,
    pub activity_id: Option<i64>,
    pub activity: Option<String>,
    pub title: String,
    pub context: String,
    pub actions: String,
    pub results: String,
    pub lessons: String,
    pub contacts: String,
    pub visibility: String,
    pub created_by: Option<i64>,
    pub author: Option<String>,
    pub created_at: i64,
    pub themes: Vec<Theme>,
}
