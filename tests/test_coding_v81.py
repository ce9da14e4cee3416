"""Coder v8.1: breaking off or walking out of talks is a refusal, not a meeting; refusing to
enter talks is a refusal; two ministers acting together speak jointly. Sentences written for
these tests, in the four languages."""

from __future__ import annotations

import datetime as dt

import pytest

from alliance_monitor.coding import Coder
from support_coding import coded as triples


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


@pytest.mark.parametrize(("text", "lang"), [
    ("US negotiators broke off the talks with South Korea on Tuesday.", "en"),
    ("The United States cut short the cost-sharing talks with South Korea on Tuesday.", "en"),
    ("US negotiators walked out of the talks with South Korea on Tuesday.", "en"),
    ("미국 측은 한국과의 방위비 협상 참여를 중단했다.", "ko"),
    ("米国は韓国との経費負担をめぐる協議を打ち切った。", "ja"),
])
def test_breaking_off_talks_is_a_refusal_not_a_meeting(coder: Coder, text: str,
                                                       lang: str) -> None:
    cats = {cat for *_, cat in triples(coder, text, lang)}
    assert "REJECT" in cats and "CONSULT" not in cats


@pytest.mark.parametrize(("text", "lang"), [
    ("日本は韓国との協議に応じなかった。", "ja"),
    ("일본은 한국의 협의 요청에 응하지 않았다.", "ko"),
])
def test_refusing_talks_is_a_refusal(coder: Coder, text: str, lang: str) -> None:
    cats = {cat for *_, cat in triples(coder, text, lang)}
    assert cats == {"REJECT"}


def test_two_ministers_condemning_together_do_not_criticise_each_other(coder: Coder) -> None:
    text = ("한국과 일본 외교장관은 18일 뮌헨에서 만났다. 양 장관은 이날 북한의 장거리 탄도미사일 "
            "발사를 강력히 규탄했다.")
    doc = coder.code(text, doc="t", published=None, language="ko")
    signals = {(s.alliance, s.criterion, s.direction) for e in doc.events
               for s in e.event.signals}
    assert ("JPN-KOR", "political_support", -1) not in signals


@pytest.mark.parametrize(("text", "lang"), [
    ("윤석열 대통령은 한미일 3개국 정상회담 모두발언에서 공조를 강조했다.", "ko"),
    ("President Yoon of South Korea spoke during a summit with President Biden of the United "
     "States and Prime Minister Kishida of Japan.", "en"),
])
def test_a_meeting_of_the_three_is_one_trilateral_meeting(coder: Coder, text: str,
                                                          lang: str) -> None:
    doc = coder.code(text, doc="t", published=None, language=lang)
    alliances = {s.alliance for e in doc.events if e.event.category == "CONSULT"
                 for s in e.event.signals}
    assert alliances == {"USA-JPN-KOR"}


def test_meeting_one_ally_before_a_trilateral_summit_stays_bilateral(coder: Coder) -> None:
    text = "President Yoon of South Korea met President Biden of the United States on Friday."
    doc = coder.code(text, doc="t", published=None, language="en")
    assert "USA-JPN-KOR" not in {s.alliance for e in doc.events for s in e.event.signals}


@pytest.mark.parametrize(("text", "expected"), [
    ("Trump said the United States stands 100 percent behind Japan.", ("USA", "JPN", "SUPPORT")),
    ("Stoltenberg called Japan a powerful partner for peace.", ("NATO", "JPN", "SUPPORT")),
    ("South Korea's foreign ministry called Japan's recall of its ambassador very regrettable.",
     ("KOR", "JPN", "ACCUSE")),
])
def test_backing_and_judging_verbs(coder: Coder, text: str,
                                   expected: tuple[str, str, str]) -> None:
    assert expected in triples(coder, text, "en", None)


@pytest.mark.parametrize(("text", "lang", "expected"), [
    ("日本政府は、韓国の判決に遺憾の意を表明した。", "ja", ("JPN", "KOR", "ACCUSE")),
    ("외교부는 일본 정부의 결정에 대해 유감의 뜻을 표명했다.", "ko", ("KOR", "JPN", "ACCUSE")),
    ("日本政府は、韓国の判決について批判した。", "ja", ("JPN", "KOR", "ACCUSE")),
    ("日本政府の輸出管理強化の決定について、韓国政府は強く反発した。", "ja",
     ("KOR", "JPN", "ACCUSE")),
    ("加藤官房長官は、韓国の判決を非難した。", "ja", ("JPN", "KOR", "ACCUSE")),
    ("모테기 외무상은 한국 정부를 비판했다.", "ko", ("JPN", "KOR", "ACCUSE")),
])
def test_regret_expressed_and_the_one_spoken_about(coder: Coder, text: str, lang: str,
                                                   expected: tuple[str, str, str]) -> None:
    assert expected in triples(coder, text, lang, None)


