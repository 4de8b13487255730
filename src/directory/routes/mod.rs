//! Directory pages of a community: organisations, people, memberships; and the themes.

mod export;
mod members;
mod organisations;
mod people;
mod themes;

use axum::Router;
use axum::routing::{get, post};

use super::Theme;
use super::queries::{self as q, MembershipFields};
use crate::AppState;
use crate::error::AppResult;
use crate::web::Check;
use members::{add_member, add_member_form};
use organisations::{
    create_org, edit_org, new_org, organisation, organisations, remove_org, update_org,
};
use people::{create_person, edit_person, new_person, people, person, update_person};
use themes::{create_theme, themes, update_theme};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/c/{slug}/organisations", get(organisations))
        .route(
            "/c/{slug}/organisations/nouvelle",
            get(new_org).post(create_org),
        )
        .route("/c/{slug}/organisations/{id}", get(organisation))
        .route(
            "/c/{slug}/organisations/{id}/modifier",
            get(edit_org).post(update_org),
        )
        .route("/c/{slug}/organisations/{id}/retirer", post(remove_org))
        .route(
            "/c/{slug}/membres/ajouter",
            get(add_member_form).post(add_member),
        )
        .route("/c/{slug}/personnes", get(people))
        .route(
            "/c/{slug}/personnes/nouvelle",
            get(new_person).post(create_person),
        )
        .route("/c/{slug}/personnes/{id}", get(person))
        .route(
            "/c/{slug}/personnes/{id}/modifier",
            get(edit_person).post(update_person),
        )
        .route("/themes", get(themes).post(create_theme))
        .route("/themes/{id}", post(update_theme))
        .merge(export::router())
}

async fn all_themes(state: &AppState) -> AppResult<Vec<Theme>> {
    state.db.run(|c| Ok(q::all_themes(c)?)).await
}

fn check_membership(check: &mut Check, role: &str, since: &str, until: &str) -> MembershipFields {
    let role = check.pick("role", role);
    let since = check.optional_date("since", since);
    let until = check.optional_date("until", until);
    if let (Some(s), Some(u)) = (&since, &until)
        && u < s
    {
        check.fail("until", "form-end-before-start");
    }
    MembershipFields { role, since, until }
}

fn check_phone(check: &mut Check, phone: &str) -> Option<String> {
    let p = check.optional("phone", phone, 40)?;
    let ok = p
        .chars()
        .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '.' | '(' | ')'))
        && p.chars().filter(char::is_ascii_digit).count() >= 6;
    if !ok {
        check.fail("phone", "form-bad-phone");
    }
    Some(p)
}
