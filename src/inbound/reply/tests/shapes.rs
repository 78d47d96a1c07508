//! Reply shapes met in the wild beyond the reminder's own layout: PDSA labels,
//! all answers on one phone line, forwarded answers, asides after the last answer,
//! initials before inline answers, combined answers, plain-text tables.

use super::super::{Decision, extract};
use super::support::{Expect, check};

#[test]
fn unusual_but_common_shapes() {
    let cases: Vec<(&str, &str, Expect<'_>)> = vec![
        (
            "PDSA labels spill into their neighbours",
            "PLAN: Board round at 9am on the assessment unit.\nWe expected earlier discharges.\n\nDO: Ran it for three weeks.\n\nSTUDY: Discharges came earlier on most days.\nDischarges before noon: 18\nBoard rounds held: 14 of 15\n\nACT: Adopt. Next we will try it at weekends.\n",
            Expect {
                change: Some("Board round at 9am on the assessment unit."),
                prediction: Some("We expected earlier discharges."),
                what_happened: Some("Ran it for three weeks."),
                measures: &[
                    ("Discharges before noon", "18", None),
                    ("Board rounds held", "14", Some("of 15")),
                ],
                learning: Some("Discharges came earlier on most days."),
                decision: Some(Decision::Adopt),
                next_steps: Some("Next we will try it at weekends."),
                ..Default::default()
            },
        ),
        (
            "numbers with nothing after them, typed on a phone",
            "1 obs round moved to 6am at weekends\n2 fewer missed obs\n3 only 1 missed all weekend\nMissed obs: 1\nNEWS escalations on time: 5/5\n5 weekend staff prefer it\n6 adopt\n7 try it on weekdays\n\nSent from my iPhone\n",
            Expect {
                change: Some("obs round moved to 6am at weekends"),
                prediction: Some("fewer missed obs"),
                what_happened: Some("only 1 missed all weekend"),
                measures: &[("Missed obs", "1", None), ("NEWS escalations on time", "5", Some("/5"))],
                learning: Some("weekend staff prefer it"),
                decision: Some(Decision::Adopt),
                next_steps: Some("try it on weekdays"),
                ..Default::default()
            },
        ),
        (
            "three answers numbered with nothing after the number, every line numbered",
            "1 Text msg f/u to book 2nd shingles dose\n3 went ok\n6 adopt\n\nSent from my Galaxy\n",
            Expect {
                change: Some("Text msg f/u to book 2nd shingles dose"),
                what_happened: Some("went ok"),
                decision: Some(Decision::Adopt),
                needs_review: true,
                warnings: &["only 3 of 7 questions answered"],
                ..Default::default()
            },
        ),
        (
            "prose lines that open with a count are not numbered answers",
            "Quick update from us.\n3 patients declined the group this month.\n4 more said they would come in June.\n5 staff trained so far.\n6 sessions booked.\n7 referrals from the GP practice.\n",
            Expect {
                needs_review: true,
                ..Default::default()
            },
        ),
        (
            "labelled answers on one line, split by semicolons",
            "Change: moved obs round to 6am; Prediction: fewer missed obs; What happened: 1 missed all w/e; Measures: missed obs 1; Learning: staff prefer it; Decision: adopt; Next: try weekdays\n",
            Expect {
                change: Some("moved obs round to 6am"),
                prediction: Some("fewer missed obs"),
                what_happened: Some("1 missed all w/e"),
                measures: &[("missed obs", "1", None)],
                learning: Some("staff prefer it"),
                decision: Some(Decision::Adopt),
                next_steps: Some("try weekdays"),
                ..Default::default()
            },
        ),
        (
            "dictated labels on one line, split by semicolons",
            "change moved obs round to 6am; pred fewer missed obs; happened 1 missed all w/e; measures missed obs 1, NEWS on time 5/5; learning staff prefer it; decision adopt; next try weekdays\n\nSent from my iPhone\n",
            Expect {
                change: Some("moved obs round to 6am"),
                prediction: Some("fewer missed obs"),
                what_happened: Some("1 missed all w/e"),
                measures: &[("missed obs", "1", None), ("NEWS on time", "5", Some("/5"))],
                learning: Some("staff prefer it"),
                decision: Some(Decision::Adopt),
                next_steps: Some("try weekdays"),
                ..Default::default()
            },
        ),
        (
            "a sentence with semicolons is not a list of answers",
            "Change: Text reminders two days before each appointment.\nPrediction: Fewer DNAs; maybe a few more cancellations; no change in rebooking; some complaints.\nWhat happened: DNAs fell.\nMeasures: DNAs 6\nLearning: Worth it.\nDecision: Adopt\nNext: Try it in the evening clinic.\n",
            Expect {
                change: Some("Text reminders two days before each appointment."),
                prediction: Some(
                    "Fewer DNAs; maybe a few more cancellations; no change in rebooking; some complaints.",
                ),
                what_happened: Some("DNAs fell."),
                measures: &[("DNAs", "6", None)],
                learning: Some("Worth it."),
                decision: Some(Decision::Adopt),
                next_steps: Some("Try it in the evening clinic."),
                ..Default::default()
            },
        ),
        (
            "numbered answers run on, several to a line",
            "Sorry late!\n\n1. Blister packs checked by a 2nd person before delivery 2. Fewer errors reported by the care homes\n3. Took longer than we thought, about 20 mins extra a day 4. Errors reported: 1 (was 5)\n5. Worth the time 6. Adopt 7. Look at cutting the 20 mins\n",
            Expect {
                change: Some("Blister packs checked by a 2nd person before delivery"),
                prediction: Some("Fewer errors reported by the care homes"),
                what_happened: Some("Took longer than we thought, about 20 mins extra a day"),
                measures: &[("Errors reported", "1", Some("(was 5)"))],
                learning: Some("Worth the time"),
                decision: Some(Decision::Adopt),
                next_steps: Some("Look at cutting the 20 mins"),
                ..Default::default()
            },
        ),
        (
            "a list inside a numbered answer is not run-on answers",
            "1. Two things: 1. a poster 2. a leaflet\n2. More bookings\n3. Bookings went up\n4. Bookings: 31\n5. Posters work\n6. Adopt\n7. Try the leaflet alone\n",
            Expect {
                change: Some("Two things: 1. a poster 2. a leaflet"),
                prediction: Some("More bookings"),
                what_happened: Some("Bookings went up"),
                measures: &[("Bookings", "31", None)],
                learning: Some("Posters work"),
                decision: Some(Decision::Adopt),
                next_steps: Some("Try the leaflet alone"),
                ..Default::default()
            },
        ),
        (
            "the next label after a full stop, on the same line",
            "Change: no 2am obs for pts with NEWS 0-1 (unless clinical concern). Prediction: pts sleep better, no missed deterioration.\nWhat happened: staff nervous at first but went ok. Measures: Pts left to sleep 64; Missed deteriorations 0\nLearning: worth it\nDecision: Adopt. Next: extend to NEWS 2\n",
            Expect {
                change: Some("no 2am obs for pts with NEWS 0-1 (unless clinical concern)."),
                prediction: Some("pts sleep better, no missed deterioration."),
                what_happened: Some("staff nervous at first but went ok."),
                measures: &[("Pts left to sleep", "64", None), ("Missed deteriorations", "0", None)],
                learning: Some("worth it"),
                decision: Some(Decision::Adopt),
                next_steps: Some("extend to NEWS 2"),
                ..Default::default()
            },
        ),
        (
            "every answer on one line, typed on a phone",
            "1 weekly phone call 2 fewer missed doses 3 families liked it 4 calls made 31 5 worth it 6 adopt 7 try texts\n\nSent from my iPhone\n",
            Expect {
                change: Some("weekly phone call"),
                prediction: Some("fewer missed doses"),
                what_happened: Some("families liked it"),
                measures: &[("calls made", "31", None)],
                learning: Some("worth it"),
                decision: Some(Decision::Adopt),
                next_steps: Some("try texts"),
                ..Default::default()
            },
        ),
        (
            "a colleague's answers forwarded",
            "Forwarding Amy's answers.\n\n---------- Forwarded message ---------\nFrom: Amy <amy@trust.example.uk>\nDate: Tue, 3 Nov 2026 at 10:00\nSubject: answers\nTo: Ben <ben@trust.example.uk>\n\nChange: A checklist at handover\nPrediction: Fewer omissions\nWhat happened: Used on most shifts\nMeasures: Handovers with the checklist: 40\nLearning: Works when the nurse in charge leads it\nDecision: adopt\nNext: Night shifts\n",
            Expect {
                change: Some("A checklist at handover"),
                prediction: Some("Fewer omissions"),
                what_happened: Some("Used on most shifts"),
                measures: &[("Handovers with the checklist", "40", None)],
                learning: Some("Works when the nurse in charge leads it"),
                decision: Some(Decision::Adopt),
                next_steps: Some("Night shifts"),
                ..Default::default()
            },
        ),
        (
            "a postscript after the last answer is not part of it",
            "Change: Text reminders\nPrediction: Fewer DNAs\nWhat happened: Fewer DNAs\nMeasures: DNA rate: 8%\nLearning: As predicted\nDecision: adopt\nNext: Try 24 hours before\nPS could we present this in January?\n",
            Expect {
                change: Some("Text reminders"),
                prediction: Some("Fewer DNAs"),
                what_happened: Some("Fewer DNAs"),
                measures: &[("DNA rate", "8", Some("%"))],
                learning: Some("As predicted"),
                decision: Some(Decision::Adopt),
                next_steps: Some("Try 24 hours before"),
                needs_review: true,
                warnings: &["present this in January"],
                ..Default::default()
            },
        ),
        (
            "one answer for two questions is kept under the first and flagged",
            "1. Photos of wounds sent to the specialist nurse\n2/3. We expected quicker reviews and that is what happened\n4. Photos reviewed the same day: 30\n5. Quicker, as hoped\n6. Adopt\n7. Better phones\n",
            Expect {
                change: Some("Photos of wounds sent to the specialist nurse"),
                prediction: Some("We expected quicker reviews and that is what happened"),
                measures: &[("Photos reviewed the same day", "30", None)],
                learning: Some("Quicker, as hoped"),
                decision: Some(Decision::Adopt),
                next_steps: Some("Better phones"),
                needs_review: true,
                warnings: &["questions 2 and 3"],
                ..Default::default()
            },
        ),
        (
            "a plain-text table of measures keeps its rows, not its heading",
            "Change: Delirium screen on admission\nMeasures:\nMeasure            | This month\n-------------------+-----------\nPatients screened  | 51 (80%)\nPositive screens   | 9\nDecision: adopt\n",
            Expect {
                change: Some("Delirium screen on admission"),
                measures: &[
                    ("Patients screened", "51", Some("(80%)")),
                    ("Positive screens", "9", None),
                ],
                decision: Some(Decision::Adopt),
                needs_review: true,
                warnings: &["only 3 of 7"],
                ..Default::default()
            },
        ),
        (
            "misspelt labels, typed in a hurry",
            "chnage: warm blankets in the lounge\npredicted: fewer complaints\nwhat happend: no complaints\nmeasures: complaints 0\nlearned: blankets fine\ndesicion: adopt\nnext: log delays\n",
            Expect {
                change: Some("warm blankets in the lounge"),
                prediction: Some("fewer complaints"),
                what_happened: Some("no complaints"),
                measures: &[("complaints", "0", None)],
                learning: Some("blankets fine"),
                decision: Some(Decision::Adopt),
                next_steps: Some("log delays"),
                ..Default::default()
            },
        ),
        (
            "a measure that looks like a misspelt label stays a measure",
            "Change: a new price list\nMeasures:\nCharge: £20\nSales: 14\nDecision: adopt\nNext: more\n",
            Expect {
                change: Some("a new price list"),
                measures: &[("Charge", "20", Some("£")), ("Sales", "14", None)],
                decision: Some(Decision::Adopt),
                next_steps: Some("more"),
                needs_review: false,
                warnings: &["no answer for"],
                ..Default::default()
            },
        ),
        (
            "numbers in the order the writer had them",
            "3. It ran on weekdays.\n\n4.\nCalls: 64\n\n1. A car with a paramedic and an OT.\n\n2. Fewer trips to ED.\n\n6. Adopting.\n\n5. Better than we thought.\n\n7. Weekends too.\n",
            Expect {
                change: Some("A car with a paramedic and an OT."),
                prediction: Some("Fewer trips to ED."),
                what_happened: Some("It ran on weekdays."),
                measures: &[("Calls", "64", None)],
                learning: Some("Better than we thought."),
                decision: Some(Decision::Adopt),
                next_steps: Some("Weekends too."),
                ..Default::default()
            },
        ),
        (
            "PDSA stages by their letters",
            "P: Bedside label printers.\n   Prediction: fewer rejected samples.\n\nD: Ran for 4 weeks.\n\nS:\n   Samples rejected: 5\n   Samples sent: 1912\n   Fewer rejections than predicted.\n\nA: Adopt.\n   Next month: the surgical unit.\n",
            Expect {
                change: Some("Bedside label printers."),
                prediction: Some("fewer rejected samples."),
                what_happened: Some("Ran for 4 weeks."),
                measures: &[("Samples rejected", "5", None), ("Samples sent", "1912", None)],
                learning: Some("Fewer rejections than predicted."),
                decision: Some(Decision::Adopt),
                next_steps: Some("the surgical unit."),
                ..Default::default()
            },
        ),
        (
            "answers on one phone line after a greeting, with brackets",
            "Hi - 1) extra HCA in the evening 2) fewer falls 3) 2 falls vs 6 4) falls: 2 5) it helped 6) adopt 7) a business case\n",
            Expect {
                change: Some("extra HCA in the evening"),
                prediction: Some("fewer falls"),
                what_happened: Some("2 falls vs 6"),
                measures: &[("falls", "2", None)],
                learning: Some("it helped"),
                decision: Some(Decision::Adopt),
                next_steps: Some("a business case"),
                ..Default::default()
            },
        ),
        (
            "the decision alone on the last line of the learning",
            "Change: a pre-op call\nPrediction: fewer cancellations\nWhat happened: calls took longer\nLearning: worth the time\nAdopt\nNext: protected time\n",
            Expect {
                change: Some("a pre-op call"),
                prediction: Some("fewer cancellations"),
                what_happened: Some("calls took longer"),
                learning: Some("worth the time"),
                decision: Some(Decision::Adopt),
                next_steps: Some("protected time"),
                warnings: &["no answer for: measures"],
                ..Default::default()
            },
        ),
        (
            "no decision given",
            "Change: groups of 4\nPrediction: more hands-on time\nWhat happened: everyone had a role\nLearning: shorter sessions\nNext: a 20 minute scenario\n",
            Expect {
                change: Some("groups of 4"),
                prediction: Some("more hands-on time"),
                what_happened: Some("everyone had a role"),
                learning: Some("shorter sessions"),
                next_steps: Some("a 20 minute scenario"),
                needs_review: true,
                warnings: &["no decision"],
                ..Default::default()
            },
        ),
        (
            "a correction that only gives a figure",
            "Sorry, one number was wrong. It should read:\n\nWomen screened at booking: 31\n\nnot 13.\nTel: 01632 960118\n",
            Expect {
                measures: &[("Women screened at booking", "31", None)],
                needs_review: true,
                warnings: &["kept as measures"],
                ..Default::default()
            },
        ),
        (
            "people's own labels",
            "What we did differently: call-backs at a set time\nOur hunch: fewer repeat calls\nReality: nights were harder\nTally:\nCall-backs: 84\nSo what? Repeat calls halved.\nVerdict: adapt\nNow what? A shared diary.\n",
            Expect {
                change: Some("call-backs at a set time"),
                prediction: Some("fewer repeat calls"),
                what_happened: Some("nights were harder"),
                measures: &[("Call-backs", "84", None)],
                learning: Some("Repeat calls halved."),
                decision: Some(Decision::Adapt),
                next_steps: Some("A shared diary."),
                ..Default::default()
            },
        ),
        (
            "two people's words under one answer are not stray headings",
            "Change: hub clinic\nPrediction: quicker assessment\nWhat happened:\nFfion: the hub worked well.\nGareth: transport was the problem.\nMeasures:\nReferrals: 23\nLearning: not the only route\nDecision: Adapt\nNext: home visits too\n",
            Expect {
                change: Some("hub clinic"),
                prediction: Some("quicker assessment"),
                what_happened: Some("Ffion: the hub worked well.\nGareth: transport was the problem."),
                measures: &[("Referrals", "23", None)],
                learning: Some("not the only route"),
                decision: Some(Decision::Adapt),
                next_steps: Some("home visits too"),
                ..Default::default()
            },
        ),
        (
            "the decision first, above the answers",
            "Adopt 👍 – details below.\n\nWhat we tested\nCompression at the first visit\n\nWhat happened\nMost tolerated it\n\nNumbers\nPatients: 29\n\nLessons learnt\nSafe on day one\n\nNext month\nDoppler training\n",
            Expect {
                change: Some("Compression at the first visit"),
                what_happened: Some("Most tolerated it"),
                measures: &[("Patients", "29", None)],
                learning: Some("Safe on day one"),
                decision: Some(Decision::Adopt),
                next_steps: Some("Doppler training"),
                warnings: &["no answer for: prediction"],
                ..Default::default()
            },
        ),
        (
            "the decision answered 'see top'",
            "Decision first, because our manager asked: ADAPT.\n\n1. Flu jabs at the B12 visit\n2. More vaccinated\n3. Nurses liked it\n4. Vaccinated: 312\n5. The list is the weak spot\n6. see top\n7. Clean the list\n",
            Expect {
                change: Some("Flu jabs at the B12 visit"),
                prediction: Some("More vaccinated"),
                what_happened: Some("Nurses liked it"),
                measures: &[("Vaccinated", "312", None)],
                learning: Some("The list is the weak spot"),
                decision: Some(Decision::Adapt),
                next_steps: Some("Clean the list"),
                ..Default::default()
            },
        ),
        (
            "a decision corrected further down",
            "Change: same-day calls\nPrediction: fewer discharges\nWhat happened: 15 reached\nLearning: calls work\nDecision: Adopt\nNext: check addresses\n\nDecision - sorry, change after today's meeting: we're going to adapt it.\n",
            Expect {
                change: Some("same-day calls"),
                prediction: Some("fewer discharges"),
                what_happened: Some("15 reached"),
                learning: Some("calls work"),
                decision: Some(Decision::Adapt),
                next_steps: Some("check addresses"),
                warnings: &["no answer for: measures"],
                ..Default::default()
            },
        ),
        (
            "a sentence among the measures",
            "Change: CO testing for partners\nPrediction: more referrals\nWhat happened: most agreed\nMeasures:\nPartners tested: 97\nWe also phoned the service and they said about half had booked, but could not give a number.\nLearning: more accepted than expected\nDecision: Adopt\nNext: a data share\n",
            Expect {
                change: Some("CO testing for partners"),
                prediction: Some("more referrals"),
                what_happened: Some("most agreed"),
                measures: &[("Partners tested", "97", None)],
                learning: Some("more accepted than expected"),
                decision: Some(Decision::Adopt),
                next_steps: Some("a data share"),
                needs_review: true,
                warnings: &["not recorded as a measure"],
                ..Default::default()
            },
        ),
        (
            "a lead-in line left at the end of an answer",
            "Change: no visitors in the bay\nPrediction: fewer infections\nWhat happened: staff were supportive\nThe rest, as I didn't want to keep scrolling:\n\n> quoted reminder\nLearning: signs help\nDecision: adopt\nNext: a sign on the door\n",
            Expect {
                change: Some("no visitors in the bay"),
                prediction: Some("fewer infections"),
                what_happened: Some("staff were supportive"),
                learning: Some("signs help"),
                decision: Some(Decision::Adopt),
                next_steps: Some("a sign on the door"),
                warnings: &["no answer for: measures"],
                ..Default::default()
            },
        ),
    ];
    for (name, body, want) in &cases {
        check(name, &extract(Some(body), None), want);
    }
}