@pytest.mark.parametrize(("text", "lang"), [
    ("The announcement is problematic in relation to the Japan-South Korea agreement, the "
     "Japanese foreign ministry said.", "en"),
    ("日本政府は、この判決は日韓両国間の合意に反するものだと批判した。", "ja"),
    ("한국 정부는 일본의 조치가 양국 간 합의에 반한다고 비판했다.", "ko"),
    ("Japan accused South Korea of violating the 2015 agreement.", "en"),
])
def test_an_agreement_violated_or_argued_about_is_no_new_agreement(coder: Coder, text: str,
                                                                   lang: str) -> None:
    assert not any(cat == "AGREE" for *_, cat in triples(coder, text, lang, None))


@pytest.mark.parametrize(("text", "lang"), [
    ("日米両政府は来月、外務・防衛担当閣僚協議を開く方向で調整している。", "ja"),
    ("한미 양국은 다음 달 정상회담 개최를 조율 중이다.", "ko"),
    ("Die Unterzeichnung durch beide Seiten solle am Mittwoch in Seoul erfolgen.", "de"),
])
def test_a_meeting_being_arranged_is_no_meeting_yet(coder: Coder, text: str, lang: str) -> None:
    assert not triples(coder, text, lang)


@pytest.mark.parametrize("text", [
    "South Korea said it would not pursue additional THAAD deployments.",
    "South Korea said it would not join the US missile defense system.",
    "Seoul ruled out joining the US missile defense system.",
])
def test_ruling_out_a_contribution_is_a_cut_not_a_concession(coder: Coder, text: str) -> None:
    doc = coder.code(text, doc="t", published=None, language="en")
    signals = {(s.alliance, s.criterion, s.direction) for e in doc.events
               for s in e.event.signals}
    assert ("USA-KOR", "contributions", -1) in signals
    assert ("USA-KOR", "contributions", 1) not in signals


@pytest.mark.parametrize(("text", "lang"), [
    ("日本は2022年、防衛費を2027年までにGDP比2%へ倍増させる方針を決定した。", "ja"),
    ("일본은 2022년 방위비를 2027년까지 GDP 대비 2%로 늘리기로 결정했다.", "ko"),
])
def test_an_earlier_year_after_the_topic_is_background(coder: Coder, text: str,
                                                       lang: str) -> None:
    assert not coder.code(text, doc="t", published=dt.date(2025, 6, 21), language=lang).events


@pytest.mark.parametrize(("text", "lang", "alliance"), [
    ("South Korea, the United States and Japan began their first multi-domain trilateral "
     "exercise, Freedom Edge, in the East China Sea.", "en", "USA-JPN-KOR"),
    ("The US and South Korea started the annual Ulchi Freedom Guardian exercise.", "en",
     "USA-KOR"),
    ("Die USA und Südkorea starteten das jährliche Manöver Ulchi Freedom Guardian.", "de",
     "USA-KOR"),
    ("Südkorea, die USA und Japan haben ihr erstes gemeinsames Mehrbereichsmanöver begonnen.",
     "de", "USA-JPN-KOR"),
    ("한미 연합연습 을지 프리덤 가디언이 시작됐다.", "ko", "USA-KOR"),
    ("日米韓3カ国は、東シナ海で初の多領域訓練「フリーダム・エッジ」を開始した。", "ja",
     "USA-JPN-KOR"),
    ("自衛隊と米軍は、共同訓練を実施した。", "ja", "USA-JPN"),
])
def test_an_exercise_held_is_a_contribution(coder: Coder, text: str, lang: str,
                                            alliance: str) -> None:
    doc = coder.code(text, doc="t", published=dt.date(2024, 6, 28), language=lang)
    signals = {(s.alliance, s.criterion, s.direction) for e in doc.events
               for s in e.event.signals}
    assert (alliance, "contributions", 1) in signals


def test_talks_about_exercises_are_no_exercise(coder: Coder) -> None:
    doc = coder.code("The two sides held talks on joint exercises on Monday.", doc="t",
                     published=dt.date(2024, 6, 28), language="en")
    assert not any(e.event.category == "COOPERATE" for e in doc.events)


def test_an_exercise_that_ends_as_planned_is_no_retreat(coder: Coder) -> None:
    text = "한미 연합훈련 '프리덤 실드'가 오늘 오후 마무리됐다고 합참이 밝혔다."
    doc = coder.code(text, doc="t", published=dt.date(2024, 3, 14), language="ko")
    signals = {(s.alliance, s.criterion, s.direction) for e in doc.events
               for s in e.event.signals}
    assert ("USA-KOR", "contributions", 1) in signals
    assert not any(e.event.category == "RETREAT" for e in doc.events)


