"""The tables of the synthetic caseload: one declaration used everywhere.

The same declarations write ``datapackage.json`` (Frictionless Table Schema), drive the extra
checks of :mod:`himoya.datasets.validate` and type the columns in :func:`load_dataset`. Change a
field here and the data package, the validation and the loader change with it.

Rules that Table Schema cannot express are stored as custom schema properties (Frictionless keeps
them and :mod:`himoya.datasets.validate` checks them):

``himoya:dateOrder``
    pairs ``[earlier, later]``: when both dates are present, ``later`` must not be before
    ``earlier`` (for example a case cannot be closed before it was identified).
``himoya:instrumentItems``
    for screenings: how many items each instrument has, the highest answer, and how many blanks
    it allows.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

DEFAULT_SEED = 2024
"""The seed of the committed ``datasets/`` folder."""

EXTRACT_DATE = dt.date(2024, 12, 31)
"""The day the synthetic data was "extracted": cases still open on this day are open."""

FIRST_DAY = dt.date(2022, 1, 1)
"""The first day on which a case or a police contact can be recorded."""


@dataclass(frozen=True)
class Timeframe:
    """One row of the EXAMPLE timeframe table of module 02 (not an inter-agency standard)."""

    risk_level: str
    """``low``, ``medium`` or ``high``."""
    first_contact_days: int
    """First contact is due at most this many calendar days after identification."""
    follow_up_days: int
    """A follow-up is due at most this many calendar days after the previous one."""


EXAMPLE_TIMEFRAMES: dict[str, Timeframe] = {
    "high": Timeframe("high", first_contact_days=1, follow_up_days=7),
    "medium": Timeframe("medium", first_contact_days=3, follow_up_days=14),
    "low": Timeframe("low", first_contact_days=7, follow_up_days=30),
}
"""The example timeframe table used by module 02, the exercises and the data module.

