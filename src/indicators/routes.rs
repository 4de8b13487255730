//! Results pages: the dashboard of a community's indicators (members, or the public view),
//! the definition form (coordinators), one indicator with its target and value forms.

use askama::Template;
use axum::Router;
use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;

use super::chart::{self, Panel};
use super::queries::{self as q, EnteredValue, IndicatorFields};
use super::{Dimension, Indicator, Level, MAX_PERIODS, Measure, Period, Source, Unit};
use crate::activities::ActivityKind;
use crate::auth::Permission;
use crate::community::{Community, enter};
use crate::directory::Theme;
use crate::directory::queries as dir;
use crate::error::{AppError, AppResult};
use crate::ids::{IndicatorId, ThemeId};
use crate::web::{Check, Ctx, Errors, WebForm, forms, render, unprocessable};
use crate::{AppState, clock};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/c/{slug}/resultats", get(dashboard))
        .route("/c/{slug}/resultats/nouveau", get(new_form).post(create))
        .route("/c/{slug}/resultats/{id}", get(page))
        .route("/c/{slug}/resultats/{id}/cibles", post(set_target))
        .route("/c/{slug}/resultats/{id}/valeurs", post(enter_value))
        .route("/reseau/resultats", get(super::network::page))
        .merge(super::export::router())
}

/// The dashboard shows the breakdown of each indicator's latest period, this many categories
/// of each dimension at most.
const DASHBOARD_CATEGORIES: usize = 5;

/// The dashboard shows each indicator's latest periods, this many at most (the indicator's
/// page and the exports have them all): it stays light on a phone.
const DASHBOARD_PERIODS: usize = 6;

fn is_member(ctx: &Ctx, community: &Community) -> bool {
    ctx.user.as_ref().is_some_and(|u| u.is_member(community.id))
}

fn may(ctx: &Ctx, community: &Community, p: Permission) -> bool {
    ctx.user.as_ref().is_some_and(|u| u.may(p, community.id))
}

// ---- the dashboard ----

#[derive(Template)]
#[template(path = "indicators/dashboard.html")]
struct DashboardPage {
    ctx: Ctx,
    community: Community,
    panels: Vec<Panel>,
    public: bool,
    threshold: i64,
    can_define: bool,
    /// The report since the founding, in the visitor's language, as PDF: one click.
    report_query: String,
}

async fn dashboard(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::See).await?;
    let cid = community.id;
    // Whoever is not a member of the community gets the public view.
    let public = !is_member(&ctx, &community);
    let now = clock::now_local();
    let threshold = state.config.public_count_threshold;
    let tr = ctx.tr;
    // The panels themselves are kept: drawing and wording twenty indicators costs more than
    // reading them.
    let key = format!("indicators:{cid}:{public}:{}:{now}", tr.locale.code());
    let panels: Vec<Panel> = state
        .db
        .cached_bulky(key, move |c| {
            let mut series = q::dashboard(c, cid, public, &now)?;
            Ok(series
                .iter_mut()
                .map(|s| {
                    s.keep_latest_breakdown(DASHBOARD_CATEGORIES);
                    s.keep_latest_periods(DASHBOARD_PERIODS);
                    chart::panel(s, tr, public, threshold)
                })
                .collect())
        })
        .await?;
    let can_define = may(&ctx, &community, Permission::Manage);
    let today = clock::today();
    // Since the community was founded: the whole story, as its own reports tell it.
    let since = community
        .founded_on
        .as_deref()
        .and_then(clock::parse_date)
        .unwrap_or_else(|| {
            today
                .replace_month(time::Month::January)
                .unwrap_or(today)
                .replace_day(1)
                .unwrap_or(today)
        });
    let report_query = format!(
        "from={}&to={}&lang={}&format=pdf",
        clock::iso(since),
        clock::iso(today),
        if ctx.tr.locale == crate::i18n::Locale::En {
            "en"
        } else {
            "fr"
        }
    );
    render(&DashboardPage {
        ctx,
        community,
        panels,
        public,
        threshold,
        can_define,
        report_query,
    })
}

// ---- defining an indicator ----

