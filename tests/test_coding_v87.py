"""Coder v8.7: ending a harm is no cutback; a document noun followed by a pronoun and a verb is
an object relative ("the agreement we signed"); "3首脳", "세 정상" and "die drei …" name the three
allies of the sentence before; part 2: a month opening a sentence later in the year than the
report is last year's, a previous month told in the pluperfect is recalled, "in April." at the end
of a sentence is a date, "considered attending" and "a deadline to reach a deal" are not done,
"slapping tariffs" is a sanction. Sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest

from alliance_monitor.coding import Coder
from support_coding import coded, signals


@pytest.fixture(scope="module")
def coder() -> Coder:
    return Coder()


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Japan and South Korea agreed on Monday to end their trade dispute."),
    ("de", "Japan und Südkorea vereinbarten am Montag, ihren Handelsstreit zu beenden."),
    ("ko", "한일 양국은 3일 무역 갈등을 끝내기로 합의했다."),
    ("ja", "日韓両政府は3日、貿易をめぐる対立を終わらせることで合意した。"),
])
def test_ending_a_harm_is_an_agreement_not_a_cutback(coder: Coder, lang: str, text: str) -> None:
    got = signals(coder, text, lang, dt.date(2020, 3, 3))
    assert ("JPN-KOR", "alignment", 1) in got, got
    assert not any(d < 0 for _, _, d in got), got


def test_ending_a_commitment_stays_a_cutback(coder: Coder) -> None:
    got = signals(coder, "Trump said on Monday he would end the exercises with South Korea.",
                  "en", dt.date(2018, 6, 13))
    assert ("USA-KOR", "contributions", -1) in got, got


def test_ending_a_funding_lapse_is_no_deed(coder: Coder) -> None:
    text = "The new deal will end the lapse in funding for base workers, the ministry said."
    assert not coded(coder, text, "en", dt.date(2020, 3, 3))


def test_the_agreement_we_signed_is_no_new_agreement(coder: Coder) -> None:
    got = coded(coder, "Trump praised the trade agreement we signed with Japan.", "en",
                dt.date(2020, 3, 3))
    assert got and all(cat == "SUPPORT" for _, _, cat in got), got


@pytest.mark.parametrize(("lang", "text"), [
    ("ja", "日米韓3カ国の首脳は18日、キャンプデービッドで会談した。"
           "3首脳は北朝鮮の弾道ミサイル発射を強く非難した。"),
    ("ko", "한미일 정상은 18일 캠프 데이비드에서 정상회의를 열었다. "
           "세 정상은 북한의 탄도미사일 발사를 강력히 규탄했다."),
    ("de", "Die Staats- und Regierungschefs der USA, Japans und Südkoreas trafen sich am Freitag "
           "in Camp David. Die drei Staats- und Regierungschefs verurteilten die "
           "nordkoreanischen Raketenstarts scharf."),
])
def test_the_three_leaders_condemn_together(coder: Coder, lang: str, text: str) -> None:
    got = signals(coder, text, lang, dt.date(2023, 8, 20))
    assert ("USA-JPN-KOR", "alignment", 1) in got, got


# --- part 2: months, considered deeds, deadlines, "slapping" -------------------------------------

def test_a_month_opening_the_sentence_later_in_the_year_is_last_year(coder: Coder) -> None:
    """In an August report, "Im Oktober verpflichtete …" tells last October: background."""
    text = "Im Oktober protestierte Japan scharf gegen Südkorea."
    assert not coded(coder, text, "de", dt.date(2019, 8, 8))
    assert coded(coder, text, "de", dt.date(2019, 10, 28))


def test_a_month_inside_the_clause_may_name_the_object(coder: Coder) -> None:
    text = "Die USA haben die Planungen für das Manöver mit Südkorea im August gestoppt."
    assert coded(coder, text, "de", dt.date(2018, 6, 19))


@pytest.mark.parametrize(("lang", "text"), [
    ("de", "Im Februar hatten die USA und Südkorea ein neues Kostenabkommen unterzeichnet."),
    ("en", "In February, the United States and South Korea had signed a new cost-sharing "
           "agreement."),
])
def test_previous_month_in_the_pluperfect_is_recalled(coder: Coder, lang: str, text: str) -> None:
    assert not coded(coder, text, lang, dt.date(2021, 3, 17))


def test_previous_month_without_pluperfect_stays_news(coder: Coder) -> None:
    text = "In February, the United States and South Korea signed a new cost-sharing agreement."
    assert coded(coder, text, "en", dt.date(2021, 3, 2))


def test_a_sentence_final_month_is_a_date() -> None:
    from alliance_monitor.ingest.dates import sentence_dates
    [d] = sentence_dates("the levies that he had postponed in april.", dt.date(2025, 7, 7))
    assert (d.date, d.precision) == (dt.date(2025, 4, 1), "month")


def test_considered_attending_is_not_attending(coder: Coder) -> None:
    text = "Lee had considered attending the NATO summit in The Hague, his office said on Monday."
    assert not any(d > 0 for _, _, d in signals(coder, text, "en", dt.date(2025, 6, 23)))


def test_a_deadline_to_reach_a_deal_is_no_deal(coder: Coder) -> None:
    text = "Japan and the United States face a deadline to reach a trade deal by August 1."
    assert not any(d > 0 for _, _, d in signals(coder, text, "en", dt.date(2025, 7, 7)))


def test_slapping_tariffs_is_a_sanction(coder: Coder) -> None:
    got = signals(coder, "Trump said Monday he was slapping 25% tariffs on Japan.", "en",
                  dt.date(2025, 7, 7))
    assert ("USA-JPN", "alignment", -1) in got, got


@pytest.mark.parametrize(("lang", "text"), [
    ("de", "Biden, Japans Regierungschef Kishida und Südkoreas Präsident Yoon haben in Camp "
           "David eine engere Zusammenarbeit vereinbart. Biden spricht von einer neuen "
           "Partnerschaft. Besorgt sind die USA und ihre Partner auch wegen Nordkoreas "
           "ständigen Raketenabschüssen."),
    ("de", "Austin, der zuvor aus Japan eingetroffen war, lobte die Allianz mit Südkorea. In "
           "Tokio hatten sich Austin und sein japanischer Kollege Nobuo Kishi besorgt über "
           "Chinas wachsendes Machtstreben geäußert."),
    ("en", "Austin met Kishi in Tokyo. Both voiced concern over China's growing assertiveness."),
])
def test_concern_about_an_outsider_is_no_rift_between_allies(coder: Coder, lang: str,
                                                              text: str) -> None:
    got = signals(coder, text, lang, dt.date(2021, 3, 17))
    assert not any(d < 0 for _, _, d in got), got


def test_criticising_an_ally_over_an_outsider_stays_a_rift(coder: Coder) -> None:
    got = signals(coder, "Seoul criticised Japan over China's stance on the islands.", "en",
                  dt.date(2021, 3, 17))
    assert ("JPN-KOR", "political_support", -1) in got, got


# --- part 4: reducing a deficit, easing an impact at home, attributive verbs, "since 2022" ------

@pytest.mark.parametrize(("lang", "text"), [
    ("de", "Japan sagte am Montag zu, das Handelsdefizit der USA zu verringern."),
    ("ja", "トランプ大統領は7日、協定は貿易赤字の大幅削減につながると述べた。"),
])
def test_reducing_a_deficit_is_no_cutback(coder: Coder, lang: str, text: str) -> None:
    assert not any(d < 0 for _, _, d in signals(coder, text, lang, dt.date(2019, 10, 8)))


def test_troop_withdrawal_stays_a_cutback(coder: Coder) -> None:
    got = signals(coder, "Die USA haben am Montag den Abzug ihrer Truppen aus Südkorea "
                         "angekündigt.", "de", dt.date(2019, 10, 8))
    assert ("USA-KOR", "contributions", -1) in got, got


@pytest.mark.parametrize(("lang", "text"), [
    ("ja", "石破首相は8日、米国の関税について、国内産業への影響緩和に万全を期すよう指示した。"),
    ("ko", "정부는 8일 미국 관세에 따른 피해 완화 대책을 발표했다."),
])
def test_easing_an_impact_at_home_is_no_concession(coder: Coder, lang: str, text: str) -> None:
    assert not any(d > 0 for _, _, d in signals(coder, text, lang, dt.date(2025, 7, 8)))


@pytest.mark.parametrize(("lang", "text"), [
    ("ja", "日本政府は8日、韓国向け輸出規制を緩和した。"),
    ("ko", "일본 정부는 8일 한국에 대한 수출규제를 완화했다."),
])
def test_easing_a_measure_stays_a_concession(coder: Coder, lang: str, text: str) -> None:
    assert ("JPN-KOR", "alignment", 1) in signals(coder, text, lang, dt.date(2025, 7, 8))


def test_an_attributive_verb_before_a_meeting_is_no_deed(coder: Coder) -> None:
    text = "石破首相は23日、NATO首脳会議への出席を見送ると発表した。首相は「韓国、日本、" \
           "オーストラリアそしてニュージーランドが参加する会合がメインだった」と語っていた。"
    got = signals(coder, text, "ja", dt.date(2025, 6, 23))
    assert ("NATO-IP4", "political_support", -1) in got, got
    assert not any(d > 0 for _, _, d in got), got


@pytest.mark.parametrize(("lang", "text"), [
    ("ja", "日本の首相は、ロシアのウクライナ侵攻が始まった2022年以降、"
           "NATOの招待を受けて首脳会議に出席。"),
    ("ko", "한국 대통령은 2022년 이후 NATO 정상회의에 참석해 왔다."),
])
def test_since_an_earlier_year_is_background(coder: Coder, lang: str, text: str) -> None:
    assert not coded(coder, text, lang, dt.date(2025, 6, 23))


# --- part 5: ambassadors named by post, vice ministers ------------------------------------------

@pytest.mark.parametrize(("lang", "text"), [
    ("ja", "日本政府は9日、長嶺安政駐韓大使、森本康敬釜山総領事の一時帰国を決めた。"),
    ("ja", "日本政府は9日、駐韓大使を一時帰国させた。"),
    ("ko", "일본 정부는 9일 주한 일본대사를 일시 귀국 조치했다."),
    ("ko", "일본 정부는 9일 나가미네 야스마사 주한 일본대사를 일시 귀국시켰다."),
])
def test_recalling_the_ambassador_from_the_ally_is_a_sanction(coder: Coder, lang: str,
                                                              text: str) -> None:
    assert ("JPN-KOR", "alignment", -1) in signals(coder, text, lang, dt.date(2017, 1, 9))
    assert {(s, t) for s, t, _ in coded(coder, text, lang, dt.date(2017, 1, 9))} == \
        {("JPN", "KOR")}


def test_a_vice_minister_summoning_the_envoy_protests(coder: Coder) -> None:
    text = "조세영 외교부 1차관은 1일 주한 일본대사를 초치해 항의했다."
    assert ("KOR", "JPN", "ACCUSE") in coded(coder, text, "ko", dt.date(2019, 7, 1))


# --- part 6: glued sentences, assertions, approvals, topics of a negation, similes, "gebeten" ---

def test_a_capitalised_noun_glued_to_the_next_sentence_ends_it() -> None:
    from alliance_monitor.ingest.text import sentences
    got = [s.text for s in sentences("Seoul respektiere den Bericht zu der Verklappung.Auch "
                                     "habe Yoon gebeten.")]
    assert got == ["Seoul respektiere den Bericht zu der Verklappung.", "Auch habe Yoon gebeten."]
    assert len(sentences("Die U.S.Army kam.")) == 1


def test_insisting_that_something_was_so_is_no_demand(coder: Coder) -> None:
    text = "Japan insisted on Friday that the measure against South Korea was not retaliatory."
    assert not any(c == "REQUEST" for _, _, c in coded(coder, text, "en", dt.date(2019, 8, 2)))


def test_insisting_that_a_state_pay_stays_a_demand(coder: Coder) -> None:
    text = "Trump insisted on Friday that South Korea should pay more for US troops."
    assert ("USA", "KOR", "REQUEST") in coded(coder, text, "en", dt.date(2019, 8, 2))


def test_a_cabinet_approving_a_plan_to_sanction_sanctions(coder: Coder) -> None:
    text = "Japan's cabinet on Friday approved a plan to remove South Korea from a list of " \
           "countries that enjoy minimum export controls."
    assert ("JPN", "KOR", "SANCTION") in coded(coder, text, "en", dt.date(2019, 8, 2))


def test_not_about_china_is_no_cancelled_summit(coder: Coder) -> None:
    text = "Biden traf Yoon und Kishida in Camp David. Biden betonte, dass es auf dem Gipfel " \
           "nicht um China gegangen sei."
    assert not any(d < 0 for _, _, d in signals(coder, text, "de", dt.date(2023, 8, 19)))


@pytest.mark.parametrize(("lang", "text"), [
    ("de", "Der Plan des japanischen Premiers Ishiba für die Nato wirkte zunächst wie ein "
           "Versprechen an die Verbündeten."),
    ("en", "Ishiba's plan for the NATO summit at first looked like a pledge to the allies."),
])
def test_a_simile_is_no_deed(coder: Coder, lang: str, text: str) -> None:
    assert not any(d > 0 for _, _, d in signals(coder, text, lang, dt.date(2025, 6, 24)))


def test_asking_is_a_request_and_its_content_no_deed(coder: Coder) -> None:
    text = "Präsident Yoon Suk Yeol hat den japanischen Ministerpräsidenten Fumio Kishida am " \
           "Mittwoch am Rande des Nato-Gipfels darum gebeten, die Einleitung im Notfall sofort " \
           "zu stoppen."
    got = coded(coder, text, "de", dt.date(2023, 7, 12))
    assert ("KOR", "JPN", "REQUEST") in got, got
    assert not any(c in ("REJECT", "RETREAT") for _, _, c in got), got


# --- part 7: the audience of a remark, "should", "for the past 28 years" ---

def test_telling_a_meeting_is_no_meeting_with_the_ally(coder: Coder) -> None:
    text = "Trump imposed a 25 percent tariff on Japan. \"We will keep talking with the " \
           "United States,\" Ishiba told the meeting."
    assert not any(c == "CONSULT" for _, _, c in coded(coder, text, "en", dt.date(2025, 7, 8)))


def test_should_be_increased_is_no_increase(coder: Coder) -> None:
    text = "South Korea and the US held cost talks. \"The U.S. believes that the share of " \
           "defense spending should be increased significantly,\" the ministry said."
    assert not any(d > 0 and c == "contributions"
                   for _, c, d in signals(coder, text, "en", dt.date(2019, 11, 19)))


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "South Korea and the US broke off cost talks. Seoul wants to stay within the "
           "framework that has been agreed upon by South Korea and the U.S. for the past 28 "
           "years, the ministry said."),
    ("de", "Südkorea und die USA brachen die Kostengespräche ab. Seoul will im Rahmen bleiben, "
           "den Südkorea und die USA seit 28 Jahren vereinbart haben."),
])
def test_agreed_for_the_past_years_is_background(coder: Coder, lang: str, text: str) -> None:
    assert not any(d > 0 for _, _, d in signals(coder, text, lang, dt.date(2019, 11, 19)))


def test_the_first_time_in_four_years_is_news(coder: Coder) -> None:
    text = "Südkorea wird zum ersten Mal seit vier Jahren nicht an einem Nato-Gipfel teilnehmen."
    assert ("NATO-IP4", "political_support", -1) in signals(coder, text, "de",
                                                            dt.date(2025, 6, 23))


@pytest.mark.parametrize(("lang", "text"), [
    ("en", "Biden and South Korean President Yoon Suk Yeol held a joint press conference on "
           "Wednesday."),
    ("de", "Biden sagte am Mittwoch in einer gemeinsamen Pressekonferenz mit Südkoreas "
           "Präsidenten Yoon Suk Yeol, er sehe Bewegung."),
    ("ko", "윤석열 대통령과 바이든 대통령은 26일 공동 기자회견을 가졌다."),
    ("ja", "岸田首相とバイデン大統領は26日、共同記者会見を開いた。"),
])
def test_a_joint_press_conference_is_a_meeting(coder: Coder, lang: str, text: str) -> None:
    assert any(c == "CONSULT" for _, _, c in coded(coder, text, lang, dt.date(2023, 4, 27)))


def test_delivering_a_missile_defense_system_is_a_deployment(coder: Coder) -> None:
    text = "U.S. troops began delivering a missile defense system to a site in South Korea on " \
           "Wednesday."
    assert ("USA-KOR", "contributions", 1) in signals(coder, text, "en", dt.date(2017, 4, 26))


# --- part 10: the date a plan names, a negated predicate noun ---

@pytest.mark.parametrize(("lang", "text"), [
    ("de", "Die USA und Südkorea verschieben ein für Ende November geplantes Luftmanöver."),
    ("en", "The United States and South Korea postponed an air drill scheduled for late "
           "November."),
])
def test_the_date_a_plan_names_does_not_date_the_deed(coder: Coder, lang: str,
                                                      text: str) -> None:
    doc = coder.code(text, doc="t", published=dt.date(2019, 11, 17), language=lang)
    assert [e.event.date for e in doc.events] == [dt.date(2019, 11, 17)]


def test_is_no_concession_is_no_refusal(coder: Coder) -> None:
    text = "Die USA und Südkorea verschieben ein Manöver. Die Entscheidung der USA und " \
           "Südkoreas sei kein Zugeständnis an Pjöngjang, sagte Esper."
    got = coded(coder, text, "de", dt.date(2019, 11, 17))
    assert not any(c == "REJECT" for _, _, c in got), got


# --- part 11: a time of day after a date, a country's capital as the place ---

@pytest.mark.parametrize(("lang", "text"), [
    ("ja", "岸田文雄首相は12日午前(日本時間同日午後)、ビリニュスで"
           "NATOのストルテンベルグ事務総長と会談した。"),
    ("ja", "岸田文雄首相は12日、リトアニアの首都ビリニュスで"
           "NATOのストルテンベルグ事務総長と会談した。"),
])
def test_the_meeting_with_nato_is_dated_and_placed(coder: Coder, lang: str, text: str) -> None:
    doc = coder.code(text, doc="t", published=dt.date(2023, 7, 13), language=lang)
    got = [(e.event.source, e.event.target, e.event.category, e.event.date) for e in doc.events]
    assert got == [("JPN", "NATO", "CONSULT", dt.date(2023, 7, 12))], got


@pytest.mark.parametrize(("lang", "text"), [
    ("ko", "문재인 대통령은 현지시간으로 29일 미국 백악관에서 트럼프 대통령과 "
           "만찬을 갖고 양국 현안에 대해 논의했다."),
    ("ja", "安倍首相は29日、ワシントンでトランプ大統領と夕食を共にし、"
           "両国の懸案について協議した。"),
])
def test_serial_verbs_share_the_date(coder: Coder, lang: str, text: str) -> None:
    doc = coder.code(text, doc="t", published=dt.date(2017, 6, 30), language=lang)
    assert doc.events and all(e.event.date == dt.date(2017, 6, 29) for e in doc.events), \
        [(e.event.category, e.event.date) for e in doc.events]


# --- part 13: Korean attributives, delegations, campaign pledges, converted dates, plans ---

def test_a_korean_attributive_before_a_noun_is_no_deed(coder: Coder) -> None:
    text = "내년도 주한미군 분담금을 결정하는 제11차 한미 방위비분담금특별협정 " \
           "협상이 난항을 겪고 있다."
    assert not any(d > 0 for _, _, d in signals(coder, text, "ko", dt.date(2019, 11, 19)))


def test_a_korean_main_predicate_still_reports_the_deed(coder: Coder) -> None:
    text = "한미 양국은 19일 방위비 분담금 협정에 합의했다."
    assert ("USA-KOR", "contributions", 1) in signals(coder, text, "ko", dt.date(2019, 11, 19))


def test_the_delegation_of_a_side_acts_for_it(coder: Coder) -> None:
    text = "한미 방위비 협상이 19일 서울에서 열렸다. 미측 대표단이 먼저 일방적으로 회의 종료를 " \
           "선언하고 협상장을 떠났다."
    got = coded(coder, text, "ko", dt.date(2019, 11, 19))
    assert not any(s == "KOR" and c in ("SANCTION", "REJECT", "RETREAT") for s, _, c in got), got


def test_a_campaign_pledge_is_background(coder: Coder) -> None:
    text = "트럼프 미국 대통령이 지난 대선공약으로 방위비를 내걸면서 한국에 " \
           "압박을 가했다는 관측이 나온다."
    assert not any(d > 0 for _, _, d in signals(coder, text, "ko", dt.date(2019, 11, 19)))


def test_a_date_converted_in_brackets_does_not_date_the_deed(coder: Coder) -> None:
    text = "韓国の鄭義溶外交部長官と米国のブリンケン国務長官、日本の茂木敏充外相が22日午後" \
           "(日本時間23日午前)、米ニューヨーク市内のホテルで外相会談を開催し、" \
           "朝鮮半島問題などを協議した。"
    doc = coder.code(text, doc="t", published=dt.date(2021, 9, 23), language="ja")
    assert [e.event.date for e in doc.events] == [dt.date(2021, 9, 22)]


@pytest.mark.parametrize("text", [
    "リトアニアを訪問している岸田首相は間もなく、韓国の尹錫悦大統領との日韓首脳会談に臨みます。",
    "岸田首相は12日、尹錫悦大統領と首脳会談を行います。",
    "会談で岸田首相は、処理水の海洋放出について、韓国の尹錫悦大統領に直接説明する方針です。",
])
def test_a_meeting_still_to_come_is_no_deed(coder: Coder, text: str) -> None:
    assert not any(c == "CONSULT" for _, _, c in coded(coder, text, "ja", dt.date(2023, 7, 12)))


def test_whether_they_discussed_it_is_no_deed(coder: Coder) -> None:
    text = "日米韓外相会談が開かれた。終戦宣言の提案についても議論したかどうかを問われると、" \
           "「もちろん」と答えた。"
    got = coded(coder, text, "ja", dt.date(2021, 9, 23))
    assert not any(c == "AGREE" for _, _, c in got), got


# --- part 14 (after the check sets were scored): "the first … in three years", "launched" ---

def test_the_first_summit_in_three_years_is_news_even_across_a_clause_break(coder: Coder) -> None:
    text = "Als Zeichen der Annäherung sind der japanische Ministerpräsident Fumio Kishida und " \
           "Südkoreas Präsident Yoon Suk Yeol zum ersten formellen Spitzentreffen beider Länder " \
           "seit drei Jahren zusammengekommen."
    assert ("JPN-KOR", "political_support", 1) in signals(coder, text, "de",
                                                          dt.date(2022, 11, 13))


def test_launching_a_joint_exercise_is_holding_it(coder: Coder) -> None:
    text = "Japan, the United States and South Korea launched a joint military exercise on " \
           "Wednesday in the East China Sea."
    assert ("USA-JPN-KOR", "contributions", 1) in signals(coder, text, "en",
                                                          dt.date(2024, 11, 14))


def test_a_concern_the_two_share_is_no_accusation(coder: Coder) -> None:
    text = "US-Präsident Joe Biden und der südkoreanische Präsident Moon Jae-in haben sich am " \
           "Freitag im Weißen Haus getroffen. Biden betonte, Moon und er seien äußerst " \
           "besorgt über die Situation auf der koreanischen Halbinsel."
    assert not any(d < 0 for _, _, d in signals(coder, text, "de", dt.date(2021, 5, 22)))
