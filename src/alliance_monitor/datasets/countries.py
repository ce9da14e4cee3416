"""Country codes in one place: COW numbers, ISO3, FIPS 10-4, CAMEO and names.

Every data set names countries its own way (ATOP, UNGA and McManus–Nieman use Correlates of War
state numbers; SIPRI and MME use English names; GDELT actor fields use CAMEO codes and its geo
fields FIPS 10-4). Loaders call :func:`resolve` once per value and store ISO3 only.

The table below was compiled for this project from the COW state list, ISO 3166 and the FIPS
10-4 list; the name variants are those met in the data sets we load. A value that names a
recognised non-state entity (a sub-national island group, a colony, a region) resolves to
``None`` with status ``"non_state"``, an empty or missing-value code (``NA``, ``-9``) to
``"missing"``; anything else that is not in the table is ``"unknown"``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

Scheme = Literal["any", "iso3", "cow", "fips", "cameo", "name"]
Status = Literal["ok", "non_state", "missing", "unknown"]

# ISO3 | COW | FIPS | CAMEO (blank = ISO3) | kind (s state, t territory, h historical) | name |
# other names and codes, ';'-separated; an indented line starting with ';' continues them.
# Kosovo uses the user-assigned ISO code XKX.
_TABLE = """
AFG|700|AF||s|Afghanistan|
ALB|339|AL||s|Albania|
DZA|615|AG||s|Algeria|
AND|232|AN||s|Andorra|
AGO|540|AO||s|Angola|
ATG|58|AC||s|Antigua and Barbuda|Antigua
ARG|160|AR||s|Argentina|
ARM|371|AM||s|Armenia|
AUS|900|AS||s|Australia|
AUT|305|AU||s|Austria|
AZE|373|AJ||s|Azerbaijan|
BHS|31|BF||s|Bahamas|Bahamas, The;The Bahamas
BHR|692|BA||s|Bahrain|
BGD|771|BG||s|Bangladesh|
BRB|53|BB||s|Barbados|
BLR|370|BO||s|Belarus|Byelorussia
BEL|211|BE||s|Belgium|
BLZ|80|BH||s|Belize|
BEN|434|BN||s|Benin|Dahomey
BTN|760|BT||s|Bhutan|
BOL|145|BL||s|Bolivia|
BIH|346|BK||s|Bosnia and Herzegovina|Bosnia-Herzegovina;Bosnia
BWA|571|BC||s|Botswana|
BRA|140|BR||s|Brazil|
BRN|835|BX||s|Brunei|Brunei Darussalam
BGR|355|BU||s|Bulgaria|
BFA|439|UV||s|Burkina Faso|Upper Volta
BDI|516|BY||s|Burundi|
KHM|811|CB||s|Cambodia|Kampuchea
CMR|471|CM||s|Cameroon|
CAN|20|CA||s|Canada|
CPV|402|CV||s|Cape Verde|Cabo Verde
CAF|482|CT||s|Central African Republic|
TCD|483|CD||s|Chad|
CHL|155|CI||s|Chile|
CHN|710|CH||s|China|People's Republic of China;PRC
COL|100|CO||s|Colombia|
COM|581|CN||s|Comoros|
COG|484|CF||s|Congo|Republic of the Congo;Congo - Brazzaville;Congo-Brazzaville;Congo, Republic of
COD|490|CG||s|Democratic Republic of the Congo|DR Congo;Congo - Kinshasa;Congo-Kinshasa
    ;Democratic Republic of Congo;Zaire;Congo, Democratic Republic;Congo, Dem. Rep.;DRC
