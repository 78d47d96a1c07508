//! Signatures, mobile footers, sign-offs and disclaimers.

use super::super::signature::{Sig, is_name_line, is_sign_off, is_signature_name, looks_like_title, sig_at};
use super::super::visible_text;

const BODY: &str = "Attendance went up to 9 of 14 this month.";

#[test]
fn mobile_footers_and_delimiters_end_the_text() {
    let cases: &[(&str, &str)] = &[
        ("usenet delimiter", "-- \nAlex Jones\nPhysiotherapist"),
        ("delimiter without space", "--\nAlex"),
        ("em dash line", "—\nAlex Jones\nTeam lead"),
        ("iphone", "Sent from my iPhone"),
        ("ipad", "Sent from my iPad"),
        ("galaxy", "Sent from my Galaxy"),
        ("samsung long", "Sent from my Samsung Galaxy smartphone."),
        ("excuse typos", "Sent from my phone, please excuse typos"),
        ("outlook ios", "Get Outlook for iOS<https://aka.ms/o0ukef>"),
        ("bluemail", "Get BlueMail for Android"),
        (
            "outlook android markdown",
            "Get [Outlook for Android](https://aka.ms/ghei36)",
        ),
        ("outlook glued link", "Get Outlook for iOShttps://aka.ms/o0ukef"),
        ("sent from outlook", "Sent from Outlook for Android"),
        ("yahoo", "Sent from Yahoo Mail on Android"),
        ("mail for windows", "Sent from Mail for Windows"),
        ("french", "Envoyé de mon iPhone"),
        ("french outlook", "Envoyé à partir de Outlook pour iOS"),
        ("german", "Von meinem iPhone gesendet"),
        ("dutch", "Verzonden vanaf mijn iPhone"),
        ("spanish", "Enviado desde mi iPhone"),
        ("welsh", "Anfonwyd o fy iPhone"),
        ("swedish", "Skickat från min iPhone"),
        ("bracketed", "(Sent from mobile device)"),
        ("short brand", "Sent with Spark"),
        ("romanian", "Trimis de pe iPhone-ul meu"),
        ("indonesian", "Dikirim dari ponsel cerdas Samsung Galaxy saya."),
        ("greek", "Στάλθηκε από το iPhone μου"),
        ("czech", "Odesláno z iPhonu"),
        ("lithuanian", "Išsiųsta iš mano iPhone"),
        ("turkish", "iPhone'umdan gönderildi"),
        ("ukrainian", "Надіслано з iPhone"),
        ("japanese", "iPhoneから送信"),
        ("malayalam", "എന്റെ iPhone-ൽ നിന്ന് അയച്ചത്"),
        ("hindi", "मेरे iPhone से भेजा गया"),
        ("tamil", "எனது iPhone இலிருந்து அனுப்பப்பட்டது"),
        (
            "turkish outlook",
            "Android için Outlook'u edinin<https://aka.ms/AAb9ysg>",
        ),
        ("german outlook", "Outlook für iOS beziehen"),
        ("italian outlook", "Scarica Outlook per Android"),
    ];
    for (name, footer) in cases {
        let got = visible_text(&format!("{BODY}\n\n{footer}\n\nmore text under the footer"));
        assert_eq!(got, BODY, "case {name:?}: {footer}");
    }
}

#[test]
fn sentences_that_mention_sending_stay() {
    let cases: &[(&str, &str)] = &[
        ("desk", "Sent from my desk, is much easier than my mobile phone."),
        ("sms to patients", "Sent via SMS to all 40 patients on the waiting list"),
        ("mid sentence", "The reminder was sent from my iPhone to every patient."),
        ("letters", "Sent letters to 20 patients in week one."),
        ("the clinic", "Sent from the clinic to the GP practice"),
        ("outlook in an answer", "Booked 12 slots through Outlook on the iOS app"),
        (
            "outlook tested",
            "We tested reminders in Outlook on Android phones and it worked",
        ),
    ];
    for (name, line) in cases {
        let body = format!("{BODY}\n{line}\nEnd.");
        assert_eq!(visible_text(&body), body, "case {name:?}");
        assert_eq!(sig_at(line), None, "case {name:?}");
    }
}

