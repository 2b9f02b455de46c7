"""Web pages in the shapes real news and opinion sites use, written for the tests (all invented;
no third-party page is copied): JSON-LD NewsArticle and OpinionNewsArticle, Open Graph,
`<meta name="author">`, bylines in markup, `<time datetime>`, cookie and paywall banners,
comment sections, related-article lists, and hostile markup (script, style, iframe, handlers,
javascript: links)."""

from __future__ import annotations

OPINION_PARAGRAPHS = (
    "Every winter the sea takes a little more of the old harbour wall, and every spring the council "
    "promises to look at it again. This year the promises have run out of wall to cover.",
    "The engineers' report delivered in January is plain: the eastern section could fail in a single "
    "strong storm. The cost of repair is known, the contractors are ready, and the money sits in a reserve "
    "fund that nobody wants to touch.",
    "Those who argue for waiting say that a regional grant may arrive next year. Perhaps it will. But the "
    "storms of 2022 showed what happens to towns that wait: the water does not read grant applications.",
    "There is a better way. Spend the reserve now, apply for the grant anyway, and refill the fund if it "
    "comes. <Read more> about the fund & its rules.",
    "The harbour built this town. It will not wait for us to make up our minds.",
)

# Open Graph, article:published_time, <meta name="author">, JSON-LD OpinionNewsArticle, a byline
# and <time> in the article, a cookie banner, a paywall prompt, an ad frame, a photo caption,
# related articles, readers' comments, and markup that must never reach the site.
OPINION_PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>The Harbour Will Not Wait | Opinion | The Northfield Courier</title>
<meta name="description" content="Why the town must fund the sea wall before the next winter storms.">
<meta name="author" content="Marta Kowalczyk">
<meta property="og:type" content="article">
<meta property="og:title" content="The Harbour Will Not Wait">
<meta property="og:site_name" content="The Northfield Courier">
<meta property="og:url" content="https://www.northfield-courier.example/opinion/harbour-will-not-wait">
<meta property="article:published_time" content="2023-03-14T07:30:00+00:00">
<meta property="article:modified_time" content="2023-03-15T10:00:00+00:00">
<link rel="canonical" href="https://www.northfield-courier.example/opinion/harbour-will-not-wait">
<script type="application/ld+json">
{"@context":"https://schema.org","@type":"OpinionNewsArticle","headline":"The Harbour Will Not Wait",
 "datePublished":"2023-03-14T07:30:00+00:00","dateModified":"2023-03-15T10:00:00+00:00",
 "author":[{"@type":"Person","name":"Marta Kowalczyk"}],
 "publisher":{"@type":"Organization","name":"The Northfield Courier"}}
