// The upload's progress script runs under the pages' policy only because
// the policy names its hash: a script edited without the hash following
// would be blocked by the browser, silently.
#include "api/upload_progress.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/sha.h>

#include "api/page_html.h"

namespace seteli::api {
namespace {

std::string ScriptBody(const std::string& tag) {
  const std::string open = "<script>", close = "</script>";
  EXPECT_EQ(tag.rfind(open, 0), 0u);
  EXPECT_EQ(tag.substr(tag.size() - close.size()), close);
  return tag.substr(open.size(), tag.size() - open.size() - close.size());
}

std::string Sha256Base64(const std::string& text) {
  unsigned char digest[SHA256_DIGEST_LENGTH];
  SHA256(reinterpret_cast<const unsigned char*>(text.data()), text.size(), digest);
  unsigned char b64[64] = {};
  EVP_EncodeBlock(b64, digest, SHA256_DIGEST_LENGTH);
  return reinterpret_cast<char*>(b64);
}

TEST(UploadProgress, ThePagesPolicyAllowsTheScriptByItsHashAndNothingElse) {
  const std::string body = ScriptBody(UploadProgressScript());
  EXPECT_EQ(UploadProgressScriptSource(), "'sha256-" + Sha256Base64(body) + "'");
  Reply page = PageReply("Otsikko", "Title", "", "<p>x</p>");
  const std::string policy = page.headers["Content-Security-Policy"];
  EXPECT_NE(policy.find("script-src " + UploadProgressScriptSource()), std::string::npos) << policy;
  EXPECT_EQ(policy.find("unsafe-inline'; script"), std::string::npos);
  EXPECT_EQ(policy.find("'unsafe-eval'"), std::string::npos);
  EXPECT_NE(policy.find("connect-src 'self'"), std::string::npos);
}

}  // namespace
}  // namespace seteli::api
