//! The members screen (`/members`) as markup text, written by the tools module so that its
//! code stays out of the app's first load; the app shows it with `components::html_block`.
//! Every value is escaped; `data-action` names what a control does (handled by the app).

use std::fmt::Write;

use serde::{Deserialize, Serialize};

use super::texts::{members_texts, MembersTexts};
use super::{invitation_link, invitations_table, notice_html, Invitation};
use crate::access::Role;
use crate::export::refused::jst;
use crate::export::to_csv;
use crate::lang::Lang;
use crate::org::OrgCode;
use crate::protocol::{IssuedToken, TokenInfo, TokenList};
use crate::text::escaped;

/// What the screen shows, as the app knows it: the server's answers as they came (the app
/// never decodes them: that code lives here, in the tools module).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MembersScreen {
    pub lang: Lang,
    /// The prefecture's municipalities, `(code, name)` in code order.
    pub towns: Vec<(String, String)>,
    /// Whom one token may be issued to: the prefecture, then its municipalities.
    pub orgs: Vec<(String, String)>,
    /// `GET /v1/prefecture/tokens`'s answer; `None` until listed.
    pub tokens_json: Option<String>,
    /// The list's filters: organisation code, role, revoked ones too.
    pub filter: (String, String, bool),
    /// The tokens just issued, as `{"issued":[IssuedToken…]}`: shown once, as invitations.
    pub issued_json: Option<String>,
    /// Where the app is served (`https://host`), for the invitation links.
    pub origin: String,
    pub date: String,
    pub sender: String,
}

/// The screen's parts, each one `HtmlBlock`, and the invitations' CSV.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct MembersMarkup {
    pub sheet: String,
    pub forms: String,
    pub filters: String,
    pub table: String,
    pub csv: String,
}

/// Separates the parts on the way back to the app: markup never holds it (escaping drops
/// control characters), so the app splits the text without a JSON decoder of its own.
const PART_END: char = '\u{0}';

impl MembersMarkup {
    pub fn to_text(&self) -> String {
        [
            &self.sheet,
            &self.forms,
            &self.filters,
            &self.table,
            &self.csv,
        ]
        .map(String::as_str)
        .join(&PART_END.to_string())
    }

    pub fn from_text(text: &str) -> MembersMarkup {
        let mut parts = text.split(PART_END).map(str::to_owned);
        let mut next = || parts.next().unwrap_or_default();
        MembersMarkup {
            sheet: next(),
            forms: next(),
            filters: next(),
            table: next(),
            csv: next(),
        }
    }
}

#[derive(Deserialize)]
struct IssuedList {
    issued: Vec<IssuedToken>,
}

/// Every part of the screen. An answer that cannot be read shows as no tokens.
pub fn render(screen: &MembersScreen) -> MembersMarkup {
    let m = members_texts(screen.lang);
    let name_of = |code: &OrgCode| {
        screen
            .orgs
            .iter()
            .find(|(c, _)| c == code.as_str())
            .map_or_else(|| code.to_string(), |(_, name)| name.clone())
    };
    let tokens: Option<Vec<TokenInfo>> = screen.tokens_json.as_deref().map(|json| {
        serde_json::from_str::<TokenList>(json)
            .map(|list| list.tokens)
            .unwrap_or_default()
    });
    let active = |code: &str| {
        tokens
            .iter()
            .flatten()
            .any(|t| t.revoked_at_ms.is_none() && t.org.as_str() == code)
    };
    let invited: Vec<&str> = screen
        .towns
        .iter()
        .map(|(code, _)| code.as_str())
        .filter(|code| active(code))
        .collect();
    let holders: Vec<(String, String)> = screen
        .orgs
        .iter()
        .filter(|(code, _)| tokens.iter().flatten().any(|t| t.org.as_str() == code))
        .cloned()
        .collect();
    let (org, role, revoked) = &screen.filter;
    let table = match &tokens {
        None => format!("<p>{}</p>", m.loading),
        Some(tokens) => {
            let shown: Vec<(TokenInfo, String)> = tokens
                .iter()
                .filter(|t| org.is_empty() || t.org.as_str() == org)
                .filter(|t| role.is_empty() || t.role.as_str() == role)
                .filter(|t| *revoked || t.revoked_at_ms.is_none())
                .map(|t| (t.clone(), name_of(&t.org)))
                .collect();
            self::table(m, &shown)
        }
    };
    let issued: Vec<Invitation> = screen
        .issued_json
        .as_deref()
        .and_then(|json| serde_json::from_str::<IssuedList>(json).ok())
        .map(|list| {
            list.issued
                .into_iter()
                .map(|issued| Invitation {
                    org_name: name_of(&issued.info.org),
                    org: issued.info.org,
                    role: issued.info.role,
                    label: issued.info.label,
                    link: invitation_link(&screen.origin, &issued.token),
                    token: issued.token,
                })
                .collect()
        })
        .unwrap_or_default();
    let (sheet, csv) = if issued.is_empty() {
        (String::new(), String::new())
    } else {
        let csv = to_csv(&invitations_table(&issued, screen.lang));
        (
            sheet(m, &issued, &screen.date, &screen.sender),
            String::from_utf8(csv).unwrap_or_default(),
        )
    };
    MembersMarkup {
        sheet,
        forms: forms(m, &screen.towns, &invited, &screen.orgs),
        filters: filters(m, &holders),
        table,
        csv,
    }
}

