#include "api/portal_routes.h"

#include "api/finance_routes.h"
#include "api/form_body.h"
#include "api/page_html.h"
#include "api/pages.h"
#include "daemon/json_log.h"

namespace seteli::api {
namespace {

constexpr char kSessionCookie[] = "seteli_session";
constexpr char kSignInCookie[] = "seteli_sign_in";  // the sign-in form's CSRF token

std::string CookieHeader(const Request& r, const std::string& name, const std::string& value,
                         bool clear) {
  return name + "=" + value + "; Path=/portal; HttpOnly; SameSite=Strict" +
         (r.tls ? "; Secure" : "") + (clear ? "; Max-Age=0" : "");
}

Reply SignInPage(const Request& r, const std::string& problem, int status = 200) {
  const std::string token = RandomToken();
  std::string body =
      (problem.empty() ? "" : "<p class=\"error\" id=\"sign-in-error\">" + problem + "</p>") +
      "<form class=\"card\" method=\"post\" action=\"/portal/sign-in\">" + CsrfField(token) +
      "<label for=\"key\">" +
      FiEn("Palveluntuottajan tai talouden avain", "The provider's or finance's key") +
      "</label><input type=\"password\" id=\"key\" name=\"key\" autocomplete=\"current-password\">"
      "<button type=\"submit\" id=\"sign-in\">" +
      FiEn("Kirjaudu", "Sign in") + "</button></form><p class=\"note\">" +
      FiEn("Istunto päättyy, kun sitä ei ole käytetty vähään aikaan, ja kun kirjaudut ulos.",
           "The session ends after a while unused, and when you sign out.") +
      "</p>";
  Reply page = PageReply("Kirjaudu sisään", "Sign in", "", body, status);
  page.headers["Set-Cookie"] = CookieHeader(r, kSignInCookie, token, false);
  return page;
}

std::string Landing(const Principal& p) {
  return p.role == Role::kProvider ? "/portal/visits" : "/portal/finance/month";
}

Reply SignIn(ApiState& state, const Request& r, const std::map<std::string, std::string>& form) {
  auto csrf = form.find("csrf");
  if (csrf == form.end() || !SameToken(csrf->second, CookieValue(r.cookie, kSignInCookie))) {
    return SignInPage(
        r, FiEn("Lomake vanhentui. Kirjaudu uudelleen.", "The form expired. Sign in again."), 403);
  }
  auto key = form.find("key");
  std::optional<Principal> who =
      key == form.end() ? std::nullopt : state.auth.Identify("Bearer " + key->second);
  if (!who || who->role == Role::kOperator) {
    return SignInPage(r, FiEn("Avainta ei tunnistettu.", "The key was not recognised."), 401);
  }
  NewSession s = state.sessions.Start(*who);
  daemon::JsonLog::Info("signed in", {{"actor", who->Label()}});
  Reply reply = Redirect(Landing(*who));
  reply.headers["Set-Cookie"] = CookieHeader(r, kSessionCookie, s.id, false);
  reply.key = who->name;
  return reply;
}

Reply Forbidden(const std::optional<Session>& s, const std::string& fi, const std::string& en) {
  return PageReply("Ei sallittu", "Not allowed", s ? PortalNav(*s) : "",
                   "<p class=\"error\">" + FiEn(fi, en) + "</p>", 403);
}

Reply FinanceMonth(ApiState& state, const Request& r, const Session& s,
                   const std::map<std::string, std::string>& form) {
  if (!s.principal.may_read_all()) {
    return Forbidden(s, "Kuukausisivu on taloushallinnon.", "The month page is finance's.");
  }
  Request as = r;
  as.principal = s.principal;
  Reply page = GetMonthOverview(state, as, PageMonth(r, form), true, s.csrf);
  if (page.status != 200) return page;
  return FramedPage(std::move(page.body), s);
}

// A signed-in request: the session checked, a POST's CSRF token with it.
Reply SignedIn(ApiState& state, const Request& r, const Session& s,
               const std::map<std::string, std::string>& form) {
  if (r.method == "POST") {
    auto csrf = form.find("csrf");
    if (csrf == form.end() || !SameToken(csrf->second, s.csrf)) {
      return Forbidden(s, "Lomakkeen tarkiste puuttuu tai on väärä; lataa sivu uudelleen.",
                       "The form's check token is missing or wrong; reload the page.");
    }
  }
  if (r.path == "/portal" || r.path == "/portal/") return Redirect(Landing(s.principal));
  if (r.path == "/portal/sign-out" && r.method == "POST") {
    state.sessions.End(CookieValue(r.cookie, kSessionCookie));
    daemon::JsonLog::Info("signed out", {{"actor", s.principal.Label()}});
    Reply reply = Redirect("/portal/sign-in");
    reply.headers["Set-Cookie"] = CookieHeader(r, kSessionCookie, "", true);
    return reply;
  }
  if (r.path == "/portal/finance/month" && r.method == "GET")
    return FinanceMonth(state, r, s, form);
  if (r.path.rfind("/portal/finance/", 0) == 0) {
    if (!s.principal.may_read_all()) {
      return Forbidden(s, "Nämä sivut ovat taloushallinnon.", "These pages are finance's.");
    }
    if (auto page = RouteFinancePages(state, r, s, form)) return *page;
    if (auto page = RouteCreditPages(state, r, s, form)) return *page;
  }
  if (s.principal.role == Role::kProvider) {
    if (auto page = RouteProviderPages(state, r, s, form)) return *page;
  } else if (r.path.rfind("/portal/", 0) == 0 && r.path != "/portal/sign-in") {
    return Forbidden(s, "Nämä sivut ovat palveluntuottajan.", "These pages are the provider's.");
  }
  return PageReply("Sivua ei ole", "No such page", PortalNav(s), "", 404);
}

}  // namespace

std::optional<Reply> RoutePortal(ApiState& state, const Request& r) {
  if (r.path != "/portal" && r.path.rfind("/portal/", 0) != 0) return std::nullopt;
  if (r.method != "GET" && r.method != "POST") {
    return ErrorReply(405, "method_not_allowed", r.method + " is not allowed on " + r.path);
  }
  std::optional<Session> session;
  if (r.path != "/portal/sign-in") {
    // Before the body is looked at: without a session, nothing is read.
    session = state.sessions.Find(CookieValue(r.cookie, kSessionCookie));
    // A session lasts no longer than its key: revoked, expired or taken
    // out of the config, the key's sessions end with it.
    if (session && !state.auth.InForce(session->principal)) {
      state.sessions.End(CookieValue(r.cookie, kSessionCookie));
      daemon::JsonLog::Info("session ended: its key is no longer in force",
                            {{"actor", session->principal.Label()}});
      session.reset();
    }
    if (!session && r.method == "GET") return Redirect("/portal/sign-in");
    if (!session) {
      return Forbidden(std::nullopt, "Istunto on päättynyt. Kirjaudu uudelleen.",
                       "The session has ended. Sign in again.");
    }
  }
  std::map<std::string, std::string> form;
  if (r.method == "POST") {
    auto fields = FormFields(r.content_type, r.body);
    if (!fields.ok()) {
      return PageReply("Virheellinen lomake", "Bad form", "",
                       "<p class=\"error\">" + Html(fields.error().message) + "</p>", 400);
    }
    form = std::move(fields).value();
  }
  if (!session) return r.method == "POST" ? SignIn(state, r, form) : SignInPage(r, "");
  Reply reply = SignedIn(state, r, *session, form);
  reply.key = session->principal.name;
  return reply;
}

}  // namespace seteli::api
