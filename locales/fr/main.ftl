# Kafo — français (langue par défaut)

nav-home = Accueil
nav-admin = Administration
nav-login = Se connecter
nav-logout = Se déconnecter
nav-language = Langue
nav-themes = Thèmes
footer-tagline = Kafo, l’association des pairs : communautés de pratique pour les droits des femmes et des filles

month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre
first-of-month = 1er

participants = { $n ->
    [one] { $nf } participant
   *[other] { $nf } participants
}
org-count = { $n ->
    [one] { $nf } organisation membre
   *[other] { $nf } organisations membres
}
people-count = { $n ->
    [one] { $nf } personne
   *[other] { $nf } personnes
}
users-count = { $n ->
    [one] { $nf } compte
   *[other] { $nf } comptes
}

save = Enregistrer
saved = Modifications enregistrées.
create = Créer
edit = Modifier
list-empty = Aucun résultat.
filter-search = Rechercher
filter-apply = Filtrer
filter-all = Tous
pager-prev = Précédent
pager-next = Suivant
pager-position = Page { $page } sur { $pages }
hint-one-per-line = Un élément par ligne.

error-title = Oups
error-not-found = Cette page n’existe pas, ou vous n’y avez pas accès.
error-forbidden = Votre rôle ne permet pas cette action.
error-login-required = Connectez-vous pour continuer.
error-bad-request = La demande n’a pas pu être lue. Vérifiez le formulaire et réessayez.
error-csrf = Le formulaire a expiré ou ne vient pas de Kafo. Rechargez la page et réessayez.
error-too-large = L’envoi est trop volumineux (un fichier fait 20 Mo au plus) : rien n’a été enregistré.
error-internal = Une erreur est survenue de notre côté. Rien n’a été enregistré ; réessayez dans un instant.

form-has-errors = Le formulaire contient des erreurs ; rien n’a été enregistré.
form-required = Ce champ est obligatoire.
form-too-long = { $n ->
    [one] Trop long : { $nf } caractère au plus.
   *[other] Trop long : { $nf } caractères au plus.
}
form-bad-email = Adresse e-mail invalide.
form-bad-date = Date invalide (entre 1960 et 2100, au format AAAA-MM-JJ).
form-date-future = Cette date ne peut pas être dans le futur.
form-end-before-start = La date de fin est avant la date de début.
form-bad-choice = Choix invalide.
form-bad-phone = Numéro de téléphone invalide.
form-bad-url = L’adresse doit commencer par https:// ou http://.

field-name = Nom
field-email = Adresse e-mail
field-password = Mot de passe
field-language = Langue
field-community = Communauté
field-role = Rôle
field-slug = Identifiant dans l’adresse (ex. : segou)
field-region = Région
field-founded = Date de création
field-project = Projet
field-description = Description
field-acronym = Sigle
field-kind = Type
field-commune = Commune
field-phone = Téléphone
field-website = Site web
field-since = Depuis le
field-until = Jusqu’au
field-theme = Thème
field-themes = Thèmes
field-expertise-themes = Thèmes d’expertise
field-expertise = Expertise
field-sex = Sexe
field-organisation = Organisation
field-function = Fonction

login-title = Connexion
login-submit = Se connecter
login-failed = Adresse e-mail ou mot de passe incorrect.

account-title = Mon compte
account-roles = Rôles
account-platform-admin = Administratrice ou administrateur de la plateforme
account-no-role = Aucun rôle dans une communauté.
account-password = Changer de mot de passe
account-current-password = Mot de passe actuel
account-new-password = Nouveau mot de passe (10 caractères au moins)
account-confirm-password = Confirmer le mot de passe
account-wrong-password = Mot de passe actuel incorrect.
account-password-short = Le mot de passe doit compter au moins 10 caractères.
account-password-mismatch = Les deux mots de passe ne correspondent pas.
account-email-taken = Un compte existe déjà avec cette adresse.
account-cannot-disable-self = Vous ne pouvez pas désactiver votre propre compte.

