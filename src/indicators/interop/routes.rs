//! The interoperability pages: the DHIS2 and IATI mapping a coordinator keeps
//! (`/c/{slug}/resultats/dhis2`), and the two exports (`dhis2.json`, `iati.xml`), each written
//! to the audit log.

use askama::Template;
use axum::Router;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderName, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use serde::Deserialize;

use super::mapping::{self as mq, DataElement, Mapping, OptionCombo};
use super::{
    Exported, Withheld, Years, default_activity, default_reporting_org, dhis2, exportable, iati,
    is_iati_identifier, is_uid,
};
use crate::activities::AgeBand;
use crate::auth::Permission;
use crate::community::{Community, enter};
use crate::directory::Sex;
use crate::error::{AppError, AppResult};
use crate::i18n::{Locale, Tr};
use crate::ids::IndicatorId;
use crate::indicators::chart::category_label;
use crate::indicators::queries as q;
use crate::indicators::{Dimension, Indicator, Series};
use crate::web::{Check, Ctx, Errors, WebForm, forms, redirect, render, unprocessable};
use crate::{AppState, clock};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/c/{slug}/resultats/dhis2", get(mapping_page).post(save))
        .route("/c/{slug}/resultats/dhis2.json", get(dhis2_export))
        .route("/c/{slug}/resultats/iati.xml", get(iati_export))
}

/// The response headers that say what an export leaves out.
const UNMAPPED: &str = "x-kafo-unmapped";
const WITHHELD: &str = "x-kafo-withheld";

// ---- the mapping page ----

/// One indicator's line of the form.
pub struct ElementRow {
    pub id: IndicatorId,
    pub code: String,
    pub label: String,
    pub dimensions: Vec<Dimension>,
    pub data_element: String,
    pub attribute_combo: String,
    pub disaggregation: String,
    pub invalid: bool,
}

