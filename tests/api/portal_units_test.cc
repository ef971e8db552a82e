// The pieces under the signed-in pages that need no daemon: page sessions
// (api/sessions.h) and form bodies and cookies (api/form_body.h).
#include <gtest/gtest.h>

#include <thread>

#include "api/form_body.h"
#include "api/sessions.h"

namespace seteli::api {
namespace {

Principal Kuusi() { return Principal{Role::kProvider, "2345678-0", "kuusi"}; }

TEST(SessionStore, FindsASessionByItsIdOnly) {
  SessionStore sessions(std::chrono::seconds(60));
  NewSession s = sessions.Start(Kuusi());
  EXPECT_EQ(s.id.size(), 64u);
  EXPECT_EQ(s.session.csrf.size(), 64u);
  EXPECT_NE(s.id, s.session.csrf);
  auto found = sessions.Find(s.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->principal.business_id, "2345678-0");
  EXPECT_EQ(found->csrf, s.session.csrf);
  EXPECT_FALSE(sessions.Find(""));
  EXPECT_FALSE(sessions.Find(s.session.csrf));
  EXPECT_FALSE(sessions.Find(TokenHash(s.id)));  // what is kept opens nothing
  EXPECT_NE(sessions.Start(Kuusi()).id, s.id);
}

TEST(SessionStore, EndsOnSignOutAndWhenIdle) {
  SessionStore sessions(std::chrono::seconds(1));
  NewSession a = sessions.Start(Kuusi()), b = sessions.Start(Kuusi());
  sessions.End(a.id);
  EXPECT_FALSE(sessions.Find(a.id));
  EXPECT_TRUE(sessions.Find(b.id));
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));
  EXPECT_FALSE(sessions.Find(b.id));
}

TEST(SameToken, ComparesWholeNonEmptyTokens) {
  EXPECT_TRUE(SameToken("abc", "abc"));
  EXPECT_FALSE(SameToken("abc", "abd"));
  EXPECT_FALSE(SameToken("abc", "ab"));
  EXPECT_FALSE(SameToken("", ""));
}

TEST(FormFields, ReadsUrlEncodedForms) {
  auto f =
      FormFields("application/x-www-form-urlencoded", "csrf=ab&key=a%2Bb+c&empty=&csrf=second");
  ASSERT_TRUE(f.ok());
  EXPECT_EQ(f.value().at("csrf"), "ab");  // the first of a field given twice
  EXPECT_EQ(f.value().at("key"), "a+b c");
  EXPECT_EQ(f.value().at("empty"), "");
}

TEST(FormFields, ReadsAFileFromMultipart) {
  const std::string file =
      "\xEF\xBB\xBF"
      "event_id;provider\r\nE-1;2345678-0\r\n";
  const std::string body =
      "--XyZ\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\ntok\r\n"
      "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"k.csv\"\r\n"
      "Content-Type: text/csv\r\n\r\n" +
      file + "\r\n--XyZ--\r\n";
  auto f = FormFields("multipart/form-data; boundary=XyZ", body);
  ASSERT_TRUE(f.ok()) << f.error().message;
  EXPECT_EQ(f.value().at("csrf"), "tok");
  EXPECT_EQ(f.value().at("file"), file);
}

TEST(FormFields, RefusesWhatIsNoForm) {
  EXPECT_EQ(FormFields("application/json", "{}").error().code, "bad_form");
  EXPECT_EQ(FormFields("multipart/form-data", "--x\r\n").error().code, "bad_form");
  EXPECT_EQ(FormFields("multipart/form-data; boundary=x",
                       "--x\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\ncut")
                .error()
                .code,
            "bad_form");
}

TEST(CookieValue, FindsOneCookieAmongOthers) {
  EXPECT_EQ(CookieValue("a=1; seteli_session=abc; b=2", "seteli_session"), "abc");
  EXPECT_EQ(CookieValue("xseteli_session=abc", "seteli_session"), "");
  EXPECT_EQ(CookieValue("", "seteli_session"), "");
}

}  // namespace
}  // namespace seteli::api
