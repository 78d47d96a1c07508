//! Quote headers and history markers, checked through `visible_text`: the
//! writer's text above the marker stays, the marker and everything under it go.

use super::super::quotes::is_header_text;
use super::super::visible_text;

const ABOVE: &str = "We tried the drop-in clinic on Mondays.";
const QUOTED: &str = "Hi Alex, it's time for your cycle update.";

/// A reply with `ABOVE`, then `header`, then the reminder quoted with `>`.
fn reply_with(header: &str) -> String {
    format!("{ABOVE}\n\n{header}\n> {QUOTED}\n> 1. What change or idea did you test this cycle?\n")
}

/// A reply with `ABOVE`, then `header`, then the reminder without `>` (Outlook).
fn reply_with_unquoted(header: &str) -> String {
    format!("{ABOVE}\n\n{header}\n\n{QUOTED}\n\n1. What change or idea did you test this cycle?\n")
}

#[test]
fn attribution_lines_in_many_languages() {
    let cases: &[(&str, &str)] = &[
        (
            "english gmail",
            "On Tue, 3 Nov 2026 at 09:00, Lab <lab@lab.example.org> wrote:",
        ),
        (
            "english us order",
            "On Tue, Nov 3, 2026 at 9:00 AM Lab <lab@lab.example.org> wrote:",
        ),
        (
            "english apple",
            "On 3 Nov 2026, at 09:00, Lab <lab@lab.example.org> wrote:",
        ),
        ("english no address", "On 3 Nov 2026, at 09:00, The Lab wrote:"),
        (
            "english no colon",
            "On Tue, 03 Nov 2026 09:00:12 +0000 Lab <lab@lab.example.org> wrote",
        ),
        (
            "zoho dashes",
            "---- On Tue, 03 Nov 2026 09:00:12 +0000 lab@lab.example.org wrote ----",
        ),
        (
            "welsh",
            "Ar Maw, 3 Tach 2026 am 09:00, Lab <lab@lab.example.org> ysgrifennodd:",
        ),
        (
            "romanian",
            "Pe joi, iul. 1, 2027 la 8:00, Improvement Lab<lab@lab.example.org> a scris:",
        ),
        (
            "french",
            "Le mar. 3 nov. 2026 à 09:00, Lab <lab@lab.example.org> a écrit :",
        ),
        ("french nbsp", "Le 2026-11-03 09:00, Lab a écrit\u{a0}:"),
        (
            "german",
            "Am Di., 3. Nov. 2026 um 09:00 Uhr schrieb Lab <lab@lab.example.org>:",
        ),
        (
            "german name first",
            "Lab <lab@lab.example.org> schrieb am Di., 3. Nov. 2026, 09:00:",
        ),
        (
            "spanish",
            "El mar, 3 nov 2026 a las 9:00, Lab (<lab@lab.example.org>) escribió:",
        ),
        ("dutch", "Op di 3 nov. 2026 om 09:00 schreef Lab <lab@lab.example.org>:"),
        (
            "greek",
            "Στις Κυρ 1 Σεπ 2030 στις 8:00 π.μ., ο χρήστης Lab cycles <lab@lab.example.org> έγραψε:",
        ),
        (
            "malayalam",
            "2030, സെപ്റ്റം 1, ഞായർ 8:00 AM-ന് Lab cycles <lab@lab.example.org> എഴുതി:",
        ),
        (
            "turkish",
            "Lab cycles <lab@lab.example.org>, 1 Eyl 2030 Paz, 08:00 tarihinde şunu yazdı:",
        ),
        (
            "dutch apple",
            "Op 3 nov. 2026 om 09:00 heeft Lab <lab@lab.example.org> het volgende geschreven:",
        ),
        (
            "italian",
            "Il giorno mar 3 nov 2026 alle ore 09:00 Lab <lab@lab.example.org> ha scritto:",
        ),
        (
            "portuguese",
            "Em ter., 3 de nov. de 2026 às 09:00, Lab <lab@lab.example.org> escreveu:",
        ),
        (
            "swedish",
            "Den tis 3 nov. 2026 kl 09:00 skrev Lab <lab@lab.example.org>:",
        ),
        (
            "norwegian",
            "tir. 3. nov. 2026 kl. 09:00 skrev Lab <lab@lab.example.org>:",
        ),
        (
            "polish",
            "wt., 3 lis 2026 o 09:00 Lab <lab@lab.example.org> napisał(a):",
        ),
        (
            "finnish",
            "ti 3. marrask. 2026 klo 9.00 Lab (lab@lab.example.org) kirjoitti:",
        ),
        (
            "russian with verb",
            "вт, 3 нояб. 2026 г. в 09:00, Анна Петрова <anna@example.org> написала:",
        ),
        (
            "russian no verb",
            "вт, 3 нояб. 2026 г. в 09:00, Lab <lab@lab.example.org>:",
        ),
        ("gmail dated", "2026-11-03 9:00 GMT+00:00 Lab <lab@lab.example.org>:"),
        (
            "numeric date and address",
            "2026/11/3 Lab via Improvement Lab <lab@lab.example.org>",
        ),
        ("someone wrote", "Lab <lab@lab.example.org> wrote:"),
        ("polish thunderbird", "W dniu 3.11.2026 o 09:00, Lab pisze:"),
        ("horde", "Quoting Lab <lab@lab.example.org>:"),
        ("horde german", "Zitat von Lab <lab@lab.example.org>:"),
        ("you wrote", "At 09:00 03/11/2026, you wrote:"),
    ];
    for (name, header) in cases {
        let got = visible_text(&reply_with(header));
        assert_eq!(got, ABOVE, "case {name:?}: {header}");
        assert!(is_header_text(header), "case {name:?} is a header line: {header}");
    }
}

