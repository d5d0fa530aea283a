//! 「CSVで保存」「Excel(XLSX)で保存」「印刷」: the same three buttons under the dashboard, a
//! plan, survey results and the standardisation progress. The caller makes the tables when a
//! button is pressed (with the screen's filters and language); core writes the files.

use leptos::prelude::*;
use tsunagu_core::export::{to_csv, to_xlsx, Table};

use crate::i18n::measure::fill;
use crate::i18n::prefecture::prefecture_texts;
use crate::state::Locale;
use crate::ui::download::{print_page, save_file, CSV_MIME, XLSX_MIME};

/// What to save: the file name without extension, the CSV's one table, the workbook's sheets.
pub struct ExportFiles {
    pub stem: String,
    pub csv: Table,
    pub sheets: Vec<Table>,
}

impl ExportFiles {
    /// One table as both the CSV and the only sheet.
    pub fn single(stem: String, table: Table) -> ExportFiles {
        ExportFiles {
            stem,
            sheets: vec![table.clone()],
            csv: table,
        }
    }
}

#[component]
pub fn ExportButtons(files: Callback<(), Option<ExportFiles>>) -> impl IntoView {
    let locale = Locale::expect();
    let t = move || prefecture_texts(locale.get());
    let problem = RwSignal::new(None::<String>);
    let export = move |xlsx: bool| {
        let Some(files) = files.run(()) else {
            return;
        };
        let outcome = if xlsx {
            to_xlsx(&files.sheets)
                .map_err(|e| e.to_string())
                .and_then(|bytes| {
                    save_file(&format!("{}.xlsx", files.stem), XLSX_MIME, &bytes)
                        .map_err(|e| e.to_string())
                })
        } else {
            save_file(
                &format!("{}.csv", files.stem),
                CSV_MIME,
                &to_csv(&files.csv),
            )
            .map_err(|e| e.to_string())
        };
        problem.set(
            outcome
                .err()
                .map(|detail| fill(t().export_failed, &[("detail", &detail)])),
        );
    };

    view! {
        <p class="actions no-print">
            <button type="button" on:click=move |_| export(false)>{move || t().export_csv}</button>
            <button type="button" on:click=move |_| export(true)>{move || t().export_xlsx}</button>
            <button type="button" on:click=move |_| print_page()>{move || t().print}</button>
        </p>
        <p class="form__problem" role="alert">{move || problem.get().unwrap_or_default()}</p>
    }
}
