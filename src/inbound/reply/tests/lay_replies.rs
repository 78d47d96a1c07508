//! Replies from lay members of test teams (patient partners, carers, volunteers):
//! introductions of themselves, names signed their own way, counts in words, decisions
//! left to the staff, and a label word written under a copied question.

use super::super::Decision::{Adapt, Adopt};
use super::super::{MeasureValue, extract, extract_from};

const ANSWERS: &str = "1. Cards by every bed with the physio times\n2. More carers there at the right time\n\
                       3. Mixed, times changed a lot\n4. Families who came to watch: 9\n5. People want to learn\n\
                       6. Adapt, ring the day before\n7. Whether the ward clerk can ring";

#[test]
fn a_lay_members_longer_introduction_is_not_for_review() {
    for intro in [
        "My wife was on ward 15 after her stroke last year and I'm on the carers group now so this is my go at the answers, the nurses have their own bits to add i expect.",
        "As promised at the steering group, here are the Welcome Volunteers' answers for October. I have set them out under numbers as I used to tell my Year 9s to do, so I hope they make sense to you all!",
        "Vince here, patient partner on the renal unit (Tues/Thurs/Sat afternoon shift). I asked round my shift for the numbers so they're only for our shift.",
        // A question's number is no figure.
        "I'm afraid I've written rather a lot. Skip to 4 if you just want the numbers!",
        // A day of the month is no figure.
        "Not much to report this month I'm afraid, we had flu in the home from the 3rd so we only managed the last week and a bit.",
    ] {
        let e = extract(Some(&format!("Hello\n\n{intro}\n\n{ANSWERS}")), None);
        assert!(!e.needs_review, "{intro}: {e:?}");
        assert_eq!(e.fields.decision, Some(Adapt));
    }
}

#[test]
fn an_introduction_with_figures_or_naming_two_months_is_for_review() {
    for intro in [
        "Sorry, I couldn't find January's email so I'm replying to the December one. These are our answers for January, not December, which we sent in just before Christmas.",
        "Here are the answers from the volunteers, although only 6 of the 14 of us could make the meeting where we went through them together this month, so it is a partial picture.",
        // The answers are July's and June's are promised: which cycle are these for?
        "Sorry, these are July's answers because the team sat down last week, and we'll send June's when Dev is back from leave.",
        "Here is everything for June from the whole team, and I'll do September's properly once the audit is out of the way.",
    ] {
        let e = extract(Some(&format!("Hello\n\n{intro}\n\n{ANSWERS}")), None);
        assert!(e.needs_review, "{intro}: {e:?}");
    }
    // Next month's answers promised on time: these are this month's.
    for intro in [
        "Apologies – we got behind after the CQC visit. Here is everything for June, and I'll do July on time, promise.",
        "Sorry this is late, December was a write-off with the norovirus closures. We will be quicker with January's, I promise!",
    ] {
        let e = extract(Some(&format!("Hello\n\n{intro}\n\n{ANSWERS}")), None);
        assert!(!e.needs_review, "{intro}: {e:?}");
    }
}

#[test]
fn a_decision_left_to_the_staff_is_no_decision() {
    for decision in [
        "That's up to the nurses really, we'd be happy to carry on.",
        "Not our call – Sister will decide, but we'd keep it.",
        "Their decision, we just help out.",
    ] {
        let body = format!(
            "Change: volunteers in the bay\nPrediction: fewer falls\nWhat happened: calmer handovers\nMeasures:\nFalls: 1\n\
             Learning: we need training\nDecision: {decision}\nNext: see what Sister says"
        );
        let e = extract(Some(&body), None);
        assert_eq!(e.fields.decision, None, "{decision}");
        assert!(e.needs_review, "{decision}");
    }
    // Keeping it up to the end of the month is still keeping it.
    let e = extract(
        Some("Change: cards\nPrediction: more visits\nDecision: Adopt, we kept it up to the end of the month"),
        None,
    );
    assert_eq!(e.fields.decision, Some(Adopt), "{e:?}");
}