#[derive(Deserialize, Default)]
#[serde(default)]
struct IndicatorForm {
    csrf: String,
    code: String,
    label_fr: String,
    label_en: String,
    label_bm: String,
    unit: String,
    level: String,
    theme: String,
    first_period: String,
    last_period: String,
    baseline_value: String,
    baseline_on: String,
    source: String,
    measure: String,
    activity_kind: String,
    evidence_required: String,
    is_public: String,
    dimensions: Vec<String>,
    /// One target a line: "2026 : 120".
    targets: String,
}

impl IndicatorForm {
    fn has_dimension(&self, d: &Dimension) -> bool {
        self.dimensions.iter().any(|x| x == d.code())
    }
}

/// A whole number of at least 0; digits may be grouped with spaces ("2 000").
fn number(s: &str) -> Option<i64> {
    let digits: String = s
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{202f}' && *c != '\u{a0}')
        .collect();
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 15 {
        return None;
    }
    digits.parse().ok()
}

fn required_number(check: &mut Check, field: &'static str, value: &str) -> Option<i64> {
    if value.trim().is_empty() {
        check.fail(field, "form-required");
        return None;
    }
    let n = number(value);
    if n.is_none() {
        check.fail(field, "indicator-bad-number");
    }
    n
}

fn required_period(check: &mut Check, field: &'static str, value: &str) -> Option<Period> {
    if value.trim().is_empty() {
        check.fail(field, "form-required");
        return None;
    }
    let p = Period::parse(value);
    if p.is_none() {
        check.fail(field, "indicator-bad-period");
    }
    p
}

/// Parses one target line ("2026 : 120", "2026-S1 = 40") and checks that its period is one
/// of the indicator's.
fn target_line(line: &str) -> Option<(Period, i64)> {
    let (p, v) = line
        .split_once([':', '='])
        .or_else(|| line.trim().split_once(char::is_whitespace))?;
    Some((Period::parse(p)?, number(v)?))
}

fn check_target(
    check: &mut Check,
    field: &'static str,
    first: Period,
    last: Period,
    p: Period,
) -> bool {
    let inside = p.same_granularity(&first) && p >= first && p <= last;
    if !inside {
        check.fail(field, "indicator-target-outside");
    }
    inside
}

impl IndicatorForm {
    fn check(&self, check: &mut Check, themes: &[Theme]) -> IndicatorFields {
        let code = check.required("code", &self.code, 30);
        if code.contains(char::is_whitespace) {
            check.fail("code", "indicator-code-spaces");
        }
        let label_fr = check.required("label_fr", &self.label_fr, forms::SHORT);
        let label_en = check.required("label_en", &self.label_en, forms::SHORT);
        let label_bm = check.optional("label_bm", &self.label_bm, forms::SHORT);
        let unit: Unit = check.pick("unit", &self.unit);
        let level: Level = check.pick("level", &self.level);
        let theme_id: Option<ThemeId> = check.optional_id("theme", &self.theme);
        if theme_id.is_some_and(|t| !themes.iter().any(|x| x.id == t)) {
            check.fail("theme", "form-bad-choice");
        }
        let first = required_period(check, "first_period", &self.first_period);
        let last = required_period(check, "last_period", &self.last_period);
        if let (Some(f), Some(l)) = (first, last) {
            if !f.same_granularity(&l) {
                check.fail("last_period", "indicator-period-granularity");
            } else if l < f {
                check.fail("last_period", "indicator-period-order");
            } else if Period::range(f, l, MAX_PERIODS + 1).len() > MAX_PERIODS {
                check.fail("last_period", "indicator-too-many-periods");
            }
        }
        let baseline_value = if self.baseline_value.trim().is_empty() {
            None
        } else {
            let n = number(&self.baseline_value);
            if n.is_none() {
                check.fail("baseline_value", "indicator-bad-number");
            }
            n
        };
        let baseline_on = check.optional_date("baseline_on", &self.baseline_on);
        let source: Source = check.pick("source", &self.source);
        let (measure, activity_kind) = match source {
            Source::Computed => {
                let measure = if self.measure.trim().is_empty() {
                    check.fail("measure", "indicator-measure-required");
                    None
                } else {
                    Some(check.pick::<Measure>("measure", &self.measure))
                };
                let kind: Option<ActivityKind> =
                    check.optional_pick("activity_kind", &self.activity_kind);
                if kind.is_some() && measure.is_some_and(|m| !m.about_activities()) {
                    check.fail("activity_kind", "indicator-kind-not-for-measure");
                }
                (measure, kind)
            }
            Source::Entered => (None, None),
        };
        let mut dimensions = Vec::new();
        for d in &self.dimensions {
            match Dimension::parse(d) {
                Some(d) => {
                    if measure.is_some_and(|m| !m.dimensions().contains(&d)) {
                        check.fail("dimensions", "indicator-dimension-unsupported");
                    } else if !dimensions.contains(&d) {
                        dimensions.push(d);
                    }
                }
                None => check.fail("dimensions", "form-bad-choice"),
            }
        }
        let mut targets: Vec<(Period, i64)> = Vec::new();
        for line in self.targets.lines().filter(|l| !l.trim().is_empty()) {
            match target_line(line) {
                Some((p, v)) => {
                    if let (Some(f), Some(l)) = (first, last)
                        && check_target(check, "targets", f, l, p)
                    {
                        targets.retain(|(x, _)| *x != p);
                        targets.push((p, v));
                    }
                }
                None => check.fail("targets", "indicator-bad-target"),
            }
        }
        let fallback = Period {
            year: 2026,
            half: None,
        };
        IndicatorFields {
            code,
            label_fr,
            label_en,
            label_bm,
            unit,
            level,
            theme_id,
            first_period: first.unwrap_or(fallback),
            last_period: last.unwrap_or(fallback),
            baseline_value,
            baseline_on,
            source,
            measure,
            activity_kind,
            evidence_required: self.evidence_required == "1",
            is_public: self.is_public == "1",
            dimensions,
            targets,
        }
    }
}