/// The sender's first name alone under the last answer is their signature.
#[test]
fn the_senders_name_under_the_last_answer() {
    let body = "1. Texting an arrival window\n2. Fewer no-access visits\n3. Patients liked it\n4. No access visits: 3\n5. Better than we thought\n6. Adopt\n7. Same for wound care visits\nJo\n";
    let named = super::super::extract_from(Some(body), None, Some("Jo Bloggs"));
    assert_eq!(named.fields.next_steps.as_deref(), Some("Same for wound care visits"));
    let outlook = super::super::extract_from(Some(body), None, Some("Bloggs, Jo (Eastside Trust)"));
    assert_eq!(outlook.fields.next_steps.as_deref(), Some("Same for wound care visits"));
    let kiss = body.replace("\nJo\n", "\nAlex x\n");
    let alex = super::super::extract_from(Some(&kiss), None, Some("Alex Jones"));
    assert_eq!(alex.fields.next_steps.as_deref(), Some("Same for wound care visits"));
    // The name over the team's name or a job title.
    let titled = body.replace("\nJo\n", "\n\nJo\nSouthmead District Nurses\n");
    let team = super::super::extract_from(Some(&titled), None, Some("Jo Bloggs"));
    assert_eq!(team.fields.next_steps.as_deref(), Some("Same for wound care visits"));
    // A name that opens a sentence of the answer is part of it.
    let sentence = body.replace(
        "\nJo\n",
        "\nJo\nwill run the first clinic and report back next month.\n",
    );
    let said = super::super::extract_from(Some(&sentence), None, Some("Jo Bloggs"));
    assert_eq!(
        said.fields.next_steps.as_deref(),
        Some("Same for wound care visits\nJo\nwill run the first clinic and report back next month.")
    );
    // Signed under the last question, left unanswered in the quoted reminder: no answer.
    let inline = "> 6. Will you adopt, adapt or abandon the change?\n\nADOPT\n\n\
                  > 7. What will you test next cycle?\n>\n\nSimon\n";
    let signed = super::super::extract_from(Some(inline), None, Some("Dr Simon Achterberg"));
    assert_eq!(signed.fields.decision, Some(super::super::Decision::Adopt));
    assert_eq!(signed.fields.next_steps, None, "{signed:?}");
    let stranger = super::super::extract_from(Some(inline), None, Some("Jo Bloggs"));
    assert_eq!(stranger.fields.next_steps.as_deref(), Some("Simon"));
    // Someone else's name, or no sender, stays in the answer.
    let other = super::super::extract_from(Some(body), None, Some("Sam Patel"));
    assert_eq!(
        other.fields.next_steps.as_deref(),
        Some("Same for wound care visits\nJo")
    );
    assert_eq!(
        extract(Some(body), None).fields.next_steps.as_deref(),
        Some("Same for wound care visits\nJo")
    );
}

