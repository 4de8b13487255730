//! Form extraction and validation. A form that fails comes back with messages in the
//! user's language, field by field, and nothing is written.

use axum::extract::{FromRequest, Request};
use serde::de::DeserializeOwned;

use crate::codes::Code;
use crate::error::AppError;
use crate::i18n::Tr;

/// `application/x-www-form-urlencoded` body; repeated keys fill a `Vec` (checkbox lists).
/// A body that cannot be read at all is a plain bad request.
pub struct WebForm<T>(pub T);

impl<S, T> FromRequest<S> for WebForm<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = AppError;

    async fn from_request(req: Request, state: &S) -> Result<Self, AppError> {
        match axum_extra::extract::Form::<T>::from_request(req, state).await {
            Ok(axum_extra::extract::Form(v)) => Ok(WebForm(v)),
            Err(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                Err(AppError::TooLarge)
            }
            Err(_) => Err(AppError::BadRequest),
        }
    }
}

/// Field-level messages for a form being re-displayed.
#[derive(Default, Debug)]
pub struct Errors(Vec<(&'static str, String)>);

impl Errors {
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(f, _)| *f == field)
            .map(|(_, m)| m.as_str())
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn add(&mut self, field: &'static str, message: String) {
        if self.get(field).is_none() {
            self.0.push((field, message));
        }
    }

    pub fn all(&self) -> impl Iterator<Item = &str> {
        self.0.iter().map(|(_, m)| m.as_str())
    }
}

/// A record offered in a form's list: the form sends back its id.
pub trait Choice {
    type Id: Copy + PartialEq + std::str::FromStr;
    fn choice_id(&self) -> Self::Id;
}

/// A list filter on a closed set, from the query string: an unknown value is no filter, and
/// the query string keeps only the code of the value kept (for the pager's links).
pub fn code_filter<T: Code>(raw: &mut String) -> Option<T> {
    let value = T::parse(raw);
    *raw = value.map(|v| v.code().to_owned()).unwrap_or_default();
    value
}

/// A list filter on an id picked in a select: empty or garbage is no filter, and `raw` is
/// cleaned to match (so that links and cache keys only carry what filters).
pub fn id_filter<T: std::str::FromStr + std::fmt::Display>(raw: &mut String) -> Option<T> {
    let value: Option<T> = raw.trim().parse().ok();
    *raw = value.as_ref().map(|v| v.to_string()).unwrap_or_default();
    value
}

/// A free-text list filter, cut to 100 characters.
pub fn text_filter(raw: &mut String) -> String {
    *raw = raw.chars().take(100).collect();
    raw.clone()
}

/// Validates submitted text into clean values, collecting localised messages.
pub struct Check {
    tr: Tr,
    pub errors: Errors,
}

pub const SHORT: usize = 200;
pub const LONG: usize = 10_000;

impl Check {
    pub fn new(tr: Tr) -> Self {
        Check {
            tr,
            errors: Errors::default(),
        }
    }

    pub fn fail(&mut self, field: &'static str, key: &str) {
        let msg = self.tr.t(key);
        self.errors.add(field, msg.into_owned());
    }

    fn too_long(&mut self, field: &'static str, max: usize) {
        let msg = self.tr.count("form-too-long", max as i64);
        self.errors.add(field, msg);
    }

    /// A required text of at most `max` characters, trimmed.
    pub fn required(&mut self, field: &'static str, value: &str, max: usize) -> String {
        let v = value.trim();
        if v.is_empty() {
            self.fail(field, "form-required");
        } else if v.chars().count() > max {
            self.too_long(field, max);
        }
        v.to_owned()
    }

    /// An optional text: empty becomes `None`.
    pub fn optional(&mut self, field: &'static str, value: &str, max: usize) -> Option<String> {
        let v = value.trim();
        if v.chars().count() > max {
            self.too_long(field, max);
        }
        (!v.is_empty()).then(|| v.to_owned())
    }

    pub fn optional_email(&mut self, field: &'static str, value: &str) -> Option<String> {
        let v = self.optional(field, value, SHORT)?;
        if !looks_like_email(&v) {
            self.fail(field, "form-bad-email");
        }
        Some(v.to_lowercase())
    }

    pub fn required_email(&mut self, field: &'static str, value: &str) -> String {
        let v = self.required(field, value, SHORT);
        if !v.is_empty() && !looks_like_email(&v) {
            self.fail(field, "form-bad-email");
        }
        v.to_lowercase()
    }

    /// An optional date between 1960 and 2100, as ISO text.
    pub fn optional_date(&mut self, field: &'static str, value: &str) -> Option<String> {
        let v = value.trim();
        if v.is_empty() {
            return None;
        }
        match crate::clock::parse_date(v) {
            Some(d) if (1960..=2100).contains(&d.year()) => Some(crate::clock::iso(d)),
            _ => {
                self.fail(field, "form-bad-date");
                None
            }
        }
    }

    /// One of a closed list of codes.
    pub fn choice(&mut self, field: &'static str, value: &str, allowed: &[&str]) -> String {
        let v = value.trim();
        if !allowed.contains(&v) {
            self.fail(field, "form-bad-choice");
        }
        v.to_owned()
    }

    /// One value of a closed set, by its code. On failure the field is marked and the first
    /// value stands in: the form is refused, so it is never stored.
    pub fn pick<T: Code>(&mut self, field: &'static str, value: &str) -> T {
        match T::parse(value) {
            Some(v) => v,
            None => {
                self.fail(field, "form-bad-choice");
                T::ALL[0]
            }
        }
    }

    /// An optional value of a closed set: empty is `None`, an unknown code is an error.
    pub fn optional_pick<T: Code>(&mut self, field: &'static str, value: &str) -> Option<T> {
        if value.trim().is_empty() {
            return None;
        }
        Some(self.pick(field, value))
    }

    /// An optional web address: http(s) only, never `javascript:` or a local path.
    pub fn optional_url(&mut self, field: &'static str, value: &str) -> Option<String> {
        let url = self.optional(field, value, 500)?;
        if !(url.starts_with("https://") || url.starts_with("http://"))
            || url.contains(char::is_whitespace)
        {
            self.fail(field, "form-bad-url");
        }
        Some(url)
    }

    /// The ids of the boxes ticked among `known` (themes, organisations...), each once;
    /// an id not offered is an error.
    pub fn picked<T: Choice>(
        &mut self,
        field: &'static str,
        raw: &[String],
        known: &[T],
    ) -> Vec<T::Id> {
        let mut ids = Vec::new();
        for t in raw {
            match t.trim().parse::<T::Id>() {
                Ok(id) if known.iter().any(|x| x.choice_id() == id) => {
                    if !ids.contains(&id) {
                        ids.push(id)
                    }
                }
                _ => self.fail(field, "form-bad-choice"),
            }
        }
        ids
    }

    /// An optional id picked in a select: empty is `None`, garbage is an error.
    pub fn optional_id<T: std::str::FromStr>(
        &mut self,
        field: &'static str,
        value: &str,
    ) -> Option<T> {
        let v = value.trim();
        if v.is_empty() {
            return None;
        }
        match v.parse::<T>() {
            Ok(id) => Some(id),
            Err(_) => {
                self.fail(field, "form-bad-choice");
                None
            }
        }
    }

    pub fn ok(&self) -> bool {
        self.errors.is_empty()
    }
}

fn looks_like_email(v: &str) -> bool {
    match v.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !v.chars().any(|c| c.is_whitespace() || c == '<' || c == '>')
        }
        None => false,
    }
}