/// One category's line of the form.
pub struct ComboRow {
    pub key: String,
    pub dimension: Dimension,
    pub label: String,
    pub value: String,
    pub invalid: bool,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct MappingForm {
    csrf: String,
    org_unit: String,
    reporting_org: String,
    activity: String,
    /// Parallel lists, one entry per indicator line.
    indicator: Vec<String>,
    data_element: Vec<String>,
    attribute_combo: Vec<String>,
    disaggregation: Vec<String>,
    /// Parallel lists, one entry per category line: `dimension|category` and its combo.
    combo_key: Vec<String>,
    combo: Vec<String>,
}

#[derive(Template)]
#[template(path = "indicators/mapping.html")]
struct MappingPage {
    ctx: Ctx,
    community: Community,
    org_unit: String,
    reporting_org: String,
    activity: String,
    default_org: String,
    default_activity: String,
    elements: Vec<ElementRow>,
    combos: Vec<ComboRow>,
    unmapped: i64,
    /// The stored mapping names the community's organisation unit (else nothing is sent).
    has_org_unit: bool,
    errors: Errors,
}

fn combo_key(d: Dimension, category: &str) -> String {
    format!("{}|{category}", d.code())
}

/// The categories a mapping may name: every sex and age band, and the communes and
/// organisations found in the figures, for the disaggregations the indicators carry.
fn categories(series: &[Series], m: &Mapping) -> Vec<(Dimension, String)> {
    let mut out: Vec<(Dimension, String)> = Vec::new();
    let mut add = |d: Dimension, c: &str| {
        if !c.is_empty() && !out.iter().any(|(x, y)| *x == d && y == c) {
            out.push((d, c.to_owned()));
        }
    };
    for d in Dimension::all() {
        if !series.iter().any(|s| s.indicator.dimensions.contains(d)) {
            continue;
        }
        match d {
            Dimension::Sex => Sex::all().iter().for_each(|s| add(*d, s.code())),
            Dimension::AgeBand => AgeBand::all().iter().for_each(|a| add(*d, a.code())),
            Dimension::Commune | Dimension::Organisation => {
                let mut seen: Vec<&str> = series
                    .iter()
                    .flat_map(|s| &s.periods)
                    .flat_map(|f| &f.breakdown)
                    .filter(|(x, _, _)| x == d)
                    .map(|(_, c, _)| c.as_str())
                    .chain(
                        m.combos
                            .iter()
                            .filter(|k| k.dimension == *d)
                            .map(|k| k.category.as_str()),
                    )
                    .collect();
                seen.sort_unstable();
                seen.into_iter().for_each(|c| add(*d, c));
            }
        }
    }
    out
}

fn page(
    ctx: Ctx,
    community: Community,
    series: &[Series],
    m: &Mapping,
    form: Option<&MappingForm>,
    bad: &[String],
) -> MappingPage {
    let tr = ctx.tr;
    let default_org = default_reporting_org(&community.slug);
    let given = |list: &[String], k: usize| list.get(k).cloned().unwrap_or_default();
    let elements: Vec<ElementRow> = series
        .iter()
        .map(|s| {
            let i = &s.indicator;
            let stored = m.element(i.id);
            let at = form.and_then(|f| f.indicator.iter().position(|x| *x == i.id.to_string()));
            let (data_element, attribute_combo, disaggregation) = match (form, at) {
                (Some(f), Some(k)) => (
                    given(&f.data_element, k),
                    given(&f.attribute_combo, k),
                    given(&f.disaggregation, k),
                ),
                _ => (
                    stored.map(|e| e.data_element.clone()).unwrap_or_default(),
                    stored
                        .and_then(|e| e.attribute_option_combo.clone())
                        .unwrap_or_default(),
                    stored
                        .and_then(|e| e.dimension)
                        .map(|d| d.code().to_owned())
                        .unwrap_or_default(),
                ),
            };
            ElementRow {
                id: i.id,
                code: i.code.clone(),
                label: i.label(&tr).to_owned(),
                dimensions: i.dimensions.clone(),
                invalid: bad.contains(&i.id.to_string()),
                data_element,
                attribute_combo,
                disaggregation,
            }
        })
        .collect();
    let combos = categories(series, m)
        .into_iter()
        .map(|(d, cat)| {
            let key = combo_key(d, &cat);
            let value = match form.and_then(|f| f.combo_key.iter().position(|x| *x == key)) {
                Some(k) => given(&form.map(|f| f.combo.clone()).unwrap_or_default(), k),
                None => m.combo(d, &cat).unwrap_or_default().to_owned(),
            };
            ComboRow {
                invalid: bad.contains(&key),
                label: category_label(&tr, d, &cat),
                key,
                dimension: d,
                value,
            }
        })
        .collect();
    let unmapped = series
        .iter()
        .filter(|s| m.element(s.indicator.id).is_none())
        .count() as i64;
    let (org_unit, reporting_org, activity) = match form {
        Some(f) => (
            f.org_unit.clone(),
            f.reporting_org.clone(),
            f.activity.clone(),
        ),
        None => (
            m.org_unit.clone().unwrap_or_default(),
            m.reporting_org.clone().unwrap_or_default(),
            m.activity.clone().unwrap_or_default(),
        ),
    };
    let effective_org = m
        .reporting_org
        .clone()
        .unwrap_or_else(|| default_org.clone());
    MappingPage {
        default_activity: default_activity(&effective_org),
        default_org,
        ctx,
        community,
        org_unit,
        reporting_org,
        activity,
        elements,
        combos,
        unmapped,
        has_org_unit: m.org_unit.is_some(),
        errors: Errors::default(),
    }
}

async fn load_mapping(
    state: &AppState,
    community: &Community,
) -> AppResult<(Vec<Series>, Mapping)> {
    let cid = community.id;
    let now = clock::now_local();
    state
        .db
        .run(move |c| Ok((q::dashboard(c, cid, false, &now)?, mq::get(c, cid)?)))
        .await
}

async fn mapping_page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Manage).await?;
    let (series, m) = load_mapping(&state, &community).await?;
    render(&page(ctx, community, &series, &m, None, &[]))
}

/// An optional DHIS2 UID: empty is `None`; anything else must be a UID.
fn uid(s: &str) -> Result<Option<String>, ()> {
    let s = s.trim();
    if s.is_empty() {
        Ok(None)
    } else if is_uid(s) {
        Ok(Some(s.to_owned()))
    } else {
        Err(())
    }
}