#[derive(Template)]
#[template(path = "indicators/form.html")]
struct FormPage {
    ctx: Ctx,
    community: Community,
    form: IndicatorForm,
    themes: Vec<Theme>,
    units: &'static [Unit],
    levels: &'static [Level],
    sources: &'static [Source],
    measures: &'static [Measure],
    kinds: &'static [ActivityKind],
    dimensions: &'static [Dimension],
    errors: Errors,
}

impl FormPage {
    fn new(ctx: Ctx, community: Community, form: IndicatorForm, themes: Vec<Theme>) -> Self {
        FormPage {
            ctx,
            community,
            form,
            themes,
            units: Unit::all(),
            levels: Level::all(),
            sources: Source::all(),
            measures: Measure::all(),
            kinds: ActivityKind::all(),
            dimensions: Dimension::all(),
            errors: Errors::default(),
        }
    }
}

async fn themes(state: &AppState) -> AppResult<Vec<Theme>> {
    state.db.run(|c| Ok(dir::all_themes(c)?)).await
}

async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Manage).await?;
    let themes = themes(&state).await?;
    let form = IndicatorForm {
        level: Level::Output.code().to_owned(),
        unit: Unit::People.code().to_owned(),
        source: Source::Computed.code().to_owned(),
        is_public: "1".to_owned(),
        ..Default::default()
    };
    render(&FormPage::new(ctx, community, form, themes))
}

async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    WebForm(f): WebForm<IndicatorForm>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Manage).await?;
    ctx.check_csrf(&f.csrf)?;
    let themes = themes(&state).await?;
    let mut check = Check::new(ctx.tr);
    let fields = f.check(&mut check, &themes);
    let (cid, user) = (community.id, ctx.user()?.id);
    let created = if check.ok() {
        state
            .db
            .tx(move |c| Ok(q::create(c, cid, &fields, Some(user), clock::now())?))
            .await?
    } else {
        None
    };
    match created {
        Some(id) => {
            Ok(Redirect::to(&format!("/c/{}/resultats/{id}", community.slug)).into_response())
        }
        None => {
            if check.ok() {
                check.fail("code", "indicator-code-taken");
            }
            let mut page = FormPage::new(ctx, community, f, themes);
            page.errors = check.errors;
            unprocessable(&page)
        }
    }
}

// ---- one indicator ----

#[derive(Deserialize, Default)]
#[serde(default)]
struct FigureForm {
    csrf: String,
    period: String,
    value: String,
    evidence_text: String,
    evidence_link: String,
    /// The breakdown by each dimension the indicator carries: "category : value" a line.
    parts_sex: String,
    parts_age_band: String,
    parts_commune: String,
    parts_organisation: String,
}

