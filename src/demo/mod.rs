//! The demo data set (`data/demo.toml`), loaded by `kafo demo` and `kafo serve --demo`.

pub mod synthetic;

use serde::Deserialize;
use std::collections::HashMap;

use crate::accounts::{self, NewUser, Role};
use crate::community::queries::{self as communities, CommunityFields};
use crate::db::{Conn, Db};
use crate::directory::queries::{
    self as dir, MembershipFields, OrgFields, PersonFields, ThemeFields,
};
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use crate::{clock, params};

pub const DEMO_TOML: &str = include_str!("../../data/demo.toml");

#[derive(Deserialize)]
pub struct DemoData {
    themes: Vec<ThemeRow>,
    organisations: Vec<OrgRow>,
    communities: Vec<CommunityRow>,
    links: Vec<LinkRow>,
    people: Vec<PersonRow>,
    pub accounts: Vec<AccountRow>,
}

#[derive(Deserialize)]
struct ThemeRow {
    slug: String,
    fr: String,
    en: String,
    bm: Option<String>,
}

#[derive(Deserialize)]
struct OrgRow {
    key: String,
    name: String,
    acronym: Option<String>,
    kind: String,
    commune: Option<String>,
    region: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    description: Option<String>,
    #[serde(default)]
    themes: Vec<String>,
}

#[derive(Deserialize)]
struct MemberRow {
    org: String,
    role: String,
    since: Option<String>,
}

#[derive(Deserialize)]
struct CommunityRow {
    slug: String,
    name: String,
    region: String,
    founded_on: Option<String>,
    project: Option<String>,
    accompanied_by: Option<String>,
    description: String,
    objectives: String,
    ways_of_working: String,
    members: Vec<MemberRow>,
}

#[derive(Deserialize)]
struct LinkRow {
    a: String,
    b: String,
    since: Option<String>,
    description: String,
}

#[derive(Deserialize)]
struct PlaceRow {
    community: String,
    role: String,
}

#[derive(Deserialize)]
struct PersonRow {
    name: String,
    sex: String,
    org: Option<String>,
    function: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    expertise: Option<String>,
    #[serde(default)]
    themes: Vec<String>,
    communities: Vec<PlaceRow>,
}

#[derive(Deserialize)]
pub struct AccountRow {
    pub email: String,
    pub name: String,
    pub password: String,
    #[serde(default)]
    pub admin: bool,
    pub locale: Option<String>,
    #[serde(default)]
    roles: Vec<PlaceRow>,
}

impl AccountRow {
    /// "coordinator (segou), member (kayes)" for the start-up banner.
    pub fn describe(&self) -> String {
        let mut parts: Vec<String> = self
            .roles
            .iter()
            .map(|r| format!("{} ({})", r.role, r.community))
            .collect();
        if self.admin {
            parts.insert(0, "platform admin".to_owned());
        }
        parts.join(", ")
    }
}

pub fn data() -> AppResult<DemoData> {
    toml::from_str(DEMO_TOML).map_err(|e| AppError::Internal(format!("demo data: {e}")))
}

/// Loads the demo data unless it is already there. Returns false when nothing was done.
pub fn load(db: &Db) -> AppResult<bool> {
    let data = data()?;
    let mut conn = db.conn()?;
    let present: i64 = conn.scalar(
        "SELECT COUNT(*) FROM communities WHERE slug = $1",
        params![&data.communities[0].slug],
    )?;
    if present > 0 {
        return Ok(false);
    }
    // Hash outside the transaction: it is the slow part.
    let hashes = data
        .accounts
        .iter()
        .map(|a| accounts::hash_password_blocking(&a.password))
        .collect::<AppResult<Vec<_>>>()?;
    conn.transaction(|c| insert(c, &data, &hashes))?;
    Ok(true)
}

fn missing(what: &str, key: &str) -> AppError {
    AppError::Internal(format!("demo data: unknown {what} {key}"))
}

