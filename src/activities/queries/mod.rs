//! Activity queries. Reads and writes take the community the user acts in: an activity is
//! found only through its host or one of its guest communities. One file per concern; every
//! function is reachable as `queries::name`.

mod activity;
mod attendance;
mod calendar;
mod invitations;
mod outcomes;
mod photos;
mod search;

pub use activity::{ActivityFields, activity_in, create, create_series, set_cancelled, update};
pub use attendance::{
    AttendeeFields, add_attendee, attendees, expected, figures, people_to_pick, remove_attendee,
    set_reach,
};
pub use calendar::{CalendarFilter, calendar, feed};
pub use invitations::{
    Chosen, Invitee, accounts_in, invite_audience, invitees, respond, response_of,
};
pub use outcomes::{
    ActionFields, actions_of, add_action, add_decision, decisions, open_actions_of_org,
    set_action_status, set_minutes,
};
pub use photos::{NewPhoto, PhotoRow, add_photo, photo_bytes, photos_of, remove_photo};
pub use search::{SEARCH, all_ids, reindex, search_doc};

/// Condition: the activity `a` involves community `$1` (as host or guest).
const INVOLVES: &str = "(a.community_id = $1 OR EXISTS (SELECT 1 FROM activity_guests g \
     WHERE g.activity_id = a.id AND g.community_id = $1))";
