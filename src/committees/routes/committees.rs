//! Committees: the list, the page with its figures, the forms.

use super::*;

// ---- Committees ----

#[derive(Template)]
#[template(path = "committees/list.html")]
pub(super) struct ListPage {
    ctx: Ctx,
    community: Community,
    committees: Vec<CommitteeRow>,
    can_manage: bool,
}

pub(super) async fn list(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::See).await?;
    let cid = community.id;
    let member = ctx.user.as_ref().is_some_and(|u| u.is_member(cid));
    let committees = state.db.run(move |c| Ok(q::list(c, cid, !member)?)).await?;
    let can_manage = ctx.user.as_ref().is_some_and(|u| u.can_manage(cid));
    render(&ListPage {
        ctx,
        community,
        committees,
        can_manage,
    })
}

#[derive(Template)]
#[template(path = "committees/page.html")]
pub(super) struct CommitteePage {
    ctx: Ctx,
    community: Community,
    committee: Committee,
    figures: Figures,
    /// A member of one of the committee's communities: members and exact figures.
    full: bool,
    may_see: bool,
    can_manage: bool,
}

impl CommitteePage {
    fn member_count(&self) -> i64 {
        self.committee.members.len() as i64
    }

    /// A figure as shown: exact for members, "fewer than 5" below the threshold in public.
    fn figure(&self, n: &i64) -> String {
        if self.full || *n >= PUBLIC_THRESHOLD {
            self.ctx.tr.num(*n)
        } else {
            self.ctx.t("committee-fewer-than-5").into_owned()
        }
    }
}

pub(super) async fn page(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, CommitteeId)>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::See).await?;
    let cid = community.id;
    // The committee and its figures (aggregates, never a candidate) go through the read cache.
    let (committee, figures) = state
        .db
        .cached_found(format!("committee-page:{cid}:{id}"), move |c| {
            Ok(match q::get_in(c, cid, id)? {
                Some(k) => {
                    let figures = q::figures(c, k.id)?;
                    Some((k, figures))
                }
                None => None,
            })
        })
        .await?;
    let user = ctx.user.clone();
    let full = user
        .as_ref()
        .is_some_and(|u| committee.communities.iter().any(|c| u.is_member(c.id)));
    if !full && !committee.figures_public {
        return Err(refused(&ctx));
    }
    let may_see = match &user {
        Some(_) => {
            let k = committee.clone();
            state
                .db
                .run(move |c| Ok(may_see_candidates(c, user.as_ref(), &k)?))
                .await?
        }
        None => false,
    };
    let can_manage = committee.managed_by(ctx.user.as_ref());
    render(&CommitteePage {
        ctx,
        community,
        committee,
        figures,
        full,
        may_see,
        can_manage,
    })
}

#[derive(Deserialize, Default, Clone)]
#[serde(default)]
pub(super) struct CommitteeForm {
    csrf: String,
    name: String,
    mandate: String,
    communities: Vec<String>,
    members: Vec<String>,
    chair: String,
    figures_public: String,
}

impl CommitteeForm {
    fn from_committee(k: &Committee) -> Self {
        CommitteeForm {
            csrf: String::new(),
            name: k.name.clone(),
            mandate: k.mandate.clone(),
            communities: k.communities.iter().map(|c| c.id.to_string()).collect(),
            members: k.members.iter().map(|m| m.id.to_string()).collect(),
            chair: k.chair_id.map(|p| p.to_string()).unwrap_or_default(),
            figures_public: if k.figures_public { "1" } else { "" }.to_owned(),
        }
    }

    fn has_community(&self, id: &CommunityId) -> bool {
        self.communities.contains(&id.to_string())
    }

    fn has_member(&self, id: &PersonId) -> bool {
        self.members.contains(&id.to_string())
    }

    fn check(
        &self,
        check: &mut Check,
        choices: &CommitteeChoices,
        home: CommunityId,
    ) -> CommitteeFields {
        let mut communities = check.picked("communities", &self.communities, &choices.communities);
        if !communities.contains(&home) {
            communities.insert(0, home);
        }
        let members = check.picked("members", &self.members, &choices.people);
        // A member comes from one of the committee's communities.
        if members.iter().any(|m| {
            !choices
                .people_by_community
                .iter()
                .any(|(c, p)| *p == *m && communities.contains(c))
        }) {
            check.fail("members", "committee-member-outside");
        }
        let chair_id: Option<PersonId> = check.optional_id("chair", &self.chair);
        if chair_id.is_some_and(|c| !members.contains(&c)) {
            check.fail("chair", "committee-chair-not-member");
        }
        CommitteeFields {
            name: check.required("name", &self.name, forms::SHORT),
            mandate: check
                .optional("mandate", &self.mandate, forms::LONG)
                .unwrap_or_default(),
            communities,
            members,
            chair_id,
            figures_public: !self.figures_public.is_empty(),
        }
    }
}