CRI|94|CS||s|Costa Rica|
CIV|437|IV||s|Cote d'Ivoire|Ivory Coast
HRV|344|HR||s|Croatia|
CUB|40|CU||s|Cuba|
CYP|352|CY||s|Cyprus|
CZE|316|EZ||s|Czechia|Czech Republic
DNK|390|DA||s|Denmark|
DJI|522|DJ||s|Djibouti|
DMA|54|DO||s|Dominica|
DOM|42|DR||s|Dominican Republic|
ECU|130|EC||s|Ecuador|
EGY|651|EG||s|Egypt|United Arab Republic
SLV|92|ES||s|El Salvador|
GNQ|411|EK||s|Equatorial Guinea|
ERI|531|ER||s|Eritrea|
EST|366|EN||s|Estonia|
SWZ|572|WZ||s|Eswatini|Swaziland
ETH|530|ET||s|Ethiopia|
FJI|950|FJ||s|Fiji|
FIN|375|FI||s|Finland|
FRA|220|FR||s|France|
GAB|481|GB||s|Gabon|
GMB|420|GA||s|Gambia|The Gambia;Gambia, The
GEO|372|GG||s|Georgia|Georigia
DEU|255|GM||s|Germany|Federal Republic of Germany;German Federal Republic
    ;German Federal Republic (West Germany);West Germany;FRG;260
GHA|452|GH||s|Ghana|
GRC|350|GR||s|Greece|
GRD|55|GJ||s|Grenada|
GTM|90|GT||s|Guatemala|
GIN|438|GV||s|Guinea|
GNB|404|PU||s|Guinea-Bissau|
GUY|110|GY||s|Guyana|
HTI|41|HA||s|Haiti|
HND|91|HO||s|Honduras|
HUN|310|HU||s|Hungary|
ISL|395|IC||s|Iceland|
IND|750|IN||s|India|
IDN|850|ID||s|Indonesia|
IRN|630|IR||s|Iran|Islamic Republic of Iran;Iran, Islamic Republic of
IRQ|645|IZ||s|Iraq|
IRL|205|EI||s|Ireland|
ISR|666|IS||s|Israel|
ITA|325|IT||s|Italy|ITL
JAM|51|JM||s|Jamaica|
JPN|740|JA||s|Japan|JAP
JOR|663|JO||s|Jordan|
KAZ|705|KZ||s|Kazakhstan|
KEN|501|KE||s|Kenya|
KIR|946|KR||s|Kiribati|
PRK|731|KN||s|North Korea|Korea, North;Democratic People's Republic of Korea
    ;Korea, Democratic People's Republic of;DPRK;Korea DPR
KOR|732|KS||s|South Korea|Korea, South;Republic of Korea;Korea, Republic of;Korea;ROK;Korea Rep.
XKX|347|KV|KSV|s|Kosovo|KSV;KOS;OWID_KOS
KWT|690|KU||s|Kuwait|
KGZ|703|KG||s|Kyrgyzstan|Kyrgyz Republic
LAO|812|LA||s|Laos|Lao PDR;Lao People's Democratic Republic
LVA|367|LG||s|Latvia|
LBN|660|LE||s|Lebanon|
LSO|570|LT||s|Lesotho|
LBR|450|LI||s|Liberia|
LBY|620|LY||s|Libya|
LIE|223|LS||s|Liechtenstein|
LTU|368|LH||s|Lithuania|
LUX|212|LU||s|Luxembourg|
MDG|580|MA||s|Madagascar|
MWI|553|MI||s|Malawi|
MYS|820|MY||s|Malaysia|
MDV|781|MV||s|Maldives|
MLI|432|ML||s|Mali|
MLT|338|MT||s|Malta|
MHL|983|RM||s|Marshall Islands|
MRT|435|MR||s|Mauritania|
MUS|590|MP||s|Mauritius|
MEX|70|MX||s|Mexico|
FSM|987|FM||s|Micronesia|Federated States of Micronesia;Micronesia (Federated States of)
    ;Micronesia, Fed. Sts.
