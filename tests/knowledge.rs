//! Knowledge and exchange: the library (with uploads), experience write-ups, questions and
//! answers with moderation, "who knows", the French search over all of it, and digests.

mod common;

use axum::http::StatusCode;
use common::*;

/// A real PDF, as a word processor would make one, with this text on its page.
fn pdf_with(text: &str) -> Vec<u8> {
    use printpdf::{BuiltinFont, Mm, PdfDocument};
    let (doc, page, layer) = PdfDocument::new("Test", Mm(210.0), Mm(297.0), "1");
    let font = doc.add_builtin_font(BuiltinFont::Helvetica).expect("font");
    doc.get_page(page)
        .get_layer(layer)
        .use_text(text, 12.0, Mm(20.0), Mm(270.0), &font);
    doc.save_to_bytes().expect("pdf")
}

async fn theme_id(app: &TestApp, slug: &'static str) -> String {
    let sql: &'static str = match slug {
        "pratiques-nefastes" => "SELECT id FROM themes WHERE slug = 'pratiques-nefastes'",
        "loi-052" => "SELECT id FROM themes WHERE slug = 'loi-052'",
        "mariage-d-enfants" => "SELECT id FROM themes WHERE slug = 'mariage-d-enfants'",
        _ => "SELECT id FROM themes WHERE slug = 'egalite-femme-homme'",
    };
    app.count(sql).await.to_string()
}

/// Publishes a resource through the form; gives the response.
async fn publish(
    c: &mut Client,
    fields: &[(&str, &str)],
    file: Option<(&str, &[u8])>,
) -> TestResponse {
    let form = c.get("/c/segou/bibliotheque/nouvelle").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    let csrf = form.csrf();
    let mut all = vec![("csrf", csrf.as_str())];
    all.extend_from_slice(fields);
    c.upload("/c/segou/bibliotheque/nouvelle", &all, file).await
}

