//! Generates a realistic policy tree, and optionally a git history of it, for steward's
//! benchmark (scripts/bench.sh, issue 7).
//!
//! ```sh
//! cargo run --release --example generate -- --tools 10000 --out DIR [--seed N] [--today YYYY-MM-DD]
//! cargo run --release --example generate -- --tools 2000 --out DIR --history 5000 --repo REPO [--diff-files 1000]
//! ```
//!
//! `--out DIR` receives a project: `steward.toml`, the tree under `policies/` (org.toml with
//! ~N/20 people in 12 departments, N tools, ~N/50 policies with clauses, one FY budget per
//! department whose lines cover the tools' costs) and `manifest.json`, which lists every
//! injected violation: about 10% of the files carry one, either a schema violation (misspelled
//! status, quoted number, unknown key, missing required field, or a row of a procurement
//! spreadsheet pasted in: 37 to 66 unknown columns and a date in quotes) or a governance one
//! (no owner, TBD or missing exit plan, owner who left, unknown owner, unbudgeted cost, cost
//! paid from another department's budget, review overdue, no data-processing agreement, weak
//! sign-in, missing approval, duplicate clause, unknown tool, over-allocation). The other
//! files are clean: a tree of 10,000 tools yields about 25,600 findings, all in the ~1,000
//! files the manifest lists, as in the messy trees issue 21 measured.
//!
//! `--history K --repo REPO` also builds a git repository (through `git fast-import`) whose
//! first commit is that tree and whose history has K commits in all, of realistic edits: owner
//! changes, price changes, clause rewording, reviews, tools added, retired, removed and
//! renamed, people joining and leaving, and pull requests merged with "Merge pull request #N"
//! merge commits (first parent: main). Then `bench-a` tags main's tip and `bench-b` a commit on
//! the `bench` branch that changes exactly `--diff-files` files (1000 by default) from it.
//! With `--history 0` the repository holds the initial commit and the two tags only.
//!
//! Everything is deterministic for a given seed: std and serde_json only, a splitmix64 PRNG.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde_json::{Value, json};

// ---------------------------------------------------------------------------------------------
// Arguments

struct Args {
    tools: usize,
    out: PathBuf,
    seed: u64,
    today: Date,
    history: Option<usize>,
    repo: Option<PathBuf>,
    diff_files: usize,
}

fn usage() -> ! {
    eprintln!(
        "usage: generate --tools N --out DIR [--seed N] [--today YYYY-MM-DD] \
         [--history K --repo DIR [--diff-files 1000]]"
    );
    std::process::exit(2)
}

fn parse_args() -> Args {
    let mut args = Args {
        tools: 0,
        out: PathBuf::new(),
        seed: 7,
        today: Date::from_ymd(2026, 12, 1),
        history: None,
        repo: None,
        diff_files: 1000,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut value = || it.next().unwrap_or_else(|| usage());
        match flag.as_str() {
            "--tools" => args.tools = value().parse().unwrap_or_else(|_| usage()),
            "--out" => args.out = PathBuf::from(value()),
            "--seed" => args.seed = value().parse().unwrap_or_else(|_| usage()),
            "--today" => args.today = Date::parse(&value()).unwrap_or_else(|| usage()),
            "--history" => args.history = Some(value().parse().unwrap_or_else(|_| usage())),
            "--repo" => args.repo = Some(PathBuf::from(value())),
            "--diff-files" => args.diff_files = value().parse().unwrap_or_else(|_| usage()),
            "-h" | "--help" => usage(),
            _ => usage(),
        }
    }
    if args.tools < 20
        || args.out.as_os_str().is_empty()
        || args.history.is_some() != args.repo.is_some()
    {
        usage();
    }
    args
}

fn main() {
    let args = parse_args();
    let mut rng = Rng::new(args.seed);
    // With a history, the tree is the one at the first commit, years before `today`.
    let history_days = args.history.map_or(0, |k| (k as i64 * 8) / 24 + 30);
    let start = Date(args.today.0 - history_days);
    let mut world = World::generate(args.tools, start, &mut rng);
    let files = world.render_all();
    prepare_dir(&args.out);
    let tree_root = args.out.join("policies");
    for (path, text) in &files {
        let full = tree_root.join(path);
        std::fs::create_dir_all(full.parent().expect("parent")).expect("create folder");
        std::fs::write(&full, text).expect("write file");
    }
    std::fs::write(args.out.join("steward.toml"), STEWARD_TOML).expect("write steward.toml");
    let mut manifest = world.manifest(args.seed, files.len());
    if let (Some(k), Some(repo)) = (args.history, &args.repo) {
        let history = build_history(&mut world, files, k, args.diff_files, repo, &mut rng);
        manifest["history"] = history;
    }
    let text = serde_json::to_string_pretty(&manifest).expect("json");
    std::fs::write(args.out.join("manifest.json"), text + "\n").expect("write manifest");
    let m = &manifest;
    eprintln!(
        "generated {} files ({} tools, {} policies, {} people) in {}: {} tool files with schema violations, {} files with governance violations",
        m["files"],
        m["tools"],
        m["policies"],
        m["people"],
        args.out.display(),
        m["tool_schema_violation_files"]
            .as_array()
            .map_or(0, Vec::len),
        m["governance_violations"]
            .as_object()
            .map_or(0, |o| o.len()),
    );
}

const STEWARD_TOML: &str = "# Generated by examples/generate.rs for steward's benchmark.\nroot = \"policies\"\nrequired_approvers = [\"it\", \"legal\"]\n";

/// Empties a folder this generator made before (it holds manifest.json or a .git made by
/// us), or creates it; refuses to touch anything else.
fn prepare_dir(dir: &Path) {
    if dir.exists() {
        let ours = dir.join("manifest.json").exists()
            || dir.join(".git/steward-bench").exists()
            || std::fs::read_dir(dir)
                .map(|mut d| d.next().is_none())
                .unwrap_or(false);
        if !ours {
            eprintln!(
                "refusing to overwrite {}: it is not empty and not made by this generator",
                dir.display()
            );
            std::process::exit(2);
        }
        std::fs::remove_dir_all(dir).expect("remove old output");
    }
    std::fs::create_dir_all(dir).expect("create output folder");
}

// ---------------------------------------------------------------------------------------------
// Deterministic randomness and dates

struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_B00C)
    }
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next() % ((hi - lo).max(1) as u64)) as i64
    }
    fn chance(&mut self, p: f64) -> bool {
        ((self.next() >> 11) as f64 / (1u64 << 53) as f64) < p
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Days since 1970-01-01.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Date(i64);

impl Date {
    fn from_ymd(y: i64, m: i64, d: i64) -> Date {
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Date(era * 146_097 + doe - 719_468)
    }
    fn ymd(self) -> (i64, i64, i64) {
        let z = self.0 + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = doy - (153 * mp + 2) / 5 + 1;
        let m = if mp < 10 { mp + 3 } else { mp - 9 };
        (yoe + era * 400 + i64::from(m <= 2), m, d)
    }
    fn parse(text: &str) -> Option<Date> {
        let mut parts = text.split('-').map(|p| p.parse::<i64>().ok());
        let (y, m, d) = (parts.next()??, parts.next()??, parts.next()??);
        Some(Date::from_ymd(y, m, d))
    }
    fn plus(self, days: i64) -> Date {
        Date(self.0 + days)
    }
    fn year(self) -> i64 {
        self.ymd().0
    }
}

impl std::fmt::Display for Date {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

// ---------------------------------------------------------------------------------------------
// Vocabulary

const DEPARTMENTS: &[(&str, &str)] = &[
    ("communications", "Communications"),
    ("fundraising", "Fundraising and Development"),
    ("programs", "Community Programs"),
    ("finance", "Finance"),
    ("it", "Information Technology"),
    ("hr", "People and Culture (HR)"),
    ("legal", "Legal and Compliance"),
    ("operations", "Operations"),
    ("research", "Research and Evaluation"),
    ("education", "Education and Training"),
    ("facilities", "Facilities"),
    ("volunteers", "Volunteer Services"),
];

const ROLES: &[&str] = &[
    "Director",
    "Manager",
    "Coordinator",
    "Officer",
    "Specialist",
    "Assistant",
    "Analyst",
    "Associate",
    "Lead",
    "Administrator",
];

const FIRST: &[&str] = &[
    "Maya", "Leo", "Priya", "Daniel", "Hannah", "Grace", "Lucia", "Robert", "Nora", "Elena",
    "Judith", "Samuel", "Amira", "Tomas", "Keiko", "Omar", "Ingrid", "Mateo", "Fatima", "Jonas",
    "Chloe", "Ravi", "Aisha", "Henrik", "Sofia", "Kwame", "Mei", "Pablo", "Zara", "Ethan", "Olga",
    "Tariq", "Nadia", "Felix", "Imani", "Lars", "Rosa", "Yusuf", "Clara", "Dmitri", "Amara",
    "Hugo", "Leila", "Marcus", "Signe", "Andre", "Bianca", "Caleb", "Dalia", "Emil", "Farah",
    "Gideon", "Hana", "Isaac", "Jasmine", "Kofi", "Lena", "Mohammed", "Nia", "Oscar", "Paula",
    "Quentin", "Rania", "Stefan", "Tessa", "Umar", "Vera", "Wei", "Ximena", "Yara", "Zoltan",
    "Adele", "Bruno", "Carmen", "Dario", "Esther", "Flora", "Gustavo", "Helen", "Ivan", "Jorge",
    "Kira", "Liam", "Marta", "Nikolai", "Olivia", "Pedro", "Rhea", "Simon", "Talia", "José", "Zoë",
    "Anaïs", "Björn", "Renée", "Søren", "Chiara", "Declan", "Efua", "Gemma",
];

const LAST: &[&str] = &[
    "Okafor",
    "Brandt",
    "Natarajan",
    "Reyes",
    "Cho",
    "Mensah",
    "Ferreira",
    "Kim",
    "Walsh",
    "Petrova",
    "Amsel",
    "Lindqvist",
    "Haddad",
    "Novak",
    "Tanaka",
    "Farouk",
    "Berg",
    "Alvarez",
    "Diallo",
    "Fischer",
    "Dubois",
    "Iyer",
    "Bello",
    "Johansson",
    "Rossi",
    "Asante",
    "Chen",
    "Moreno",
    "Ahmed",
    "Clarke",
    "Ivanova",
    "Khan",
    "Sato",
    "Weber",
    "Adeyemi",
    "Nilsen",
    "Garcia",
    "Yilmaz",
    "Schmidt",
    "Popescu",
    "Obi",
    "Laurent",
    "Hassan",
    "Murphy",
    "Eriksen",
    "Santos",
    "Kowalski",
    "Nguyen",
    "Park",
    "Silva",
    "Torres",
    "Varga",
    "Wright",
    "Young",
    "Zhang",
    "Abbott",
    "Baptiste",
    "Costa",
    "Duarte",
    "Evans",
    "Fontaine",
    "Gallagher",
    "Horvat",
    "Ito",
    "Jensen",
    "Kariuki",
    "Lopez",
    "Mbeki",
    "Nakamura",
    "Oliveira",
    "Pham",
    "Quinn",
    "Rahman",
    "Stein",
    "Thompson",
    "Ueda",
    "Vasquez",
    "Wood",
    "Xu",
    "Yamamoto",
    "Zimmermann",
    "Acheampong",
    "Bauer",
    "Castillo",
    "Delgado",
    "Engel",
    "Forde",
    "Gomez",
    "Hughes",
    "Idowu",
    "Müller",
    "Núñez",
    "Økland",
    "Brennan",
    "Cardoso",
    "Dimitrov",
    "Ekström",
    "Fraser",
    "Greco",
    "Halvorsen",
];

struct Category {
    name: &'static str,
    line_category: &'static str,
    formats: &'static [&'static str],
    alternatives: &'static [&'static str],
    /// Monthly price range in dollars.
    price: (i64, i64),
    purpose: &'static str,
    export: &'static str,
}

