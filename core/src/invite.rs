//! Invitations: the link that connects a device in one click (`https://<host>/join#<token>`:
//! the token rides in the fragment, which browsers never send to a server), its QR code, and
//! the table of a bulk invitation for mail merge; the members screen's words (`texts`) and
//! markup (`screen`, written by the tools module).

pub mod screen;
pub mod texts;

use qrcodegen::{QrCode, QrCodeEcc};
use serde::{Deserialize, Serialize};

use crate::access::Role;
use crate::export::{Cell, Table};
use crate::lang::Lang;
use crate::org::OrgCode;
use crate::text::escaped;

/// The path of the join screen.
pub const JOIN_PATH: &str = "/join";

/// The invitation link for `token` on the app served at `origin` (`https://tsunagu.example.jp`).
pub fn invitation_link(origin: &str, token: &str) -> String {
    format!(
        "{}{JOIN_PATH}#{}",
        origin.trim_end_matches('/'),
        token.trim()
    )
}

/// The token of an invitation link's fragment (`#tsu_…`, as read from `location.hash`), or
/// `None` when there is none.
pub fn token_from_fragment(fragment: &str) -> Option<&str> {
    let token = fragment.strip_prefix('#').unwrap_or(fragment).trim();
    (!token.is_empty()).then_some(token)
}

/// `text` as a QR code in SVG (black modules on white, a quiet zone of 4), sized by the page.
/// Medium error correction: a printed and photocopied notice must still scan.
pub fn qr_svg(text: &str) -> Option<String> {
    let code = QrCode::encode_text(text, QrCodeEcc::Medium).ok()?;
    let size = code.size();
    let border = 4;
    let mut path = String::with_capacity((size * size) as usize * 8);
    for y in 0..size {
        for x in 0..size {
            if code.get_module(x, y) {
                path.push_str(&format!("M{},{}h1v1h-1z", x + border, y + border));
            }
        }
    }
    let full = size + 2 * border;
    Some(format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {full} {full}\" \
         shape-rendering=\"crispEdges\"><rect width=\"100%\" height=\"100%\" fill=\"#fff\"/>\
         <path d=\"{path}\" fill=\"#000\"/></svg>"
    ))
}

/// One line of a bulk invitation.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invitation {
    pub org: OrgCode,
    pub org_name: String,
    pub role: Role,
    pub label: String,
    pub token: String,
    pub link: String,
}

/// One invitation as a printable prefectural notice (HTML text, every value escaped), in
/// Japanese whatever the screen's language: it goes to a Japanese municipal office. `date` is
/// the notice's date as written (令和8年12月7日), `sender` the prefecture's name.
pub fn notice_html(invitation: &Invitation, date: &str, sender: &str) -> String {
    let qr = qr_svg(&invitation.link).unwrap_or_default();
    format!(
        "<article class=\"invitation\" lang=\"ja\">\
         <p class=\"invitation__date\">{date}</p>\
         <p>{org} {label} 様</p>\
         <p class=\"invitation__from\">{sender} DX推進担当</p>\
         <h3>「つなぐ」への接続のご案内</h3>\
         <p>県と市町村のDX推進計画と進捗を共有するアプリ「つなぐ」に、あなたの団体を招待します。\
         ブラウザで動くため、インストールは不要です。ネットワークのない場所でも入力でき、\
         接続したときに県と同期します。</p>\
         <div class=\"invitation__qr\">{qr}</div>\
         <h4>接続の手順</h4><ol>\
         <li>右のQRコードを読み取るか、下の招待リンクをブラウザで開きます。</li>\
         <li>表示される団体名と担当者名を確かめて、「接続する」を押します。</li>\
         <li>計画の画面が開きます。以後は同じブラウザでアドレスを開くと使えます。</li></ol>\
         <dl class=\"facts\"><div><dt>招待リンク</dt>\
         <dd class=\"invitation__link\">{link}</dd></div>\
         <div><dt>アクセストークン（接続画面に貼り付ける場合）</dt>\
         <dd class=\"invitation__token\">{token}</dd></div></dl>\
         <p class=\"invitation__note\">このリンクとトークンは、この担当者専用です。\
         ほかの人と共有しないでください。紛失したときは、県の担当者に連絡してください。\
         すぐに取り消して再発行します。</p></article>",
        date = escaped(date),
        org = escaped(&invitation.org_name),
        label = escaped(&invitation.label),
        sender = escaped(sender),
        link = escaped(&invitation.link),
        token = escaped(&invitation.token),
    )
}

