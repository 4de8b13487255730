//! One search over everything a member may look for: library resources (with the text of
//! their files), experience write-ups, questions and answers, activities, organisations and
//! people. Each area hands its records to [`index::put`] inside the transaction that writes
//! them, so the index never disagrees with the content. Terms are made in Rust
//! ([`analysis`]); each backend stores and ranks them its own way ([`index`]).

pub mod analysis;
pub mod index;
pub mod routes;

use crate::auth::CurrentUser;
use crate::community::Visibility;
use crate::db::{Conn, DbResult};
use crate::ids::{CommunityId, ThemeId};

/// What a search result is: a kind of record an area declares (with the path of its pages)
/// and registers through its [`Source`]. Stored in the index by its code; its label is the
/// locale key `search-kind-<code>`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Kind {
    code: &'static str,
    /// The path segment of the record's page under `/c/{slug}/`.
    path: &'static str,
}

impl Kind {
    pub const fn new(code: &'static str, path: &'static str) -> Kind {
        Kind { code, path }
    }

    pub fn code(self) -> &'static str {
        self.code
    }

    /// Every registered kind, in the order of the sources.
    pub fn all() -> &'static [Kind] {
        KINDS.get().map(Vec::as_slice).unwrap_or(&[])
    }

    /// The registered kind of this code.
    pub fn parse(s: &str) -> Option<Kind> {
        Kind::all().iter().copied().find(|k| k.code == s)
    }

    /// The page of a record of this kind, seen through community `slug`.
    pub fn url(self, slug: &str, id: i64) -> String {
        format!("/c/{slug}/{}/{id}", self.path)
    }
}

/// Who may find a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Audience {
    /// Anyone, signed in or not.
    Public,
    /// Any member of any community of the network.
    Network,
    /// Members of these communities only.
    Communities(Vec<CommunityId>),
}

impl Audience {
    /// The audience of a record published with `visibility` in a community; a public record
    /// of a private community stays inside it.
    pub fn of(
        visibility: Visibility,
        community_id: CommunityId,
        community_is_public: bool,
    ) -> Audience {
        match visibility {
            Visibility::Public if community_is_public => Audience::Public,
            Visibility::Public | Visibility::Network => Audience::Network,
            Visibility::Community => Audience::Communities(vec![community_id]),
        }
    }
}

/// A record as the index sees it.
#[derive(Clone, Debug)]
pub struct Doc {
    pub kind: Kind,
    pub id: i64,
    /// The community whose pages show it (the host, the publisher's).
    pub community_id: CommunityId,
    pub title: String,
    /// Plain text shown in results and indexed.
    pub body: String,
    /// More text that is indexed but not shown (a file's text, answers).
    pub more: String,
    pub audience: Audience,
    /// Every community it belongs to (for the community filter), the first one included.
    pub communities: Vec<CommunityId>,
    pub themes: Vec<ThemeId>,
    pub updated_at: i64,
}

impl Doc {
    /// The scope tags: kind, communities, themes and audience, as index tokens.
    pub fn tags(&self) -> String {
        let mut t = format!("k{}", self.kind.code());
        for c in &self.communities {
            t.push_str(&format!(" c{c}"));
        }
        for th in &self.themes {
            t.push_str(&format!(" t{th}"));
        }
        // A public record also carries the network's tag: a member's scope is then two
        // posting lists (the network's and their community's), not three.
        match &self.audience {
            Audience::Public => t.push_str(" vpub vnet"),
            Audience::Network => t.push_str(" vnet"),
            Audience::Communities(cs) => {
                for c in cs {
                    t.push_str(&format!(" vc{c}"));
                }
            }
        }
        t
    }
}

/// What a visitor may see: the audience tags a result must carry one of. `None`: everything
/// (platform administrators).
pub fn visible_tags(user: Option<&CurrentUser>) -> Option<Vec<String>> {
    match user {
        Some(u) if u.is_admin => None,
        Some(u) if !u.roles.is_empty() => {
            let mut tags = vec!["vnet".to_owned()];
            tags.extend(u.roles.iter().map(|(c, _)| format!("vc{c}")));
            Some(tags)
        }
        Some(_) => Some(vec!["vpub".to_owned()]),
        None => Some(vec!["vpub".to_owned()]),
    }
}