users-title = Comptes
users-new = Nouveau compte
users-first-role = Rôle dans une communauté (facultatif)
users-disabled = désactivé
users-set-role = Attribuer le rôle
users-no-role = Retirer le rôle
users-disable = Désactiver le compte
users-enable = Réactiver le compte

role-coordinator = Coordination
role-core = Membre du noyau
role-member = Membre
role-expert = Experte ou expert
role-observer = Observatrice ou observateur

home-title = Communautés de pratique
home-intro = Des ONG, des services de l’État et des expertes qui partagent problèmes, expériences, outils et bonnes pratiques pour défendre les droits des femmes et des filles.
home-none = Aucune communauté publique pour le moment.

community-region = Région de { $region }
community-founded = créée en { $date }
community-since = depuis { $date }
community-project = projet { $project }
community-lead = Organisation lead
community-accompanied = Accompagnée par
community-edit = Modifier la communauté
community-new = Nouvelle communauté
community-objectives = Objectifs
community-ways = Mode de fonctionnement
community-members = Organisations membres
community-directory = Tout l’annuaire des organisations
community-directory-private = L’annuaire de cette communauté est réservé à ses membres.
community-links = Communautés sœurs
community-private = privée
community-is-public = Page publique (visible sans connexion)
community-directory-public = Liste des organisations membres publique
community-bad-slug = Identifiant invalide : lettres, chiffres et tirets, 60 caractères au plus.
community-slug-taken = Une communauté utilise déjà cet identifiant.
community-bad-link = Choisissez deux communautés différentes.
community-link-exists = Ces deux communautés sont déjà liées.

admin-communities = Communautés
admin-link-title = Lier deux communautés
admin-link-a = Communauté
admin-link-b = Communauté sœur
admin-link-submit = Créer le lien

orgs-title = Organisations membres
orgs-new = Nouvelle organisation
org-contact = Contact
org-name-taken = Une organisation porte déjà ce nom.
org-kind-ngo = ONG
org-kind-association = Association
org-kind-network = Réseau
org-kind-state_service = Service de l’État
org-kind-media = Média
org-kind-community_group = Groupement communautaire
org-kind-technical_partner = Partenaire technique ou financier
org-kind-other = Autre

member-role-lead = Organisation lead
member-role-core = Noyau
member-role-member = Membre
member-role-partner = Partenaire
member-since = membre depuis le { $date }
member-until = jusqu’au { $date }
member-in = Adhésion à { $community }
member-already = Cette organisation est déjà membre de la communauté.
members-add = Ajouter une organisation existante
members-add-help = Cherchez une organisation déjà enregistrée dans Kafo (par exemple membre d’une communauté sœur) pour l’ajouter à cette communauté.
members-add-submit = Ajouter
members-remove = Retirer de la communauté

people-title = Personnes
people-new = Nouvelle personne
people-privacy-note = N’enregistrez ici que des personnes actives dans la communauté. Jamais de survivantes, ni de détails de cas.
person-duplicate = Cette personne est déjà enregistrée dans cette organisation.
person-org-not-member = Cette organisation n’est pas membre de la communauté.
person-role-member = Membre
person-role-focal_point = Point focal
person-role-core = Membre du noyau
person-role-expert = Experte ou expert
sex-F = Femme
sex-M = Homme

theme-new = Nouveau thème
theme-name-fr = Nom en français
theme-name-en = Nom en anglais
theme-name-bm = Nom en bambara
theme-exists = Ce thème existe déjà.

