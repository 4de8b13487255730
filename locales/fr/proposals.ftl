proposals-title = Propositions
proposals-intro = Solutions et activités proposées pour mieux partager les expériences entre les communautés.
proposal-new = Faire une proposition
proposal-count = { $n ->
    [0] Aucune proposition
    [one] { $nf } proposition
   *[other] { $nf } propositions
}
proposal-supports = { $n ->
    [0] aucun soutien
    [one] { $nf } soutien
   *[other] { $nf } soutiens
}
proposal-kind-solution = Solution
proposal-kind-activity = Activité
proposal-state-open = Ouverte
proposal-state-accepted = Acceptée
proposal-state-declined = Déclinée
field-state = État
proposal-body = La proposition
proposal-body-hint = Ce que vous proposez, pour qui, et ce que cela changerait.
proposal-on-behalf = Au nom de
proposal-myself = Moi-même
proposal-targets = Adressée aussi à
proposal-target-not-linked = Une proposition ne s’adresse qu’aux communautés liées à celle-ci.
proposal-submit = Envoyer la proposition
proposal-by = Proposée par
proposal-addressed = Adressée à
proposal-support = Je soutiens
proposal-unsupport = Retirer mon soutien
proposal-decision = Décision du noyau
proposal-accept = Accepter et planifier l’activité
proposal-accept-hint = La proposition devient une activité planifiée de la communauté, avec les communautés auxquelles elle s’adresse comme invitées.
proposal-decline = Décliner
proposal-decline-hint = La personne qui a fait la proposition verra cette raison et la recevra par courriel.
proposal-declined-reason = Raison
proposal-became = Devenue l’activité
proposal-comments = Commentaires
proposal-comment = Votre commentaire
proposal-comment-submit = Commenter
proposal-declined-subject = Votre proposition « { $title } » a été déclinée
proposal-declined-body = Bonjour,

    Le noyau de la communauté a décliné votre proposition « { $title } ».

    Raison : { $reason }

    La proposition : { $url }
activity-from-proposal = Issue de la proposition
proposal-became-action = Devenue l’action de plan
proposal-to-action = Accepter comme action d’un plan
proposal-objective = Objectif du plan
proposal-owner = Organisation responsable
proposal-due-on = Échéance
proposal-expected-result = Résultat attendu