/// Page number from a query string, at least 1.
pub fn page_number(raw: Option<&str>) -> i64 {
    raw.and_then(|p| p.parse::<i64>().ok())
        .filter(|p| *p >= 1 && *p <= 100_000)
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Locale;

    #[test]
    fn required_and_lengths() {
        let mut c = Check::new(Tr::new(Locale::Fr));
        assert_eq!(c.required("name", "  APROFEM ", SHORT), "APROFEM");
        assert!(c.ok());
        c.required("name2", "   ", SHORT);
        c.required("name3", &"x".repeat(201), SHORT);
        assert_eq!(c.errors.get("name2"), Some("Ce champ est obligatoire."));
        assert!(c.errors.get("name3").is_some_and(|m| m.contains("200")));
    }

    #[test]
    fn dates_and_emails() {
        let mut c = Check::new(Tr::new(Locale::En));
        assert_eq!(
            c.optional_date("d", "2021-02-01"),
            Some("2021-02-01".to_owned())
        );
        assert_eq!(c.optional_date("e", "3021-02-01"), None);
        assert_eq!(c.optional_date("f", "2021-02-30"), None);
        assert!(c.errors.get("e").is_some() && c.errors.get("f").is_some());
        assert!(looks_like_email("a.b@aprofem.ml"));
        assert!(!looks_like_email("a@b"));
        assert!(!looks_like_email("<a>@x.ml"));
    }
}

/// A file sent with a form.
pub struct Upload {
    pub file_name: String,
    pub bytes: bytes::Bytes,
}

/// A `multipart/form-data` form read whole: its text fields (each cut at `text_max`
/// characters) and at most one file. The body limit of the route bounds the file.
#[derive(Default)]
pub struct MultipartForm {
    fields: Vec<(String, String)>,
    pub file: Option<Upload>,
}

impl MultipartForm {
    pub async fn read(
        mut form: axum::extract::Multipart,
        file_field: &str,
        text_max: usize,
    ) -> Result<Self, AppError> {
        let mut out = MultipartForm::default();
        loop {
            let field = match form.next_field().await {
                Ok(Some(f)) => f,
                Ok(None) => break,
                Err(e) if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE => {
                    return Err(AppError::TooLarge);
                }
                Err(_) => return Err(AppError::BadRequest),
            };
            let name = field.name().unwrap_or("").to_owned();
            if name == file_field {
                let file_name: String = field.file_name().unwrap_or("").chars().take(200).collect();
                let bytes = field.bytes().await.map_err(|e| {
                    if e.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                        AppError::TooLarge
                    } else {
                        AppError::BadRequest
                    }
                })?;
                if !bytes.is_empty() {
                    out.file = Some(Upload { file_name, bytes });
                }
            } else if out.fields.len() < 200 {
                let text = field.text().await.map_err(|_| AppError::BadRequest)?;
                let text = match text.char_indices().nth(text_max) {
                    Some((i, _)) => text[..i].to_owned(),
                    None => text,
                };
                out.fields.push((name, text));
            }
        }
        Ok(out)
    }

    /// The first value of a field, or "".
    pub fn get(&self, name: &str) -> String {
        self.fields
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    }

    /// Every value of a field (ticked boxes).
    pub fn all(&self, name: &str) -> Vec<String> {
        self.fields
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, v)| v.clone())
            .collect()
    }
}
