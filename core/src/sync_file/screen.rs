//! The 「ファイルで同期」 screen's work, run in the tools module: writing the device's file,
//! reading a chosen file (an outbound file on a relay, a return file on the device), and the
//! markup of what each holds and of each result, in the person's language. The app keeps the
//! file input, the download, the relay's POST and the merge (app/src/pages/sync_file.rs).

use super::check::check_return;
use super::error::FileError;
use super::format::{FileKind, OutboundBody, SyncFile, MAX_FILE_MUTATIONS};
use super::sign::device_key;
use crate::lang::Lang;
use crate::org::OrgCode;
use crate::protocol::SyncRequest;
use crate::text::escaped;
use serde::{Deserialize, Serialize};

/// One step of the screen: who the device is, and what to do.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileScreenRequest {
    pub lang: Lang,
    /// This device's token: it signs the device's files and checks its return files; it is
    /// never written into a file.
    pub token: String,
    pub client_id: String,
    pub org: String,
    pub label: String,
    pub now_ms: u64,
    pub step: FileStep,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum FileStep {
    /// The screen's two parts: writing this device's file, and choosing a file.
    Start {
        pending: usize,
        last_by_file: Option<u64>,
    },
    /// Write the device's unsent writes to a file: `push` is the sync request the device
    /// would send (its client id and pull position) with every unsent write, oldest first.
    Export { push: SyncRequest },
    /// Read the chosen file (its text) and say what it holds.
    Read { text: String },
    /// Send the file the last `Read` showed (`file`) to the server at `url` with this device's
    /// token: the tools module makes the POST, then answers as `Relayed`.
    Relay { url: String, file: String },
    /// What the server answered the relay's POST: the return file, or (`body` empty) the
    /// refusal's reason (`field`, `file.signature` …) and message.
    Relayed {
        body: String,
        field: String,
        message: String,
    },
    /// The device took a return file in: changes merged and writes settled.
    Merged { changes: usize, settled: usize },
}

/// What the app does next, as text parts joined by NUL (no serde in the app for it).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FileReply {
    pub markup: String,
    /// A file to save (the export, the return file), and its name.
    pub file: String,
    pub file_name: String,
    /// `relay`: `file` is an outbound file to POST; `merge`: `response` is a checked return
    /// file's sync response for the device to take in.
    pub next: String,
    pub response: String,
    /// Up to which of the device's writes the return file acknowledges: the queue's writes up
    /// to it are settled as a sync response's would be.
    pub acked_through: String,
    /// The return file's creation time (server clock), for 「ファイルで受信」.
    pub at_ms: String,
}

const PART_END: char = '\u{0}';

impl FileReply {
    pub fn to_text(&self) -> String {
        [
            &self.markup,
            &self.file,
            &self.file_name,
            &self.next,
            &self.response,
            &self.acked_through,
            &self.at_ms,
        ]
        .map(String::as_str)
        .join(&PART_END.to_string())
    }

    pub fn from_text(text: &str) -> FileReply {
        let mut parts = text.split(PART_END).map(str::to_owned);
        let mut next = || parts.next().unwrap_or_default();
        FileReply {
            markup: next(),
            file: next(),
            file_name: next(),
            next: next(),
            response: next(),
            acked_through: next(),
            at_ms: next(),
        }
    }

    fn refused(lang: Lang, message: &str) -> FileReply {
        FileReply {
            markup: alert(lang, message),
            ..FileReply::default()
        }
    }
}

/// A server time as people in Japan read it (JST), to the minute.
pub fn time_text(ms: u64) -> String {
    let jst = i64::try_from(ms)
        .unwrap_or(i64::MAX)
        .saturating_add(9 * 3_600_000);
    chrono::DateTime::from_timestamp_millis(jst)
        .map(|t| t.format("%Y-%m-%d %H:%M JST").to_string())
        .unwrap_or_default()
}

fn compact_time(ms: u64) -> String {
    time_text(ms)
        .chars()
        .filter(char::is_ascii_digit)
        .take(12)
        .collect()
}

fn alert(lang: Lang, message: &str) -> String {
    format!(
        "<p class=\"notice notice--error\" role=\"alert\">⚠ {}: {}</p>",
        lang.pick("受け付けませんでした", "Refused"),
        escaped(message)
    )
}

fn facts(rows: &[(&str, String)]) -> String {
    let mut out = String::from("<dl class=\"file-facts\">");
    for (name, value) in rows {
        out.push_str(&format!("<dt>{}</dt><dd>{}</dd>", name, escaped(value)));
    }
    out.push_str("</dl>");
    out
}

