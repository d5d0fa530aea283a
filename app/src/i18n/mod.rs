//! A tiny typed ja/en dictionary. Japanese is the default language.
//!
//! Every UI string is a field of [`Texts`], so a string missing from one
//! language is a compile error. The chosen language is remembered in
//! `localStorage`.

pub mod activity;
pub mod measure;
pub mod members;
pub mod prefecture;
pub mod refused;
pub mod standardisation;
pub mod survey;
pub mod trash;

use tsunagu_core::access::Role;
use tsunagu_core::domain::RecordKind;

use crate::storage::{self, StorageError};

/// `localStorage` key holding the chosen language code.
pub const LANG_STORAGE_KEY: &str = "tsunagu.lang";

/// A UI language.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    /// 日本語 (default).
    #[default]
    Ja,
    /// English.
    En,
}

impl From<Lang> for tsunagu_core::lang::Lang {
    /// Core's exports and report headers follow the UI language.
    fn from(lang: Lang) -> Self {
        match lang {
            Lang::Ja => tsunagu_core::lang::Lang::Ja,
            Lang::En => tsunagu_core::lang::Lang::En,
        }
    }
}

impl Lang {
    /// All languages, in the order the switch shows them.
    pub const ALL: [Lang; 2] = [Lang::Ja, Lang::En];

    /// The Japanese or the English text, for names that come in both (areas, systems, steps).
    pub fn pick<'a>(self, ja: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }

    /// BCP 47 code, as used by the `lang` attribute.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// Parses a code written by [`Lang::code`].
    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "ja" => Some(Lang::Ja),
            "en" => Some(Lang::En),
            _ => None,
        }
    }

    /// The language's own name (shown the same whatever the UI language).
    pub fn endonym(self) -> &'static str {
        match self {
            Lang::Ja => "日本語",
            Lang::En => "English",
        }
    }

    /// The dictionary for this language.
    pub fn texts(self) -> &'static Texts {
        match self {
            Lang::Ja => &JA,
            Lang::En => &EN,
        }
    }

    /// The saved language, or the default when none is saved, the value is
    /// unknown or storage is unavailable.
    pub fn load_saved() -> Lang {
        storage::get(LANG_STORAGE_KEY)
            .ok()
            .flatten()
            .and_then(|code| Lang::from_code(&code))
            .unwrap_or_default()
    }

    /// Remembers this language for the next visit.
    pub fn save(self) -> Result<(), StorageError> {
        storage::set(LANG_STORAGE_KEY, self.code())
    }
}

/// Every string the UI shows, for one language. Strings that contain numbers or names are
/// functions, so word order can differ between languages.
#[derive(Debug)]
pub struct Texts {
    // Layout
    pub app_tagline: &'static str,
    pub language_label: &'static str,
    pub skip_to_main: &'static str,
    pub identity_label: &'static str,
    pub nav_label: &'static str,
    pub nav_plan: &'static str,
    pub nav_checklist: &'static str,
    pub nav_conflicts: &'static str,
    pub nav_connect: &'static str,
    pub loading: &'static str,
    pub load_failed: &'static str,
    pub not_connected_yet: &'static str,
    pub go_connect: &'static str,
    pub read_only_notice: &'static str,
    pub record_unreadable: &'static str,
    pub record_unreadable_short: &'static str,
    pub form_has_problems: &'static str,
    pub save: &'static str,
    pub cancel: &'static str,
    pub add: &'static str,
    pub remove: &'static str,
    pub value_yes: &'static str,
    pub value_no: &'static str,
    pub value_empty: &'static str,
    pub role_prefecture_admin: &'static str,
    pub role_editor: &'static str,
    pub role_viewer: &'static str,
    pub kind_organisation: &'static str,
    pub kind_plan: &'static str,
    pub kind_measure: &'static str,
    pub kind_kpi: &'static str,
    pub kind_taxonomy_area: &'static str,
    pub kind_step_checklist: &'static str,
    pub kind_survey: &'static str,
    pub kind_survey_response: &'static str,
    pub kind_system_migration: &'static str,
    pub kind_case: &'static str,
    pub not_found_heading: &'static str,
    pub not_found_body: &'static str,
    pub not_found_home: &'static str,

