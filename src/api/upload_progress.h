// The one script of the signed-in pages: the visit file's upload shows its
// progress (bytes sent, then "checking the lines") instead of a page that
// seems to hang while a large file goes up and its lines are judged. It
// posts the same form with XMLHttpRequest and puts the reply page in place
// of this one; without scripts the form posts as before.
//
// The pages' Content-Security-Policy allows this script by its SHA-256 and
// no other, and lets it post to this origin only.
//
//   html += UploadProgressScript();         // on the page with the form
//   policy += UploadProgressScriptSource();  // "'sha256-...'"
#ifndef SETELI_API_UPLOAD_PROGRESS_H_
#define SETELI_API_UPLOAD_PROGRESS_H_

#include <string>

namespace seteli::api {

// "<script>...</script>": for the form with id "upload", its <progress
// id="upload-progress"> and <span id="upload-state">.
std::string UploadProgressScript();
// The script's CSP source expression: "'sha256-BASE64'".
const std::string& UploadProgressScriptSource();

}  // namespace seteli::api

#endif  // SETELI_API_UPLOAD_PROGRESS_H_