fn range_text(lang: Lang, first: u64, last: u64) -> String {
    if first == 0 {
        lang.pick("なし（受信のみ）", "none (receive only)").into()
    } else {
        format!("{first}–{last}")
    }
}

/// Does one step.
pub fn handle(request: FileScreenRequest) -> FileReply {
    let lang = request.lang;
    match &request.step {
        FileStep::Start {
            pending,
            last_by_file,
        } => FileReply {
            markup: start(lang, *pending, *last_by_file),
            ..FileReply::default()
        },
        FileStep::Export { .. } => export(request),
        FileStep::Read { text } => read(&request, text.as_bytes()),
        FileStep::Relayed {
            body,
            field,
            message,
        } => relayed(lang, body, field, message),
        // Made by the tools module's own POST (tools/src/sync_file.rs).
        FileStep::Relay { .. } => FileReply::default(),
        FileStep::Merged { changes, settled } => FileReply {
            markup: format!(
                "<p class=\"notice\" role=\"status\">✔ {}</p>",
                match lang {
                    Lang::Ja => format!("返却ファイルを取り込みました。変更{changes}件を反映し、送信済みの変更{settled}件を確定しました。"),
                    Lang::En => format!("The return file was taken in: {changes} changes merged, {settled} of this device's changes confirmed."),
                }
            ),
            ..FileReply::default()
        },
    }
}

fn start(lang: Lang, pending: usize, last_by_file: Option<u64>) -> String {
    let pending_words = match lang {
        Lang::Ja => format!("この端末の未送信の変更: {pending}件"),
        Lang::En => format!("Unsent changes on this device: {pending}"),
    };
    let last = last_by_file.map_or_else(
        || lang.pick("まだありません", "never").to_string(),
        time_text,
    );
    format!(
        "<h2 id=\"sync-file\">{}</h2><p>{}</p>\
         <section class=\"card\" aria-labelledby=\"file-export\"><h3 id=\"file-export\">{}</h3><p>{}</p><p>{}</p>\
         <p class=\"actions\"><button type=\"button\" class=\"primary\" data-action=\"export\">{}</button></p></section>\
         <section class=\"card\" aria-labelledby=\"file-open\"><h3 id=\"file-open\">{}</h3><p>{}</p>\
         <p><label for=\"sync-file-input\">{}</label> <input id=\"sync-file-input\" type=\"file\" data-action=\"file\" accept=\".tsunagu,application/json\"></p>\
         <p>{}: {}</p></section>",
        lang.pick("ファイルで同期", "Sync by file"),
        lang.pick(
            "サーバーにつながらない端末（LGWAN接続系の端末、障害時など）でも、変更をファイルで運んで同期できます。",
            "A device with no route to the server (an LGWAN terminal, an outage) can still sync: its changes travel on a file.",
        ),
        lang.pick("1. 書き出す（オフラインの端末）", "1. Export (on the offline device)"),
        escaped(&pending_words),
        lang.pick(
            "署名付きのファイル（.tsunagu）に書き出します。トークンはファイルに入りません。",
            "They are written to a signed file (.tsunagu); the token is never written into it.",
        ),
        lang.pick("未送信の変更をファイルに書き出す", "Export unsent changes to a file"),
        lang.pick("2. ファイルを取り込む", "2. Open a file"),
        lang.pick(
            "中継端末（インターネットにつながる同じ都道府県の端末）では、運ばれてきたファイルを選んでサーバーへ送ります。オフラインの端末では、返却ファイルを選んで取り込みます。どちらも、内容を表示してから送信・反映します。",
            "On a relay (a connected device of the same prefecture), choose the file carried to it and send it to the server. On the offline device, choose the return file and take it in. Either way, what the file holds is shown before anything is sent or merged.",
        ),
        lang.pick("同期ファイル（.tsunagu）を選ぶ", "Choose a sync file (.tsunagu)"),
        lang.pick("最後にファイルで受信", "Last received by file"),
        escaped(&last),
    )
}

