//! Languages: Fluent messages compiled in from `locales/`, CLDR plurals, and the number and
//! date formats Fluent leaves to us (French groups digits with a narrow no-break space).

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, static_loader};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::LazyLock;

static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "fr",
        // Unicode isolation marks would show up inside HTML attributes and URLs.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Locale {
    #[default]
    Fr = 0,
    En = 1,
    Bm = 2,
}

type Plain = std::sync::RwLock<HashMap<String, &'static str>>;

/// Formatted messages without arguments, one map per locale (indexed by `Locale as usize`).
static PLAIN: LazyLock<[Plain; 3]> = LazyLock::new(Default::default);

type Counted = std::sync::RwLock<HashMap<String, HashMap<i64, String>>>;

/// Formatted counted messages, by key and number, one map per locale.
static COUNTED: LazyLock<[Counted; 3]> = LazyLock::new(Default::default);

type WithArg = std::sync::RwLock<HashMap<String, HashMap<String, String>>>;

/// Formatted one-argument messages, by key and argument, one map per locale.
static WITH_ARG: LazyLock<[WithArg; 3]> = LazyLock::new(Default::default);

static FR: LazyLock<LanguageIdentifier> = LazyLock::new(|| langid("fr"));
static EN: LazyLock<LanguageIdentifier> = LazyLock::new(|| langid("en"));
static BM: LazyLock<LanguageIdentifier> = LazyLock::new(|| langid("bm"));

fn langid(code: &str) -> LanguageIdentifier {
    code.parse().unwrap_or_default()
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::Fr, Locale::En, Locale::Bm];

    pub fn code(self) -> &'static str {
        match self {
            Locale::Fr => "fr",
            Locale::En => "en",
            Locale::Bm => "bm",
        }
    }

    /// The language's own name, shown in the language switch.
    pub fn native_name(self) -> &'static str {
        match self {
            Locale::Fr => "Français",
            Locale::En => "English",
            Locale::Bm => "Bamanankan",
        }
    }

    pub fn parse(s: &str) -> Option<Locale> {
        match s.trim().get(..2)?.to_ascii_lowercase().as_str() {
            "fr" => Some(Locale::Fr),
            "en" => Some(Locale::En),
            "bm" => Some(Locale::Bm),
            _ => None,
        }
    }

    /// The first supported language of an `Accept-Language` header.
    pub fn from_accept_language(header: &str) -> Option<Locale> {
        header
            .split(',')
            .filter_map(|part| Locale::parse(part.split(';').next().unwrap_or("")))
            .next()
    }

    fn id(self) -> &'static LanguageIdentifier {
        match self {
            Locale::Fr => &FR,
            Locale::En => &EN,
            Locale::Bm => &BM,
        }
    }
}

/// A translator for one request, handed to every template.
#[derive(Clone, Copy, Debug, Default)]
pub struct Tr {
    pub locale: Locale,
}

impl Tr {
    pub fn new(locale: Locale) -> Self {
        Tr { locale }
    }

