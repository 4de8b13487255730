//! The knowledge part of the synthetic set: library resources (some with a file whose text is
//! indexed), experience write-ups, questions and their answers, in French words drawn with a
//! skewed frequency so that the search index meets common and rare words as in real use.

use super::synthetic::pick;
use crate::community::Visibility;
use crate::db::Conn;
use crate::error::AppResult;
use crate::ids::{AnswerId, CommunityId, OrganisationId, QuestionId, ThemeId, UserId};
use crate::library::upload::FileKind;
use crate::library::{Language, ResourceKind};
use crate::params;

/// Domain words, most frequent first (the draw favours the head of the list).
pub const VOCABULARY: &[&str] = &[
    "femmes",
    "filles",
    "droits",
    "communauté",
    "violences",
    "organisations",
    "village",
    "mariage",
    "enfants",
    "commune",
    "égalité",
    "genre",
    "excision",
    "loi",
    "participation",
    "sensibilisation",
    "formation",
    "leaders",
    "religieux",
    "chefs",
    "santé",
    "école",
    "justice",
    "mairie",
    "associations",
    "jeunes",
    "hommes",
    "familles",
    "accompagnement",
    "plaidoyer",
    "projet",
    "réunion",
    "suivi",
    "engagement",
    "convention",
    "abandon",
    "pratiques",
    "traditionnelles",
    "néfastes",
    "autonomisation",
    "économique",
    "tontine",
    "groupement",
    "crédit",
    "élections",
    "candidates",
    "quota",
    "nominations",
    "conseil",
    "radio",
    "émission",
    "causerie",
    "théâtre",
    "forum",
    "atelier",
    "rapport",
    "guide",
    "outil",
    "modèle",
    "fiche",
    "document",
    "juridique",
    "clinique",
    "orientation",
    "écoute",
    "centre",
    "service",
    "social",
    "région",
    "cercle",
    "police",
    "gendarmerie",
    "tribunal",
    "plainte",
    "certificat",
    "médical",
    "prise",
    "charge",
    "psychosociale",
    "hébergement",
    "refuge",
    "scolarisation",
    "maintien",
    "déscolarisation",
    "grossesse",
    "précoce",
    "consentement",
    "dot",
    "coutume",
    "tradition",
    "islam",
    "imam",
    "prêche",
    "griot",
    "marché",
    "foire",
    "festival",
    "mur",
    "fresque",
    "dessin",
    "slogan",
    "affiche",
    "brochure",
    "dépliant",
    "traduction",
    "bambara",
    "peul",
    "soninké",
    "songhaï",
    "alphabétisation",
    "lecture",
    "calcul",
    "comptabilité",
    "gestion",
    "budget",
    "subvention",
    "bailleur",
    "partenaire",
    "réseau",
    "échange",
    "visite",
    "webinaire",
    "téléphone",
    "message",
    "vocal",
    "whatsapp",
    "internet",
    "connexion",
    "électricité",
    "moto",
    "route",
    "saison",
    "pluies",
    "récolte",
    "champ",
    "maraîchage",
    "savon",
    "karité",
    "beurre",
    "teinture",
    "couture",
    "transformation",
    "céréales",
    "moulin",
    "décortiqueuse",
    "équipement",
    "matériel",
    "kit",
    "dignité",
    "hygiène",
    "menstruelle",
    "serviettes",
    "puits",
    "forage",
    "eau",
    "assainissement",
    "latrines",
    "protection",
    "signalement",
    "confidentialité",
    "survie",
    "témoignage",
    "médiation",
    "réconciliation",
    "divorce",
    "héritage",
    "foncier",
    "terre",
    "parcelle",
    "titre",
    "propriété",
    "succession",
    "polygamie",
    "veuvage",
    "lévirat",
    "répudiation",
    "pension",
    "alimentaire",
    "garde",
    "état",
    "civil",
    "naissance",
    "acte",
    "déclaration",
    "jugement",
    "supplétif",
    "identité",
    "électeur",
    "carte",
    "liste",
    "électorale",
    "scrutin",
    "campagne",
    "mandat",
    "élue",
    "conseillère",
    "maire",
    "adjointe",
    "député",
    "assemblée",
    "commission",
    "budget",
    "participatif",
    "redevabilité",
    "indicateur",
    "collecte",
    "données",
    "tableau",
    "bord",
    "évaluation",
    "leçons",
    "recommandations",
    "difficultés",
    "réussites",
    "perspectives",
];

const FILLERS: &[&str] = &[
    "de", "la", "les", "et", "pour", "des", "du", "dans", "avec", "sur",
];

/// A word drawn with a skewed frequency: the first words of the list are met far more often.
fn word(rng: &mut fastrand::Rng) -> &'static str {
    let u = rng.f64();
    VOCABULARY[((u * u * u) * VOCABULARY.len() as f64) as usize % VOCABULARY.len()]
}

/// `min` to `min + spread` words of text, with little words between them and full stops.
pub fn text(rng: &mut fastrand::Rng, min: usize, spread: usize) -> String {
    let n = min + rng.usize(..spread.max(1));
    let mut out = String::with_capacity(n * 9);
    for i in 0..n {
        if i > 0 {
            out.push(' ');
            if rng.u8(..3) == 0 {
                let filler: &&str = pick(rng, FILLERS);
                out.push_str(filler);
                out.push(' ');
            }
        }
        out.push_str(word(rng));
        if i % 12 == 11 {
            out.push('.');
        }
    }
    out.push('.');
    out
}

