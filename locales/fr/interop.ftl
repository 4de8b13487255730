# Interoperability: DHIS2 and IATI exports and their mapping (src/indicators/interop/).
interop-title = Échanges avec DHIS2 et IATI
interop-intro = Les valeurs des indicateurs partent vers DHIS2 (fichier dataValueSets JSON) et vers IATI (fichier d’activité 2.03). Ici, la coordination indique sous quels identifiants DHIS2 et IATI les recevront.
interop-link = Exporter vers DHIS2 ou IATI
interop-mapping-link = Correspondances DHIS2 et IATI
interop-dhis2-export = Télécharger pour DHIS2 (JSON)
interop-iati-export = Télécharger pour IATI (XML)
interop-dhis2 = DHIS2
interop-iati = IATI
interop-uid-hint = Un identifiant DHIS2 (UID) compte 11 caractères : une lettre, puis des lettres ou des chiffres, par exemple « fbfJHSPpUQD ». Laissez vide ce qui n’a pas d’équivalent.
interop-org-unit = Unité d’organisation de la communauté
interop-data-elements = Éléments de données
interop-indicator = Indicateur
interop-data-element = Élément de données
interop-attribute-combo = Combinaison d’options d’attribut
interop-disaggregation = Ventilation envoyée
interop-total = Total
interop-option-combos = Combinaisons d’options de catégorie
interop-dimension = Ventilation
interop-category = Catégorie
interop-option-combo = Combinaison d’options
interop-iati-hint = Identifiants IATI : une lettre d’abord, puis lettres, chiffres, « - », « . » ou « _ ». Laissés vides, ils sont tirés du nom court de la communauté.
interop-reporting-org = Organisation déclarante (par défaut : { $default })
interop-activity = Identifiant de l’activité (par défaut : { $default })
interop-save = Enregistrer les correspondances
interop-unmapped = { $n ->
    [one] { $nf } indicateur n’a pas d’élément de données : il est laissé hors de l’export DHIS2.
   *[other] { $nf } indicateurs n’ont pas d’élément de données : ils sont laissés hors de l’export DHIS2.
}
interop-no-org-unit = Tant que l’unité d’organisation de la communauté n’est pas indiquée, l’export DHIS2 ne contient aucune valeur.
interop-bad-uid = Un identifiant DHIS2 compte 11 caractères : une lettre, puis des lettres ou des chiffres.
interop-bad-iati = Un identifiant IATI compte de 3 à 100 caractères : une lettre, puis des lettres, des chiffres, « - », « . » ou « _ ».
interop-activity-prefix = L’identifiant de l’activité doit commencer par celui de l’organisation déclarante, suivi de « - ».
interop-not-carried = cet indicateur ne porte pas cette ventilation.
interop-element-required = une combinaison d’attribut demande un élément de données.
interop-row-error = { $what } : { $message }
interop-iati-title = { $name }
interop-iati-description = Résultats de la communauté de pratique sur les droits des femmes de la région de { $region } ({ $name }), exportés de Kafo.
audit-dhis2-exported = A exporté les indicateurs pour DHIS2
audit-iati-exported = A exporté les indicateurs pour IATI
audit-interop-mapped = A changé les correspondances DHIS2 et IATI
