//! The DHIS2 `dataValueSets` document: one data value per mapped indicator and period (the
//! total under DHIS2's default category option combo), or one per mapped category when the
//! indicator's data element follows a disaggregation. DHIS2 sums the categories itself, so a
//! disaggregated indicator never sends its total as well: DHIS2 would refuse a combo that is
//! not in the data element's category combination.

use serde::Serialize;

use super::mapping::Mapping;
use super::{Exported, dhis2_period};

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct DataValue {
    pub data_element: String,
    pub period: String,
    pub org_unit: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub category_option_combo: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub attribute_option_combo: Option<String>,
    pub value: String,
    pub comment: String,
}

#[derive(Serialize, Debug)]
#[serde(rename_all = "camelCase")]
pub struct DataValueSet {
    pub data_values: Vec<DataValue>,
}

/// The document, and the codes of the indicators it leaves out for want of a mapping
/// (a data element, or the community's organisation unit).
pub fn data_value_set(indicators: &[Exported], m: &Mapping) -> (DataValueSet, Vec<String>) {
    let mut values = Vec::new();
    let mut unmapped = Vec::new();
    for x in indicators {
        let i = &x.series.indicator;
        let (Some(org_unit), Some(e)) = (m.org_unit.as_deref(), m.element(i.id)) else {
            unmapped.push(i.code.clone());
            continue;
        };
        // The disaggregation is sent only while the indicator still carries it.
        let by = e.dimension.filter(|d| i.dimensions.contains(d));
        for f in &x.periods {
            let comment = match &f.evidence {
                Some(ev) => format!("Kafo {} — {ev}", i.code),
                None => format!("Kafo {}", i.code),
            };
            let value = |n: i64, combo: Option<&str>| DataValue {
                data_element: e.data_element.clone(),
                period: dhis2_period(&f.period),
                org_unit: org_unit.to_owned(),
                category_option_combo: combo.map(str::to_owned),
                attribute_option_combo: e.attribute_option_combo.clone(),
                value: n.to_string(),
                comment: comment.clone(),
            };
            match by {
                None => {
                    if let Some(n) = f.value {
                        values.push(value(n, None));
                    }
                }
                Some(d) => {
                    for (dim, cat, n) in &f.breakdown {
                        if *dim != d {
                            continue;
                        }
                        if let Some(combo) = m.combo(d, cat) {
                            values.push(value(*n, Some(combo)));
                        }
                    }
                }
            }
        }
    }
    (
        DataValueSet {
            data_values: values,
        },
        unmapped,
    )
}
