#include "api/upload_progress.h"

#include <Poco/Base64Encoder.h>

#include <sstream>

#include "formats/sha256.h"

namespace seteli::api {
namespace {

// On the reply, the page keeps the bytes sent in data-upload-sent, so the
// browser test can tell the script (not the plain form) posted the file.
constexpr const char* kScript =
    "document.addEventListener('DOMContentLoaded',function(){"
    "var f=document.getElementById('upload');if(!f||!window.FormData)return;"
    "f.addEventListener('submit',function(e){"
    "e.preventDefault();"
    "var p=document.getElementById('upload-progress'),t=document.getElementById('upload-state'),"
    "sent=0,x=new XMLHttpRequest();"
    "p.hidden=false;"
    "x.upload.onprogress=function(ev){if(!ev.lengthComputable)return;sent=ev.loaded;"
    "p.max=ev.total;p.value=ev.loaded;"
    "t.textContent=Math.floor(100*ev.loaded/ev.total)+' % l\\u00e4hetetty / sent';};"
    "x.upload.onload=function(){p.removeAttribute('value');"
    "t.textContent='Tarkistetaan rivej\\u00e4\\u2026 / Checking the lines\\u2026';};"
    "x.onload=function(){var d=x.response;if(!d||!d.documentElement){location.reload();return;}"
    "d.documentElement.dataset.uploadSent=String(sent);"
    "document.replaceChild(document.importNode(d.documentElement,true),document.documentElement);};"
    "x.onerror=function(){t.textContent='L\\u00e4hetys ep\\u00e4onnistui: yrit\\u00e4 uudelleen. "
    "/ The upload failed: try again.';};"
    "x.responseType='document';x.open('POST',f.action);x.send(new FormData(f));"
    "});});";

std::string HexToBytes(const std::string& hex) {
  std::string bytes;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
  }
  return bytes;
}

std::string Base64(const std::string& bytes) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder << bytes;
  encoder.close();
  return out.str();
}

}  // namespace

std::string UploadProgressScript() { return std::string("<script>") + kScript + "</script>"; }

const std::string& UploadProgressScriptSource() {
  static const std::string source =
      "'sha256-" + Base64(HexToBytes(formats::Sha256Hex(kScript))) + "'";
  return source;
}

}  // namespace seteli::api
