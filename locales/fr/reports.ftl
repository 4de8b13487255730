## Reach in the calendar's lists
calendar-reached-counted = { $n ->
    [one] { $nf } personne touchée
   *[other] { $nf } personnes touchées
}
calendar-reached-estimated = { $n ->
    [one] environ { $nf } personne touchée
   *[other] environ { $nf } personnes touchées
}

## The narrative report
report-title = { $name } — rapport de résultats
report-network-name = Réseau des communautés de pratique
report-period = Du { $from } au { $to }
report-made = Établi le { $date } par Kafo, à partir des enregistrements.
report-made-public = Version publique établie le { $date } par Kafo : seuls les enregistrements publics y figurent, et les effectifs de moins de cinq personnes n’y sont pas détaillés.
report-community = La communauté
report-leads = organisation lead : { $names }
report-accompanied = accompagnée par { $name }
report-network-communities = Les communautés du réseau
report-headline = Les résultats en bref
report-activities = Les résultats, activité par activité
report-no-activities = Aucune activité tenue sur la période.
report-more-activities = { $n ->
    [one] … et une autre activité, à voir dans le calendrier.
   *[other] … et { $nf } autres activités, à voir dans le calendrier.
}
report-participation = La participation de { $participants } participants ({ $women } femmes, { $men } hommes) de { $organisations } organisations
report-reached-counted = { $n } personnes touchées : { $audience } (comptage)
report-reached-estimated = Environ { $n } personnes touchées : { $audience } (estimation)
report-organisations-sensitised = La sensibilisation de { $n } organisations
report-decision = Décision : { $text }
report-no-figures = Pas de chiffres enregistrés.
report-plans = Plans et engagements
report-from-to = du { $from } au { $to }
report-plan-progress = { $done } actions réalisées sur { $actions } ; avancement moyen : { $progress } %.
report-col-action = Action
report-col-organisation = Organisation
report-col-due = Échéance
report-col-status = État
report-col-progress = Avancement
report-commitments = Les engagements
report-col-commitment = Engagement
report-col-kept = Appréciation
report-not-assessed = pas encore apprécié
report-effects = Les effets
report-bad-period = La fin de la période vient avant son début.
report-form-title = Rapport de résultats
report-form-intro = Kafo écrit le rapport de la période à partir des enregistrements : la communauté, ses résultats activité par activité, ses plans, ses engagements et ses indicateurs.
report-form-public = Vous obtiendrez la version publique : seuls les enregistrements publics y figurent.
report-from = Du
report-to = Au
report-language = Langue du rapport
report-format = Format
report-format-pdf = PDF (à imprimer ou envoyer)
report-format-docx = Word (DOCX, modifiable)
report-download = Télécharger le rapport
report-one-click = Rapport depuis la création (PDF)
report-other = Autre période ou format…