    // Sync status bar
    pub sync_heading: &'static str,
    pub status_checking: &'static str,
    pub sync_not_connected: &'static str,
    pub sync_online: &'static str,
    pub sync_offline_browser: &'static str,
    pub sync_offline_server: &'static str,
    pub sync_running: &'static str,
    pub sync_nothing_pending: &'static str,
    pub sync_pending: fn(usize) -> String,
    pub sync_last: &'static str,
    pub sync_never: &'static str,
    pub sync_now: &'static str,
    pub sync_go_connect: &'static str,
    pub save_error_local: &'static str,
    pub sync_error_unreachable: &'static str,
    pub sync_error_token: &'static str,
    pub sync_error_revoked: &'static str,
    pub sync_error_forbidden: &'static str,
    pub sync_error_store_replaced: &'static str,
    pub sync_error_refused: &'static str,
    pub sync_error_invalid_response: &'static str,
    pub sync_error_invalid_url: &'static str,
    pub sync_error_storage: &'static str,

    // Connect
    pub connect_heading: &'static str,
    pub connect_intro: &'static str,
    pub connect_form_heading: &'static str,
    pub connect_url: &'static str,
    pub connect_url_hint: &'static str,
    pub connect_token: &'static str,
    pub connect_token_hint: &'static str,
    pub connect_show_token: &'static str,
    pub connect_submit: &'static str,
    pub connect_connecting: &'static str,
    pub connect_done: &'static str,
    pub connect_go_plan: &'static str,
    pub connect_afresh_warning: &'static str,
    pub connect_save_unsent: &'static str,
    pub connect_discard_and_connect: &'static str,
    pub connect_cancel: &'static str,
    pub connect_unsent_file: &'static str,
    pub connect_missing_url: &'static str,
    pub connect_bad_url: &'static str,
    pub connect_missing_token: &'static str,
    pub connect_malformed_token: &'static str,
    pub connect_token_refused: &'static str,
    pub identity_heading: &'static str,
    pub identity_org: &'static str,
    pub identity_role: &'static str,
    pub identity_prefecture: &'static str,
    pub identity_storage: &'static str,
    pub storage_persistent: &'static str,
    pub storage_best_effort: &'static str,
    pub storage_unknown: &'static str,
    pub identity_token_label: &'static str,
    pub disconnect: &'static str,
    pub disconnect_hint: &'static str,

    // Plan
    pub plan_heading: &'static str,
    pub plan_none: &'static str,
    pub plan_none_read_only: &'static str,
    pub plan_period: &'static str,
    pub plan_vision: &'static str,
    pub plan_vision_empty: &'static str,
    pub plan_edit: &'static str,
    pub plan_form_create: &'static str,
    pub plan_form_edit: &'static str,
    pub plan_title: &'static str,
    pub plan_start: &'static str,
    pub plan_end: &'static str,
    pub plan_year_hint: &'static str,
    pub plan_create: &'static str,
    pub plan_form_title_required: &'static str,
    pub plan_form_title_too_long: &'static str,
    pub plan_form_bad_year: &'static str,
    pub plan_form_year_range: &'static str,
    pub plan_form_end_before_start: &'static str,
    pub plan_form_vision_too_long: &'static str,
    pub mark_pending: &'static str,
    pub mark_conflict: &'static str,
    pub policies_heading: &'static str,
    pub policies_none: &'static str,
    pub policy_new: &'static str,
    pub policy_name_label: fn(usize) -> String,
    pub policy_up: fn(&str) -> String,
    pub policy_down: fn(&str) -> String,
    pub policy_remove: fn(&str) -> String,
    pub policy_remove_confirm: fn(&str, usize) -> String,
    pub policy_title_required: &'static str,
    pub policy_invalid: &'static str,
    pub measure_count: fn(usize) -> String,

    // Measure list
    pub measures_heading: &'static str,
    pub measures_none: &'static str,
    pub measures_none_match: &'static str,
    pub result_count: fn(usize, usize) -> String,
    /// The list's 「さらに表示」 button: rows it adds, rows held back.
    pub more_rows: fn(usize, usize) -> String,
    pub filters_label: &'static str,
    pub filter_status: &'static str,
    pub filter_flags: &'static str,
    pub filter_priority: &'static str,
    pub filter_overdue: &'static str,
    pub filter_department: &'static str,
    pub filter_all: &'static str,
    pub filter_query: &'static str,
    pub filter_query_hint: &'static str,
    pub filter_clear: &'static str,
    pub sort_label: &'static str,
    pub sort_plan: &'static str,
    pub sort_status: &'static str,
    pub sort_percent: &'static str,
    pub sort_deadline: &'static str,
    pub group_label: &'static str,
    pub group_policy: &'static str,
    pub group_area: &'static str,
    pub group_none: &'static str,
    pub group_count: fn(usize, usize) -> String,
    pub col_measure: &'static str,
    pub col_department: &'static str,
    pub col_status: &'static str,
    pub col_percent: &'static str,
    pub col_deadline: &'static str,
    pub col_sync: &'static str,
    pub priority_badge: &'static str,
    pub mark_overdue: &'static str,
    pub mark_pending_short: &'static str,
    pub mark_conflict_short: &'static str,
    pub fy_end: fn(&str) -> String,
    pub measure_add_heading: &'static str,
    pub measure_new_title: &'static str,
    pub measure_new_policy: &'static str,
    pub measure_add: &'static str,
    pub measure_title_required: &'static str,
    pub measure_title_too_long: &'static str,