calendar-title = Calendrier des activités
calendar-upcoming = À venir
calendar-past = Passées
calendar-feed = S’abonner au calendrier (.ics)
activity-count = { $n ->
    [one] { $nf } activité
   *[other] { $nf } activités
}
activity-new = Planifier une activité
activity-cancelled = Annulée
activity-online = en ligne
activity-host = Organisée par
activity-guests = Communautés invitées
activity-is-public = Visible par le public (sinon par les membres seulement)
activity-add-to-calendar = Ajouter à mon calendrier (.ics)
activity-plan-again = Planifier la suivante (6 mois plus tard)
activity-cancel = Annuler l’activité
activity-restore = Rétablir l’activité
activity-time-zone = Heure du Mali (UTC+0).
activity-too-long = Une activité dure au plus un an.
activity-webinar-needs-link = Un webinaire a besoin d’un lien de connexion.
activity-exchange-needs-guest = Une visite d’échange a au moins une communauté invitée.
activity-kind-semi_annual = Rencontre semestrielle
activity-kind-core_group = Réunion du noyau
activity-kind-consultation = Cadre de concertation
activity-kind-expert_talk = Exposé d’expert
activity-kind-experience_sharing = Partage d’expériences
activity-kind-exchange_visit = Visite d’échange
activity-kind-webinar = Webinaire
activity-kind-awareness_campaign = Campagne de sensibilisation
field-title = Titre
field-starts-at = Début
field-ends-at = Fin
field-place = Lieu
field-online-url = Lien de connexion
field-agenda = Ordre du jour
field-speakers = Intervenantes et intervenants
field-age-band = Tranche d’âge
form-bad-datetime = Date et heure invalides (AAAA-MM-JJ HH:MM, entre 2000 et 2100).

figures-title = En chiffres
figures-women = { $n ->
    [one] { $nf } femme
   *[other] { $nf } femmes
}
figures-men = { $n ->
    [one] { $nf } homme
   *[other] { $nf } hommes
}
figures-organisations = { $n ->
    [one] { $nf } organisation représentée
   *[other] { $nf } organisations représentées
}

attendance-title = Feuille de présence
attendance-add = Ajouter une personne présente
attendance-add-submit = Ajouter
attendance-member = Personne de l’annuaire
attendance-walk-in = Autre personne (non inscrite)
attendance-other-org = Autre organisation (nom)
attendance-list = Personnes présentes
attendance-remove = retirer
attendance-duplicate = Cette personne est déjà sur la feuille de présence.
age-band-under_18 = moins de 18 ans
age-band-18_24 = 18 à 24 ans
age-band-25_34 = 25 à 34 ans
age-band-35_49 = 35 à 49 ans
age-band-50_plus = 50 ans et plus

reach-title = Publics touchés
reach-audience = Public
reach-count = Nombre
reach-estimated = Nombre estimé (sinon compté)
reach-about = environ
reach-bad-count = Nombre invalide : un entier positif ou nul.
audience-participants = Participantes et participants
audience-festival_goers = Festivaliers
audience-pupils = Scolaires
audience-organisations = Organisations sensibilisées
audience-women = Femmes
audience-men = Hommes
audience-community_members = Membres de la communauté
audience-listeners = Auditrices et auditeurs

minutes-title = Compte rendu
minutes-none = Pas encore de compte rendu.
minutes-edit = Rédiger le compte rendu
minutes-markdown = Mise en forme simple : **gras**, listes avec « - », titres avec « # ».
decisions-title = Décisions
decisions-new = Nouvelle décision
actions-title = Actions de suivi
actions-new = Nouvelle action
action-owner = Organisation responsable
action-due-on = Échéance
action-due = pour le { $date }
action-status = Statut
action-status-open = À faire
action-status-in_progress = En cours
action-status-done = Fait
actions-open-title = Actions de suivi en cours

