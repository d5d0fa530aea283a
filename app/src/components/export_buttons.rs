//! 「CSVで保存」「Excel(XLSX)で保存」「印刷」: the same three buttons under the dashboard, a
//! plan, survey results and the standardisation progress. The caller makes the tables when a
//! button is pressed (with the screen's filters and language); core writes the CSV here, and
//! the workbook in the tools module (`crate::tools`), which loads on the first XLSX export.

use leptos::prelude::*;
use tsunagu_core::export::{to_csv, Table};

use crate::i18n::measure::fill;
use crate::i18n::prefecture::prefecture_texts;
use crate::state::Locale;
use crate::tools::{build_xlsx, ToolsError};
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
    // One workbook at a time: a second click while the module loads would only wait too.
    let building = RwSignal::new(false);
    let report = move |outcome: Result<(), String>| {
        problem.set(
            outcome
                .err()
                .map(|detail| fill(t().export_failed, &[("detail", &detail)])),
        );
    };
    let export_csv = move || {
        let Some(files) = files.run(()) else {
            return;
        };
        report(
            save_file(
                &format!("{}.csv", files.stem),
                CSV_MIME,
                &to_csv(&files.csv),
            )
            .map_err(|e| e.to_string()),
        );
    };
    let export_xlsx = move || {
        let Some(files) = files.run(()) else {
            return;
        };
        building.set(true);
        leptos::task::spawn_local(async move {
            let outcome = match build_xlsx(files.sheets).await {
                Ok(bytes) => save_file(&format!("{}.xlsx", files.stem), XLSX_MIME, &bytes)
                    .map_err(|e| e.to_string()),
                Err(ToolsError::Unavailable(detail)) => {
                    Err(fill(t().tools_unavailable, &[("detail", &detail)]))
                }
                Err(refused) => Err(refused.to_string()),
            };
            building.set(false);
            report(outcome);
        });
    };

    view! {
        <p class="actions no-print">
            <button type="button" on:click=move |_| export_csv()>{locale.word(|l| prefecture_texts(l).export_csv)}</button>
            <button type="button" on:click=move |_| export_xlsx() disabled=move || building.get()>
                {locale.word(|l| prefecture_texts(l).export_xlsx)}
            </button>
            <button type="button" on:click=move |_| print_page()>{locale.word(|l| prefecture_texts(l).print)}</button>
        </p>
        <p class="form__problem" role="alert">{move || problem.get().unwrap_or_default()}</p>
    }
}
