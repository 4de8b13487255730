//! Themes an account follows and the digest of what is new in them: the settings page, and
//! the job that writes each due digest to the outbox.

use askama::Template;
use axum::Router;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use serde::Deserialize;

use crate::AppState;
use crate::community::{Access, Visibility};
use crate::db::{Conn, DbResult};
use crate::directory::Theme;
use crate::directory::queries as dir;
use crate::error::AppResult;
use crate::i18n::{Locale, Tr};
use crate::ids::{CommunityId, ThemeId, UserId};
use crate::params;
use crate::search::Kind;
use crate::web::{Check, Ctx, Errors, WebForm, render};

pub const FREQUENCIES: &[&str] = &["none", "daily", "weekly"];

pub fn router() -> Router<AppState> {
    Router::new().route("/compte/suivi", get(page).post(save))
}

// ---- queries ----

pub fn followed(c: &mut Conn, user_id: UserId) -> DbResult<(Vec<ThemeId>, String)> {
    let themes = c.query(
        "SELECT theme_id FROM theme_follows WHERE user_id = $1",
        params![user_id],
        |r| r.get("theme_id"),
    )?;
    let digest = c.scalar("SELECT digest FROM users WHERE id = $1", params![user_id])?;
    Ok((themes, digest))
}

pub fn set_follows(
    c: &mut Conn,
    user_id: UserId,
    themes: &[ThemeId],
    digest: &str,
) -> DbResult<()> {
    dir::set_themes(c, "theme_follows", "user_id", user_id.get(), themes)?;
    c.execute(
        "UPDATE users SET digest = $2 WHERE id = $1",
        params![user_id, digest],
    )?;
    Ok(())
}

/// One new item of a digest.
struct Item {
    kind: Kind,
    id: i64,
    title: String,
    slug: String,
    community_id: CommunityId,
    visibility: Visibility,
}

fn period(digest: &str) -> Option<i64> {
    match digest {
        "daily" => Some(86_400),
        "weekly" => Some(7 * 86_400),
        _ => None,
    }
}

/// Writes to the outbox every digest that is due at `now`, with links under `base`; gives
/// the number of messages queued. A digest covers what appeared since the last one (or one
/// period back), in the themes followed, that the account may see; nothing new, no message.
pub fn enqueue_digests(c: &mut Conn, now: i64, base: &str) -> DbResult<usize> {
    let due: Vec<(i64, String, String, String, Option<i64>, bool)> = c.query(
        "SELECT id, email, locale, digest, digest_sent_at, is_admin FROM users \
         WHERE digest <> 'none' AND disabled = $1",
        params![false],
        |r| {
            Ok((
                r.get("id")?,
                r.get("email")?,
                r.get("locale")?,
                r.get("digest")?,
                r.get("digest_sent_at")?,
                r.get("is_admin")?,
            ))
        },
    )?;
    let mut queued = 0;
    for (user_id, email, locale, digest, sent_at, is_admin) in due {
        let Some(period) = period(&digest) else {
            continue;
        };
        // A little slack so that a job running every few minutes keeps a daily rhythm.
        if sent_at.is_some_and(|t| t > now - period + 600) {
            continue;
        }
        let since = sent_at.unwrap_or(now - period);
        let roles: Vec<CommunityId> = c.query(
            "SELECT community_id FROM community_roles WHERE user_id = $1",
            params![user_id],
            |r| r.get("community_id"),
        )?;
        let items: Vec<Item> = c
            .query(
                "SELECT 'resource' AS col0, r.id, r.title, cm.slug, r.community_id, r.visibility, r.created_at AS col6 \
                 FROM resources r JOIN communities cm ON cm.id = r.community_id \
                 WHERE r.created_at > $1 AND r.created_at <= $3 AND EXISTS (SELECT 1 FROM resource_themes x \
                   JOIN theme_follows f ON f.theme_id = x.theme_id \
                   WHERE x.resource_id = r.id AND f.user_id = $2) \
                 UNION ALL \
                 SELECT 'experience', e.id, e.title, cm.slug, e.community_id, e.visibility, e.created_at \
                 FROM experiences e JOIN communities cm ON cm.id = e.community_id \
                 WHERE e.created_at > $1 AND e.created_at <= $3 AND EXISTS (SELECT 1 FROM experience_themes x \
                   JOIN theme_follows f ON f.theme_id = x.theme_id \
                   WHERE x.experience_id = e.id AND f.user_id = $2) \
                 UNION ALL \
                 SELECT 'question', q.id, q.title, cm.slug, q.community_id, q.visibility, q.created_at \
                 FROM questions q JOIN communities cm ON cm.id = q.community_id \
                 WHERE q.created_at > $1 AND q.created_at <= $3 AND q.hidden = $4 AND EXISTS (SELECT 1 FROM question_themes x \
                   JOIN theme_follows f ON f.theme_id = x.theme_id \
                   WHERE x.question_id = q.id AND f.user_id = $2) \
                 ORDER BY 7, 2 LIMIT 200",
                params![since, user_id, now, false],
                |r| {
                    let kind: String = r.get("col0")?;
                    Ok(Item {
                        kind: Kind::parse(&kind).unwrap_or(crate::library::queries::KIND),
                        id: r.get("id")?,
                        title: r.get("title")?,
                        slug: r.get("slug")?,
                        community_id: r.get("community_id")?,
                        visibility: r.get("visibility")?,
                    })
                },
            )?
            .into_iter()
            .filter(|i| {
                let access = if is_admin || roles.contains(&i.community_id) {
                    Access::Member
                } else if roles.is_empty() {
                    Access::Public
                } else {
                    Access::Network
                };
                access.allows(i.visibility)
            })
            .collect();
        c.execute(
            "UPDATE users SET digest_sent_at = $2 WHERE id = $1",
            params![user_id, now],
        )?;
        if items.is_empty() {
            continue;
        }
        let tr = Tr::new(Locale::parse(&locale).unwrap_or_default());
        let subject = tr.count("digest-subject", items.len() as i64);
        let mut body = format!("{}\n\n", tr.t("digest-intro"));
        for i in &items {
            body.push_str(&format!(
                "- {} : {}\n  {}{}\n",
                tr.t(&format!("search-kind-{}", i.kind.code())),
                i.title,
                base,
                i.kind.url(&i.slug, i.id)
            ));
        }
        body.push_str(&format!(
            "\n{}\n\n-- \n{}\n",
            tr.t1("digest-settings", "url", &format!("{base}/compte/suivi")),
            tr.t("mail-footer")
        ));
        crate::mail::enqueue(c, &email, &subject, &body)?;
        queued += 1;
    }
    Ok(queued)
}