/// "Sent from my iPhone" above a quote with the answers typed between its questions.
#[test]
fn inline_answers_below_a_phone_signature() {
    let body = "Answers below\n\nSent from my iPhone\n\n> On 1 Dec 2026, at 07:00, Improvement Lab <lab@lab.example.org> wrote:\n>\n> 1. What change or idea did you test this cycle?\nA trolley round at 3pm\n>\n> 2. What did you predict would happen?\nMore fluids charted\n>\n> 3. What happened when you tried it?\nResidents drank more\n>\n> 6. Will you adopt, adapt or abandon the change?\nAdopt\n>\n> 7. What will you test next cycle?\nA 10am round\n";
    let got = extract(Some(body), None);
    check(
        "inline below Sent from my iPhone",
        &got,
        &Expect {
            change: Some("A trolley round at 3pm"),
            prediction: Some("More fluids charted"),
            what_happened: Some("Residents drank more"),
            decision: Some(Decision::Adopt),
            next_steps: Some("A 10am round"),
            warnings: &["no answer for"],
            ..Default::default()
        },
    );
}

/// Outlook forwards with only the forwarded message's From:/Sent: block under the new
/// text; the subject ("FW: …") says it was passed on, and the answers under the block
/// are read. The same layout in a reply ("RE: …") is read when the new text points to
/// the answers below ("Carys did ours this month - see below"); otherwise it is quoted
/// history.
#[test]
fn answers_forwarded_by_outlook_under_a_header_block() {
    let body = "Hi, Carys did ours this month - see below.\n\nRhys\n\n\
                From: Carys Jenkins <carys.jenkins@wales.example.org>\nSent: 27 November 2026 16:02\n\
                To: Rhys Morgan <rhys.morgan@wales.example.org>\nSubject: RE: Cycle 4 (December 2026): what did you test?\n\n\
                Change: Pharmacist on the morning ward round\nPrediction: Fewer missed doses\n\
                What happened: Three rounds missed because of sickness\nMeasures: Missed doses: 4 (was 11)\n\
                Learning: Needs cover when the pharmacist is off\nDecision: adapt\nNext: A technician as back-up\n";
    for subject in [
        "FW: Cycle 4 (December 2026): what did you test?",
        "[EXTERNAL] Fwd: Cycle 4",
        "WG: Cycle 4",
    ] {
        let e = super::super::extract_message(Some(body), None, Some("Rhys Morgan"), Some(subject));
        assert_eq!(
            e.fields.change.as_deref(),
            Some("Pharmacist on the morning ward round"),
            "{subject}"
        );
        assert_eq!(e.fields.decision, Some(Decision::Adapt), "{subject}");
        assert_eq!(e.fields.measures.len(), 1, "{subject}");
    }
    // Forwarded twice: a block of headers for each.
    let twice = body.replace(
        "Hi, Carys did ours",
        "Passing on from Rhys.\n\nFrom: Rhys Morgan <rhys.morgan@wales.example.org>\nSent: 28 November 2026 09:10\n\
         To: Dee Evans <dee.evans@wales.example.org>\nSubject: FW: Cycle 4\n\nHi, Carys did ours",
    );
    let e = super::super::extract_message(Some(&twice), None, None, Some("FW: FW: Cycle 4"));
    assert_eq!(e.fields.next_steps.as_deref(), Some("A technician as back-up"), "{e:?}");
    let unpointed = body.replace("Hi, Carys did ours this month - see below.", "Hi, sorry this is late.");
    for subject in [
        "RE: Cycle 4 (December 2026): what did you test?",
        "Re: FW: Cycle 4",
        "Fwd info",
    ] {
        let e = super::super::extract_message(Some(body), None, Some("Rhys Morgan"), Some(subject));
        assert_eq!(e.fields.decision, Some(Decision::Adapt), "{subject}: {e:?}");
        let e = super::super::extract_message(Some(&unpointed), None, Some("Rhys Morgan"), Some(subject));
        assert!(e.fields.is_empty(), "{subject}: {e:?}");
        assert!(e.needs_review, "{subject}");
    }
}

