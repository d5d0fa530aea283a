//! `xl/styles.xml`, read only for what a number means: a date (stored as a serial number) or
//! a percentage (stored as a fraction). Everything else about styles is ignored.

use quick_xml::events::Event;
use quick_xml::Reader;

use super::xml::{attribute, part_text};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumberKind {
    Plain,
    Date,
    Percent,
}

/// The kind of number of each cell format (`cellXfs`), by the index cells give in `s`.
#[derive(Debug, Clone, Default)]
pub struct Styles {
    kinds: Vec<NumberKind>,
}

impl Styles {
    pub fn kind(&self, style: usize) -> NumberKind {
        self.kinds.get(style).copied().unwrap_or(NumberKind::Plain)
    }

    pub fn read(bytes: &[u8]) -> Result<Styles, &'static str> {
        let text = part_text(bytes).ok_or("styles.xml is not UTF-8")?;
        let mut reader = Reader::from_str(text);
        let mut custom: Vec<(u32, NumberKind)> = Vec::new();
        let mut format_ids: Vec<u32> = Vec::new();
        let mut in_cell_xfs = false;
        loop {
            match reader.read_event() {
                Ok(Event::Start(element) | Event::Empty(element)) => {
                    match element.local_name().as_ref() {
                        "numFmt" => {
                            let id = attribute(&element, "numFmtId").and_then(|id| id.parse().ok());
                            let code = attribute(&element, "formatCode").unwrap_or_default();
                            if let Some(id) = id {
                                custom.push((id, kind_of_code(&code)));
                            }
                        }
                        "cellXfs" => in_cell_xfs = true,
                        "xf" if in_cell_xfs => format_ids.push(
                            attribute(&element, "numFmtId")
                                .and_then(|id| id.parse().ok())
                                .unwrap_or(0),
                        ),
                        _ => {}
                    }
                }
                Ok(Event::End(element)) if element.local_name().as_ref() == "cellXfs" => {
                    in_cell_xfs = false;
                }
                Ok(Event::Eof) => break,
                Ok(_) => {}
                Err(_) => return Err("styles.xml is not well-formed"),
            }
        }
        let kinds = format_ids
            .into_iter()
            .map(|id| {
                custom
                    .iter()
                    .find(|(seen, _)| *seen == id)
                    .map_or_else(|| builtin_kind(id), |(_, kind)| *kind)
            })
            .collect();
        Ok(Styles { kinds })
    }
}

/// Excel's built-in formats: 9 and 10 are percentages; 14–22 and 45–47 dates and times, and
/// 27–36 and 50–58 the dates of East Asian locales (Japanese era dates among them).
fn builtin_kind(id: u32) -> NumberKind {
    match id {
        9 | 10 => NumberKind::Percent,
        14..=22 | 27..=36 | 45..=47 | 50..=58 => NumberKind::Date,
        _ => NumberKind::Plain,
    }
}

/// A custom format is a date when it has date or time letters outside quotes, escapes and
/// brackets (`[$-ja-JP]ggge"年"m"月"d"日"` is a date; `#,##0"件"` is not; `[Red]0` is not).
fn kind_of_code(code: &str) -> NumberKind {
    let mut quoted = false;
    let mut bracket = false;
    let mut escaped = false;
    let mut percent = false;
    for c in code.chars() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '"' => quoted = !quoted,
            _ if quoted => {}
            '\\' => escaped = true,
            '[' => bracket = true,
            ']' => bracket = false,
            _ if bracket => {}
            '%' => percent = true,
            // `General` is not a date.
            'y' | 'Y' | 'm' | 'M' | 'd' | 'D' | 'h' | 'H' | 's' | 'S' | 'g'
                if !code.eq_ignore_ascii_case("general") =>
            {
                return NumberKind::Date;
            }
            _ => {}
        }
    }
    if percent {
        NumberKind::Percent
    } else {
        NumberKind::Plain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn date_and_percent_codes() {
        assert_eq!(kind_of_code("yyyy/m/d"), NumberKind::Date);
        assert_eq!(
            kind_of_code(r#"[$-ja-JP]ggge"年"m"月"d"日""#),
            NumberKind::Date
        );
        assert_eq!(kind_of_code(r##"#,##0"件""##), NumberKind::Plain);
        assert_eq!(kind_of_code("[Red]0.0"), NumberKind::Plain);
        assert_eq!(kind_of_code("0.0%"), NumberKind::Percent);
        assert_eq!(kind_of_code("General"), NumberKind::Plain);
        assert_eq!(builtin_kind(14), NumberKind::Date);
        assert_eq!(builtin_kind(9), NumberKind::Percent);
        assert_eq!(builtin_kind(0), NumberKind::Plain);
    }
}