</script>
<style>body{font-family:serif} .paywall{display:none} p::after{content:"STYLE-LEAK"}</style>
<script>window.dataLayer=[];function track(){alert('SCRIPT-LEAK')}</script>
</head>
<body onload="track()">
<div id="cookie-banner" class="cookie-consent">We use cookies to improve your experience.
<button onclick="alert('COOKIE-LEAK')">Accept all</button> <a href="/privacy">Privacy policy</a></div>
<header><nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li>
<li><a href="/opinion">Opinion</a></li><li><a href="/sport">Sport</a></li></ul></nav></header>
<main>
<article>
<div class="kicker">Opinion</div>
<h1>The Harbour Will Not Wait</h1>
<p class="byline">By <a rel="author" href="/authors/marta-kowalczyk">Marta Kowalczyk</a></p>
<time datetime="2023-03-14T07:30:00+00:00">March 14, 2023</time>
<figure><img src="wall.jpg" alt="The old sea wall" onerror="alert('IMG-LEAK')">
<figcaption>The old sea wall in February. Photo: Courier staff</figcaption></figure>
<div class="article-body">
<p>{p0}</p>
<p>{p1}</p>
<div class="paywall-banner">Subscribe to keep reading. Only $1 for your first month.</div>
<p>{p2}</p>
<iframe src="https://ads.example/frame" title="advertisement"></iframe>
<p>{p3_before}<a href="javascript:alert('LINK-LEAK')">{p3_link}</a>{p3_after}</p>
<p>{p4}</p>
</div>
</article>
<aside class="related"><h2>Related articles</h2><ul>
<li><a href="/a">Council delays vote on budget</a></li>
<li><a href="/b">Storm damage in pictures</a></li>
<li><a href="/c">Letters: the harbour debate</a></li></ul></aside>
<section id="comments" class="comments"><h2>Comments (2)</h2>
<div class="comment"><p class="comment-author">harbourfan88</p>
<p>Great piece, COMMENT-LEAK agree with every word!</p></div>
<div class="comment"><p class="comment-author">skeptic</p>
<p>Who pays when the grant never comes? Not the author.</p></div>
</section>
</main>
<footer><p>© 2023 The Northfield Courier. All rights reserved.</p><a href="/terms">Terms</a></footer>
<script src="https://tracker.example/t.js"></script>
</body>
</html>
"""


def _escaped(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def opinion_page() -> str:
    p3 = OPINION_PARAGRAPHS[3]
    before, rest = p3.split("<Read more>")
    return (
        OPINION_PAGE.replace("{p0}", _escaped(OPINION_PARAGRAPHS[0]))
        .replace("{p1}", _escaped(OPINION_PARAGRAPHS[1]))
        .replace("{p2}", _escaped(OPINION_PARAGRAPHS[2]))
        .replace("{p3_before}", _escaped(before))
        .replace("{p3_link}", _escaped("<Read more>"))
        .replace("{p3_after}", _escaped(rest))
        .replace("{p4}", _escaped(OPINION_PARAGRAPHS[4]))
    )


NEWS_PARAGRAPHS = (
    "The regional rail authority approved on Tuesday a plan to reopen the line between Easton and "
    "Millbrook, closed to passengers since 1967, after a decade of petitions from both towns.",
    "Trains are expected to run every hour from the spring of 2026, the authority said, at a cost it put "
    "at 84 million, most of it for new signalling and two rebuilt stations.",
    "Opponents on the council argued that buses would serve the same riders for a fraction of the price. "
    "The vote was seven to four.",
    "Construction is to begin in the autumn, once the last land purchases near Millbrook are complete.",
)

# A news site that states its metadata only in JSON-LD (@graph, a NewsArticle with two authors, a
# publisher) and in <time datetime>: no Open Graph, no <meta name="author">; a subscription wall
# and a newsletter box inside the article, a "Most read" list after it.
NEWS_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<title>Rail line to Millbrook will reopen after 58 years - Valley Ledger</title>
<script type="application/ld+json">
{{"@context":"https://schema.org","@graph":[
  {{"@type":"WebSite","name":"Valley Ledger","url":"https://valleyledger.example/"}},
  {{"@type":"NewsArticle","headline":"Rail line to Millbrook will reopen after 58 years",
   "datePublished":"2025-05-06T16:05:00-04:00",
   "author":[{{"@type":"Person","name":"Priya Raman"}},{{"@type":"Person","name":"Tomás Ferreira"}}],
   "publisher":{{"@type":"Organization","name":"Valley Ledger"}}}}]}}
</script>
<link rel="canonical" href="https://valleyledger.example/news/rail-line-millbrook">
</head><body>
<div class="site-header"><a class="logo" href="/">Valley Ledger</a>
<ul class="menu"><li><a href="/news">News</a></li><li><a href="/business">Business</a></li></ul></div>
<div class="paywall" id="piano">You have 2 free articles left this month. <a href="/subscribe">Subscribe</a></div>
<article class="story">
<h1 class="headline">Rail line to Millbrook will reopen after 58 years</h1>
<div class="meta"><span class="author">By Priya Raman and Tomás Ferreira</span>
<time datetime="2025-05-06T16:05:00-04:00">May 6, 2025</time></div>
<div class="story-body">
<p>{p0}</p>
<p>{p1}</p>
<div class="newsletter-signup">Get the morning briefing in your inbox.
<input type="email"> <button>Sign up</button></div>
<p>{p2}</p>
<p>{p3}</p>
</div></article>
<div class="most-read"><h3>Most read</h3><ol><li><a href="/1">Flood warnings lifted</a></li>
<li><a href="/2">New mayor sworn in</a></li></ol></div>
<footer>Valley Ledger · Contact · Advertise</footer>
</body></html>
"""


def news_page() -> str:
    return NEWS_PAGE.format(**{f"p{i}": _escaped(p) for i, p in enumerate(NEWS_PARAGRAPHS)})


BARE_PARAGRAPHS = (
    "Nobody remembers who first planted the lime trees along the canal, but everybody notices when one "
    "of them is cut down without a word of warning to the street.",
    "The parks department says the trees were diseased. Perhaps they were. A notice on the lamp posts a "
    "week earlier would have cost nothing and spared the neighbours a shock.",
    "Trees belong to the street as much as to the department. Next time, tell us first.",
)

# A small blog: no metadata at all beyond <title>, no date anywhere, no author: nothing may be
# invented (unknown date, no author, with the usual warnings).
BARE_PAGE = """<html><head><title>Tell Us Before You Cut</title></head><body>
<div id="sidebar"><h3>Archives</h3><ul><li><a href="/2019">2019</a></li></ul></div>
<div class="post"><h2>Tell Us Before You Cut</h2>
<p>{p0}</p><p>{p1}</p><p>{p2}</p></div>
<div class="comments"><h3>3 comments</h3><p>Anonymous said: hear hear</p></div>
</body></html>
"""


def bare_page() -> str:
    return BARE_PAGE.format(**{f"p{i}": _escaped(p) for i, p in enumerate(BARE_PARAGRAPHS)})
