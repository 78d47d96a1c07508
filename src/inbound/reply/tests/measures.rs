use super::super::{Measure, MeasureValue, parse_measure, parse_measures};

fn num(n: f64) -> MeasureValue {
    MeasureValue::Number(n)
}

/// Name, value and unit of each measure read from `text`.
fn rows(text: &str) -> Vec<(String, MeasureValue, Option<String>)> {
    parse_measures(text)
        .into_iter()
        .map(|m| (m.name, m.value, m.unit))
        .collect()
}

fn text(t: &str) -> MeasureValue {
    MeasureValue::Text(t.to_string())
}

#[test]
fn measure_lines() {
    let cases: &[(&str, &str, &str, MeasureValue, Option<&str>)] = &[
        (
            "figure in brackets at the end",
            "Patients offered the group (14)",
            "Patients offered the group",
            num(14.0),
            None,
        ),
        (
            "count in brackets at the end",
            "Seen in clinic (9 of 14)",
            "Seen in clinic",
            num(9.0),
            Some("of 14"),
        ),
        (
            "a Word sub-list letter",
            "b.      Both reviews completed: 22",
            "Both reviews completed",
            num(22.0),
            None,
        ),
        (
            "colon",
            "Patients offered the group: 14",
            "Patients offered the group",
            num(14.0),
            None,
        ),
        (
            "dash with unit",
            "Attendance - 9 of 14 (64%)",
            "Attendance",
            num(9.0),
            Some("of 14 (64%)"),
        ),
        (
            "colon with unit",
            "Waiting time: 3 weeks",
            "Waiting time",
            num(3.0),
            Some("weeks"),
        ),
        ("no separator", "DNA rate 12%", "DNA rate", num(12.0), Some("%")),
        (
            "decimal",
            "Average wait: 2.5 days",
            "Average wait",
            num(2.5),
            Some("days"),
        ),
        ("equals", "Staff trained = 6", "Staff trained", num(6.0), None),
        ("text value", "Falls: none", "Falls", text("none"), None),
        ("currency first", "£1,200 saved", "saved", num(1200.0), Some("£")),
        (
            "currency value",
            "Cost saved: £1,200",
            "Cost saved",
            num(1200.0),
            Some("£"),
        ),
        (
            "currency with words",
            "Saving: £ 350 per month",
            "Saving",
            num(350.0),
            Some("£ per month"),
        ),
        (
            "thousands and decimals",
            "Budget: 12,345.50",
            "Budget",
            num(12345.5),
            None,
        ),
        (
            "decimal comma",
            "Gemiddelde wachttijd: 2,5 dagen",
            "Gemiddelde wachttijd",
            num(2.5),
            Some("dagen"),
        ),
        (
            "en dash",
            "Time per call – 14 minutes",
            "Time per call",
            num(14.0),
            Some("minutes"),
        ),
        (
            "number first",
            "14 patients offered the group",
            "patients offered the group",
            num(14.0),
            None,
        ),
        ("percent first", "64% attendance", "attendance", num(64.0), Some("%")),
        (
            "negative",
            "Change in wait: -3 days",
            "Change in wait",
            num(-3.0),
            Some("days"),
        ),
        ("bullet dash", "- Calls made: 120", "Calls made", num(120.0), None),
        (
            "bullet star",
            "* Flagged high risk: 8",
            "Flagged high risk",
            num(8.0),
            None,
        ),
        ("bullet dot", "• Leaflets given: 48", "Leaflets given", num(48.0), None),
        ("numbered", "1. Self-referrals: 31", "Self-referrals", num(31.0), None),
        (
            "numbered paren",
            "2) Inappropriate referrals - 2",
            "Inappropriate referrals",
            num(2.0),
            None,
        ),
        ("bold name", "**Attendance**: 9", "Attendance", num(9.0), None),
        (
            "time of day is text",
            "Clinic start: 10:30",
            "Clinic start",
            text("10:30"),
            None,
        ),
        (
            "time without separator",
            "Clinic start 10:30",
            "Clinic start",
            text("10:30"),
            None,
        ),
        (
            "prose",
            "We timed every session",
            "We timed every session",
            text(""),
            None,
        ),
        (
            "tbc value",
            "Patient feedback: tbc",
            "Patient feedback",
            text("tbc"),
            None,
        ),
        (
            "bracketed range",
            "Pain score (0-10) 4",
            "Pain score (0-10)",
            num(4.0),
            None,
        ),
        ("trailing full stop", "Texts sent: 212.", "Texts sent", num(212.0), None),
        ("pipe from a table", "Sessions run | 6", "Sessions run", num(6.0), None),
        (
            "date is text",
            "Audit date: 03/11/2026",
            "Audit date",
            text("03/11/2026"),
            None,
        ),
        (
            "date with dots is text",
            "Audit date: 03.11.2026",
            "Audit date",
            text("03.11.2026"),
            None,
        ),
        (
            "a score out of a total is no date",
            "Parent satisfaction (text survey): 4.6/5",
            "Parent satisfaction (text survey)",
            num(4.6),
            Some("/5"),
        ),
        ("emoji bullet", "📈 Calls made: 120", "Calls made", num(120.0), None),
    ];
    for (name, line, want_name, want_value, want_unit) in cases {
        let m = parse_measure(line).unwrap_or_else(|| panic!("case {name:?}: no measure"));
        assert_eq!(m.name, *want_name, "case {name:?}: name");
        assert_eq!(m.value, *want_value, "case {name:?}: value");
        assert_eq!(m.unit.as_deref(), *want_unit, "case {name:?}: unit");
        assert_eq!(m.raw, line.trim(), "case {name:?}: raw");
    }
}