fn export(request: FileScreenRequest) -> FileReply {
    let lang = request.lang;
    let FileStep::Export { push } = request.step else {
        return FileReply::default();
    };
    let SyncRequest {
        cursor,
        epoch,
        cursor_tag,
        mut mutations,
        ..
    } = push;
    let Ok(org) = OrgCode::parse(&request.org) else {
        return FileReply::refused(lang, &request.org);
    };
    mutations.truncate(MAX_FILE_MUTATIONS);
    let first_seq = mutations.first().map_or(0, |m| m.seq);
    let last_seq = mutations.last().map_or(0, |m| m.seq);
    let count = mutations.len();
    let body = OutboundBody {
        prefecture: 0,
        org: org.clone(),
        token_id: String::new(),
        client_id: request.client_id.clone(),
        label: request.label.clone(),
        created_ms: request.now_ms,
        first_seq: 0,
        last_seq: 0,
        cursor,
        epoch,
        cursor_tag,
        mutations,
    };
    let Some(file) = body.sign_with(&request.token) else {
        return FileReply::refused(
            lang,
            lang.pick(
                "この端末の接続情報が読めません。接続し直してください。",
                "this device's connection cannot be read: connect again",
            ),
        );
    };
    let file_name = format!(
        "tsunagu-{}-{}-{}.tsunagu",
        org,
        compact_time(request.now_ms),
        range_text(Lang::En, first_seq, last_seq).replace(['–', ' ', '(', ')'], "")
    );
    let done = match lang {
        Lang::Ja => format!("未送信の変更{count}件をファイル「{file_name}」に書き出しました。USBメモリなどで、インターネットにつながる端末（中継端末）へ運んでください。"),
        Lang::En => format!("{count} unsent changes were written to “{file_name}”. Carry it (on a USB stick, for example) to a connected device of the prefecture (the relay)."),
    };
    FileReply {
        markup: format!(
            "<p class=\"notice\" role=\"status\">✔ {}</p>{}",
            escaped(&done),
            facts(&[
                (lang.pick("変更の件数", "Changes"), count.to_string()),
                (
                    lang.pick("連番", "Sequence numbers"),
                    range_text(lang, first_seq, last_seq)
                ),
                (
                    lang.pick("書き出し日時", "Written"),
                    time_text(request.now_ms)
                ),
            ])
        ),
        file: file.to_text(),
        file_name,
        ..FileReply::default()
    }
}

fn read(request: &FileScreenRequest, bytes: &[u8]) -> FileReply {
    let lang = request.lang;
    let file = match SyncFile::parse(bytes) {
        Ok(file) => file,
        Err(error) => return FileReply::refused(lang, &error.words(lang)),
    };
    match file.kind {
        FileKind::Outbound => read_outbound(lang, &file),
        FileKind::Return => read_return(request, &file),
    }
}

/// On a relay: what the file holds, before anything is sent. Its signature is checked by the
/// server (the relay does not hold the writing device's token).
fn read_outbound(lang: Lang, file: &SyncFile) -> FileReply {
    let body = match file.outbound() {
        Ok(body) => body,
        Err(error) => return FileReply::refused(lang, &error.words(lang)),
    };
    let heading = lang.pick("端末から送る同期ファイル", "A device's sync file, to send");
    let markup = format!(
        "<section class=\"card\" aria-labelledby=\"file-read\"><h3 id=\"file-read\">{heading}</h3>{}<p>{}</p>\
         <p class=\"actions\"><button type=\"button\" class=\"primary\" data-action=\"relay\">{}</button></p></section>",
        facts(&[
            (lang.pick("団体", "Organisation"), body.org.to_string()),
            (lang.pick("書き出した人", "Written by"), body.label.clone()),
            (lang.pick("端末", "Device"), body.client_id.clone()),
            (lang.pick("書き出し日時", "Written"), time_text(body.created_ms)),
            (lang.pick("変更の件数", "Changes"), body.mutations.len().to_string()),
            (
                lang.pick("連番", "Sequence numbers"),
                range_text(lang, body.first_seq, body.last_seq)
            ),
        ]),
        lang.pick(
            "送ると、サーバーが署名と書き出した端末の権限を確かめてから反映し、その端末あての返却ファイルを作ります。",
            "Sending it lets the server check its signature and the writing device's rights before applying it; it answers with a return file for that device.",
        ),
        lang.pick("サーバーへ送る", "Send to the server"),
    );
    FileReply {
        markup,
        file: file.to_text(),
        next: "relay".into(),
        ..FileReply::default()
    }
}

