//! A prefecture or municipality, and the national code list that seeds them.

use std::collections::{BTreeMap, HashMap};

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{OrgCode, PopulationClass};
use crate::domain::fields::{optional, FieldReader, Fields};
use crate::domain::{schema, RecordKind};
use crate::text;
use crate::validation::{into_result, ValidationError};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrgKind {
    Prefecture,
    Municipality,
}

impl OrgKind {
    pub fn as_str(self) -> &'static str {
        match self {
            OrgKind::Prefecture => "prefecture",
            OrgKind::Municipality => "municipality",
        }
    }

    /// What a code says: municipality part `000` is the prefecture itself.
    pub fn of_code(code: &OrgCode) -> OrgKind {
        if code.is_prefecture() {
            OrgKind::Prefecture
        } else {
            OrgKind::Municipality
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Organisation {
    pub code: OrgCode,
    pub kind: OrgKind,
    /// 岩手県, 遠野市: the name alone, without the prefecture for a municipality.
    pub name: String,
    /// Reading in full-width katakana (イワテケン, トオノシ).
    pub kana: String,
    /// Not in the code list; entered by staff when known.
    pub population: Option<u32>,
}

impl Organisation {
    pub fn population_class(&self) -> Option<PopulationClass> {
        self.population.map(PopulationClass::from_population)
    }

    /// Every field rule of the schema, and that `kind` agrees with the code.
    pub fn validate(&self) -> Result<(), Vec<ValidationError>> {
        let mut errors = schema::validate_record(RecordKind::Organisation, &self.to_fields());
        let expected = OrgKind::of_code(&self.code);
        if self.kind != expected {
            errors.push(ValidationError::new(
                "kind",
                format!(
                    "must be {} for code {} (got {})",
                    expected.as_str(),
                    self.code,
                    self.kind.as_str()
                ),
            ));
        }
        into_result(errors)
    }

    pub fn to_fields(&self) -> Fields {
        BTreeMap::from([
            ("code".to_owned(), Value::from(self.code.as_str())),
            ("kind".to_owned(), Value::from(self.kind.as_str())),
            ("name".to_owned(), Value::from(self.name.as_str())),
            ("kana".to_owned(), Value::from(self.kana.as_str())),
            ("population".to_owned(), optional(self.population)),
        ])
    }

    /// A missing `kind` is taken from the code.
    pub fn from_fields(fields: &Fields) -> Result<Organisation, ValidationError> {
        let reader = FieldReader::checked(RecordKind::Organisation, fields)?;
        let code = OrgCode::parse(&reader.string("code"))
            .map_err(|error| ValidationError::new("code", error.to_string()))?;
        let kind = match reader.opt_string("kind").as_deref() {
            Some("prefecture") => OrgKind::Prefecture,
            Some("municipality") => OrgKind::Municipality,
            _ => OrgKind::of_code(&code),
        };
        Ok(Organisation {
            kind,
            code,
            name: reader.string("name"),
            kana: reader.string("kana"),
            population: reader
                .integer("population")
                .and_then(|population| u32::try_from(population).ok()),
        })
    }
}

/// A problem in the code list CSV, with its 1-based line number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct CsvError {
    pub line: usize,
    pub message: String,
}

const CSV_HEADER: &str = "code,prefecture,city,prefecture_kana,city_kana";

/// Reads the national code list (`data/local-governments.csv`): header
/// `code,prefecture,city,prefecture_kana,city_kana`, one organisation per line, an empty `city`
/// for the prefecture itself. Kana arrive half-width (ｲﾜﾃｹﾝ) and are stored full-width
/// (イワテケン). The file has no quoted fields, so lines are split on commas; a quote is
/// rejected rather than misread. Population is not in the file and stays `None`.
pub fn load_csv(csv_text: &str) -> Result<Vec<Organisation>, CsvError> {
    let csv_text = csv_text.strip_prefix('\u{FEFF}').unwrap_or(csv_text);
    let mut lines = csv_text.lines().enumerate().map(|(i, line)| (i + 1, line));
    match lines.next() {
        Some((_, header)) if header.trim_end() == CSV_HEADER => {}
        _ => {
            return Err(CsvError {
                line: 1,
                message: format!("the header must be {CSV_HEADER}"),
            })
        }
    }
    let mut organisations = Vec::new();
    let mut first_line_of: HashMap<OrgCode, usize> = HashMap::new();
    for (line, content) in lines {
        if content.trim().is_empty() {
            continue;
        }
        let organisation = parse_csv_row(content).map_err(|message| CsvError { line, message })?;
        if let Some(earlier) = first_line_of.insert(organisation.code.clone(), line) {
            return Err(CsvError {
                line,
                message: format!(
                    "code {} already appears on line {earlier}",
                    organisation.code
                ),
            });
        }
        organisations.push(organisation);
    }
    Ok(organisations)
}

fn parse_csv_row(row: &str) -> Result<Organisation, String> {
    if row.contains('"') {
        return Err("quoted fields are not supported".to_owned());
    }
    let columns: Vec<&str> = row.trim_end_matches('\r').split(',').collect();
    let [code, prefecture, city, prefecture_kana, city_kana] = columns[..] else {
        return Err(format!("expected 5 columns, found {}", columns.len()));
    };
    let code = OrgCode::parse(code).map_err(|error| format!("code {code:?}: {error}"))?;
    let is_prefecture_row = city.trim().is_empty();
    if is_prefecture_row != code.is_prefecture() {
        return Err(format!(
            "code {code} is a {} code but the city column is {}",
            OrgKind::of_code(&code).as_str(),
            if is_prefecture_row { "empty" } else { "filled" }
        ));
    }
    let (name, kana) = if is_prefecture_row {
        (prefecture, prefecture_kana)
    } else {
        (city, city_kana)
    };
    Ok(Organisation {
        kind: OrgKind::of_code(&code),
        code,
        name: text::normalize(name),
        kana: text::normalize(kana),
        population: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tono() -> Organisation {
        Organisation {
            code: OrgCode::parse("032085").unwrap(),
            kind: OrgKind::Municipality,
            name: "遠野市".into(),
            kana: "トオノシ".into(),
            population: Some(25_000),
        }
    }

    #[test]
    fn population_class_follows_population() {
        assert_eq!(
            tono().population_class(),
            Some(PopulationClass::From10kTo50k)
        );
        let unknown = Organisation {
            population: None,
            ..tono()
        };
        assert_eq!(unknown.population_class(), None);
    }

    #[test]
    fn a_valid_organisation_passes() {
        assert_eq!(tono().validate(), Ok(()));
    }

    #[test]
    fn validate_reports_every_broken_field() {
        let broken = Organisation {
            kind: OrgKind::Prefecture,
            name: " ".into(),
            kana: "ア".repeat(201),
            population: Some(60_000_000),
            ..tono()
        };
        let errors = broken.validate().unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["kana", "name", "population", "kind"]);
        assert_eq!(
            errors[3].message,
            "must be municipality for code 032085 (got prefecture)"
        );
        assert_eq!(
            errors[0].message,
            "must be at most 200 characters (got 201)"
        );
    }

    #[test]
    fn fields_round_trip() {
        let organisation = tono();
        let fields = organisation.to_fields();
        for (name, value) in &fields {
            schema::validate_field(RecordKind::Organisation, name, value).unwrap();
        }
        assert_eq!(Organisation::from_fields(&fields), Ok(organisation));
    }

    #[test]
    fn from_fields_takes_kind_from_the_code_when_missing() {
        let fields = BTreeMap::from([
            ("code".to_owned(), Value::from("030007")),
            ("name".to_owned(), Value::from("岩手県")),
        ]);
        let iwate = Organisation::from_fields(&fields).unwrap();
        assert_eq!(iwate.kind, OrgKind::Prefecture);
        assert_eq!(iwate.kana, "");
        assert_eq!(iwate.population, None);
    }

    #[test]
    fn from_fields_rejects_a_missing_code_and_a_bad_one() {
        let no_code = BTreeMap::from([("name".to_owned(), Value::from("岩手県"))]);
        assert_eq!(
            Organisation::from_fields(&no_code),
            Err(ValidationError::new("code", "is required"))
        );
        let bad_code = BTreeMap::from([
            ("code".to_owned(), Value::from("030008")),
            ("name".to_owned(), Value::from("岩手県")),
        ]);
        assert_eq!(
            Organisation::from_fields(&bad_code).unwrap_err().message,
            "is not a valid local government code: check digit is 8 but should be 7 for 03000"
        );
    }

    #[test]
    fn load_csv_reads_prefectures_and_municipalities() {
        let csv = "\u{FEFF}code,prefecture,city,prefecture_kana,city_kana\r\n\
                   030007,岩手県,,ｲﾜﾃｹﾝ,\r\n\
                   032085,岩手県,遠野市,ｲﾜﾃｹﾝ,ﾄｵﾉｼ\r\n\r\n";
        let organisations = load_csv(csv).unwrap();
        assert_eq!(organisations.len(), 2);
        assert_eq!(organisations[0].kind, OrgKind::Prefecture);
        assert_eq!(organisations[0].name, "岩手県");
        assert_eq!(organisations[0].kana, "イワテケン");
        assert_eq!(
            organisations[1],
            Organisation {
                population: None,
                ..tono()
            }
        );
    }

    #[test]
    fn load_csv_reports_the_line_of_a_problem() {
        let header = "code,prefecture,city,prefecture_kana,city_kana\n";
        let cases = [
            (
                "032083,岩手県,遠野市,ｲﾜﾃｹﾝ,ﾄｵﾉｼ",
                "code \"032083\": check digit is 3 but should be 5 for 03208",
            ),
            ("032085,岩手県,遠野市,ｲﾜﾃｹﾝ", "expected 5 columns, found 4"),
            (
                "030007,岩手県,遠野市,ｲﾜﾃｹﾝ,ﾄｵﾉｼ",
                "code 030007 is a prefecture code but the city column is filled",
            ),
            (
                "032085,岩手県,,ｲﾜﾃｹﾝ,",
                "code 032085 is a municipality code but the city column is empty",
            ),
            (
                "032085,岩手県,\"遠野市\",ｲﾜﾃｹﾝ,ﾄｵﾉｼ",
                "quoted fields are not supported",
            ),
        ];
        for (row, message) in cases {
            let error = load_csv(&format!("{header}{row}\n")).unwrap_err();
            assert_eq!(
                error,
                CsvError {
                    line: 2,
                    message: message.into()
                },
                "{row}"
            );
        }
        let duplicate =
            format!("{header}032085,岩手県,遠野市,ｲﾜﾃｹﾝ,ﾄｵﾉｼ\n032085,岩手県,遠野市,ｲﾜﾃｹﾝ,ﾄｵﾉｼ\n");
        assert_eq!(
            load_csv(&duplicate).unwrap_err().to_string(),
            "line 3: code 032085 already appears on line 2"
        );
        assert_eq!(
            load_csv("code,name\n").unwrap_err().to_string(),
            format!("line 1: the header must be {CSV_HEADER}")
        );
    }
}