MDA|359|MD||s|Moldova|Republic of Moldova
MCO|221|MN||s|Monaco|
MNG|712|MG||s|Mongolia|
MNE|341|MJ||s|Montenegro|
MAR|600|MO||s|Morocco|
MOZ|541|MZ||s|Mozambique|
MMR|775|BM||s|Myanmar|Myanmar (Burma);Burma
NAM|565|WA||s|Namibia|
NRU|970|NR||s|Nauru|
NPL|790|NP||s|Nepal|
NLD|210|NL||s|Netherlands|Holland;The Netherlands
NZL|920|NZ||s|New Zealand|
NIC|93|NU||s|Nicaragua|
NER|436|NG||s|Niger|
NGA|475|NI||s|Nigeria|
MKD|343|MK||s|North Macedonia|Macedonia;Former Yugoslav Republic of Macedonia;FYROM
NOR|385|NO||s|Norway|
OMN|698|MU||s|Oman|
PAK|770|PK||s|Pakistan|
PLW|986|PS||s|Palau|
PSE||||s|Palestine|Palestinian Territories;State of Palestine;West Bank and Gaza
PAN|95|PM||s|Panama|
PNG|910|PP||s|Papua New Guinea|
PRY|150|PA||s|Paraguay|
PER|135|PE||s|Peru|
PHL|840|RP||s|Philippines|
POL|290|PL||s|Poland|
PRT|235|PO||s|Portugal|
QAT|694|QA||s|Qatar|
ROU|360|RO|ROM|s|Romania|ROM;Rumania
RUS|365|RS||s|Russia|Russian Federation;Soviet Union;USSR;SUN;Union of Soviet Socialist Republics
RWA|517|RW||s|Rwanda|
KNA|60|SC||s|Saint Kitts and Nevis|St. Kitts and Nevis;St. Kitts & Nevis;St. Christopher and Nevis
    ;St. Christopher
LCA|56|ST||s|Saint Lucia|St. Lucia
VCT|57|VC||s|Saint Vincent and the Grenadines|St. Vincent and the Grenadines
    ;St. Vincent & Grenadines;Saint Vincent
WSM|990|WS||s|Samoa|Western Samoa
SMR|331|SM||s|San Marino|
STP|403|TP||s|Sao Tome and Principe|Sao Tome & Principe
SAU|670|SA||s|Saudi Arabia|
SEN|433|SG||s|Senegal|
SRB|345|RI||s|Serbia|Serbia and Montenegro;Yugoslavia or Serbia
SYC|591|SE||s|Seychelles|
SLE|451|SL||s|Sierra Leone|
SGP|830|SN||s|Singapore|
SVK|317|LO||s|Slovakia|Slovak Republic
SVN|349|SI||s|Slovenia|
SLB|940|BP||s|Solomon Islands|
SOM|520|SO||s|Somalia|
ZAF|560|SF||s|South Africa|
SSD|626|OD||s|South Sudan|
ESP|230|SP||s|Spain|
LKA|780|CE||s|Sri Lanka|Ceylon
SDN|625|SU||s|Sudan|
SUR|115|NS||s|Suriname|Surinam
SWE|380|SW||s|Sweden|
CHE|225|SZ||s|Switzerland|
SYR|652|SY||s|Syria|Syrian Arab Republic
TWN|713|TW||s|Taiwan|Republic of China;Chinese Taipei
TJK|702|TI||s|Tajikistan|
TZA|510|TZ||s|Tanzania|United Republic of Tanzania
THA|800|TH||s|Thailand|
TLS|860|TT||s|Timor-Leste|East Timor
TGO|461|TO||s|Togo|
TON|955|TN||s|Tonga|
TTO|52|TD||s|Trinidad and Tobago|
TUN|616|TS||s|Tunisia|
TUR|640|TU||s|Turkey|Turkiye
TKM|701|TX||s|Turkmenistan|
TUV|947|TV||s|Tuvalu|
UGA|500|UG||s|Uganda|
UKR|369|UP||s|Ukraine|
ARE|696|AE||s|United Arab Emirates|UAE
GBR|200|UK||s|United Kingdom|Great Britain;Britain;UK
    ;United Kingdom of Great Britain and Northern Ireland
USA|2|US||s|United States|United States of America;US;U.S.;America
URY|165|UY||s|Uruguay|
UZB|704|UZ||s|Uzbekistan|
VUT|935|NH||s|Vanuatu|
VAT|327|VT||s|Vatican City|Holy See;Vatican
VEN|101|VE||s|Venezuela|
VNM|816|VM||s|Vietnam|Viet Nam;North Vietnam;Vietnam or North Vietnam;Democratic Republic of Vietnam
    ;VTN
