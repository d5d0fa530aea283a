//! The members screen as markup text (rendered by `components::html_block`): every value
//! escaped; `data-action` names what a control does (handled in `mod.rs`).

use std::fmt::Write;

use tsunagu_core::access::Role;
use tsunagu_core::invite::{notice_html, Invitation};
use tsunagu_core::org::Organisation;
use tsunagu_core::protocol::TokenInfo;
use tsunagu_core::text::escaped;

use crate::i18n::members::MembersTexts;
use crate::i18n::{role_label, Lang};
use crate::ui::dates::format_timestamp;

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

fn roles(roles: &[Role], lang: Lang) -> Vec<(String, String)> {
    roles
        .iter()
        .map(|r| {
            (
                r.as_str().to_owned(),
                role_label(*r, lang.texts()).to_owned(),
            )
        })
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
pub fn forms(
    m: &MembersTexts,
    lang: Lang,
    towns: &[Organisation],
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
    for town in towns {
        let _ = write!(
            out,
            "<li><label><input type=\"checkbox\" name=\"town\" value=\"{}\"> {}</label></li>",
            town.code,
            escaped(&town.name)
        );
    }
    out.push_str("</ul></fieldset>");
    let mut body = String::new();
    options(&mut body, roles(&TOWN_ROLES, lang), "");
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
    options(&mut body, roles(&ALL_ROLES, lang), "");
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
pub const DEFAULT_LABEL: &str = "{name} DX担当";

/// The list's filters: organisation (those holding tokens), role, revoked too.
pub fn filters(m: &MembersTexts, lang: Lang, orgs: &[(String, String)]) -> String {
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
    options(&mut body, roles(&ALL_ROLES, lang), "");
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

/// The tokens as a table, each active one with 取り消す and 再発行; `org_name` names an
/// organisation.
pub fn table(
    m: &MembersTexts,
    lang: Lang,
    tokens: &[&TokenInfo],
    org_name: impl Fn(&TokenInfo) -> String,
) -> String {
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
    let when =
        |ms: Option<u64>| ms.map_or_else(|| m.never.to_owned(), |ms| format_timestamp(lang, ms));
    for token in tokens {
        let label = escaped(&token.label);
        let active = token.revoked_at_ms.is_none();
        let _ = write!(
            out,
            "<tr><td>{}</td><td>{}</td><th scope=\"row\">{label}</th><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>",
            escaped(&org_name(token)),
            role_label(token.role, lang.texts()),
            format_timestamp(lang, token.created_at_ms),
            when(token.last_used_ms),
            when(token.last_sync_ms),
            if active { m.active } else { m.revoked },
        );
        if active {
            for (action, text) in [("revoke", m.revoke), ("rotate", m.rotate)] {
                let _ = write!(
                    out,
                    "<button type=\"button\" data-action=\"{action}\" data-id=\"{}\" aria-label=\"{text}: {label}\">{text}</button> ",
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
pub fn sheet(m: &MembersTexts, issued: &[Invitation], date: &str, sender: &str) -> String {
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
