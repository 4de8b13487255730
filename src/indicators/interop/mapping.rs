//! Every SQL statement of interoperability: a community's DHIS2 mapping (its organisation
//! unit, each indicator's data element, each category's option combo) and its IATI
//! identifiers (migration 0015).

use crate::db::{Conn, DbResult};
use crate::ids::{CommunityId, IndicatorId, UserId};
use crate::indicators::Dimension;
use crate::params;

/// What an indicator is called in DHIS2.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DataElement {
    pub indicator_id: IndicatorId,
    pub data_element: String,
    pub attribute_option_combo: Option<String>,
    /// The disaggregation the data element's category combination follows; `None`: the
    /// total, under DHIS2's default combination.
    pub dimension: Option<Dimension>,
}

/// One category of a disaggregation and its DHIS2 category option combo.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OptionCombo {
    pub dimension: Dimension,
    pub category: String,
    pub option_combo: String,
}

/// A community's whole mapping, as stored (unset identifiers are `None`).
#[derive(Clone, Debug, Default)]
pub struct Mapping {
    pub org_unit: Option<String>,
    pub reporting_org: Option<String>,
    pub activity: Option<String>,
    pub elements: Vec<DataElement>,
    pub combos: Vec<OptionCombo>,
}

impl Mapping {
    pub fn element(&self, id: IndicatorId) -> Option<&DataElement> {
        self.elements.iter().find(|e| e.indicator_id == id)
    }

    pub fn combo(&self, d: Dimension, category: &str) -> Option<&str> {
        self.combos
            .iter()
            .find(|c| c.dimension == d && c.category == category)
            .map(|c| c.option_combo.as_str())
    }
}

/// The mapping of a community (only its own indicators' data elements).
pub fn get(c: &mut Conn, community: CommunityId) -> DbResult<Mapping> {
    let settings = c.query_opt(
        "SELECT dhis2_org_unit, iati_reporting_org, iati_activity FROM interop_settings
         WHERE community_id = $1",
        params![community],
        |r| {
            Ok((
                r.get("dhis2_org_unit")?,
                r.get("iati_reporting_org")?,
                r.get("iati_activity")?,
            ))
        },
    )?;
    let (org_unit, reporting_org, activity) = settings.unwrap_or((None, None, None));
    let elements = c.query(
        "SELECT e.indicator_id, e.data_element, e.attribute_option_combo, e.dimension
         FROM dhis2_data_elements e JOIN indicators i ON i.id = e.indicator_id
         WHERE i.community_id = $1 ORDER BY e.indicator_id",
        params![community],
        |r| {
            Ok(DataElement {
                indicator_id: r.get("indicator_id")?,
                data_element: r.get("data_element")?,
                attribute_option_combo: r.get("attribute_option_combo")?,
                dimension: r.get("dimension")?,
            })
        },
    )?;
    let combos = c.query(
        "SELECT dimension, category, option_combo FROM dhis2_option_combos
         WHERE community_id = $1 ORDER BY dimension, category",
        params![community],
        |r| {
            Ok(OptionCombo {
                dimension: r.get("dimension")?,
                category: r.get("category")?,
                option_combo: r.get("option_combo")?,
            })
        },
    )?;
    Ok(Mapping {
        org_unit,
        reporting_org,
        activity,
        elements,
        combos,
    })
}

/// Replaces the community's whole mapping with `m` (checked by the caller; every data
/// element's indicator belongs to the community).
pub fn save(
    c: &mut Conn,
    community: CommunityId,
    m: &Mapping,
    by: Option<UserId>,
    now: i64,
) -> DbResult<()> {
    c.execute(
        "INSERT INTO interop_settings (community_id, dhis2_org_unit, iati_reporting_org,
            iati_activity, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (community_id) DO UPDATE SET dhis2_org_unit = excluded.dhis2_org_unit,
            iati_reporting_org = excluded.iati_reporting_org,
            iati_activity = excluded.iati_activity, updated_by = excluded.updated_by,
            updated_at = excluded.updated_at",
        params![
            community,
            &m.org_unit,
            &m.reporting_org,
            &m.activity,
            by,
            now
        ],
    )?;
    c.execute(
        "DELETE FROM dhis2_data_elements WHERE indicator_id IN
            (SELECT id FROM indicators WHERE community_id = $1)",
        params![community],
    )?;
    for e in &m.elements {
        c.execute(
            "INSERT INTO dhis2_data_elements (indicator_id, data_element, attribute_option_combo,
                dimension)
             SELECT id, $2, $3, $4 FROM indicators WHERE id = $1 AND community_id = $5",
            params![
                e.indicator_id,
                &e.data_element,
                &e.attribute_option_combo,
                e.dimension,
                community
            ],
        )?;
    }
    c.execute(
        "DELETE FROM dhis2_option_combos WHERE community_id = $1",
        params![community],
    )?;
    for k in &m.combos {
        c.execute(
            "INSERT INTO dhis2_option_combos (community_id, dimension, category, option_combo)
             VALUES ($1, $2, $3, $4)",
            params![community, k.dimension, &k.category, &k.option_combo],
        )?;
    }
    Ok(())
}
