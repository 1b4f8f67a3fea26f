"""cdd_thai.safe_html: the allow-list every officer's HTML goes through, on OWASP-style payloads
(filter-evasion cheat sheet), and the Markdown news markup that must survive it."""
import re

import pytest
from bs4 import BeautifulSoup
from cdd_thai import safe_html
from markdown import Markdown

# (payload, a string that must not survive). Each is parsed after cleaning: no element outside the
# allow-list, no on* attribute, no URL that is not http(s)/mailto/relative.
PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//xss.example/x.js></SCRIPT>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "</script><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<img src=x onerror=&#97;lert(1)>",
    "<img \"\"\"><script>alert(1)</script>\">",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href=\"javascript:alert(1)\"><text>x</text></a></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
    "<a href=\"jav&#x09;ascript:alert(1)\">x</a>",
    "<a href=\"jav\tascript:alert(1)\">x</a>",
    "<a href=\"jav&#x0A;ascript:alert(1)\">x</a>",
    "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>",
    "<a href=\"&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)\">x</a>",
    "<a href=\" &#14;  javascript:alert(1)\">x</a>",
    "<a href=\"vbscript:msgbox(1)\">x</a>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<img src=\"data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+\">",
    "<iframe src=\"javascript:alert(1)\"></iframe>",
    "<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<object data=\"javascript:alert(1)\"></object>",
    "<embed src=\"data:text/html,<script>alert(1)</script>\">",
    "<div style=\"width: expression(alert(1))\">x</div>",
    "<style>@import 'javascript:alert(1)';</style>",
    "<p style=\"background:url(javascript:alert(1))\">x</p>",
    "<body onload=alert(1)>",
    "<form action=\"javascript:alert(1)\"><button>x</button></form>",
    "<button formaction=\"javascript:alert(1)\">x</button>",
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>",
    "<video><source onerror=\"alert(1)\"></video>",
    "<base href=\"javascript:alert(1)//\">",
    "<link rel=stylesheet href=\"javascript:alert(1)\">",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\"></noscript>",
    "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
    "<a href=\"#\" onclick=\"alert(1)\">x</a>",
    "<table background=\"javascript:alert(1)\"><tr><td>x</td></tr></table>",
    "<div id=\"search-app\" class=\"x\">clobber</div>",
]


def parsed(html: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser")


def assert_safe(html: str) -> None:
    for element in parsed(html).find_all(True):
        assert element.name in safe_html.ALLOWED_TAGS, (element.name, html)
        for name, value in element.attrs.items():
            assert not name.startswith("on") and name != "style", (name, html)
            assert name in safe_html.ALLOWED_ATTRIBUTES.get(element.name, ()), (name, html)
            if name in ("href", "src"):
                assert safe_html.url_allowed(value), (value, html)
                assert not re.match(r"\s*(javascript|data|vbscript):", value, re.I), html
            if name == "id":
                assert value.startswith("fn"), html
    assert not re.search(r"<\s*(script|iframe|svg|object|embed|meta|style|form|math|base)", html, re.I), html


@pytest.mark.parametrize("payload", PAYLOADS)
def test_owasp_style_payloads_leave_no_live_markup(payload):
    cleaned = safe_html.clean_html(payload)
    assert_safe(cleaned)
    assert "alert(1)" not in "".join(str(v) for e in parsed(cleaned).find_all(True) for v in e.attrs.values())
    # the same through Markdown, as an officer's body would be
    assert_safe(safe_html.clean_html(Markdown(extensions=["extra"]).convert(f"ข่าว\n\n{payload}\n\nจบ")))


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JAVASCRIPT:alert(1)", " javascript:alert(1)", "\x01javascript:alert(1)",
    "java\tscript:alert(1)", "java&#x09;script:alert(1)", "&#106;avascript:alert(1)", "jav&#x0A;ascript:x",
    "data:text/html,x", "vbscript:x", "file:///etc/passwd", "javascript&colon;alert(1)",
])
def test_forbidden_urls(url):
    assert not safe_html.url_allowed(url)


@pytest.mark.parametrize("url", [
    "https://www.cdd.go.th/", "http://x.example/a?b=1&c=2", "mailto:pr@cdd.go.th", "/news/2020/x/",
    "../x.png", "x.png", "#fn:1", "?q=1", "{attach}images/x.png", "{filename}/articles/2020/x.md",
])
def test_allowed_urls(url):
    assert safe_html.url_allowed(url)


def test_news_markdown_survives_intact():
    source = """## หัวข้อย่อย

ข่าว **สำคัญ** และ *เน้น* พร้อม[ลิงก์](https://www.cdd.go.th/) และ [อีเมล](mailto:pr@cdd.go.th)

![ภาพกิจกรรม](images/a.jpg "คำบรรยาย")

- หนึ่ง
- สอง

1. ก
2. ข

> คำกล่าว

| จังหวัด | จำนวน |
|:--|--:|
| ขอนแก่น | 5 |

`code` และ<br>ขึ้นบรรทัด H<sub>2</sub>O x<sup>2</sup>

---

<figure><img src="images/b.jpg" alt="ภาพ"><figcaption>คำบรรยายภาพ</figcaption></figure>

เชิงอรรถ[^1]

[^1]: ที่มา
"""
    html = Markdown(extensions=["extra"]).convert(source)
    cleaned = safe_html.clean_html(html)
    soup = parsed(cleaned)
    assert [h.name for h in soup.find_all(["h2"])] == ["h2"]
    assert soup.find("strong").text == "สำคัญ" and soup.find("em").text == "เน้น"
    assert [a["href"] for a in soup.find_all("a") if not a["href"].startswith("#")] == [
        "https://www.cdd.go.th/", "mailto:pr@cdd.go.th"]
    assert [(i["src"], i["alt"]) for i in soup.find_all("img")] == [("images/a.jpg", "ภาพกิจกรรม"), ("images/b.jpg", "ภาพ")]
    assert soup.find("img")["title"] == "คำบรรยาย"
    assert len(soup.find_all("li")) >= 4 and soup.find("blockquote") and soup.find("table")
    assert [td.text for td in soup.find_all("td")] == ["ขอนแก่น", "5"] and not soup.find(style=True)
    assert soup.find("figcaption").text == "คำบรรยายภาพ" and soup.find("hr") and soup.find("br")
    assert soup.find("sub").text == "2" and soup.find("sup", id=True)  # footnote anchors keep their ids
    assert soup.find("code").text == "code"


def test_text_that_looks_like_markup_stays_text_and_controls_go():
    assert safe_html.clean_html("อายุ < 5 ปี & ผู้สูงอายุ > 60 ปี") == "อายุ &lt; 5 ปี &amp; ผู้สูงอายุ &gt; 60 ปี"
    assert safe_html.clean_html("a\x00b\x1bc\x85d\te") == "abcd\te"
    assert safe_html.clean_html("") == "" and safe_html.clean_html(None) == ""


def test_removed_markup_names_line_and_what():
    source = "ย่อหน้า\n<p onclick=\"x\">a</p>\n\n<script>alert(1)</script>\n<a href=\"java&#x09;script:1\">x</a>\n<img src=a.png alt=b>\n<!-- หมายเหตุ -->"
    found = [(r.line, r.kind, r.tag, r.detail) for r in safe_html.removed_markup(source)]
    assert found == [(2, "attribute", "p", "onclick"), (4, "tag", "script", ""), (5, "url", "a", "javascript:")]
    th, en = safe_html.removed_markup("<iframe srcdoc=x>")[0].describe()
    assert "<iframe>" in th and en == "the <iframe> tag"