#[tokio::test]
async fn search_folds_accents_stems_plurals_ranks_and_highlights() {
    let app = TestApp::with_demo().await;
    let mut member = app.login(SEGOU_MEMBER).await;
    let theme = theme_id(&app, "egalite").await;
    let res = publish(
        &mut member,
        &[
            ("kind", "guide"),
            ("title", "Égalité des droits entre femmes et hommes"),
            ("body", "Un guide pour les *mariages* célébrés à la mairie."),
            ("language", "fr"),
            ("visibility", "public"),
            ("themes", &theme),
        ],
        None,
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let mut anon = app.client();
    // Accents: "egalite" finds "Égalité", and the title match comes first.
    let found = anon.get("/recherche?q=egalite").await;
    assert_eq!(found.status, StatusCode::OK);
    let first = found.body.find("<ol").expect("results");
    let results = &found.body[first..];
    let title_at = results
        .find("<mark>Égalité</mark> des droits")
        .expect("highlighted title");
    assert!(
        results[..title_at].matches("<li>").count() <= 1,
        "the title match is ranked first: {results}"
    );
    // Plurals and stems: "mariages" finds "mariage" and marks it in the excerpt.
    let found = anon.get("/recherche?q=mariages").await;
    found.assert_contains("Cadre de concertation sur le <mark>mariage</mark> d’enfants");
    found.assert_contains("<mark>mariages</mark> célébrés");
    // The same words, typed the other way round.
    let found = anon.get("/recherche?q=MARIAGE+%C3%A9galit%C3%A9s").await;
    found.assert_contains("<mark>Égalité</mark> des droits");
    // The model convention another organisation shared, found in French words.
    let found = anon.get("/recherche?q=convention+d%27abandon").await;
    found.assert_contains("Modèle de <mark>convention</mark> d’<mark>abandon</mark>");
    // Filters: by kind, theme and community.
    let found = anon.get("/recherche?q=mariage&kind=activity").await;
    found.assert_contains("Activité");
    assert!(!found.body.contains("Égalité des"));
    let found = anon
        .get(&format!("/recherche?q=droits&theme={theme}"))
        .await;
    found.assert_contains("Égalité des <mark>droits</mark>");
    let kayes = app
        .count("SELECT id FROM communities WHERE slug = 'kayes'")
        .await;
    let found = anon.get(&format!("/recherche?q=droits&c={kayes}")).await;
    assert!(!found.body.contains("Égalité des"));
    // Nothing but little words, or script: no error, no injection.
    let found = anon.get("/recherche?q=de+la+et").await;
    assert_eq!(found.status, StatusCode::OK);
    let found = anon
        .get("/recherche?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E+%22%29+OR+*")
        .await;
    assert_eq!(found.status, StatusCode::OK);
    assert!(!found.body.contains("<script>alert"));
}

#[tokio::test]
async fn search_results_respect_visibility_and_roles() {
    let app = TestApp::with_demo().await;
    // Demo: a public model, a network guide, a community-only tool; a network question and
    // a community-only question, all in Ségou.
    let cases: [(&str, [bool; 4]); 5] = [
        // anonymous, Kayes coordinator, Ségou member, administrator
        ("convention+abandon", [true, true, true, true]),
        ("guide+animation", [false, true, true, true]),
        ("fiche+suivi+engagements", [false, false, true, true]),
        ("chefs+village+refusent", [false, true, true, true]),
        ("nominations+communales", [false, false, true, true]),
    ];
    let mut clients = [
        app.client(),
        app.login(KAYES_COORD).await,
        app.login(SEGOU_MEMBER).await,
        app.login(ADMIN).await,
    ];
    for (q, expected) in cases {
        for (who, client) in clients.iter_mut().enumerate() {
            let res = client.get(&format!("/recherche?q={q}")).await;
            assert_eq!(res.status, StatusCode::OK);
            let found = !res.body.contains("Rien trouvé");
            assert_eq!(
                found, expected[who],
                "query {q} by client {who}: {}",
                res.body
            );
        }
    }
    // The pages behind the results hold the same line.
    let tool = app
        .count("SELECT id FROM resources WHERE visibility = 'community'")
        .await;
    let res = clients[1]
        .get(&format!("/c/segou/bibliotheque/{tool}"))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = clients[0]
        .get(&format!("/c/segou/bibliotheque/{tool}"))
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let res = clients[2]
        .get(&format!("/c/segou/bibliotheque/{tool}"))
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let question = app
        .count("SELECT id FROM questions WHERE visibility = 'community'")
        .await;
    let res = clients[1]
        .get(&format!("/c/segou/questions/{question}"))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    // People are found by the members of their communities only.
    let res = clients[2].get("/recherche?q=Traor%C3%A9&kind=person").await;
    res.assert_contains("Personne");
    let res = clients[0].get("/recherche?q=Traor%C3%A9&kind=person").await;
    res.assert_contains("Rien trouvé");
}

#[tokio::test]
async fn a_member_publishes_a_file_that_is_checked_indexed_and_served_safely() {
    let app = TestApp::with_demo().await;
    let mut member = app.login(SEGOU_MEMBER).await;
    let theme = theme_id(&app, "pratiques-nefastes").await;
    let before = app.count("SELECT COUNT(*) FROM resources").await;
    let fields = [
        ("kind", "model"),
        ("title", "Convention locale (Démo)"),
        ("language", "fr"),
        ("visibility", "public"),
        ("themes", theme.as_str()),
    ];

    // An executable renamed .pdf: refused, in French, nothing written.
    let mut exe = b"MZ\x90\x00\x03\x00\x00\x00".to_vec();
    exe.extend(std::iter::repeat_n(0u8, 4000));
    let res = publish(&mut member, &fields, Some(("convention.pdf", &exe))).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("Ce type de fichier n’est pas accepté");
    // HTML with script, named .docx: refused too.
    let res = publish(
        &mut member,
        &fields,
        Some(("page.docx", b"<html><script>alert(1)</script></html>")),
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    // Nothing at all to share.
    let res = publish(&mut member, &fields, None).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("Joignez un fichier, un lien ou un texte");
    // Far over the limit: refused before it is read whole.
    let huge = vec![b'%'; 25 * 1024 * 1024];
    let res = publish(&mut member, &fields, Some(("gros.pdf", &huge))).await;
    assert_eq!(res.status, StatusCode::PAYLOAD_TOO_LARGE);
    res.assert_contains("trop volumineux");
    // A bad link and an unknown theme.
    let res = publish(
        &mut member,
        &[
            ("kind", "model"),
            ("title", "x"),
            ("link", "javascript:alert(1)"),
            ("language", "fr"),
            ("visibility", "public"),
            ("themes", "999999"),
        ],
        None,
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("L’adresse doit commencer par https://");
    assert_eq!(app.count("SELECT COUNT(*) FROM resources").await, before);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM search_docs WHERE title LIKE 'Convention locale%'")
            .await,
        0
    );

    // A real PDF, with script in the description: kept, its text searchable.
    let pdf = pdf_with("Protection des filles contre l excision dans le cercle de Macina");
    let mut with_body = fields.to_vec();
    with_body.push(("body", "Voir **article 2**.<script>alert(1)</script>"));
    let res = publish(&mut member, &with_body, Some(("convention.exe", &pdf))).await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let page_url = res.location().to_owned();
    let page = member.get(&page_url).await;
    page.assert_contains("<strong>article 2</strong>");
    assert!(!page.body.contains("<script>alert"));
    page.assert_contains("PDF,");
    let found = app.client().get("/recherche?q=Macina+excision").await;
    found.assert_contains("Convention locale (Démo)");
    // Served as what it is, to download, never as a page of the site.
    let file = app.client().get(&format!("{page_url}/fichier")).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.headers["content-type"], "application/pdf");
    let disposition = file.headers["content-disposition"].to_str().expect("ascii");
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(disposition.contains("convention.pdf"), "{disposition}");
    assert_eq!(file.headers["content-security-policy"], "sandbox");
    assert_eq!(file.headers["x-content-type-options"], "nosniff");

    // The library lists it; an observer may read but not publish; others may not edit.
    let list = app.client().get("/c/segou/bibliotheque?kind=model").await;
    list.assert_contains("Convention locale (Démo)");
    let mut observer = app.login(SEGOU_OBSERVER).await;
    let res = observer.get("/c/segou/bibliotheque/nouvelle").await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let mut expert = app.login(EXPERT).await;
    let res = expert.get(&format!("{page_url}/modifier")).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = app
        .client()
        .post_raw(&format!("{page_url}/supprimer"), &[("csrf", "x")])
        .await;
    assert!(
        res.location().starts_with("/connexion"),
        "{}",
        res.location()
    );
    assert_eq!(
        app.count("SELECT COUNT(*) FROM resources").await,
        before + 1
    );

    // The author edits it: removes the file, renames it; the index follows.
    let form = member.get(&format!("{page_url}/modifier")).await;
    let csrf = form.csrf();
    let res = member
        .upload(
            &format!("{page_url}/modifier"),
            &[
                ("csrf", csrf.as_str()),
                ("kind", "model"),
                ("title", "Convention villageoise (Démo)"),
                ("body", "Voir article 2."),
                ("language", "fr"),
                ("visibility", "public"),
                ("remove_file", "on"),
            ],
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let found = app.client().get("/recherche?q=Macina").await;
    found.assert_contains("Rien trouvé");
    let found = app.client().get("/recherche?q=villageoise").await;
    found.assert_contains("Convention <mark>villageoise</mark>");
    // A coordinator removes it; it leaves the search.
    let mut coord = app.login(SEGOU_COORD).await;
    let res = coord
        .submit(&page_url, &format!("{page_url}/supprimer"), &[])
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let found = app.client().get("/recherche?q=villageoise").await;
    found.assert_contains("Rien trouvé");
    assert_eq!(app.count("SELECT COUNT(*) FROM resources").await, before);
}

#[tokio::test]
async fn questions_are_answered_solved_improved_and_moderated() {
    let app = TestApp::with_demo().await;
    let mut member = app.login(SEGOU_MEMBER).await;
    let theme = theme_id(&app, "mariage-d-enfants").await;
    // An empty question is refused.
    let res = member
        .submit(
            "/c/segou/questions/nouvelle",
            "/c/segou/questions/nouvelle",
            &[("title", "  "), ("body", ""), ("visibility", "network")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("obligatoire");
    assert_eq!(app.count("SELECT COUNT(*) FROM questions").await, 2);
    let res = member
        .submit(
            "/c/segou/questions/nouvelle",
            "/c/segou/questions/nouvelle",
            &[
                ("title", "Comment accompagner une fille mariée de force ?"),
                (
                    "body",
                    "Une famille nous demande de l’aide. <script>x</script>",
                ),
                ("visibility", "network"),
                ("themes", &theme),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let q = res.location().to_owned();

    // Someone from the other community answers (the question is put to the network).
    let mut kayes = app.login(KAYES_COORD).await;
    let res = kayes
        .submit(
            &q,
            &format!("{q}/reponses"),
            &[(
                "body",
                "Orienter vers la clinique juridique et le service social.",
            )],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let answer = app.count("SELECT MAX(id) FROM answers").await;
    // An empty answer is refused; an observer may read but not answer.
    let res = kayes
        .submit(&q, &format!("{q}/reponses"), &[("body", " ")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut observer = app.login(SEGOU_OBSERVER).await;
    let page = observer.get(&q).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(!page.body.contains("/reponses\""));
    let res = observer
        .post_raw(
            &format!("{q}/reponses"),
            &[("csrf", page.csrf().as_str()), ("body", "Moi aussi")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);

    // Only the author improves an answer.
    let edit = format!("{q}/reponses/{answer}/modifier");
    let res = member.get(&edit).await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = kayes
        .submit(
            &edit,
            &edit,
            &[(
                "body",
                "Orienter vers la clinique juridique, le service social et la police des mineurs.",
            )],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);

    // Only the asker (or a coordinator) marks the solution.
    let res = kayes
        .submit(
            &q,
            &format!("{q}/solution"),
            &[("answer", &answer.to_string())],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = member
        .submit(
            &q,
            &format!("{q}/solution"),
            &[("answer", &answer.to_string())],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = member.get(&q).await;
    page.assert_contains("Cette réponse a résolu le problème");
    page.assert_contains("police des mineurs");
    page.assert_contains("modifiée");
    assert!(!page.body.contains("<script>x"));
    let list = member.get("/c/segou/questions?etat=solved").await;
    list.assert_contains("Comment accompagner une fille mariée de force ?");
    // The answer's words find the question.
    let found = member.get("/recherche?q=police+mineurs").await;
    found.assert_contains("Comment accompagner une fille");

    // Moderation: a reason is required; hiding keeps it and logs it; the answer leaves search.
    let mut coord = app.login(SEGOU_COORD).await;
    let answer_s = answer.to_string();
    let res = coord
        .submit(
            &q,
            &format!("{q}/moderation"),
            &[("action", "hide"), ("answer", &answer_s), ("reason", "")],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let res = coord
        .submit(
            &q,
            &format!("{q}/moderation"),
            &[
                ("action", "hide"),
                ("answer", &answer_s),
                ("reason", "Donne un nom de famille"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'hide' AND entity = 'answer' AND detail = 'Donne un nom de famille'")
            .await,
        1
    );
    let page = member.get(&q).await;
    assert!(!page.body.contains("police des mineurs"));
    let page = coord.get(&q).await;
    page.assert_contains("Donne un nom de famille");
    let found = member.get("/recherche?q=police+mineurs").await;
    found.assert_contains("Rien trouvé");
    // Only coordinators moderate; a locked question takes no answer.
    let res = member
        .submit(
            &q,
            &format!("{q}/moderation"),
            &[("action", "lock"), ("reason", "x")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    let res = coord
        .submit(
            &q,
            &format!("{q}/moderation"),
            &[("action", "lock"), ("reason", "Résolue en réunion")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let page = kayes.get(&q).await;
    page.assert_contains("fermée aux nouvelles réponses");
    let res = kayes
        .post_raw(
            &format!("{q}/reponses"),
            &[("csrf", page.csrf().as_str()), ("body", "Encore")],
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // Hidden question: gone for members and from search, still there for coordinators.
    let res = coord
        .submit(
            &q,
            &format!("{q}/moderation"),
            &[("action", "hide"), ("reason", "Données personnelles")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(member.get(&q).await.status, StatusCode::NOT_FOUND);
    assert_eq!(coord.get(&q).await.status, StatusCode::OK);
    let found = coord.get("/recherche?q=fille+mariee+force").await;
    found.assert_contains("Rien trouvé");
    // Anonymous visitors see no question at all.
    let res = app.client().get("/c/segou/questions").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn experiences_are_written_up_linked_and_found() {
    let app = TestApp::with_demo().await;
    let mut member = app.login(SEGOU_MEMBER).await;
    let org = app
        .count("SELECT id FROM organisations WHERE name LIKE '%Niono%'")
        .await
        .to_string();
    let activity = app
        .count("SELECT MIN(id) FROM activities WHERE kind = 'consultation'")
        .await
        .to_string();
    let kayes_org = app
        .count("SELECT id FROM organisations WHERE name LIKE '%Kita%'")
        .await
        .to_string();
    // Required parts and an organisation that is not a member here.
    let res = member
        .submit(
            "/c/segou/experiences/nouvelle",
            "/c/segou/experiences/nouvelle",
            &[
                ("organisation", &kayes_org),
                ("title", "Radio"),
                ("context", ""),
                ("actions", ""),
                ("visibility", "public"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    res.assert_contains("obligatoire");
    let before = app.count("SELECT COUNT(*) FROM experiences").await;
    let res = member
        .submit(
            "/c/segou/experiences/nouvelle",
            "/c/segou/experiences/nouvelle",
            &[
                ("organisation", &org),
                ("activity", &activity),
                ("title", "Émissions radio en bambara sur les violences"),
                ("context", "Peu de femmes connaissaient leurs droits."),
                ("actions", "Douze émissions avec des juristes."),
                ("results", "Des appels d’auditrices chaque semaine."),
                ("lessons", "Parler en bambara."),
                ("visibility", "community"),
            ],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM experiences").await,
        before + 1
    );
    let page_url = res.location().to_owned();
    let page = member.get(&page_url).await;
    page.assert_contains("Présentée lors de :");
    page.assert_contains("Leçons apprises");
    // Community-only: members find it, the public does not.
    let found = member.get("/recherche?q=emission+juristes").await;
    found.assert_contains("<mark>Émissions</mark> radio");
    let found = app.client().get("/recherche?q=emission+juristes").await;
    found.assert_contains("Rien trouvé");
    assert_eq!(
        app.client().get(&page_url).await.status,
        StatusCode::SEE_OTHER
    );
    // The demo write-up linked to the consultation is listed and public.
    let list = app.client().get("/c/segou/experiences").await;
    list.assert_contains("Trois villages signent une convention");
}

#[tokio::test]
async fn who_knows_finds_organisations_and_people_by_theme_or_topic() {
    let app = TestApp::with_demo().await;
    let theme = theme_id(&app, "loi-052").await;
    let mut anon = app.client();
    let res = anon.get(&format!("/expertise?theme={theme}")).await;
    assert_eq!(res.status, StatusCode::OK);
    res.assert_contains("Organisation");
    assert!(!res.body.contains("Rien trouvé"), "{}", res.body);
    let res = anon.get("/expertise?q=juridique").await;
    res.assert_contains("Clinique <mark>Juridique</mark>");
    // Only organisations and people: no resource in "who knows".
    let res = anon.get("/expertise?q=convention").await;
    assert!(!res.body.contains("Modèle de convention"));
}

#[tokio::test]
async fn digests_bring_new_items_of_followed_themes_through_the_outbox() {
    let app = TestApp::with_demo().await;
    let mut member = app.login(SEGOU_MEMBER).await;
    let theme = theme_id(&app, "pratiques-nefastes").await;
    let res = member
        .submit(
            "/compte/suivi",
            "/compte/suivi",
            &[("themes", &theme), ("digest", "daily")],
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let res = member
        .submit("/compte/suivi", "/compte/suivi", &[("digest", "hourly")])
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let mut coord = app.login(SEGOU_COORD).await;
    let form = coord.get("/c/segou/bibliotheque/nouvelle").await;
    let csrf = form.csrf();
    let res = coord
        .upload(
            "/c/segou/bibliotheque/nouvelle",
            &[
                ("csrf", csrf.as_str()),
                ("kind", "practice"),
                ("title", "Causeries avec les exciseuses reconverties (Démo)"),
                ("body", "Comment nous avons procédé."),
                ("language", "fr"),
                ("visibility", "network"),
                ("themes", &theme),
            ],
            None,
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.body);
    let now = kafo::clock::now() + 1;
    let queued = app
        .state
        .db
        .tx(move |c| {
            Ok(kafo::accounts::follows::enqueue_digests(
                c,
                now,
                "https://kafo.test",
            )?)
        })
        .await
        .expect("digests");
    assert_eq!(queued, 1);
    let (to, subject, body): (String, String, String) = app
        .state
        .db
        .run(|c| {
            Ok(c.query_opt(
                "SELECT to_addr, subject, body FROM outbox ORDER BY id DESC",
                &[],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )?
            .expect("a message"))
        })
        .await
        .expect("outbox");
    assert_eq!(to, SEGOU_MEMBER.0);
    assert!(subject.contains("nouveauté"), "{subject}");
    assert!(
        body.contains("Causeries avec les exciseuses reconverties"),
        "{body}"
    );
    assert!(
        body.contains("https://kafo.test/c/segou/bibliotheque/"),
        "{body}"
    );
    assert!(body.contains("https://kafo.test/compte/suivi"), "{body}");
    // Not twice the same day.
    let again = app
        .state
        .db
        .tx(move |c| {
            Ok(kafo::accounts::follows::enqueue_digests(
                c,
                now + 60,
                "https://kafo.test",
            )?)
        })
        .await
        .expect("digests");
    assert_eq!(again, 0);
}

#[tokio::test]
async fn the_index_rebuilt_from_the_records_matches_the_one_kept_in_step() {
    let app = TestApp::with_demo().await;
    let before = app.count("SELECT COUNT(*) FROM search_docs").await;
    assert!(before > 30, "{before}");
    let mut anon = app.client();
    let first = anon.get("/recherche?q=convention").await.body;
    let n = app
        .state
        .db
        .tx(|c| Ok(kafo::search::reindex_all(c)?))
        .await
        .expect("reindex");
    assert_eq!(n as i64, before);
    assert_eq!(app.count("SELECT COUNT(*) FROM search_docs").await, before);
    let second = anon.get("/recherche?q=convention").await.body;
    // The same records are found (ties between equal scores may come in another order).
    let results = |s: &str| {
        let mut links: Vec<String> = s
            .split("<li><a href=\"")
            .skip(1)
            .map(|l| l.split('"').next().unwrap_or("").to_owned())
            .collect();
        links.sort();
        links
    };
    assert!(results(&first).len() >= 3, "{first}");
    assert_eq!(results(&first), results(&second));
}