impl FigureForm {
    pub fn parts(&self, d: &Dimension) -> &str {
        match d {
            Dimension::Sex => &self.parts_sex,
            Dimension::AgeBand => &self.parts_age_band,
            Dimension::Commune => &self.parts_commune,
            Dimension::Organisation => &self.parts_organisation,
        }
    }
}

/// The field a dimension's breakdown is typed in.
fn parts_field(d: Dimension) -> &'static str {
    match d {
        Dimension::Sex => "parts_sex",
        Dimension::AgeBand => "parts_age_band",
        Dimension::Commune => "parts_commune",
        Dimension::Organisation => "parts_organisation",
    }
}

/// A breakdown typed one "category : value" a line. Sexes are F or M, age bands their codes;
/// a category comes once, and the parts of a dimension add up to at most the value.
fn check_parts(
    check: &mut Check,
    indicator: &Indicator,
    f: &FigureForm,
    value: Option<i64>,
) -> Vec<(Dimension, String, i64)> {
    let mut out = Vec::new();
    for d in &indicator.dimensions {
        let field = parts_field(*d);
        let mut seen = std::collections::HashSet::new();
        let mut sum = 0;
        for line in f.parts(d).lines().map(str::trim).filter(|l| !l.is_empty()) {
            let parsed = line.rsplit_once(':').and_then(|(cat, n)| {
                let cat = cat.trim();
                let category = match d {
                    Dimension::Sex => ["F", "M"]
                        .into_iter()
                        .find(|s| s.eq_ignore_ascii_case(cat))
                        .map(str::to_owned),
                    Dimension::AgeBand => {
                        crate::activities::AgeBand::parse(cat).map(|a| a.code().to_owned())
                    }
                    Dimension::Commune | Dimension::Organisation => (!cat.is_empty()
                        && cat.chars().count() <= forms::SHORT)
                        .then(|| cat.to_owned()),
                };
                Some((category?, number(n)?))
            });
            match parsed {
                Some((cat, n)) if seen.insert(cat.clone()) => {
                    sum += n;
                    out.push((*d, cat, n));
                }
                Some(_) => check.fail(field, "indicator-part-twice"),
                None => check.fail(field, "indicator-part-bad-line"),
            }
        }
        if value.is_some_and(|v| sum > v) {
            check.fail(field, "indicator-parts-exceed");
        }
    }
    out
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct TargetForm {
    csrf: String,
    target_period: String,
    target_value: String,
}

#[derive(Template)]
#[template(path = "indicators/page.html")]
struct IndicatorPage {
    ctx: Ctx,
    community: Community,
    indicator: Indicator,
    panel: Panel,
    periods: Vec<String>,
    can_set_targets: bool,
    can_enter: bool,
    target: TargetForm,
    value: FigureForm,
    errors: Errors,
}

async fn load(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: IndicatorId,
    permission: Permission,
) -> AppResult<(Community, Indicator)> {
    let community = enter(state, ctx, slug, permission).await?;
    let cid = community.id;
    let indicator = state
        .db
        .run(move |c| Ok(q::get(c, cid, id)?))
        .await?
        .ok_or(AppError::NotFound)?;
    Ok((community, indicator))
}

async fn show(
    state: &AppState,
    ctx: Ctx,
    community: Community,
    indicator: Indicator,
    target: TargetForm,
    value: FigureForm,
    errors: Errors,
) -> AppResult<IndicatorPage> {
    let now = clock::now_local();
    let i = indicator.clone();
    let series = state.db.run(move |c| Ok(q::series(c, i, &now)?)).await?;
    let panel = chart::panel(&series, ctx.tr, false, state.config.public_count_threshold);
    Ok(IndicatorPage {
        periods: indicator.periods().iter().map(Period::code).collect(),
        can_set_targets: may(&ctx, &community, Permission::Manage),
        can_enter: indicator.source == Source::Entered
            && may(&ctx, &community, Permission::Organise),
        ctx,
        community,
        indicator,
        panel,
        target,
        value,
        errors,
    })
}

async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, IndicatorId)>,
) -> AppResult<Response> {
    let (community, indicator) = load(&state, &ctx, &slug, id, Permission::Member).await?;
    let page = show(
        &state,
        ctx,
        community,
        indicator,
        TargetForm::default(),
        FigureForm::default(),
        Errors::default(),
    )
    .await?;
    render(&page)
}