invite-title = Invitations
invite-audience = Inviter
invite-audience-community = les membres de la communauté organisatrice
invite-audience-core = la coordination et le noyau seulement
invite-audience-all = les membres de toutes les communautés participantes
invite-submit = Envoyer les invitations
invite-sent = { $n ->
    [one] { $nf } invitation envoyée.
   *[other] { $nf } invitations envoyées.
}
invite-none = Personne n’est encore invité.
rsvp-title = Votre réponse
rsvp-yes = Je viendrai
rsvp-no = Je ne viendrai pas
rsvp-maybe = Peut-être
rsvp-current = Votre réponse : { $answer }
rsvp-none = sans réponse
rsvp-counts = Oui : { $yes } · Non : { $no } · Peut-être : { $maybe } · Sans réponse : { $none }
response-yes = oui
response-no = non
response-maybe = peut-être
mail-invite-subject = Invitation : { $title }
mail-change-subject = Modification : { $title }
mail-cancel-subject = Annulation : { $title }
mail-intro-invite = Vous êtes invitée ou invité à cette activité de la communauté de pratique.
mail-intro-change = Cette activité, à laquelle vous êtes invitée ou invité, a changé.
mail-intro-cancel = Cette activité, à laquelle vous étiez invitée ou invité, est annulée.
mail-when = Quand : { $when }
mail-where = Où : { $where }
mail-answer = Répondre et voir les détails : { $url }
mail-calendar = Ajouter à votre calendrier : { $url }
mail-footer = Kafo — communautés de pratique pour les droits des femmes et des filles
sheet-download = Imprimer la feuille de présence à signer (PDF)
sheet-col-number = N°
sheet-col-name = Nom et prénom
sheet-col-sex = F / H
sheet-col-organisation = Organisation
sheet-col-commune = Commune
sheet-col-phone = Téléphone
sheet-col-signature = Signature
sheet-note = Les informations de cette feuille servent au suivi des activités de la communauté ; elles ne sont pas diffusées.
photos-title = Photos
photos-none = Pas de photo.
photo-add = Ajouter une photo
photo-file = Photo (JPEG, PNG ou WebP, 12 Mo au plus)
photo-caption = Légende
photo-consent = Les personnes sur la photo
photo-consent-no_one_recognisable = Personne n’est reconnaissable (un mur, un lieu, une foule de dos)
photo-consent-consent_noted = Les personnes reconnaissables ont donné leur accord, et il est noté
photo-upload = Envoyer
photo-remove = retirer
photo-not-an-image = Ce fichier n’est pas une photo (JPEG, PNG ou WebP) : rien n’a été enregistré.
photo-too-large = La photo dépasse 12 Mo : rien n’a été enregistré.
photo-consent-required = Indiquez si des personnes sont reconnaissables et si leur accord est noté : rien n’a été enregistré.
photo-missing = Choisissez une photo : rien n’a été enregistré.
invite-chosen = Inviter des organisations ou des personnes choisies
invite-chosen-orgs = Les personnes de ces organisations
invite-chosen-people = Ces personnes