const TOWN_ROLES: [Role; 2] = [Role::Editor, Role::Viewer];
const ALL_ROLES: [Role; 3] = [Role::Editor, Role::Viewer, Role::PrefectureAdmin];

fn options(out: &mut String, values: impl IntoIterator<Item = (String, String)>, chosen: &str) {
    for (value, text) in values {
        let selected = if value == chosen { " selected" } else { "" };
        let _ = write!(
            out,
            "<option value=\"{}\"{selected}>{}</option>",
            escaped(&value),
            escaped(&text)
        );
    }
}

fn roles(roles: &[Role], m: &MembersTexts) -> Vec<(String, String)> {
    roles
        .iter()
        .map(|r| (r.as_str().to_owned(), m.role(*r).to_owned()))
        .collect()
}

fn select(out: &mut String, id: &str, label: &str, attributes: &str, body: &str) {
    let _ = write!(
        out,
        "<div class=\"form__field\"><label for=\"{id}\">{label}</label>\
         <select id=\"{id}\" {attributes}>{body}</select></div>"
    );
}

/// The two forms: invite the selected towns; invite one person of `orgs` (the prefecture
/// first, then its municipalities).
fn forms(
    m: &MembersTexts,
    towns: &[(String, String)],
    invited: &[&str],
    orgs: &[(String, String)],
) -> String {
    let mut out = String::new();
    let _ = write!(
        out,
        "<form class=\"card form\" data-action=\"invite\" aria-labelledby=\"invite-heading\" novalidate>\
         <h2 id=\"invite-heading\">{}</h2><p>{}</p>\
         <fieldset class=\"town-picker\"><legend>{}</legend><p class=\"actions\">\
         <button type=\"button\" data-action=\"select-uninvited\">{}</button> \
         <button type=\"button\" data-action=\"select-all\">{}</button> \
         <button type=\"button\" data-action=\"select-none\">{}</button></p>\
         <ul class=\"town-picker__list\">",
        m.invite_heading, m.invite_intro, m.towns_legend, m.select_uninvited, m.select_all, m.select_none
    );
    for (code, name) in towns {
        let _ = write!(
            out,
            "<li><label><input type=\"checkbox\" name=\"town\" value=\"{}\"{}> {}</label></li>",
            escaped(code),
            if invited.contains(&code.as_str()) {
                " data-invited"
            } else {
                ""
            },
            escaped(name)
        );
    }
    out.push_str("</ul></fieldset>");
    let mut body = String::new();
    options(&mut body, roles(&TOWN_ROLES, m), "");
    select(&mut out, "invite-role", m.role, "name=\"role\"", &body);
    let _ = write!(
        out,
        "<div class=\"form__field\"><label for=\"invite-label\">{}</label>\
         <input id=\"invite-label\" name=\"label\" type=\"text\" value=\"{}\" aria-describedby=\"invite-label-hint\">\
         <p class=\"form__hint\" id=\"invite-label-hint\">{}</p></div>\
         <button type=\"submit\" class=\"button--primary\">{}</button></form>",
        m.label_template,
        escaped(DEFAULT_LABEL),
        m.label_template_hint,
        m.invite_submit
    );
    let _ = write!(
        out,
        "<form class=\"card form\" data-action=\"issue\" aria-labelledby=\"single-heading\" novalidate>\
         <h2 id=\"single-heading\">{}</h2>",
        m.single_heading
    );
    let mut body = String::new();
    options(&mut body, orgs.iter().cloned(), "");
    select(&mut out, "single-org", m.org, "name=\"org\"", &body);
    let mut body = String::new();
    options(&mut body, roles(&ALL_ROLES, m), "");
    select(&mut out, "single-role", m.role, "name=\"role\"", &body);
    let _ = write!(
        out,
        "<div class=\"form__field\"><label for=\"single-label\">{}</label>\
         <input id=\"single-label\" name=\"label\" type=\"text\" required></div>\
         <button type=\"submit\" class=\"button--primary\">{}</button></form>",
        m.person, m.issue_submit
    );
    out
}