    // Checklist
    pub checklist_heading: &'static str,
    pub checklist_intro: &'static str,
    pub checklist_summary: fn(usize, Option<&str>) -> String,
    pub checklist_done: &'static str,
    pub checklist_date: &'static str,
    pub checklist_note: &'static str,
    pub checklist_note_too_long: &'static str,

    // Conflicts
    pub conflicts_heading: &'static str,
    pub conflicts_intro: &'static str,
    pub conflicts_none: &'static str,
    pub conflicts_restore_hint: &'static str,
    pub conflicts_caption: fn(usize) -> String,
    pub conflicts_record: &'static str,
    pub conflicts_field: &'static str,
    pub conflicts_current: &'static str,
    pub conflicts_losers: &'static str,
    pub conflicts_unknown_author: &'static str,

    // Errors (health check and the error boundary)
    pub offline_hint: &'static str,
    pub error_http_status: &'static str,
    pub error_invalid_response: &'static str,
    pub error_wrong_service: &'static str,
    pub error_not_ok: &'static str,
    pub error_protocol: &'static str,
    pub error_heading: &'static str,
    pub error_storage: &'static str,
    pub error_unexpected: &'static str,
    pub dismiss: &'static str,
}

/// A role in words: 都道府県管理者 / 編集者 / 閲覧者.
pub fn role_label(role: Role, t: &Texts) -> &'static str {
    match role {
        Role::PrefectureAdmin => t.role_prefecture_admin,
        Role::Editor => t.role_editor,
        Role::Viewer => t.role_viewer,
    }
}

/// A record kind in words: 計画, 施策, …
pub fn kind_label(kind: RecordKind, t: &Texts) -> &'static str {
    match kind {
        RecordKind::Organisation => t.kind_organisation,
        RecordKind::Plan => t.kind_plan,
        RecordKind::Measure => t.kind_measure,
        RecordKind::Kpi => t.kind_kpi,
        RecordKind::TaxonomyArea => t.kind_taxonomy_area,
        RecordKind::StepChecklist => t.kind_step_checklist,
        RecordKind::Survey => t.kind_survey,
        RecordKind::SurveyResponse => t.kind_survey_response,
        RecordKind::SystemMigration => t.kind_system_migration,
        RecordKind::Case => t.kind_case,
    }
}