## Knowledge and exchange
nav-search = Rechercher
nav-expertise = Qui sait ?
field-link = Lien (adresse web)
field-visibility = Qui peut voir
hint-markdown = Mise en forme simple : **gras**, listes avec « - », liens [texte](https://…).
published-by = Publié par { $name }
asked-by = Question de { $name }
visibility-public = Tout le monde
visibility-network = Les membres du réseau (toutes les communautés)
visibility-community = Les membres de cette communauté seulement
language-fr = Français
language-bm = Bambara
language-en = Anglais
library-title = Bibliothèque
library-new = Publier une ressource
library-has-link = lien
library-download = Télécharger
library-open-link = Ouvrir le lien
library-delete = Retirer cette ressource
library-file = Fichier
library-file-hint = PDF, Word (DOCX), Excel (XLSX), OpenDocument, image ou son ; { $mb } Mo au plus.
library-file-again = Pour joindre un fichier, choisissez-le à nouveau : il n’a pas été gardé.
library-remove-file = Retirer le fichier « { $name } »
library-file-label = { $kind }, { $size } Ko
library-needs-content = Joignez un fichier, un lien ou un texte : une ressource vide n’aide personne.
resource-kind-tool = Outil
resource-kind-model = Modèle
resource-kind-practice = Bonne pratique
resource-kind-guide = Guide
resource-kind-legal = Texte juridique
resource-kind-report = Rapport
resource-kind-template = Modèle de document
resource-count = { $n ->
    [one] { $nf } ressource
   *[other] { $nf } ressources
}
upload-empty = Le fichier est vide : rien n’a été enregistré.
upload-too-large = Le fichier dépasse 20 Mo : rien n’a été enregistré.
upload-not-allowed = Ce type de fichier n’est pas accepté (seuls PDF, DOCX, XLSX, ODT, ODS, PPTX, images et sons le sont) : rien n’a été enregistré.
upload-damaged = Le fichier semble abîmé et ne peut pas être ouvert : rien n’a été enregistré.
experiences-title = Partages d’expérience
experience-new = Partager une expérience
experience-organisation = Organisation qui l’a menée
experience-context = Contexte
experience-context-hint = Le problème de départ, le lieu, les personnes concernées.
experience-actions = Ce que nous avons fait
experience-actions-hint = Les étapes, les moyens, les partenaires.
experience-results = Résultats
experience-lessons = Leçons apprises
experience-contacts = Contacts
experience-contacts-hint = Qui joindre pour en savoir plus (service, fonction) ; pas de données sur les survivantes.
experience-activity = Présentée lors de l’activité
experience-presented-at = Présentée lors de :
experience-count = { $n ->
    [one] { $nf } expérience
   *[other] { $nf } expériences
}
questions-title = Questions et solutions
question-new = Poser une question
question-intro = Décrivez le problème : d’autres organisations l’ont peut-être déjà résolu.
question-title-field = Votre question en une phrase
question-body = Détails
question-submit = Publier la question
question-state = État
question-state-open = En attente de solution
question-state-solved = Résolue
question-count = { $n ->
    [one] { $nf } question
   *[other] { $nf } questions
}
answer-count = { $n ->
    [0] Pas encore de réponse
    [one] { $nf } réponse
   *[other] { $nf } réponses
}
answer-new = Votre réponse
answer-body = Réponse
answer-submit = Répondre
answer-edit = Améliorer la réponse
answer-improve = améliorer
answer-edited = modifiée
answer-solution = Cette réponse a résolu le problème
answer-mark = C’est la solution
answer-unmark = Ce n’est plus la solution
moderation = Modération
moderation-action = Action
moderation-reason = Raison (gardée au journal)
moderation-apply = Appliquer
moderation-hide = Masquer
moderation-show = Rendre visible
moderation-lock = Fermer aux réponses
moderation-unlock = Rouvrir aux réponses
moderation-hidden = Masquée par la coordination
moderation-locked = fermée
moderation-locked-long = Cette question est fermée aux nouvelles réponses
search-title = Rechercher
search-words = Mots
search-hint = Cherchez un outil, un modèle de convention, une question déjà résolue, une activité, une organisation : les accents et les pluriels ne comptent pas.
search-none = Rien trouvé. Essayez moins de mots ou un autre mot.
search-count = { $n ->
    [one] { $nf } résultat
   *[other] { $nf } résultats
}
search-count-more = Plus de { $nf } résultats : ajoutez un mot ou un filtre.
search-kind-resource = Ressource
search-kind-experience = Expérience
search-kind-question = Question
search-kind-activity = Activité
search-kind-organisation = Organisation
search-kind-person = Personne
expertise-title = Qui sait ?
expertise-intro = Trouvez les organisations et les personnes qui connaissent un thème ou un sujet.
follow-title = Thèmes suivis et résumé par e-mail
follow-intro = Recevez par e-mail les nouvelles ressources, expériences et questions des thèmes que vous suivez.
follow-digest = Fréquence du résumé
digest-none = Jamais
digest-daily = Chaque jour
digest-weekly = Chaque semaine
follow-saved = Vos choix sont enregistrés.
digest-subject = { $n ->
    [one] Kafo : { $nf } nouveauté dans vos thèmes
   *[other] Kafo : { $nf } nouveautés dans vos thèmes
}
digest-intro = Voici ce qui est nouveau dans les thèmes que vous suivez :
digest-settings = Changer vos thèmes ou la fréquence : { $url }
community-library = Bibliothèque
community-experiences = Expériences
community-questions = Questions

# Recurring activities
activity-series = Série
field-repeat = Répéter
field-occurrences = Nombre de séances
activity-series-hint = Chaque séance devient une activité à part, avec ses propres présences et son compte rendu.
activity-series-count = Indiquez entre 2 et 12 séances.
activity-series-position = Séance { $at } sur { $of } de la série
recurrence-once = Une seule fois
recurrence-quarterly = Tous les trois mois
recurrence-semi_annual = Tous les six mois
recurrence-annual = Chaque année
