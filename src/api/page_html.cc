#include "api/page_html.h"

#include "api/pages.h"
#include "api/upload_progress.h"
#include "books/overview_page.h"

namespace seteli::api {
namespace {

constexpr char kStyle[] = R"(<style>
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:0;color:#1d2733;background:#fff;line-height:1.4}
main{max-width:72rem;margin:0 auto;padding:1rem}
h1{font-size:1.4rem;margin:.5rem 0}h2{font-size:1.1rem;margin-top:1.6rem;border-bottom:1px solid #d5dbe3}
.en{color:#5b6b7d;font-weight:normal;font-size:.85em}
.scroll{overflow-x:auto}
table{border-collapse:collapse;margin:.5rem 0;font-size:.9rem;min-width:100%}
th,td{border:1px solid #d5dbe3;padding:.3rem .5rem;text-align:left;vertical-align:top}
th{background:#eef2f7}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
form.card{border:1px solid #d5dbe3;border-radius:6px;padding:.8rem 1rem;margin:.8rem 0;max-width:40rem}
label{display:block;margin:.4rem 0 .1rem}input,select{font-size:1rem;padding:.3rem;max-width:100%;box-sizing:border-box}
input[type=text],input[type=password]{width:100%}
button{font-size:1rem;padding:.4rem 1rem;margin-top:.6rem}
.accepted{color:#1b7f3b}.duplicate{color:#6b5b00}.rejected{color:#b3261e;font-weight:bold}
.note{background:#f6f8fb;border-left:4px solid #1d3a5c;padding:.5rem .8rem}
.error{background:#fdecea;border-left:4px solid #b3261e;padding:.5rem .8rem}
</style>)";

// The navigation bar's own rules, also put before it in a page drawn
// elsewhere (the statement, the month overview).
constexpr char kNavStyle[] = R"(<style>
nav{background:#1d3a5c;padding:.5rem 1rem;display:flex;flex-wrap:wrap;gap:.4rem 1.2rem;align-items:center}
nav a{color:#fff;text-decoration:none}nav a:hover{text-decoration:underline}
nav form{margin:0 0 0 auto}nav button{background:none;border:1px solid #fff;color:#fff;border-radius:4px;padding:.2rem .6rem}
nav .en{color:#c9d4e0}
</style>)";

// A page's reply with its headers: the policy of every reply
// (api/http_server.cc), but the forms may post to this origin and the
// upload's progress script (that one, by its hash) may run; never cached.
Reply PageHeaders(std::string html, int status) {
  Reply r;
  r.status = status;
  r.content_type = "text/html; charset=utf-8";
  r.route = "pages";
  r.body = std::move(html);
  r.headers["Content-Security-Policy"] =
      "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
      "form-action 'self'; frame-ancestors 'none'; connect-src 'self'; script-src " +
      UploadProgressScriptSource();
  r.headers["Cache-Control"] = "no-store";
  r.headers["Referrer-Policy"] = "same-origin";
  return r;
}

}  // namespace

std::string Html(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

std::string FiEn(const std::string& fi, const std::string& en) {
  return Html(fi) + " <span class=\"en\">" + Html(en) + "</span>";
}

std::string TableOrNone(const std::string& id, const std::vector<std::string>& headings,
                        const std::string& rows, const std::string& none) {
  if (rows.empty()) return "<p id=\"no-" + id + "\">" + none + "</p>";
  std::string html = "<div class=\"scroll\"><table id=\"" + id + "\"><tr>";
  for (const std::string& h : headings) html += "<th>" + h + "</th>";
  return html + "</tr>\n" + rows + "</table></div>";
}

std::string CsrfField(const std::string& csrf) {
  return "<input type=\"hidden\" name=\"csrf\" value=\"" + Html(csrf) + "\">";
}

std::string Amount(Money m) { return books::FinnishAmount(m); }

Reply FramedPage(std::string document, const Session& session, int status) {
  size_t body = document.find("<body");
  if (body != std::string::npos) {
    document.insert(document.find('>', body) + 1, kNavStyle + PortalNav(session));
  }
  return PageHeaders(std::move(document), status);
}

Reply PageReply(const std::string& title_fi, const std::string& title_en, const std::string& nav,
                const std::string& body, int status) {
  return PageHeaders(
      "<!DOCTYPE html>\n<html lang=\"fi\"><head><meta charset=\"utf-8\">"
      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>" +
          Html(title_fi) + " | seteli</title>" + kStyle + kNavStyle + "</head>\n<body>" + nav +
          "<main><h1>" + FiEn(title_fi, title_en) + "</h1>\n" + body + "</main></body></html>\n",
      status);
}

Reply Redirect(const std::string& location) {
  Reply r;
  r.status = 303;
  r.content_type = "text/plain; charset=utf-8";
  r.route = "pages";
  r.body = "See " + location + "\n";
  r.headers["Location"] = location;
  r.headers["Cache-Control"] = "no-store";
  return r;
}

}  // namespace seteli::api