const CATEGORIES: &[Category] = &[
    Category {
        name: "design",
        line_category: "software",
        formats: &["PDF", "PNG", "SVG", "PPTX"],
        alternatives: &["Adobe Express", "Affinity Publisher", "Figma", "Inkscape"],
        price: (10, 120),
        purpose: "flyers, social media graphics, event posters and reports using the shared brand kit",
        export: "Open each shared folder and download every design as PDF and PNG; download the brand kit separately and save it all to the design archive folder",
    },
    Category {
        name: "crm",
        line_category: "software",
        formats: &["CSV", "XLSX"],
        alternatives: &["CiviCRM", "Salesforce Nonprofit Cloud", "HubSpot"],
        price: (50, 900),
        purpose: "contacts, donors, gifts and the history of every conversation with them",
        export: "Reports > All contacts with custom fields > Export CSV, then the same for gifts and activities; check the row counts against the dashboard",
    },
    Category {
        name: "email marketing",
        line_category: "software",
        formats: &["CSV", "HTML"],
        alternatives: &["Buttondown", "Brevo", "MailerLite"],
        price: (20, 400),
        purpose: "the newsletter and email campaigns to supporters",
        export: "Audience > Export audience gives a CSV of every contact with tags and consent dates; campaigns are exported as HTML one by one",
    },
    Category {
        name: "project management",
        line_category: "software",
        formats: &["CSV", "JSON"],
        alternatives: &["Trello", "Asana", "Monday.com", "a shared spreadsheet"],
        price: (10, 300),
        purpose: "planning projects and events with tasks, owners and due dates",
        export: "For each project choose Export > CSV to get every task with its owner, dates and comments; attachments already live in the shared drive",
    },
    Category {
        name: "file sharing",
        line_category: "software",
        formats: &["original files", "ZIP"],
        alternatives: &["Google Drive", "Dropbox", "OneDrive", "Nextcloud"],
        price: (10, 500),
        purpose: "shared folders for each team and for work with partners",
        export: "An administrator runs the full account export, which produces ZIP archives of every shared folder with the original files and their folder structure",
    },
    Category {
        name: "accounting",
        line_category: "software",
        formats: &["CSV", "XLSX", "PDF"],
        alternatives: &["Xero", "Wave", "Sage Intacct"],
        price: (30, 400),
        purpose: "the general ledger, invoices, bills and the reports the board and auditors see",
        export: "Reports > Export: trial balance, general ledger and the chart of accounts as XLSX for every closed year, plus attachments as a ZIP",
    },
    Category {
        name: "payroll",
        line_category: "software",
        formats: &["CSV", "PDF"],
        alternatives: &["Gusto", "ADP", "Paychex"],
        price: (50, 600),
        purpose: "paying staff, tax filings and pay slips",
        export: "Reports > Payroll journal for every year as CSV, and every pay slip and tax form as PDF",
    },
    Category {
        name: "video conferencing",
        line_category: "software",
        formats: &["MP4", "VTT"],
        alternatives: &["Zoom", "Google Meet", "Jitsi Meet"],
        price: (15, 200),
        purpose: "meetings, webinars and online events with captions",
        export: "Recordings are downloaded as MP4 with captions as VTT and kept in the shared drive; nothing else lives only in the tool",
    },
    Category {
        name: "password manager",
        line_category: "software",
        formats: &["CSV", "JSON"],
        alternatives: &["Bitwarden", "1Password", "KeePassXC"],
        price: (10, 150),
        purpose: "shared passwords and sign-in codes for team accounts",
        export: "An administrator exports the organization vault as encrypted JSON; the file is kept offline in the safe",
    },
    Category {
        name: "surveys and forms",
        line_category: "software",
        formats: &["CSV", "XLSX", "PDF"],
        alternatives: &["Jotform", "Google Forms", "LimeSurvey"],
        price: (10, 100),
        purpose: "registration forms, surveys and feedback from participants",
        export: "For each form open Submissions > Download all as CSV; form definitions are saved as PDF",
    },
    Category {
        name: "e-signature",
        line_category: "software",
        formats: &["PDF"],
        alternatives: &["DocuSign", "Dropbox Sign", "Documenso"],
        price: (10, 80),
        purpose: "signing contracts, grant agreements and consent forms",
        export: "Bulk download every completed envelope as PDF with its certificate of completion",
    },
    Category {
        name: "helpdesk",
        line_category: "software",
        formats: &["CSV", "JSON"],
        alternatives: &["Freshdesk", "Zammad", "osTicket"],
        price: (15, 300),
        purpose: "questions from the public and staff, with replies and their history",
        export: "Admin > Account export produces JSON of every ticket with its conversation; contacts come out as CSV",
    },
    Category {
        name: "website",
        line_category: "service",
        formats: &["XML", "HTML", "SQL"],
        alternatives: &["WordPress", "Squarespace", "a static site"],
        price: (10, 250),
        purpose: "the public website and its news pages",
        export: "Tools > Export all content as XML, plus a database dump and the uploads folder from the hosting control panel",
    },
    Category {
        name: "volunteer management",
        line_category: "software",
        formats: &["CSV"],
        alternatives: &["Better Impact", "VolunteerHub", "a shared spreadsheet"],
        price: (30, 200),
        purpose: "volunteer applications, shifts and hours",
        export: "Reports > Volunteer list with hours > CSV, and the shift calendar as CSV",
    },
    Category {
        name: "grant management",
        line_category: "software",
        formats: &["CSV", "PDF"],
        alternatives: &["Instrumentl", "Fluxx", "Foundant"],
        price: (50, 500),
        purpose: "tracking grant opportunities, deadlines and reports",
        export: "Export the pipeline as CSV and download every submitted proposal and report as PDF",
    },
    Category {
        name: "analytics",
        line_category: "software",
        formats: &["CSV"],
        alternatives: &["Matomo", "Plausible", "Google Analytics"],
        price: (10, 200),
        purpose: "website and campaign statistics",
        export: "Export monthly reports as CSV; raw data older than 25 months is not kept",
    },
    Category {
        name: "scheduling",
        line_category: "software",
        formats: &["ICS", "CSV"],
        alternatives: &["Calendly", "Cal.com", "shared calendars"],
        price: (8, 60),
        purpose: "booking appointments with participants and partners",
        export: "Download the bookings as CSV and the calendar as ICS",
    },
    Category {
        name: "social media",
        line_category: "software",
        formats: &["CSV"],
        alternatives: &["Buffer", "Hootsuite", "posting directly"],
        price: (15, 150),
        purpose: "scheduling posts and answering comments",
        export: "Posts and statistics export as CSV from the analytics page; media already lives in the shared drive",
    },
    Category {
        name: "backup",
        line_category: "service",
        formats: &["ZIP", "TAR"],
        alternatives: &["Backblaze B2", "Wasabi", "an external disk rotation"],
        price: (10, 300),
        purpose: "offsite copies of the shared drive and the servers",
        export: "Restore a full snapshot to a local disk; the backups are in standard TAR archives",
    },
    Category {
        name: "hosting",
        line_category: "service",
        formats: &["SQL", "TAR"],
        alternatives: &["DigitalOcean", "Hetzner", "a managed WordPress host"],
        price: (20, 600),
        purpose: "servers for the website and small internal applications",
        export: "Database dumps as SQL and the file system as TAR, from the hosting control panel",
    },
    Category {
        name: "learning management",
        line_category: "software",
        formats: &["SCORM", "CSV"],
        alternatives: &["Moodle", "TalentLMS", "a shared drive of videos"],
        price: (20, 400),
        purpose: "courses for staff, volunteers and participants",
        export: "Courses export as SCORM packages; completion records as CSV",
    },
    Category {
        name: "donation processing",
        line_category: "service",
        formats: &["CSV"],
        alternatives: &["Stripe", "PayPal Giving Fund", "Donorbox"],
        price: (0, 100),
        purpose: "online donations and recurring gifts",
        export: "Download every transaction as CSV from the reports page; recurring donors move with the payment processor's token migration",
    },
    Category {
        name: "chat",
        line_category: "software",
        formats: &["JSON", "HTML"],
        alternatives: &["Slack", "Mattermost", "Element"],
        price: (10, 300),
        purpose: "day-to-day conversation between teams",
        export: "An owner runs the workspace export, which produces JSON for every public channel",
    },
    Category {
        name: "hr information system",
        line_category: "software",
        formats: &["CSV", "PDF"],
        alternatives: &["BambooHR", "Personio", "OrangeHRM"],
        price: (50, 500),
        purpose: "staff records, leave and reviews",
        export: "Reports > Employee data > CSV with every field, and documents as a ZIP of PDFs",
    },
];

const PREFIXES: &[&str] = &[
    "Bright", "Cloud", "Clear", "Data", "Easy", "Field", "Flow", "Front", "Green", "Harbor",
    "Hive", "Kind", "Lake", "Level", "Light", "Lumen", "Maple", "Meadow", "North", "Open", "Orbit",
    "Pace", "Pine", "Pixel", "Quill", "Rapid", "River", "Sage", "Signal", "Simple", "Sky", "Smart",
    "Spark", "Stone", "Summit", "Sun", "Swift", "Team", "Tide", "True", "Vivid", "Wave", "Willow",
    "Wise", "Zen", "Atlas", "Beacon", "Cedar", "Echo", "Fable",
];

const SUFFIXES: &[&str] = &[
    "desk", "note", "hub", "sync", "base", "forms", "mail", "board", "track", "flow", "works",
    "cloud", "ly", "stack", "point", "link", "space", "box", "cast", "ware", "book", "grid",
    "dash", "pad", "sign", "meet", "vault", "scope", "pulse", "nest", "shift", "loop", "post",
    "path", "lane", "deck", "kit", "list", "port", "craft",
];

const EDITIONS: &[&str] = &[
    "",
    " Pro",
    " Plus",
    " Teams",
    " Go",
    " Studio",
    " Cloud",
    " One",
    " Lite",
    " Enterprise",
];

const VENDOR_FORMS: &[&str] = &[
    " Inc.",
    " Ltd",
    " GmbH",
    " LLC",
    " Software",
    " Labs",
    " AB",
    " SAS",
    " Pty Ltd",
    " B.V.",
];

const CLASSIFICATIONS: &[&str] = &[
    "public",
    "internal",
    "internal",
    "confidential",
    "restricted",
];

const POLICY_TOPICS: &[(&str, &str, &str)] = &[
    (
        "data-retention",
        "Data retention",
        "How long we keep each kind of record, and how we delete it when the time is up.",
    ),
    (
        "passwords",
        "Passwords and accounts",
        "How we protect the accounts that give access to our tools and data.",
    ),
    (
        "acceptable-use",
        "Acceptable use of technology",
        "What staff and volunteers may and may not do with the organization's tools.",
    ),
    (
        "tool-adoption",
        "Choosing and adopting tools",
        "How a department chooses a new tool, who must be consulted, and what must be written down.",
    ),
    (
        "file-sharing",
        "Sharing files",
        "Where files live and how we share them inside and outside the organization.",
    ),
    (
        "social-media",
        "Social media",
        "Who speaks for the organization online and how.",
    ),
    (
        "accessibility",
        "Accessibility",
        "Everyone should be able to use our website, documents and tools.",
    ),
    (
        "it-purchasing",
        "Buying technology",
        "How technology is bought, from which budget, and with whose approval.",
    ),
    (
        "remote-work",
        "Working remotely",
        "What people need to work safely away from the office.",
    ),
    (
        "devices",
        "Laptops and phones",
        "How we buy, set up, look after and retire devices.",
    ),
    (
        "email",
        "Email",
        "How we use email, and what does not belong in it.",
    ),
    (
        "incident-response",
        "When something goes wrong",
        "What to do, and whom to tell, when data is lost, leaked or locked.",
    ),
    (
        "backups",
        "Backups",
        "What we back up, how often, and how we know a restore works.",
    ),
    (
        "privacy",
        "Privacy of the people we serve",
        "How we collect, use and protect personal data.",
    ),
    (
        "ai-use",
        "Using AI tools",
        "When staff may use AI assistants, and with which data.",
    ),
    (
        "vendor-review",
        "Reviewing vendors",
        "How we check a vendor before and while we depend on it.",
    ),
    (
        "data-export",
        "Getting our data out",
        "Every tool must have a tested way to get our data back.",
    ),
    (
        "access-control",
        "Who gets access to what",
        "How access is granted, reviewed and removed.",
    ),
    (
        "onboarding",
        "Technology for new staff",
        "What a new colleague receives on the first day, and who sets it up.",
    ),
    (
        "offboarding",
        "When someone leaves",
        "How accounts, devices and ownership move when someone leaves.",
    ),
    (
        "donor-data",
        "Donor data",
        "How we handle the personal and financial data of donors.",
    ),
    (
        "volunteer-data",
        "Volunteer data",
        "How we handle the personal data of volunteers.",
    ),
    (
        "two-step-sign-in",
        "Two-step sign-in",
        "Which accounts must use a second step to sign in.",
    ),
    (
        "open-source",
        "Open-source software",
        "When we prefer open-source tools and how we contribute back.",
    ),
    (
        "website",
        "Our website",
        "Who may publish on the website and how changes are reviewed.",
    ),
    (
        "records",
        "Records management",
        "How official records are named, filed and archived.",
    ),
    (
        "security-training",
        "Security training",
        "The training every person with an account completes each year.",
    ),
    (
        "personal-devices",
        "Personal devices",
        "When personal phones and computers may be used for work.",
    ),
    (
        "cloud-storage",
        "Cloud storage",
        "Which cloud storage we use for which data.",
    ),
    (
        "printing",
        "Printing and paper",
        "How we print, store and shred paper records.",
    ),
];

