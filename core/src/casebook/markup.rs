//! Small pieces of markup the casebook screens share. Every text goes through `escaped`.

use std::fmt::Write;

use crate::text::escaped;

/// `<label>` and a `<select data-action>` that sends its value when changed.
pub fn select(
    out: &mut String,
    id: &str,
    action: &str,
    label: &str,
    options: &[(String, String)],
    chosen: &str,
) {
    let _ = write!(
        out,
        "<label for=\"{id}\">{}</label><select id=\"{id}\" name=\"{id}\" data-action=\"{action}\">",
        escaped(label)
    );
    for (value, text) in options {
        let selected = if value == chosen { " selected" } else { "" };
        let _ = write!(
            out,
            "<option value=\"{}\"{selected}>{}</option>",
            escaped(value),
            escaped(text)
        );
    }
    out.push_str("</select>");
}

/// A button that asks for `action` about `id`.
pub fn button(out: &mut String, action: &str, id: &str, text: &str, class: &str) {
    let _ = write!(
        out,
        "<button type=\"button\" class=\"{class}\" data-action=\"{action}\" data-id=\"{}\">{}</button>",
        escaped(id),
        escaped(text)
    );
}

/// A labelled single-line input of a form.
pub fn input(out: &mut String, name: &str, label: &str, value: &str, hint: &str) {
    let _ = write!(
        out,
        "<div class=\"field\"><label for=\"case-{name}\">{}</label>",
        escaped(label)
    );
    if !hint.is_empty() {
        let _ = write!(
            out,
            "<span class=\"hint\" id=\"case-{name}-hint\">{}</span>",
            escaped(hint)
        );
    }
    let described = if hint.is_empty() {
        String::new()
    } else {
        format!(" aria-describedby=\"case-{name}-hint\"")
    };
    let _ = write!(
        out,
        "<input id=\"case-{name}\" name=\"{name}\" value=\"{}\"{described}></div>",
        escaped(value)
    );
}

/// A labelled multi-line input of a form.
pub fn textarea(out: &mut String, name: &str, label: &str, value: &str, rows: u8) {
    let _ = write!(
        out,
        "<div class=\"field\"><label for=\"case-{name}\">{}</label>\
         <textarea id=\"case-{name}\" name=\"{name}\" rows=\"{rows}\">{}</textarea></div>",
        escaped(label),
        escaped(value)
    );
}

/// Text with its line breaks kept, as paragraphs.
pub fn paragraphs(out: &mut String, text: &str) {
    for line in text.lines().filter(|line| !line.trim().is_empty()) {
        let _ = write!(out, "<p>{}</p>", escaped(line));
    }
}

/// An amount of yen in words: `31,415,000円`, or `—` when not stated.
pub fn yen(amount: Option<i64>) -> String {
    let Some(amount) = amount else {
        return "—".to_owned();
    };
    let digits = amount.to_string();
    let mut grouped = String::new();
    for (at, digit) in digits.chars().enumerate() {
        if at > 0 && (digits.len() - at) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    format!("{grouped}円")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yen_is_grouped_by_thousands() {
        assert_eq!(yen(Some(31_415_000)), "31,415,000円");
        assert_eq!(yen(Some(0)), "0円");
        assert_eq!(yen(Some(999)), "999円");
        assert_eq!(yen(None), "—");
    }

    #[test]
    fn every_value_is_escaped() {
        let mut out = String::new();
        input(&mut out, "title", "<事例名>", "\"><script>", "");
        assert!(!out.contains("<script>") && !out.contains("<事例名>"));
    }
}