/// 日本語.
pub const JA: Texts = Texts {
    app_tagline: "自治体DX計画をつなぐ",
    language_label: "表示言語",
    skip_to_main: "本文へ移動",
    identity_label: "接続中の団体と役割:",
    nav_label: "メインメニュー",
    nav_plan: "計画",
    nav_checklist: "手順チェック",
    nav_conflicts: "競合",
    nav_connect: "接続",
    loading: "この端末のデータを読み込んでいます…",
    load_failed: "この端末のデータを読み込めませんでした。ブラウザの設定（プライベートモードや保存の許可）を確認して、ページを再読み込みしてください。",
    not_connected_yet: "まだ同期サーバーに接続していません。",
    go_connect: "接続画面へ",
    read_only_notice: "閲覧のみ：この内容は表示できますが、変更できません。",
    record_unreadable: "この記録には読み取れない項目があります。読み取れた内容だけを表示しています。",
    record_unreadable_short: "読み取れない項目あり",
    form_has_problems: "入力内容を確認してください：",
    save: "保存",
    cancel: "キャンセル",
    add: "追加",
    remove: "削除",
    value_yes: "はい",
    value_no: "いいえ",
    value_empty: "(空)",
    role_prefecture_admin: "都道府県管理者",
    role_editor: "編集者",
    role_viewer: "閲覧者",
    kind_organisation: "団体",
    kind_plan: "計画",
    kind_measure: "施策",
    kind_kpi: "KPI",
    kind_taxonomy_area: "分野",
    kind_step_checklist: "手順チェック",
    kind_survey: "調査",
    kind_survey_response: "調査への回答",
    kind_system_migration: "標準化の進捗",
    kind_case: "事例",
    not_found_heading: "ページが見つかりません",
    not_found_body: "指定されたアドレスのページはありません。",
    not_found_home: "最初の画面へ戻る",

    sync_heading: "同期の状況",
    status_checking: "確認中…",
    sync_not_connected: "未接続",
    sync_online: "オンライン",
    sync_offline_browser: "オフライン（この端末がネットワークにつながっていません）",
    sync_offline_server: "オフライン（同期サーバーに届きません）",
    sync_running: "同期中…",
    sync_nothing_pending: "未送信なし",
    sync_pending: |n| format!("未送信 {n}件"),
    sync_last: "最終同期",
    sync_never: "未同期",
    sync_now: "今すぐ同期",
    sync_go_connect: "接続する",
    save_error_local: "変更をこの端末に保存できませんでした。",
    sync_error_unreachable: "同期サーバーに接続できません。変更はこの端末に保存され、つながったときに送信されます。",
    sync_error_token: "アクセストークンが受け付けられませんでした。接続画面でトークンを確認してください。",
    sync_error_revoked: "このアクセストークンは都道府県の管理者によって取り消されました。未送信の変更はこの端末に残っています。管理者に新しい招待を依頼してください。",
    sync_error_forbidden: "この操作は許可されていません",
    sync_error_store_replaced: "サーバーのデータがバックアップから戻されたか、古い変更が整理されました。未送信の変更は残したまま、最新のデータを取り直します",
    sync_error_refused: "同期サーバーが変更を受け付けませんでした",
    sync_error_invalid_response: "同期サーバーの応答を読み取れませんでした。しばらくしてから再度お試しください。",
    sync_error_invalid_url: "同期サーバーのアドレスが正しくありません。接続画面で確認してください。",
    sync_error_storage: "受け取ったデータをこの端末に保存できませんでした。ブラウザの空き容量を確認してください。",

    connect_heading: "同期サーバーへの接続",
    connect_intro: "都道府県または団体の担当者から受け取ったアクセストークンで接続します。接続後も、オフラインのまま作業できます。",
    connect_form_heading: "接続の設定",
    connect_url: "同期サーバーのアドレス",
    connect_url_hint: "通常はこのページと同じアドレスです（例: https://tsunagu.example.jp）。",
    connect_token: "アクセストークン",
    connect_token_hint: "tsu_ で始まる文字列です。他の人に見せないでください。",
    connect_show_token: "トークンを表示",
    connect_submit: "接続",
    connect_connecting: "接続しています…",
    connect_done: "接続しました。",
    connect_go_plan: "計画を開く",
    connect_afresh_warning: "この端末には、まだ送信されていない変更が{count}件あります。別の団体または別のサーバーに接続すると、この端末のデータは消え、これらの変更は送信されません。先にCSVで保存してください。",
    connect_save_unsent: "未送信の変更をCSVで保存",
    connect_discard_and_connect: "{count}件の変更を破棄して接続",
    connect_cancel: "接続しない",
    connect_unsent_file: "未送信の変更",
    connect_missing_url: "同期サーバーのアドレスを入力してください。",
    connect_bad_url: "アドレスは http:// または https:// で始めてください。",
    connect_missing_token: "アクセストークンを入力してください。",
    connect_malformed_token: "アクセストークンの形式が正しくありません（tsu_ で始まる文字列を、そのまま貼り付けてください）。",
    connect_token_refused: "アクセストークンが受け付けられませんでした。失効していないか、正しく貼り付けたかを確認してください。",
    identity_heading: "接続中のアカウント",
    identity_org: "団体",
    identity_role: "役割",
    identity_prefecture: "都道府県",
    identity_storage: "この端末のデータ",
    storage_persistent: "保護されています。容量が不足しても、ブラウザが消去することはありません。",
    storage_best_effort: "容量が不足すると、ブラウザが消去することがあります。未送信の変更は早めに同期してください。",
    storage_unknown: "このブラウザでは保護されているか確認できません。未送信の変更は早めに同期してください。",
    identity_token_label: "トークンの名前",
    disconnect: "接続を解除",
    disconnect_hint: "接続を解除しても、この端末のデータは残ります。未送信の変更は、再び接続したときに送信されます。",

    plan_heading: "DX推進計画",
    plan_none: "まだ計画がありません。計画名と期間を入力して作成してください。",
    plan_none_read_only: "この団体の計画はまだ登録されていません。",
    plan_period: "計画期間:",
    plan_vision: "目指す姿",
    plan_vision_empty: "(未入力)",
    plan_edit: "計画名・期間・目指す姿を編集",
    plan_form_create: "計画を作成",
    plan_form_edit: "計画の基本情報を編集",
    plan_title: "計画名",
    plan_start: "開始年度",
    plan_end: "終了年度",
    plan_year_hint: "例: 令和4年度、R4、2022（全角数字も使えます）",
    plan_create: "作成",
    plan_form_title_required: "計画名を入力してください。",
    plan_form_title_too_long: "計画名は200文字以内で入力してください。",
    plan_form_bad_year: "年度を読み取れません。令和7年度、R7、2025 のように入力してください。",
    plan_form_year_range: "年度は2000年度から2100年度の間で入力してください。",
    plan_form_end_before_start: "終了年度は開始年度と同じか、それより後にしてください。",
    plan_form_vision_too_long: "目指す姿は4000文字以内で入力してください。",
    mark_pending: "未送信の変更があります",
    mark_conflict: "競合があります",
    policies_heading: "基本施策",
    policies_none: "基本施策はまだありません。",
    policy_new: "新しい基本施策",
    policy_name_label: |n| format!("基本施策{n}の名称"),
    policy_up: |title| format!("「{title}」を上へ移動"),
    policy_down: |title| format!("「{title}」を下へ移動"),
    policy_remove: |title| format!("「{title}」を削除"),
    policy_remove_confirm: |title, n| {
        if n == 0 {
            format!("基本施策「{title}」を削除しますか？")
        } else {
            format!("基本施策「{title}」を削除しますか？この基本施策の施策{n}件は「基本施策なし」に表示されます。")
        }
    },
    policy_title_required: "基本施策の名称を入力してください。",
    policy_invalid: "基本施策を保存できませんでした（名称は200文字以内、50件までです）。",
    measure_count: |n| format!("施策 {n}件"),

    measures_heading: "施策一覧",
    measures_none: "施策はまだありません。",
    measures_none_match: "条件に合う施策はありません。",
    result_count: |shown, total| format!("全{total}件中 {shown}件を表示"),
    more_rows: |next, left| format!("さらに{next}件を表示（残り{left}件）"),
    filters_label: "施策の絞り込み",
    filter_status: "状況",
    filter_flags: "条件",
    filter_priority: "【重点】のみ",
    filter_overdue: "期限超過のみ",
    filter_department: "担当課",
    filter_all: "すべて",
    filter_query: "キーワード",
    filter_query_hint: "施策名・担当課・備考から探します。入力後に Enter。",
    filter_clear: "条件をクリア",
    sort_label: "並び順",
    sort_plan: "計画の順",
    sort_status: "状況",
    sort_percent: "進捗率（低い順）",
    sort_deadline: "期限（近い順）",
    group_label: "まとめ方",
    group_policy: "基本施策ごと",
    group_area: "分野ごと",
    group_none: "基本施策なし・分野なし",
    group_count: |shown, total| {
        if shown == total {
            format!("{shown}件")
        } else {
            format!("{shown}件（全{total}件）")
        }
    },
    col_measure: "施策",
    col_department: "担当課",
    col_status: "状況",
    col_percent: "進捗率",
    col_deadline: "期限",
    col_sync: "同期",
    priority_badge: "【重点】",
    mark_overdue: "期限超過",
    mark_pending_short: "未送信",
    mark_conflict_short: "競合",
    fy_end: |year| format!("{year}末"),
    measure_add_heading: "施策を追加",
    measure_new_title: "施策名",
    measure_new_policy: "基本施策",
    measure_add: "施策を追加",
    measure_title_required: "施策名を入力してください。",
    measure_title_too_long: "施策名は200文字以内で入力してください。",

    checklist_heading: "DX推進の手順チェック",
    checklist_intro: "自治体DX全体手順書の4つのステップについて、到達したかどうか・到達日・メモを記録します。",
    checklist_summary: |done, next| match next {
        Some(next) => format!("4ステップ中 {done}ステップ完了。次は「{next}」です。"),
        None => "4ステップすべて完了しています。".to_owned(),
    },
    checklist_done: "完了",
    checklist_date: "到達日",
    checklist_note: "メモ",
    checklist_note_too_long: "メモは2000文字以内で入力してください。",

    conflicts_heading: "競合している項目",
    conflicts_intro: "同じ項目が別の端末でほぼ同時に変更され、一方の値だけが採用された項目です。",
    conflicts_none: "競合している項目はありません。",
    conflicts_restore_hint: "採用されなかった値に戻すには、記録の名前から編集画面を開いてください。",
    conflicts_caption: |n| format!("競合している項目 {n}件"),
    conflicts_record: "記録",
    conflicts_field: "項目",
    conflicts_current: "現在の値（変更した人・日時）",
    conflicts_losers: "採用されなかった値",
    conflicts_unknown_author: "不明",

    offline_hint: "同期サーバーに接続できません。この端末での作業は続けられます。",
    error_http_status: "同期サーバーがエラーを返しました",
    error_invalid_response: "同期サーバーの応答を読み取れませんでした",
    error_wrong_service: "接続先が同期サーバーではありません",
    error_not_ok: "同期サーバーが異常を報告しています",
    error_protocol: "同期サーバーとアプリのバージョンが合いません。ページを再読み込みしてください（送信前の変更はこの端末に残っています）",
    error_heading: "問題が発生しました",
    error_storage: "設定をこの端末に保存できませんでした",
    error_unexpected: "予期しないエラーが発生しました",
    dismiss: "閉じる",
};