#[test]
fn lines_saying_nothing_was_measured_are_no_measure() {
    for line in [
        "N/A",
        "- n/a",
        "None this month",
        "Nothing yet",
        "- Not measured this time - sorry!",
        "We didn't measure anything",
        "We did not measure this cycle",
        "No data collected",
        "no new figures yet, audit is end of April",
        "No numbers this month",
    ] {
        assert_eq!(parse_measure(line), None, "{line:?}");
    }
    for line in [
        "Falls: none",
        "None of the 12 patients declined: 0",
        "Nothing-by-mouth checks: 14",
    ] {
        assert!(parse_measure(line).is_some(), "{line:?} is a measure");
    }
}

#[test]
fn one_measure_per_non_empty_line() {
    let cases: &[(&str, &str, usize)] = &[
        ("three lines", "Offered: 14\nAttended: 9\nDNA: 2", 3),
        ("blank lines skipped", "Offered: 14\n\n\nAttended: 9\n", 2),
        ("bullets", "- a: 1\n- b: 2\n* c: 3\n• d: 4", 4),
        ("decoration only", "---\n***", 0),
        ("semicolons", "Offered: 14; attended: 9; DNA: 2", 3),
        ("commas with separators", "Offered: 14, attended: 9", 2),
        ("commas inside one measure", "Waiting time: 3 weeks, down from 5", 1),
        ("thousands comma", "Saved: £1,200", 1),
        (
            "commas inside brackets",
            "New pressure damage - 1 (heal, category 1)",
            1,
        ),
        (
            "figures listed, brackets aside",
            "offered 60, accepted 22 (37%, up), referred 3",
            3,
        ),
        ("empty", "", 0),
        (
            "tab table with its heading row",
            "Measure\tNumber\nFalls\t2\nFalls with harm\t0",
            2,
        ),
    ];
    for (name, input, count) in cases {
        assert_eq!(parse_measures(input).len(), *count, "case {name:?}");
    }
}

#[test]
fn whole_numbers_serialise_without_fraction() {
    let cases: &[(&str, MeasureValue, &str)] = &[
        ("integer", num(14.0), "14"),
        ("fraction", num(2.5), "2.5"),
        ("negative", num(-3.0), "-3"),
        ("large", num(1_200_000.0), "1200000"),
        ("text", text("none"), "\"none\""),
        ("empty text", text(""), "\"\""),
    ];
    for (name, value, json) in cases {
        assert_eq!(
            serde_json::to_string(value).ok().as_deref(),
            Some(*json),
            "case {name:?}"
        );
    }
}