/// Numbered labels with one label left out ("6. Adapt"), and numbers typed as keycap
/// emoji on a phone ("1️⃣ …").
#[test]
fn numbered_labels_with_one_left_out_and_keycap_numbers() {
    let body = "1. Change: sit out for lunch on day 1\n2. Prediction: shorter stays\n3. What happened: fine on weekdays\n\
                4. Measures:\n- Sat out on day 1: 15\n5. Learning: weekends are the gap\n6. Adapt\n7. Next: weekend cover\n";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.learning.as_deref(), Some("weekends are the gap"), "{e:?}");
    assert_eq!(e.fields.decision, Some(Decision::Adapt), "{e:?}");
    assert_eq!(e.fields.next_steps.as_deref(), Some("weekend cover"));
    // A list numbered inside an answer is still part of it.
    let listed = body.replace(
        "3. What happened: fine on weekdays",
        "3. What happened:\n1. fine on weekdays\n2. not at weekends",
    );
    let e = extract(Some(&listed), None);
    assert_eq!(e.fields.change.as_deref(), Some("sit out for lunch on day 1"), "{e:?}");
    assert!(e.fields.what_happened.is_some_and(|w| w.contains("not at weekends")));

    let keycaps = "Hi here's ours\n\n1\u{fe0f}\u{20e3} Phones for porters\n2\u{fe0f}\u{20e3} Quicker pick-ups\n\
                   3\u{fe0f}\u{20e3} Mostly went well\n4\u{fe0f}\u{20e3}\nJobs lost: 3\n5\u{fe0f}\u{20e3} Faster than we thought\n\
                   6\u{fe0f}\u{20e3} Adopt\n7\u{fe0f}\u{20e3} Ward phones next\n";
    let e = extract(Some(keycaps), None);
    assert_eq!(e.fields.change.as_deref(), Some("Phones for porters"), "{e:?}");
    assert_eq!(e.fields.measures.len(), 1, "{e:?}");
    assert_eq!(e.fields.decision, Some(Decision::Adopt));
    // Other emoji keep their presentation selector.
    let e = extract(Some("Change: protected mealtimes \u{1f37d}\u{fe0f} at lunch"), None);
    assert_eq!(
        e.fields.change.as_deref(),
        Some("protected mealtimes \u{1f37d}\u{fe0f} at lunch")
    );
}