/// English.
pub const EN: Texts = Texts {
    app_tagline: "Connecting municipal DX plans",
    language_label: "Language",
    skip_to_main: "Skip to main content",
    identity_label: "Connected organisation and role:",
    nav_label: "Main menu",
    nav_plan: "Plan",
    nav_checklist: "Step checklist",
    nav_conflicts: "Conflicts",
    nav_connect: "Connection",
    loading: "Loading the data on this device…",
    load_failed: "The data on this device could not be loaded. Check the browser's settings (private mode, storage permission) and reload the page.",
    not_connected_yet: "You are not connected to a sync server yet.",
    go_connect: "Go to the connection screen",
    read_only_notice: "Read only: you can see this, but not change it.",
    record_unreadable: "Some fields of this record could not be read. What could be read is shown.",
    record_unreadable_short: "unreadable fields",
    form_has_problems: "Please check:",
    save: "Save",
    cancel: "Cancel",
    add: "Add",
    remove: "Remove",
    value_yes: "Yes",
    value_no: "No",
    value_empty: "(empty)",
    role_prefecture_admin: "Prefecture administrator",
    role_editor: "Editor",
    role_viewer: "Viewer",
    kind_organisation: "Organisation",
    kind_plan: "Plan",
    kind_measure: "Measure",
    kind_kpi: "KPI",
    kind_taxonomy_area: "Area",
    kind_step_checklist: "Step checklist",
    kind_survey: "Survey",
    kind_survey_response: "Survey answer",
    kind_system_migration: "Standardisation progress",
    kind_case: "Case",
    not_found_heading: "Page not found",
    not_found_body: "There is no page at this address.",
    not_found_home: "Back to the start",

    sync_heading: "Sync status",
    status_checking: "Checking…",
    sync_not_connected: "Not connected",
    sync_online: "Online",
    sync_offline_browser: "Offline (this device has no network)",
    sync_offline_server: "Offline (the sync server cannot be reached)",
    sync_running: "Syncing…",
    sync_nothing_pending: "Nothing unsent",
    sync_pending: |n| match n {
        1 => "1 unsent change".to_owned(),
        n => format!("{n} unsent changes"),
    },
    sync_last: "Last sync",
    sync_never: "Never synced",
    sync_now: "Sync now",
    sync_go_connect: "Connect",
    save_error_local: "A change could not be saved on this device.",
    sync_error_unreachable: "The sync server cannot be reached. Changes are kept on this device and sent when it can be reached.",
    sync_error_token: "The access token was refused. Check the token on the connection screen.",
    sync_error_revoked: "Your prefecture's administrator revoked this access token. Unsent changes stay on this device. Ask the administrator for a new invitation.",
    sync_error_forbidden: "This is not allowed",
    sync_error_store_replaced: "The server's data was restored from a backup, or its old changes were cleared. This device takes the data again, keeping its unsent changes",
    sync_error_refused: "The sync server refused the changes",
    sync_error_invalid_response: "The sync server's answer could not be read. Please try again later.",
    sync_error_invalid_url: "The sync server address is not valid. Check it on the connection screen.",
    sync_error_storage: "The received data could not be saved on this device. Check the browser's free space.",

    connect_heading: "Connect to the sync server",
    connect_intro: "Connect with the access token you received from your prefecture or organisation. Once connected, you can keep working offline.",
    connect_form_heading: "Connection settings",
    connect_url: "Sync server address",
    connect_url_hint: "Usually the address of this page (for example https://tsunagu.example.jp).",
    connect_token: "Access token",
    connect_token_hint: "It starts with tsu_. Do not show it to anyone.",
    connect_show_token: "Show token",
    connect_submit: "Connect",
    connect_connecting: "Connecting…",
    connect_done: "Connected.",
    connect_go_plan: "Open the plan",
    connect_afresh_warning: "This device holds {count} changes not yet sent. Connecting as another organisation or to another server clears this device's data, and these changes will not be sent. Save them as CSV first.",
    connect_save_unsent: "Save the unsent changes as CSV",
    connect_discard_and_connect: "Discard {count} changes and connect",
    connect_cancel: "Do not connect",
    connect_unsent_file: "unsent-changes",
    connect_missing_url: "Enter the sync server's address.",
    connect_bad_url: "The address must start with http:// or https://.",
    connect_missing_token: "Enter the access token.",
    connect_malformed_token: "This is not an access token (paste the whole text starting with tsu_).",
    connect_token_refused: "The access token was refused. Check that it has not been revoked and was pasted completely.",
    identity_heading: "Connected account",
    identity_org: "Organisation",
    identity_role: "Role",
    identity_prefecture: "Prefecture",
    identity_storage: "Data on this device",
    storage_persistent: "Protected: the browser will not clear it when storage runs low.",
    storage_best_effort: "The browser may clear it when storage runs low. Sync unsent changes soon.",
    storage_unknown: "This browser cannot tell whether it is protected. Sync unsent changes soon.",
    identity_token_label: "Token name",
    disconnect: "Disconnect",
    disconnect_hint: "Disconnecting keeps the data on this device. Unsent changes are sent when you connect again.",

    plan_heading: "DX plan",
    plan_none: "There is no plan yet. Enter its title and period to create it.",
    plan_none_read_only: "This organisation has no plan yet.",
    plan_period: "Plan period:",
    plan_vision: "Vision",
    plan_vision_empty: "(not entered)",
    plan_edit: "Edit title, period and vision",
    plan_form_create: "Create the plan",
    plan_form_edit: "Edit the plan",
    plan_title: "Plan title",
    plan_start: "First fiscal year",
    plan_end: "Last fiscal year",
    plan_year_hint: "For example 令和4年度, R4 or 2022 (full-width digits work too)",
    plan_create: "Create",
    plan_form_title_required: "Enter the plan's title.",
    plan_form_title_too_long: "The title must be at most 200 characters.",
    plan_form_bad_year: "The fiscal year could not be read. Write it as 令和7年度, R7 or 2025.",
    plan_form_year_range: "Fiscal years must be between 2000 and 2100.",
    plan_form_end_before_start: "The last fiscal year must not be before the first.",
    plan_form_vision_too_long: "The vision must be at most 4000 characters.",
    mark_pending: "Unsent changes",
    mark_conflict: "Conflicting changes",
    policies_heading: "Basic policies",
    policies_none: "No basic policies yet.",
    policy_new: "New basic policy",
    policy_name_label: |n| format!("Name of basic policy {n}"),
    policy_up: |title| format!("Move “{title}” up"),
    policy_down: |title| format!("Move “{title}” down"),
    policy_remove: |title| format!("Remove “{title}”"),
    policy_remove_confirm: |title, n| match n {
        0 => format!("Remove the basic policy “{title}”?"),
        1 => format!("Remove the basic policy “{title}”? Its measure will be listed under “No policy or area”."),
        n => format!("Remove the basic policy “{title}”? Its {n} measures will be listed under “No policy or area”."),
    },
    policy_title_required: "Enter the basic policy's name.",
    policy_invalid: "The basic policies could not be saved (names up to 200 characters, at most 50 policies).",
    measure_count: |n| match n {
        1 => "1 measure".to_owned(),
        n => format!("{n} measures"),
    },

    measures_heading: "Measures",
    measures_none: "No measures yet.",
    measures_none_match: "No measure matches these conditions.",
    result_count: |shown, total| format!("Showing {shown} of {total}"),
    more_rows: |next, left| format!("Show {next} more ({left} not shown)"),
    filters_label: "Filter measures",
    filter_status: "Status",
    filter_flags: "Conditions",
    filter_priority: "【重点】 priority only",
    filter_overdue: "Overdue only",
    filter_department: "Department",
    filter_all: "All",
    filter_query: "Keyword",
    filter_query_hint: "Searches titles, departments and notes. Press Enter after typing.",
    filter_clear: "Clear conditions",
    sort_label: "Order",
    sort_plan: "Plan order",
    sort_status: "Status",
    sort_percent: "Progress (lowest first)",
    sort_deadline: "Deadline (soonest first)",
    group_label: "Group by",
    group_policy: "Basic policy",
    group_area: "Area",
    group_none: "No policy or area",
    group_count: |shown, total| {
        if shown == total {
            format!("({shown})")
        } else {
            format!("({shown} of {total})")
        }
    },
    col_measure: "Measure",
    col_department: "Department",
    col_status: "Status",
    col_percent: "Progress",
    col_deadline: "Deadline",
    col_sync: "Sync",
    priority_badge: "【重点】",
    mark_overdue: "Overdue",
    mark_pending_short: "Unsent",
    mark_conflict_short: "Conflict",
    fy_end: |year| format!("end of {year}"),
    measure_add_heading: "Add a measure",
    measure_new_title: "Measure title",
    measure_new_policy: "Basic policy",
    measure_add: "Add measure",
    measure_title_required: "Enter the measure's title.",
    measure_title_too_long: "The title must be at most 200 characters.",

    checklist_heading: "DX procedure checklist",
    checklist_intro: "For each of the four steps of the national DX procedure guide, record whether it is reached, when, and notes.",
    checklist_summary: |done, next| match next {
        Some(next) => format!("{done} of 4 steps done. Next: {next}."),
        None => "All 4 steps are done.".to_owned(),
    },
    checklist_done: "Done",
    checklist_date: "Date reached",
    checklist_note: "Notes",
    checklist_note_too_long: "Notes must be at most 2000 characters.",

    conflicts_heading: "Conflicting changes",
    conflicts_intro: "Fields changed on two devices at nearly the same time, where only one value was kept.",
    conflicts_none: "There are no conflicting changes.",
    conflicts_restore_hint: "To go back to a value that was not kept, open the record's editor from its name.",
    conflicts_caption: |n| match n {
        1 => "1 conflicting field".to_owned(),
        n => format!("{n} conflicting fields"),
    },
    conflicts_record: "Record",
    conflicts_field: "Field",
    conflicts_current: "Current value (who, when)",
    conflicts_losers: "Values not kept",
    conflicts_unknown_author: "unknown",

    offline_hint: "The sync server cannot be reached. You can keep working on this device.",
    error_http_status: "The sync server returned an error",
    error_invalid_response: "The sync server's answer could not be read",
    error_wrong_service: "The server is not a Tsunagu sync server",
    error_not_ok: "The sync server reports a problem",
    error_protocol: "The sync server and this app do not match. Please reload the page (unsent changes stay on this device)",
    error_heading: "Something went wrong",
    error_storage: "The setting could not be saved on this device",
    error_unexpected: "An unexpected error occurred",
    dismiss: "Dismiss",
};

