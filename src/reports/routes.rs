//! The report from the web: a short form (period, language, format) and the file itself, for
//! a community (`/c/{slug}/rapport`) and for the network (`/reseau/rapport`). A link with the
//! current year's dates makes it one click from the dashboard.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;
use time::Date;

use super::{Format, Request};
use crate::auth::Permission;
use crate::community::{Community, enter};
use crate::error::{AppError, AppResult};
use crate::i18n::Locale;
use crate::web::{Check, Ctx, Errors, render, unprocessable};
use crate::{AppState, clock};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/c/{slug}/rapport", get(community_form))
        .route("/c/{slug}/rapport/fichier", get(community_file))
        .route("/reseau/rapport", get(network_form))
        .route("/reseau/rapport/fichier", get(network_file))
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub struct ReportQuery {
    pub from: String,
    pub to: String,
    pub lang: String,
    pub format: String,
}

impl ReportQuery {
    /// This year so far, in the visitor's language, as PDF.
    fn defaults(ctx: &Ctx) -> ReportQuery {
        let today = clock::today();
        ReportQuery {
            from: format!("{:04}-01-01", today.year()),
            to: clock::iso(today),
            lang: match ctx.tr.locale {
                Locale::En => "en",
                _ => "fr",
            }
            .to_owned(),
            format: Format::Pdf.code().to_owned(),
        }
    }

    /// The period, language and format, or the reasons they are refused.
    fn check(&self, ctx: &Ctx) -> Result<(Date, Date, Locale, Format), Errors> {
        let mut check = Check::new(ctx.tr);
        let day = |check: &mut Check, field: &'static str, v: &str| -> Option<Date> {
            match clock::parse_date(v) {
                Some(d) if (1990..=2100).contains(&d.year()) => Some(d),
                _ => {
                    check.fail(field, "form-bad-date");
                    None
                }
            }
        };
        let from = day(&mut check, "from", &self.from);
        let to = day(&mut check, "to", &self.to);
        if let (Some(f), Some(t)) = (from, to)
            && t < f
        {
            check.fail("to", "report-bad-period");
        }
        let locale = match self.lang.as_str() {
            "fr" => Some(Locale::Fr),
            "en" => Some(Locale::En),
            _ => {
                check.fail("lang", "form-bad-choice");
                None
            }
        };
        let format = Format::parse(&self.format);
        if format.is_none() {
            check.fail("format", "form-bad-choice");
        }
        match (from, to, locale, format, check.ok()) {
            (Some(f), Some(t), Some(l), Some(x), true) => Ok((f, t, l, x)),
            _ => Err(check.errors),
        }
    }
}

#[derive(Template)]
#[template(path = "reports/form.html")]
struct FormPage {
    ctx: Ctx,
    /// `None` for the network.
    community: Option<Community>,
    action: String,
    form: ReportQuery,
    formats: &'static [Format],
    public: bool,
    errors: Errors,
}

fn is_member(ctx: &Ctx, community: &Community) -> bool {
    ctx.user.as_ref().is_some_and(|u| u.is_member(community.id))
}

/// Members of any community read the network's full report.
fn network_member(ctx: &Ctx) -> bool {
    ctx.user.as_ref().is_some_and(|u| !u.roles.is_empty())
}

async fn community_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::See).await?;
    let public = !is_member(&ctx, &community);
    render(&FormPage {
        action: format!("/c/{}/rapport/fichier", community.slug),
        form: ReportQuery::defaults(&ctx),
        community: Some(community),
        formats: Format::all(),
        public,
        errors: Errors::default(),
        ctx,
    })
}

async fn network_form(ctx: Ctx) -> AppResult<Response> {
    render(&FormPage {
        action: "/reseau/rapport/fichier".to_owned(),
        form: ReportQuery::defaults(&ctx),
        community: None,
        formats: Format::all(),
        public: !network_member(&ctx),
        errors: Errors::default(),
        ctx,
    })
}

async fn community_file(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(form): Query<ReportQuery>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::See).await?;
    let public = !is_member(&ctx, &community);
    file(state, ctx, Some(community), public, form).await
}

async fn network_file(
    State(state): State<AppState>,
    ctx: Ctx,
    Query(form): Query<ReportQuery>,
) -> AppResult<Response> {
    let public = !network_member(&ctx);
    file(state, ctx, None, public, form).await
}

async fn file(
    state: AppState,
    ctx: Ctx,
    community: Option<Community>,
    public: bool,
    form: ReportQuery,
) -> AppResult<Response> {
    let (from, to, locale, format) = match form.check(&ctx) {
        Ok(v) => v,
        Err(errors) => {
            let action = match &community {
                Some(k) => format!("/c/{}/rapport/fichier", k.slug),
                None => "/reseau/rapport/fichier".to_owned(),
            };
            return unprocessable(&FormPage {
                action,
                form,
                community,
                formats: Format::all(),
                public,
                errors,
                ctx,
            });
        }
    };
    let req = Request {
        from,
        to,
        locale,
        public,
        threshold: state.config.public_count_threshold,
    };
    let slug = community
        .as_ref()
        .map(|k| k.slug.clone())
        .unwrap_or_else(|| "reseau".to_owned());
    // A member's report carries records the public does not see: who took it is logged.
    if let Some(user) = ctx.user.as_ref().filter(|_| !public) {
        let user_id = user.id;
        let entity_id = community.as_ref().map(|k| k.id.get()).unwrap_or(0);
        let detail = format!("{}..{} {}", clock::iso(from), clock::iso(to), format.code());
        state
            .db
            .log(move |c| {
                crate::audit::record(
                    c,
                    Some(user_id),
                    "report-generated",
                    "community",
                    entity_id,
                    &detail,
                )
            })
            .await?;
    }
    let name = super::file_name(&slug, &req, format);
    // Writing a report takes tens of milliseconds to seconds: off the request threads.
    let db = state.db.clone();
    let bytes = tokio::task::spawn_blocking(move || {
        let mut c = db.conn()?;
        super::generate(&mut c, &req, community.as_ref(), format)
    })
    .await
    .map_err(|e| AppError::Internal(e.to_string()))??;
    Ok((
        [
            (header::CONTENT_TYPE, format.content_type().to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"{name}\""),
            ),
        ],
        bytes,
    )
        .into_response())
}
