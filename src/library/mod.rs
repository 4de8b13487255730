//! The library: tools, models, good practices, guides, legal texts, reports and templates,
//! published by members as a file, a link and/or a text, tagged with themes and a language,
//! and visible to the public, the network or the community only.

pub mod export;
pub mod queries;
pub mod routes;
pub mod upload;

use crate::community::Visibility;
use crate::directory::Theme;
use crate::ids::{CommunityId, OrganisationId, ResourceId, ThemeId, UserId};
use upload::FileKind;

crate::closed_set! {
    /// Kinds of library resource.
    pub enum ResourceKind("resource-kind") {
        Tool = "tool",
        Model = "model",
        Practice = "practice",
        Guide = "guide",
        Legal = "legal",
        Report = "report",
        Template = "template",
    }
}

crate::closed_set! {
    /// The language a resource is written or spoken in.
    pub enum Language("language") {
        Fr = "fr",
        Bm = "bm",
        En = "en",
    }
}

/// A resource in a list.
#[derive(Clone, Debug)]
pub struct ResourceRow {
    pub id: ResourceId,
    pub kind: ResourceKind,
    pub title: String,
    pub language: Language,
    pub visibility: Visibility,
    pub file_kind: Option<FileKind>,
    pub has_link: bool,
    pub organisation: Option<String>,
    pub created_at: i64,
}

/// A resource, whole but for its file's bytes.
#[derive(Clone, Debug)]
pub struct Resource {
    pub id: ResourceId,
    pub community_id: CommunityId,
    pub kind: ResourceKind,
    pub title: String,
    pub body: String,
    pub link: Option<String>,
    pub language: Language,
    pub visibility: Visibility,
    pub organisation_id: Option<OrganisationId>,
    pub organisation: Option<String>,
    pub file_name: Option<String>,
    pub file_kind: Option<FileKind>,
    pub file_size: Option<i64>,
    pub created_by: Option<UserId>,
    pub author: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub themes: Vec<Theme>,
}

impl Resource {
    pub fn theme_ids(&self) -> Vec<ThemeId> {
        self.themes.iter().map(|t| t.id).collect()
    }
}