#[cfg(test)]
mod tests {
    use super::prefecture::prefecture_texts;
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn codes_round_trip() {
        for lang in Lang::ALL {
            assert_eq!(Lang::from_code(lang.code()), Some(lang));
        }
        assert_eq!(Lang::from_code("fr"), None);
    }

    #[wasm_bindgen_test]
    fn japanese_is_default() {
        assert_eq!(Lang::default(), Lang::Ja);
    }

    #[wasm_bindgen_test]
    fn english_counts_one_apart_from_many() {
        let (en, ja) = (Lang::En, Lang::Ja);
        assert_eq!((en.texts().measure_count)(1), "1 measure");
        assert_eq!((en.texts().measure_count)(3), "3 measures");
        assert_eq!((prefecture_texts(en).cell_measures)(1), "1 measure");
        assert_eq!((prefecture_texts(en).cell_measures)(2), "2 measures");
        assert!((prefecture_texts(en).area_in_use)(1).starts_with("1 measure uses "));
        assert!((prefecture_texts(en).area_in_use)(4).starts_with("4 measures use "));
        assert_eq!(
            (prefecture_texts(en).shown_count)(1, 1),
            "Showing 1 of 1 municipality"
        );
        assert_eq!(
            (prefecture_texts(en).shown_count)(3, 33),
            "Showing 3 of 33 municipalities"
        );
        assert_eq!(
            (prefecture_texts(ja).shown_count)(3, 33),
            "3 / 33 団体を表示"
        );
        assert_eq!((prefecture_texts(ja).cell_measures)(1), "1件");
    }
}
