//! The wasm size of core's import, measured by `measure.sh` beside it. Without features the
//! exported function runs core's export only; `shared` adds the core code import builds on
//! (text folding, dates, validation); `import` adds the whole pipeline (read CSV and XLSX, map,
//! preview, batch, undo, messages, taxonomy and questions). Not a workspace member.
use tsunagu_core::domain::Plan;
use tsunagu_core::lang::Lang;

#[no_mangle]
pub extern "C" fn alloc(len: usize) -> *mut u8 {
    let mut buffer = Vec::<u8>::with_capacity(len);
    let pointer = buffer.as_mut_ptr();
    std::mem::forget(buffer);
    pointer
}

#[no_mangle]
pub unsafe extern "C" fn run(pointer: *const u8, len: usize, kind: u32) -> usize {
    let bytes = std::slice::from_raw_parts(pointer, len);
    let plan: Plan = match serde_json::from_slice(&bytes[..16.min(len)]) {
        Ok(plan) => plan,
        Err(_) => return 0,
    };
    let areas = tsunagu_core::domain::taxonomy::national_default();
    let today = chrono::NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default();
    let table = tsunagu_core::export::plan_table_with_ids(&plan, &[], &areas, today, Lang::Ja);
    #[allow(unused_mut)]
    let mut total = tsunagu_core::export::to_xlsx(&[table]).map_or(0, |b| b.len());
    #[cfg(feature = "import")]
    {
        use tsunagu_core::import::*;
        let sheet = if kind == 0 {
            read_csv("f", std::str::from_utf8(bytes).unwrap_or(""))
        } else {
            read_xlsx("f", bytes, &SheetChoice::First)
        };
        match sheet {
            Err(error) => total += error.message(<Lang as FromKind>::of_kind(kind)).len(),
            Ok(sheet) => {
                if kind == 7 {
                    total += read_taxonomy("f", &sheet, &areas, &[], || "a".into())
                        .map_or(0, |i| i.areas.len());
                    total += read_survey_questions("f", &sheet, || "q".into())
                        .map_or(0, |i| i.questions.len());
                }
                let context = PlanContext {
                    plan_id: "p",
                    plan: &plan,
                    measures: &[],
                    kpis: &[],
                    areas: &areas,
                    lang: Lang::Ja,
                };
                let result = ColumnMapping::recognise("f", &sheet).and_then(|mut mapping| {
                    mapping.set(kind as usize, Some(Target::Title));
                    preview_plan_import("f", &sheet, &mapping, &context)
                });
                match result {
                    Ok(preview) => {
                        for refusal in &preview.refused {
                            total += refusal.message(Lang::En).len();
                        }
                        let batch = ImportBatch::from_preview(&preview, "i", |_| "n".into());
                        total += batch.undo(|_, _| None).writes.len();
                        total += batch.write_count();
                    }
                    Err(error) => total += error.message(Lang::Ja).len(),
                }
            }
        }
    }
    #[cfg(feature = "shared")]
    {
        use tsunagu_core::domain::{Kpi, Measure, Status};
        let text = std::str::from_utf8(bytes).unwrap_or("");
        total += tsunagu_core::text::normalize(text).len();
        total += tsunagu_core::text::fold_width(text).len();
        total += tsunagu_core::text::normalize_multiline(text).len();
        total += tsunagu_core::text::parse_decimal(text).map_or(0, |v| v as usize);
        total += tsunagu_core::calendar::parse_japanese_date(text).map_or(0, |d| d.to_string().len());
        total += tsunagu_core::calendar::FiscalYear::parse(text).map_or(0, |y| y.label_both().len());
        total += text.parse::<Status>().map_or(0, |s| s as usize);
        let measure = Measure::new("p", text);
        total += measure.validate().map_or(1, |_| 0);
        total += Measure::from_fields(&measure.to_fields()).map_or(1, |_| 0);
        let kpi = Kpi::new("m", text);
        total += kpi.validate().map_or(1, |_| 0);
        total += Kpi::from_fields(&kpi.to_fields()).map_or(1, |_| 0);
        for area in &areas {
            total += area.validate().map_or(1, |_| 0);
        }
        let survey = tsunagu_core::domain::Survey::new("s", text, today);
        total += survey.validate().map_or(1, |_| 0);
        total += tsunagu_core::domain::taxonomy::merge(&areas, &[]).map_or(1, |a| a.len());
    }
    #[cfg(not(feature = "import"))]
    let _ = kind;
    total
}

#[cfg(feature = "import")]
trait FromKind {
    fn of_kind(kind: u32) -> Self;
}
#[cfg(feature = "import")]
impl FromKind for Lang {
    fn of_kind(kind: u32) -> Self {
        if kind % 2 == 0 { Lang::Ja } else { Lang::En }
    }
}