fn title(rng: &mut fastrand::Rng, min: usize, spread: usize) -> String {
    let t = text(rng, min, spread);
    let t = t.trim_end_matches('.');
    let mut chars = t.chars();
    match chars.next() {
        Some(f) => f.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// How much of the knowledge area to make.
#[derive(Clone, Copy, Debug)]
pub struct KnowledgeScale {
    pub resources: usize,
    /// One resource in this many carries a file whose long text is indexed.
    pub file_every: usize,
    pub experiences: usize,
    pub questions: usize,
    pub answers: usize,
}

/// A small real PDF, shared by every synthetic resource that has a file.
fn sample_pdf() -> AppResult<Vec<u8>> {
    use printpdf::{BuiltinFont, Mm, PdfDocument};
    let (doc, page, layer) = PdfDocument::new("Synthetique", Mm(210.0), Mm(297.0), "1");
    let font = doc
        .add_builtin_font(BuiltinFont::Helvetica)
        .map_err(|e| crate::error::AppError::Internal(e.to_string()))?;
    doc.get_page(page).get_layer(layer).use_text(
        "Document synthetique",
        12.0,
        Mm(20.0),
        Mm(270.0),
        &font,
    );
    doc.save_to_bytes()
        .map_err(|e| crate::error::AppError::Internal(e.to_string()))
}

/// Inserts the records and indexes each one, as the pages do.
#[allow(clippy::too_many_arguments)]
pub fn insert(
    c: &mut Conn,
    rng: &mut fastrand::Rng,
    k: KnowledgeScale,
    community_ids: &[CommunityId],
    org_ids_of: &[Vec<OrganisationId>],
    user_ids: &[UserId],
    themes: &[ThemeId],
    now: i64,
) -> AppResult<()> {
    use crate::discussions::queries as dq;
    use crate::experiences::queries as eq;
    use crate::library::queries as lq;
    let pdf = sample_pdf()?;
    let visibilities = Visibility::all();
    let theme_pair = |rng: &mut fastrand::Rng| {
        let a = themes[rng.usize(..themes.len())];
        let b = themes[rng.usize(..themes.len())];
        if a == b { vec![a] } else { vec![a, b] }
    };
    let at = |i: usize, n: usize| now - ((n - i) as i64) * 600;
    for i in 0..k.resources {
        let ci = i % community_ids.len();
        let orgs = &org_ids_of[ci];
        let fields = lq::ResourceFields {
            kind: *pick(rng, ResourceKind::all()),
            title: title(rng, 4, 6),
            body: text(rng, 40, 80),
            link: (i % 5 == 0).then(|| format!("https://ressources.example.org/{i}")),
            language: if i % 10 == 0 {
                Language::Bm
            } else {
                Language::Fr
            },
            visibility: visibilities[i % 3],
            organisation_id: (!orgs.is_empty()).then(|| orgs[rng.usize(..orgs.len())]),
            themes: theme_pair(rng),
        };
        let file = (i % k.file_every == 0).then(|| lq::StoredFile {
            name: format!("document-{i}.pdf"),
            kind: FileKind::Pdf,
            data: pdf.clone(),
            text: text(rng, 1500, 1),
        });
        let author = user_ids[ci % user_ids.len()];
        lq::create(
            c,
            community_ids[ci],
            &fields,
            file,
            author,
            at(i, k.resources),
        )?;
    }
    for i in 0..k.experiences {
        let ci = i % community_ids.len();
        let orgs = &org_ids_of[ci];
        if orgs.is_empty() {
            continue;
        }
        let fields = eq::ExperienceFields {
            organisation_id: orgs[rng.usize(..orgs.len())],
            activity_id: None,
            title: title(rng, 5, 5),
            context: text(rng, 30, 30),
            actions: text(rng, 40, 40),
            results: text(rng, 20, 20),
            lessons: text(rng, 15, 15),
            contacts: String::new(),
            visibility: visibilities[i % 3],
            themes: theme_pair(rng),
        };
        let author = user_ids[ci % user_ids.len()];
        eq::create(c, community_ids[ci], &fields, author, at(i, k.experiences))?;
    }
    // Questions with their answers written straight, then indexed once each: the pages index
    // after every answer, which would only repeat the same work here.
    for i in 0..k.questions {
        let ci = i % community_ids.len();
        let when = at(i, k.questions);
        let qid: QuestionId = c.scalar(
            "INSERT INTO questions (community_id, title, body, visibility, author_id, \
             created_at, updated_at, last_activity_at) VALUES ($1, $2, $3, $4, $5, $6, $6, $6) \
             RETURNING id",
            params![
                community_ids[ci],
                format!("{} ?", title(rng, 5, 6)),
                text(rng, 20, 40),
                if i % 2 == 0 {
                    Visibility::Network
                } else {
                    Visibility::Community
                },
                user_ids[ci % user_ids.len()],
                when
            ],
        )?;
        crate::directory::queries::set_themes(
            c,
            "question_themes",
            "question_id",
            qid,
            &theme_pair(rng),
        )?;
        // Answers spread so that their total is `answers`, some questions getting none.
        let n = k.answers / k.questions + usize::from(i < k.answers % k.questions);
        let mut first = None;
        for j in 0..n {
            let aid: AnswerId = c.scalar(
                "INSERT INTO answers (question_id, body, author_id, created_at, updated_at) \
                 VALUES ($1, $2, $3, $4, $4) RETURNING id",
                params![
                    qid,
                    text(rng, 20, 40),
                    user_ids[(ci + j + 1) % user_ids.len()],
                    when
                ],
            )?;
            first.get_or_insert(aid);
        }
        c.execute(
            "UPDATE questions SET answer_count = $2, solution_id = $3 WHERE id = $1",
            params![qid, n as i64, first.filter(|_| i % 3 == 0)],
        )?;
        dq::reindex(c, qid)?;
    }
    Ok(())
}
