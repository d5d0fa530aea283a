//! HTTP/1.1 written by hand on a TCP socket to 127.0.0.1: reqwest (like any client library)
//! refuses or normalises what a hostile client sends (unknown method names, two `Host`
//! headers, a `Content-Length` that lies), so the hostile requests are written as bytes.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

/// How a body is framed on the wire.
#[derive(Clone, Debug)]
pub enum Framing {
    /// `Content-Length` of the body (none when the body is empty).
    Length,
    /// This `Content-Length`, whatever the body's length.
    Declared(usize),
    /// `Transfer-Encoding: chunked`, in chunks of this many bytes.
    Chunked(usize),
}

#[derive(Clone, Debug)]
pub struct RawRequest {
    pub method: String,
    /// The request target as written (path and query).
    pub target: String,
    /// Every header but `Connection` and the framing, in order; `Host` among them.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub framing: Framing,
}

#[derive(Debug)]
pub struct RawReply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl RawReply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// The most of a reply read: every answer of the worker to a hostile request is small.
const MAX_REPLY_BYTES: u64 = 8 * 1024 * 1024;

impl RawRequest {
    pub fn bytes(&self) -> Vec<u8> {
        let mut head = format!("{} {} HTTP/1.1\r\n", self.method, self.target);
        for (name, value) in &self.headers {
            head.push_str(&format!("{name}: {value}\r\n"));
        }
        head.push_str("Connection: close\r\n");
        let mut out = Vec::with_capacity(head.len() + self.body.len() + 64);
        match self.framing {
            Framing::Length => {
                if !self.body.is_empty() {
                    head.push_str(&format!("Content-Length: {}\r\n", self.body.len()));
                }
                head.push_str("\r\n");
                out.extend_from_slice(head.as_bytes());
                out.extend_from_slice(&self.body);
            }
            Framing::Declared(len) => {
                head.push_str(&format!("Content-Length: {len}\r\n\r\n"));
                out.extend_from_slice(head.as_bytes());
                out.extend_from_slice(&self.body);
            }
            Framing::Chunked(size) => {
                head.push_str("Transfer-Encoding: chunked\r\n\r\n");
                out.extend_from_slice(head.as_bytes());
                for chunk in self.body.chunks(size.max(1)) {
                    out.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
                    out.extend_from_slice(chunk);
                    out.extend_from_slice(b"\r\n");
                }
                out.extend_from_slice(b"0\r\n\r\n");
            }
        }
        out
    }

    /// Sends the request on a new connection to `addr` (`127.0.0.1:PORT`) and reads the reply
    /// to the connection's end, waiting at most `timeout` for each read.
    pub fn send(&self, addr: &str, timeout: Duration) -> Result<RawReply, String> {
        let mut stream =
            TcpStream::connect(addr).map_err(|e| format!("cannot connect to {addr}: {e}"))?;
        stream
            .set_read_timeout(Some(timeout))
            .and_then(|()| stream.set_write_timeout(Some(timeout)))
            .map_err(|e| format!("socket: {e}"))?;
        // The server may answer (and close) before the whole body is written: that is allowed,
        // so a failed write is not an error if a reply can still be read.
        let write_error = stream.write_all(&self.bytes()).err();
        let (raw, read_error) = read_reply(&mut stream, self.method == "HEAD");
        if raw.is_empty() {
            return Err(format!(
                "no reply (write: {write_error:?}, read: {read_error:?})"
            ));
        }
        parse_reply(&raw)
    }
}

/// Reads one reply: up to the end of its body by its framing (the runtime keeps a connection
/// open a while after answering, even with `Connection: close`), or to the connection's end.
fn read_reply(stream: &mut TcpStream, head_only: bool) -> (Vec<u8>, Option<std::io::Error>) {
    let mut raw = Vec::new();
    let mut buffer = [0u8; 64 * 1024];
    loop {
        if reply_is_whole(&raw, head_only) || raw.len() as u64 > MAX_REPLY_BYTES {
            return (raw, None);
        }
        match stream.read(&mut buffer) {
            Ok(0) => return (raw, None),
            Ok(n) => raw.extend_from_slice(&buffer[..n]),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return (raw, Some(e)),
        }
    }
}

fn reply_is_whole(raw: &[u8], head_only: bool) -> bool {
    let Some(end) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return false;
    };
    let head = String::from_utf8_lossy(&raw[..end]).to_ascii_lowercase();
    let status_has_no_body = head
        .split(' ')
        .nth(1)
        .is_some_and(|s| s == "204" || s == "304" || s.starts_with('1'));
    if head_only || status_has_no_body {
        return true;
    }
    let body = &raw[end + 4..];
    for line in head.split("\r\n") {
        if let Some(len) = line.strip_prefix("content-length:") {
            return len
                .trim()
                .parse::<usize>()
                .is_ok_and(|len| body.len() >= len);
        }
        if line.starts_with("transfer-encoding:") && line.contains("chunked") {
            return body.ends_with(b"0\r\n\r\n");
        }
    }
    false
}

fn parse_reply(raw: &[u8]) -> Result<RawReply, String> {
    let end = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| format!("no end of headers in {:?}", String::from_utf8_lossy(raw)))?;
    let head = String::from_utf8_lossy(&raw[..end]);
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap_or_default();
    let status = status_line
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| format!("no status in {status_line:?}"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(n, v)| (n.trim().to_string(), v.trim().to_string()))
        .collect();
    let rest = &raw[end + 4..];
    let chunked = headers.iter().any(|(n, v)| {
        n.eq_ignore_ascii_case("transfer-encoding") && v.eq_ignore_ascii_case("chunked")
    });
    let body = if chunked {
        dechunk(rest)?
    } else {
        let length = headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            .and_then(|(_, v)| v.parse::<usize>().ok());
        match length {
            Some(len) => rest[..len.min(rest.len())].to_vec(),
            None => rest.to_vec(),
        }
    };
    Ok(RawReply {
        status,
        headers,
        body,
    })
}

fn dechunk(mut rest: &[u8]) -> Result<Vec<u8>, String> {
    let mut body = Vec::new();
    loop {
        let line_end = rest
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or("a chunk without its size line")?;
        let size_text = String::from_utf8_lossy(&rest[..line_end]);
        let size = usize::from_str_radix(size_text.split(';').next().unwrap_or("").trim(), 16)
            .map_err(|e| format!("chunk size {size_text:?}: {e}"))?;
        rest = &rest[line_end + 2..];
        if size == 0 {
            return Ok(body);
        }
        if rest.len() < size {
            return Err("a chunk cut short".into());
        }
        body.extend_from_slice(&rest[..size]);
        rest = rest.get(size + 2..).unwrap_or_default();
    }
}