def test_currency_is_no_phone_call(coder: Coder) -> None:
    # 통화 is both a phone call and a currency: monetary policy is no call between allies
    text = "한국은행은 한·미간 금리차에도 통화정책 기조를 유지했다."
    assert not any(cat == "CONSULT" for *_, cat in triples(coder, text, "ko"))
    call = "윤 대통령은 바이든 대통령과 통화했다."
    assert ("KOR", "USA", "CONSULT") in triples(coder, call, "ko")


def test_a_stay_of_three_days_is_not_the_third(coder: Coder) -> None:
    text = "트럼프 대통령은 2박 3일 일정으로 미국을 방문한 아베 총리와 정상회담을 가졌다."
    doc = coder.code(text, doc="t", published=dt.date(2017, 2, 11), language="ko")
    assert [e.event.date for e in doc.events] == [dt.date(2017, 2, 11)]


def test_the_country_in_a_dateline_is_no_party(coder: Coder) -> None:
    text = ("TOKYO, Japan — South Korea's president and the US president met on Monday "
            "for their first summit.")
    assert _alliances(coder, text, "en", dt.date(2025, 8, 25)) == {"USA-KOR"}


def _alliances(coder: Coder, text: str, lang: str, day: dt.date) -> set[str]:
    doc = coder.code(text, doc="t", published=day, language=lang)
    return {s.alliance for e in doc.events for s in e.event.signals}


def test_german_perfect_of_auffordern_is_a_demand(coder: Coder) -> None:
    text = "Die US-Regierung hat Südkorea aufgefordert, mehr für die US-Truppen zu zahlen."
    assert ("USA", "KOR", "REQUEST") in triples(coder, text, "de", dt.date(2017, 4, 28))


@pytest.mark.parametrize("text", [
    "Trump said he wants to terminate the free trade agreement with South Korea.",
    "Seoul decided to scrap the 2016 military intelligence agreement with Japan.",
])
def test_an_agreement_named_after_modifiers_is_the_object(coder: Coder, text: str) -> None:
    cats = {cat for *_, cat in triples(coder, text, "en", dt.date(2019, 8, 22))}
    assert "AGREE" not in cats and cats


def test_wanting_that_an_ally_pays_is_a_demand(coder: Coder) -> None:
    text = "Trump will, dass Südkorea eine Milliarde Dollar für das Raketenabwehrsystem zahlt."
    assert ("USA", "KOR", "REQUEST") in triples(coder, text, "de", dt.date(2017, 4, 28))


def test_a_year_naming_the_agreement_signed_still_dates_the_signing(coder: Coder) -> None:
    text = "Japan and Korea signed the 2015 agreement on comfort women."
    assert not triples(coder, text, "en", dt.date(2019, 8, 22))


def test_a_japanese_photo_credit_is_a_caption(coder: Coder) -> None:
    text = ("会談に臨む安倍首相、文在寅韓国大統領、トランプ米大統領=21日、ニューヨーク(共同)\n"
            "安倍首相は21日、トランプ米大統領、文在寅韓国大統領との3カ国首脳会談を開催した。")
    assert _alliances(coder, text, "ja", dt.date(2017, 9, 22)) == {"USA-JPN-KOR"}


def test_japanese_days_in_kanji_numerals() -> None:
    from alliance_monitor.ingest.dates import sentence_dates

    ref = dt.date(2018, 2, 11)
    assert [d.date for d in sentence_dates("安倍首相が九日、文大統領と会談した", ref)] == [
        dt.date(2018, 2, 9)]
    assert not sentence_dates("三日間の日程で一日も早く", ref)


@pytest.mark.parametrize(("text", "lang"), [
    ("Japan's Ministry of Defense issued a statement on Saturday, refuting South Korea's "
     "claims.", "en"),
    ("日米安保条約が60年を迎えるのを前に、日米の閣僚が談話を出した。", "ja"),
])
def test_one_sides_statement_and_an_anniversary_are_no_agreement_or_visit(
        coder: Coder, text: str, lang: str) -> None:
    cats = {cat for *_, cat in triples(coder, text, lang, dt.date(2020, 1, 17))}
    assert not cats & {"AGREE", "CONSULT"}


def test_a_joint_announcement_is_a_statement(coder: Coder) -> None:
    text = "日米両政府は17日、外相と防衛相の連名で共同発表を出した。"
    cats = {cat for *_, cat in triples(coder, text, "ja", dt.date(2020, 1, 17))}
    assert "AGREE" in cats