/// On the offline device: a return file, checked with the device's own token.
fn read_return(request: &FileScreenRequest, file: &SyncFile) -> FileReply {
    let lang = request.lang;
    let Some((token_id, key)) = device_key(&request.token) else {
        return FileReply::refused(lang, &FileError::Altered.words(lang));
    };
    let body = match check_return(file, &key, &token_id, &request.client_id) {
        Ok(body) => body,
        Err(error) => return FileReply::refused(lang, &error.words(lang)),
    };
    let response = &body.response;
    let refused = response.rejected.len();
    let heading = lang.pick(
        "この端末あての返却ファイル",
        "A return file for this device",
    );
    let mut rows = vec![
        (
            lang.pick("中継した人", "Relayed by"),
            body.relayed_by.clone(),
        ),
        (lang.pick("作成日時", "Made"), time_text(body.created_ms)),
        (
            lang.pick("届いた変更", "Changes in it"),
            response.changes.len().to_string(),
        ),
        (
            lang.pick("反映済みの送信", "Sent changes applied through"),
            response.acked_through.to_string(),
        ),
    ];
    if refused > 0 {
        rows.push((
            lang.pick("拒否された変更", "Changes refused"),
            refused.to_string(),
        ));
    }
    if response.has_more {
        rows.push((
            lang.pick("続き", "More"),
            lang.pick(
                "まだあります。もう一度ファイルを書き出して中継してください。",
                "more are waiting: export and relay a file again",
            )
            .into(),
        ));
    }
    let markup = format!(
        "<section class=\"card\" aria-labelledby=\"file-read\"><h3 id=\"file-read\">{heading}</h3>{}\
         <p class=\"actions\"><button type=\"button\" class=\"primary\" data-action=\"merge\">{}</button></p></section>",
        facts(&rows),
        lang.pick("この端末に取り込む", "Take it in on this device"),
    );
    FileReply {
        markup,
        next: "merge".into(),
        response: serde_json::to_string(response).unwrap_or_default(),
        acked_through: response.acked_through.to_string(),
        at_ms: body.created_ms.to_string(),
        ..FileReply::default()
    }
}

/// On a relay: the server's answer, as a result and the return file to save.
fn relayed(lang: Lang, text: &str, field: &str, message: &str) -> FileReply {
    if text.is_empty() {
        return FileReply::refused(lang, &refusal_words(lang, field, message));
    }
    let file = match SyncFile::parse(text.as_bytes()).and_then(|f| f.returned().map(|b| (f, b))) {
        Ok(file) => file,
        Err(error) => return FileReply::refused(lang, &error.words(lang)),
    };
    let (file, body) = file;
    let response = &body.response;
    let file_name = format!(
        "tsunagu-return-{}-{}.tsunagu",
        body.org,
        compact_time(body.created_ms)
    );
    let done = match lang {
        Lang::Ja => format!("サーバーが受け付けました。返却ファイル「{file_name}」を保存しました。書き出した端末へ持ち帰って取り込んでください。"),
        Lang::En => format!("The server took the file. The return file “{file_name}” was saved: carry it back to the device that wrote the file and take it in there."),
    };
    let markup = format!(
        "<p class=\"notice\" role=\"status\">✔ {}</p>{}<p class=\"actions\"><button type=\"button\" data-action=\"save\">{}</button></p>",
        escaped(&done),
        facts(&[
            (
                lang.pick("反映済みの送信", "Sent changes applied through"),
                response.acked_through.to_string()
            ),
            (
                lang.pick("拒否された変更", "Changes refused"),
                response.rejected.len().to_string()
            ),
            (
                lang.pick("返却ファイルの変更", "Changes in the return file"),
                response.changes.len().to_string()
            ),
        ]),
        lang.pick("返却ファイルをもう一度保存", "Save the return file again"),
    );
    FileReply {
        markup,
        file: file.to_text(),
        file_name,
        ..FileReply::default()
    }
}

/// A refusal of the relay endpoint in the person's language: file refusals by their reason,
/// anything else with the server's own words.
fn refusal_words(lang: Lang, field: &str, message: &str) -> String {
    let words = match (lang, Some(field)) {
        (Lang::En, _) => return message.to_string(),
        (_, Some("file.signature")) => FileError::Altered.words(lang),
        (_, Some("file")) => FileError::NotAFile.words(lang),
        (_, Some("file.prefecture")) => "別の都道府県のファイルです。".into(),
        (_, Some("file.token_revoked")) => "このファイルを書いた端末のトークンは失効しています。変更は受け付けません。".into(),
        (_, Some("file.created_ms")) => "ファイルの日時が先になっています。書き出した端末の時計を確認してください。".into(),
        (_, Some("file.replayed")) => "このファイルは既に中継済みです。変更はサーバーにあり、今回は何も変更していません。".into(),
        (_, Some("file.first_seq")) => "このファイルより前に書き出したファイルが、まだ中継されていません。先にそのファイルを中継してから、このファイルをもう一度送ってください。".into(),
        (_, Some("file.size")) => "ファイルが大きすぎます。".into(),
        (_, Some("file.token_id")) => "この都道府県の端末が書いたファイルではありません。".into(),
        _ => String::new(),
    };
    if words.is_empty() {
        message.to_string()
    } else {
        format!("{words}（{message}）")
    }
}
