# Accounts: the directory person an account is linked to.

account-person = Personne de l’annuaire
account-no-person = Ce compte n’est lié à aucune personne de l’annuaire.
users-person-search = Chercher une personne de l’annuaire par son nom
users-person-find = Chercher
users-person-none = Aucune personne de l’annuaire ne correspond à ce nom.
users-person-matches = { $n ->
    [one] { $nf } personne trouvée
   *[other] { $nf } personnes trouvées
}
users-person-refine = Seules les premières sont montrées : précisez le nom.
users-person-linked-to = déjà liée au compte « { $name } »
users-person-link = Lier le compte à cette personne
users-person-clear = Retirer le lien avec cette personne
users-person-required = Choisissez une personne dans la liste.
users-person-taken = Cette personne est déjà liée au compte « { $name } » ; retirez d’abord ce lien.