YEM|679|YM||s|Yemen|
ZMB|551|ZA||s|Zambia|
ZWE|552|ZI||s|Zimbabwe|Rhodesia
ABW||AA||t|Aruba|
ASM||AQ||t|American Samoa|
BMU||BD||t|Bermuda|
CUW||UC||t|Curacao|
GIB||GI||t|Gibraltar|
GRL||GL||t|Greenland|
GUM||GQ||t|Guam|
HKG||HK||t|Hong Kong|Hong Kong SAR China;Hong Kong SAR
IOT||IO||t|British Indian Ocean Territory|BR Indian Ocean Territory;Diego Garcia
MAC||MC||t|Macao|Macau
MNP||CQ||t|Northern Mariana Islands|Mariana Islands
NCL||NC||t|New Caledonia|
PRI||RQ||t|Puerto Rico|
SHN||SH||t|Saint Helena|St. Helena
TCA||TK||t|Turks and Caicos Islands|
UMI||||t|United States Minor Outlying Islands|Johnston Island;Johnston Atoll;Midway Islands
    ;Wake Island
VGB||VI||t|British Virgin Islands|
VIR||VQ||t|US Virgin Islands|United States Virgin Islands;Virgin Islands;Virgin Islands, U.S.
ESH||WI||t|Western Sahara|
ANT||NT||h|Netherlands Antilles|
CSK|315|||h|Czechoslovakia|
DDR|265|||h|German Democratic Republic|East Germany;German Democratic Republic (East Germany);GDR
YUG||||h|Yugoslavia|Federal Republic of Yugoslavia;Socialist Federal Republic of Yugoslavia
YAR|678|||h|Yemen Arab Republic|North Yemen;Yemen Arab Republic (North Yemen)
YMD|680|||h|Yemen People's Republic|South Yemen;People's Democratic Republic of Yemen
    ;Yemen People's Republic (South Yemen)
RVN|817|||h|Republic of Vietnam|South Vietnam;Republic of Vietnam (South Vietnam)
"""

#: Names the data sets use for entities that are not states and have no ISO3 code of their own.
NON_STATES = frozenset({
    "aden", "azores", "antarctica", "ascension island", "baltic states", "british west indies",
    "easter island", "eniwetok (j.t.f. 7", "eniwetok", "fiji and tonga", "kashmir",
    "line islands", "sarawak", "zanzibar", "european union", "european union (sipri)", "nato",
    "world", "africa", "asia", "europe", "oceania", "north america", "south america",
    "middle east", "americas",
})

#: Tokens data sets use for "no country given".
MISSING = frozenset({"", "na", "n/a", "-9", "-99", ".", "nan", "none"})


@dataclass(frozen=True)
class Country:
    iso3: str
    cow: int | None
    fips: str | None
    cameo: str
    kind: Literal["state", "territory", "historical"]
    name: str
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class Resolution:
    iso3: str | None
    status: Status
    value: str

    @property
    def ok(self) -> bool:
        return self.status == "ok"


_KINDS: dict[str, Literal["state", "territory", "historical"]] = {
    "s": "state", "t": "territory", "h": "historical"}


def name_key(text: str) -> str:
    """A comparison key for country names: accents, case, '&', 'St.' and punctuation folded."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.casefold().replace("’", "'").replace("`", "'").replace("&", " and ")
    text = re.sub(r"[^a-z0-9()' -]+", " ", text)  # "St." -> "st " (before the saint rule, so
    text = re.sub(r"\s+", " ", text).strip()  # that a control character after "st" folds once)
    return re.sub(r"\bst ", "saint ", text)