// ---- pages ----

#[derive(Deserialize, Default)]
#[serde(default)]
struct Saved {
    ok: String,
}

#[derive(Template)]
#[template(path = "accounts/follows.html")]
struct FollowPage {
    ctx: Ctx,
    themes: Vec<Theme>,
    followed: Vec<ThemeId>,
    digest: String,
    frequencies: &'static [&'static str],
    errors: Errors,
    saved: bool,
}

impl FollowPage {
    fn follows(&self, id: &ThemeId) -> bool {
        self.followed.contains(id)
    }
}

async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(s): Query<Saved>,
) -> AppResult<Response> {
    let user_id = ctx.user()?.id;
    let (themes, (followed, digest)) = state
        .db
        .run(move |c| Ok((dir::all_themes(c)?, followed(c, user_id)?)))
        .await?;
    render(&FollowPage {
        ctx,
        themes,
        followed,
        digest,
        frequencies: FREQUENCIES,
        errors: Errors::default(),
        saved: !s.ok.is_empty(),
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct FollowForm {
    csrf: String,
    themes: Vec<String>,
    digest: String,
}

async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    WebForm(f): WebForm<FollowForm>,
) -> AppResult<Response> {
    let user_id = ctx.user()?.id;
    ctx.check_csrf(&f.csrf)?;
    let themes = state.db.run(|c| Ok(dir::all_themes(c)?)).await?;
    let mut check = Check::new(ctx.tr);
    let chosen = check.picked("themes", &f.themes, &themes);
    let digest = check.choice("digest", &f.digest, FREQUENCIES);
    if !check.ok() {
        return crate::web::unprocessable(&FollowPage {
            ctx,
            themes,
            followed: Vec::new(),
            digest: "none".to_owned(),
            frequencies: FREQUENCIES,
            errors: check.errors,
            saved: false,
        });
    }
    state
        .db
        .tx(move |c| Ok(set_follows(c, user_id, &chosen, &digest)?))
        .await?;
    Ok(Redirect::to("/compte/suivi?ok=1").into_response())
}

/// The digest job of `kafo serve`: every 10 minutes, queues the digests that are due.
pub async fn run_digests(db: crate::db::Db, base: String) {
    loop {
        let base2 = base.clone();
        match db
            .tx(move |c| Ok(enqueue_digests(c, crate::clock::now(), &base2)?))
            .await
        {
            Ok(n) if n > 0 => tracing::info!(queued = n, "digests"),
            Err(e) => tracing::error!(error = %e, "digests"),
            _ => {}
        }
        tokio::time::sleep(std::time::Duration::from_secs(600)).await;
    }
}
