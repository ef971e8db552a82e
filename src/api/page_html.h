// The frame of the signed-in pages (docs/providers.md): one self-contained
// HTML document each, Finnish first with English beside in grey, inline
// CSS that reads on a phone and at 1280 px, nothing fetched from
// elsewhere, no script but the upload's progress (api/upload_progress.h);
// every form carries the session's CSRF token.
//
//   Reply r = PageReply("Kirjaa käynnit", "Record visits", nav, body);
#ifndef SETELI_API_PAGE_HTML_H_
#define SETELI_API_PAGE_HTML_H_

#include <string>
#include <vector>

#include "api/http_reply.h"
#include "api/sessions.h"
#include "seteli/money.h"

namespace seteli::api {

// `s` as HTML text or attribute value.
std::string Html(const std::string& s);
// "Suomeksi <span class=en>In English</span>".
std::string FiEn(const std::string& fi, const std::string& en);
// A list's rows ("<tr>...</tr>\n" each) in a scrolling table of id `id`
// under a header row of `headings`; when there are none, a paragraph of id
// "no-`id`" saying `none`.
std::string TableOrNone(const std::string& id, const std::vector<std::string>& headings,
                        const std::string& rows, const std::string& none);
// A hidden field with the CSRF token, for every form.
std::string CsrfField(const std::string& csrf);
// "1 234,50" (U+00A0 between thousands), as the month page writes amounts.
std::string Amount(Money m);

// A whole page: the title, the navigation (`nav`, may be empty) and `body`.
// Sent with a Content-Security-Policy that lets its forms post here and
// nothing load from anywhere, and never cached.
Reply PageReply(const std::string& title_fi, const std::string& title_en, const std::string& nav,
                const std::string& body, int status = 200);
// A whole document drawn elsewhere (the statement, the month overview) with
// the session's navigation bar put at the top of its body, and the same
// headers as PageReply.
Reply FramedPage(std::string document, const Session& session, int status = 200);
// 303 See Other to `location` (after a POST: reloading does not resend).
Reply Redirect(const std::string& location);

}  // namespace seteli::api

#endif  // SETELI_API_PAGE_HTML_H_
