//! Sheet names Excel accepts: 1 to 31 characters, none of `[ ] : * ? / \`, not starting or
//! ending with an apostrophe, not `History` (reserved), unique without regard to case.

const MAX_LEN: usize = 31;
const FORBIDDEN: [char; 7] = ['[', ']', ':', '*', '?', '/', '\\'];

/// One valid, unique name per title, in order: forbidden characters become `_`, long names are
/// cut, an empty one becomes `Sheet1` (its position), and a repeated one gets ` (2)`, ` (3)`….
pub fn sheet_names<'a>(titles: impl IntoIterator<Item = &'a str>) -> Vec<String> {
    let mut names: Vec<String> = Vec::new();
    for (index, title) in titles.into_iter().enumerate() {
        let base = clean(title, index);
        let mut name = base.clone();
        let mut suffix = 2;
        while names.iter().any(|taken| same(taken, &name)) {
            let tail = format!(" ({suffix})");
            name = format!("{}{tail}", cut(&base, MAX_LEN - tail.chars().count()));
            suffix += 1;
        }
        names.push(name);
    }
    names
}

fn clean(title: &str, index: usize) -> String {
    let replaced: String = title
        .chars()
        .map(|c| {
            if FORBIDDEN.contains(&c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect();
    let trimmed = replaced.trim().trim_matches('\'').trim();
    let name = cut(trimmed, MAX_LEN)
        .trim_end()
        .trim_end_matches('\'')
        .to_owned();
    if name.is_empty() || name.eq_ignore_ascii_case("history") {
        format!("Sheet{}", index + 1)
    } else {
        name
    }
}

/// At most `max` characters. Excel counts UTF-16 units, so a character outside the BMP
/// counts twice.
fn cut(text: &str, max: usize) -> &str {
    let mut units = 0;
    for (offset, c) in text.char_indices() {
        units += c.len_utf16();
        if units > max {
            return &text[..offset];
        }
    }
    text
}

/// Excel compares sheet names case-insensitively, beyond ASCII too (`É` = `é`).
fn same(a: &str, b: &str) -> bool {
    a.to_lowercase() == b.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_forbidden_characters_and_cuts_to_31() {
        let names = sheet_names([
            "a[b]:c*d?e/f\\g",
            "岩手県の市町村別DX推進計画の進捗状況一覧表（令和7年度末時点）",
        ]);
        assert_eq!(names[0], "a_b__c_d_e_f_g");
        assert_eq!(names[1].chars().count(), 31);
        assert_eq!(
            names[1],
            "岩手県の市町村別DX推進計画の進捗状況一覧表（令和7年度末時点"
        );
    }

    #[test]
    fn empty_reserved_and_apostrophe_names() {
        assert_eq!(
            sheet_names(["", "  ", "History", "'quoted'"]),
            ["Sheet1", "Sheet2", "Sheet3", "quoted"]
        );
    }

    #[test]
    fn repeated_names_get_a_number_within_31() {
        let long = "x".repeat(40);
        let names = sheet_names(["集計", "集計", "集計", "ABC", "abc", &long, &long]);
        assert_eq!(
            names[..5],
            ["集計", "集計 (2)", "集計 (3)", "ABC", "abc (2)"]
        );
        assert_eq!(names[5], "x".repeat(31));
        assert_eq!(names[6], format!("{} (2)", "x".repeat(27)));
    }

    #[test]
    fn counts_utf16_units() {
        let emoji = "😀".repeat(20);
        let name = &sheet_names([emoji.as_str()])[0];
        assert_eq!(name.encode_utf16().count(), 30);
    }
}