#[test]
fn attribution_lines_wrapped_by_the_client() {
    let cases: &[(&str, &str)] = &[
        (
            "address on next line",
            "On Tue, 3 Nov 2026 at 09:00, Lab <\nlab@lab.example.org> wrote:",
        ),
        (
            "wrote on next line",
            "On Tue, Nov 3, 2026 at 9:00 AM, The Improvement Lab\n<lab@lab.example.org>\nwrote:",
        ),
        (
            "date split",
            "On Nov 3, 2026,\nat 09:00,\nLab <lab@lab.example.org> wrote:",
        ),
        (
            "french three lines",
            "Le 3 nov. 2026 09:00, \"Lab\"\n<lab@lab.example.org>\na écrit :",
        ),
        (
            "german uhr",
            "Lab <lab@lab.example.org> schrieb am Di., 3.\nNov. 2026 um 09:00 Uhr:",
        ),
        (
            "dutch",
            "Op 3 nov. 2026 09:00 schreef \"Lab\" <lab@lab.example.org> het\nvolgende geschreven:",
        ),
        (
            "closing bracket alone",
            "Am 03.11.2026 09:00 schrieb \"Lab\" <lab@lab.example.org\n>:",
        ),
        (
            "blank lines inside",
            "On Tue, 3 Nov 2026 at 09:00 Lab\n\n<\nmailto:lab@lab.example.org\n> wrote:",
        ),
    ];
    for (name, header) in cases {
        let got = visible_text(&reply_with(header));
        assert_eq!(got, ABOVE, "case {name:?}: {header}");
    }
}

#[test]
fn outlook_header_blocks_and_separators() {
    let cases: &[(&str, &str)] = &[
        (
            "english",
            "From: Lab <lab@lab.example.org>\nSent: 03 November 2026 09:00\nTo: Alex Jones <alex.jones@nhs.net>\nSubject: Cycle 3",
        ),
        (
            "bold stars",
            "*From:* Lab <lab@lab.example.org>\n*Sent:* Tuesday, November 3, 2026 9:00 AM\n*To:* Alex\n*Subject:* Cycle 3",
        ),
        (
            "with cc and date",
            "From: Lab [mailto:lab@lab.example.org]\nDate: Tuesday, 3 November 2026 at 09:00\nTo: Alex\nCc: Team\nSubject: RE: Cycle 3",
        ),
        (
            "french",
            "De : Lab <lab@lab.example.org>\nEnvoyé : mardi 3 novembre 2026 09:00\nÀ : Alex\nObjet : Cycle 3",
        ),
        (
            "german",
            "Von: Lab <lab@lab.example.org>\nGesendet: Dienstag, 3. November 2026 09:00\nAn: Alex\nBetreff: Zyklus 3",
        ),
        (
            "dutch",
            "Van: Lab <lab@lab.example.org>\nVerzonden: dinsdag 3 november 2026 09:00\nAan: Alex\nOnderwerp: Cyclus 3",
        ),
        (
            "spanish",
            "De: Lab <lab@lab.example.org>\nEnviado: martes, 3 de noviembre de 2026 9:00\nPara: Alex\nAsunto: Ciclo 3",
        ),
        (
            "welsh",
            "Oddi wrth: Lab <lab@lab.example.org>\nAnfonwyd: 03 Tachwedd 2026 09:00\nAt: Alex\nPwnc: Cylch 3",
        ),
        (
            "indented",
            "   De : Lab <lab@lab.example.org>\n   Envoyé le : mardi 3 novembre 2026\n   À : Alex\n   Objet : Cycle 3",
        ),
        (
            "sender wrapped",
            "From: The Improvement Lab\n<lab@lab.example.org>\nSent: 03 November 2026 09:00\nTo: Alex\nSubject: Cycle 3",
        ),
        (
            "original message",
            "-----Original Message-----\nFrom: Lab\nSent: 03 November 2026 09:00",
        ),
        ("original message spaced", "----- Original Message -----"),
        ("german original", "-----Ursprüngliche Nachricht-----"),
        ("french original", "-------- Message d'origine --------"),
        (
            "forwarded",
            "---------- Forwarded message ---------\nFrom: Lab <lab@lab.example.org>",
        ),
        ("apple forward", "Begin forwarded message:"),
        (
            "groupwise",
            ">>> Improvement Lab <lab@lab.example.org> 01/12/2026 09:00 >>>",
        ),
        ("groupwise, name only", ">>> Improvement Lab 12/1/2026 9:00 AM >>>"),
        (
            "underscores",
            "________________________________\nFrom: Lab <lab@lab.example.org>",
        ),
        (
            "indonesian samsung",
            "-------- Pesan asli --------\nDari: Lab <lab@lab.example.org>\nTanggal: 01/08/29 08.00 (GMT+01:00)\nKe: alex@x.org\nSubjek: Cycle 9",
        ),
        (
            "turkish outlook",
            "Kimden: Lab <lab@lab.example.org>\nGönderildi: 1 Ağustos 2029 Çarşamba 08:00\nKime: Alex\nKonu: Cycle 9",
        ),
        (
            "romanian outlook",
            "De la: Lab <lab@lab.example.org>\nTrimis: miercuri, 1 august 2029 08:00\nCătre: Alex\nSubiect: Cycle 9",
        ),
        (
            "czech outlook",
            "Od: Lab <lab@lab.example.org>\nOdesláno: středa 1. srpna 2029 8:00\nKomu: Alex\nPředmět: Cycle 9",
        ),
        ("hungarian original", "-------- Eredeti üzenet --------"),
        ("greek original", "-------- Αρχικό μήνυμα --------"),
        ("portuguese forward", "---------- Mensagem encaminhada ---------"),
    ];
    for (name, header) in cases {
        let got = visible_text(&reply_with_unquoted(header));
        assert_eq!(got, ABOVE, "case {name:?}: {header}");
    }
}

