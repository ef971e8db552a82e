// What a browser sends with a page's form: the fields of an
// application/x-www-form-urlencoded or multipart/form-data body (a file
// upload), and one cookie from the Cookie header.
//
//   std::map<std::string, std::string> f = FormFields(r.content_type, r.body).value();
//   std::string csv = f["file"];  // a file field's content
#ifndef SETELI_API_FORM_BODY_H_
#define SETELI_API_FORM_BODY_H_

#include <map>
#include <string>

#include "seteli/status.h"

namespace seteli::api {

// Field name -> value (a file field: the file's bytes). A field given
// twice keeps its first value. Errors: bad_form (another content type, a
// multipart body without its boundary or with a part cut short).
Result<std::map<std::string, std::string>> FormFields(const std::string& content_type,
                                                      const std::string& body);

// The field `key` of parsed `form` fields; empty when absent.
std::string FormField(const std::map<std::string, std::string>& form, const std::string& key);

// The value of cookie `name` in a Cookie header; empty when absent.
std::string CookieValue(const std::string& header, const std::string& name);

}  // namespace seteli::api

#endif  // SETELI_API_FORM_BODY_H_