/// The invitations as a table for mail merge (CSV): one row per person.
pub fn invitations_table(invitations: &[Invitation], lang: Lang) -> Table {
    let pick = |ja: &str, en: &str| match lang {
        Lang::Ja => ja.to_owned(),
        Lang::En => en.to_owned(),
    };
    Table {
        title: pick("招待", "Invitations"),
        headers: vec![
            pick("団体コード", "Code"),
            pick("団体名", "Organisation"),
            pick("役割", "Role"),
            pick("名前", "Name"),
            pick("招待リンク", "Invitation link"),
            pick("アクセストークン", "Access token"),
        ],
        rows: invitations
            .iter()
            .map(|invitation| {
                vec![
                    Cell::text(invitation.org.as_str()),
                    Cell::text(invitation.org_name.clone()),
                    Cell::text(invitation.role.as_str()),
                    Cell::text(invitation.label.clone()),
                    Cell::text(invitation.link.clone()),
                    Cell::text(invitation.token.clone()),
                ]
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::to_csv;

    #[test]
    fn the_link_carries_the_token_in_its_fragment_only() {
        let link = invitation_link("https://tsunagu.example.jp/", " tsu_03_abc_def ");
        assert_eq!(link, "https://tsunagu.example.jp/join#tsu_03_abc_def");
        assert_eq!(
            token_from_fragment("#tsu_03_abc_def"),
            Some("tsu_03_abc_def")
        );
        assert_eq!(token_from_fragment("#  "), None);
        assert_eq!(token_from_fragment(""), None);
    }

    #[test]
    fn the_qr_code_is_an_svg_of_square_modules() {
        let svg = qr_svg("https://tsunagu.example.jp/join#tsu_03_abcdefghijkl_0123456789")
            .expect("fits a QR code");
        assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
        assert!(svg.matches('M').count() > 100, "modules drawn");
        // Far beyond any QR code's capacity.
        assert_eq!(qr_svg(&"x".repeat(5_000)), None);
    }

    fn invitation() -> Invitation {
        Invitation {
            org: OrgCode::parse("032085").expect("valid"),
            org_name: "遠野市".into(),
            role: Role::Editor,
            label: "遠野市 DX担当".into(),
            token: "tsu_03_x_y".into(),
            link: "https://h/join#tsu_03_x_y".into(),
        }
    }

    #[test]
    fn the_mail_merge_table_has_one_row_per_person() {
        let csv = String::from_utf8(to_csv(&invitations_table(&[invitation()], Lang::Ja)))
            .expect("utf-8");
        assert!(csv.contains("032085,遠野市,editor,遠野市 DX担当,https://h/join#tsu_03_x_y"));
    }

    #[test]
    fn a_notice_carries_link_token_and_qr_code_with_names_escaped() {
        let mut invited = invitation();
        invited.label = "<img src=x onerror=alert(1)>".into();
        let html = notice_html(&invited, "令和8年12月7日", "岩手県");
        assert!(html.contains("遠野市 &lt;img src=x onerror=alert(1)&gt; 様"));
        assert!(!html.contains("<img"));
        assert!(html.contains(">https://h/join#tsu_03_x_y</dd>"));
        assert!(html.contains(">tsu_03_x_y</dd>"));
        assert!(html.contains("<svg") && html.contains("岩手県 DX推進担当"));
    }
}