#[test]
fn disclaimers_end_the_text() {
    let cases: &[(&str, &str)] = &[
        (
            "nhs",
            "This message may contain confidential information. If you are not the intended recipient please inform the sender.",
        ),
        (
            "attachments",
            "This e-mail and any attachments are confidential and intended solely for the addressee.",
        ),
        (
            "information contained",
            "The information contained in this email is confidential and may be legally privileged.",
        ),
        ("label", "Disclaimer: the views expressed are those of the author."),
        (
            "notice",
            "CONFIDENTIALITY NOTICE: this email is for the named recipient only.",
        ),
        (
            "received in error",
            "If you have received this email in error, please delete it.",
        ),
        (
            "nhsmail",
            "NHSmail is the secure email and directory service available for all NHS staff.",
        ),
        (
            "stars above",
            "*****************************************\nThis email and any files transmitted with it are confidential.",
        ),
    ];
    for (name, notice) in cases {
        let got = visible_text(&format!("{BODY}\n\n{notice}\nSecond line of the notice."));
        assert_eq!(got, BODY, "case {name:?}");
    }
    assert_eq!(
        sig_at("This email and any attachments are confidential."),
        Some(Sig::Disclaimer)
    );
}

#[test]
fn sign_offs() {
    let yes = [
        "Thanks,",
        "Thanks!",
        "Many thanks",
        "Thank you",
        "Kind regards,",
        "Best wishes,",
        "Best,",
        "Cheers,",
        "Cheers 🎉",
        "Regards",
        "Warm regards",
        "Thanks, Jane",
        "Thanks Jane",
        "Diolch,",
        "Cofion gorau,",
        "Diolch eto,",
        "Diolch o galon,",
        "Warmly,",
        "Go raibh maith agat,",
        "Go raibh míle maith agaibh, Declan",
        "Yn gywir,",
        "Viele Grüße",
        "Cordialement,",
        "Met vriendelijke groet,",
        "Yours sincerely,",
        "All the best,",
        "Speak soon",
        "Bien cordialement,",
        "Merci et bonne journée,",
        "Dzięki,",
        "Salamat,",
        "Salamat po, Ana",
        "Kiitos,",
        "Ystävällisin terveisin",
        "Mulțumesc,",
        "S pozdravem,",
        "Tack!",
        "Med venlig hilsen",
        "Grazie mille,",
        "Pozdrawiam serdecznie,",
        "Ευχαριστώ πολύ,",
        "നന്ദി,",
        "धन्यवाद,",
        "நன்றி,",
        "Obrigada,",
        "Teşekkürler,",
        "Ευχαριστώ,",
        "Ačiū,",
        "Terima kasih,",
        "Shukriya,",
        "Z poważaniem,",
        "Hwyl,",
        "BW",
        "Merry Christmas,",
        "Kind regards, Sam Hughes, Clinical Lead, Brookfield Surgery",
        "Thanks, Anita x",
        "Thanks and happy Christmas,",
        "Thanks & regards",
        "Season's greetings,",
        "Happy new year!",
        "Nadolig llawen,",
        "Thanking you,",
        "Thanking you in advance",
        "Many greetings from the office,",
        "Best greetings from Vienna",
    ];
    for line in yes {
        assert!(is_sign_off(line), "sign-off: {line:?}");
    }
    let no = [
        "Thanks for the reminder, here are our answers",
        "Best practice is to book the room early",
        "Regards to the payment system, it is slow",
        "With the new form we saw more referrals",
        "Change: a new leaflet",
        "Merci pour le rappel, voici nos réponses",
        "Have a look at the attached chart",
        "Thanks and we will send the chart next week",
        "Kind regards to the whole team, who worked very hard on this, and to the ward manager",
        "Thanking you for the reminder, our answers are below",
        "Greetings cards were sent to 40 residents",
        "S – we studied the falls log",
        "Salam café visits went ahead on Friday",
        "Tack boards were put up in the day room",
        "Danke cards from families: 6",
        "Go ahead was given by the board in March",
        "Warmly welcomed by the residents",
    ];
    for line in no {
        assert!(!is_sign_off(line), "not a sign-off: {line:?}");
    }
}