@lru_cache(maxsize=1)
def _index() -> tuple[dict[str, Country], dict[int, str], dict[str, str], dict[str, str],
                      dict[str, str], dict[str, str]]:
    by_iso: dict[str, Country] = {}
    by_cow: dict[int, str] = {}
    by_fips: dict[str, str] = {}
    by_cameo: dict[str, str] = {}
    by_code: dict[str, str] = {}  # other 3-letter codes used as aliases
    by_name: dict[str, str] = {}
    rows: list[str] = []
    for line in _TABLE.strip().splitlines():
        if line.startswith(" "):
            rows[-1] += line.strip()
        else:
            rows.append(line)
    for line in rows:
        iso, cow, fips, cameo, kind, name, aliases = line.split("|")
        country = Country(iso3=iso, cow=int(cow) if cow else None, fips=fips or None,
                          cameo=cameo or iso, kind=_KINDS[kind], name=name,
                          aliases=tuple(a for a in aliases.split(";") if a))
        if iso in by_iso:
            raise ValueError(f"countries table: ISO3 {iso} listed twice")
        by_iso[iso] = country
        if country.cow is not None:
            if country.cow in by_cow:
                raise ValueError(f"countries table: COW {country.cow} listed twice")
            by_cow[country.cow] = iso
        if country.fips:
            by_fips[country.fips] = iso
        by_cameo[country.cameo] = iso
        for label in (name, *country.aliases):
            if label.isdigit():
                by_cow.setdefault(int(label), iso)
            elif re.fullmatch(r"[A-Z_]{3,8}", label):
                by_code[label] = iso
            key = name_key(label)
            if key in by_name and by_name[key] != iso:
                raise ValueError(f"countries table: name '{label}' is ambiguous")
            by_name[key] = iso
    return by_iso, by_cow, by_fips, by_cameo, by_code, by_name


@lru_cache(maxsize=1)
def _non_state_keys() -> frozenset[str]:
    return frozenset(name_key(n) for n in NON_STATES)


def all_countries() -> list[Country]:
    return list(_index()[0].values())


def get(iso3: str) -> Country:
    """The table row for an ISO3 code; raises ``KeyError`` naming the code."""
    try:
        return _index()[0][iso3]
    except KeyError:
        raise KeyError(f"unknown ISO3 code '{iso3}'") from None


def _cow(value: str | int) -> str | None:
    try:
        number = int(float(value))
    except (TypeError, ValueError):
        return None
    return _index()[1].get(number)


def resolve(value: object, scheme: Scheme = "any") -> Resolution:
    """Map a code or name in ``scheme`` to ISO3; never raises."""
    text = "" if value is None else str(value).strip()
    if text.casefold() in MISSING:
        return Resolution(None, "missing", text)
    by_iso, _, by_fips, by_cameo, by_code, by_name = _index()
    found: str | None = None
    if scheme == "cow":
        found = _cow(text)
    elif scheme == "iso3":
        up = text.upper()
        found = up if up in by_iso else by_code.get(up)
    elif scheme == "fips":
        found = by_fips.get(text.upper())
    elif scheme == "cameo":
        up = text.upper()
        found = by_cameo.get(up) or (up if up in by_iso else None) or by_code.get(up)
    elif scheme == "name":
        found = by_name.get(name_key(text))
    else:  # any: numbers are COW, upper-case codes ISO3/CAMEO, two letters FIPS, else names
        if re.fullmatch(r"\d+(\.0+)?", text):
            found = _cow(text)
        elif re.fullmatch(r"[A-Z_]{3,8}", text):
            found = text if text in by_iso else by_cameo.get(text) or by_code.get(text)
        elif re.fullmatch(r"[A-Z]{2}", text):
            found = by_fips.get(text)
        if found is None:
            found = by_name.get(name_key(text))
    if found is not None:
        return Resolution(found, "ok", text)
    if name_key(text) in _non_state_keys():
        return Resolution(None, "non_state", text)
    return Resolution(None, "unknown", text)


def to_iso3(value: object, scheme: Scheme = "any") -> str | None:
    """ISO3 for ``value`` or ``None`` (unknown or not a state)."""
    return resolve(value, scheme).iso3


def to_cow(iso3: str) -> int | None:
    return get(iso3).cow


def to_fips(iso3: str) -> str | None:
    return get(iso3).fips


def to_cameo(iso3: str) -> str:
    return get(iso3).cameo


def name(iso3: str) -> str:
    return get(iso3).name


__all__ = ["MISSING", "NON_STATES", "Country", "Resolution", "all_countries", "get", "name",
           "name_key", "resolve", "to_cameo", "to_cow", "to_fips", "to_iso3"]