/// The name a bulk invitation gives each person; `{name}` becomes the town's name.
const DEFAULT_LABEL: &str = "{name} DX担当";

/// The list's filters: organisation (those holding tokens), role, revoked too.
fn filters(m: &MembersTexts, orgs: &[(String, String)]) -> String {
    let mut out = String::from("<div class=\"filters\">");
    let mut body = format!("<option value=\"\">{}</option>", m.any);
    options(&mut body, orgs.iter().cloned(), "");
    select(
        &mut out,
        "tokens-org",
        m.filter_org,
        "data-action=\"filter-org\"",
        &body,
    );
    let mut body = format!("<option value=\"\">{}</option>", m.any);
    options(&mut body, roles(&ALL_ROLES, m), "");
    select(
        &mut out,
        "tokens-role",
        m.filter_role,
        "data-action=\"filter-role\"",
        &body,
    );
    let _ = write!(
        out,
        "<label class=\"filters__check\"><input type=\"checkbox\" data-action=\"filter-revoked\"> {}</label></div>",
        m.show_revoked
    );
    out
}

/// The tokens as a table, each active one with 取り消す and 再発行, each with its
/// organisation's name.
fn table(m: &MembersTexts, tokens: &[(TokenInfo, String)]) -> String {
    let mut out = format!(
        "<div class=\"table-scroll\"><table class=\"data-table\" id=\"tokens-table\"><caption>{}</caption><thead><tr>",
        m.caption.replace("{count}", &tokens.len().to_string())
    );
    for heading in [
        m.col_org,
        m.col_role,
        m.col_person,
        m.col_created,
        m.col_used,
        m.col_synced,
        m.col_state,
        m.col_actions,
    ] {
        let _ = write!(out, "<th scope=\"col\">{heading}</th>");
    }
    out.push_str("</tr></thead><tbody>");
    let when = |ms: Option<u64>| ms.map_or_else(|| m.never.to_owned(), jst);
    for (token, org_name) in tokens {
        let label = escaped(&token.label);
        let active = token.revoked_at_ms.is_none();
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><th scope=\"row\">{label}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>",
            escaped(org_name),
            m.role(token.role),
            jst(token.created_at_ms),
            when(token.last_used_ms),
            when(token.last_sync_ms),
            if active { m.active } else { m.revoked },
        );
        if active {
            for (action, text) in [("revoke", m.revoke), ("rotate", m.rotate)] {
                let _ = write!(
                    out,
                    "<button type=\"button\" data-action=\"{action}\" data-id=\"{}\" data-label=\"{label}\" aria-label=\"{text}: {label}\">{text}</button> ",
                    escaped(&token.id)
                );
            }
        }
        out.push_str("</td></tr>");
    }
    out.push_str("</tbody></table></div>");
    out
}