const CLAUSE_IDS: &[(&str, &str)] = &[
    ("scope", "Who and what this covers"),
    ("who-decides", "Who decides"),
    ("approval", "Approval"),
    ("review", "Regular review"),
    ("data-export", "Getting the data out"),
    ("access", "Access"),
    ("training", "Training"),
    ("exceptions", "Exceptions"),
    ("retention", "How long we keep it"),
    ("incidents", "When something goes wrong"),
    ("purchasing", "Paying for it"),
    ("privacy", "Personal data"),
    ("backups", "Backups"),
    ("leaving", "When someone leaves"),
    ("vendors", "Vendors"),
    ("costs", "Costs"),
    ("records", "Records"),
    ("devices", "Devices"),
    ("passwords", "Passwords"),
    ("feedback", "Questions and feedback"),
];

const SENTENCES: &[&str] = &[
    "This applies to every member of staff, every volunteer and every contractor who uses the organization's tools.",
    "The department that owns a tool decides how it is used, and IT advises on security and cost.",
    "A new tool is approved by the head of the owning department after IT and Legal have reviewed it.",
    "Each tool is reviewed at least once a year by its owner, who records the date of the review.",
    "Every tool must have a written exit plan that says how our data gets out, in which formats, and where it would go.",
    "Access is given only to the people who need it, and it is removed on their last working day.",
    "Everyone with an account completes the security training within their first month and every year after.",
    "Exceptions are approved in writing by the head of IT, for a stated reason, until a stated date.",
    "Records are kept for seven years after the end of the financial year they belong to, and then deleted.",
    "Anyone who suspects that data has been lost or exposed tells IT at once, even outside working hours.",
    "Costs are paid from the budget of the department that owns the tool, never from a shared IT line.",
    "Personal data is collected only for a stated purpose and is not shared with third parties without consent.",
    "Backups are tested by restoring a sample of files every quarter.",
    "When the owner of a tool leaves, their manager names a new owner before their last day.",
    "We prefer vendors that let us export all of our data in open formats without extra charge.",
    "Subscriptions are reviewed before each renewal date so that unused seats can be cancelled.",
    "Official records are stored in the shared drive, not in personal folders or email.",
    "Laptops are encrypted, locked after five minutes and updated automatically.",
    "Passwords for shared accounts are kept in the password manager and never sent by email.",
    "Questions about this policy go to the policy owner, who replies within five working days.",
    "IT keeps a list of approved tools, and anyone may propose a change to it.",
    "A tool that holds confidential data needs two-step sign-in for every account.",
    "Where a free tool would hold personal data, Legal checks the terms before anyone signs up.",
    "The policy owner reports to the leadership team once a year on how the policy is working.",
    "New staff receive their accounts on their first day, set up by IT from the onboarding checklist.",
];

const REWORDINGS: &[(&str, &str)] = &[
    ("at least once a year", "at least every six months"),
    ("every year", "every two years"),
    ("five working days", "ten working days"),
    ("IT", "the IT team"),
    ("must", "should"),
    ("Legal", "the Legal team"),
    ("every quarter", "every month"),
    ("seven years", "six years"),
    ("their first month", "their first two weeks"),
    ("never", "not"),
];

// ---------------------------------------------------------------------------------------------
// The model

#[derive(Clone)]
struct Person {
    id: String,
    name: String,
    email: String,
    dept: usize,
    role: String,
    left: Option<Date>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Period {
    Month,
    Year,
    OneTime,
}

impl Period {
    fn as_str(self) -> &'static str {
        match self {
            Period::Month => "month",
            Period::Year => "year",
            Period::OneTime => "one-time",
        }
    }
}

#[derive(Clone)]
struct Cost {
    cents: i64,
    period: Period,
    /// (paying department, line id), or none: unbudgeted.
    line: Option<(usize, String)>,
}

impl Cost {
    fn annual_cents(&self) -> i64 {
        match self.period {
            Period::Month => self.cents * 12,
            _ => self.cents,
        }
    }
}

#[derive(Clone)]
struct Exit {
    data_export: String,
    formats: Vec<&'static str>,
    alternatives: Vec<String>,
    notice: u32,
    last_tested: Option<Date>,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum SchemaFault {
    MisspelledStatus,
    QuotedNumber,
    UnknownKey,
    MissingRequired,
    /// A row of a procurement spreadsheet pasted in as a tool file: its columns are top-level
    /// keys the schema does not know, and its dates are text. One such file yields dozens of
    /// findings, which is what a messy tree looks like to the linter (issue 21).
    PastedRow,
}

impl SchemaFault {
    /// Every rule the fault breaks (the pasted row's dates in quotes as well).
    fn rules(self) -> &'static [&'static str] {
        match self {
            SchemaFault::PastedRow => &["schema/additional-property", "schema/type"],
            SchemaFault::MisspelledStatus => &["schema/enum"],
            SchemaFault::QuotedNumber => &["schema/type"],
            SchemaFault::UnknownKey => &["schema/additional-property"],
            SchemaFault::MissingRequired => &["schema/required"],
        }
    }
}

/// The columns of procurement spreadsheets that a pasted row brings along as unknown keys.
const SPREADSHEET_COLUMNS: &[&str] = &[
    "annual_cost",
    "monthly_cost",
    "seats",
    "licence_count",
    "contract_start",
    "contract_end",
    "renewal_month",
    "renewal_date",
    "po_number",
    "invoice_number",
    "gl_code",
    "cost_center",
    "vendor_contact",
    "vendor_email",
    "vendor_phone",
    "account_manager",
    "support_tier",
    "support_email",
    "login_url",
    "admin_email",
    "sso_provider",
    "mfa_required",
    "dpa_signed",
    "soc2_report",
    "hipaa_baa",
    "ferpa_reviewed",
    "data_retention",
    "data_owner",
    "users",
    "active_users",
    "departments_using",
    "requested_by",
    "request_date",
    "approver_name",
    "ticket",
    "procurement_status",
    "payment_method",
    "billing_cycle",
    "auto_renew",
    "notice_days",
    "cancellation_terms",
    "integrations",
    "api_access",
    "training_link",
    "wiki_page",
    "comments",
    "last_invoice",
    "next_invoice",
    "budget_code",
    "fiscal_year",
    "risk_rating",
    "security_review",
    "accessibility_review",
    "contract_owner",
    "signed_by",
    "vendor_website",
    "data_types",
    "student_data",
    "sign_in_method",
    "last_audit",
    "replacement_plan",
    "owner_phone",
    "go_live",
    "sunset_date",
    "license_key_location",
    "shared_with",
];

/// How people sign in to a tool, as its file states it.
#[derive(Clone, Copy, PartialEq, Eq)]
enum SignIn {
    /// `sso = true`: through the organization's identity provider.
    Sso,
    /// `mfa = "enforced"`: two-step sign-in for everyone.
    Mfa,
    /// Neither field written.
    NotStated,
}

#[derive(Clone)]
struct Tool {
    id: String,
    name: String,
    vendor: String,
    category: usize,
    description: String,
    status: &'static str,
    dept: usize,
    owner: Option<String>,
    backup: Option<String>,
    approved_on: Date,
    last_reviewed: Date,
    classification: &'static str,
    sign_in: SignIn,
    /// The day the data-processing agreement was signed, for tools that hold sensitive data.
    dpa_signed: Option<Date>,
    cost: Option<Cost>,
    exit: Option<Exit>,
    notes: Option<String>,
    extra: Option<(String, u32)>,
    /// A waiver for tool/no-backup-owner, until this date.
    waiver: Option<Date>,
    schema_fault: Option<SchemaFault>,
    unknown_key: &'static str,
    /// How many spreadsheet columns a pasted row carries (SchemaFault::PastedRow only).
    pasted_columns: usize,
    /// The governance rule this tool was made to break, if any.
    gov_fault: Option<&'static str>,
    alive: bool,
}

#[derive(Clone)]
struct Clause {
    id: String,
    title: String,
    text: String,
}

#[derive(Clone)]
struct Policy {
    id: String,
    title: String,
    summary: String,
    status: &'static str,
    owner: usize,
    approved_by: Vec<usize>,
    effective: Date,
    last_reviewed: Date,
    tools: Vec<String>,
    supersedes: Vec<String>,
    clauses: Vec<Clause>,
    schema_fault: Option<SchemaFault>,
    gov_fault: Option<&'static str>,
    alive: bool,
}

#[derive(Clone)]
struct Line {
    id: String,
    category: &'static str,
    description: String,
    /// Tools this line pays for (indices); empty for lines that are not for a tool.
    tools: Vec<usize>,
    /// The `tool = "<id>"` field: a line for one named tool.
    single: bool,
    fixed_cents: i64,
    recurring: bool,
}

#[derive(Clone)]
struct Budget {
    dept: usize,
    lines: Vec<Line>,
    allocation: i64,
    /// Made to exceed its allocation.
    over: bool,
}

struct World {
    fy: String,
    today: Date,
    people: Vec<Person>,
    person_ids: HashSet<String>,
    tools: Vec<Tool>,
    tool_ids: HashSet<String>,
    policies: Vec<Policy>,
    policy_ids: HashSet<String>,
    budgets: Vec<Budget>,
    name_counter: usize,
    /// Active people by department (indices into `people`).
    active: Vec<Vec<usize>>,
}

fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        let c = match c {
            'é' | 'è' | 'ë' => 'e',
            'ï' | 'í' => 'i',
            'ø' | 'ö' | 'ó' => 'o',
            'ü' | 'ú' => 'u',
            'ñ' => 'n',
            'å' | 'á' => 'a',
            c => c,
        };
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