#[test]
fn seven_answers_numbered_wrongly_or_in_roman_numerals_are_read_in_turn() {
    // An Outlook list that starts every item at "1.".
    let ones = "Our answers:\n\n1.      Speech recognition for clinic letters\n1.      Letters within 7 days for 80%\n\
                1.      Two took to it straight away\n1.      Letters within 7 days: 72%\n        Consultants using it: 2 of 5\n\
                1.      Suits some people and not others\n1.      Adapt – make it optional\n1.      Training for the three\n";
    // "3." typed twice, the rest one behind.
    let repeated = "1. Red trays\n2. More meals finished\n3. Staff liked the quiet\n3. Patients with red trays: 14\n\
                    4. Better than expected\n5. Adopt\n6. Ask the other wards\n";
    let roman = "i) Red trays\nii) More meals finished\niii) Staff liked the quiet\niv) Patients with red trays: 14\n\
                 v) Better than expected\nvi) Adopt\nvii) Ask the other wards\n\nCheers\nTom";
    for body in [ones, repeated, roman, &roman.replace("i)", "I.").replace("v)", "V.")] {
        let e = extract(Some(body), None);
        assert!(
            e.fields.change.is_some() && e.fields.prediction.is_some(),
            "{body:?}\n{e:#?}"
        );
        assert_eq!(
            e.fields.measures.len(),
            if body == ones { 2 } else { 1 },
            "{body:?}\n{e:#?}"
        );
        assert!(e.fields.learning.is_some(), "{body:?}\n{e:#?}");
        assert!(e.fields.decision.is_some(), "{body:?}\n{e:#?}");
        assert!(e.fields.next_steps.is_some(), "{body:?}\n{e:#?}");
    }
    let e = extract(Some(repeated), None);
    assert_eq!(e.fields.learning.as_deref(), Some("Better than expected"));
    assert_eq!(e.fields.next_steps.as_deref(), Some("Ask the other wards"));
    // Six in order with one left out keep their numbers; a name with an initial is no
    // roman numeral.
    let six = "1. Red trays\n2. More meals\n3. Quiet\n5. Better than expected\n6. Adopt\n7. Other wards";
    let e = extract(Some(six), None);
    assert_eq!(e.fields.measures.len(), 0);
    assert_eq!(e.fields.learning.as_deref(), Some("Better than expected"));
    let e = extract(Some("Change: red trays\nNext: other wards\n\nThanks\nV. Patel"), None);
    assert_eq!(e.fields.learning, None, "{e:#?}");
    assert_eq!(e.fields.next_steps.as_deref(), Some("other wards"));
}