def test_insisting_on_a_day_is_no_demand(coder: Coder) -> None:
    text = "Japan insisted on Sunday that Seoul directed its fire-control radar at the plane."
    assert not any(cat == "REQUEST" for *_, cat in triples(coder, text, "en",
                                                            dt.date(2018, 12, 24)))


@pytest.mark.parametrize(("text", "lang"), [
    ("米政権は同盟国に防衛費増額を要求しているが、国防長官は数値目標に言及しなかった。", "ja"),
    ("트럼프 행정부는 동맹국들에 방위비 증액을 요구하고 있다.", "ko"),
    ("The Trump administration has been pressing its allies to spend more on defense.", "en"),
])
def test_a_standing_demand_on_allies_in_general_is_no_deed(coder: Coder, text: str,
                                                          lang: str) -> None:
    assert not triples(coder, text, lang, dt.date(2025, 10, 28))
    assert ("USA", "JPN", "REQUEST") in triples(coder, "米国は日本に防衛費増額を要求した。", "ja",
                                                dt.date(2025, 10, 28))


@pytest.mark.parametrize(("text", "lang"), [
    ("트럼프 대통령이 7일 한국산 제품에 8월 1일부터 25%의 관세를 부과하겠다는 서한을 보냈다.",
     "ko"),
    ("Trump said on Monday he would impose a 25% tariff on South Korea from August 1.",
     "en"),
])
def test_a_sanction_announced_for_later_is_a_threat_made_now(coder: Coder, text: str,
                                                             lang: str) -> None:
    doc = coder.code(text, doc="t", published=dt.date(2025, 7, 8), language=lang)
    got = {(e.event.category, e.event.date) for e in doc.events}
    assert got == {("THREATEN", dt.date(2025, 7, 7))}


@pytest.mark.parametrize(("text", "lang"), [
    ("Trump signed an executive order extending the tariff deadline to August 1.", "en"),
    ("트럼프 대통령은 관세 유예 시한을 연장하는 행정명령에도 서명했다.", "ko"),
])
def test_an_executive_order_signed_is_no_agreement(coder: Coder, text: str, lang: str) -> None:
    cats = {cat for *_, cat in triples(coder, text, lang, dt.date(2025, 7, 8))}
    assert "AGREE" not in cats


@pytest.mark.parametrize(("text", "lang"), [
    ("일본 정부는 미국 워싱턴에서 한국 정부에 항의했다.", "ko"),
    ("日本政府は米ワシントンで韓国政府に抗議した。", "ja"),
])
def test_the_country_before_a_capital_of_a_place_is_the_place(coder: Coder, text: str,
                                                              lang: str) -> None:
    assert triples(coder, text, lang, dt.date(2017, 1, 6)) == {("JPN", "KOR", "ACCUSE")}


def test_a_deed_against_the_then_president_is_background(coder: Coder) -> None:
    text = ("Trump hatte dem damaligen Präsidenten Obama während des Wahlkampfes immer wieder "
            "vorgeworfen, zu viel Golf zu spielen.")
    doc = coder.code(text, doc="t", published=dt.date(2017, 2, 11), language="de")
    assert not doc.events


def test_waehrend_with_an_article_is_a_preposition() -> None:
    from alliance_monitor.coding.clause_rules import SentenceAnalysis

    an = SentenceAnalysis("Er hatte während des Wahlkampfes gedroht.", "de")
    assert len(an.cls) == 1


def test_a_subjectless_agreement_about_an_outsider_is_the_allies(coder: Coder) -> None:
    text = ("安倍首相は21日、トランプ米大統領と首脳会談を開催した。"
            "北朝鮮に最大限の圧力をかける方針で一致。")
    got = triples(coder, text, "ja", dt.date(2017, 9, 22))
    assert any(cat == "AGREE" and {src, tgt} == {"USA", "JPN"} for src, tgt, cat in got)


def test_the_apec_summit_is_no_nato_summit(coder: Coder) -> None:
    text = ("Prime Minister Abe travels to Peru for the Asia-Pacific Economic Cooperation summit, "
            "which will be attended by President Obama.")
    assert "NATO-IP4" not in _alliances(coder, text, "en", dt.date(2016, 11, 18))


@pytest.mark.parametrize("text", [
    "Die USA haben in Südkorea 28 500 Soldaten als Abschreckung gegen Bedrohungen durch "
    "Nordkorea stationiert.",
    "Im Wahlkampf hatte der neue Präsident damit gedroht, amerikanische Truppen aus Südkorea "
    "abzuziehen.",
    "Obama warnte in seiner Ansprache vor den Gefahren des Kriegs in Asien und Japan.",
])
def test_states_campaign_threats_and_warnings_of_danger_are_no_deeds(coder: Coder,
                                                                     text: str) -> None:
    assert not triples(coder, text, "de", dt.date(2017, 2, 3))