fn toml_str(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn money(cents: i64) -> String {
    if cents % 100 == 0 {
        format!("{}", cents / 100)
    } else {
        format!("{}.{:02}", cents / 100, cents % 100)
    }
}

fn money_words(cents: i64) -> String {
    format!("${}", money(cents))
}

impl World {
    fn generate(n_tools: usize, today: Date, rng: &mut Rng) -> World {
        let mut world = World {
            fy: today.year().to_string(),
            today,
            people: Vec::new(),
            person_ids: HashSet::new(),
            tools: Vec::new(),
            tool_ids: HashSet::new(),
            policies: Vec::new(),
            policy_ids: HashSet::new(),
            budgets: Vec::new(),
            name_counter: 0,
            active: Vec::new(),
        };
        let n_people = (n_tools / 20).max(DEPARTMENTS.len() * 3);
        for i in 0..n_people {
            // Every department gets people first, then the rest at random.
            let dept = if i < DEPARTMENTS.len() * 2 {
                i % DEPARTMENTS.len()
            } else {
                rng.below(DEPARTMENTS.len())
            };
            let mut person = world.new_person(dept, rng);
            // ~4% have left (never the first two of a department: they head it).
            if i >= DEPARTMENTS.len() * 2 && rng.chance(0.04) {
                person.left = Some(today.plus(-rng.range(5, 400)));
            }
            world.person_ids.insert(person.id.clone());
            world.people.push(person);
        }
        // At least one former colleague, for tool/owner-left.
        if world.people.iter().all(|p| p.left.is_none())
            && let Some(last) = world.people.last_mut()
        {
            last.left = Some(today.plus(-60));
        }
        world.refresh_active();
        for _ in 0..n_tools {
            let tool = world.new_tool(rng);
            world.tool_ids.insert(tool.id.clone());
            world.tools.push(tool);
        }
        world.inject_tool_faults(rng);
        world.assign_budget_lines(rng);
        let n_policies = (n_tools / 50).max(5);
        for _ in 0..n_policies {
            let policy = world.new_policy(rng);
            world.policy_ids.insert(policy.id.clone());
            world.policies.push(policy);
        }
        world.inject_policy_faults(rng);
        world
    }

    fn new_person(&self, dept: usize, rng: &mut Rng) -> Person {
        let (first, last) = (*rng.pick(FIRST), *rng.pick(LAST));
        let base = slug(&format!("{first} {last}"));
        let mut id = base.clone();
        let mut n = 2;
        while self.person_ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        let domain = "riverbend.example";
        Person {
            email: format!("{}@{domain}", id.replacen('-', ".", 1)),
            name: format!("{first} {last}"),
            id,
            dept,
            role: format!(
                "{} {}",
                DEPARTMENTS[dept].1.split(' ').next().unwrap_or("Team"),
                rng.pick(ROLES)
            ),
            left: None,
        }
    }

    fn refresh_active(&mut self) {
        self.active = vec![Vec::new(); DEPARTMENTS.len()];
        for (i, p) in self.people.iter().enumerate() {
            if p.left.is_none() {
                self.active[p.dept].push(i);
            }
        }
    }

    fn pick_owner(&self, dept: usize, not: Option<&str>, rng: &mut Rng) -> String {
        let pool = &self.active[dept];
        if pool.len() > 1 || pool.len() == 1 && Some(self.people[pool[0]].id.as_str()) != not {
            loop {
                let i = *rng.pick(pool);
                if Some(self.people[i].id.as_str()) != not {
                    return self.people[i].id.clone();
                }
            }
        }
        let mut candidates: Vec<usize> = Vec::new();
        if candidates.is_empty() {
            candidates = (0..self.people.len())
                .filter(|&i| {
                    self.people[i].left.is_none() && Some(self.people[i].id.as_str()) != not
                })
                .collect();
        }
        self.people[*rng.pick(&candidates)].id.clone()
    }

    fn new_tool_name(&mut self, rng: &mut Rng) -> (String, String) {
        loop {
            let base = format!("{}{}", rng.pick(PREFIXES), rng.pick(SUFFIXES));
            let edition = if rng.chance(0.5) {
                ""
            } else {
                *rng.pick(EDITIONS)
            };
            let mut name = format!("{base}{edition}");
            if self.tool_ids.contains(&slug(&name)) {
                self.name_counter += 1;
                if !self.name_counter.is_multiple_of(3) {
                    continue;
                }
                name = format!("{name} {}", rng.range(2, 40));
            }
            let id = slug(&name);
            if !self.tool_ids.contains(&id) {
                return (id, name);
            }
        }
    }

    fn new_tool(&mut self, rng: &mut Rng) -> Tool {
        let (id, name) = self.new_tool_name(rng);
        let category = rng.below(CATEGORIES.len());
        let cat = &CATEGORIES[category];
        let dept = rng.below(DEPARTMENTS.len());
        let status = match rng.below(100) {
            0..=74 => "approved",
            75..=84 => "trial",
            85..=91 => "restricted",
            _ => "retired",
        };
        let today = self.today;
        let approved_on = today.plus(-rng.range(if status == "trial" { 20 } else { 200 }, 3000));
        let last_reviewed = today.plus(-rng.range(5, 330)).max(approved_on);
        let owner = self.pick_owner(dept, None, rng);
        let backup = self.pick_owner(dept, Some(&owner), rng);
        let cost = (status != "retired" && rng.chance(0.72)).then(|| {
            let period = match rng.below(20) {
                0 => Period::OneTime,
                1..=8 => Period::Year,
                _ => Period::Month,
            };
            let monthly = rng.range(cat.price.0.max(1), cat.price.1 + 1) * 100
                + if rng.chance(0.4) {
                    *rng.pick(&[50, 99, 25])
                } else {
                    0
                };
            let cents = match period {
                Period::Month => monthly,
                Period::Year => (monthly * 12 / 1000) * 1000 - 100 * rng.range(0, 3),
                Period::OneTime => monthly * 6,
            }
            .max(500);
            Cost {
                cents,
                period,
                line: None,
            }
        });
        let mut alternatives: Vec<String> =
            cat.alternatives.iter().map(|s| s.to_string()).collect();
        alternatives.retain(|a| slug(a) != id);
        let keep = rng.range(1, alternatives.len() as i64 + 1) as usize;
        alternatives.truncate(keep);
        let mut formats: Vec<&'static str> = cat.formats.to_vec();
        formats.truncate(rng.range(1, formats.len() as i64 + 1) as usize);
        let exit = Some(Exit {
            data_export: format!("{}.", cat.export),
            formats,
            alternatives,
            notice: *rng.pick(&[0, 0, 30, 30, 60, 90]),
            last_tested: Some(today.plus(-rng.range(20, 600))),
        });
        let dept_name = DEPARTMENTS[dept].1;
        let description = format!("{} uses {name} for {}.", dept_name, cat.purpose);
        let notes = rng.chance(0.3).then(|| {
            rng.pick(&[
                "Nonprofit discount renewed each year; ask the vendor before the renewal date.",
                "Seats are reviewed every quarter and unused ones cancelled.",
                "Single sign-on through the shared identity provider.",
                "Contract signed by the department head; the PDF is in the contracts folder.",
                "Data is hosted in the EU.",
            ])
            .to_string()
        });
        let extra = rng.chance(0.1).then(|| {
            (
                format!("C-{}-{:04}", approved_on.year(), rng.below(10_000)),
                rng.range(3, 120) as u32,
            )
        });
        let vendor = format!(
            "{}{}",
            name.split(' ').next().unwrap_or(&name),
            rng.pick(VENDOR_FORMS)
        );
        // Tools with sensitive data sign in safely and have a DPA, as a well-kept tree records.
        let classification = *rng.pick::<&str>(CLASSIFICATIONS);
        let sensitive = matches!(classification, "confidential" | "restricted");
        let sign_in = match (sensitive, rng.below(3)) {
            (_, 0) => SignIn::Mfa,
            (true, _) => SignIn::Sso,
            (false, _) => SignIn::NotStated,
        };
        let dpa_signed = sensitive.then(|| approved_on.plus(-rng.range(0, 60)));
        let mut tool = Tool {
            id,
            name,
            vendor,
            category,
            description,
            status,
            dept,
            owner: Some(owner),
            backup: Some(backup),
            approved_on,
            last_reviewed,
            classification,
            sign_in,
            dpa_signed,
            cost,
            exit,
            notes,
            extra,
            waiver: None,
            schema_fault: None,
            unknown_key: "seats",
            pasted_columns: 0,
            gov_fault: None,
            alive: true,
        };
        // A few approved tools rely on one person, with a waiver saying why.
        if status == "approved" && rng.chance(0.01) {
            tool.backup = None;
            tool.waiver = Some(today.plus(rng.range(30, 300)));
        }
        tool
    }

    /// About 10% of tools (10% of all files, with policies and budgets): 2% one schema
    /// violation, 5% a pasted spreadsheet row (37 to 66 unknown columns and a date in quotes,
    /// so dozens of findings each), 3.5% one governance violation. On 10,000 tools that is
    /// about 25,000 findings, as in the trees issue 21 measured.
    fn inject_tool_faults(&mut self, rng: &mut Rng) {
        let left: Vec<String> = self
            .people
            .iter()
            .filter(|p| p.left.is_some())
            .map(|p| p.id.clone())
            .collect();
        let n = self.tools.len();
        for i in 0..n {
            let roll = rng.below(1000);
            if (20..70).contains(&roll) {
                let tool = &mut self.tools[i];
                tool.schema_fault = Some(SchemaFault::PastedRow);
                tool.pasted_columns = rng.range(37, 67) as usize;
            } else if roll < 20 {
                let fault = match rng.below(4) {
                    0 => SchemaFault::MisspelledStatus,
                    1 => SchemaFault::QuotedNumber,
                    2 => SchemaFault::UnknownKey,
                    _ => SchemaFault::MissingRequired,
                };
                let tool = &mut self.tools[i];
                tool.schema_fault = Some(fault);
                tool.unknown_key =
                    *rng.pick(&["seats", "contract_end", "licence_count", "renewal_month"]);
                if fault == SchemaFault::QuotedNumber && tool.cost.is_none() && tool.exit.is_none()
                {
                    tool.exit = Some(Exit {
                        data_export: format!("{}.", CATEGORIES[tool.category].export),
                        formats: vec!["CSV"],
                        alternatives: vec!["a shared spreadsheet".to_string()],
                        notice: 30,
                        last_tested: Some(self.today.plus(-100)),
                    });
                }
            } else if roll < 105 {
                let rule = *rng.pick(&[
                    "tool/no-owner",
                    "tool/no-exit-plan",
                    "tool/no-exit-plan",
                    "tool/owner-left",
                    "tool/unbudgeted",
                    "ref/unknown-person",
                    "tool/budgeted-elsewhere",
                    "tool/review-overdue",
                    "tool/no-dpa",
                    "tool/weak-sign-in",
                ]);
                let today = self.today;
                let typo_owner = {
                    let owner = self.tools[i].owner.clone().unwrap_or_default();
                    let mut typo = owner.clone();
                    // Drop one letter of the last name; make sure that is nobody.
                    if let Some(pos) = typo.rfind(|c: char| c.is_ascii_lowercase()) {
                        typo.remove(pos.saturating_sub(1));
                    }
                    if self.person_ids.contains(&typo) {
                        format!("{owner}x")
                    } else {
                        typo
                    }
                };
                let tool = &mut self.tools[i];
                if tool.status == "retired" {
                    tool.status = "approved";
                }
                tool.gov_fault = Some(rule);
                match rule {
                    "tool/no-owner" => tool.owner = None,
                    "tool/no-exit-plan" => {
                        if rng.chance(0.5) {
                            tool.exit = None;
                        } else if let Some(exit) = &mut tool.exit {
                            exit.data_export =
                                rng.pick(&["TBD", "tbd", "TODO", "n/a", "-"]).to_string();
                        }
                    }
                    "tool/owner-left" => tool.owner = Some(rng.pick(&left).clone()),
                    "ref/unknown-person" => tool.owner = Some(typo_owner),
                    "tool/unbudgeted" | "tool/budgeted-elsewhere" if tool.cost.is_none() => {
                        tool.cost = Some(Cost {
                            cents: 2900,
                            period: Period::Month,
                            line: None,
                        });
                    }
                    "tool/unbudgeted" | "tool/budgeted-elsewhere" => {}
                    "tool/no-dpa" => {
                        tool.classification = "confidential";
                        tool.dpa_signed = None;
                        if tool.sign_in == SignIn::NotStated {
                            tool.sign_in = SignIn::Sso;
                        }
                    }
                    "tool/weak-sign-in" => {
                        tool.classification = "confidential";
                        tool.sign_in = SignIn::NotStated;
                        tool.dpa_signed.get_or_insert(tool.approved_on);
                    }
                    "tool/review-overdue" => {
                        tool.last_reviewed = today.plus(-rng.range(400, 900));
                        tool.approved_on = tool.approved_on.min(tool.last_reviewed.plus(-30));
                    }
                    _ => {}
                }
            }
        }
    }

    fn budget_index(&mut self, dept: usize) -> usize {
        if let Some(i) = self.budgets.iter().position(|b| b.dept == dept) {
            return i;
        }
        self.budgets.push(Budget {
            dept,
            lines: Vec::new(),
            allocation: 0,
            over: false,
        });
        self.budgets.len() - 1
    }

    /// Puts tool `t` on a line of `dept`'s budget: its own line (tool = "<id>"), or a shared line
    /// for its category with room left.
    fn put_on_line(&mut self, t: usize, dept: usize, rng: &mut Rng) {
        let b = self.budget_index(dept);
        let cat = &CATEGORIES[self.tools[t].category];
        let recurring = self.tools[t]
            .cost
            .as_ref()
            .is_some_and(|c| c.period != Period::OneTime);
        let budget = &mut self.budgets[b];
        let single = rng.chance(0.25);
        let base = slug(cat.name);
        let line_index = if single {
            None
        } else {
            budget.lines.iter().position(|l| {
                !l.single
                    && l.id.starts_with(&base)
                    && l.tools.len() < 6
                    && !l.tools.is_empty()
                    && l.recurring == recurring
            })
        };
        let line_index = match line_index {
            Some(i) => i,
            None => {
                let taken: HashSet<&str> = budget.lines.iter().map(|l| l.id.as_str()).collect();
                let base = if single {
                    self.tools[t].id.clone()
                } else {
                    base
                };
                let mut id = base.clone();
                let mut n = 2;
                while taken.contains(id.as_str()) {
                    id = format!("{base}-{n}");
                    n += 1;
                }
                budget.lines.push(Line {
                    id,
                    category: cat.line_category,
                    description: String::new(),
                    tools: Vec::new(),
                    single,
                    fixed_cents: 0,
                    recurring,
                });
                budget.lines.len() - 1
            }
        };
        budget.lines[line_index].tools.push(t);
        let line_id = budget.lines[line_index].id.clone();
        if let Some(cost) = &mut self.tools[t].cost {
            cost.line = Some((dept, line_id));
        }
    }

    fn remove_from_line(&mut self, t: usize) {
        let Some((dept, line_id)) = self.tools[t].cost.as_ref().and_then(|c| c.line.clone()) else {
            return;
        };
        if let Some(budget) = self.budgets.iter_mut().find(|b| b.dept == dept)
            && let Some(i) = budget.lines.iter().position(|l| l.id == line_id)
        {
            budget.lines[i].tools.retain(|&x| x != t);
            if budget.lines[i].tools.is_empty() && budget.lines[i].fixed_cents == 0 {
                budget.lines.remove(i);
            }
        }
        if let Some(cost) = &mut self.tools[t].cost {
            cost.line = None;
        }
    }

    fn assign_budget_lines(&mut self, rng: &mut Rng) {
        for dept in 0..DEPARTMENTS.len() {
            self.budget_index(dept);
        }
        for t in 0..self.tools.len() {
            let tool = &self.tools[t];
            if tool.cost.is_none() || tool.gov_fault == Some("tool/unbudgeted") {
                continue;
            }
            let dept = if tool.gov_fault == Some("tool/budgeted-elsewhere") {
                (tool.dept + 1) % DEPARTMENTS.len()
            } else {
                tool.dept
            };
            self.put_on_line(t, dept, rng);
        }
        // Lines that are not for a tool: devices, training, services.
        for budget in &mut self.budgets {
            let extras: [(&str, &str, &str, i64, bool); 4] = [
                (
                    "laptops",
                    "hardware",
                    "Replacement laptops for the team",
                    1200,
                    false,
                ),
                (
                    "training",
                    "training",
                    "Courses and conferences for the team",
                    800,
                    true,
                ),
                (
                    "consultants",
                    "service",
                    "Outside help for projects the team cannot staff",
                    2500,
                    false,
                ),
                (
                    "accessories",
                    "other",
                    "Headsets, docks and cables",
                    300,
                    true,
                ),
            ];
            for (id, category, description, dollars, recurring) in extras {
                if rng.chance(0.6) {
                    budget.lines.push(Line {
                        id: id.to_string(),
                        category,
                        description: description.to_string(),
                        tools: Vec::new(),
                        single: false,
                        fixed_cents: (dollars + rng.range(0, 20) * 100) * 100,
                        recurring,
                    });
                }
            }
        }
        // One department in twelve spends more than it was given.
        let over = rng.below(DEPARTMENTS.len());
        for b in 0..self.budgets.len() {
            let total = self.budget_total(b);
            let budget = &mut self.budgets[b];
            if budget.dept == over {
                budget.over = true;
                budget.allocation = (total * 9 / 10) / 10_000 * 10_000;
            } else {
                budget.allocation = (total * 108 / 100 / 100_000 + 1) * 100_000;
            }
        }
    }

    fn line_cents(&self, line: &Line) -> i64 {
        if line.tools.is_empty() {
            return line.fixed_cents;
        }
        let sum: i64 = line
            .tools
            .iter()
            .filter_map(|&t| self.tools[t].cost.as_ref())
            .map(Cost::annual_cents)
            .sum();
        // Budgets are in whole dollars, rounded up.
        (sum + 99) / 100 * 100
    }

    fn budget_total(&self, b: usize) -> i64 {
        self.budgets[b]
            .lines
            .iter()
            .map(|l| self.line_cents(l))
            .sum()
    }

    fn new_policy(&mut self, rng: &mut Rng) -> Policy {
        let (topic, title, summary) = *rng.pick(POLICY_TOPICS);
        let owner = rng.below(DEPARTMENTS.len());
        let mut id = topic.to_string();
        let mut title = title.to_string();
        if self.policy_ids.contains(&id) {
            id = format!("{topic}-{}", DEPARTMENTS[owner].0);
            title = format!("{title} ({})", DEPARTMENTS[owner].1);
        }
        let base = id.clone();
        let mut n = 2;
        while self.policy_ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        let status = match rng.below(100) {
            0..=84 => "active",
            85..=94 => "draft",
            _ => "retired",
        };
        let mut approved_by = vec![owner];
        for dept in [4, 6] {
            if !approved_by.contains(&dept) {
                approved_by.push(dept);
            }
        }
        if rng.chance(0.3) {
            let d = rng.below(DEPARTMENTS.len());
            if !approved_by.contains(&d) {
                approved_by.push(d);
            }
        }
        let effective = self.today.plus(-rng.range(200, 2500));
        let last_reviewed = self.today.plus(-rng.range(10, 330)).max(effective);
        let mut tools = Vec::new();
        for _ in 0..rng.range(2, 9) {
            let t = rng.below(self.tools.len());
            if self.tools[t].alive && !tools.contains(&self.tools[t].id) {
                tools.push(self.tools[t].id.clone());
            }
        }
        let supersedes = self
            .policies
            .iter()
            .filter(|p| p.status == "retired" && p.alive)
            .map(|p| p.id.clone())
            .take(usize::from(rng.chance(0.3)))
            .collect();
        let mut clause_ids: Vec<usize> = (0..CLAUSE_IDS.len()).collect();
        let n_clauses = rng.range(3, 9) as usize;
        let mut clauses = Vec::new();
        for _ in 0..n_clauses {
            let k = rng.below(clause_ids.len());
            let (cid, ctitle) = CLAUSE_IDS[clause_ids.remove(k)];
            clauses.push(Clause {
                id: cid.to_string(),
                title: ctitle.to_string(),
                text: sentences(rng, 2, 4),
            });
        }
        Policy {
            id,
            title,
            summary: summary.to_string(),
            status,
            owner,
            approved_by,
            effective,
            last_reviewed,
            tools,
            supersedes,
            clauses,
            schema_fault: None,
            gov_fault: None,
            alive: true,
        }
    }

    fn inject_policy_faults(&mut self, rng: &mut Rng) {
        for p in 0..self.policies.len() {
            let roll = rng.below(100);
            let policy = &mut self.policies[p];
            if roll < 4 {
                policy.schema_fault = Some(if rng.chance(0.5) {
                    SchemaFault::MisspelledStatus
                } else {
                    SchemaFault::UnknownKey
                });
            } else if roll < 10 {
                policy.status = "active";
                let rule = *rng.pick(&[
                    "policy/review-overdue",
                    "policy/missing-approval",
                    "policy/duplicate-clause",
                    "ref/unknown-tool",
                ]);
                policy.gov_fault = Some(rule);
                match rule {
                    "policy/review-overdue" => {
                        policy.last_reviewed = self.today.plus(-rng.range(400, 800));
                        policy.effective = policy.effective.min(policy.last_reviewed);
                    }
                    "policy/missing-approval" => {
                        policy.approved_by.retain(|&d| d != 6 || policy.owner == 6)
                    }
                    "policy/duplicate-clause" => {
                        let first = policy.clauses[0].clone();
                        policy.clauses.push(Clause {
                            text: sentences(rng, 1, 2),
                            ..first
                        });
                    }
                    _ => {
                        let tool = policy
                            .tools
                            .first()
                            .cloned()
                            .unwrap_or_else(|| "brightdesk".to_string());
                        policy.tools.push(format!("{tool}-old"));
                    }
                }
                if rule == "policy/missing-approval" && policy.approved_by.contains(&6) {
                    // Legal owns it: drop IT instead.
                    policy.approved_by.retain(|&d| d != 4);
                    if policy.owner == 4 {
                        policy.gov_fault = None;
                    }
                }
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // Rendering

    fn tool_path(&self, t: usize) -> String {
        format!("tools/{}.toml", self.tools[t].id)
    }

    fn policy_path(&self, p: usize) -> String {
        format!("technology/{}.toml", self.policies[p].id)
    }

    fn budget_path(&self, b: usize) -> String {
        format!(
            "budgets/{}/{}.toml",
            self.fy, DEPARTMENTS[self.budgets[b].dept].0
        )
    }

    fn render_tool(&self, t: usize) -> String {
        let tool = &self.tools[t];
        let cat = &CATEGORIES[tool.category];
        let fault = tool.schema_fault;
        let mut s = String::with_capacity(1400);
        let _ = writeln!(
            s,
            "# {}: {}, owned by {}.",
            tool.name, cat.name, DEPARTMENTS[tool.dept].1
        );
        let _ = writeln!(s, "name = {}", toml_str(&tool.name));
        if fault != Some(SchemaFault::MissingRequired) {
            let _ = writeln!(s, "vendor = {}", toml_str(&tool.vendor));
        }
        let _ = writeln!(s, "category = {}", toml_str(cat.name));
        let _ = writeln!(s, "description = {}", toml_str(&tool.description));
        let status = if fault == Some(SchemaFault::MisspelledStatus) {
            match tool.status {
                "approved" => "aproved",
                "trial" => "trail",
                "restricted" => "restriced",
                _ => "retierd",
            }
        } else {
            tool.status
        };
        let _ = writeln!(s, "status = {}", toml_str(status));
        let _ = writeln!(s, "department = {}", toml_str(DEPARTMENTS[tool.dept].0));
        if let Some(owner) = &tool.owner {
            let _ = writeln!(s, "owner = {}", toml_str(owner));
        }
        if let Some(backup) = &tool.backup {
            let _ = writeln!(s, "backup_owner = {}", toml_str(backup));
        }
        if fault == Some(SchemaFault::PastedRow) {
            let _ = writeln!(s, "approved_on = \"{}\"", tool.approved_on);
        } else {
            let _ = writeln!(s, "approved_on = {}", tool.approved_on);
        }
        let _ = writeln!(s, "last_reviewed = {}", tool.last_reviewed);
        let _ = writeln!(s, "data_classification = {}", toml_str(tool.classification));
        let _ = writeln!(s, "url = \"https://www.{}.example\"", tool.id);
        match tool.sign_in {
            SignIn::Sso => s.push_str("sso = true\n"),
            SignIn::Mfa => s.push_str("mfa = \"enforced\"\n"),
            SignIn::NotStated => {}
        }
        if fault == Some(SchemaFault::UnknownKey) {
            match tool.unknown_key {
                "contract_end" => {
                    let _ = writeln!(s, "contract_end = {}", tool.approved_on.plus(730));
                }
                "renewal_month" => s.push_str("renewal_month = \"March\"\n"),
                key => {
                    let _ = writeln!(s, "{key} = 25");
                }
            }
        }
        if fault == Some(SchemaFault::PastedRow) {
            self.render_pasted_columns(t, &mut s);
        }
        if let Some(notes) = &tool.notes {
            let _ = writeln!(s, "notes = {}", toml_str(notes));
        }
        let mut quoted = fault == Some(SchemaFault::QuotedNumber);
        if let Some(cost) = &tool.cost {
            s.push_str("\n[cost]\n");
            if quoted {
                let _ = writeln!(s, "amount = \"{}\"", money(cost.cents));
                quoted = false;
            } else {
                let _ = writeln!(s, "amount = {}", money(cost.cents));
            }
            s.push_str("currency = \"USD\"\n");
            let _ = writeln!(s, "period = \"{}\"", cost.period.as_str());
            if let Some((dept, line)) = &cost.line {
                let _ = writeln!(
                    s,
                    "budget_line = \"{}/{}#{}\"",
                    self.fy, DEPARTMENTS[*dept].0, line
                );
            }
        }
        if let Some(date) = tool.dpa_signed {
            let _ = write!(s, "\n[privacy]\ndpa_signed = {date}\n");
        }
        if let Some(exit) = &tool.exit {
            s.push_str("\n[exit_plan]\n");
            let _ = writeln!(s, "data_export = {}", toml_str(&exit.data_export));
            let formats: Vec<String> = exit.formats.iter().map(|f| toml_str(f)).collect();
            let _ = writeln!(s, "export_formats = [{}]", formats.join(", "));
            let alternatives: Vec<String> = exit.alternatives.iter().map(|f| toml_str(f)).collect();
            let _ = writeln!(s, "alternatives = [{}]", alternatives.join(", "));
            if quoted {
                let _ = writeln!(s, "notice_period_days = \"{}\"", exit.notice);
            } else {
                let _ = writeln!(s, "notice_period_days = {}", exit.notice);
            }
            if let Some(date) = exit.last_tested {
                let _ = writeln!(s, "last_tested = {date}");
            }
        }
        if let Some((contract, seats)) = &tool.extra {
            let _ = write!(
                s,
                "\n[extra]\ncontract_id = \"{contract}\"\nseats = {seats}\n"
            );
        }
        if let Some(expires) = tool.waiver {
            let _ = write!(
                s,
                "\n[[waiver]]\nrule = \"tool/no-backup-owner\"\nreason = \"Only one person in the team uses it; a second owner is being trained.\"\nexpires = {expires}\napproved_by = \"it\"\n"
            );
        }
        s
    }

    /// The spreadsheet's columns, each with a value of the kind such a column holds.
    fn render_pasted_columns(&self, t: usize, s: &mut String) {
        let tool = &self.tools[t];
        let n = tool.pasted_columns.min(SPREADSHEET_COLUMNS.len());
        let first = tool.id.len() % SPREADSHEET_COLUMNS.len();
        for k in 0..n {
            let column = SPREADSHEET_COLUMNS[(first + k) % SPREADSHEET_COLUMNS.len()];
            let seed = t * 31 + k;
            let _ = match k % 4 {
                0 => writeln!(s, "{column} = {}", 10 + seed % 490),
                1 => writeln!(
                    s,
                    "{column} = {}",
                    toml_str(&format!("{} {}", tool.vendor, seed % 97))
                ),
                2 => writeln!(s, "{column} = {}", seed.is_multiple_of(2)),
                _ => writeln!(
                    s,
                    "{column} = \"{}\"",
                    tool.approved_on.plus((seed % 700) as i64)
                ),
            };
        }
    }

    fn render_policy(&self, p: usize) -> String {
        let policy = &self.policies[p];
        let mut s = String::with_capacity(2500);
        let _ = writeln!(s, "# Policy: {}.", policy.title);
        let _ = writeln!(s, "title = {}", toml_str(&policy.title));
        let _ = writeln!(s, "summary = {}", toml_str(&policy.summary));
        let status = if policy.schema_fault == Some(SchemaFault::MisspelledStatus) {
            "actve"
        } else {
            policy.status
        };
        let _ = writeln!(s, "status = {}", toml_str(status));
        let _ = writeln!(s, "owner = {}", toml_str(DEPARTMENTS[policy.owner].0));
        let approved: Vec<String> = policy
            .approved_by
            .iter()
            .map(|&d| toml_str(DEPARTMENTS[d].0))
            .collect();
        let _ = writeln!(s, "approved_by = [{}]", approved.join(", "));
        let _ = writeln!(s, "effective = {}", policy.effective);
        let _ = writeln!(s, "last_reviewed = {}", policy.last_reviewed);
        s.push_str("review_every_months = 12\n");
        if policy.schema_fault == Some(SchemaFault::UnknownKey) {
            s.push_str("reviewer = \"it\"\n");
        }
        let tools: Vec<String> = policy.tools.iter().map(|t| toml_str(t)).collect();
        let _ = writeln!(s, "tools = [{}]", tools.join(", "));
        if !policy.supersedes.is_empty() {
            let sup: Vec<String> = policy.supersedes.iter().map(|t| toml_str(t)).collect();
            let _ = writeln!(s, "supersedes = [{}]", sup.join(", "));
        }
        for clause in &policy.clauses {
            let _ = write!(
                s,
                "\n[[clause]]\nid = {}\ntitle = {}\ntext = {}\n",
                toml_str(&clause.id),
                toml_str(&clause.title),
                toml_str(&clause.text)
            );
        }
        s
    }

    fn render_budget(&self, b: usize) -> String {
        let budget = &self.budgets[b];
        let (dept, dept_name) = DEPARTMENTS[budget.dept];
        let mut s = String::with_capacity(200 + budget.lines.len() * 160);
        let _ = writeln!(s, "# {dept_name}: FY{} budget.", self.fy);
        let _ = writeln!(
            s,
            "department = \"{dept}\"\nfiscal_year = {}\ncurrency = \"USD\"",
            self.fy
        );
        let _ = writeln!(s, "allocation = {}", money(budget.allocation));
        for line in &budget.lines {
            let description = if line.tools.is_empty() {
                line.description.clone()
            } else if line.single {
                let tool = &self.tools[line.tools[0]];
                format!("{} ({})", tool.name, CATEGORIES[tool.category].name)
            } else {
                let cat = CATEGORIES[self.tools[line.tools[0]].category].name;
                format!(
                    "{} subscriptions ({} tools)",
                    capitalize(cat),
                    line.tools.len()
                )
            };
            let _ = write!(
                s,
                "\n[[line]]\nid = \"{}\"\ndescription = {}\ncategory = \"{}\"\namount = {}\n",
                line.id,
                toml_str(&description),
                line.category,
                money(self.line_cents(line))
            );
            if line.single {
                let _ = writeln!(s, "tool = \"{}\"", self.tools[line.tools[0]].id);
            }
            let _ = writeln!(s, "recurring = {}", line.recurring);
        }
        s
    }

    fn render_org(&self) -> String {
        let mut s = String::with_capacity(200 + self.people.len() * 150);
        s.push_str("# Riverbend Community Alliance: departments and people.\nname = \"Riverbend Community Alliance\"\n");
        for (d, (id, name)) in DEPARTMENTS.iter().enumerate() {
            let head = self.people.iter().find(|p| p.dept == d && p.left.is_none());
            let _ = write!(s, "\n[departments.{id}]\nname = {}\n", toml_str(name));
            if let Some(head) = head {
                let _ = writeln!(s, "head = \"{}\"", head.id);
            }
        }
        for p in &self.people {
            let _ = write!(
                s,
                "\n[people.{}]\nname = {}\nemail = \"{}\"\ndepartment = \"{}\"\nrole = {}\n",
                p.id,
                toml_str(&p.name),
                p.email,
                DEPARTMENTS[p.dept].0,
                toml_str(&p.role)
            );
            if let Some(left) = p.left {
                let _ = writeln!(s, "left = {left}");
            }
        }
        s
    }

    fn render_all(&self) -> BTreeMap<String, String> {
        let mut files = BTreeMap::new();
        files.insert("org.toml".to_string(), self.render_org());
        for t in 0..self.tools.len() {
            if self.tools[t].alive {
                files.insert(self.tool_path(t), self.render_tool(t));
            }
        }
        for p in 0..self.policies.len() {
            if self.policies[p].alive {
                files.insert(self.policy_path(p), self.render_policy(p));
            }
        }
        for b in 0..self.budgets.len() {
            files.insert(self.budget_path(b), self.render_budget(b));
        }
        files.insert(
            "README.md".to_string(),
            "# Policy tree\n\nGenerated by steward's benchmark generator (examples/generate.rs).\n"
                .to_string(),
        );
        files
    }

    fn manifest(&self, seed: u64, files: usize) -> Value {
        let mut schema: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        let mut governance: BTreeMap<String, Vec<&str>> = BTreeMap::new();
        let shown = |path: String| format!("policies/{path}");
        for t in 0..self.tools.len() {
            let tool = &self.tools[t];
            if let Some(f) = tool.schema_fault {
                schema
                    .entry(shown(self.tool_path(t)))
                    .or_default()
                    .extend(f.rules());
            }
            if let Some(rule) = tool.gov_fault {
                governance
                    .entry(shown(self.tool_path(t)))
                    .or_default()
                    .push(rule);
            }
        }
        for p in 0..self.policies.len() {
            let policy = &self.policies[p];
            if let Some(f) = policy.schema_fault {
                schema
                    .entry(shown(self.policy_path(p)))
                    .or_default()
                    .extend(f.rules());
            }
            if let Some(rule) = policy.gov_fault {
                governance
                    .entry(shown(self.policy_path(p)))
                    .or_default()
                    .push(rule);
            }
        }
        for b in 0..self.budgets.len() {
            if self.budgets[b].over {
                governance
                    .entry(shown(self.budget_path(b)))
                    .or_default()
                    .push("budget/over-allocation");
            }
        }
        let tool_schema_files: Vec<&String> = schema
            .keys()
            .filter(|p| p.starts_with("policies/tools/"))
            .collect();
        let injected: BTreeSet<&String> = schema.keys().chain(governance.keys()).collect();
        json!({
            "generator": "examples/generate.rs",
            "seed": seed,
            "today": self.today.to_string(),
            "fiscal_year": self.fy,
            "files": files,
            "tools": self.tools.iter().filter(|t| t.alive).count(),
            "policies": self.policies.len(),
            "people": self.people.len(),
            "people_left": self.people.iter().filter(|p| p.left.is_some()).count(),
            "departments": DEPARTMENTS.len(),
            "budgets": self.budgets.len(),
            "budget_lines": self.budgets.iter().map(|b| b.lines.len()).sum::<usize>(),
            "files_with_injected_violations": injected.len(),
            "tool_schema_violation_files": tool_schema_files,
            "schema_violations": schema,
            "governance_violations": governance,
        })
    }
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn sentences(rng: &mut Rng, lo: i64, hi: i64) -> String {
    let mut picked: Vec<&str> = Vec::new();
    for _ in 0..rng.range(lo, hi + 1) {
        let s = *rng.pick(SENTENCES);
        if !picked.contains(&s) {
            picked.push(s);
        }
    }
    picked.join(" ")
}

// ---------------------------------------------------------------------------------------------
// History

/// What an edit did: its commit message (title and body).
struct Edit {
    title: String,
    body: String,
    branch: String,
}

/// One commit's file changes.
enum FileChange {
    Write(String, String),
    Delete(String),
}

struct Author {
    name: String,
    email: String,
}

/// The history under construction: the files as they are now and a fast-import stream.
struct History {
    files: BTreeMap<String, String>,
    stream: Vec<u8>,
    next_mark: usize,
    commits: usize,
    merges: usize,
    time: i64,
}

impl History {
    #[allow(clippy::too_many_arguments)] // one fast-import commit: every field is needed
    fn commit(
        &mut self,
        reference: &str,
        author: &Author,
        committer: Option<&Author>,
        message: &str,
        from: Option<usize>,
        merge: Option<usize>,
        changes: &[FileChange],
    ) -> usize {
        let mark = self.next_mark;
        self.next_mark += 1;
        self.commits += 1;
        if merge.is_some() {
            self.merges += 1;
        }
        let committer = committer.unwrap_or(author);
        let s = &mut self.stream;
        let _ = write!(s, "commit {reference}\nmark :{mark}\n");
        let _ = writeln!(
            s,
            "author {} <{}> {} +0000",
            author.name, author.email, self.time
        );
        let _ = writeln!(
            s,
            "committer {} <{}> {} +0000",
            committer.name, committer.email, self.time
        );
        let _ = write!(s, "data {}\n{message}\n", message.len());
        if let Some(from) = from {
            let _ = writeln!(s, "from :{from}");
        }
        if let Some(merge) = merge {
            let _ = writeln!(s, "merge :{merge}");
        }
        for change in changes {
            match change {
                FileChange::Write(path, text) => {
                    let _ = write!(s, "M 100644 inline {path}\ndata {}\n", text.len());
                    s.extend_from_slice(text.as_bytes());
                    s.push(b'\n');
                }
                FileChange::Delete(path) => {
                    let _ = writeln!(s, "D {path}");
                }
            }
        }
        s.push(b'\n');
        mark
    }
}

/// Re-renders what an edit may have touched and returns the files that changed, updating
/// `files`. `tools`/`policies` are the entities the edit changed (by index); budgets and org
/// are always compared.
fn sync(
    world: &World,
    files: &mut BTreeMap<String, String>,
    paths: &mut HashMap<(u8, usize), String>,
    tools: &[usize],
    policies: &[usize],
) -> Vec<FileChange> {
    let mut out = Vec::new();
    let put = |files: &mut BTreeMap<String, String>,
               path: String,
               text: String,
               out: &mut Vec<FileChange>| {
        if files.get(&path) != Some(&text) {
            files.insert(path.clone(), text.clone());
            out.push(FileChange::Write(format!("policies/{path}"), text));
        }
    };
    let mut entity = |kind: u8,
                      index: usize,
                      alive: bool,
                      path: String,
                      text: Option<String>,
                      files: &mut BTreeMap<String, String>,
                      out: &mut Vec<FileChange>| {
        if let Some(old) = paths.get(&(kind, index)).cloned()
            && (old != path || !alive)
        {
            files.remove(&old);
            out.push(FileChange::Delete(format!("policies/{old}")));
            paths.remove(&(kind, index));
        }
        if alive {
            paths.insert((kind, index), path.clone());
            put(files, path, text.unwrap_or_default(), out);
        }
    };
    let mut seen = HashSet::new();
    for &t in tools {
        if seen.insert((0, t)) {
            let alive = world.tools[t].alive;
            let text = alive.then(|| world.render_tool(t));
            entity(0, t, alive, world.tool_path(t), text, files, &mut out);
        }
    }
    for &p in policies {
        if seen.insert((1, p)) {
            let alive = world.policies[p].alive;
            let text = alive.then(|| world.render_policy(p));
            entity(1, p, alive, world.policy_path(p), text, files, &mut out);
        }
    }
    for b in 0..world.budgets.len() {
        put(
            files,
            world.budget_path(b),
            world.render_budget(b),
            &mut out,
        );
    }
    put(files, "org.toml".to_string(), world.render_org(), &mut out);
    out
}

/// What one edit changed in the model, before rendering.
#[derive(Default)]
struct Touched {
    tools: Vec<usize>,
    policies: Vec<usize>,
}

impl World {
    fn live_tools(&self) -> Vec<usize> {
        (0..self.tools.len())
            .filter(|&t| self.tools[t].alive)
            .collect()
    }

    /// Budget paths a tool's line lives in.
    fn tool_budget_path(&self, t: usize) -> Option<String> {
        let (dept, _) = self.tools[t].cost.as_ref()?.line.as_ref()?;
        let b = self.budgets.iter().position(|b| b.dept == *dept)?;
        Some(self.budget_path(b))
    }

    fn person_name(&self, id: &str) -> String {
        self.people
            .iter()
            .find(|p| p.id == id)
            .map_or(id.to_string(), |p| p.name.clone())
    }

    /// Applies one random realistic edit whose files avoid `forbidden`; returns what it touched
    /// and its message, or None when the chosen edit would touch a forbidden file.
    fn random_edit(
        &mut self,
        rng: &mut Rng,
        date: Date,
        forbidden: &HashSet<String>,
        bench: bool,
    ) -> Option<(Touched, Edit)> {
        let live = self.live_tools();
        let t = *rng.pick(&live);
        let tool_path = self.tool_path(t);
        let ok = |path: &str| !forbidden.contains(path);
        let mut touched = Touched::default();
        let roll = rng.below(100);
        let name = self.tools[t].name.clone();
        let edit = |title: String, body: String, branch: &str| Edit {
            title,
            body,
            branch: branch.to_string(),
        };
        match roll {
            // An owner hands a tool over.
            0..=17 => {
                if !ok(&tool_path) || self.tools[t].schema_fault.is_some() {
                    return None;
                }
                let dept = self.tools[t].dept;
                let old = self.tools[t].owner.clone();
                let new = self.pick_owner(dept, old.as_deref(), rng);
                let new_name = self.person_name(&new);
                if self.tools[t].backup.as_deref() == Some(new.as_str()) {
                    self.tools[t].backup = old
                        .clone()
                        .filter(|o| self.people.iter().any(|p| &p.id == o && p.left.is_none()));
                }
                self.tools[t].owner = Some(new.clone());
                touched.tools.push(t);
                Some((
                    touched,
                    edit(
                        format!("Hand {name} over to {new_name}"),
                        format!(
                            "{new_name} takes over {name} from {}.",
                            old.map_or("nobody".to_string(), |o| self.person_name(&o))
                        ),
                        &format!("owner-{}", self.tools[t].id),
                    ),
                ))
            }
            // A price change, with the budget line that pays for it.
            18..=31 => {
                let cost = self.tools[t].cost.clone()?;
                let budget_path = self.tool_budget_path(t);
                if !ok(&tool_path) || budget_path.as_deref().is_some_and(|p| !ok(p)) {
                    return None;
                }
                let factor = *rng.pick(&[85, 90, 105, 110, 115, 120, 130]);
                let cents = (cost.cents * factor / 100 / 50 * 50).max(500);
                if cents == cost.cents {
                    return None;
                }
                let old = cost.cents;
                self.tools[t].cost.as_mut().expect("cost").cents = cents;
                self.raise_allocation_if_needed(t);
                touched.tools.push(t);
                let what = if cents > old {
                    "price rise"
                } else {
                    "new price"
                };
                Some((
                    touched,
                    edit(
                        format!(
                            "{name} {what}: {} to {} a {}",
                            money_words(old),
                            money_words(cents),
                            cost.period.as_str()
                        ),
                        "The vendor's renewal quote; the budget line follows.".to_string(),
                        &format!("price-{}", self.tools[t].id),
                    ),
                ))
            }
            // A clause is reworded.
            32..=45 => {
                let p = rng.below(self.policies.len());
                if !self.policies[p].alive || !ok(&self.policy_path(p)) {
                    return None;
                }
                let title = self.policies[p].title.clone();
                let c = rng.below(self.policies[p].clauses.len());
                let clause = &mut self.policies[p].clauses[c];
                let before = clause.text.clone();
                match rng.below(3) {
                    0 => {
                        let (from, to) = *rng.pick(REWORDINGS);
                        if clause.text.contains(from) {
                            clause.text = clause.text.replacen(from, to, 1);
                        } else {
                            clause.text = format!("{} {}", clause.text, rng.pick(SENTENCES));
                        }
                    }
                    1 => clause.text = format!("{} {}", clause.text, rng.pick(SENTENCES)),
                    _ => clause.text = sentences(rng, 2, 3),
                }
                if clause.text == before {
                    return None;
                }
                let cid = clause.id.clone();
                touched.policies.push(p);
                Some((
                    touched,
                    edit(
                        format!("{title}: reword the {cid} clause"),
                        "Clearer wording after the committee's review.".to_string(),
                        &format!("reword-{cid}"),
                    ),
                ))
            }
            // A policy is reviewed.
            46..=53 => {
                let p = rng.below(self.policies.len());
                if !self.policies[p].alive
                    || !ok(&self.policy_path(p))
                    || self.policies[p].last_reviewed >= date
                {
                    return None;
                }
                self.policies[p].last_reviewed = date;
                touched.policies.push(p);
                Some((
                    touched,
                    edit(
                        format!("Review {}", self.policies[p].title),
                        "Reviewed by the committee; no changes to the text.".to_string(),
                        &format!("review-{}", self.policies[p].id),
                    ),
                ))
            }
            // A tool is reviewed, and its export tried.
            54..=67 => {
                if !ok(&tool_path) || self.tools[t].last_reviewed >= date {
                    return None;
                }
                self.tools[t].last_reviewed = date;
                let tested = rng.chance(0.4);
                if tested && let Some(exit) = &mut self.tools[t].exit {
                    exit.last_tested = Some(date);
                }
                touched.tools.push(t);
                Some((
                    touched,
                    edit(
                        format!(
                            "Review {name}{}",
                            if tested { " and test its export" } else { "" }
                        ),
                        "Still needed; access list checked.".to_string(),
                        &format!("review-{}", self.tools[t].id),
                    ),
                ))
            }
            // A new tool.
            68..=77 => {
                let mut tool = self.new_tool(rng);
                tool.approved_on = date;
                tool.last_reviewed = date;
                tool.status = if rng.chance(0.5) { "trial" } else { "approved" };
                tool.dept = rng.below(DEPARTMENTS.len());
                tool.owner = Some(self.pick_owner(tool.dept, None, rng));
                tool.backup = Some(self.pick_owner(tool.dept, tool.owner.as_deref(), rng));
                if tool.cost.is_none() && rng.chance(0.5) {
                    tool.cost = Some(Cost {
                        cents: 1900,
                        period: Period::Month,
                        line: None,
                    });
                }
                let new_path = format!("tools/{}.toml", tool.id);
                let b = self.budgets.iter().position(|b| b.dept == tool.dept);
                if !ok(&new_path)
                    || tool.cost.is_some() && b.is_some_and(|b| !ok(&self.budget_path(b)))
                {
                    return None;
                }
                let dept = tool.dept;
                let has_cost = tool.cost.is_some();
                self.tool_ids.insert(tool.id.clone());
                self.tools.push(tool);
                let t = self.tools.len() - 1;
                if has_cost {
                    self.put_on_line(t, dept, rng);
                    self.raise_allocation_if_needed(t);
                }
                let tool = &self.tools[t];
                touched.tools.push(t);
                Some((
                    touched,
                    edit(
                        format!(
                            "Add {} ({}) for {}",
                            tool.name, CATEGORIES[tool.category].name, DEPARTMENTS[dept].1
                        ),
                        format!(
                            "{} chose {} after a trial; IT reviewed the exit plan.",
                            DEPARTMENTS[dept].1, tool.name
                        ),
                        &format!("add-{}", tool.id),
                    ),
                ))
            }
            // A tool is retired, its budget line released.
            78..=83 => {
                let budget_path = self.tool_budget_path(t);
                if self.tools[t].status == "retired"
                    || self.tools[t].schema_fault.is_some()
                    || !ok(&tool_path)
                    || budget_path.as_deref().is_some_and(|p| !ok(p))
                {
                    return None;
                }
                self.remove_from_line(t);
                self.tools[t].cost = None;
                self.tools[t].status = "retired";
                touched.tools.push(t);
                Some((
                    touched,
                    edit(
                        format!("Retire {name}"),
                        "Nobody has used it since the last review; data exported to the archive."
                            .to_string(),
                        &format!("retire-{}", self.tools[t].id),
                    ),
                ))
            }
            // A retired tool nobody refers to is removed.
            84..=87 => {
                let referenced = self
                    .policies
                    .iter()
                    .any(|p| p.tools.contains(&self.tools[t].id));
                if self.tools[t].status != "retired"
                    || referenced
                    || !ok(&tool_path)
                    || self.tools[t].cost.is_some()
                {
                    return None;
                }
                self.tools[t].alive = false;
                touched.tools.push(t);
                Some((
                    touched,
                    edit(
                        format!("Remove retired {name}"),
                        "Retired more than a year ago; the export is in the archive.".to_string(),
                        &format!("remove-{}", self.tools[t].id),
                    ),
                ))
            }
            // Someone joins.
            88..=91 => {
                if !ok("org.toml") {
                    return None;
                }
                let dept = rng.below(DEPARTMENTS.len());
                let person = self.new_person(dept, rng);
                self.person_ids.insert(person.id.clone());
                let title = format!("Welcome {} to {}", person.name, DEPARTMENTS[dept].1);
                let branch = format!("join-{}", person.id);
                self.people.push(person);
                self.refresh_active();
                Some((touched, edit(title, String::new(), &branch)))
            }
            // Someone leaves; their tools are handed over (usually).
            92..=94 => {
                if bench || !ok("org.toml") {
                    return None;
                }
                let candidates: Vec<usize> = (DEPARTMENTS.len() * 2..self.people.len())
                    .filter(|&i| self.people[i].left.is_none())
                    .collect();
                if candidates.is_empty() {
                    return None;
                }
                let i = *rng.pick(&candidates);
                let id = self.people[i].id.clone();
                let owned: Vec<usize> = (0..self.tools.len())
                    .filter(|&t| {
                        self.tools[t].alive
                            && (self.tools[t].owner.as_deref() == Some(&id)
                                || self.tools[t].backup.as_deref() == Some(&id))
                    })
                    .collect();
                if owned.iter().any(|&t| !ok(&self.tool_path(t))) {
                    return None;
                }
                self.people[i].left = Some(date);
                self.refresh_active();
                let reassign = rng.chance(0.8);
                if reassign {
                    for &t in &owned {
                        let dept = self.tools[t].dept;
                        if self.tools[t].owner.as_deref() == Some(&id) {
                            let other = self.tools[t].backup.clone();
                            self.tools[t].owner =
                                Some(self.pick_owner(dept, other.as_deref(), rng));
                        }
                        if self.tools[t].backup.as_deref() == Some(&id) {
                            let owner = self.tools[t].owner.clone();
                            self.tools[t].backup =
                                Some(self.pick_owner(dept, owner.as_deref(), rng));
                        }
                        touched.tools.push(t);
                    }
                }
                let name = self.people[i].name.clone();
                let body = if reassign {
                    format!(
                        "Their {} tools go to colleagues in the department.",
                        owned.len()
                    )
                } else {
                    "Their tools still need new owners.".to_string()
                };
                Some((
                    touched,
                    edit(format!("{name} has left"), body, &format!("leaver-{id}")),
                ))
            }
            // A vendor renames its product: the file moves and references follow.
            95..=96 => {
                if bench || self.tools[t].schema_fault.is_some() || !ok(&tool_path) {
                    return None;
                }
                let old_id = self.tools[t].id.clone();
                let new_name = format!(
                    "{} {}",
                    self.tools[t].name.split(' ').next().unwrap_or("Tool"),
                    rng.pick(&["One", "Suite", "Next", "360", "Hub"])
                );
                let new_id = slug(&new_name);
                if self.tool_ids.contains(&new_id) || !ok(&format!("tools/{new_id}.toml")) {
                    return None;
                }
                let refs: Vec<usize> = (0..self.policies.len())
                    .filter(|&p| self.policies[p].tools.contains(&old_id))
                    .collect();
                let budget_path = self.tool_budget_path(t);
                if refs.iter().any(|&p| !ok(&self.policy_path(p)))
                    || budget_path.as_deref().is_some_and(|p| !ok(p))
                {
                    return None;
                }
                for &p in &refs {
                    for id in &mut self.policies[p].tools {
                        if *id == old_id {
                            id.clone_from(&new_id);
                        }
                    }
                }
                self.tool_ids.insert(new_id.clone());
                self.tools[t].id = new_id;
                self.tools[t].name = new_name.clone();
                touched.tools.push(t);
                touched.policies.extend(refs);
                Some((
                    touched,
                    edit(
                        format!("Rename {name} to {new_name}"),
                        "The vendor renamed the product; references updated.".to_string(),
                        &format!("rename-{old_id}"),
                    ),
                ))
            }
            // Which tools a policy governs.
            _ => {
                let p = rng.below(self.policies.len());
                if !self.policies[p].alive
                    || !ok(&self.policy_path(p))
                    || self.tools[t].status == "retired"
                    || self.policies[p].tools.contains(&self.tools[t].id)
                {
                    return None;
                }
                let tool_id = self.tools[t].id.clone();
                self.policies[p].tools.push(tool_id);
                touched.policies.push(p);
                Some((
                    touched,
                    edit(
                        format!("{}: also covers {name}", self.policies[p].title),
                        String::new(),
                        &format!("cover-{}", self.tools[t].id),
                    ),
                ))
            }
        }
    }

    fn raise_allocation_if_needed(&mut self, t: usize) {
        let Some((dept, _)) = self.tools[t].cost.as_ref().and_then(|c| c.line.clone()) else {
            return;
        };
        let Some(b) = self.budgets.iter().position(|b| b.dept == dept) else {
            return;
        };
        if self.budgets[b].over {
            return;
        }
        let total = self.budget_total(b);
        if total > self.budgets[b].allocation {
            self.budgets[b].allocation = (total * 105 / 100 / 100_000 + 1) * 100_000;
        }
    }
}

fn paths_of(changes: &[FileChange]) -> impl Iterator<Item = &str> {
    changes.iter().map(|c| match c {
        FileChange::Write(p, _) | FileChange::Delete(p) => p.strip_prefix("policies/").unwrap_or(p),
    })
}

fn build_history(
    world: &mut World,
    files: BTreeMap<String, String>,
    k: usize,
    diff_files: usize,
    repo: &Path,
    rng: &mut Rng,
) -> Value {
    prepare_dir(repo);
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .arg("-C")
            .arg(repo)
            .args(args)
            .status()
            .expect("run git");
        assert!(status.success(), "git {args:?} failed");
    };
    git(&["init", "-q"]);
    git(&["symbolic-ref", "HEAD", "refs/heads/main"]);
    std::fs::write(
        repo.join(".git/steward-bench"),
        "made by examples/generate.rs\n",
    )
    .expect("marker");

    // Paths of entities as written, to notice renames and removals.
    let mut paths: HashMap<(u8, usize), String> = HashMap::new();
    for t in 0..world.tools.len() {
        paths.insert((0, t), world.tool_path(t));
    }
    for p in 0..world.policies.len() {
        paths.insert((1, p), world.policy_path(p));
    }
    let mut history = History {
        files,
        stream: Vec::new(),
        next_mark: 1,
        commits: 0,
        merges: 0,
        time: (world.today.0) * 86_400 + 9 * 3600,
    };
    let authors: Vec<Author> = world
        .people
        .iter()
        .take(40)
        .map(|p| Author {
            name: p.name.clone(),
            email: p.email.clone(),
        })
        .collect();
    let github = Author {
        name: "GitHub".to_string(),
        email: "noreply@github.com".to_string(),
    };
    let mut initial: Vec<FileChange> = history
        .files
        .iter()
        .map(|(p, t)| FileChange::Write(format!("policies/{p}"), t.clone()))
        .collect();
    initial.push(FileChange::Write(
        "steward.toml".to_string(),
        STEWARD_TOML.to_string(),
    ));
    let mut main = history.commit("refs/heads/main", &authors[0], None, "Import the policy tree\n\nTools, policies, budgets and the organization chart, moved from the shared drive.", None, None, &initial);
    let mut pr_number = 1;
    let empty = HashSet::new();
    let date_of = |time: i64| Date(time.div_euclid(86_400));

    while history.commits < k {
        let remaining = k - history.commits;
        history.time += rng.range(1800, 12 * 3600);
        let author = &authors[rng.below(authors.len())];
        // A pull request needs at least its commit and its merge.
        if remaining >= 2 && rng.chance(0.45) {
            let branch_commits = (rng.range(1, 4) as usize).min(remaining - 1);
            let hotfix = remaining >= branch_commits + 2 && rng.chance(0.2);
            let mut branch_tip = main;
            let mut pr_paths: HashSet<String> = HashSet::new();
            let mut first_edit: Option<Edit> = None;
            let mut hotfix_paths: HashSet<String> = HashSet::new();
            for c in 0..branch_commits {
                history.time += rng.range(600, 6 * 3600);
                let Some((changes, edit)) = edit_and_sync(
                    world,
                    &mut history.files,
                    &mut paths,
                    rng,
                    date_of(history.time),
                    &hotfix_paths,
                    false,
                ) else {
                    continue;
                };
                assert!(
                    paths_of(&changes).all(|p| !hotfix_paths.contains(p)),
                    "branch edit touched the hotfix's files"
                );
                pr_paths.extend(paths_of(&changes).map(str::to_string));
                branch_tip = history.commit(
                    "refs/heads/topic",
                    author,
                    None,
                    format!("{}\n\n{}", edit.title, edit.body).trim_end(),
                    Some(branch_tip),
                    None,
                    &changes,
                );
                first_edit.get_or_insert(edit);
                if hotfix && c == 0 {
                    // Someone commits straight to main while the pull request is open.
                    history.time += rng.range(600, 3 * 3600);
                    if let Some((changes, edit)) = edit_and_sync(
                        world,
                        &mut history.files,
                        &mut paths,
                        rng,
                        date_of(history.time),
                        &pr_paths,
                        false,
                    ) {
                        assert!(
                            paths_of(&changes).all(|p| !pr_paths.contains(p)),
                            "hotfix touched the branch's files"
                        );
                        hotfix_paths.extend(paths_of(&changes).map(str::to_string));
                        let hot_author = &authors[rng.below(authors.len())];
                        main = history.commit(
                            "refs/heads/main",
                            hot_author,
                            None,
                            format!("{}\n\n{}", edit.title, edit.body).trim_end(),
                            Some(main),
                            None,
                            &changes,
                        );
                    }
                }
            }
            let Some(edit) = first_edit else { continue };
            // The merge: main's tree plus the branch's files.
            let merged: Vec<FileChange> = pr_paths
                .iter()
                .collect::<BTreeSet<_>>()
                .into_iter()
                .map(|p| match history.files.get(p) {
                    Some(text) => FileChange::Write(format!("policies/{p}"), text.clone()),
                    None => FileChange::Delete(format!("policies/{p}")),
                })
                .collect();
            history.time += rng.range(600, 24 * 3600);
            let login = author
                .email
                .split('@')
                .next()
                .unwrap_or("someone")
                .replace('.', "-");
            let message = format!(
                "Merge pull request #{pr_number} from {login}/{}\n\n{}",
                edit.branch, edit.title
            );
            pr_number += rng.range(1, 4) as usize;
            main = history.commit(
                "refs/heads/main",
                author,
                Some(&github),
                &message,
                Some(main),
                Some(branch_tip),
                &merged,
            );
        } else if let Some((changes, edit)) = edit_and_sync(
            world,
            &mut history.files,
            &mut paths,
            rng,
            date_of(history.time),
            &empty,
            false,
        ) {
            main = history.commit(
                "refs/heads/main",
                author,
                None,
                format!("{}\n\n{}", edit.title, edit.body).trim_end(),
                Some(main),
                None,
                &changes,
            );
        }
    }
    let bench_a = main;
    let _ = write!(
        history.stream,
        "reset refs/tags/bench-a\nfrom :{bench_a}\n\n"
    );

    // bench-b: one commit on the `bench` branch that changes exactly `diff_files` files. An
    // edit adds at most two changed files here (a tool and its budget; no leavers or renames),
    // and near the end only single-file edits are allowed, so the count lands exactly.
    let snapshot = history.files.clone();
    let mut changed: BTreeSet<String> = BTreeSet::new();
    let mut attempts = 0;
    let bench_date = date_of(history.time + 86_400);
    while changed.len() < diff_files && attempts < diff_files * 50 {
        attempts += 1;
        let mut forbidden: HashSet<String> = HashSet::new();
        if diff_files - changed.len() <= 3 {
            forbidden.insert("org.toml".to_string());
            for b in 0..world.budgets.len() {
                if !changed.contains(&world.budget_path(b)) {
                    forbidden.insert(world.budget_path(b));
                }
            }
        }
        let Some((changes, _)) = edit_and_sync(
            world,
            &mut history.files,
            &mut paths,
            rng,
            bench_date,
            &forbidden,
            true,
        ) else {
            continue;
        };
        for path in paths_of(&changes) {
            if snapshot.get(path) != history.files.get(path) {
                changed.insert(path.to_string());
            } else {
                changed.remove(path);
            }
        }
    }
    if changed.len() != diff_files {
        eprintln!(
            "warning: bench-b changes {} files, not {diff_files}",
            changed.len()
        );
    }
    let bench_changes: Vec<FileChange> = changed
        .iter()
        .map(|p| match history.files.get(p) {
            Some(text) => FileChange::Write(format!("policies/{p}"), text.clone()),
            None => FileChange::Delete(format!("policies/{p}")),
        })
        .collect();
    history.time += 3600;
    let commits_before_bench = history.commits;
    let bench_b = history.commit(
        "refs/heads/bench",
        &authors[1],
        None,
        &format!("Annual review: {} files\n\nOwners, prices, reviews, clause wording, tools added and removed.", changed.len()),
        Some(bench_a),
        None,
        &bench_changes,
    );
    let _ = write!(
        history.stream,
        "reset refs/tags/bench-b\nfrom :{bench_b}\n\n"
    );

    let mut child = Command::new("git")
        .arg("-C")
        .arg(repo)
        .args(["fast-import", "--quiet"])
        .stdin(Stdio::piped())
        .spawn()
        .expect("run git fast-import");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(&history.stream)
        .expect("feed fast-import");
    assert!(
        child.wait().expect("fast-import").success(),
        "git fast-import failed"
    );
    git(&["update-ref", "-d", "refs/heads/topic"]);
    // A real clone is well packed and has a commit graph.
    git(&["-c", "gc.auto=0", "gc", "--quiet"]);
    git(&["reset", "-q", "--hard", "main"]);
    let added = changed
        .iter()
        .filter(|p| !snapshot.contains_key(*p))
        .count();
    let removed = changed
        .iter()
        .filter(|p| !history.files.contains_key(*p))
        .count();
    json!({
        "repo": repo.display().to_string(),
        "commits_on_main": commits_before_bench,
        "merge_commits": history.merges,
        "pull_requests": pr_number - 1,
        "diff": {"base": "bench-a", "head": "bench-b", "changed_files": changed.len(),
                 "added": added, "removed": removed, "modified": changed.len() - added - removed},
        "tools_at_head": world.tools.iter().filter(|t| t.alive).count(),
    })
}

/// One random edit (retried until one applies), rendered: the changed files and the message.
fn edit_and_sync(
    world: &mut World,
    files: &mut BTreeMap<String, String>,
    paths: &mut HashMap<(u8, usize), String>,
    rng: &mut Rng,
    date: Date,
    forbidden: &HashSet<String>,
    bench: bool,
) -> Option<(Vec<FileChange>, Edit)> {
    for _ in 0..200 {
        if let Some((touched, edit)) = world.random_edit(rng, date, forbidden, bench) {
            let changes = sync(world, files, paths, &touched.tools, &touched.policies);
            if changes.is_empty() {
                continue;
            }
            return Some((changes, edit));
        }
    }
    None
}