#[test]
fn lines_a_client_wrapped_at_72_characters() {
    let body = "Change: screening on arrival\nPrediction (what we thought would happen, agreed at the March team\n\
                meeting): more screened within 2 hours\nWhat happened: most were, the rest by 10am. The tone of the conversation\n\
                changed - several said it helped.\nMeasures:\nPatients with weight gain over 2.5kg at the last session\n\
                of the month: 11 of 40\nRecorded on the shared record within 7 days:\n15 of 19\nwaited over a day 2\n\
                bleeps per day: about 4\nLearning: it works\nDecision: adopt\nNext: nights\n";
    let e = super::super::extract(Some(body), None);
    assert_eq!(
        e.fields.prediction.as_deref(),
        Some("more screened within 2 hours"),
        "{e:#?}"
    );
    assert_eq!(
        e.fields.what_happened.as_deref(),
        Some("most were, the rest by 10am. The tone of the conversation\nchanged - several said it helped."),
        "{e:#?}"
    );
    let names: Vec<&str> = e.fields.measures.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "Patients with weight gain over 2.5kg at the last session of the month",
            "Recorded on the shared record within 7 days",
            "waited over a day",
            "bleeps per day"
        ],
        "{e:#?}"
    );
}

#[test]
fn an_arrow_from_the_question_to_its_answer_is_not_part_of_it() {
    let body = "1. What change or idea did you test this cycle? -> A welcome call in week 1\n\
                2. What did you predict would happen? -> Fewer late concerns\n\
                6. Will you adopt, adapt or abandon the change? -> Adopt\n";
    let e = super::super::extract(Some(body), None);
    assert_eq!(e.fields.change.as_deref(), Some("A welcome call in week 1"), "{e:#?}");
    assert_eq!(e.fields.prediction.as_deref(), Some("Fewer late concerns"), "{e:#?}");
}

