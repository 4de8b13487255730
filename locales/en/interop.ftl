# Interoperability: DHIS2 and IATI exports and their mapping (src/indicators/interop/).
interop-title = Exchanges with DHIS2 and IATI
interop-intro = Indicator values go to DHIS2 (a dataValueSets JSON file) and to IATI (a 2.03 activity file). Here the coordinators say under which identifiers DHIS2 and IATI will receive them.
interop-link = Export to DHIS2 or IATI
interop-mapping-link = DHIS2 and IATI mapping
interop-dhis2-export = Download for DHIS2 (JSON)
interop-iati-export = Download for IATI (XML)
interop-dhis2 = DHIS2
interop-iati = IATI
interop-uid-hint = A DHIS2 identifier (UID) has 11 characters: a letter, then letters or digits, for example “fbfJHSPpUQD”. Leave empty what has no counterpart.
interop-org-unit = The community's organisation unit
interop-data-elements = Data elements
interop-indicator = Indicator
interop-data-element = Data element
interop-attribute-combo = Attribute option combo
interop-disaggregation = Disaggregation sent
interop-total = Total
interop-option-combos = Category option combos
interop-dimension = Disaggregation
interop-category = Category
interop-option-combo = Option combo
interop-iati-hint = IATI identifiers: a letter first, then letters, digits, “-”, “.” or “_”. Left empty, they are derived from the community's short name.
interop-reporting-org = Reporting organisation (default: { $default })
interop-activity = Activity identifier (default: { $default })
interop-save = Save the mapping
interop-unmapped = { $n ->
    [one] { $nf } indicator has no data element: it is left out of the DHIS2 export.
   *[other] { $nf } indicators have no data element: they are left out of the DHIS2 export.
}
interop-no-org-unit = Until the community's organisation unit is given, the DHIS2 export holds no value.
interop-bad-uid = A DHIS2 identifier has 11 characters: a letter, then letters or digits.
interop-bad-iati = An IATI identifier has 3 to 100 characters: a letter, then letters, digits, “-”, “.” or “_”.
interop-activity-prefix = The activity identifier must begin with the reporting organisation's, followed by “-”.
interop-not-carried = this indicator does not carry that disaggregation.
interop-element-required = an attribute combo needs a data element.
interop-row-error = { $what }: { $message }
interop-iati-title = Community of practice on women's rights, { $region }
interop-iati-description = Results of the community of practice on women's rights in { $region } ({ $name }), exported from Kafo.
audit-dhis2-exported = Exported the indicators for DHIS2
audit-iati-exported = Exported the indicators for IATI
audit-interop-mapped = Changed the DHIS2 and IATI mapping