pub(super) struct CommitteeChoices {
    /// The other communities it may also belong to: the linked ones.
    communities: Vec<CommunityRef>,
    people: Vec<Member>,
    people_by_community: Vec<(CommunityId, PersonId)>,
}

pub(super) async fn committee_choices(
    state: &AppState,
    home: &Community,
) -> AppResult<CommitteeChoices> {
    let home_ref = CommunityRef {
        id: home.id,
        slug: home.slug.clone(),
        name: home.name.clone(),
    };
    state
        .db
        .run(move |c| {
            let home_id = home_ref.id;
            let mut all = vec![home_ref];
            all.extend(communities::links(c, home_id)?.into_iter().map(|l| l.other));
            let mut people = Vec::new();
            let mut by = Vec::new();
            for cm in &all {
                for p in q::people_of(c, &[cm.id])? {
                    by.push((cm.id, p.id));
                    if !people.iter().any(|m: &Member| m.id == p.id) {
                        people.push(p);
                    }
                }
            }
            people.sort_by(|a, b| a.name.cmp(&b.name));
            Ok(CommitteeChoices {
                communities: all,
                people,
                people_by_community: by,
            })
        })
        .await
}

#[derive(Template)]
#[template(path = "committees/form.html")]
pub(super) struct CommitteeFormPage {
    ctx: Ctx,
    community: Community,
    committee_id: Option<CommitteeId>,
    form: CommitteeForm,
    choices: CommitteeChoices,
    errors: Errors,
}

pub(super) async fn new_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Manage).await?;
    let choices = committee_choices(&state, &community).await?;
    let form = CommitteeForm {
        communities: vec![community.id.to_string()],
        ..Default::default()
    };
    render(&CommitteeFormPage {
        ctx,
        community,
        committee_id: None,
        form,
        choices,
        errors: Errors::default(),
    })
}

pub(super) async fn create(
    State(state): State<AppState>,
    ctx: Ctx,
    Path(slug): Path<String>,
    WebForm(f): WebForm<CommitteeForm>,
) -> AppResult<Response> {
    let community = enter(&state, &ctx, &slug, Permission::Manage).await?;
    ctx.check_csrf(&f.csrf)?;
    let choices = committee_choices(&state, &community).await?;
    let mut check = Check::new(ctx.tr);
    let fields = f.check(&mut check, &choices, community.id);
    if !check.ok() {
        return unprocessable(&CommitteeFormPage {
            ctx,
            community,
            committee_id: None,
            form: f,
            choices,
            errors: check.errors,
        });
    }
    let user = ctx.user()?.id;
    let id = state
        .db
        .tx(move |c| Ok(q::create(c, &fields, Some(user), clock::now())?))
        .await?;
    redirect(&format!("/c/{}/comites/{id}", community.slug))
}

pub(super) async fn managed(
    state: &AppState,
    ctx: &Ctx,
    slug: &str,
    id: CommitteeId,
) -> AppResult<(Community, Committee)> {
    let community = enter(state, ctx, slug, Permission::See).await?;
    ctx.user()?;
    let committee = committee_in(state, community.id, id).await?;
    if !committee.managed_by(ctx.user.as_ref()) {
        return Err(AppError::Forbidden);
    }
    Ok((community, committee))
}

pub(super) async fn edit_form(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, CommitteeId)>,
) -> AppResult<Response> {
    let (community, committee) = managed(&state, &ctx, &slug, id).await?;
    let choices = committee_choices(&state, &community).await?;
    render(&CommitteeFormPage {
        ctx,
        community,
        committee_id: Some(id),
        form: CommitteeForm::from_committee(&committee),
        choices,
        errors: Errors::default(),
    })
}

pub(super) async fn update(
    State(state): State<AppState>,
    ctx: Ctx,
    Path((slug, id)): Path<(String, CommitteeId)>,
    WebForm(f): WebForm<CommitteeForm>,
) -> AppResult<Response> {
    let (community, _) = managed(&state, &ctx, &slug, id).await?;
    ctx.check_csrf(&f.csrf)?;
    let choices = committee_choices(&state, &community).await?;
    let mut check = Check::new(ctx.tr);
    let fields = f.check(&mut check, &choices, community.id);
    if !check.ok() {
        return unprocessable(&CommitteeFormPage {
            ctx,
            community,
            committee_id: Some(id),
            form: f,
            choices,
            errors: check.errors,
        });
    }
    state
        .db
        .tx(move |c| Ok(q::update(c, id, &fields, clock::now())?))
        .await?;
    redirect(&format!("/c/{}/comites/{id}", community.slug))
}