Each area sets its own timeframes in its standard operating procedures; these numbers are an
example for teaching, not a standard.
"""

OKABE_ITO: tuple[str, ...] = (
    "#E69F00",  # orange
    "#56B4E9",  # sky blue
    "#009E73",  # bluish green
    "#F0E442",  # yellow
    "#0072B2",  # blue
    "#D55E00",  # vermillion
    "#CC79A7",  # reddish purple
    "#000000",  # black
)
"""The Okabe-Ito palette: eight colours that people with colour-vision deficiency can tell apart."""

REGIONS: tuple[str, ...] = (
    "Khatlon",
    "Sughd",
    "Districts of Republican Subordination",
    "Dushanbe",
)

DISTRICTS: dict[str, tuple[str, ...]] = {
    "Khatlon": (
        "Bokhtar",
        "Kulob",
        "Vose",
        "Danghara",
        "Jaloliddini Balkhi",
        "Kushoniyon",
        "Farkhor",
        "Hamadoni",
    ),
    "Sughd": ("Khujand", "Istaravshan", "Isfara", "Panjakent", "Spitamen", "Buston", "Ghafurov"),
    "Districts of Republican Subordination": (
        "Vahdat",
        "Hisor",
        "Rasht",
        "Tursunzoda",
        "Rudaki",
        "Varzob",
    ),
    "Dushanbe": ("Firdavsi", "Ismoili Somoni", "Sino", "Shohmansur"),
}
"""Real district and town names of Tajikistan, by region (everything attached is invented)."""

DISTRICT_NAMES: tuple[str, ...] = tuple(name for region in REGIONS for name in DISTRICTS[region])

RISK_LEVELS: tuple[str, ...] = ("low", "medium", "high")
SEXES: tuple[str, ...] = ("female", "male")
HOUSEHOLDS: tuple[str, ...] = (
    "both_parents",
    "single_parent",
    "parent_abroad",
    "abandoned_by_migrant_parent",
    "kinship_care",
    "returnee_conflict_zone",
    "institution",
)
CONCERNS: tuple[str, ...] = (
    "neglect",
    "physical_violence",
    "emotional_abuse",
    "sexual_abuse",
    "child_labour",
    "out_of_school",
    "conflict_with_law",
    "psychosocial_distress",
    "family_separation",
    "disability_support",
    "child_marriage_risk",
)
IDENTIFIED_BY: tuple[str, ...] = (
    "police",
    "school",
    "health_worker",
    "community",
    "family",
    "helpline",
    "other_agency",
)
CLOSURE_REASONS: tuple[str, ...] = (
    "goals_met",
    "no_longer_wants_support",
    "turned_18",
    "transferred",
    "moved_away_lost_contact",
)
SERVICES: tuple[str, ...] = (
    "health",
    "mental_health",
    "psychosocial_support",
    "education",
    "social_assistance",
    "legal_aid",
    "migrant_support_centre",
    "disability_services",
)
REFERRAL_OUTCOMES: tuple[str, ...] = (
    "service_received",
    "pending",
    "declined_by_family",
    "did_not_attend",
    "service_not_available",
)
INSTRUMENTS: tuple[str, ...] = ("phq9", "gad7", "psc17", "asq")
RESPONDENTS: tuple[str, ...] = ("child", "caregiver")
ARTICLES: tuple[str, ...] = ("244", "237", "111", "248", "252", "255", "200")
POLICE_OUTCOMES: tuple[str, ...] = (
    "released_no_further_action",
    "referred_to_commission",
    "diversion_ongoing",
    "diversion_completed",
    "diversion_not_completed",
    "pending_investigation",
    "case_sent_to_court",
)

INSTRUMENT_ITEMS: dict[str, dict[str, int]] = {
    "phq9": {"items": 9, "max": 3, "blanks": 0},
    "gad7": {"items": 7, "max": 3, "blanks": 0},
    "psc17": {"items": 17, "max": 2, "blanks": 3},
    "asq": {"items": 5, "max": 1, "blanks": 0},
}
"""Item count, highest answer and blanks allowed per instrument (ASQ q5 is blank unless a yes)."""

MAX_ITEMS = max(rule["items"] for rule in INSTRUMENT_ITEMS.values())


@dataclass(frozen=True)
class Field:
    """One column of a table."""

    name: str
    """Column name in the CSV header."""
    type: str
    """Table Schema type: ``string``, ``integer``, ``number``, ``date`` or ``boolean``."""
    description: str
    """What the column holds, in plain words."""
    required: bool = False
    """Every row has a value (no blank cell)."""
    unique: bool = False
    """No two rows share a value (not needed for a primary key, which is unique anyway)."""
    enum: tuple[str, ...] | None = None
    """The allowed values; :func:`load_dataset` makes such a column a categorical."""
    minimum: int | float | None = None
    """Smallest allowed value."""
    maximum: int | float | None = None
    """Largest allowed value."""
    pattern: str | None = None
    """Regular expression every value must match (identifiers)."""
    ordered: bool = False
    """The enum is ordered (risk levels: low < medium < high)."""

    def descriptor(self) -> dict[str, Any]:
        """The Table Schema field descriptor."""
        out: dict[str, Any] = {"name": self.name, "type": self.type}
        if self.type == "date":
            out["format"] = "default"
        if self.type == "boolean":
            out["trueValues"] = ["true"]
            out["falseValues"] = ["false"]
        out["description"] = self.description
        constraints: dict[str, Any] = {}
        if self.required:
            constraints["required"] = True
        if self.unique:
            constraints["unique"] = True
        if self.enum is not None:
            constraints["enum"] = list(self.enum)
        if self.minimum is not None:
            constraints["minimum"] = self.minimum
        if self.maximum is not None:
            constraints["maximum"] = self.maximum
        if self.pattern is not None:
            constraints["pattern"] = self.pattern
        if constraints:
            out["constraints"] = constraints
        if self.ordered:
            out["himoya:ordered"] = True
        return out


@dataclass(frozen=True)
class ForeignKey:
    """A column whose values must appear in a column of another table."""

    field: str
    """The column in this table."""
    table: str
    """The table it refers to."""
    table_field: str
    """The column in that table."""


@dataclass(frozen=True)
class Table:
    """One CSV file of the data package."""

    name: str
    """Resource name and file stem (``cases`` → ``cases.csv``)."""
    title: str
    """Short title."""
    description: str
    """What one row is, and what the file is for."""
    fields: tuple[Field, ...]
    """The columns, in file order."""
    primary_key: tuple[str, ...] = ()
    """Columns whose values identify a row."""
    foreign_keys: tuple[ForeignKey, ...] = ()
    """Columns that refer to other tables."""
    date_order: tuple[tuple[str, str], ...] = ()
    """Pairs (earlier, later) of date columns that must be in that order when both are present."""
    raw: bool = False
    """A deliberately messy file: every column is text, loaded as text, not checked for types."""

    @property
    def path(self) -> str:
        """File name inside the datasets folder."""
        return f"{self.name}.csv"

    def field(self, name: str) -> Field:
        """The field called ``name``; ``KeyError`` if there is none."""
        for field in self.fields:
            if field.name == name:
                return field
        raise KeyError(f"{self.path}: no field {name!r}")

    def descriptor(self) -> dict[str, Any]:
        """The Frictionless tabular data resource descriptor."""
        schema: dict[str, Any] = {
            "fields": [field.descriptor() for field in self.fields],
            "missingValues": [""],
        }
        if self.primary_key:
            schema["primaryKey"] = list(self.primary_key)
        if self.foreign_keys:
            schema["foreignKeys"] = [
                {
                    "fields": [key.field],
                    "reference": {"resource": key.table, "fields": [key.table_field]},
                }
                for key in self.foreign_keys
            ]
        if self.date_order:
            schema["himoya:dateOrder"] = [list(pair) for pair in self.date_order]
        if self.name == "screenings":
            schema["himoya:instrumentItems"] = INSTRUMENT_ITEMS
        return {
            "name": self.name,
            "path": self.path,
            "profile": "tabular-data-resource",
            "title": self.title,
            "description": self.description,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ",", "lineTerminator": "\n", "header": True},
            "schema": schema,
        }


_DATE_NOTE = "Date, YYYY-MM-DD."
_DISTRICT = Field(
    "district",
    "string",
    "District or town (a real place name; everything attached to it is invented). "
    "Refers to districts.csv.",
    required=True,
    enum=DISTRICT_NAMES,
)

DISTRICTS_TABLE = Table(
    name="districts",
    title="Districts",
    description=(
        "One row per district or town used in the synthetic data, with its region and an "
        "invented child population for computing rates. The population is SYNTHETIC: it is not "
        "a census or an official figure."
    ),
    fields=(
        Field("district", "string", "District or town name.", required=True),
        Field(
            "region",
            "string",
            "Region: Khatlon, Sughd, the Districts of Republican Subordination or Dushanbe.",
            required=True,
            enum=REGIONS,
        ),
        Field(
            "child_population_synthetic",
            "integer",
            "SYNTHETIC, invented number of children aged 0-17, for computing rates in "
            "exercises only. Not a census or official figure.",
            required=True,
            minimum=1,
        ),
    ),
    primary_key=("district",),
)

CASES_TABLE = Table(
    name="cases",
    title="Child-protection cases (synthetic)",
    description=(
        "One row per child-protection case identified between 2022-01-01 and 2024-12-31, "
        "as recorded on the extract date 2024-12-31. All cases are invented; ids are "
        "pseudonymous and no child has a name."
    ),
    fields=(
        Field(
            "case_id",
            "string",
            "Pseudonymous case id, C- and five digits.",
            required=True,
            pattern=r"C-\d{5}",
        ),
        _DISTRICT,
        Field(
            "caseworker_id",
            "string",
            "Pseudonymous caseworker id, CW- and three digits.",
            required=True,
            pattern=r"CW-\d{3}",
        ),
        Field("child_sex", "string", "Sex of the child.", required=True, enum=SEXES),
        Field(
            "child_age",
            "integer",
            "Age of the child in whole years on the day the case was identified; blank when "
            "unknown.",
            minimum=0,
            maximum=17,
        ),
        Field(
            "household",
            "string",
            "Where and with whom the child lives: both parents at home, one parent at home "
            "(single_parent), a parent working abroad, abandoned by a parent who migrated, "
            "kinship care (relatives), a returnee from a conflict zone, or an institution.",
            required=True,
            enum=HOUSEHOLDS,
        ),
        Field(
            "main_concern",
            "string",
            "The main protection concern recorded at identification.",
            required=True,
            enum=CONCERNS,
        ),
        Field(
            "risk_level",
            "string",
            "Risk level from the assessment: low < medium < high.",
            required=True,
            enum=RISK_LEVELS,
            ordered=True,
        ),
        Field(
            "identified_by",
            "string",
            "Who identified the child and told the service; blank when not recorded.",
            enum=IDENTIFIED_BY,
        ),
        Field(
            "identified_on",
            "date",
            f"{_DATE_NOTE} The day the case was identified and registered.",
            required=True,
        ),
        Field(
            "first_contact_on",
            "date",
            f"{_DATE_NOTE} First contact of the caseworker with the child; blank when it has "
            "not happened yet or was not recorded.",
        ),
        Field(
            "assessed_on",
            "date",
            f"{_DATE_NOTE} Assessment completed; blank when not done yet or not recorded.",
        ),
        Field(
            "case_plan_on",
            "date",
            f"{_DATE_NOTE} Case plan agreed; blank when there is none (yet).",
        ),
        Field(
            "follow_up_count",
            "integer",
            "Number of follow-up visits or calls after the case plan, up to the extract date.",
            required=True,
            minimum=0,
        ),
        Field(
            "last_follow_up_on",
            "date",
            f"{_DATE_NOTE} The most recent follow-up; blank when there was none.",
        ),
        Field(
            "next_follow_up_due",
            "date",
            f"{_DATE_NOTE} Open cases: the day the next contact is due under the EXAMPLE "
            "timeframe table of module 02: the most recent recorded contact (last follow-up, "
            "case plan, assessment or first contact) plus 7 days for high risk, 14 for medium, "
            "30 for low. Blank for closed cases and for cases not yet contacted.",
        ),
        Field(
            "closed_on",
            "date",
            f"{_DATE_NOTE} Case closed; blank when the case is still open on the extract date.",
        ),
        Field(
            "closure_reason",
            "string",
            "Why the case was closed; blank for open cases.",
            enum=CLOSURE_REASONS,
        ),
    ),
    primary_key=("case_id",),
    foreign_keys=(ForeignKey("district", "districts", "district"),),
    date_order=(
        ("identified_on", "first_contact_on"),
        ("first_contact_on", "assessed_on"),
        ("assessed_on", "case_plan_on"),
        ("case_plan_on", "last_follow_up_on"),
        ("last_follow_up_on", "next_follow_up_due"),
        ("case_plan_on", "next_follow_up_due"),
        ("assessed_on", "next_follow_up_due"),
        ("first_contact_on", "next_follow_up_due"),
        ("identified_on", "closed_on"),
        ("first_contact_on", "closed_on"),
        ("assessed_on", "closed_on"),
        ("case_plan_on", "closed_on"),
        ("last_follow_up_on", "closed_on"),
    ),
)

REFERRALS_TABLE = Table(
    name="referrals",
    title="Referrals to services (synthetic)",
    description="One row per referral of a case to a service. All invented.",
    fields=(
        Field(
            "referral_id",
            "string",
            "Pseudonymous referral id, R- and five digits.",
            required=True,
            pattern=r"R-\d{5}",
        ),
        Field("case_id", "string", "The case referred; refers to cases.csv.", required=True),
        Field(
            "service",
            "string",
            "The service the child or family was referred to.",
            required=True,
            enum=SERVICES,
        ),
        Field("referred_on", "date", f"{_DATE_NOTE} The day of the referral.", required=True),
        Field(
            "completed_on",
            "date",
            f"{_DATE_NOTE} The day the service confirmed the child or family received it; "
            "blank when it did not (yet).",
        ),
        Field(
            "outcome",
            "string",
            "What happened: service_received, pending (still waiting), declined_by_family, "
            "did_not_attend, service_not_available.",
            required=True,
            enum=REFERRAL_OUTCOMES,
        ),
    ),
    primary_key=("referral_id",),
    foreign_keys=(ForeignKey("case_id", "cases", "case_id"),),
    date_order=(("referred_on", "completed_on"),),
)

_ITEM_FIELDS = tuple(
    Field(
        f"q{number}",
        "integer",
        f"Answer to item {number}: 0-3 for phq9 and gad7 (not at all .. nearly every day), "
        "0-2 for psc17 (never, sometimes, often), 0/1 for asq (0 = no, 1 = yes; q5 is blank "
        "unless q1-q4 has a yes). Blank when the instrument has no such item or the answer is "
        "missing.",
        minimum=0,
        maximum=3,
    )
    for number in range(1, MAX_ITEMS + 1)
)

SCREENINGS_TABLE = Table(
    name="screenings",
    title="Screenings, item by item (synthetic)",
    description=(
        "One row per screening with one of the instruments of module 04 (phq9, gad7, psc17, "
        "asq), answers item by item. Totals are left for trainees to compute. A red flag is "
        "phq9 q9 of 1 or more, or any yes on asq q1-q5; red_flag_followed_up_on says whether "
        "and when it was followed up. All invented."
    ),
    fields=(
        Field(
            "screening_id",
            "string",
            "Pseudonymous screening id, S- and five digits.",
            required=True,
            pattern=r"S-\d{5}",
        ),
        Field("case_id", "string", "The case screened; refers to cases.csv.", required=True),
        Field(
            "instrument",
            "string",
            "Instrument id, as in module 04.",
            required=True,
            enum=INSTRUMENTS,
        ),
        Field(
            "respondent",
            "string",
            "Who answered: the child, or a caregiver (psc17).",
            required=True,
            enum=RESPONDENTS,
        ),
        Field("screened_on", "date", f"{_DATE_NOTE} The day of the screening.", required=True),
        *_ITEM_FIELDS,
        Field(
            "red_flag_followed_up_on",
            "date",
            f"{_DATE_NOTE} Only for screenings with a red flag: the day a competent person "
            "followed it up (risk assessment). Blank when there was no red flag, or when a red "
            "flag was NOT followed up.",
        ),
    ),
    primary_key=("screening_id",),
    foreign_keys=(ForeignKey("case_id", "cases", "case_id"),),
    date_order=(("screened_on", "red_flag_followed_up_on"),),
)

POLICE_TABLE = Table(
    name="police_contacts",
    title="Police contacts with children suspected of an offence (synthetic)",
    description=(
        "One row per contact of the police with a child suspected of an offence, 2022-2024. "
        "Articles are of the Criminal Code of the Republic of Tajikistan (1998). All invented."
    ),
    fields=(
        Field(
            "contact_id",
            "string",
            "Pseudonymous contact id, P- and five digits.",
            required=True,
            pattern=r"P-\d{5}",
        ),
        Field("contact_on", "date", f"{_DATE_NOTE} The day of the contact.", required=True),
        _DISTRICT,
        Field(
            "child_age",
            "integer",
            "Age of the child in whole years on the day of the contact.",
            required=True,
            minimum=10,
            maximum=17,
        ),
        Field("child_sex", "string", "Sex of the child.", required=True, enum=SEXES),
        Field(
            "article",
            "string",
            "Criminal Code article of the suspected offence. Every one is on the art. 23(2) list "
            "(liability from 14): 244 theft (larceny); 237 aggravated hooliganism (parts 2 and 3; "
            "ordinary hooliganism, part 1, is liable from 16 and not in this extract); 111 "
            "intentional moderate bodily harm; 248 robbery; 252 taking a vehicle without intent "
            "to steal; 255 intentional destruction or damage of property under aggravating "
            "circumstances (the aggravated part; simple damage, part 1, is liable from 16 and not "
            "in this extract); 200 illegal drug trafficking.",
            required=True,
            enum=ARTICLES,
        ),
        Field(
            "hours_in_custody",
            "number",
            "Hours the child was held at the police station or in custody (0 = not held), "
            "one decimal.",
            required=True,
            minimum=0,
        ),
        Field(
            "minutes_to_parent_notification",
            "integer",
            "Minutes from the start of the contact until a parent or guardian was notified; "
            "blank when no notification was recorded.",
            minimum=0,
        ),
        Field(
            "legal_assistance_present",
            "boolean",
            "A lawyer or other legal assistance was present (true/false).",
            required=True,
        ),
        Field(
            "diverted",
            "boolean",
            "The child was placed in a diversion programme instead of court proceedings "
            "(true/false).",
            required=True,
        ),
        Field(
            "outcome",
            "string",
            "Status on the extract date: released_no_further_action, referred_to_commission "
            "(Commission on Child Rights), diversion_ongoing, diversion_completed, "
            "diversion_not_completed, pending_investigation, case_sent_to_court.",
            required=True,
            enum=POLICE_OUTCOMES,
        ),
    ),
    primary_key=("contact_id",),
    foreign_keys=(ForeignKey("district", "districts", "district"),),
)

_RAW_NOTE = " Text as typed; expect mixed formats, stray spaces and typos."
CASES_RAW_TABLE = Table(
    name="cases_raw",
    title="A messy export of Khatlon cases, for the cleaning exercise (synthetic)",
    description=(
        "The 2024 Khatlon cases of cases.csv as a district office might export them, with "
        "deliberate problems: dates in three formats (YYYY-MM-DD, DD.MM.YYYY, DD/MM/YYYY; always "
        "day before month), duplicate rows, typos and stray spaces in districts, mixed case in "
        "categories, several markers for a missing value. The schema is relaxed on purpose: "
        "every column is text, so the file validates as CSV but its values are not checked. "
        "Cleaned, it matches the same cases in cases.csv."
    ),
    fields=tuple(
        Field(name, "string", description + _RAW_NOTE)
        for name, description in (
            ("case_id", "Case id, as in cases.csv."),
            ("district", "District."),
            ("caseworker_id", "Caseworker id."),
            ("child_sex", "Sex of the child."),
            ("child_age", "Age in years at identification."),
            ("household", "Household situation."),
            ("risk_level", "Risk level."),
            ("identified_on", "Date identified."),
            ("first_contact_on", "Date of first contact."),
            ("closed_on", "Date closed."),
        )
    ),
    raw=True,
)

TABLES: dict[str, Table] = {
    table.name: table
    for table in (
        DISTRICTS_TABLE,
        CASES_TABLE,
        REFERRALS_TABLE,
        SCREENINGS_TABLE,
        POLICE_TABLE,
        CASES_RAW_TABLE,
    )
}
"""Every table of the data package, by name."""

DATASET_NAMES: tuple[str, ...] = tuple(sorted(TABLES))
"""The names :func:`load_dataset` accepts."""


def datapackage_descriptor(*, seed: int) -> dict[str, Any]:
    """The ``datapackage.json`` content for data generated with ``seed``."""
    return {
        "profile": "tabular-data-package",
        "name": "himoya-synthetic-caseload",
        "title": "Himoya synthetic caseload (fictional data for training)",
        "description": (
            "Invented child-protection cases, referrals, screenings and police contacts with "
            "children in districts of Tajikistan, generated by `himoya datasets generate`. "
            "Every case, id and number is synthetic; district names are real, nothing attached "
            "to them is. Timeframes follow the EXAMPLE table of module 02 (high risk: first "
            "contact within 1 day, follow-up every 7 days; medium 3/14; low 7/30), an example "
            "and not an inter-agency standard. See README.md (the datasheet)."
        ),
        "version": "1.0.0",
        "licenses": [
            {
                "name": "CC-BY-4.0",
                "path": "https://creativecommons.org/licenses/by/4.0/",
                "title": "Creative Commons Attribution 4.0 International",
            }
        ],
        "keywords": ["synthetic", "child protection", "case management", "Tajikistan"],
        "himoya:seed": seed,
        "himoya:extractDate": EXTRACT_DATE.isoformat(),
        "resources": [TABLES[name].descriptor() for name in _PACKAGE_ORDER],
    }


_PACKAGE_ORDER = ("districts", "cases", "referrals", "screenings", "police_contacts", "cases_raw")