#[test]
fn names_under_a_sign_off() {
    let cases: &[(&str, bool)] = &[
        ("Jane", true),
        ("Jane Smith", true),
        ("//Jef", true),
        ("—Ryan", true),
        ("Dr. Martin Okafor", true),
        ("the team", false),
        ("Call me on 01632 960123", false),
        ("We tried it twice.", false),
    ];
    for (line, expected) in cases {
        assert_eq!(is_name_line(line), *expected, "case {line:?}");
    }
}

#[test]
fn sign_off_and_name_stay_title_lines_go() {
    let cases: &[(&str, &str, &str)] = &[
        (
            "name and titles",
            "Kind regards,\nPriya Shah\nClinical Lead Physiotherapist\nNorthshire NHS Trust\nTel: 01632 960123",
            "Kind regards,\nPriya Shah",
        ),
        ("name only", "Thanks,\nBryn", "Thanks,\nBryn"),
        (
            "blank line before name",
            "Best wishes,\n\nAnna\nPhysio",
            "Best wishes,\n\nAnna",
        ),
        (
            "postscript kept",
            "Thanks,\nJane\n\nP.S. The data sheet is attached.",
            "Thanks,\nJane\n\nP.S. The data sheet is attached.",
        ),
    ];
    for (name, closing, expected) in cases {
        let got = visible_text(&format!("{BODY}\n\n{closing}"));
        assert_eq!(got, format!("{BODY}\n\n{expected}"), "case {name:?}");
    }
}

#[test]
fn signature_names_may_carry_pronouns_kisses_and_titles() {
    for name in [
        "Alex Morgan (they/them)",
        "Sam (she/her)",
        "Kelly x",
        "Jo xx",
        "Chris Taylor (he/him) | Lead Practice Nurse | Riverside Medical Centre",
        "Max",
    ] {
        assert!(is_signature_name(name), "{name:?}");
    }
    for not_name in [
        "the rest to follow",
        "Patients seen: 23",
        "(they/them)",
        "We tried it on two wards (see below) and it worked",
    ] {
        assert!(!is_signature_name(not_name), "{not_name:?}");
    }
}

#[test]
fn title_lines_are_told_from_more_answer() {
    for title in [
        "Practice Nurse, Riverside Medical Centre",
        "Senior Mental Health Practitioner",
        "M: 07700 900456",
        "Ward Sister",
    ] {
        assert!(looks_like_title(title), "{title:?}");
    }
    for answer in ["Respiratory", "Then the same again", "Cardiology and stroke"] {
        assert!(!looks_like_title(answer), "{answer:?}");
    }
}

/// A name signed with a role or team in brackets, or with a kiss typed in lower case on a
/// phone, is the signature under the last answer, and above the answers needs no one.
#[test]
fn a_name_with_a_role_in_brackets_or_a_lower_case_kiss_signs_off() {
    assert!(is_signature_name("Shannon (HCA ward 12)"));
    assert!(is_signature_name("Zoe (Ward 9)"));
    assert!(is_signature_name("kayleigh x"));
    assert!(is_signature_name("Sam (she/her)"));
    // A word in brackets that is no role, or a sentence, is not a name.
    assert!(!is_signature_name("Adopt (with changes)"));
    assert!(!is_signature_name("we will keep it x"));
    let body = "Change: red trays\nPrediction: more meals eaten\nWhat happened: worked on days\n\
                Measures:\nMeals fully eaten: 9 of 14\nLearning: protected time matters\nDecision: adopt\n\
                Next: try it at tea time\n\nShannon (HCA ward 12)";
    let e = super::super::extract(Some(body), None);
    assert_eq!(e.fields.next_steps.as_deref(), Some("try it at tea time"));
    assert!(!e.needs_review, "{e:?}");
    let top = format!("Hello,\n\nI've highlighted our answers below.\n\nZoe (Ward 9)\n\n{body}");
    assert!(!super::super::extract(Some(&top), None).needs_review);
}