impl MappingForm {
    /// The mapping the form gives, and the lines (indicator ids, category keys) it refuses.
    fn check(
        &self,
        check: &mut Check,
        tr: Tr,
        indicators: &[&Indicator],
        slug: &str,
    ) -> AppResult<(Mapping, Vec<String>)> {
        let n = self.indicator.len();
        if [
            self.data_element.len(),
            self.attribute_combo.len(),
            self.disaggregation.len(),
        ]
        .iter()
        .any(|l| *l != n)
            || self.combo.len() != self.combo_key.len()
        {
            return Err(AppError::BadRequest);
        }
        let mut bad = Vec::new();
        let org_unit = uid(&self.org_unit).unwrap_or_else(|()| {
            check.fail("org_unit", "interop-bad-uid");
            None
        });
        let mut iati = |field: &'static str, v: &str| {
            let v = v.trim();
            if v.is_empty() {
                return None;
            }
            if !is_iati_identifier(v) {
                check.fail(field, "interop-bad-iati");
            }
            Some(v.to_owned())
        };
        let reporting_org = iati("reporting_org", &self.reporting_org);
        let activity = iati("activity", &self.activity);
        let reporter = reporting_org
            .clone()
            .unwrap_or_else(|| default_reporting_org(slug));
        if activity
            .as_deref()
            .is_some_and(|a| !a.starts_with(&format!("{reporter}-")))
        {
            check.fail("activity", "interop-activity-prefix");
        }
        let row_error = |check: &mut Check, field: &'static str, what: &str, key: &str| {
            let msg = tr.t(key);
            check.errors.add(
                field,
                tr.t_args(
                    "interop-row-error",
                    &[("what", what.to_owned()), ("message", msg.into_owned())],
                ),
            );
        };
        let mut elements = Vec::new();
        for k in 0..n {
            let id: IndicatorId = self.indicator[k]
                .parse()
                .map_err(|()| AppError::BadRequest)?;
            let Some(i) = indicators.iter().find(|i| i.id == id) else {
                return Err(AppError::BadRequest);
            };
            let (de, aoc) = (uid(&self.data_element[k]), uid(&self.attribute_combo[k]));
            let dimension = if self.disaggregation[k].trim().is_empty() {
                None
            } else {
                match Dimension::parse(&self.disaggregation[k]) {
                    Some(d) if i.dimensions.contains(&d) => Some(d),
                    _ => {
                        row_error(check, "data_elements", &i.code, "interop-not-carried");
                        bad.push(id.to_string());
                        None
                    }
                }
            };
            match (de, aoc) {
                (Ok(Some(data_element)), Ok(attribute_option_combo)) => {
                    elements.push(DataElement {
                        indicator_id: id,
                        data_element,
                        attribute_option_combo,
                        dimension,
                    })
                }
                (Ok(None), Ok(None)) => {}
                (Ok(None), Ok(Some(_))) => {
                    row_error(check, "data_elements", &i.code, "interop-element-required");
                    bad.push(id.to_string());
                }
                _ => {
                    row_error(check, "data_elements", &i.code, "interop-bad-uid");
                    bad.push(id.to_string());
                }
            }
        }
        let mut combos = Vec::new();
        for (key, value) in self.combo_key.iter().zip(&self.combo) {
            let (d, category) = key
                .split_once('|')
                .and_then(|(d, c)| Some((Dimension::parse(d)?, c)))
                .filter(|(_, c)| !c.is_empty() && c.chars().count() <= forms::SHORT)
                .ok_or(AppError::BadRequest)?;
            match uid(value) {
                Ok(Some(option_combo)) => combos.push(OptionCombo {
                    dimension: d,
                    category: category.to_owned(),
                    option_combo,
                }),
                Ok(None) => {}
                Err(()) => {
                    let label = category_label(&tr, d, category);
                    row_error(check, "combos", &label, "interop-bad-uid");
                    bad.push(key.clone());
                }
            }
        }
        Ok((
            Mapping {
                org_unit,
                reporting_org,
                activity,
                elements,
                combos,
            },
            bad,
        ))
    }
}

async fn save(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    WebForm(f): WebForm<MappingForm>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Manage).await?;
    ctx.check_csrf(&f.csrf)?;
    let (series, stored) = load_mapping(&state, &community).await?;
    let indicators: Vec<&Indicator> = series.iter().map(|s| &s.indicator).collect();
    let mut check = Check::new(ctx.tr);
    let (m, bad) = f.check(&mut check, ctx.tr, &indicators, &community.slug)?;
    if !check.ok() {
        let mut p = page(ctx, community, &series, &stored, Some(&f), &bad);
        p.errors = check.errors;
        return unprocessable(&p);
    }
    let (cid, user) = (community.id, ctx.user()?.id);
    state
        .db
        .tx(move |c| {
            mq::save(c, cid, &m, Some(user), clock::now())?;
            crate::audit::record(c, Some(user), "interop.mapped", "community", cid, "")?;
            Ok(())
        })
        .await?;
    redirect(&format!("/c/{}/resultats/dhis2", community.slug))
}

// ---- the exports ----

#[derive(Deserialize, Default)]
#[serde(default)]
struct RangeQuery {
    from: String,
    to: String,
}

struct Export {
    community: Community,
    indicators: Vec<Exported>,
    withheld: Withheld,
    mapping: Mapping,
    public: bool,
}

