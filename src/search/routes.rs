//! The search page (one box over everything, with filters) and "who knows about" (the same
//! search over organisations and people, by theme or topic).

use askama::Template;
use axum::Router;
use axum::extract::{Query as QueryString, State};
use axum::response::Response;
use axum::routing::get;
use serde::Deserialize;

use super::analysis::{highlight, query_stems, snippet};
use super::{COUNT_CAP, Hit, Kind, Query, index, visible_tags};
use crate::AppState;
use crate::community::CommunityRef;
use crate::directory::Theme;
use crate::directory::queries as dir;
use crate::error::AppResult;
use crate::ids::CommunityId;
use crate::web::{Ctx, Pager, forms, query_base, render};

/// Results a page: ten, light on a phone's data.
const PER_PAGE: i64 = 10;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/recherche", get(search))
        .route("/expertise", get(expertise))
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct SearchQuery {
    q: String,
    kind: String,
    theme: String,
    c: String,
    page: String,
}

/// A result ready to show: title and excerpt as escaped HTML with the matches marked.
#[derive(Clone)]
pub struct Shown {
    pub kind: Kind,
    pub url: String,
    pub title_html: String,
    pub snippet_html: String,
    pub community: String,
    pub updated_at: i64,
}

fn show(hits: Vec<Hit>, stems: &[String]) -> Vec<Shown> {
    hits.into_iter()
        .map(|h| Shown {
            kind: h.kind,
            url: h.url(),
            title_html: highlight(&h.title, stems),
            snippet_html: snippet(&h.excerpt, stems, 220),
            community: h.community_name,
            updated_at: h.updated_at,
        })
        .collect()
}

#[derive(Template)]
#[template(path = "search/results.html")]
struct SearchPage {
    ctx: Ctx,
    form: SearchQuery,
    results: Vec<Shown>,
    total: i64,
    searched: bool,
    pager: Pager,
    kinds: &'static [Kind],
    themes: Vec<Theme>,
    communities: Vec<CommunityRef>,
    expertise: bool,
}

impl SearchPage {
    fn count_line(&self) -> String {
        if self.total >= COUNT_CAP {
            self.ctx.tr.count("search-count-more", COUNT_CAP)
        } else {
            self.ctx.tr.count("search-count", self.total)
        }
    }
}

/// The communities a visitor may filter on: those they can see.
async fn visible_communities(state: &AppState, ctx: &Ctx) -> AppResult<Vec<CommunityRef>> {
    let all = state
        .db
        .cached("search:communities".to_owned(), |c| {
            Ok(crate::community::queries::all_with_visibility(c)?)
        })
        .await?;
    Ok(all
        .into_iter()
        .filter(|(r, public)| *public || ctx.user.as_ref().is_some_and(|u| u.is_member(r.id)))
        .map(|(r, _)| r)
        .collect())
}

async fn run(
    state: &AppState,
    ctx: Ctx,
    mut form: SearchQuery,
    kinds: &'static [Kind],
    expertise: bool,
) -> AppResult<Response> {
    form.q = form.q.chars().take(200).collect();
    let stems = query_stems(&form.q);
    let chosen: Vec<Kind> = match Kind::parse(&form.kind) {
        Some(k) if kinds.contains(&k) => vec![k],
        _ => {
            form.kind.clear();
            if expertise {
                kinds.to_vec()
            } else {
                Vec::new()
            }
        }
    };
    let communities = visible_communities(state, &ctx).await?;
    let community = form
        .c
        .parse::<CommunityId>()
        .ok()
        .filter(|id| communities.iter().any(|c| c.id == *id));
    if community.is_none() {
        form.c.clear();
    }
    let query = Query {
        stems: stems.clone(),
        visible: visible_tags(ctx.user.as_ref()),
        kinds: chosen,
        theme: form.theme.trim().parse().ok(),
        community,
    };
    // Expertise may be browsed by theme alone: every organisation and person of that theme.
    let by_theme_only = expertise && stems.is_empty() && query.theme.is_some();
    let page = forms::page_number(Some(&form.page));
    let (total, results, themes) = if by_theme_only {
        state
            .db
            .run(move |c| {
                let (total, hits) = index::browse(c, &query, PER_PAGE, (page - 1) * PER_PAGE)?;
                Ok((total, show(hits, &[]), dir::all_themes(c)?))
            })
            .await?
    } else {
        // A popular search is ranked and shown once per site version (in the small cache:
        // a page of results weighs a few kilobytes).
        let key = format!(
            "search:{:?}:{:?}:{:?}:{:?}:{:?}:{page}",
            query.stems, query.visible, query.kinds, query.theme, query.community
        );
        let stems = stems.clone();
        let (total, shown) = state
            .db
            .cached_bulky(key, move |c| {
                let (total, ids) = index::rank(c, &query, PER_PAGE, (page - 1) * PER_PAGE)?;
                Ok((total, show(index::hits(c, &ids)?, &stems)))
            })
            .await?;
        let themes = state
            .db
            .cached("themes:all".to_owned(), |c| Ok(dir::all_themes(c)?))
            .await?;
        (total, shown, themes)
    };
    let pager = Pager::sized(
        page,
        total.min(COUNT_CAP),
        PER_PAGE,
        query_base(&[
            ("q", &form.q),
            ("kind", &form.kind),
            ("theme", &form.theme),
            ("c", &form.c),
        ]),
    );
    render(&SearchPage {
        ctx,
        results,
        total,
        searched: !stems.is_empty() || by_theme_only,
        pager,
        kinds,
        themes,
        communities,
        form,
        expertise,
    })
}

async fn search(
    State(state): State<AppState>,
    ctx: Ctx,
    QueryString(form): QueryString<SearchQuery>,
) -> AppResult<Response> {
    run(&state, ctx, form, Kind::all(), false).await
}

/// "Who knows": people and organisations only.
static EXPERTISE: [Kind; 2] = [
    crate::directory::queries::PERSON_KIND,
    crate::directory::queries::ORGANISATION_KIND,
];

async fn expertise(
    State(state): State<AppState>,
    ctx: Ctx,
    QueryString(form): QueryString<SearchQuery>,
) -> AppResult<Response> {
    run(&state, ctx, form, &EXPERTISE, true).await
}
