//! Themes, shared by all communities: the list and the forms of those who may edit them.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use serde::Deserialize;

use super::all_themes;
use crate::AppState;
use crate::directory::Theme;
use crate::directory::queries as q;
use crate::error::{AppError, AppResult};
use crate::ids::ThemeId;
use crate::web::unprocessable;
use crate::web::{Check, Ctx, Errors, WebForm, redirect, render};

#[derive(Template)]
#[template(path = "directory/themes.html")]
struct ThemesPage {
    ctx: Ctx,
    themes: Vec<Theme>,
    can_edit: bool,
    form: ThemeForm,
    errors: Errors,
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ThemeForm {
    csrf: String,
    name_fr: String,
    name_en: String,
    name_bm: String,
}

impl ThemeForm {
    fn check(&self, check: &mut Check) -> q::ThemeFields {
        let name_fr = check.required("name_fr", &self.name_fr, 120);
        q::ThemeFields {
            slug: crate::text::slugify(&name_fr),
            name_en: check.required("name_en", &self.name_en, 120),
            name_bm: check.optional("name_bm", &self.name_bm, 120),
            name_fr,
        }
    }
}

fn can_edit_themes(ctx: &Ctx) -> bool {
    ctx.user.as_ref().is_some_and(|u| u.coordinates_any())
}

/// A write to the themes: only by one who may edit them, with the form's token.
fn theme_editor(ctx: &Ctx, csrf: &str) -> AppResult<()> {
    ctx.user()?;
    if !can_edit_themes(ctx) {
        return Err(AppError::Forbidden);
    }
    ctx.check_csrf(csrf)
}

/// The themes page again, with the refused form and its messages (422).
async fn refused(
    state: &AppState,
    ctx: Ctx,
    form: ThemeForm,
    errors: Errors,
) -> AppResult<Response> {
    let themes = all_themes(state).await?;
    unprocessable(&ThemesPage {
        ctx,
        themes,
        can_edit: true,
        form,
        errors,
    })
}

pub(super) async fn themes(State(state): State<AppState>, ctx: Ctx) -> AppResult<Response> {
    let themes = all_themes(&state).await?;
    let can_edit = can_edit_themes(&ctx);
    render(&ThemesPage {
        ctx,
        themes,
        can_edit,
        form: ThemeForm::default(),
        errors: Errors::default(),
    })
}

pub(super) async fn create_theme(
    State(state): State<AppState>,
    ctx: Ctx,
    WebForm(f): WebForm<ThemeForm>,
) -> AppResult<Response> {
    theme_editor(&ctx, &f.csrf)?;
    let mut check = Check::new(ctx.tr);
    let fields = f.check(&mut check);
    if fields.slug.is_empty() && check.ok() {
        check.fail("name_fr", "form-required");
    }
    if check.ok() {
        let created = state
            .db
            .tx(move |c| Ok(q::create_theme(c, &fields)?))
            .await?;
        if created.is_some() {
            return redirect("/themes");
        }
        check.fail("name_fr", "theme-exists");
    }
    refused(&state, ctx, f, check.errors).await
}

pub(super) async fn update_theme(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(id): Path<ThemeId>,
    WebForm(f): WebForm<ThemeForm>,
) -> AppResult<Response> {
    theme_editor(&ctx, &f.csrf)?;
    let mut check = Check::new(ctx.tr);
    let fields = f.check(&mut check);
    if check.ok() {
        state
            .db
            .tx_changed(move |c| q::update_theme(c, id, &fields))
            .await?;
        return redirect("/themes");
    }
    refused(&state, ctx, f, check.errors).await
}