/// The figures one visitor may export, read once, and the export written to the audit log.
async fn export(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    range: &RangeQuery,
    format: &'static str,
) -> AppResult<Export> {
    let community = enter(state, ctx, slug, Permission::See).await?;
    let years = Years::parse(&range.from, &range.to).ok_or(AppError::BadRequest)?;
    let public = !ctx.user.as_ref().is_some_and(|u| u.is_member(community.id));
    let cid = community.id;
    let now = clock::now_local();
    let (series, mapping) = state
        .db
        .run(move |c| Ok((q::dashboard(c, cid, public, &now)?, mq::get(c, cid)?)))
        .await?;
    let today = clock::iso(clock::today());
    let hide = public.then_some(state.config.public_count_threshold);
    let (indicators, withheld) = exportable(series, years, &today, hide);
    let user = ctx.user.as_ref().map(|u| u.id);
    let detail = format!(
        "{format} {}-{}{}",
        range.from.trim(),
        range.to.trim(),
        if public { " public" } else { "" }
    );
    state
        .db
        .log(move |c| {
            crate::audit::record(
                c,
                user,
                &format!("{format}.exported"),
                "community",
                cid,
                &detail,
            )
        })
        .await?;
    Ok(Export {
        community,
        indicators,
        withheld,
        mapping,
        public,
    })
}

/// Indicator codes for a header: comma-separated, anything but letters, digits, `-`, `.`
/// and `_` percent-encoded.
fn header_list(codes: &[String]) -> String {
    codes
        .iter()
        .map(|c| {
            c.bytes()
                .map(|b| {
                    if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_') {
                        (b as char).to_string()
                    } else {
                        format!("%{b:02X}")
                    }
                })
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(",")
}

fn download(
    e: &Export,
    content_type: &str,
    name: &str,
    unmapped: Option<&[String]>,
    body: Vec<u8>,
) -> Response {
    let slug = header_list(std::slice::from_ref(&e.community.slug));
    let mut res = (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"kafo-{slug}-{name}\""),
            ),
            (
                HeaderName::from_static(WITHHELD),
                e.withheld.under_threshold.to_string(),
            ),
        ],
        body,
    )
        .into_response();
    if let Some(codes) = unmapped
        && let Ok(v) = header::HeaderValue::from_str(&header_list(codes))
    {
        res.headers_mut()
            .insert(HeaderName::from_static(UNMAPPED), v);
    }
    if !e.public {
        res.headers_mut().insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("private, no-store"),
        );
    }
    res
}

async fn dhis2_export(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(range): Query<RangeQuery>,
) -> AppResult<Response> {
    let e = export(&state, &ctx, &slug, &range, "dhis2").await?;
    let (set, unmapped) = dhis2::data_value_set(&e.indicators, &e.mapping);
    let body = serde_json::to_vec_pretty(&set).map_err(|x| AppError::Internal(x.to_string()))?;
    Ok(download(
        &e,
        "application/json",
        "dhis2.json",
        Some(&unmapped),
        body,
    ))
}

async fn iati_export(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(range): Query<RangeQuery>,
) -> AppResult<Response> {
    let e = export(&state, &ctx, &slug, &range, "iati").await?;
    let c = &e.community;
    let reporting_org = e
        .mapping
        .reporting_org
        .clone()
        .unwrap_or_else(|| default_reporting_org(&c.slug));
    let identifier = e
        .mapping
        .activity
        .clone()
        .unwrap_or_else(|| default_activity(&reporting_org));
    let en = Tr::new(Locale::En);
    let fr = Tr::new(Locale::Fr);
    let started_on = c
        .founded_on
        .clone()
        .or_else(|| {
            e.indicators
                .iter()
                .map(|x| x.series.indicator.first_period.start())
                .min()
        })
        .unwrap_or_else(|| clock::iso(clock::today()));
    let generated = generated_at(clock::now());
    // The community's own words where it has some; the title and English text from the
    // locale files, with its name and region.
    let about = |tr: Tr, key: &str| tr.t2(key, "name", c.name.clone(), "region", c.region.clone());
    let description_fr = if c.description.trim().is_empty() {
        about(fr, "interop-iati-description")
    } else {
        c.description.clone()
    };
    let doc = iati::document(
        &iati::Activity {
            identifier: &identifier,
            reporting_org: &reporting_org,
            reporter_name: &c.name,
            title_fr: &about(fr, "interop-iati-title"),
            title_en: &about(en, "interop-iati-title"),
            description_fr: &description_fr,
            description_en: &about(en, "interop-iati-description"),
            implementer: &c.name,
            started_on: &started_on,
            generated: &generated,
        },
        &e.indicators,
    );
    Ok(download(
        &e,
        "application/xml; charset=utf-8",
        "iati.xml",
        None,
        doc.into_bytes(),
    ))
}

/// An `xsd:dateTime` in UTC, to the second: "2026-12-04T19:05:00Z".
fn generated_at(unix: i64) -> String {
    let t =
        time::OffsetDateTime::from_unix_timestamp(unix).unwrap_or(time::OffsetDateTime::UNIX_EPOCH);
    format!(
        "{}T{:02}:{:02}:{:02}Z",
        clock::iso(t.date()),
        t.hour(),
        t.minute(),
        t.second()
    )
}
