use super::super::{Decision, parse_decision};

use Decision::{Abandon, Adapt, Adopt};

#[test]
fn decisions_from_free_text() {
    let cases: &[(&str, &str, Option<Decision>)] = &[
        ("plain adopt", "adopt", Some(Adopt)),
        ("binning it", "binning it. Back to the office handover", Some(Abandon)),
        (
            "kept with a change",
            "We'll carry on, but send photos before 12 on weekdays only",
            Some(Adapt),
        ),
        ("kept, and more places", "Keep going but on nights too", Some(Adopt)),
        ("kept, though slow", "We'll keep it but it needs more time", Some(Adopt)),
        ("kept, no but", "Keeping it – it's now on the rota", Some(Adopt)),
        (
            "two parts",
            "Adopt for weekday clinics, adapt for the Saturday walk-in",
            None,
        ),
        (
            "two parts, each named",
            "Adopt the second receptionist, adapt the bloods booking.",
            None,
        ),
        (
            "one part dropped for another adapted",
            "We will abandon the posted questionnaire and adapt the call script.",
            Some(Adapt),
        ),
        (
            "adopt on a condition",
            "Adopt if we can get the post funded; for now we'll keep going on the days we have cover.",
            None,
        ),
        (
            "an aside with an if",
            "Adapt (if I've understood right, that means we keep it but change it a bit)",
            Some(Adapt),
        ),
        ("for a time", "Abandon for the time being", Some(Abandon)),
        ("one part kept, one dropped, opening", "Adopt (a), abandon (b).", None),
        (
            "opening, with the past dropped",
            "Adopt. We abandoned the paper version in March.",
            Some(Adopt),
        ),
        ("not worth going on", "Not worth carrying on.", Some(Abandon)),
        (
            "no point going on",
            "Honestly there's no point continuing with it in its current form",
            Some(Abandon),
        ),
        ("worth going on", "Worth carrying on with, definitely", Some(Adopt)),
        ("on hold", "On hold for now – the ward is moving in May.", None),
        (
            "decided first, weighed after",
            "We have decided to adopt it. We did think about adapting it for the clinic, but there was no need.",
            Some(Adopt),
        ),
        (
            "one sentence, two words",
            "We'll adopt it but adapt the timings",
            Some(Adapt),
        ),
        ("on hold, abandoned", "Abandon – the project is on hold", Some(Abandon)),
        (
            "a slip corrected",
            "Adopt** sorry meant adapt, autocorrect",
            Some(Adapt),
        ),
        ("it's staying", "it’s staying – it is now in the SOP", Some(Adopt)),
        ("letting it go", "Honestly, no – so we're letting it go.", Some(Abandon)),
        (
            "one part still to discuss",
            "Adopt for days; for nights, still to discuss at the governance meeting",
            None,
        ),
        (
            "two views, settled later",
            "Jo: adopt as it is.\nSam: adapt – cap it at 10 minutes.\nWe'll settle this at the meeting.",
            None,
        ),
        ("depends", "Adopt, depending on funding", None),
        (
            "unsure words only quoted",
            "Adapt – add a \"not sure? call us\" option to the booking page",
            Some(Adapt),
        ),
        ("shouted", "ADOPT", Some(Adopt)),
        ("exclaimed", "Adopt!", Some(Adopt)),
        ("capitalised adapt", "Adapt", Some(Adapt)),
        ("abandon", "Abandon.", Some(Abandon)),
        ("we'll adapt it", "we'll adapt it", Some(Adapt)),
        ("curly apostrophe", "We’ll adapt it for the evening clinic", Some(Adapt)),
        (
            "abandon a part, adapt the change",
            "we will abandon the paper form and adapt to a verbal check",
            Some(Adapt),
        ),
        ("keep it as is", "keep it as is", Some(Adopt)),
        (
            "roll it out",
            "We're going to roll it out across both sites",
            Some(Adopt),
        ),
        ("scale up", "Scale up to all three teams", Some(Adopt)),
        ("carry on", "We'll carry on with it", Some(Adopt)),
        ("sticking with it", "we're sticking with it", Some(Adopt)),
        ("drop it", "drop it", Some(Abandon)),
        ("stop", "Stop - it took too much admin time", Some(Abandon)),
        ("scrap it", "we're going to scrap it", Some(Abandon)),
        ("tweak", "tweak the timing and go again", Some(Adapt)),
        ("modify", "Modify the leaflet wording", Some(Adapt)),
        ("change it and test again", "change it and test again", Some(Adapt)),
        ("negated abandon", "we won't abandon it, we'll adapt", Some(Adapt)),
        ("not abandon, adopt", "Not abandoning - adopting it fully", Some(Adopt)),
        ("rather than", "adapt rather than abandon", Some(Adapt)),
        ("won't continue", "we won't continue with this", Some(Abandon)),
        ("not sure yet", "not sure yet", None),
        (
            "hedged",
            "Probably adopt, but we want another month of data first",
            None,
        ),
        ("leaning", "Leaning towards adapting – matron has the final say", None),
        (
            "probably elsewhere",
            "Adopt – probably the best thing we've tried this year",
            Some(Adopt),
        ),
        (
            "one group sure, the rest still to agree",
            "Adopt for under-25s for sure. For everyone else we might need to adapt it, still to agree with the consultants",
            None,
        ),
        (
            "to be agreed, with views both ways",
            "to be agreed at the team meeting on 6 April – some want to keep it as it is, others want to drop the second text",
            None,
        ),
        ("undecided between", "Undecided between adopt and adapt", None),
        ("maintain", "We will maintain the change.", Some(Adopt)),
        ("dictated", "we will a dopt it full stop", Some(Adopt)),
        ("dictated adapt", "a dapt full stop new times next month", Some(Adapt)),
        ("full stop is no stop", "keep going full stop", Some(Adopt)),
        ("a drug's name", "a daptomycin course for two", None),
        ("renounce", "We renounce to this change.", Some(Abandon)),
        ("revert as reply", "Will revert back after discussing with Matron", None),
        ("revert as go back", "We will revert to the paper form", Some(Abandon)),
        (
            "put off until the team has talked",
            "Probably adapt, but I need to talk it through with matron and the surgeons first, so can I let you know in December?",
            None,
        ),
        ("tbc", "TBC", None),
        ("nothing", "", None),
        ("no decision words", "The team enjoyed it", None),
        ("leading word wins", "Adapt – we will drop the paper form", Some(Adapt)),
        (
            "done before, decided now",
            "We adapted the call script in June's cycle and now we'll adopt it",
            Some(Adopt),
        ),
        (
            "a hedge is no decision",
            "adopting it – we may adapt the wording later",
            Some(Adopt),
        ),
        (
            "either, not a choice",
            "Abandon. We did try adapting it halfway through but it didn't help either.",
            Some(Abandon),
        ),
        ("either, a choice", "Either adopt or adapt, we'll see", None),
        (
            "part decided, part still thought about",
            "adopt on weekdays; still thinking about weekends",
            None,
        ),
        (
            "a slip of the keyboard",
            "Abandun it, not worth the time",
            Some(Abandon),
        ),
        ("a slip, transposed", "adpot – we are keeping it", Some(Adopt)),
        ("as near one as the other", "adept at it now", None),
        (
            "changed and run again",
            "Shorten it to 5 questions (free text first) and run it again with the September intake",
            Some(Adapt),
        ),
        (
            "back to the old way",
            "Go back to the old way – the tabards caused more problems than they solved.",
            Some(Abandon),
        ),
        (
            "leading word, then what stays and what goes, and a condition",
            "Adapt – we’ll keep asking the questions first at every visit, but the printed questionnaire goes because families found it clinical. That depends on the app version being approved by the IG team in June; if it isn’t, we’ll keep the paper one for now.",
            Some(Adapt),
        ),
        ("leading word then bold", "**Adopt** (no changes needed)", Some(Adopt)),
        (
            "adopt one part, abandon another: two decisions, so a person decides",
            "adopt the huddle, abandon the whiteboard",
            None,
        ),
        (
            "adopted past tense",
            "It has been adopted by the whole team",
            Some(Adopt),
        ),
        (
            "strong word beats weak",
            "Adopt, although we may tweak the slot",
            Some(Adopt),
        ),
        ("no longer", "We will no longer do this", Some(Abandon)),
        ("on a new line", "Adapt\nMove it to Thursdays", Some(Adapt)),
        ("not continuing", "Not continuing.", Some(Abandon)),
        ("won't be continuing", "We won't be continuing with it", Some(Abandon)),
        ("not going ahead", "Not going ahead with it", Some(Abandon)),
        (
            "continue but change",
            "We'll continue with it but change the ward round time.",
            Some(Adapt),
        ),
        ("keep but move", "Keep going but move it to Tuesdays", Some(Adapt)),
        (
            "standard practice",
            "It's now standard practice on the ward",
            Some(Adopt),
        ),
        ("two options with a slash", "Adopt/adapt", None),
        (
            "two options with or",
            "Adapt or abandon - we will decide at the huddle",
            None,
        ),
        ("between two", "Somewhere between adopt and adapt", None),
        (
            "one option, then another word",
            "Adapt or we lose the evening slot",
            Some(Adapt),
        ),
        (
            "a choice, then the decision",
            "We talked about whether to adopt or adapt it and went with adapt",
            Some(Adapt),
        ),
    ];
    for (name, text, expected) in cases {
        assert_eq!(parse_decision(text), *expected, "case {name:?}: {text:?}");
    }
}

#[test]
fn decision_serialises_lowercase() {
    let cases = [(Adopt, "\"adopt\""), (Adapt, "\"adapt\""), (Abandon, "\"abandon\"")];
    for (decision, json) in cases {
        assert_eq!(serde_json::to_string(&decision).ok().as_deref(), Some(json), "{json}");
        assert_eq!(decision.as_str(), json.trim_matches('"'));
    }
}