/// A search as asked.
#[derive(Clone, Debug, Default)]
pub struct Query {
    pub stems: Vec<String>,
    /// Audience tags, one of which a result must carry (`None`: no restriction).
    pub visible: Option<Vec<String>>,
    /// Kinds a result must be one of (empty: any).
    pub kinds: Vec<Kind>,
    pub theme: Option<ThemeId>,
    pub community: Option<CommunityId>,
}

/// One result, before highlighting.
#[derive(Clone, Debug)]
pub struct Hit {
    pub kind: Kind,
    pub id: i64,
    pub title: String,
    pub excerpt: String,
    pub updated_at: i64,
    pub community_slug: String,
    pub community_name: String,
}

impl Hit {
    pub fn url(&self) -> String {
        self.kind.url(&self.community_slug, self.id)
    }
}

/// Results are counted up to this many; past it the page says "more than".
pub const COUNT_CAP: i64 = index::WINDOW;

/// An area's records as the index sees them: the area registers one of these for each kind
/// it indexes (`app::SEARCH_SOURCES`), and the index walks them to rebuild itself. The index
/// knows no area.
pub struct Source {
    pub kind: Kind,
    /// Every record's id.
    pub all_ids: fn(&mut Conn) -> DbResult<Vec<i64>>,
    /// The records whose audience follows a community's public flags (`None`: none do).
    pub in_community: Option<IdsIn>,
    /// Puts a record's current state in the index, or takes it out.
    pub reindex: fn(&mut Conn, i64) -> DbResult<()>,
}

/// The ids of a source's records in one community.
pub type IdsIn = fn(&mut Conn, CommunityId) -> DbResult<Vec<i64>>;

static SOURCES: std::sync::OnceLock<&'static [Source]> = std::sync::OnceLock::new();
static KINDS: std::sync::OnceLock<Vec<Kind>> = std::sync::OnceLock::new();

/// Registers the areas' sources (the first call wins; the application makes it at start).
pub fn register(sources: &'static [Source]) {
    if SOURCES.set(sources).is_ok() {
        let _ = KINDS.set(sources.iter().map(|s| s.kind).collect());
    }
}

/// The registered sources. None registered is an error, never an empty index.
fn sources() -> DbResult<&'static [Source]> {
    SOURCES
        .get()
        .copied()
        .ok_or_else(|| crate::db::DbError::Other("no search sources registered".to_owned()))
}

/// Rebuilds the whole index from the records (after a migration that asks for it, or by
/// `kafo reindex`). Runs in the caller's transaction.
pub fn reindex_all(c: &mut Conn) -> DbResult<usize> {
    let sources = sources()?;
    index::clear(c)?;
    let mut n = 0;
    for source in sources {
        for id in (source.all_ids)(c)? {
            (source.reindex)(c, id)?;
            n += 1;
        }
    }
    Ok(n)
}

/// Re-indexes what a community's visibility decides (after its public flags changed).
pub fn reindex_community(c: &mut Conn, community_id: CommunityId) -> DbResult<()> {
    for source in sources()? {
        if let Some(in_community) = source.in_community {
            for id in in_community(c, community_id)? {
                (source.reindex)(c, id)?;
            }
        }
    }
    Ok(())
}

/// The vocabulary job of `kafo serve`: learns the index's common words at start and every half
/// hour (see `index::learn_common_words`).
pub async fn run_vocabulary(db: crate::db::Db) {
    loop {
        match db.run(|c| Ok(index::learn_common_words(c)?)).await {
            Ok(n) => tracing::debug!(common = n, "search vocabulary"),
            Err(e) => tracing::error!(error = %e, "search vocabulary"),
        }
        tokio::time::sleep(std::time::Duration::from_secs(1800)).await;
    }
}