fn back(community: &Community, id: IndicatorId) -> AppResult<Response> {
    Ok(Redirect::to(&format!("/c/{}/resultats/{id}", community.slug)).into_response())
}

async fn set_target(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, IndicatorId)>,
    WebForm(f): WebForm<TargetForm>,
) -> AppResult<Response> {
    let (community, indicator) = load(&state, &ctx, &slug, id, Permission::Manage).await?;
    ctx.check_csrf(&f.csrf)?;
    let mut check = Check::new(ctx.tr);
    let period = required_period(&mut check, "target_period", &f.target_period);
    if let Some(p) = period {
        check_target(
            &mut check,
            "target_period",
            indicator.first_period,
            indicator.last_period,
            p,
        );
    }
    let value = required_number(&mut check, "target_value", &f.target_value);
    let (Some(period), Some(value), true) = (period, value, check.ok()) else {
        let page = show(
            &state,
            ctx,
            community,
            indicator,
            f,
            FigureForm::default(),
            check.errors,
        )
        .await?;
        return unprocessable(&page);
    };
    state
        .db
        .tx(move |c| Ok(q::set_target(c, id, &period, value)?))
        .await?;
    back(&community, id)
}

async fn enter_value(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, IndicatorId)>,
    WebForm(f): WebForm<FigureForm>,
) -> AppResult<Response> {
    let (community, indicator) = load(&state, &ctx, &slug, id, Permission::Organise).await?;
    ctx.check_csrf(&f.csrf)?;
    let mut check = Check::new(ctx.tr);
    if indicator.source != Source::Entered {
        check.fail("period", "indicator-not-entered");
    }
    let period = required_period(&mut check, "period", &f.period);
    if period.is_some_and(|p| !indicator.covers(&p)) {
        check.fail("period", "indicator-value-outside");
    }
    let value = required_number(&mut check, "value", &f.value);
    let evidence_text = check.optional("evidence_text", &f.evidence_text, forms::LONG);
    let evidence_link = check.optional_url("evidence_link", &f.evidence_link);
    if indicator.evidence_required && evidence_text.is_none() && evidence_link.is_none() {
        check.fail("evidence_text", "indicator-evidence-required");
    }
    let parts = check_parts(&mut check, &indicator, &f, value);
    let (Some(period), Some(value), true) = (period, value, check.ok()) else {
        let page = show(
            &state,
            ctx,
            community,
            indicator,
            TargetForm::default(),
            f,
            check.errors,
        )
        .await?;
        return unprocessable(&page);
    };
    let entered = EnteredValue {
        period,
        value,
        evidence_text,
        evidence_link,
        parts,
    };
    let user = ctx.user()?.id;
    state
        .db
        .tx(move |c| Ok(q::enter_value(c, id, &entered, Some(user), clock::now())?))
        .await?;
    back(&community, id)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_target_lines() {
        assert_eq!(number("2 000"), Some(2000));
        assert_eq!(number("2\u{202f}000"), Some(2000));
        assert_eq!(number("-3"), None);
        assert_eq!(number("4,5"), None);
        let (p, v) = target_line("2026-S1 : 40").expect("line");
        assert_eq!((p.code(), v), ("2026-S1".to_owned(), 40));
        assert_eq!(target_line("2027 = 1 000").map(|(_, v)| v), Some(1000));
        assert!(target_line("l’an prochain : 4").is_none());
    }

    #[test]
    fn periods_parse_and_range() {
        assert_eq!(
            Period::parse("2026").map(|p| p.end()),
            Some("2027-01-01".into())
        );
        assert_eq!(
            Period::parse("2026-S1").map(|p| p.end()),
            Some("2026-07-01".into())
        );
        assert!(Period::parse("2026-S3").is_none());
        assert!(Period::parse("26").is_none());
        let (a, b) = (
            Period::parse("2025-S2").expect("period"),
            Period::parse("2026-S2").expect("period"),
        );
        let codes: Vec<String> = Period::range(a, b, 10).iter().map(Period::code).collect();
        assert_eq!(codes, ["2025-S2", "2026-S1", "2026-S2"]);
    }
}
