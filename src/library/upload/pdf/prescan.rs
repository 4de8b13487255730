//! Decompression-bomb pre-scan.

use std::io::{self, Read};
use std::time::Instant;

/// Largest decoded size of one stream.
const STREAM_CAP: usize = 64 << 20;
/// Total bytes the pre-scan may decode.
const PROBE_WORK_CAP: usize = 384 << 20;
/// Longest filter chain the pre-scan follows.
const PROBE_DEPTH: u8 = 4;

/// Before lopdf parses anything (it inflates cross-reference and object
/// streams while loading, without limits), decode every stream in the
/// file the ways lopdf could (Flate, LZW, ASCII85, chained) with caps.
/// `false` when some stream inflates past [`STREAM_CAP`] or the total
/// past [`PROBE_WORK_CAP`].
pub(in crate::library::upload) fn prescan(bytes: &[u8], deadline: Instant) -> bool {
    let mut work = 0usize;
    for keyword in memchr::memmem::find_iter(bytes, b"stream") {
        if keyword >= 3 && bytes.get(keyword - 3..keyword) == Some(b"end") {
            continue;
        }
        let mut at = keyword + 6;
        while matches!(bytes.get(at), Some(b' ' | b'\t')) {
            at += 1;
        }
        let start = match (bytes.get(at), bytes.get(at + 1)) {
            (Some(b'\r'), Some(b'\n')) => at + 2,
            (Some(b'\r' | b'\n'), _) => at + 1,
            _ => continue,
        };
        if Instant::now() > deadline {
            return false;
        }
        let Some(data) = bytes.get(start..) else {
            continue;
        };
        if !probe(data, 0, &mut work) {
            return false;
        }
    }
    true
}

struct TooBig;

type Decoder = fn(&[u8]) -> Result<Vec<u8>, TooBig>;

fn probe(data: &[u8], depth: u8, work: &mut usize) -> bool {
    let decoders: [Decoder; 4] = [
        inflate_capped,
        |d| lzw_capped(d, true),
        |d| lzw_capped(d, false),
        ascii85,
    ];
    for decode in decoders {
        let Ok(out) = decode(data) else {
            return false;
        };
        *work += out.len();
        if *work > PROBE_WORK_CAP {
            return false;
        }
        if depth + 1 < PROBE_DEPTH && out.len() >= 8 && !probe(&out, depth + 1, work) {
            return false;
        }
    }
    true
}

fn read_capped<R: Read>(mut reader: R, out: &mut Vec<u8>) -> Result<bool, TooBig> {
    let mut buf = vec![0u8; 64 * 1024];
    loop {
        match reader.read(&mut buf) {
            Ok(0) => return Ok(true),
            Ok(n) => {
                if out.len() + n > STREAM_CAP {
                    return Err(TooBig);
                }
                out.extend_from_slice(buf.get(..n).unwrap_or(&[]));
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return Ok(false),
        }
    }
}

/// zlib, falling back to raw deflate after the 2-byte header like lopdf.
fn inflate_capped(data: &[u8]) -> Result<Vec<u8>, TooBig> {
    let mut out = Vec::new();
    let complete = read_capped(flate2::read::ZlibDecoder::new(data), &mut out)?;
    if (!complete || out.is_empty()) && data.len() > 2 {
        let mut raw = Vec::new();
        read_capped(
            flate2::read::DeflateDecoder::new(data.get(2..).unwrap_or(&[])),
            &mut raw,
        )?;
        if raw.len() > out.len() {
            out = raw;
        }
    }
    Ok(out)
}

fn lzw_capped(data: &[u8], early_change: bool) -> Result<Vec<u8>, TooBig> {
    use weezl::{BitOrder, LzwStatus, decode::Decoder};
    let mut decoder = if early_change {
        Decoder::with_tiff_size_switch(BitOrder::Msb, 8)
    } else {
        Decoder::new(BitOrder::Msb, 8)
    };
    let mut out = Vec::new();
    let mut buf = vec![0u8; 64 * 1024];
    let mut input = data;
    loop {
        let result = decoder.decode_bytes(input, &mut buf);
        input = input.get(result.consumed_in..).unwrap_or(&[]);
        if out.len() + result.consumed_out > STREAM_CAP {
            return Err(TooBig);
        }
        out.extend_from_slice(buf.get(..result.consumed_out).unwrap_or(&[]));
        match result.status {
            Ok(LzwStatus::Ok) if result.consumed_in > 0 || result.consumed_out > 0 => {}
            _ => return Ok(out),
        }
    }
}

/// ASCII85 as lopdf decodes it (stops at the first byte outside the
/// alphabet). Never larger than its input.
fn ascii85(data: &[u8]) -> Result<Vec<u8>, TooBig> {
    let mut out = Vec::new();
    let mut group: u32 = 0;
    let mut count = 0usize;
    for &c in data {
        if c == b'z' && count == 0 {
            out.extend_from_slice(&[0; 4]);
            continue;
        }
        if c.is_ascii_whitespace() {
            continue;
        }
        if !(b'!'..=b'u').contains(&c) {
            break;
        }
        group = group.wrapping_mul(85).wrapping_add(u32::from(c - b'!'));
        count += 1;
        if count == 5 {
            out.extend_from_slice(&group.to_be_bytes());
            group = 0;
            count = 0;
        }
    }
    Ok(out)
}