fn insert(c: &mut Conn, data: &DemoData, hashes: &[String]) -> AppResult<()> {
    let now = clock::now();
    let mut themes = HashMap::new();
    for t in &data.themes {
        let f = ThemeFields {
            slug: t.slug.clone(),
            name_fr: t.fr.clone(),
            name_en: t.en.clone(),
            name_bm: t.bm.clone(),
        };
        let id = dir::create_theme(c, &f)?.ok_or_else(|| missing("duplicate theme", &t.slug))?;
        themes.insert(t.slug.as_str(), id);
    }
    let theme_ids = |slugs: &[String]| -> AppResult<Vec<i64>> {
        slugs
            .iter()
            .map(|s| {
                themes
                    .get(s.as_str())
                    .copied()
                    .ok_or_else(|| missing("theme", s))
            })
            .collect()
    };

    // Organisations are created through their first community's membership.
    let mut first_community: HashMap<&str, (&CommunityRow, &MemberRow)> = HashMap::new();
    for community in &data.communities {
        for m in &community.members {
            first_community
                .entry(m.org.as_str())
                .or_insert((community, m));
        }
    }
    let mut community_ids = HashMap::new();
    for community in &data.communities {
        let f = CommunityFields {
            slug: community.slug.clone(),
            name: community.name.clone(),
            region: community.region.clone(),
            founded_on: community.founded_on.clone(),
            project: community.project.clone(),
            description: community.description.clone(),
            objectives: community.objectives.clone(),
            ways_of_working: community.ways_of_working.clone(),
            accompanied_by_id: None,
            is_public: true,
            directory_public: true,
        };
        let id = communities::create(c, &f, now)?
            .ok_or_else(|| missing("duplicate community", &community.slug))?;
        community_ids.insert(community.slug.as_str(), id);
    }
    let mut org_ids = HashMap::new();
    for o in &data.organisations {
        let (community, m) = first_community
            .get(o.key.as_str())
            .ok_or_else(|| missing("membership for", &o.key))?;
        let cid = community_ids[community.slug.as_str()];
        let f = OrgFields {
            name: o.name.clone(),
            acronym: o.acronym.clone(),
            kind: o.kind.clone(),
            commune: o.commune.clone(),
            region: o.region.clone(),
            email: o.email.clone(),
            phone: o.phone.clone(),
            website: None,
            description: o.description.clone(),
            themes: theme_ids(&o.themes)?,
        };
        let membership = MembershipFields {
            role: m.role.clone(),
            since: m.since.clone(),
            until: None,
        };
        let id = dir::create_org(c, cid, &f, &membership, now)?
            .ok_or_else(|| missing("duplicate organisation", &o.key))?;
        org_ids.insert(o.key.as_str(), id);
    }
    for community in &data.communities {
        let cid = community_ids[community.slug.as_str()];
        for m in &community.members {
            let org = *org_ids
                .get(m.org.as_str())
                .ok_or_else(|| missing("organisation", &m.org))?;
            let membership = MembershipFields {
                role: m.role.clone(),
                since: m.since.clone(),
                until: None,
            };
            dir::add_membership(c, cid, org, &membership)?;
        }
        if let Some(key) = &community.accompanied_by {
            let org = *org_ids
                .get(key.as_str())
                .ok_or_else(|| missing("organisation", key))?;
            c.execute(
                "UPDATE communities SET accompanied_by_id = $1 WHERE id = $2",
                params![org, cid],
            )?;
        }
    }
    for l in &data.links {
        let a = *community_ids
            .get(l.a.as_str())
            .ok_or_else(|| missing("community", &l.a))?;
        let b = *community_ids
            .get(l.b.as_str())
            .ok_or_else(|| missing("community", &l.b))?;
        communities::link(c, a, b, &l.description, l.since.as_deref())?;
    }
    for p in &data.people {
        let organisation_id = match &p.org {
            Some(k) => Some(
                *org_ids
                    .get(k.as_str())
                    .ok_or_else(|| missing("organisation", k))?,
            ),
            None => None,
        };
        let mut places = p.communities.iter();
        let first = places
            .next()
            .ok_or_else(|| missing("community for", &p.name))?;
        let f = PersonFields {
            name: p.name.clone(),
            sex: p.sex.clone(),
            organisation_id,
            function: p.function.clone(),
            email: p.email.clone(),
            phone: p.phone.clone(),
            expertise: p.expertise.clone(),
            role: first.role.clone(),
            themes: theme_ids(&p.themes)?,
        };
        let id = dir::create_person(c, community_ids[first.community.as_str()], &f, now)?;
        for place in places {
            dir::add_person_to(c, id, community_ids[place.community.as_str()], &place.role)?;
        }
    }
    for (a, hash) in data.accounts.iter().zip(hashes) {
        let roles = a
            .roles
            .iter()
            .map(|r| {
                let cid = *community_ids
                    .get(r.community.as_str())
                    .ok_or_else(|| missing("community", &r.community))?;
                let role = Role::parse(&r.role).ok_or_else(|| missing("role", &r.role))?;
                Ok((cid, role))
            })
            .collect::<AppResult<Vec<_>>>()?;
        let user = NewUser {
            email: a.email.clone(),
            name: a.name.clone(),
            password_hash: hash.clone(),
            locale: a
                .locale
                .as_deref()
                .and_then(Locale::parse)
                .unwrap_or_default(),
            is_admin: a.admin,
            roles,
        };
        accounts::create_user(c, &user, now)?
            .ok_or_else(|| missing("duplicate account", &a.email))?;
    }
    Ok(())
}