/// The invitations just issued: what to do with them, then one notice each.
fn sheet(m: &MembersTexts, issued: &[Invitation], date: &str, sender: &str) -> String {
    let mut out = format!(
        "<section class=\"card invitations\" aria-labelledby=\"issued-heading\">\
         <h2 id=\"issued-heading\" class=\"no-print\">{}</h2>\
         <p class=\"notice no-print\" role=\"status\">{}</p><p class=\"actions\">\
         <button type=\"button\" class=\"button--primary\" data-action=\"print\">{}</button> \
         <button type=\"button\" data-action=\"csv\">{}</button> \
         <button type=\"button\" data-action=\"close\">{}</button></p>",
        m.issued_heading, m.issued_once, m.print, m.csv, m.done
    );
    for invitation in issued {
        out.push_str(&notice_html(invitation, date, sender));
    }
    out.push_str("</section>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn token(id: &str, org: &str, label: &str, revoked: bool) -> serde_json::Value {
        json!({
            "id": id, "org": org, "role": "editor", "label": label,
            "created_at_ms": 1_796_600_000_000_u64,
            "revoked_at_ms": if revoked { json!(1_796_700_000_000_u64) } else { json!(null) },
            "last_sync_ms": 1_796_650_000_000_u64,
        })
    }

    fn screen() -> MembersScreen {
        let tokens = json!({"tokens": [
            token("aaaaaaaaaaaa", "032085", "<b>担当</b>", false),
            token("bbbbbbbbbbbb", "032018", "異動", true),
        ]});
        MembersScreen {
            lang: Lang::Ja,
            towns: vec![
                ("032018".into(), "盛岡市".into()),
                ("032085".into(), "遠野市\"><script>".into()),
            ],
            orgs: vec![
                ("030007".into(), "岩手県".into()),
                ("032018".into(), "盛岡市".into()),
                ("032085".into(), "<遠野市>".into()),
            ],
            tokens_json: Some(tokens.to_string()),
            filter: (String::new(), String::new(), false),
            issued_json: None,
            origin: "https://h".into(),
            date: "令和8年12月7日".into(),
            sender: "岩手県".into(),
        }
    }

    #[test]
    fn every_name_is_escaped_and_only_active_tokens_have_actions() {
        let markup = render(&screen());
        assert!(markup
            .forms
            .contains("value=\"032085\" data-invited> 遠野市&quot;&gt;&lt;script&gt;"));
        assert!(
            markup.forms.contains("value=\"032018\"> 盛岡市"),
            "revoked: not invited"
        );
        assert!(!markup.forms.contains("<script>") && !markup.table.contains("<b>"));
        assert!(markup.table.contains("<td>&lt;遠野市&gt;</td>"));
        assert!(markup
            .table
            .contains("data-action=\"revoke\" data-id=\"aaaaaaaaaaaa\""));
        assert!(
            !markup.table.contains("bbbbbbbbbbbb"),
            "revoked tokens hidden by default"
        );
        assert!(markup.table.contains("未使用"));
        assert_eq!(markup.sheet, "", "nothing issued, nothing shown");
        let mut all = screen();
        all.filter = ("032018".into(), String::new(), true);
        let markup = render(&all);
        assert!(markup.table.contains("取り消し済み") && !markup.table.contains("aaaaaaaaaaaa"));
        assert!(markup.filters.contains("盛岡市") && !markup.filters.contains("岩手県"));
    }

    #[test]
    fn issued_tokens_become_notices_and_a_csv_and_the_parts_travel_as_text() {
        let mut screen = screen();
        screen.tokens_json = None;
        let issued = json!({"issued": [{
            "token": "tsu_03_x_y", "id": "cccccccccccc", "org": "032085", "role": "editor",
            "label": "遠野市 DX担当", "created_at_ms": 1_796_600_000_000_u64,
        }]});
        screen.issued_json = Some(issued.to_string());
        let markup = render(&screen);
        assert_eq!(
            markup
                .sheet
                .matches("<article class=\"invitation\"")
                .count(),
            1
        );
        assert!(markup.sheet.contains("https://h/join#tsu_03_x_y"));
        assert!(markup.csv.contains("https://h/join#tsu_03_x_y"));
        assert!(markup.table.contains("読み込んでいます"));
        assert_eq!(MembersMarkup::from_text(&markup.to_text()), markup);
        let english = render(&MembersScreen {
            lang: Lang::En,
            ..screen
        });
        assert!(english.forms.contains("Invite municipalities"));
    }
}