    pub fn lang(&self) -> &'static str {
        self.locale.code()
    }

    /// The message `key`, falling back to French, then to the key itself.
    ///
    /// A message without arguments is formatted once and kept: pages show dozens of them,
    /// and formatting through Fluent each time cost more than the page's queries.
    pub fn t(&self, key: &str) -> Cow<'static, str> {
        let cache = &PLAIN[self.locale as usize];
        if let Some(v) = cache.read().ok().and_then(|m| m.get(key).copied()) {
            return Cow::Borrowed(v);
        }
        let found = LOCALES
            .try_lookup(self.locale.id(), key)
            .or_else(|| LOCALES.try_lookup(&FR, key));
        match found {
            // Only keys that exist are kept, so the cache is bounded by the locale files.
            Some(text) => {
                let text: &'static str = Box::leak(text.into_boxed_str());
                if let Ok(mut m) = cache.write() {
                    m.insert(key.to_owned(), text);
                }
                Cow::Borrowed(text)
            }
            None => Cow::Owned(key.to_owned()),
        }
    }

    /// A message with named string arguments.
    pub fn t_args(&self, key: &str, args: &[(&'static str, String)]) -> String {
        let map: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(k, v)| (Cow::Borrowed(*k), FluentValue::from(v.clone())))
            .collect();
        self.lookup_map(key, &map)
    }

    /// A message with one string argument. Lists repeat the same few (a region, a month):
    /// what was formatted is kept, up to a bound.
    pub fn t1(&self, key: &str, name: &'static str, value: &str) -> String {
        let cache = &WITH_ARG[self.locale as usize];
        if let Some(v) = cache
            .read()
            .ok()
            .and_then(|m| m.get(key).and_then(|by| by.get(value).cloned()))
        {
            return v;
        }
        let text = self.t_args(key, &[(name, value.to_owned())]);
        if let Ok(mut m) = cache.write() {
            let by = m.entry(key.to_owned()).or_default();
            if by.len() < 10_000 {
                by.insert(value.to_owned(), text.clone());
            }
        }
        text
    }

    /// A message with two string arguments.
    pub fn t2(
        &self,
        key: &str,
        n1: &'static str,
        v1: String,
        n2: &'static str,
        v2: String,
    ) -> String {
        self.t_args(key, &[(n1, v1), (n2, v2)])
    }

    /// A counted message: `$n` selects the CLDR plural form, `$nf` is the number as written
    /// in the language ("2 000" in French, "2,000" in English).
    pub fn count(&self, key: &str, n: impl Integer) -> String {
        let n = n.as_i64();
        // Lists repeat the same few counts: keep what was formatted, up to a bound.
        let cache = &COUNTED[self.locale as usize];
        if let Some(v) = cache
            .read()
            .ok()
            .and_then(|m| m.get(key).and_then(|by_n| by_n.get(&n).cloned()))
        {
            return v;
        }
        let text = self.count_uncached(key, n);
        if let Ok(mut m) = cache.write() {
            let by_n = m.entry(key.to_owned()).or_default();
            if by_n.len() < 10_000 {
                by_n.insert(n, text.clone());
            }
        }
        text
    }

    fn count_uncached(&self, key: &str, n: i64) -> String {
        let mut map: HashMap<Cow<'static, str>, FluentValue> = HashMap::with_capacity(2);
        map.insert(Cow::Borrowed("n"), FluentValue::from(n));
        map.insert(Cow::Borrowed("nf"), FluentValue::from(self.num(n)));
        self.lookup_map(key, &map)
    }

    fn lookup_map(&self, key: &str, map: &HashMap<Cow<'static, str>, FluentValue>) -> String {
        LOCALES
            .try_lookup_with_args(self.locale.id(), key, map)
            .or_else(|| LOCALES.try_lookup_with_args(&FR, key, map))
            .unwrap_or_else(|| key.to_owned())
    }

    /// An integer with the language's digit grouping.
    pub fn num(&self, n: impl Integer) -> String {
        let n = n.as_i64();
        let sep = match self.locale {
            Locale::En => ",",
            Locale::Fr | Locale::Bm => "\u{202f}",
        };
        group_digits(n, sep)
    }

    /// A date as words: "1 février 2021" / "1 February 2021". Takes ISO text from the database.
    pub fn date(&self, iso: &str) -> String {
        match crate::clock::parse_date(iso) {
            Some(d) => {
                let month = self.t(&format!("month-{}", u8::from(d.month())));
                let day = if self.locale != Locale::En && d.day() == 1 {
                    self.t("first-of-month").into_owned()
                } else {
                    d.day().to_string()
                };
                format!("{day} {month} {}", d.year())
            }
            None => iso.to_owned(),
        }
    }

    /// The day of a Unix instant in words ("3 mars 2024"), without a round trip through text.
    pub fn date_of(&self, instant: impl std::borrow::Borrow<i64>) -> String {
        match time::OffsetDateTime::from_unix_timestamp(*instant.borrow()) {
            Ok(t) => {
                let d = t.date();
                let month = self.t(&format!("month-{}", u8::from(d.month())));
                if self.locale != Locale::En && d.day() == 1 {
                    format!("{} {month} {}", self.t("first-of-month"), d.year())
                } else {
                    format!("{} {month} {}", d.day(), d.year())
                }
            }
            Err(_) => String::new(),
        }
    }

    /// A month and year: "février 2021".
    pub fn month_year(&self, iso: &str) -> String {
        match crate::clock::parse_date(iso) {
            Some(d) => format!(
                "{} {}",
                self.t(&format!("month-{}", u8::from(d.month()))),
                d.year()
            ),
            None => iso.to_owned(),
        }
    }
}

/// An integer, by value or by reference (templates hand fields over by reference).
pub trait Integer {
    fn as_i64(&self) -> i64;
}
impl Integer for i64 {
    fn as_i64(&self) -> i64 {
        *self
    }
}
impl<T: Integer> Integer for &T {
    fn as_i64(&self) -> i64 {
        (**self).as_i64()
    }
}

fn group_digits(n: i64, sep: &str) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + 8);
    if n < 0 {
        out.push('-');
    }
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(sep);
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn groups_digits_per_language() {
        assert_eq!(Tr::new(Locale::Fr).num(2000), "2\u{202f}000");
        assert_eq!(Tr::new(Locale::En).num(1_234_567), "1,234,567");
        assert_eq!(Tr::new(Locale::Fr).num(-41), "-41");
        assert_eq!(Tr::new(Locale::Fr).num(999), "999");
    }

    #[test]
    fn french_puts_zero_and_one_in_the_singular() {
        let fr = Tr::new(Locale::Fr);
        assert_eq!(fr.count("participants", 0), "0 participant");
        assert_eq!(fr.count("participants", 1), "1 participant");
        assert_eq!(fr.count("participants", 2), "2 participants");
        let en = Tr::new(Locale::En);
        assert_eq!(en.count("participants", 0), "0 participants");
        assert_eq!(en.count("participants", 1), "1 participant");
    }

    #[test]
    fn dates_in_words() {
        assert_eq!(Tr::new(Locale::Fr).date("2021-02-01"), "1er février 2021");
        assert_eq!(Tr::new(Locale::En).date("2021-02-01"), "1 February 2021");
        assert_eq!(Tr::new(Locale::Fr).month_year("2021-02-15"), "février 2021");
    }

    #[test]
    fn reads_accept_language() {
        assert_eq!(
            Locale::from_accept_language("en-GB,en;q=0.9,fr;q=0.8"),
            Some(Locale::En)
        );
        assert_eq!(Locale::from_accept_language("de-DE"), None);
    }
}