#[test]
fn pdsa_stages_by_their_letters_with_dashes_arrows_and_an_aim() {
    // The letters with spaced dashes, a prediction under the plan, the figures under "S –"
    // with one that changed, and the next step after an arrow.
    let body = "P – Nurse phones pts 3 days before the colonoscopy\n    Expect - fewer inadequate preps\n\
                D – as planned, 2 nurses, Mon–Wed\nS –\non the day cancellations (pt reasons) 9 -> 4\n\
                Calls not answered: 18 of 70\nUnanswered calls were mostly the younger pts\nA – adapt\n\
                next -> text message for under 60s\n\nAlison";
    check(
        "letters with dashes",
        &extract(Some(body), None),
        &Expect {
            change: Some("Nurse phones pts 3 days before the colonoscopy"),
            prediction: Some("fewer inadequate preps"),
            what_happened: Some("as planned, 2 nurses, Mon–Wed"),
            measures: &[
                ("on the day cancellations (pt reasons)", "9", Some("-> 4")),
                ("Calls not answered", "18", Some("of 70")),
            ],
            learning: Some("Unanswered calls were mostly the younger pts"),
            decision: Some(Decision::Adapt),
            next_steps: Some("text message for under 60s"),
            ..Default::default()
        },
    );
    // An aim above the stages is the project's, not the change: kept for a person.
    let aimed = "Aim: fewer late insulin visits by January\n\nPLAN: Insulin visits first on every route\n\
                 PREDICTION: late visits will halve\nDO: 2 wks, 4 routes\nSTUDY:\n- Late visits: 19% -> 7%\n\
                 - Missed visits: 3 -> 0\n- Admin time: about the same\nBetter than predicted\nACT: adopt\n\
                 Next: same again on the south routes";
    let got = extract(Some(aimed), None);
    assert_eq!(
        got.fields.change.as_deref(),
        Some("Insulin visits first on every route")
    );
    assert_eq!(got.fields.learning.as_deref(), Some("Better than predicted"));
    let names: Vec<&str> = got.fields.measures.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["Late visits", "Missed visits", "Admin time"]);
    assert!(got.needs_review, "the aim is unplaced: {got:#?}");
    assert!(
        got.warnings.iter().any(|w| w.contains("Aim: fewer late")),
        "{:?}",
        got.warnings
    );
    // Alone, "Aim:" is the change.
    let alone = "Aim: Move the huddle to 10:30\nPrediction: more HCAs come\nWhat happened: they came\n\
                 Measures: HCAs at huddle: 9\nLearning: worth it\nDecision: adopt\nNext: weekends";
    assert_eq!(
        extract(Some(alone), None).fields.change.as_deref(),
        Some("Move the huddle to 10:30")
    );
    // "Objective:" under a bare PLAN heading is the change.
    let form = "PLAN\nObjective: meds to beds before 12:00\nPrediction: half of TTOs at the bedside\n\n\
                DO\nRan on two wards\n\nSTUDY\nTTOs at the bedside: 24 of 58\nBelow what we predicted\n\nACT\nAdapt";
    assert_eq!(
        extract(Some(form), None).fields.change.as_deref(),
        Some("meds to beds before 12:00")
    );
}

