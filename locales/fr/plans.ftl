# Plans and follow-up: plans, actions, progress updates, commitments, joint reviews.

plans-title = Plans
plan-new = Nouveau plan
plan-count = { $n ->
    [one] { $nf } plan
   *[other] { $nf } plans
}
plan-action-count = { $n ->
    [one] { $nf } action
   *[other] { $nf } actions
}
plan-late-count = { $n ->
    [one] { $nf } action en retard
   *[other] { $nf } actions en retard
}
plan-public = public
plan-kind = Type de plan
plan-kind-sustainability = Plan de pérennisation
plan-kind-action = Plan d’action
plan-status-draft = Projet
plan-status-adopted = Adopté
plan-summary = Résumé
plan-starts-on = Début de la période
plan-ends-on = Fin de la période
plan-objectives = Objectifs
plan-objectives-hint = Un objectif par ligne, dans l’ordre.
plan-objective = Objectif
plan-objective-new = Nouvel objectif
plan-objective-add = Ajouter l’objectif
plan-adopted-on = Adopté le { $date }
plan-versions = Versions adoptées
plan-version-adopted-on = version adoptée le { $date }
plan-current = Version en cours
plan-late = En retard
plan-partners = Partenaires
plan-due = Échéance : { $date }
plan-due-on = Échéance
plan-expected = Résultat attendu
plan-no-action = Aucune action pour l’instant.
plan-no-objective = Aucun objectif pour l’instant.
plan-action-new = Ajouter une action
plan-manage = Gérer le plan
plan-adopt = Adopter le plan
plan-revise = Réviser le plan
plan-revise-hint = La version adoptée reste consultable.
plan-publish = Rendre le plan public
plan-unpublish = Réserver le plan aux membres
plan-owner = Organisation responsable
plan-budget = Budget
plan-budget-amount = Budget (montant)
plan-budget-currency = Monnaie
plan-decision-date = Date de la décision
plan-decision-activity = Activité où la décision a été prise
plan-updates = Suivi
plan-update-new = Nouveau point d’avancement
plan-no-update = Aucun point d’avancement pour l’instant.
plan-status = État
plan-progress = Avancement (%)
plan-note = Note
plan-evidence = Preuve
plan-evidence-link = Lien vers une preuve
plan-evidence-file = Fichier de preuve
plan-evidence-of = Preuve
plan-action-status-not_started = Pas commencée
plan-action-status-on_track = En bonne voie
plan-action-status-late = En retard
plan-action-status-blocked = Bloquée
plan-action-status-done = Réalisée
plan-action-status-dropped = Abandonnée
plan-ends-before-start = La fin de la période doit venir après son début.
plan-objective-too-long = Un objectif ne peut dépasser 400 caractères.
plan-period-excludes-actions = Des actions du plan tombent hors de cette période ; changez d’abord leur échéance.
plan-budget-bad = Indiquez un montant en chiffres, sans décimales (par exemple 250000).
plan-action-owner-not-member = Cette organisation n’est pas membre de la communauté.
plan-action-partner-unknown = Un partenaire doit être membre de la communauté ou d’une communauté liée.
plan-action-due-outside = L’échéance doit tomber dans la période du plan.
plan-progress-range = L’avancement est un pourcentage entre 0 et 100.
plan-reminder-subject = Action en retard : { $action }
plan-reminder-body = Bonjour,

    L’action « { $action } » du plan « { $plan } » devait être réalisée pour le { $due }. Elle est en retard.

    Merci d’indiquer où elle en est : { $link }

    Ce rappel est envoyé au plus une fois par semaine.
commitments-title = Engagements
commitment-new = Nouvel engagement
commitment-by = Qui s’engage
commitment-pledge = Engagement
commitment-measure = Mesure
commitment-measure-hint = Ce qui permettra de dire s’il est tenu (par exemple « deux séances de sensibilisation sur la loi 052 »).
commitment-not-assessed = pas encore évalué
commitment-assess = Évaluer l’engagement
commitment-assessment = Évaluation
commitment-assessed-on = Date de l’évaluation
commitment-kept-kept = Tenu
commitment-kept-partly_kept = Partiellement tenu
commitment-kept-not_kept = Non tenu
reviews-title = Revues de suivi conjoint
reviews-intro = Les organisations lead des communautés liées suivent ensemble leurs plans adoptés, action par action.
review-one = Revue
review-new = Nouvelle revue conjointe
review-held-on = Date de la revue
review-activity = Activité (webinaire, visite)
review-communities = Communautés participantes
review-plans = Plans suivis
review-no-plan = Aucun plan adopté dans ces communautés.
review-notes = Notes
review-host = Organisée par { $name }
review-leads = Organisations lead :
review-lead = { $name } ({ $community })
review-assessment = Appréciation
review-comment = Commentaire
review-assessment-on_track = En bonne voie
review-assessment-late = En retard
review-assessment-blocked = Bloquée
review-assessment-done = Réalisée
review-plan-unlinked = Ce plan appartient à une communauté qui n’est pas liée à la vôtre : il ne peut pas être suivi dans cette revue.
review-plan-not-adopted = Seuls les plans adoptés peuvent être suivis.
review-community-unlinked = Cette communauté n’est pas liée à la vôtre.
review-needs-plan = Choisissez au moins un plan.
review-needs-two = Une revue conjointe réunit au moins deux communautés liées.
review-comment-needs-assessment = Un commentaire va avec une appréciation.
review-action-not-under-review = Cette action n’appartient à aucun plan suivi dans cette revue.

# The kind of a plan in search results.
search-kind-plan = Plan