#[test]
fn lines_that_only_look_like_headers_stay() {
    let cases: &[(&str, &str)] = &[
        (
            "on the surface",
            "On the surface it went well.\n\nOn the other hand, staff were tired.",
        ),
        (
            "on a date in prose",
            "On 3 Nov we ran the first session.\nIt went well.",
        ),
        (
            "times in content",
            "Clinics ran 2026-11-03 09:00 and 2026-11-10 09:00.\nBoth were full.",
        ),
        (
            "from in a sentence",
            "Referrals came from: GPs and self-referral.\nMost from GPs.",
        ),
        ("what I wrote", "As I wrote last month:\nthe form is too long."),
        ("single header key", "Date: 3 November\nTo do: book the hall"),
        (
            "wrote in url",
            "See https://example.org/on-3-nov-someone-wrote-this\nThanks",
        ),
        (
            "sentence before a header",
            "We saw 14 patients.\nSarah Jones <sarah@nhs.net> wrote:\n> hello",
        ),
    ];
    for (name, body) in cases {
        let got = visible_text(body);
        let first = body.lines().next().unwrap_or_default();
        assert!(got.starts_with(first), "case {name:?}: got {got:?}");
        if *name != "sentence before a header" {
            assert_eq!(got, body.trim(), "case {name:?}");
        }
    }
}

#[test]
fn a_bar_quotes_but_a_table_row_does_not() {
    use super::super::text::split_quote;
    assert_eq!(split_quote("| From: Improvement Lab"), (1, "From: Improvement Lab"));
    assert_eq!(split_quote("|"), (1, ""));
    assert_eq!(split_quote("| Measure | Value |").0, 0);
    assert_eq!(split_quote("|x").0, 0);
}

#[test]
fn comment_tags_before_typed_answers() {
    use super::super::text::without_comment_tag;
    assert_eq!(without_comment_tag("[SO] A joint visit"), "A joint visit");
    assert_eq!(without_comment_tag("[JB]: Fewer falls"), "Fewer falls");
    assert_eq!(without_comment_tag("[Jane Watson] It worked"), "It worked");
    // Alone on a line, or not a name: what someone wrote.
    assert_eq!(without_comment_tag("[DATE]"), "[DATE]");
    assert_eq!(without_comment_tag("[Ward 7] fewer falls"), "[Ward 7] fewer falls");
    assert_eq!(
        without_comment_tag("[see attached] run chart"),
        "[see attached] run chart"
    );
}

#[test]
fn a_whole_attribution_under_answers_with_figures_is_not_joined_to_them() {
    let answers = "Change: a leaflet\nMeasures: Calls: 12\nDecision: adopt\nNext: video";
    for header in [
        "Lab <lab@lab.example.org> schrieb am Di., 3. Nov. 2026, 09:00:",
        "2026-11-03 9:00 GMT+00:00 Lab <lab@lab.example.org>:",
        "Lab <lab@lab.example.org> wrote on 03/11/2026 09:00:",
    ] {
        let reply = format!("{answers}\n\n{header}\n> {QUOTED}\n");
        assert_eq!(visible_text(&reply), answers, "{header}");
    }
}
