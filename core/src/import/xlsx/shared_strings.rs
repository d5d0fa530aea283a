//! `xl/sharedStrings.xml`: the texts cells refer to by index. Phonetic guides (`<rPh>`, the
//! furigana Japanese Excel stores beside names) are not part of the text and are skipped.

use quick_xml::events::Event;
use quick_xml::Reader;

use super::xml::{part_text, resolve_reference, unescape_excel};

pub fn shared_strings(bytes: &[u8]) -> Result<Vec<String>, &'static str> {
    let text = part_text(bytes).ok_or("sharedStrings.xml is not UTF-8")?;
    let mut reader = Reader::from_str(text);
    let mut strings = Vec::new();
    let mut current = String::new();
    let mut in_item = false;
    let mut in_text = false;
    let mut phonetic_depth = 0usize;
    loop {
        match reader.read_event() {
            Ok(Event::Start(element)) => match element.local_name().as_ref() {
                "si" => {
                    in_item = true;
                    current.clear();
                }
                "rPh" => phonetic_depth += 1,
                "t" if in_item && phonetic_depth == 0 => in_text = true,
                _ => {}
            },
            Ok(Event::Empty(element)) if element.local_name().as_ref() == "si" => {
                strings.push(String::new());
            }
            Ok(Event::End(element)) => match element.local_name().as_ref() {
                "si" => {
                    in_item = false;
                    strings.push(unescape_excel(&current).into_owned());
                }
                "rPh" => phonetic_depth = phonetic_depth.saturating_sub(1),
                "t" => in_text = false,
                _ => {}
            },
            Ok(Event::Text(text)) if in_text => current.push_str(&text.xml10_content()),
            Ok(Event::CData(text)) if in_text => current.push_str(&text.xml10_content()),
            Ok(Event::GeneralRef(reference)) if in_text => {
                if let Some(c) = resolve_reference(&reference) {
                    current.push(c);
                }
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(_) => return Err("sharedStrings.xml is not well-formed"),
        }
    }
    Ok(strings)
}
