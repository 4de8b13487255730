//! Photos: checked from their content (never from the name or the declared type), and
//! re-encoded at upload into a thumbnail of at most 30 KB and a medium version of at most
//! 150 KB, so that a page with photos stays light on a phone. Re-encoding also drops the
//! camera's metadata (place, time, device) from what is served.

use image::codecs::jpeg::JpegEncoder;
use image::{DynamicImage, ImageFormat, imageops::FilterType};

pub const THUMBNAIL_MAX: usize = 30 * 1024;
pub const MEDIUM_MAX: usize = 150 * 1024;
/// Largest upload accepted.
pub const UPLOAD_MAX: usize = 12 * 1024 * 1024;

#[derive(Debug, PartialEq, Eq)]
pub enum PhotoError {
    /// Not a JPEG, PNG or WebP picture, whatever its name says.
    NotAnImage,
    TooLarge,
}

pub struct Versions {
    pub thumbnail: Vec<u8>,
    pub medium: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// JPEG of `img` fitted in `side`×`side`, at the best quality that stays under `max` bytes.
fn encode_within(img: &DynamicImage, side: u32, max: usize) -> Option<Vec<u8>> {
    let mut side = side;
    loop {
        let small = img.resize(side, side, FilterType::Triangle).to_rgb8();
        for quality in [80u8, 70, 60, 50, 40] {
            let mut out = Vec::new();
            let encoder = JpegEncoder::new_with_quality(&mut out, quality);
            if small.write_with_encoder(encoder).is_err() {
                return None;
            }
            if out.len() <= max {
                return Some(out);
            }
        }
        if side <= 64 {
            return None;
        }
        side = side * 3 / 4;
    }
}

pub fn make_versions(bytes: &[u8]) -> Result<Versions, PhotoError> {
    if bytes.len() > UPLOAD_MAX {
        return Err(PhotoError::TooLarge);
    }
    let format = image::guess_format(bytes).map_err(|_| PhotoError::NotAnImage)?;
    if !matches!(
        format,
        ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP
    ) {
        return Err(PhotoError::NotAnImage);
    }
    let img =
        image::load_from_memory_with_format(bytes, format).map_err(|_| PhotoError::NotAnImage)?;
    let thumbnail = encode_within(&img, 360, THUMBNAIL_MAX).ok_or(PhotoError::NotAnImage)?;
    let medium = encode_within(&img, 1280, MEDIUM_MAX).ok_or(PhotoError::NotAnImage)?;
    Ok(Versions {
        thumbnail,
        medium,
        width: img.width(),
        height: img.height(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A noisy photo-like picture: the worst case for JPEG size.
    fn noisy_png(w: u32, h: u32) -> Vec<u8> {
        let mut rng = fastrand::Rng::with_seed(1);
        let img = image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x % 256) as u8 ^ rng.u8(..), (y % 256) as u8, rng.u8(..)])
        });
        let mut out = std::io::Cursor::new(Vec::new());
        DynamicImage::ImageRgb8(img)
            .write_to(&mut out, ImageFormat::Png)
            .expect("png");
        out.into_inner()
    }

    #[test]
    fn versions_stay_within_their_budgets() {
        let v = make_versions(&noisy_png(2000, 1500)).expect("versions");
        assert!(v.thumbnail.len() <= THUMBNAIL_MAX, "{}", v.thumbnail.len());
        assert!(v.medium.len() <= MEDIUM_MAX, "{}", v.medium.len());
        assert_eq!((v.width, v.height), (2000, 1500));
        assert_eq!(
            image::guess_format(&v.thumbnail).ok(),
            Some(ImageFormat::Jpeg)
        );
    }

    #[test]
    fn what_is_not_an_image_is_refused() {
        assert_eq!(
            make_versions(b"MZ\x90\x00 an executable renamed photo.jpg").err(),
            Some(PhotoError::NotAnImage)
        );
        assert_eq!(
            make_versions(b"<svg onload=alert(1)></svg>").err(),
            Some(PhotoError::NotAnImage)
        );
        // A truncated JPEG header is not a picture either.
        assert_eq!(
            make_versions(&[0xFF, 0xD8, 0xFF, 0xE0, 0, 0]).err(),
            Some(PhotoError::NotAnImage)
        );
    }
}
