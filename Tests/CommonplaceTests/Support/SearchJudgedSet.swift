/// Realistic searches over the demo data (`seeds/forum.json`), each with the discussion a member typing it is looking
/// for. `SearchJudgedSetTests` runs them all and reports recall@5: the share of searches whose discussion is among the
/// first five discussions found.
///
/// Written before search learned to forgive (issue 15), from how members actually type: typos, words the posts spell
/// differently (acronyms, synonyms, hyphens), other forms of a word, questions typed as sentences, quoted phrases, and
/// filters alone. Add a search here when a member reports one that failed; never change an expectation to pass.
enum SearchJudgedSet {
    enum Kind: String, CaseIterable {
        case plain, typo, synonym, stem, hyphen, sentence, phrase, filter
    }

    struct Judgement {
        let kind: Kind
        let query: String
        /// The title of the discussion the searcher wants (titles are unique in the demo data).
        let expected: String
    }

    /// The discussions searched for, by their titles.
    enum Title {
        static let minutes = "Using generative AI to draft meeting minutes: what about privacy?"
        static let aup = "Has anyone written an acceptable use policy for AI tools?"
        static let individuals = "Q4 MOHLTC reporting: our 'individuals served' count dropped 12%. Where do I look?"
        static let sdoh = "SDOH fields (income, housing) are mostly blank: how do you improve completion?"
        static let rug = "South West RUG notes: data quality dashboard and OHT data-sharing"
        static let msaa = "Who owns the M-SAA indicator targets at your centre: finance or the DMC?"
        static let allocate = "How do you allocate shared admin costs across OHRS functional centres?"
        static let deferred = "Year-end audit: our deferred revenue schedule didn't reconcile to the GL"
        static let funders = "GL structure for multiple funders: separate funds or department codes?"
        static let close = "Year-end (March 31) close checklist: please add what we missed"
        static let hst = "Public service bodies' HST rebate for a new satellite site?"
        static let walking = "A walking group that kept going: handing it over to participants"
        static let land = "Land-based programming: planning with Elders, not for them"
        static let bloodPressure = "Blood pressure screening pop-ups at a grocery store"
        static let translation = "Translating health promotion flyers: who reviews the translations in your community?"
        static let evening = "Evening clinic logistics for the 2025 season: transport, interpreters and timing"
        static let ohip = "OHIP coverage for seasonal workers who don't have their health card yet?"
        static let employer = "An employer called asking whether a worker came to the clinic: how do you respond?"
        static let heat = "Heat stress outreach kits: what's in yours?"
        static let police = "Police officer at the front desk asking whether a client was seen today: what can we disclose?"
        static let daughter = "Adult daughter asking for her mother's test results: mother has mild cognitive impairment"
        static let fax = "Misdirected fax with lab results: what we changed afterwards"
        static let lawyer = "Lawyer requesting 'all records' for a former client: FOI request or PHIPA access request?"
        static let breach = "Sharing our updated privacy breach protocol (2026 version)"
        static let pia = "Guest speaker in April: privacy impact assessments for virtual care and AI tools"
        static let reminders = "Can appointment reminder texts include the type of appointment?"
        static let cervical = "Search for patients overdue for cervical screening (now that HPV testing has started)"
        static let duplicates = "Cleaning up nine years of duplicate 'diabetes' entries on the problem list"
        static let tlp = "SecCoP ground rules: what to post, what not to post, and TLP"
        static let phishing = "Phishing simulations: how often, and what do you do with repeat clickers?"
        static let mfa = "MFA on shared clinic workstations: what's working for you?"
        static let backups = "Insurance questionnaire asks about immutable backups: what are people using?"
        static let loop = "Closing the loop: how do link workers report back to referring clinicians?"
        static let firstYear = "Our first year of social prescribing with an OHT: what we'd do differently"
        static let peers = "Peer workers on the intake team changed everything"
    }


