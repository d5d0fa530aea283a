//! The national code list (`data/local-governments.csv`, a copy of the project's shared list) against
//! the code rules: every real code must pass, and a mistyped one must not.

use tsunagu_core::org::{self, CodeError, OrgCode, OrgKind};

const CSV: &str = include_str!(concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../data/local-governments.csv"
));

/// The `code` column, as written in the file.
fn raw_codes() -> Vec<&'static str> {
    CSV.lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.split(',').next().unwrap())
        .collect()
}

#[test]
fn all_1788_codes_parse() {
    let codes = raw_codes();
    assert_eq!(codes.len(), 1788);
    for raw in codes {
        let code = OrgCode::parse(raw).unwrap_or_else(|error| panic!("{raw}: {error}"));
        assert_eq!(code.as_str(), raw);
    }
}

#[test]
fn all_organisations_load_and_validate() {
    let organisations = org::load_csv(CSV).unwrap();
    assert_eq!(organisations.len(), 1788);
    for organisation in &organisations {
        assert_eq!(
            organisation.validate(),
            Ok(()),
            "{} {}",
            organisation.code,
            organisation.name
        );
        assert!(!organisation.name.is_empty());
        assert!(!organisation.kana.is_empty(), "{}", organisation.code);
        assert_eq!(organisation.population, None);
    }
    let tono = organisations
        .iter()
        .find(|o| o.code.as_str() == "032085")
        .unwrap();
    assert_eq!(tono.name, "遠野市");
    assert_eq!(tono.kana, "トオノシ");
}

#[test]
fn the_47_prefectures_are_recognised_as_prefectures() {
    let organisations = org::load_csv(CSV).unwrap();
    let prefectures: Vec<_> = organisations
        .iter()
        .filter(|o| o.code.is_prefecture())
        .collect();
    assert_eq!(prefectures.len(), 47);
    for (number, prefecture) in (1u8..=47).zip(&prefectures) {
        assert_eq!(prefecture.kind, OrgKind::Prefecture);
        assert_eq!(prefecture.code.prefecture_number(), number);
        assert_eq!(prefecture.code, OrgCode::for_prefecture(number).unwrap());
    }
    assert_eq!(prefectures[2].name, "岩手県");
    assert_eq!(prefectures[2].kana, "イワテケン");
    let municipalities = organisations.len() - prefectures.len();
    assert_eq!(municipalities, 1741);
    for municipality in organisations.iter().filter(|o| !o.code.is_prefecture()) {
        assert_eq!(municipality.kind, OrgKind::Municipality);
        let prefecture_number = municipality.code.prefecture_number();
        assert!(municipality.code.belongs_to_prefecture(prefecture_number));
        assert!(prefectures
            .iter()
            .any(|p| p.code == municipality.code.prefecture_code()));
    }
}

#[test]
fn iwate_has_33_municipalities() {
    let organisations = org::load_csv(CSV).unwrap();
    let iwate = organisations
        .iter()
        .filter(|o| o.code.belongs_to_prefecture(3) && !o.code.is_prefecture())
        .count();
    assert_eq!(iwate, 33);
}

#[test]
fn a_mistyped_digit_is_rejected_with_the_expected_check_digit() {
    // 遠野市 032085 with its third digit mistyped as 3: 033085.
    let error = OrgCode::parse("033085").unwrap_err();
    assert_eq!(
        error,
        CodeError::WrongCheckDigit {
            first5: "03308".into(),
            found: 5,
            expected: 1
        }
    );
    assert_eq!(
        error.to_string(),
        "check digit is 5 but should be 1 for 03308"
    );
}

#[test]
fn nearly_every_single_digit_typo_of_a_real_code_is_caught() {
    // Each weight (6..2, and 1 for the check digit) is coprime with 11, so one changed digit
    // always changes `sum mod 11`; only the final `mod 10`, which gives 1 for both remainders
    // 0 and 10, lets a few typos through.
    let (mut caught, mut total) = (0, 0);
    for raw in raw_codes() {
        for position in 0..6 {
            for digit in b'0'..=b'9' {
                let mut typo = raw.as_bytes().to_vec();
                if typo[position] == digit {
                    continue;
                }
                typo[position] = digit;
                let typo = String::from_utf8(typo).unwrap();
                total += 1;
                if OrgCode::parse(&typo).is_err() {
                    caught += 1;
                }
            }
        }
    }
    assert!(
        caught * 100 / total >= 98,
        "caught only {caught} of {total} single-digit typos"
    );
}
