//! The list of a community's proposals and the form to make one.

use super::*;

// ---- list ----

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ListQuery {
    etat: String,
    page: String,
}

#[derive(Template)]
#[template(path = "proposals/list.html")]
pub(super) struct ListPage {
    ctx: Ctx,
    community: Community,
    proposals: Vec<ProposalRow>,
    pager: Pager,
    filter: ListQuery,
    states: &'static [ProposalState],
    can_propose: bool,
}

pub(super) async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    Query(mut fq): Query<ListQuery>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Member).await?;
    let cid = community.id;
    let wanted: Option<ProposalState> = forms::code_filter(&mut fq.etat);
    let list = Listing::new(&fq.page, &[("etat", &fq.etat)]);
    let (total, proposals) = list
        .cached(&state.db, "proposals", cid, move |c, offset| {
            Ok(q::list(c, cid, wanted, offset, Pager::PER_PAGE)?)
        })
        .await?;
    let pager = list.pager(total);
    let can_propose = can_contribute(&ctx, cid);
    render(&ListPage {
        ctx,
        community,
        proposals,
        pager,
        filter: fq,
        states: ProposalState::all(),
        can_propose,
    })
}

// ---- the form ----

#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct ProposalForm {
    csrf: String,
    kind: String,
    title: String,
    body: String,
    /// "": the proposer themselves; "community": on behalf of the community; or an
    /// organisation's id.
    on_behalf: String,
    targets: Vec<String>,
}

impl ProposalForm {
    fn has_target(&self, id: &CommunityId) -> bool {
        self.targets.contains(&id.to_string())
    }

    fn check(
        &self,
        check: &mut Check,
        choices: &Choices,
        may_speak_for_community: bool,
    ) -> ProposalFields {
        let kind: ProposalKind = check.pick("kind", &self.kind);
        let title = check.required("title", &self.title, forms::SHORT);
        let body = check.required("body", &self.body, forms::LONG);
        let (mut organisation_id, mut on_behalf_of_community) = (None, false);
        match self.on_behalf.trim() {
            "" => {}
            "community" if may_speak_for_community => on_behalf_of_community = true,
            other => match other.parse::<OrganisationId>() {
                Ok(id) if choices.orgs.iter().any(|o| o.id == id) => organisation_id = Some(id),
                _ => check.fail("on_behalf", "form-bad-choice"),
            },
        }
        let mut targets = Vec::new();
        for t in &self.targets {
            match t.parse::<CommunityId>() {
                Ok(id) if choices.linked.iter().any(|l| l.id == id) => {
                    if !targets.contains(&id) {
                        targets.push(id);
                    }
                }
                _ => check.fail("targets", "proposal-target-not-linked"),
            }
        }
        ProposalFields {
            kind,
            title,
            body,
            organisation_id,
            on_behalf_of_community,
            targets,
        }
    }
}

pub(super) struct Choices {
    orgs: Vec<OrgRef>,
    /// The communities linked to this one, to which a proposal may also be addressed.
    linked: Vec<CommunityRef>,
}

pub(super) async fn choices(state: &AppState, cid: CommunityId) -> AppResult<Choices> {
    state
        .db
        .run(move |c| {
            Ok(Choices {
                orgs: dir::org_refs_in(c, cid)?,
                linked: communities::links(c, cid)?
                    .into_iter()
                    .map(|l| l.other)
                    .collect(),
            })
        })
        .await
}

#[derive(Template)]
#[template(path = "proposals/form.html")]
pub(super) struct FormPage {
    ctx: Ctx,
    community: Community,
    form: ProposalForm,
    choices: Choices,
    kinds: &'static [ProposalKind],
    may_speak_for_community: bool,
    errors: Errors,
}

/// The form, empty or shown again with its messages: the author may speak for the
/// community only as its core group.
fn form_page(
    ctx: Ctx,
    community: Community,
    form: ProposalForm,
    choices: Choices,
    errors: Errors,
) -> FormPage {
    FormPage {
        may_speak_for_community: can_organise(&ctx, community.id),
        ctx,
        community,
        form,
        choices,
        kinds: ProposalKind::all(),
        errors,
    }
}

pub(super) async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Contribute).await?;
    let choices = choices(&state, community.id).await?;
    let form = ProposalForm {
        kind: ProposalKind::Activity.code().to_owned(),
        ..Default::default()
    };
    render(&form_page(ctx, community, form, choices, Errors::default()))
}

pub(super) async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    WebForm(f): WebForm<ProposalForm>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Contribute).await?;
    ctx.check_csrf(&f.csrf)?;
    let choices = choices(&state, community.id).await?;
    let may_speak_for_community = can_organise(&ctx, community.id);
    let mut check = Check::new(ctx.tr);
    let fields = f.check(&mut check, &choices, may_speak_for_community);
    if !check.ok() {
        return unprocessable(&form_page(ctx, community, f, choices, check.errors));
    }
    let (cid, user_id) = (community.id, ctx.user()?.id);
    let id = state
        .db
        .tx(move |c| Ok(q::create(c, cid, &fields, user_id, clock::now())?))
        .await?;
    back(&community, id, "")
}
