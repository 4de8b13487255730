//! The demo's proposals (result 5 of the exchange visit): the semi-annual exchange meetings
//! between Ségou and Kayes by webinar, accepted and planned as a series, and an open proposal
//! with its supports and a comment.

use super::ProposalKind;
use super::queries::{self as q, ProposalFields};
use crate::activities::ActivityKind;
use crate::activities::queries::{self as activities, ActivityFields};
use crate::db::{Conn, DbResult};
use crate::ids::{CommunityId, UserId};
use crate::params;

fn community(c: &mut Conn, slug: &str) -> DbResult<CommunityId> {
    c.scalar("SELECT id FROM communities WHERE slug = $1", params![slug])
}

fn user(c: &mut Conn, email: &str) -> DbResult<UserId> {
    c.scalar("SELECT id FROM users WHERE email = $1", params![email])
}

pub fn insert(c: &mut Conn, now: i64) -> DbResult<()> {
    let segou = community(c, "segou")?;
    let kayes = community(c, "kayes")?;
    let coordinator = user(c, "coordination.segou@kafo.test")?;
    let member = user(c, "membre.segou@kafo.test")?;
    let kayes_coordinator = user(c, "coordination.kayes@kafo.test")?;

    let webinars = q::create(
        c,
        segou,
        &ProposalFields {
            kind: ProposalKind::Activity,
            title: "Rencontres d’échanges semestrielles Ségou–Kayes par webinaire".into(),
            body:
                "Tenir tous les six mois un webinaire entre les deux communautés de pratique pour \
                   suivre les plans de pérennisation, présenter les cas traités et préparer les \
                   engagements de la période suivante."
                    .into(),
            organisation_id: None,
            on_behalf_of_community: true,
            targets: vec![kayes],
        },
        coordinator,
        now,
    )?;
    q::set_support(c, webinars, member, true, now)?;
    q::set_support(c, webinars, kayes_coordinator, true, now)?;
    q::decide(
        c,
        segou,
        webinars,
        super::ProposalState::Accepted,
        None,
        coordinator,
        now,
    )?;
    let first = activities::create_series(
        c,
        segou,
        &ActivityFields {
            kind: ActivityKind::Webinar,
            title: "Rencontre d’échanges semestrielle Ségou–Kayes (webinaire)".into(),
            starts_at: "2026-06-11T10:00".into(),
            ends_at: "2026-06-11T12:30".into(),
            place: None,
            online_url: Some("https://visio.example.org/cdp-segou-kayes".into()),
            agenda:
                "Point sur les plans de pérennisation\nCas traités depuis la dernière rencontre\n\
                     Engagements de la période suivante"
                    .into(),
            speakers: String::new(),
            is_public: false,
            themes: Vec::new(),
            guests: vec![kayes],
        },
        6,
        4,
        now,
    )?;
    q::set_activity(c, webinars, first)?;

    let cases = q::create(
        c,
        segou,
        &ProposalFields {
            kind: ProposalKind::Solution,
            title: "Fiches de cas anonymisées partagées entre les CdP".into(),
            body: "Après chaque cas pris en charge, l’organisation qui l’a suivi rédige une fiche \
                   d’une page sans aucun nom ni lieu précis : le problème, ce qui a été fait, qui \
                   a aidé, ce qui reste. Les fiches sont versées à la bibliothèque des deux \
                   communautés."
                .into(),
            organisation_id: None,
            on_behalf_of_community: false,
            targets: vec![kayes],
        },
        member,
        now,
    )?;
    q::set_support(c, cases, kayes_coordinator, true, now)?;
    q::add_comment(
        c,
        cases,
        kayes_coordinator,
        "À Kayes, les parajuristes tiennent déjà un cahier : on peut partir de leur modèle.",
        now,
    )?;
    Ok(())
}
