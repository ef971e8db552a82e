// A signed-in provider's keys (docs/providers.md, "Keys"), under /portal:
//
//   GET  /portal/keys          my keys: name, created, expires, last used, revoked
//   POST /portal/keys          name=, days=: a new key, its value shown this once
//   POST /portal/keys/revoke   key_id=: revokes one of my keys
//
// Only the session's own business ID's keys are listed or revoked.
#include <charconv>

#include "api/form_body.h"
#include "api/key_issuer.h"
#include "api/page_html.h"
#include "api/pages.h"
#include "books/overview_page.h"

namespace seteli::api {
namespace {

std::string When(const std::string& utc) {
  return utc.empty() ? "–" : Html(books::HelsinkiTime(utc));
}

std::string CreateForm(const Session& s) {
  return "<form class=\"card\" method=\"post\" action=\"/portal/keys\">" + CsrfField(s.csrf) +
         "<label for=\"name\">" + FiEn("Avaimen nimi", "The key's name") +
         "</label><input type=\"text\" id=\"name\" name=\"name\" maxlength=\"64\" required>"
         "<label for=\"days\">" +
         FiEn("Voimassa päivää (enintään 365)", "Valid for days (at most 365)") +
         "</label><input type=\"number\" id=\"days\" name=\"days\" min=\"1\" max=\"365\" "
         "value=\"365\" required><button type=\"submit\" id=\"create-key\">" +
         FiEn("Luo avain", "Create key") + "</button></form>";
}

enum class KeyState { kActive, kExpired, kRevoked };

KeyState StateOf(const store::ProviderKey& k, const std::string& now) {
  if (!k.revoked_at.empty()) return KeyState::kRevoked;
  return k.expires_at <= now ? KeyState::kExpired : KeyState::kActive;
}

// The state in words; an active key with its revoke form.
std::string StateCell(const Session& s, const store::ProviderKey& k, KeyState state) {
  if (state == KeyState::kRevoked) {
    return "<span class=\"rejected\">" + FiEn("Peruttu", "Revoked") + " " + When(k.revoked_at) +
           "</span>";
  }
  if (state == KeyState::kExpired) {
    return "<span class=\"rejected\">" + FiEn("Vanhentunut", "Expired") + "</span>";
  }
  return "<span class=\"accepted\">" + FiEn("Voimassa", "In force") +
         "</span><form method=\"post\" action=\"/portal/keys/revoke\">" + CsrfField(s.csrf) +
         "<input type=\"hidden\" name=\"key_id\" value=\"" + Html(k.key_id) +
         "\"><button type=\"submit\" class=\"revoke\">" + FiEn("Peru", "Revoke") +
         "</button></form>";
}

std::string KeyRow(const Session& s, const store::ProviderKey& k, const std::string& now) {
  static const char* kStateNames[] = {"active", "expired", "revoked"};
  const KeyState state = StateOf(k, now);
  return "<tr data-key=\"" + Html(k.key_id) + "\" data-name=\"" + Html(k.name) +
         "\" data-state=\"" + kStateNames[static_cast<int>(state)] + "\"><td>" + Html(k.name) +
         "</td><td>" + When(k.created_at) + "</td><td>" + When(k.expires_at) +
         "</td><td class=\"last-used\">" + When(k.last_used_at) + "</td><td>" +
         StateCell(s, k, state) + "</td></tr>\n";
}

// The provider's keys under `before` (a new key's value, or a refusal).
Reply KeysPage(ApiState& state, const Session& s, const std::string& before, int status = 200) {
  auto keys = state.store->ListProviderKeys(s.principal.business_id);
  if (!keys.ok()) {
    return PageReply("Avaimet", "Keys", PortalNav(s),
                     "<p class=\"error\">" + Html(keys.error().message) + "</p>", 503);
  }
  const std::string now = state.store->clock().UtcText();
  std::string rows;
  for (const store::ProviderKey& k : keys.value()) rows += KeyRow(s, k, now);
  std::string list =
      TableOrNone("keys",
                  {FiEn("Nimi", "Name"), FiEn("Luotu", "Created"), FiEn("Voimassa asti", "Expires"),
                   FiEn("Viimeksi käytetty", "Last used"), FiEn("Tila", "State")},
                  rows, FiEn("Ei sivuilla luotuja avaimia.", "No keys created on these pages."));
  std::string note = "<p class=\"note\">" +
                     FiEn(
                         "Avaimella ohjelmat lähettävät käyntejä rajapintaan (Authorization: "
                         "Bearer). Luo uusi avain ennen kuin vanha vanhenee, vaihda se "
                         "ohjelmaan ja peru vanha.",
                         "Programs send visits to the API with a key (Authorization: Bearer). "
                         "Create a new key before the old one expires, put it in the program "
                         "and revoke the old one.") +
                     "</p>";
  return PageReply("Avaimet", "Keys", PortalNav(s), before + note + list + CreateForm(s), status);
}

Reply PostCreate(ApiState& state, const Session& s, const std::map<std::string, std::string>& f) {
  // Anything but a whole number is no number of days (refused as 0).
  const std::string text = FormField(f, "days");
  int days = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), days);
  if (ec != std::errc() || end != text.data() + text.size()) days = 0;
  auto issued = IssueProviderKey(state, s.principal, FormField(f, "name"), days);
  if (!issued.ok()) {
    return KeysPage(state, s,
                    "<p class=\"error\" id=\"key-error\"><code>" + Html(issued.error().code) +
                        "</code> " + Html(issued.error().message) + "</p>",
                    issued.error().kind == ErrorKind::kInvalid ? 422 : 503);
  }
  return KeysPage(state, s,
                  "<div class=\"card\" id=\"new-key-card\"><p>" +
                      FiEn("Uusi avain " + Html(issued.value().key.name) +
                               ". Kopioi se nyt: sitä ei näytetä uudelleen.",
                           "The new key " + Html(issued.value().key.name) +
                               ". Copy it now: it is not shown again.") +
                      "</p><p><code id=\"new-key\">" + Html(issued.value().value) +
                      "</code></p></div>");
}

Reply PostRevoke(ApiState& state, const Session& s, const std::map<std::string, std::string>& f) {
  auto revoked = RevokeProviderKey(state, s.principal, FormField(f, "key_id"));
  if (!revoked.ok()) {
    const bool missing = revoked.error().kind == ErrorKind::kNotFound;
    return KeysPage(
        state, s,
        "<p class=\"error\" id=\"key-error\">" +
            (missing ? FiEn("Avainta ei ole.", "No such key.") : Html(revoked.error().message)) +
            "</p>",
        missing ? 404 : 503);
  }
  return Redirect("/portal/keys");
}

}  // namespace

std::optional<Reply> RouteKeyPages(ApiState& state, const Request& r, const Session& s,
                                   const std::map<std::string, std::string>& form) {
  if (r.path == "/portal/keys" && r.method == "GET") return KeysPage(state, s, "");
  if (r.path == "/portal/keys" && r.method == "POST") return PostCreate(state, s, form);
  if (r.path == "/portal/keys/revoke" && r.method == "POST") return PostRevoke(state, s, form);
  return std::nullopt;
}

}  // namespace seteli::api
