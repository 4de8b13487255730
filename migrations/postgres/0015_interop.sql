-- Interoperability: how a community's indicators are named in the systems that take them in.
-- DHIS2: the community's organisation unit, each indicator's data element (with an optional
-- attribute option combo, and the one disaggregation its data element's category combination
-- follows), and each (dimension, category) pair's category option combo; all are DHIS2 UIDs
-- (11 characters, a letter then letters or digits). IATI: the reporting organisation and the
-- activity identifier; unset, Kafo derives them from the community's slug.

CREATE TABLE interop_settings (
    community_id BIGINT PRIMARY KEY REFERENCES communities(id) ON DELETE CASCADE,
    dhis2_org_unit TEXT,
    iati_reporting_org TEXT,
    iati_activity TEXT,
    updated_by BIGINT REFERENCES users(id) ON DELETE SET NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE dhis2_data_elements (
    indicator_id BIGINT PRIMARY KEY REFERENCES indicators(id) ON DELETE CASCADE,
    data_element TEXT NOT NULL,
    attribute_option_combo TEXT,
    -- The disaggregation sent (NULL: the total, under DHIS2's default combination).
    dimension TEXT
);

CREATE TABLE dhis2_option_combos (
    community_id BIGINT NOT NULL REFERENCES communities(id) ON DELETE CASCADE,
    dimension TEXT NOT NULL,
    category TEXT NOT NULL,
    option_combo TEXT NOT NULL,
    PRIMARY KEY (community_id, dimension, category)
);
