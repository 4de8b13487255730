//! Who is asking: accounts' roles per community, what each role may do, passwords and
//! sessions. Shared by every area and by the web layer; it knows no area (the account pages
//! are the `accounts` area).

pub mod sessions;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use sha2::{Digest, Sha256};

use crate::AppState;
use crate::db::Db;
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use crate::ids::{CommunityId, UserId};

/// A role of an account in one community, from most to least powerful.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Coordinator,
    Core,
    Member,
    Expert,
    Observer,
}

impl Role {
    pub const ALL: [Role; 5] = [
        Role::Coordinator,
        Role::Core,
        Role::Member,
        Role::Expert,
        Role::Observer,
    ];

    pub fn code(self) -> &'static str {
        match self {
            Role::Coordinator => "coordinator",
            Role::Core => "core",
            Role::Member => "member",
            Role::Expert => "expert",
            Role::Observer => "observer",
        }
    }

    pub fn parse(s: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.code() == s)
    }

    pub fn codes() -> Vec<&'static str> {
        Role::ALL.iter().map(|r| r.code()).collect()
    }
}

/// What a visitor asks to do in a community. The rules are in one place, [`CurrentUser::may`],
/// and written out as a table in docs/architecture.md.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    /// Read its pages (a public community: anyone; a private one: its members).
    See,
    /// Read its members-only pages: the directory of people, the questions.
    Member,
    /// Publish in the library, write up experiences, ask and answer (all roles but observer).
    Contribute,
    /// Plan activities and record what happened (coordination and core group).
    Organise,
    /// Edit the community, its organisations, people, memberships and themes (coordination).
    Manage,
}

/// The logged-in user of a request.
#[derive(Clone, Debug)]
pub struct CurrentUser {
    pub id: UserId,
    pub name: String,
    pub email: String,
    pub is_admin: bool,
    pub locale: Locale,
    pub csrf: String,
    pub roles: Vec<(CommunityId, Role)>,
}

impl CurrentUser {
    pub fn role_in(&self, community_id: CommunityId) -> Option<Role> {
        self.roles
            .iter()
            .find(|(c, _)| *c == community_id)
            .map(|(_, r)| *r)
    }

    /// May edit the community, its organisations, people, memberships and themes.
    pub fn can_manage(&self, community_id: CommunityId) -> bool {
        self.is_admin || self.role_in(community_id) == Some(Role::Coordinator)
    }

    /// May plan activities and record what happened (coordination and core group).
    pub fn can_organise(&self, community_id: CommunityId) -> bool {
        self.is_admin
            || matches!(
                self.role_in(community_id),
                Some(Role::Coordinator) | Some(Role::Core)
            )
    }

    /// May publish in the community's library, write up experiences, ask and answer
    /// (everyone but observers).
    pub fn can_contribute(&self, community_id: CommunityId) -> bool {
        self.is_admin
            || matches!(
                self.role_in(community_id),
                Some(Role::Coordinator | Role::Core | Role::Member | Role::Expert)
            )
    }

    /// May change or remove a record of the community: its author while still a
    /// contributor there, or a coordinator.
    pub fn can_edit_own(&self, community_id: CommunityId, created_by: Option<UserId>) -> bool {
        self.can_manage(community_id)
            || (created_by == Some(self.id) && self.can_contribute(community_id))
    }

    /// May see the community's member directory.
    pub fn is_member(&self, community_id: CommunityId) -> bool {
        self.is_admin || self.role_in(community_id).is_some()
    }

    /// The one answer to "may this account do this in that community?". Seeing a public
    /// community needs no account; that part is `Community::visible_to`.
    pub fn may(&self, permission: Permission, community_id: CommunityId) -> bool {
        match permission {
            Permission::See | Permission::Member => self.is_member(community_id),
            Permission::Contribute => self.can_contribute(community_id),
            Permission::Organise => self.can_organise(community_id),
            Permission::Manage => self.can_manage(community_id),
        }
    }

    /// Coordinates at least one community, or administers the platform.
    pub fn coordinates_any(&self) -> bool {
        self.is_admin || self.roles.iter().any(|(_, r)| *r == Role::Coordinator)
    }
}

pub fn session_cookie_name(https: bool) -> &'static str {
    if https {
        "__Host-kafo_session"
    } else {
        "kafo_session"
    }
}

pub fn csrf_cookie_name(https: bool) -> &'static str {
    if https {
        "__Host-kafo_csrf"
    } else {
        "kafo_csrf"
    }
}

/// A fresh random token, hex-encoded (256 bits).
pub fn random_token() -> AppResult<String> {
    let mut buf = [0u8; 32];
    getrandom::fill(&mut buf).map_err(|e| AppError::Internal(format!("random: {e}")))?;
    Ok(hex::encode(buf))
}

/// Sessions are stored by the hash of their token: a copy of the database opens no session.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

/// Argon2id with the OWASP minimum: 19 MiB, two passes, one lane.
fn argon2() -> Argon2<'static> {
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

pub fn hash_password_blocking(password: &str) -> AppResult<String> {
    let mut salt = [0u8; 16];
    getrandom::fill(&mut salt).map_err(|e| AppError::Internal(format!("random: {e}")))?;
    let salt = SaltString::encode_b64(&salt).map_err(|e| AppError::Internal(e.to_string()))?;
    argon2()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("hash: {e}")))
}

fn verify_password_blocking(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| argon2().verify_password(password.as_bytes(), &h).is_ok())
        .unwrap_or(false)
}

/// Hashes off the async threads, at most a few at a time.
pub async fn hash_password(state: &AppState, password: String) -> AppResult<String> {
    let _permit = state
        .hashers
        .acquire()
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    tokio::task::spawn_blocking(move || hash_password_blocking(&password))
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?
}

/// A hash of a password nobody has, so that an unknown login costs as much as a known one.
static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| hash_password_blocking("kafo-no-such-account").unwrap_or_default());

pub async fn verify_password(
    state: &AppState,
    password: String,
    hash: Option<String>,
) -> AppResult<bool> {
    let _permit = state
        .hashers
        .acquire()
        .await
        .map_err(|e| AppError::Internal(e.to_string()))?;
    tokio::task::spawn_blocking(move || {
        let ok =
            verify_password_blocking(&password, hash.as_deref().unwrap_or(DUMMY_HASH.as_str()));
        ok && hash.is_some()
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))
}

/// The user behind a session token, if the session is live.
pub async fn session_user(db: &Db, token: String) -> AppResult<Option<CurrentUser>> {
    let hash = token_hash(&token);
    let now = crate::clock::now();
    let found = db
        .cached(format!("session:{hash}"), move |c| {
            Ok(sessions::session_user(c, &hash, now)?)
        })
        .await?;
    // A cached session still ends on time.
    Ok(found
        .filter(|(_, expires_at)| *expires_at > now)
        .map(|(u, _)| u))
}

pub async fn set_locale(db: &Db, user_id: UserId, locale: Locale) -> AppResult<()> {
    db.tx(move |c| {
        c.execute(
            "UPDATE users SET locale = $1 WHERE id = $2",
            crate::params![locale.code(), user_id],
        )?;
        Ok(())
    })
    .await
}

/// Smallest password length accepted.
pub const MIN_PASSWORD: usize = 10;