    static let all: [Judgement] = [
        // Typed as the posts say it: what search already did well.
        .init(kind: .plain, query: "phishing simulations", expected: Title.phishing),
        .init(kind: .plain, query: "acceptable use policy", expected: Title.aup),
        .init(kind: .plain, query: "cervical screening", expected: Title.cervical),
        .init(kind: .plain, query: "deferred revenue", expected: Title.deferred),
        // Typos.
        .init(kind: .typo, query: "privacy breech", expected: Title.breach),
        .init(kind: .typo, query: "phising", expected: Title.phishing),
        .init(kind: .typo, query: "cervcal screening", expected: Title.cervical),
        .init(kind: .typo, query: "immutible backups", expected: Title.backups),
        .init(kind: .typo, query: "deffered revenue", expected: Title.deferred),
        .init(kind: .typo, query: "acceptible use policy", expected: Title.aup),
        .init(kind: .typo, query: "heat stoke kits", expected: Title.heat),
        .init(kind: .typo, query: "translaton flyers", expected: Title.translation),
        .init(kind: .typo, query: "interpretors evening clinic", expected: Title.evening),
        // Acronyms and synonyms: the posts use the other form.
        .init(kind: .synonym, query: "multi-factor authentication", expected: Title.mfa),
        .init(kind: .synonym, query: "two-factor shared workstations", expected: Title.mfa),
        .init(kind: .synonym, query: "freedom of information lawyer", expected: Title.lawyer),
        .init(kind: .synonym, query: "general ledger multiple funders", expected: Title.funders),
        .init(kind: .synonym, query: "electronic medical record duplicate diabetes", expected: Title.duplicates),
        .init(kind: .synonym, query: "social determinants of health completion", expected: Title.sdoh),
        .init(kind: .synonym, query: "personal health information police", expected: Title.police),
        .init(kind: .synonym, query: "PIA virtual care", expected: Title.pia),
        .init(kind: .synonym, query: "substitute decision maker daughter", expected: Title.daughter),
        .init(kind: .synonym, query: "Ontario Health Team social prescribing first year", expected: Title.firstYear),
        .init(kind: .synonym, query: "traffic light protocol", expected: Title.tlp),
        .init(kind: .synonym, query: "data management coordinator indicator targets", expected: Title.msaa),
        // Other forms of a word.
        .init(kind: .stem, query: "reconciling the GL", expected: Title.deferred),
        .init(kind: .stem, query: "simulated phishing emails", expected: Title.phishing),
        .init(kind: .stem, query: "translated flyers", expected: Title.translation),
        .init(kind: .stem, query: "referring clinicians report back", expected: Title.loop),
        .init(kind: .stem, query: "allocating shared costs", expected: Title.allocate),
        // Hyphens and compounds.
        .init(kind: .hyphen, query: "multifactor", expected: Title.mfa),
        .init(kind: .hyphen, query: "multi factor", expected: Title.mfa),
        .init(kind: .hyphen, query: "landbased programming", expected: Title.land),
        .init(kind: .hyphen, query: "land based programming elders", expected: Title.land),
        .init(kind: .hyphen, query: "yearend close checklist", expected: Title.close),
        .init(kind: .hyphen, query: "popup blood pressure screening", expected: Title.bloodPressure),
        .init(kind: .hyphen, query: "co leader walking group", expected: Title.walking),
        // Questions typed as sentences.
        .init(kind: .sentence, query: "police asking about a client", expected: Title.police),
        .init(kind: .sentence, query: "what do I say when an employer calls to ask if a worker was seen", expected: Title.employer),
        .init(kind: .sentence, query: "how do other centres get clients to answer income and housing questions", expected: Title.sdoh),
        .init(kind: .sentence, query: "daughter wants her mother's lab results", expected: Title.daughter),
        .init(kind: .sentence, query: "fax sent to the wrong number with lab results", expected: Title.fax),
        .init(kind: .sentence, query: "is it ok to use AI to write minutes of team meetings", expected: Title.minutes),
        .init(kind: .sentence, query: "what should go in a heat kit for farm workers", expected: Title.heat),
        .init(kind: .sentence, query: "how do link workers tell clinicians what happened", expected: Title.loop),
        .init(kind: .sentence, query: "seasonal worker without a health card yet", expected: Title.ohip),
        // Quoted phrases.
        .init(kind: .phrase, query: "\"individuals served\"", expected: Title.individuals),
        .init(kind: .phrase, query: "\"object lock\" backups", expected: Title.backups),
        .init(kind: .phrase, query: "\"small cells\"", expected: Title.rug),
        .init(kind: .phrase, query: "\"peer workers\" intake", expected: Title.peers),
        // Filters alone.
        .init(kind: .filter, query: "is:unanswered in:privacy", expected: Title.reminders),
        .init(kind: .filter, query: "is:unanswered in:finance", expected: Title.hst),
        .init(kind: .filter, query: "kind:lesson in:privacy", expected: Title.fax),
        .init(kind: .filter, query: "kind:lesson in:national-safer-supply", expected: Title.peers),
        .init(kind: .filter, query: "in:security kind:question", expected: Title.mfa),
    ]
}