#[test]
fn measure_json_has_no_raw_and_reads_back() {
    let m = Measure {
        name: "Attendance".into(),
        value: num(9.0),
        unit: Some("of 14".into()),
        raw: "Attendance - 9 of 14".into(),
    };
    let json = serde_json::to_string(&m).unwrap_or_default();
    assert_eq!(json, r#"{"name":"Attendance","value":9,"unit":"of 14"}"#);
    let back: Measure = serde_json::from_str(&json).expect("reads back");
    assert_eq!(back.value, num(9.0));
    assert_eq!(back.raw, "");
    let text_back: Measure =
        serde_json::from_str(r#"{"name":"Falls","value":"none","unit":null}"#).expect("reads back");
    assert_eq!(text_back.value, text("none"));
}

#[test]
fn cells_of_a_table_turned_into_text() {
    let m = parse_measures("Measure\tResult\nSepsis 6 within 1 hour\t64% (was 48%)\nStaff feedback\tmostly positive");
    let got: Vec<(&str, Option<&str>)> = m.iter().map(|m| (m.name.as_str(), m.unit.as_deref())).collect();
    assert_eq!(
        got,
        [
            ("Sepsis 6 within 1 hour", Some("% (was 48%)")),
            ("Staff feedback", None)
        ]
    );
}

#[test]
fn a_comma_list_of_figures_splits_but_thousands_do_not() {
    assert_eq!(parse_measures("offered 60, accepted 22, referred to GP 3").len(), 3);
    assert_eq!(parse_measures("Saved £12,000").len(), 1);
    assert_eq!(parse_measures("Waiting time: 3 weeks, down from 5").len(), 1);
    // A comma inside the name of a figure given after a dash.
    let m = parse_measures("Screened within 6 weeks, previous quarter – 52/81 (64%)");
    assert_eq!(m.len(), 1, "{m:?}");
    assert_eq!(m[0].name, "Screened within 6 weeks, previous quarter");
    assert_eq!(parse_measures("offered - 60, accepted - 22, referred - 3").len(), 3);
    // Named figures between bars; a table's row of a name and its figure is one.
    let m = parse_measures("New patients 48 | Follow-ups 131 | DNAs 9 | Discharged after the call 12");
    assert_eq!(m.len(), 4, "{m:?}");
    assert_eq!(m[3].name, "Discharged after the call");
    assert_eq!(parse_measures("Ward 4 | 12").len(), 1);
    assert_eq!(
        parse_measures("Non-urgent bleeps per night: baseline 62 | April 38 | target 40").len(),
        1
    );
}

#[test]
fn dot_leaders_pipe_rows_space_columns_and_a_figure_at_the_end() {
    let text = "Measure                             This cycle\n\
                Patients booked                      62\n\
                Med rec within 24 hours              97 (87%)\n\
                | Referrals with a usable photo | 48 of 71 |\n\
                Crisis team visits ........ 17\n\
                Week 1 attendance 12\n\
                Attendance 9 of 14";
    assert_eq!(
        rows(text),
        vec![
            ("Patients booked".into(), num(62.0), None),
            ("Med rec within 24 hours".into(), num(97.0), Some("(87%)".into())),
            ("Referrals with a usable photo".into(), num(48.0), Some("of 71".into())),
            ("Crisis team visits".into(), num(17.0), None),
            ("Week 1 attendance".into(), num(12.0), None),
            ("Attendance".into(), num(9.0), Some("of 14".into())),
        ]
    );
}

#[test]
fn a_table_turned_into_one_cell_a_line() {
    let text = "Measure\nJanuary\nTTOs screened within 1 hour\n187 of 240 (78%)\n\
                Median time to screen\n42 minutes\nTTOs returned to ward\n19";
    assert_eq!(
        rows(text),
        vec![
            (
                "TTOs screened within 1 hour".into(),
                num(187.0),
                Some("of 240 (78%)".into())
            ),
            ("Median time to screen".into(), num(42.0), Some("minutes".into())),
            ("TTOs returned to ward".into(), num(19.0), None),
        ]
    );
}

#[test]
fn a_table_of_several_columns_one_cell_a_line_gives_this_months_column() {
    let text = "Measure\nBaseline (March)\nMay\nTarget\n\nMedian time to assessment (minutes)\n38\n17\n15\n\n\
                Shifts covered\n–\n47 of 62\n62 of 62\n\nRe-attendances\n–\n6\n–";
    let want = vec![
        ("Median time to assessment (minutes)".into(), num(17.0), None),
        ("Shifts covered".into(), num(47.0), Some("of 62".into())),
        ("Re-attendances".into(), num(6.0), None),
    ];
    assert_eq!(rows(text), want);
    // The name column's heading read as the answer's label: the rest is the same table.
    let unlabelled = text.strip_prefix("Measure\n").unwrap();
    assert_eq!(rows(unlabelled), want);
    // Two columns that are both this month's figures cannot be told apart: no table.
    let two_current = text.replace("Target", "June");
    assert_ne!(rows(&two_current), want);
}

#[test]
fn a_sentence_among_the_measures_is_no_measure() {
    for line in [
        "We didn't get round to counting cancellations, sorry.",
        "The team found the new form much easier to use!",
    ] {
        assert_eq!(parse_measure(line), None, "{line:?}");
    }
    for line in ["Staff feedback: mostly positive.", "Falls: none.", "Patients seen 14."] {
        assert!(parse_measure(line).is_some(), "{line:?} is a measure");
    }
    // A dash does not make a sentence a measure; a short name does.
    let sentence =
        "And after talking to the consultants we're going to adapt rather than adopt – weekends need their own rota.";
    assert_eq!(parse_measure(sentence), None);
    for line in [
        "How patients felt about the leaflet – positive",
        "Patients seen after the new triage questions were added at reception – 42",
    ] {
        assert!(parse_measure(line).is_some(), "{line:?} is a measure");
    }
}

#[test]
fn a_figure_in_brackets_wrapped_onto_its_own_line_joins_the_measure_above() {
    assert_eq!(
        rows("Falls: 6\n(was 19)\nBed rails checked: 40 of 42"),
        vec![
            ("Falls".to_string(), num(6.0), Some("(was 19)".to_string())),
            ("Bed rails checked".to_string(), num(40.0), Some("of 42".to_string())),
        ]
    );
    // Under a line with no figure it stays where it is.
    assert_eq!(rows("Staff feedback: positive\n(12 forms back)").len(), 2);
}

#[test]
fn figures_promised_for_later_are_no_measure() {
    for line in [
        "Numbers to follow – Carys is pulling them off the system",
        "Sam to add - see above.",
        "Figures TBC",
        "Still waiting for the audit results",
        "I’ll send them over on Monday",
        // A band and a date are no figures.
        "Audit sheets are with the Band 7, will revert with the data by 30/11",
    ] {
        assert_eq!(parse_measure(line), None, "{line:?}");
    }
    // A name with its value still to come says what was measured.
    for line in [
        "Cancellations: to come",
        "Patients seen in follow-up clinic: 14",
        "Referrals to come back: 3",
        "Comfort score: to the good",
    ] {
        assert!(parse_measure(line).is_some(), "{line:?} is a measure");
    }
}

#[test]
fn figures_in_an_attachment_or_an_earlier_reply_are_no_measure() {
    for line in [
        "in the attached spreadsheet (too many to type out)",
        "See attached run chart",
        "All on the Excel sheet",
        "Data: see the attachment",
        "same as last month",
        "As before",
    ] {
        assert_eq!(parse_measure(line), None, "{line:?}");
    }
    for line in ["Leaflets attached to notes: 12", "Sheet attached to the bed: most beds"] {
        assert!(parse_measure(line).is_some(), "{line:?} is a measure");
    }
}

#[test]
fn a_count_at_the_end_is_the_value_whatever_figures_the_name_has() {
    for (line, name, value, unit) in [
        (
            "Safety plans reviewed at the 9am meeting 17 of 19",
            "Safety plans reviewed at the 9am meeting",
            17.0,
            "of 19",
        ),
        (
            "Seen within 4 hours 31 out of 40",
            "Seen within 4 hours",
            31.0,
            "out of 40",
        ),
    ] {
        let m = parse_measure(line).expect(line);
        assert_eq!(
            (m.name.as_str(), m.value, m.unit.as_deref()),
            (name, num(value), Some(unit)),
            "{line}"
        );
    }
}

/// Every separator a measure line may use; the first in the line splits it, and a
/// colon between digits (a time) is no separator.
#[test]
fn measure_separators() {
    let cases: &[(&str, &str, &str, MeasureValue)] = &[
        ("arrow", "Calls answered -> 41", "Calls answered", num(41.0)),
        // An arrow between two figures is what changed, not a separator.
        ("arrow between figures", "DNAs 14% -> 9%", "DNAs", num(14.0)),
        (
            "a separator inside brackets",
            "Median arrival to antibiotics (screen positive, n=118): 64 minutes",
            "Median arrival to antibiotics (screen positive, n=118)",
            num(64.0),
        ),
        (
            "arrow inside the name",
            "Time arrival -> first obs (median): 48 -> 14 mins",
            "Time arrival -> first obs (median)",
            num(48.0),
        ),
        ("en dash", "Calls answered – 41", "Calls answered", num(41.0)),
        ("em dash", "Calls answered — 41", "Calls answered", num(41.0)),
        ("double dash", "Calls answered -- 41", "Calls answered", num(41.0)),
        ("equals", "Calls answered = 41", "Calls answered", num(41.0)),
        ("tab", "Calls answered\t41", "Calls answered", num(41.0)),
        ("full-width colon", "Calls answered：41", "Calls answered", num(41.0)),
        (
            "time before the colon",
            "Seen before 10:00: 14",
            "Seen before 10:00",
            num(14.0),
        ),
        (
            "the first separator wins",
            "Falls - ward A: 4",
            "Falls",
            text("ward A: 4"),
        ),
    ];
    for (name, line, want_name, want_value) in cases {
        let m = parse_measure(line).unwrap_or_else(|| panic!("case {name:?}: no measure in {line:?}"));
        assert_eq!(
            (m.name.as_str(), &m.value),
            (*want_name, want_value),
            "case {name:?}: {line:?}"
        );
    }
}

#[test]
fn a_table_typed_a_row_a_line_gives_this_months_column() {
    let want = vec![
        ("Rescue packs dispensed".into(), num(47.0), None),
        ("Called within 72 hours".into(), num(39.0), Some("of 47 (83%)".into())),
        ("Admitted within 30 days (n=18)".into(), num(6.0), Some("%".into())),
    ];
    let piped = "Measure | Baseline (Jan–Mar) | April 2029 | Target\n\
                 Rescue packs dispensed | 131 | 47 | –\n\
                 Called within 72 hours | n/a | 39 of 47 (83%) | 90%\n\
                 Admitted within 30 days (n=18) | 11% | 6% | 8%";
    assert_eq!(rows(piped), want);
    // Markdown, with its rule; tabs; columns lined up with spaces.
    let markdown = "| Measure | Baseline | April | Target |\n|---|---|---|---|\n\
                    | Rescue packs dispensed | 131 | 47 | – |\n| Called within 72 hours | n/a | 39 of 47 (83%) | 90% |\n\
                    | Admitted within 30 days (n=18) | 11% | 6% | 8% |";
    assert_eq!(rows(markdown), want);
    let tabs = piped.replace(" | ", "\t");
    assert_eq!(rows(&tabs), want);
    let lined_up = "Measure                           Baseline   April            Target\n\
                    Rescue packs dispensed            131        47               –\n\
                    Called within 72 hours            n/a        39 of 47 (83%)   90%\n\
                    Admitted within 30 days (n=18)    11%        6%               8%";
    assert_eq!(rows(lined_up), want);
    // Months only: the last is this cycle's.
    let months = "Measure\tMarch\tApril\tTarget\nPractices opening the pack\t9/24\t17/24\t20/24";
    assert_eq!(
        rows(months),
        vec![("Practices opening the pack".into(), num(17.0), Some("/24".into()))]
    );
    // Two columns of this month's figures cannot be told apart: no column is taken, and
    // each row is read as a line ("Rescue packs dispensed | 131 | 47 | –" → 131).
    let two = piped.replace("Target", "Wards");
    let read = rows(&two);
    assert!(!read.iter().any(|r| r.1 == num(47.0)), "{read:?}");
    assert_eq!(
        read.iter().find(|r| r.0 == "Rescue packs dispensed").map(|r| &r.1),
        Some(&num(131.0))
    );
}
