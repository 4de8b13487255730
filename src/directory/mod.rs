//! Who is who: organisations, people, their memberships and roles in communities, themes.

pub mod queries;
pub mod routes;

use crate::i18n::{Locale, Tr};
use crate::ids::{OrganisationId, PersonId, ThemeId};

crate::closed_set! {
    /// Kinds of organisation.
    pub enum OrgKind("org-kind") {
        Ngo = "ngo",
        Association = "association",
        Network = "network",
        StateService = "state_service",
        Media = "media",
        CommunityGroup = "community_group",
        TechnicalPartner = "technical_partner",
        Other = "other",
    }
}

crate::closed_set! {
    /// Roles of an organisation in a community.
    pub enum MemberRole("member-role") {
        Lead = "lead",
        Core = "core",
        Member = "member",
        Partner = "partner",
    }
}

crate::closed_set! {
    /// Roles of a person in a community.
    pub enum PersonRole("person-role") {
        Member = "member",
        FocalPoint = "focal_point",
        Core = "core",
        Expert = "expert",
    }
}

crate::closed_set! {
    /// A person's sex, as recorded for disaggregated figures.
    pub enum Sex("sex") {
        F = "F",
        M = "M",
    }
}

#[derive(Clone, Debug)]
pub struct OrgRef {
    pub id: OrganisationId,
    pub name: String,
    pub acronym: Option<String>,
}

impl OrgRef {
    /// "APROFEM" when there is an acronym, else the name.
    pub fn short(&self) -> &str {
        self.acronym.as_deref().unwrap_or(&self.name)
    }
}

/// An organisation as listed in a community's directory.
#[derive(Clone, Debug)]
pub struct MemberOrg {
    pub org: OrgRef,
    pub kind: OrgKind,
    pub commune: Option<String>,
    pub role: MemberRole,
}

/// An organisation of the directory that is not a member of the community yet.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub org: OrgRef,
    pub kind: OrgKind,
    pub commune: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Organisation {
    pub id: OrganisationId,
    pub name: String,
    pub acronym: Option<String>,
    pub kind: OrgKind,
    pub commune: Option<String>,
    pub region: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub website: Option<String>,
    pub description: Option<String>,
    pub themes: Vec<Theme>,
    /// Membership in the community the page is about.
    pub membership_id: i64,
    pub role: MemberRole,
    pub since: Option<String>,
    pub until: Option<String>,
}

#[derive(Clone, Debug)]
pub struct Person {
    pub id: PersonId,
    pub name: String,
    pub sex: Sex,
    pub organisation_id: Option<OrganisationId>,
    pub organisation: Option<String>,
    pub function: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub expertise: Option<String>,
    pub role: PersonRole,
    pub themes: Vec<Theme>,
}

#[derive(Clone, Debug, Default)]
pub struct Theme {
    pub id: ThemeId,
    pub slug: String,
    pub name_fr: String,
    pub name_en: String,
    pub name_bm: Option<String>,
}

impl crate::web::forms::Choice for Theme {
    type Id = ThemeId;
    fn choice_id(&self) -> ThemeId {
        self.id
    }
}

impl Theme {
    /// The theme's name in the reader's language, French when none is given.
    pub fn name(&self, tr: &Tr) -> &str {
        match tr.locale {
            Locale::En => &self.name_en,
            Locale::Bm => self.name_bm.as_deref().unwrap_or(&self.name_fr),
            Locale::Fr => &self.name_fr,
        }
    }
}
