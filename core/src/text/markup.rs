//! Text inside markup (XML of the XLSX export, HTML the app builds as text): escaped, so a
//! name like `<b>` or `"` shows as written and never becomes markup.

/// Escapes markup and drops the characters XML 1.0 cannot carry (control characters other
/// than tab and line ends, U+FFFE, U+FFFF): a reader would refuse the whole file for them.
/// Safe inside element text and inside double-quoted attribute values.
pub fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(c),
            c if c < ' ' || c == '\u{FFFE}' || c == '\u{FFFF}' => {}
            c => out.push(c),
        }
    }
}

/// [`escape_into`] a new string.
pub fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    escape_into(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_shows_as_written() {
        assert_eq!(
            escaped("<img src=x onerror=\"a()\">&'"),
            "&lt;img src=x onerror=&quot;a()&quot;&gt;&amp;'"
        );
        assert_eq!(escaped("遠野市\u{0}\u{1b}"), "遠野市");
    }
}