#[test]
fn the_senders_name_signed_their_own_way_is_not_an_answer() {
    let body = format!("hiya\n\n{ANSWERS}\n\nkai\n");
    let e = extract_from(Some(&body), None, Some("Kai Mensah-Brooks"));
    assert!(!e.needs_review, "{e:?}");
    // Without knowing the sender, "kai" is text for a person.
    assert!(extract(Some(&body), None).needs_review);
    // With their role in brackets or after a dash, from a shared or personal mailbox.
    for signed in [
        "kai (reception)",
        "Kai (admin team)",
        "kai - reception",
        "Kai – front desk",
    ] {
        let body = format!("hiya\n\n{ANSWERS}\n\n{signed}\n");
        let e = extract_from(Some(&body), None, Some("Kai Mensah-Brooks"));
        assert!(!e.needs_review, "{signed}: {e:?}");
    }
    // Someone else's name with a role is for a person to see; so is a sentence after a dash.
    for signed in ["Jade (reception)", "kai - please ring me about the form."] {
        let body = format!("hiya\n\n{ANSWERS}\n\n{signed}\n");
        let e = extract_from(Some(&body), None, Some("Kai Mensah-Brooks"));
        assert!(e.needs_review, "{signed}: {e:?}");
    }
    // A group's name under the closing name is the signature too.
    let body = format!("Hi,\n\n{ANSWERS}\n\nNadia\nChildren's Diabetes Parent Panel\n");
    let e = extract(Some(&body), None);
    assert!(!e.needs_review, "{e:?}");
    assert_eq!(e.fields.next_steps.as_deref(), Some("Whether the ward clerk can ring"));
    // A sentence under the name is not.
    let body = format!("Hi,\n\n{ANSWERS}\n\nNadia\nPlease can someone ring me about the training.\n");
    assert!(extract(Some(&body), None).needs_review);
}

#[test]
fn a_measure_with_a_long_name_and_a_count_in_words() {
    let body = "Change: cards by the beds\nPrediction: more carers there\nWhat happened: mixed\nMeasures:\n\
                Families who came in to watch a session: 9\nCards still by the bed at the end of the week: about half\n\
                Learning: times need to be exact\nDecision: adapt\nNext: phone calls";
    let e = extract(Some(body), None);
    assert_eq!(e.fields.measures.len(), 2, "{e:?}");
    assert_eq!(e.fields.measures[1].value, MeasureValue::Text("about half".to_string()));
    assert!(!e.needs_review, "{e:?}");
    // A sentence with a colon in it is still a sentence.
    let body = "Change: cards\nPrediction: more carers\nWhat happened: mixed\nMeasures:\nFamilies who came: 9\n\
                The thing we noticed most of all over the whole of the month was this: people came when they knew the time.\n\
                Learning: exact times\nDecision: adapt\nNext: calls";
    assert!(extract(Some(body), None).needs_review);
}

#[test]
fn a_label_word_under_a_copied_question_after_the_answer_has_begun_is_the_writers() {
    let body = "1. What change or idea did you test this cycle?\nHandheld e-obs on Ward 5\n\
                2. What did you predict would happen?\nObs entered at the bedside\n\
                3. What happened when you tried it?\nWe went live on 9 October.\nResults: mixed – nights batched them.\n\
                4. What did you measure?\nObs on time: 81%\n5. What did you learn, and how did it compare with your prediction?\nNights differ\n\
                6. Will you adopt, adapt or abandon the change?\nAdapt\n7. What will you test next cycle?\nNight huddles";
    let e = extract(Some(body), None);
    assert_eq!(
        e.fields.what_happened.as_deref(),
        Some("We went live on 9 October.\nResults: mixed – nights batched them.")
    );
    assert!(!e.needs_review, "{e:?}");
}
