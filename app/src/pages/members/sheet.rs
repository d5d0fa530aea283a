//! The invitations just issued, shown this once: one printable A4 notice per person (in
//! Japanese, the form of a prefectural notice), and the same as a CSV for mail merge.

use leptos::prelude::*;
use tsunagu_core::calendar::format_japanese_date;
use tsunagu_core::export::to_csv;
use tsunagu_core::invite::{invitations_table, qr_svg, Invitation};

use super::Members;
use crate::i18n::members::members_texts;
use crate::state::{Locale, Workspace};
use crate::ui::dates::today;
use crate::ui::download::{print_page, save_file, CSV_MIME};
use crate::ui::org_name::org_name;

#[component]
pub fn IssuedSheet() -> impl IntoView {
    let locale = Locale::expect();
    let workspace = Workspace::expect();
    let members = expect_context::<Members>();
    let m = move || members_texts(locale.get());
    let save_csv = move |_| {
        let table = members
            .issued
            .with_untracked(|issued| invitations_table(issued, locale.get_untracked().into()));
        let name = format!("{}.csv", m().csv_file);
        let _ = save_file(&name, CSV_MIME, &to_csv(&table));
    };
    let sender = move || {
        workspace
            .own_org()
            .map(|code| org_name(workspace, &code))
            .unwrap_or_default()
    };

    move || {
        let issued = members.issued.get();
        (!issued.is_empty()).then(|| {
            let date = format_japanese_date(today());
            let sender = sender();
            view! {
                <section class="card" aria-labelledby="issued-heading">
                    <h2 id="issued-heading" class="no-print">{m().issued_heading}</h2>
                    <p class="notice no-print" role="status">{m().issued_once}</p>
                    <p class="actions">
                        <button type="button" class="button--primary" on:click=move |_| print_page()>
                            {m().print}
                        </button>
                        <button type="button" on:click=save_csv>{m().csv}</button>
                        <button type="button" on:click=move |_| members.issued.set(Vec::new())>
                            {m().done}
                        </button>
                    </p>
                    <div class="invitations">
                        {issued
                            .into_iter()
                            .map(|invitation| notice(invitation, &date, &sender))
                            .collect_view()}
                    </div>
                </section>
            }
        })
    }
}

/// One invitation as a prefectural notice. Japanese whatever the screen's language: it goes to
/// a Japanese municipal office.
fn notice(invitation: Invitation, date: &str, sender: &str) -> impl IntoView {
    let qr = qr_svg(&invitation.link).unwrap_or_default();
    view! {
        <article class="invitation" lang="ja">
            <p class="invitation__date">{date.to_owned()}</p>
            <p>{format!("{} {} 様", invitation.org_name, invitation.label)}</p>
            <p class="invitation__from">{format!("{sender} DX推進担当")}</p>
            <h3>"「つなぐ」への接続のご案内"</h3>
            <p>
                "県と市町村のDX推進計画と進捗を共有するアプリ「つなぐ」に、あなたの団体を招待します。"
                "ブラウザで動くため、インストールは不要です。ネットワークのない場所でも入力でき、"
                "接続したときに県と同期します。"
            </p>
            <h4>"接続の手順"</h4>
            <ol>
                <li>"右のQRコードを読み取るか、下の招待リンクをブラウザで開きます。"</li>
                <li>"表示される団体名と担当者名を確かめて、「接続する」を押します。"</li>
                <li>"計画の画面が開きます。以後は同じブラウザでアドレスを開くと使えます。"</li>
            </ol>
            <div class="invitation__qr" inner_html=qr></div>
            <dl class="facts">
                <div>
                    <dt>"招待リンク"</dt>
                    <dd class="invitation__link">{invitation.link}</dd>
                </div>
                <div>
                    <dt>"アクセストークン（接続画面に貼り付ける場合）"</dt>
                    <dd class="invitation__token">{invitation.token}</dd>
                </div>
            </dl>
            <p class="invitation__note">
                "このリンクとトークンは、この担当者専用です。ほかの人と共有しないでください。"
                "紛失したときは、県の担当者に連絡してください。すぐに取り消して再発行します。"
            </p>
        </article>
    }
}
