//! A device's refused (or unsent) writes as a table its user can keep or send to the prefecture: what was
//! written, where, when, and why the server refused it.

use super::{Cell, Table};
use crate::lang::Lang;
use crate::protocol::{Mutation, Rejection, RejectionCode};
use chrono::{FixedOffset, TimeZone, Timelike};

/// Why a write was refused, in words for its user.
pub fn rejection_reason(code: RejectionCode, lang: Lang) -> &'static str {
    match code {
        RejectionCode::SurveyClosed => lang.pick(
            "回答期限を過ぎてから書かれた回答です",
            "The answer was written after the survey's deadline",
        ),
        RejectionCode::Forbidden => lang.pick(
            "このアクセストークンでは変更できない記録です",
            "This access token may not change this record",
        ),
        RejectionCode::RecordOwnedElsewhere => lang.pick(
            "ほかの団体の記録です",
            "The record belongs to another organisation",
        ),
        RejectionCode::ValidationFailed => lang.pick(
            "入力値が規則に合いません",
            "The value breaks a rule of the field",
        ),
        RejectionCode::ClockOutOfRange => lang.pick(
            "端末の時刻情報が範囲外です",
            "The device's timestamp is out of range",
        ),
        RejectionCode::TooLarge => lang.pick(
            "1回の変更として大きすぎます",
            "The change is too large to send",
        ),
        RejectionCode::SequenceReused | RejectionCode::Other => lang.pick(
            "サーバーが受け付けませんでした",
            "The server did not accept it",
        ),
    }
}

/// One refused write: the write, the refusal and when the device learnt of it.
pub struct RefusedRow<'a> {
    pub mutation: &'a Mutation,
    pub rejection: &'a Rejection,
    pub refused_at_ms: u64,
}

/// The refused writes as one table (times in JST, values as JSON text).
pub fn refused_table(rows: &[RefusedRow<'_>], lang: Lang) -> Table {
    let mut headers = vec![lang.pick("拒否された日時", "Refused at").to_owned()];
    headers.extend(write_headers(lang));
    headers.push(lang.pick("理由", "Reason").to_owned());
    headers.push(lang.pick("サーバーの説明", "Server's message").to_owned());
    Table {
        title: lang.pick("拒否された変更", "Refused changes").to_owned(),
        headers,
        rows: rows
            .iter()
            .map(|row| {
                let mut cells = vec![Cell::text(jst(row.refused_at_ms))];
                cells.extend(write_cells(row.mutation));
                cells.push(Cell::text(rejection_reason(row.rejection.code, lang)));
                cells.push(Cell::text(row.rejection.message.clone()));
                cells
            })
            .collect(),
    }
}

/// Writes not yet sent, as one table: what a user keeps before letting them go.
pub fn unsent_table(writes: &[Mutation], lang: Lang) -> Table {
    Table {
        title: lang.pick("未送信の変更", "Unsent changes").to_owned(),
        headers: write_headers(lang),
        rows: writes.iter().map(write_cells).collect(),
    }
}

fn write_headers(lang: Lang) -> Vec<String> {
    [
        lang.pick("書いた日時", "Written at"),
        lang.pick("種類", "Kind"),
        lang.pick("記録ID", "Record id"),
        lang.pick("団体コード", "Organisation"),
        lang.pick("項目", "Field"),
        lang.pick("値", "Value"),
    ]
    .iter()
    .map(|h| (*h).to_owned())
    .collect()
}

fn write_cells(mutation: &Mutation) -> Vec<Cell> {
    let value = match &mutation.value {
        serde_json::Value::String(text) => text.clone(),
        other => other.to_string(),
    };
    vec![
        Cell::text(jst(mutation.hlc.wall_ms)),
        Cell::text(mutation.kind.as_str()),
        Cell::text(mutation.record_id.clone()),
        Cell::text(mutation.org.as_str()),
        Cell::text(mutation.field.clone()),
        Cell::text(value),
    ]
}

/// `2026-12-06 19:37` in Japan time.
pub(crate) fn jst(ms: u64) -> String {
    let jst = FixedOffset::east_opt(9 * 3600).expect("nine hours is a valid offset");
    i64::try_from(ms)
        .ok()
        .and_then(|ms| jst.timestamp_millis_opt(ms).single())
        .map(|time| {
            let date = crate::calendar::iso_date(time.date_naive());
            format!("{date} {:02}:{:02}", time.hour(), time.minute())
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::RecordKind;
    use crate::export::to_csv;
    use crate::merge::Hlc;
    use crate::org::OrgCode;
    use serde_json::json;

    #[test]
    fn japan_times_read_as_chrono_wrote_them() {
        let jst_zone = FixedOffset::east_opt(9 * 3600).expect("offset");
        for ms in [0, 1_765_000_000_000, 1_765_031_999_999, 253_402_300_799_000] {
            let chrono = jst_zone
                .timestamp_millis_opt(ms as i64)
                .single()
                .map(|time| time.format("%Y-%m-%d %H:%M").to_string())
                .unwrap_or_default();
            assert_eq!(jst(ms), chrono);
        }
        assert_eq!(jst(1_765_031_999_999), "2025-12-06 23:39");
        assert_eq!(jst(u64::MAX), "");
    }

    #[test]
    fn a_refused_write_reads_as_a_row_with_its_reason_in_words() {
        let mutation = Mutation {
            seq: 4,
            kind: RecordKind::Measure,
            record_id: "m-1".into(),
            org: OrgCode::parse("032085").expect("Tono"),
            field: "percent".into(),
            value: json!(101),
            hlc: Hlc::new(1_796_000_000_000, 0, "web-1"),
            base: None,
            seen: None,
        };
        let rejection = Rejection::new(4, RejectionCode::ValidationFailed, "value: too big");
        let rows = [RefusedRow {
            mutation: &mutation,
            rejection: &rejection,
            refused_at_ms: 1_796_000_060_000,
        }];
        let table = refused_table(&rows, Lang::Ja);
        assert_eq!(table.headers.len(), table.rows[0].len());
        assert_eq!(table.rows[0][0], Cell::text("2026-11-30 09:54"));
        assert_eq!(table.rows[0][6], Cell::text("101"));
        assert_eq!(table.rows[0][7], Cell::text("入力値が規則に合いません"));
        let csv = String::from_utf8(to_csv(&table)).expect("utf-8");
        assert!(csv.contains("value: too big"), "{csv}");
        let english = refused_table(&rows, Lang::En);
        assert_eq!(english.headers[7], "Reason");
        let unsent = unsent_table(std::slice::from_ref(&mutation), Lang::En);
        assert_eq!(unsent.headers[0], "Written at");
        assert_eq!(unsent.rows[0][5], Cell::text("101"));
    }
}