#[test]
fn welsh_question_numbers_headings_and_mutated_decisions() {
    let numbered = "Helo,\n\nCwestiwn 1: Galwad ffôn gan nyrs cyn colonosgopi\nCwestiwn 2: Llai o gleifion yn peidio â dod\n\
                    Cwestiwn 3: Roedd yr alwad yn werthfawr\nCwestiwn 4: Cleifion a ffoniwyd: 74\nCwestiwn 5: Yn well na’r disgwyl\n\
                    Cwestiwn 6: Byddwn yn ei fabwysiadu.\nCwestiwn 7: Sgript i’r gweinyddwyr\n\nDiolch,\nDylan";
    let e = extract(Some(numbered), None);
    assert_eq!(
        e.fields.change.as_deref(),
        Some("Galwad ffôn gan nyrs cyn colonosgopi"),
        "{e:?}"
    );
    assert_eq!(e.fields.measures.len(), 1);
    assert_eq!(e.fields.decision, Some(Decision::Adopt));
    assert_eq!(e.fields.next_steps.as_deref(), Some("Sgript i’r gweinyddwyr"));
    // "C1 –" for "Q1 –".
    let c = numbered.replace("Cwestiwn ", "C").replace(": ", " – ");
    let e = extract(Some(&c), None);
    assert_eq!(
        e.fields.change.as_deref(),
        Some("Galwad ffôn gan nyrs cyn colonosgopi"),
        "{e:?}"
    );
    assert_eq!(e.fields.decision, Some(Decision::Adopt));
    // Headings in the writer's own Welsh words.
    let headings = "Beth wnaethon ni ei brofi\nFarnais fflworid yn yr ysgol\n\nBeth oedden ni’n ei ddisgwyl\nMwy o blant\n\n\
                    Canlyniadau\nCafodd bron pob plentyn y farnais\n\nBeth wnaethon ni ei fesur\nPlant yn yr ysgol: 148\n\n\
                    Gwersi\nMae’r ysgol yn well\n\nMabwysiadu, addasu neu roi’r gorau iddi?\nAddasu – ffurflen ganiatâd newydd\n\n\
                    Y cylch nesaf\nCaniatâd ar-lein";
    check(
        "Welsh headings",
        &extract(Some(headings), None),
        &Expect {
            change: Some("Farnais fflworid yn yr ysgol"),
            prediction: Some("Mwy o blant"),
            what_happened: Some("Cafodd bron pob plentyn y farnais"),
            measures: &[("Plant yn yr ysgol", "148", None)],
            learning: Some("Mae’r ysgol yn well"),
            decision: Some(Decision::Adapt),
            next_steps: Some("Caniatâd ar-lein"),
            ..Default::default()
        },
    );
}
